-- Grading rounds (PR-1) and being made regular (PR-3), on callcenter_2012:
-- its grades are assessed once a quarter, so an application for a higher
-- grade is taken only while a grading round HR opened is running, once per
-- person and quarter; a trainee is made regular on the trainee criteria
-- (the onboarding exam, KPI 75, 11 calls an hour, 52 % success) between 3
-- and 6 months of service. Dates are relative to today, so that the test
-- holds on any day.
BEGIN;
SELECT plan(25);
SET LOCAL client_min_messages = warning;

SELECT cs_policy.create_department('C', 'Center', 'center');
SELECT cs_policy.create_department('TS', 'telesales', 'project', 'C');
SELECT cs_policy.create_department('SV', 'service', 'project', 'C');
SELECT cs_policy.create_department(t, 'telesales team ' || t, 'team', 'TS') FROM unnest('{TS-A,TS-B}'::text[]) AS t;
SELECT cs_policy.hire_employee(c, c, d, r::cs_policy.staff_role, h, 5000, grade => g, probation_ends => pe)
  FROM (VALUES ('D1', 'C', 'director', date '2020-01-01', NULL, NULL::date), ('H1', 'C', 'hr', '2020-01-01', NULL, NULL),
               ('M1', 'TS', 'manager', '2020-01-01', NULL, NULL), ('S1', 'TS', 'supervisor', '2020-01-01', NULL, NULL),
               ('A1', 'TS-A', 'agent', '2024-01-01', 'C', NULL), ('B1', 'TS-B', 'agent', '2024-01-01', 'C', NULL),
               -- trainees whose probation ends today: 4 months, 2 months, 7 months and 5 days of service
               ('T1', 'TS-B', 'agent', (current_date - interval '4 months')::date, 'trainee', current_date),
               ('T2', 'TS-B', 'agent', (current_date - interval '2 months')::date, 'trainee', current_date),
               ('T3', 'TS-B', 'agent', (current_date - interval '7 months 5 days')::date, 'trainee', current_date))
       AS x(c, d, r, h, g, pe);
SELECT cs_policy.set_policy('telesales grades', 'promotion', 'callcenter_2012', 'C', '2020-01-01');
SELECT cs_policy.set_policy('service ladder', 'promotion', 'service_ladder_2023', 'SV', '2020-01-01');
CREATE FUNCTION pg_temp.id(code text) RETURNS bigint LANGUAGE sql AS $$ SELECT employee_id FROM cs_policy.employee WHERE code = $1 $$;
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
-- The last three complete months: A1 and B1 at grade B's figures (KPI 92,
-- 16 calls an hour, 61 % success); the trainees at the trainee's (80, 12,
-- 55 %), T2 for the two months since hiring.
SELECT cs_policy.record_performance(a, (date_trunc('month', current_date) - n * interval '1 month')::date, k, c, 80, s, NULL,
                                    acting_as => 'S1')
  FROM (VALUES ('A1', 92, 1280, 781), ('B1', 92, 1280, 781), ('T1', 80, 960, 528), ('T2', 80, 960, 528), ('T3', 80, 960, 528))
       AS x(a, k, c, s), generate_series(1, 3) AS n
 WHERE a <> 'T2' OR n <= 2;
SELECT cs_policy.record_exam(t, 'onboarding', current_date - 30, 90, true, acting_as => 'S1') FROM unnest('{T1,T2,T3}'::text[]) AS t;

-- PR-1: the ladder says how often it is graded.
SELECT is((SELECT grading_months FROM cs_policy.career_ladder WHERE ladder = 'callcenter_2012'), 3,
          'PR-1: callcenter_2012 grades once a quarter');
SELECT is(cs_policy.grading_period_first('2026-11-20', 3), date '2026-10-01', 'PR-1: the grading period of 2026-11-20 is the 4th quarter');

-- PR-1: without a round, no application for a higher grade.
SELECT throws_ok($$ SELECT cs_policy.file_promotion_application('A1', 'top figures', acting_as => 'A1') $$,
                 '55000', 'no grading round is open for A1 today', 'PR-1: an eligible agent cannot apply outside a grading round');
SELECT is(pg_temp.error_detail($$ SELECT cs_policy.file_promotion_application('A1', 'top figures', acting_as => 'A1') $$),
          'PR-1: ladder callcenter_2012 is graded once every 3 months, in a round opened by HR; no round has been opened.',
          'PR-1: the refusal says how the ladder is graded');
SELECT is(cs_policy.is_eligible(pg_temp.id('A1'), current_date), true, '(A1 is eligible for B: the round is what is missing)');

-- Who opens a round, and what a round may be.
SELECT throws_ok($$ SELECT cs_policy.open_grading('TS', current_date, acting_as => 'M1') $$,
                 '42501', 'M1 may not open a grading round for TS', 'PR-1: a manager does not open grading rounds');
SELECT throws_ok($$ SELECT cs_policy.open_grading('SV', current_date, acting_as => 'H1') $$,
                 '55000', 'the grades of SV are not assessed in rounds',
                 'PR-1: service_ladder_2023 takes applications at any time: no rounds');
SELECT throws_ok($$ SELECT cs_policy.open_grading('TS', current_date - 1, current_date - 1, acting_as => 'H1') $$,
                 '22023', NULL, 'a round cannot be opened in the past');
SELECT throws_ok(format($$ SELECT cs_policy.open_grading('TS', %L, acting_as => 'H1') $$,
                        (date_trunc('quarter', current_date) + interval '3 months')::date),
                 '22023', NULL, 'PR-1: a round closes within its quarter');
