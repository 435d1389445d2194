-- Who is eligible for the next level, criterion by criterion (PR-1, PR-2,
-- PR-4): an agent exactly on each threshold, one just under, tenure one day
-- short, ties in rank, the peer ranking, grades A in a row, titles, sales
-- and overspending.
BEGIN;
SELECT plan(29);
SET LOCAL client_min_messages = warning;

SELECT cs_policy.create_department('C', 'Center', 'center');
SELECT cs_policy.create_department(p, 'project ' || p, 'project', 'C') FROM unnest('{TEL,SRV,SAL}'::text[]) AS p;
SELECT cs_policy.hire_employee(c, c, d, r::cs_policy.staff_role, h::date, 5000, grade => g)
  FROM (VALUES ('S1', 'TEL', 'supervisor', '2020-01-01', NULL), ('S2', 'SRV', 'supervisor', '2020-01-01', NULL),
               ('S3', 'SAL', 'supervisor', '2020-01-01', NULL),
               ('T1', 'TEL', 'agent', '2025-01-01', 'C'), ('T2', 'TEL', 'agent', '2025-01-01', 'C'),
               ('T3', 'TEL', 'agent', '2025-01-01', 'A'), ('T4', 'TEL', 'agent', '2025-04-01', NULL),
               ('V1', 'SRV', 'agent', '2025-06-01', 'junior'), ('V2', 'SRV', 'agent', '2025-06-02', 'junior'),
               ('V3', 'SRV', 'agent', '2025-01-01', 'junior'), ('V4', 'SRV', 'agent', '2025-01-01', 'junior'),
               ('V5', 'SRV', 'agent', '2024-06-01', 'middle'), ('V6', 'SRV', 'agent', '2025-08-01', 'probation'),
               ('P1', 'SAL', 'agent', '2025-01-01', 'probation'), ('P2', 'SAL', 'agent', '2025-01-01', 'probation'))
       AS x(c, d, r, h, g);
SELECT cs_policy.set_policy('telesales grades', 'promotion', 'callcenter_2012', 'TEL', '2024-01-01');
SELECT cs_policy.set_policy('service ladder', 'promotion', 'service_ladder_2023', 'SRV', '2024-01-01');
SELECT cs_policy.set_policy('sales regular status', 'promotion', 'sales_desk', 'SAL', '2024-01-01');
CREATE FUNCTION pg_temp.id(code text) RETURNS bigint LANGUAGE sql AS $$ SELECT employee_id FROM cs_policy.employee WHERE code = $1 $$;
CREATE FUNCTION pg_temp.check(code text, as_of date) RETURNS TABLE (criterion text, required numeric, actual numeric, met boolean)
LANGUAGE sql AS $$ SELECT criterion, required, actual, met FROM cs_policy.promotion_check(pg_temp.id(code), as_of) ORDER BY criterion, param $$;

-- PR-1 (callcenter_2012): C -> B takes a quarterly average KPI of 90, 15
-- calls per hour and a 60 % success rate. T1 is exactly on every threshold
-- over July-September 2025; T2 has one call fewer in September.
SELECT cs_policy.record_performance(a, m::date, 90, 1500, 100, 900, acting_as => 'S1')
  FROM unnest('{T1,T2}'::text[]) AS a, unnest('{2025-07-01,2025-08-01}'::text[]) AS m;
SELECT cs_policy.record_performance('T1', '2025-09-01', 90, 1500, 100, 900, acting_as => 'S1');
SELECT cs_policy.record_performance('T2', '2025-09-01', 90, 1499, 100, 900, acting_as => 'S1');
SELECT results_eq($$ SELECT * FROM pg_temp.check('T1', '2025-10-01') $$,
                  $$ VALUES ('calls_per_hour', 15::numeric, 15.00::numeric, true), ('kpi_average', 90, 90.00, true),
                            ('success_rate', 60, 60.00, true) $$,
                  'PR-1: exactly on 90 KPI, 15 calls per hour and 60 % over the quarter is enough for B');
