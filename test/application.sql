-- Applications and their approval chains (PR-1, PR-2, PR-3, PR-5): only
-- the eligible apply, each signature comes from the role the chain names,
-- held over the applicant's department, in order; the last signature
-- changes grade and pay in the same transaction, and the history is kept.
BEGIN;
SELECT plan(37);
SET LOCAL client_min_messages = warning;

SELECT cs_policy.create_department('C', 'Center', 'center');
SELECT cs_policy.create_department(p, 'project ' || p, 'project', 'C') FROM unnest('{SRV,OTH}'::text[]) AS p;
SELECT cs_policy.create_department('SRV-T', 'service team', 'team', 'SRV');
SELECT cs_policy.hire_employee(c, c, d, r::cs_policy.staff_role, h, 5000, grade => g, probation_ends => pe)
  FROM (VALUES ('D1', 'C', 'director', date '2020-01-01', NULL, NULL::date), ('H1', 'C', 'hr', '2020-01-01', NULL, NULL),
               ('M1', 'SRV', 'manager', '2020-01-01', NULL, NULL), ('DM1', 'SRV', 'deputy_manager', '2020-01-01', NULL, NULL),
               ('S1', 'SRV', 'supervisor', '2020-01-01', NULL, NULL), ('S9', 'OTH', 'supervisor', '2020-01-01', NULL, NULL),
               ('M9', 'OTH', 'manager', '2020-01-01', NULL, NULL), ('OM1', 'C', 'manager', '2020-01-01', NULL, NULL),
               ('L1', 'SRV-T', 'team_lead', '2020-01-01', NULL, NULL),
               ('V1', 'SRV-T', 'agent', '2024-01-01', 'junior', NULL), ('V2', 'SRV-T', 'agent', '2024-01-01', 'junior', NULL),
               ('V3', 'SRV-T', 'agent', '2020-01-01', 'senior', NULL),
               ('N1', 'SRV-T', 'agent', current_date - 40, 'probation', current_date + 50),
               ('N2', 'SRV-T', 'agent', current_date - 90, 'probation', current_date))
       AS x(c, d, r, h, g, pe);
SELECT cs_policy.set_department_manager('SRV-T', 'L1');
SELECT cs_policy.set_policy('service ladder', 'promotion', 'service_ladder_2023', 'C', '2020-01-01');
CREATE FUNCTION pg_temp.id(code text) RETURNS bigint LANGUAGE sql AS $$ SELECT employee_id FROM cs_policy.employee WHERE code = $1 $$;
-- V1: top of the team in the reviews of the last 3 months and graded A last quarter; V2 never A.
SELECT cs_policy.record_performance(a, (date_trunc('month', current_date) - n * interval '1 month')::date, 80, 0, 0, 0, s,
                                    acting_as => 'S1')
  FROM (VALUES ('V1', 95), ('V2', 60)) AS x(a, s), generate_series(1, 3) AS n;
SELECT cs_policy.record_quarter_grade('V1', (date_trunc('quarter', current_date) - interval '3 months')::date, 'A', acting_as => 'S1');
-- PR-2: the team's anonymous peer ranking of last quarter, as the auditor
-- would find its ballots: V1 first twice (6 points), V2 second once (2).
INSERT INTO cs_policy.peer_ballot (department_id, quarter, ranking)
SELECT d.department_id, date_trunc('quarter', current_date) - interval '3 months', b
  FROM cs_policy.department d, (VALUES (ARRAY[pg_temp.id('V1'), pg_temp.id('V2')]), (ARRAY[pg_temp.id('V1')])) AS x(b)
 WHERE d.code = 'SRV-T';
-- V3, senior, has what reserve supervisor takes: three "excellent agent"
-- titles, the top review of the team for 12 months, three quarterly A.
SELECT cs_policy.record_performance('V3', (date_trunc('month', current_date) - n * interval '1 month')::date, 80, 0, 0, 0, 95,
                                    acting_as => 'S1')
  FROM generate_series(1, 12) AS n;