SELECT throws_ok($$ SELECT cs_policy.open_grading('TS', NULL, acting_as => 'H1') $$, '22004', NULL, 'a round has a last day');

-- A round for team TS-A from tomorrow, one for TS-B from today.
SELECT is(cs_policy.open_grading('TS-A', current_date + 1, current_date + 1, acting_as => 'H1'),
          format('grading of TS-A on ladder callcenter_2012 for the period from %s: applications from %s to %s',
                 date_trunc('quarter', current_date + 1)::date, current_date + 1, current_date + 1),
          'PR-1: HR opens the round of team TS-A, from tomorrow');
SELECT throws_ok($$ SELECT cs_policy.file_promotion_application('A1', 'top figures', acting_as => 'A1') $$,
                 '55000', 'no grading round is open for A1 today', 'PR-1: the day before the round opens, an application is refused');
SELECT is(pg_temp.error_detail($$ SELECT cs_policy.file_promotion_application('A1', 'top figures', acting_as => 'A1') $$),
          format('PR-1: ladder callcenter_2012 is graded once every 3 months, in a round opened by HR; the next round for TS-A runs from %s to %s.',
                 current_date + 1, current_date + 1),
          'PR-1: and the refusal names the next round');
SELECT lives_ok($$ SELECT cs_policy.file_promotion_application('A1', 'saved a key account', 'B', exceptional => true, acting_as => 'M1') $$,
                'PR-2: an exceptional application (the special review) is not bound to the round');
SELECT is(cs_policy.open_grading('TS-B', (date_trunc('quarter', current_date) + interval '3 months - 1 day')::date, acting_as => 'D1'),
          format('grading of TS-B on ladder callcenter_2012 for the period from %s: applications from %s to %s',
                 date_trunc('quarter', current_date)::date, current_date,
                 (date_trunc('quarter', current_date) + interval '3 months - 1 day')::date),
          'PR-1: the director opens the round of team TS-B, from today to the end of the quarter');
SELECT throws_ok($$ SELECT cs_policy.open_grading('TS', current_date, acting_as => 'H1') $$,
                 '23505', format('the grading of TS for the period from %s is held already', date_trunc('quarter', current_date)::date),
                 'PR-1: once a quarter: no second round over a team that has one');
SELECT throws_ok($$ SELECT cs_policy.open_grading('TS-B', current_date, acting_as => 'H1') $$,
                 '23505', NULL, 'PR-1: once a quarter: no second round for the same team');

-- In the round: one application per person and quarter.
SELECT cs_policy.file_promotion_application('B1', 'top figures of the quarter', acting_as => 'B1') AS app \gset
SELECT is((SELECT graded_in FROM cs_policy.promotion_application WHERE application_id = :app), date_trunc('quarter', current_date)::date,
          'PR-1: in the round, B1 applies; the application belongs to the quarter''s grading');
SELECT cs_policy.refuse_application(:app, 'not this quarter', acting_as => 'S1');
SELECT throws_ok($$ SELECT cs_policy.file_promotion_application('B1', 'again', acting_as => 'B1') $$,
                 '55000', format('B1 was graded in the period from %s already', date_trunc('quarter', current_date)::date),
                 'PR-1: grading is held once a quarter: refused this quarter, B1 applies again in the next round');

-- PR-3: being made regular checks the trainee's criteria.
SELECT results_eq($$ SELECT level, criterion, coalesce(param, ''), required, actual, met
                      FROM cs_policy.confirmation_check(pg_temp.id('T1'), current_date) $$,
                  $$ VALUES ('trainee', 'calls_per_hour', '', 11::numeric, 12.00::numeric, true),
                            ('trainee', 'exam_passed', 'onboarding', 1, 1, true),
                            ('trainee', 'kpi_average', '', 75, 80.00, true),
                            ('trainee', 'success_rate', '', 52, 55.00, true),
                            ('trainee', 'tenure_months', '', 3, 4.00, true),
                            -- (every month begun: 5 unless today is the day of the month T1 was hired)
                            ('trainee', 'tenure_months_at_most', '', 6,
                             4 + (date_part('day', age(current_date, (current_date - interval '4 months')::date)) > 0)::integer, true) $$,
                  'PR-3, PR-1: the trainee criteria of callcenter_2012, each measured: T1 meets them all after 4 months');
SELECT cs_policy.file_confirmation('four months, figures above the line', acting_as => 'T1') AS t1 \gset
SELECT is(cs_policy.approve_application(:t1, acting_as => 'S1'), 'approved: T1 is regular from today',
          'PR-3: T1 meets the criteria and the direct superior confirms');
SELECT throws_ok($$ SELECT cs_policy.file_confirmation('two months done', acting_as => 'T2') $$,
                 '23514', 'T2 does not meet the criteria of being made regular', 'PR-1: a trainee is not graded before 3 months');
SELECT matches(pg_temp.error_detail($$ SELECT cs_policy.file_confirmation('two months done', acting_as => 'T2') $$),
               'tenure_months: 2\.00, needs 3', 'PR-1: the refusal names the 3 months (and the figures, only 2 months of them)');
SELECT is(pg_temp.error_detail($$ SELECT cs_policy.file_confirmation('seven months done', acting_as => 'T3') $$),
          'PR-3: the direct superior reviews an applicant who meets them. Not met: tenure_months_at_most: 8.00, needs at most 6.',
          'PR-1: past the 6th month (7 months and 5 days count as 8 begun) the trainee grading is over');
SELECT is((SELECT count(*) FROM cs_policy.confirmation_check(pg_temp.id('B1'), current_date)), 0::bigint,
          'PR-3: confirmation_check has no rows where the ladder states no confirm criteria');

SELECT * FROM finish();
ROLLBACK;