SELECT is((SELECT DISTINCT level_sought FROM cs_policy.promotion_check(pg_temp.id('T1'), '2025-10-01')), 'B',
          'PR-2: one level at a time: a C agent is checked for B');
SELECT ok(cs_policy.is_eligible(pg_temp.id('T1'), '2025-10-01'), 'PR-1: T1 is eligible');
SELECT results_eq($$ SELECT criterion, actual, met FROM pg_temp.check('T2', '2025-10-01') WHERE NOT met $$,
                  $$ VALUES ('calls_per_hour', 14.99::numeric, false) $$,
                  'PR-1: one call fewer in the quarter: 14.99 calls per hour, just under');
SELECT ok(NOT cs_policy.is_eligible(pg_temp.id('T2'), '2025-10-01'), 'PR-1: T2 is not eligible');
SELECT is((SELECT count(*) FROM cs_policy.promotion_check(pg_temp.id('T1'), '2025-11-01') WHERE met)::integer, 0,
          'a month later the period is August-October: without October''s figures no quarterly average is met');
SELECT is((SELECT count(*) FROM cs_policy.promotion_check(pg_temp.id('T3'), '2025-10-01'))::integer, 0,
          'PR-1: an A agent is at the top of the ladder: nothing to check');
SELECT ok(NOT cs_policy.is_eligible(pg_temp.id('T3'), '2025-10-01'), 'and is not eligible for anything');
-- A trainee is checked for C: both exams and the C standard.
SELECT cs_policy.record_performance('T4', m::date, 86, 1400, 100, 820, acting_as => 'S1')
  FROM unnest('{2025-07-01,2025-08-01,2025-09-01}'::text[]) AS m;
SELECT cs_policy.record_exam('T4', 'onboarding', '2025-04-20', 88, true, acting_as => 'S1');
SELECT results_eq($$ SELECT criterion, actual, met FROM cs_policy.promotion_check(pg_temp.id('T4'), '2025-10-01')
                     WHERE criterion = 'exam_passed' ORDER BY param $$,
                  $$ VALUES ('exam_passed', 1::numeric, true), ('exam_passed', 0::numeric, false) $$,
                  'PR-1: a trainee needs the onboarding exam (passed) and the regular-staff exam (not yet) for C');
SELECT cs_policy.record_exam('T4', 'regular_staff', '2025-09-15', 71, true, acting_as => 'S1');
SELECT ok(cs_policy.is_eligible(pg_temp.id('T4'), '2025-10-01'), 'PR-1: with both exams and 86 / 14 / 58.57 % the trainee may become C');

-- PR-2 (service_ladder_2023): junior -> middle takes an average review in
-- the department's top 3, one quarterly A and 3 months of service.
SELECT cs_policy.record_performance(a, m::date, 80, 0, 0, 0, s, acting_as => 'S2')
  FROM (VALUES ('V1', 95), ('V2', 90), ('V3', 90), ('V4', 90), ('V5', 70)) AS x(a, s),
       unnest('{2025-06-01,2025-07-01,2025-08-01}'::text[]) AS m;
SELECT cs_policy.record_quarter_grade(a, '2025-04-01', 'A', acting_as => 'S2') FROM unnest('{V1,V2,V3,V4}'::text[]) AS a;
SELECT results_eq($$ SELECT e.code, c.actual, c.met FROM cs_policy.employee e,
                            cs_policy.promotion_check(e.employee_id, '2025-09-01') c
                      WHERE e.code IN ('V1', 'V2', 'V3', 'V4') AND c.criterion = 'review_rank' ORDER BY e.code $$,
                  $$ VALUES ('V1', 1::numeric, true), ('V2', 2::numeric, true), ('V3', 2::numeric, true), ('V4', 2::numeric, true) $$,
                  'PR-2: ties share a rank: three agents at 90 are all 2nd, so all are in the top 3');
