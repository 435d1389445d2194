-- Losing a level (PR-2, service_ladder_2023): two quarterly B in a row or
-- one grade below B, or three monthly reviews in a row outside the top 3,
-- send a middle agent back to junior, counted from the promotion on; a
-- senior within a year, in a row or not; and the BI views.
BEGIN;
SELECT plan(12);
SET LOCAL client_min_messages = warning;

SELECT cs_policy.create_department('C', 'Center', 'center');
SELECT cs_policy.create_department('SRV', 'service', 'project', 'C');
SELECT cs_policy.hire_employee(c, c, 'SRV', r::cs_policy.staff_role, '2023-01-01', 5000, grade => g)
  FROM (VALUES ('S1', 'supervisor', NULL), ('MA', 'agent', 'middle'), ('MB', 'agent', 'middle'), ('MC', 'agent', 'middle'),
               ('SE', 'agent', 'senior'), ('JU', 'agent', 'junior'),
               ('X1', 'agent', 'junior'), ('X2', 'agent', 'junior'), ('X3', 'agent', 'junior')) AS x(c, r, g);
SELECT cs_policy.set_policy('service ladder', 'promotion', 'service_ladder_2023', 'C', '2020-01-01');
CREATE FUNCTION pg_temp.id(code text) RETURNS bigint LANGUAGE sql AS $$ SELECT employee_id FROM cs_policy.employee WHERE code = $1 $$;
CREATE FUNCTION pg_temp.rule(code text, as_of date, rule text) RETURNS TABLE (demoted_to text, actual integer, met boolean)
LANGUAGE sql AS $$ SELECT demoted_to, actual, met FROM cs_policy.demotion_check(pg_temp.id(code), as_of) WHERE criterion = rule $$;

-- Quarterly grades of 2025.
SELECT cs_policy.record_quarter_grade(a, q::date, g, acting_as => 'S1')
  FROM (VALUES ('MA', '2025-01-01', 'B'), ('MA', '2025-04-01', 'B'),
               ('MB', '2025-01-01', 'B'), ('MB', '2025-04-01', 'A'), ('MB', '2025-07-01', 'B'),
               ('MC', '2025-04-01', 'C'),
               ('SE', '2025-01-01', 'B'), ('SE', '2025-04-01', 'A'), ('SE', '2025-07-01', 'B')) AS x(a, q, g);
SELECT results_eq($$ SELECT * FROM pg_temp.rule('MA', '2025-07-01', 'grade_b_count') $$,
                  $$ VALUES ('junior', 2, true) $$, 'PR-2: a middle agent with two quarterly B in a row goes back to junior');
SELECT results_eq($$ SELECT * FROM pg_temp.rule('MB', '2025-10-01', 'grade_b_count') $$,
                  $$ VALUES ('junior', 1, false) $$, 'PR-2: B, A, B is not two in a row');
SELECT results_eq($$ SELECT * FROM pg_temp.rule('MC', '2025-07-01', 'grade_below_b_count') $$,
                  $$ VALUES ('junior', 1, true) $$, 'PR-2: one quarterly grade below B is enough');
SELECT results_eq($$ SELECT * FROM pg_temp.rule('SE', '2025-10-01', 'grade_b_count') $$,
                  $$ VALUES ('middle', 2, true) $$, 'PR-2: a senior with two B within a year, not in a row, goes back to middle');

-- Monthly reviews outside the department's top 3 (ties share a rank).
SELECT cs_policy.record_performance(a, m::date, 80, 0, 0, 0, s, acting_as => 'S1')
  FROM (VALUES ('X1', 95), ('X2', 94), ('X3', 93), ('JU', 50)) AS x(a, s),
       unnest('{2025-07-01,2025-08-01,2025-09-01}'::text[]) AS m;
SELECT cs_policy.record_performance('MA', m::date, 80, 0, 0, 0, s, acting_as => 'S1')
  FROM (VALUES ('2025-07-01', 70), ('2025-08-01', 93), ('2025-09-01', 70)) AS x(m, s);
SELECT results_eq($$ SELECT * FROM pg_temp.rule('MA', '2025-10-01', 'reviews_outside_top3') $$,
                  $$ VALUES ('junior', 1, false) $$,
                  'PR-2: 4th, 3rd (tied with X3), 4th: never three in a row outside the top 3');
SELECT cs_policy.record_performance('MA', '2025-08-01', 80, 0, 0, 0, 92, acting_as => 'S1');
SELECT results_eq($$ SELECT * FROM pg_temp.rule('MA', '2025-10-01', 'reviews_outside_top3') $$,
                  $$ VALUES ('junior', 3, true) $$, 'PR-2: 4th three months in a row: back to junior');

-- Counted from the promotion on.
INSERT INTO cs_policy.career_history (employee_id, changed_at, kind, from_level, to_level, signed_by)
VALUES (pg_temp.id('MA'), '2025-09-15 10:00+08', 'promotion', 'junior', 'middle', pg_temp.id('S1'));
SELECT results_eq($$ SELECT actual, met FROM cs_policy.demotion_check(pg_temp.id('MA'), '2025-10-01') WHERE criterion IN ('grade_b_count', 'reviews_outside_top3') ORDER BY criterion $$,
                  $$ VALUES (0, false), (1, false) $$,
                  'PR-2: "after promotion": what came before the promotion in September does not count');

-- A junior: three failed monthly exams in a row -> a dismissal review.
SELECT cs_policy.record_exam('JU', 'monthly', d::date, 40, false, acting_as => 'S1')
  FROM unnest('{2025-07-28,2025-08-28,2025-09-28}'::text[]) AS d;
SELECT results_eq($$ SELECT * FROM pg_temp.rule('JU', '2025-10-01', 'failed_monthly_exams') $$,
                  $$ VALUES (NULL::text, 3, true) $$, 'PR-2: three failed monthly reviews in a row: a dismissal review (no lower level)');

-- The watch list and the candidates, for BI (as of today).
SELECT cs_policy.record_quarter_grade('MC', (date_trunc('quarter', current_date) - interval '3 months')::date, 'D', acting_as => 'S1');
SELECT results_eq($$ SELECT criterion, demoted_to, demotion_due FROM cs_policy.demotion_watch WHERE employee_code = 'MC' $$,
                  $$ VALUES ('grade_below_b_count', 'junior', true) $$, 'demotion_watch: MC graded D last quarter is due back to junior');
SELECT is((SELECT count(*) FROM cs_policy.demotion_watch WHERE employee_code = 'X1')::integer, 0,
          'demotion_watch lists nobody without a count against them');
SELECT is((SELECT count(DISTINCT quarter) FROM cs_policy.promotion_candidates)::integer, 4,
          'promotion_candidates covers this quarter and the three before');
SELECT results_eq($$ SELECT level_sought, eligible, criteria_met FROM cs_policy.promotion_candidates
                      WHERE employee_code = 'SE' AND quarter = date_trunc('quarter', current_date) $$,
                  $$ VALUES ('reserve_supervisor', false, ARRAY['tenure_months']) $$,
                  'promotion_candidates: the level sought, whether eligible, the criteria met and missing');

SELECT * FROM finish();
ROLLBACK;