SELECT cs_policy.record_quarter_grade('V3', (date_trunc('quarter', date_trunc('month', current_date)) - n * interval '3 months')::date, 'A',
                                      acting_as => 'S1')
  FROM generate_series(1, 3) AS n;
SELECT cs_policy.award_title('V3', 'excellent agent', d, acting_as => 'S1') FROM unnest('{2021-12-20,2022-12-20,2023-12-20}'::date[]) AS d;

-- PR-2: middle is on the department head's recommendation.
SELECT throws_ok($$ SELECT cs_policy.file_promotion_application('V1', 'best reviews', acting_as => 'V1') $$,
                 '42501', 'promotion to middle is on the department head''s recommendation',
                 'PR-2: a junior does not apply for middle: the head of the department recommends');
-- PR-1: only the eligible apply.
SELECT throws_ok($$ SELECT cs_policy.file_promotion_application('V2', 'steady work', acting_as => 'L1') $$,
                 '23514', 'V2 is not eligible for middle', 'PR-1: an employee who does not qualify cannot be put forward');
CREATE FUNCTION pg_temp.error_detail(query text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    detail text;
BEGIN
    EXECUTE query;
    RETURN NULL;
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS detail = PG_EXCEPTION_DETAIL;
    RETURN detail;
END $$;
SELECT is(pg_temp.error_detail($$ SELECT cs_policy.file_promotion_application('V2', 'steady work', acting_as => 'L1') $$),
          'PR-1: only a qualified employee applies. Not met: grade_a_count: 0.00, needs 1.',
          'PR-1: and the refusal names what is missing: one quarterly A (PR-2''s middle level)');
SELECT throws_ok($$ SELECT cs_policy.file_promotion_application('V1', 'best reviews', acting_as => 'V2') $$,
                 '42501', NULL, 'PR-1: a colleague cannot apply for someone else');
SELECT throws_ok($$ SELECT cs_policy.file_promotion_application('V1', 'best reviews', 'senior', acting_as => 'L1') $$,
                 '23514', 'promotion is one level at a time: junior -> senior skips a level', 'PR-2: one level at a time');
SELECT cs_policy.file_promotion_application('V1', 'best reviews of the team, an A last quarter', acting_as => 'L1') AS app \gset
SELECT results_eq(format($$ SELECT kind::text, from_level, to_level, chain, next_signature FROM cs_policy.application_overview WHERE application_id = %s $$, :app),
                  $$ VALUES ('promotion', 'junior', 'middle', '{supervisor,deputy_manager,manager,director}'::text[], 'supervisor') $$,
                  'PR-1: supervisor, deputy manager, manager and director approve in turn');
SELECT throws_ok($$ SELECT cs_policy.file_promotion_application('V1', 'again', acting_as => 'L1') $$,
                 '23505', 'V1 has an application pending already', 'one pending application at a time');

-- The chain in order, each role over the applicant's department.
SELECT throws_ok(format($$ SELECT cs_policy.approve_application(%s, acting_as => 'M1') $$, :app),
                 '42501', format('M1 may not sign step 1 of application %s (supervisor)', :app),
                 'PR-1: the manager cannot sign before the supervisor (a skipped role is refused)');
SELECT throws_ok(format($$ SELECT cs_policy.approve_application(%s, acting_as => 'S9') $$, :app),
                 '42501', NULL, 'PR-1: a supervisor of another project cannot sign (wrong department)');
SELECT throws_ok(format($$ SELECT cs_policy.approve_application(%s, acting_as => 'L1') $$, :app),
                 '42501', NULL, 'PR-1: the team lead is not in the chain');
SELECT is(cs_policy.approve_application(:app, acting_as => 'S1'), 'signed 1 of 4; next: deputy manager', 'the supervisor signs');
SELECT throws_ok(format($$ SELECT cs_policy.approve_application(%s, acting_as => 'S1') $$, :app),
                 '42501', NULL, 'the supervisor cannot sign the deputy manager''s step');
SELECT throws_ok(format($$ SELECT cs_policy.approve_application(%s, acting_as => 'M9') $$, :app),
                 '42501', NULL, 'PR-1: a manager of another project cannot sign');
SELECT is(cs_policy.approve_application(:app, acting_as => 'DM1'), 'signed 2 of 4; next: manager', 'the deputy manager signs');
SELECT is(cs_policy.approve_application(:app, acting_as => 'M1'), 'signed 3 of 4; next: director', 'the manager signs');
SELECT is((SELECT grade FROM cs_policy.employee WHERE code = 'V1'), 'junior', 'PR-1: nothing changes before the last signature');

-- The last signature: grade and pay in the same transaction as the approval.
SAVEPOINT before_last;
SELECT throws_ok(format($$ SELECT cs_policy.approve_application(%s, acting_as => 'D1'), 1 / 0 $$, :app), '22012', NULL,
                 'a failure in the transaction of the last signature ...');
SELECT results_eq(format($$ SELECT e.grade, e.monthly_wage, a.state, (SELECT count(*) FROM cs_policy.career_history h WHERE h.employee_id = e.employee_id)
                              FROM cs_policy.employee e, cs_policy.promotion_application a
                             WHERE e.code = 'V1' AND a.application_id = %s $$, :app),
                  $$ VALUES ('junior', 5000.00::numeric(12,2), 'pending', 0::bigint) $$,
                  '... leaves grade, pay, the application and the history as they were');
ROLLBACK TO SAVEPOINT before_last;
SELECT is(cs_policy.approve_application(:app, acting_as => 'D1'), 'approved: V1 is middle from now',
          'PR-1: the director signs last');
SELECT results_eq($$ SELECT e.grade, e.monthly_wage, e.daily_wage, h.from_level, h.to_level, h.from_pay, h.to_pay
                      FROM cs_policy.employee e JOIN cs_policy.career_history h USING (employee_id) WHERE e.code = 'V1' $$,
                  $$ VALUES ('middle', 2500.00::numeric(12,2), 114.94::numeric(12,2), 'junior', 'middle', 5000.00::numeric(12,2), 2500.00::numeric(12,2)) $$,
                  'PR-1: pay follows the new grade (service_ladder_2023: middle 2500), and the history keeps before and after');
SELECT results_eq($$ SELECT w.monthly_wage, w.daily_wage, w.set_by, w.in_force
                      FROM cs_policy.wage w JOIN cs_policy.employee e USING (employee_id) WHERE e.code = 'V1' ORDER BY w.in_force $$,
                  $$ VALUES (5000.00::numeric(12,2), 229.89::numeric(12,2), 'hire_employee', daterange('2024-01-01', current_date)),
                            (2500.00::numeric(12,2), 114.94::numeric(12,2), 'approve_application', daterange(current_date, NULL)) $$,
                  'PR-1: the new grade''s pay is in force from the day of the approval, the wage before until the day before');

-- PR-2: an exceptional promotion may skip a level; a refusal ends it with a reason.
SELECT cs_policy.file_promotion_application('V2', 'saved a key account', 'senior', exceptional => true, acting_as => 'M1') AS skip \gset
SELECT is((SELECT to_level FROM cs_policy.application_overview WHERE application_id = :skip), 'senior',
          'PR-2: the head of the department files an exceptional application that skips a level');
SELECT lives_ok(format($$ SELECT cs_policy.refuse_application(%s, 'not this year', acting_as => 'DM1') $$, :skip),
                'a later signer may refuse before their turn');
SELECT throws_ok(format($$ SELECT cs_policy.approve_application(%s, acting_as => 'S1') $$, :skip),
                 '55000', format('application %s is refused already', :skip), 'a refused application is over');

-- PR-2: reserve supervisor: the senior applies in person; the head's
-- recommendation, HR's speech and panel review and the director sign.
SELECT throws_ok($$ SELECT cs_policy.file_promotion_application('V3', 'ready to lead', acting_as => 'L1') $$,
                 '42501', 'V3 applies for reserve_supervisor in person', 'PR-2: nobody applies for reserve supervisor in the senior''s name');
SELECT cs_policy.file_promotion_application('V3', 'ready to lead a team', acting_as => 'V3') AS rs \gset
SELECT is((SELECT chain FROM cs_policy.application_overview WHERE application_id = :rs), '{direct_superior,panel,director}'::text[],
          'PR-2: the chain of reserve supervisor: recommendation, speech and panel review, the general manager''s office');
SELECT is(cs_policy.approve_application(:rs, acting_as => 'L1'), 'signed 1 of 3; next: panel', 'PR-2: the head of the department recommends');
SELECT throws_ok(format($$ SELECT cs_policy.approve_application(%s, 'fine', acting_as => 'M1') $$, :rs),
                 '42501', NULL, 'PR-2: the panel step is HR''s, who organise the speech and the panel');
SELECT throws_ok(format($$ SELECT cs_policy.approve_application(%s, acting_as => 'H1') $$, :rs),
                 '22004', format('the panel step of application %s records the panel''s finding', :rs),
                 'PR-2: the panel''s signature says what it found');
SELECT is(cs_policy.approve_application(:rs, 'speech 86; panel 88, 90, 84; answers clear: recommended', acting_as => 'H1'),
          'signed 2 of 3; next: director', 'PR-2: HR records the speech and panel review');
SELECT is(cs_policy.approve_application(:rs, acting_as => 'D1'), 'approved: V3 is reserve_supervisor from now',
          'PR-2: the director decides last');
SELECT results_eq(format($$ SELECT role, finding FROM cs_policy.application_approval WHERE application_id = %s ORDER BY step $$, :rs),
                  $$ VALUES ('direct_superior', NULL), ('panel', 'speech 86; panel 88, 90, 84; answers clear: recommended'), ('director', NULL) $$,
                  'PR-2: the panel''s finding is kept with its signature');

-- PR-3: confirmation, early only with the manager, HR and the director.
SELECT cs_policy.file_confirmation('learned the products, no complaints', acting_as => 'N1') AS early \gset
SELECT is((SELECT chain FROM cs_policy.application_overview WHERE application_id = :early), '{manager,hr,director}'::text[],
          'PR-3: before probation ends: the manager, HR and the director');
SELECT cs_policy.file_confirmation('three months done', acting_as => 'N2') AS due \gset
SELECT is(cs_policy.approve_application(:due, acting_as => 'L1'), 'approved: N2 is regular from today',
          'PR-3: at the end of probation the direct superior''s review confirms');

-- PR-5: new staff move only with the director's signature.
SELECT throws_ok($$ SELECT cs_policy.transfer_employee('N1', 'OTH', 'needed on the other project', acting_as => 'M1') $$,
                 '42501', 'M1 may not transfer N1 to OTH', 'a manager of one project cannot move people to another');
SELECT throws_ok($$ SELECT cs_policy.transfer_employee('N1', 'OTH', 'needed on the other project', acting_as => 'OM1') $$,
                 '42501', 'N1 is new staff (in training or on probation): only the director signs a transfer',
                 'PR-5: even the operations manager over both cannot transfer staff on probation');
SELECT cs_policy.transfer_employee('N1', 'OTH', 'needed on the other project', acting_as => 'D1');
SELECT results_eq($$ SELECT d.code, h.kind FROM cs_policy.employee e JOIN cs_policy.department d USING (department_id)
                      JOIN cs_policy.career_history h ON h.employee_id = e.employee_id WHERE e.code = 'N1' $$,
                  $$ VALUES ('OTH', 'transfer') $$, 'PR-5: with the director''s signature, and kept in the history');

SELECT * FROM finish();
ROLLBACK;