SELECT cs_policy.record_performance('V4', '2025-08-01', 80, 0, 0, 0, 89, acting_as => 'S2');
SELECT results_eq($$ SELECT e.code, c.actual, c.met FROM cs_policy.employee e,
                            cs_policy.promotion_check(e.employee_id, '2025-09-01') c
                      WHERE e.code IN ('V2', 'V3', 'V4') AND c.criterion = 'review_rank' ORDER BY e.code $$,
                  $$ VALUES ('V2', 2::numeric, true), ('V3', 2::numeric, true), ('V4', 4::numeric, false) $$,
                  'PR-2: one point lower in one month: V4 is 4th (the rank after a tie skips), outside the top 3');
SELECT results_eq($$ SELECT e.code, c.actual, c.met FROM cs_policy.employee e,
                            cs_policy.promotion_check(e.employee_id, '2025-09-01') c
                      WHERE e.code IN ('V1', 'V2') AND c.criterion = 'tenure_months' ORDER BY e.code $$,
                  $$ VALUES ('V1', 3::numeric, true), ('V2', 2::numeric, false) $$,
                  'PR-2: hired 2025-06-01, 3 months of service on 2025-09-01; hired a day later, one day short');
-- PR-2: and the department's anonymous peer ranking ("以部门内部匿名评比为辅"):
-- the top 3 of the last complete quarter's ballots, April to June for
-- 2025-09-01; 3, 2 and 1 points for a first, second and third place. The
-- ballots of that quarter, as the auditor would find them (cast_peer_ballot
-- takes the quarter running):
INSERT INTO cs_policy.peer_ballot (department_id, quarter, ranking)
SELECT d.department_id, '2025-04-01', ARRAY(SELECT pg_temp.id(c) FROM unnest(b) WITH ORDINALITY AS u(c, n) ORDER BY n)
  FROM cs_policy.department d, (VALUES ('{V1,V3,V4}'::text[]), ('{V1,V4,V2}'), ('{V3,V1}'), ('{V5}')) AS x(b)
 WHERE d.code = 'SRV';
SELECT results_eq($$ SELECT e.code, c.actual, c.met, c.period_from, c.period_to FROM cs_policy.employee e,
                            cs_policy.promotion_check(e.employee_id, '2025-09-01') c
                      WHERE e.code IN ('V1', 'V2', 'V3', 'V4') AND c.criterion = 'peer_rank' ORDER BY e.code $$,
                  $$ VALUES ('V1', 1::numeric, true, date '2025-04-01', date '2025-07-01'), ('V2', 5, false, '2025-04-01', '2025-07-01'),
                            ('V3', 2, true, '2025-04-01', '2025-07-01'), ('V4', 3, true, '2025-04-01', '2025-07-01') $$,
                  'PR-2: V1 8 points, V3 5, V4 and V5 3 (tied 3rd), V2 1 (5th): the top 3 are V1, V3, V4 and V5');
SELECT ok(cs_policy.is_eligible(pg_temp.id('V1'), '2025-09-01') AND NOT cs_policy.is_eligible(pg_temp.id('V2'), '2025-09-01'),
          'PR-2: V1 may become middle, V2 not yet');
SELECT is((SELECT actual FROM pg_temp.check('V1', '2025-10-01') WHERE criterion = 'peer_rank'), NULL::numeric,
          'PR-2: a quarter later the ranking of July to September counts, which has no ballots: no rank');
-- middle -> senior: a title, top 3 over 6 months, 2 quarterly A in a row, 6 months.
SELECT cs_policy.record_quarter_grade('V5', q::date, g, acting_as => 'S2')
  FROM (VALUES ('2024-10-01', 'A'), ('2025-01-01', 'B'), ('2025-04-01', 'A'), ('2025-07-01', 'A')) AS x(q, g);
SELECT results_eq($$ SELECT criterion, actual, met FROM pg_temp.check('V5', '2025-10-01')
                      WHERE criterion IN ('grade_a_in_a_row', 'title_count') $$,
                  $$ VALUES ('grade_a_in_a_row', 2::numeric, true), ('title_count', 0::numeric, false) $$,
                  'PR-2: A, B, A, A: two in a row; no "excellent agent" title yet');
SELECT is((SELECT actual FROM pg_temp.check('V5', '2025-07-01') WHERE criterion = 'grade_a_in_a_row'), 1::numeric,
          'PR-2: before the third quarter ends, A, B, A has no two in a row');
SELECT cs_policy.award_title('V5', 'excellent agent', '2025-09-20', acting_as => 'S2');
SELECT is((SELECT actual FROM pg_temp.check('V5', '2025-10-01') WHERE criterion = 'title_count'), 1::numeric,
          'PR-2: the title counts from the day it was awarded');
-- probation -> junior: the probation assessment and no disciplinary record.
SELECT cs_policy.record_exam('V6', 'probation', '2025-10-20', 75, true, acting_as => 'S2');
SELECT ok(cs_policy.is_eligible(pg_temp.id('V6'), '2025-11-01'), 'PR-2: the probation assessment passed, no record: junior');
SELECT cs_policy.record_disciplinary('V6', '2025-10-25', 'left the shift without handover', acting_as => 'S2');
SELECT results_eq($$ SELECT criterion, actual, met FROM pg_temp.check('V6', '2025-11-01') WHERE NOT met $$,
                  $$ VALUES ('no_disciplinary', 1::numeric, false) $$, 'PR-2: a disciplinary record stops it');

-- PR-4 (sales_desk): regular status after 60,000 of sales; more than 3 %
-- over budget in a month excludes.
SELECT cs_policy.record_sales(a, m::date, 20000, 1000, spent, acting_as => 'S3')
  FROM (VALUES ('P1', 1030), ('P2', 1031)) AS x(a, spent), unnest('{2025-06-01,2025-07-01,2025-08-01}'::text[]) AS m;
SELECT results_eq($$ SELECT criterion, actual, met FROM pg_temp.check('P1', '2025-09-01') $$,
                  $$ VALUES ('overspend_percent', 3.00::numeric, true), ('sales_total', 60000.00, true) $$,
                  'PR-4: 60,000 of sales and exactly 3 % over budget: eligible for regular status');
SELECT results_eq($$ SELECT criterion, actual, met FROM pg_temp.check('P2', '2025-09-01') WHERE NOT met $$,
                  $$ VALUES ('overspend_percent', 3.10::numeric, false) $$, 'PR-4: 3.1 % over budget excludes');
SELECT ok(NOT cs_policy.is_eligible(pg_temp.id('P1'), '2025-08-01'), 'PR-4: on 2025-08-01 only 40,000 of sales count');

-- Bad input.
SELECT throws_ok($$ SELECT cs_policy.record_performance('T1', '2025-09-15', 90, 10, 1, 5, acting_as => 'S1') $$,
                 '22023', NULL, 'a month is given by its first day');
SELECT throws_ok($$ SELECT cs_policy.record_performance('T1', '2025-09-01', 90, 10, 1, 11, acting_as => 'S1') $$,
                 '22023', 'successful calls (11) are between 0 and the calls (10)', 'successful calls cannot exceed calls');
SELECT throws_ok($$ SELECT cs_policy.record_quarter_grade('T1', '2025-09-01', 'A', acting_as => 'S1') $$,
                 '22023', NULL, 'a quarter is given by its first day');
SELECT throws_ok($$ SELECT cs_policy.record_quarter_grade('T1', '2025-07-01', 'E', acting_as => 'S1') $$,
                 '22023', 'unknown quarterly grade "E"', 'grades are A to D');
SELECT throws_ok($$ SELECT cs_policy.record_performance('V1', '2025-09-01', 90, 10, 1, 5, acting_as => 'S1') $$,
                 '42501', NULL, 'a supervisor of another project may not record');

SELECT * FROM finish();
ROLLBACK;
