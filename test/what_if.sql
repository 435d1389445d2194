-- What-if (issue 15): a draft of the attendance rules replayed over the
-- demo month's facts beside the rules in force, writing nothing; the
-- draft checked like set_policy's settings; who may ask, and what a
-- caller who may not see wages gets (SEC-2).
BEGIN;
SELECT plan(26);
SET client_min_messages = warning;

SELECT cs_policy.demo_center();
CREATE TEMP TABLE v AS SELECT min(work_date) AS month FROM cs_policy.roster;
GRANT SELECT ON v TO PUBLIC;
SELECT month FROM v \gset
SELECT count(*) AS created FROM cs_policy.create_roles('tap_') \gset
CREATE ROLE tap_l_agent LOGIN;    GRANT tap_agent TO tap_l_agent;
CREATE ROLE tap_l_hot LOGIN;      GRANT tap_manager TO tap_l_hot;
CREATE ROLE tap_l_hr LOGIN;       GRANT tap_hr TO tap_l_hr;
CREATE ROLE tap_l_director LOGIN; GRANT tap_director TO tap_l_director;
SELECT cs_policy.set_employee_login(code, login)
  FROM (VALUES ('E0015', 'tap_l_agent'), ('E0005', 'tap_l_hot'), ('E0002', 'tap_l_hr'),
               ('E0001', 'tap_l_director')) v (code, login);

-- Team 1 runs its own late ladder over attendance_tiered: lateness up to
-- 10 minutes costs 5 a minute (AT-1). The draft: 10 a minute, the rest of
-- the ladder as it is.
CREATE TEMP TABLE stricter AS
SELECT '{"rules": "late (AT-1) = minutes: (0,10] 10 per unit; (10,30] 60; (30,60) 1 daily_wage; [60,) absence"}'::jsonb AS draft;
GRANT SELECT ON stricter TO PUBLIC;
CREATE TEMP TABLE t1 AS
SELECT e.employee_id FROM cs_policy.employee e JOIN cs_policy.department d USING (department_id) WHERE d.code = 'HOTLINE-T1';
GRANT SELECT ON t1 TO PUBLIC;

SET ROLE tap_l_hr;
CREATE TEMP TABLE w AS
SELECT * FROM cs_policy.what_if((SELECT draft FROM stricter), :'month', 'HOTLINE-T1');
RESET ROLE;

-- ------------------------------------------------- what was, what would be

SELECT set_eq($$ SELECT employee_id, charged_now, bonus_now FROM w WHERE grouped_by = 'employee' $$,
              $$ SELECT employee_id, amount, bonus FROM cs_policy.period_attendance_totals((SELECT month FROM v))
                  WHERE employee_id IN (SELECT employee_id FROM t1) $$,
              'what_if''s "now" is what attendance_totals charged, for every employee of the team');
SELECT set_eq($$ SELECT employee_id, charged_delta FROM w WHERE grouped_by = 'employee' AND charged_delta <> 0 $$,
              $$ SELECT l.employee_id, sum(5 * l.measure)::numeric(12,2)
                   FROM cs_policy.period_penalty_lines((SELECT month FROM v)) l
                  WHERE l.employee_id IN (SELECT employee_id FROM t1) AND l.kind = 'late' AND l.rule_id = 'AT-1'
                    AND l.measure <= 10
                  GROUP BY l.employee_id $$,
              'AT-1 under the draft: every late of up to 10 minutes costs 5 more a minute, and nothing else changes');
SELECT ok((SELECT count(*) FROM w WHERE grouped_by = 'employee' AND charged_delta <> 0) > 0,
          'the demo team has such lates (the test above compares something)');
SELECT is_empty($$ SELECT d FROM w, jsonb_array_elements(differing_lines) d
                    WHERE NOT (d ->> 'kind' = 'late' AND d ->> 'rule_id' = 'AT-1' AND (d ->> 'measure')::numeric <= 10) $$,
                'the lines that differ are those lates, and only those');
SELECT set_eq($$ SELECT employee_id, d ->> 'work_date' AS work_date, (d ->> 'measure')::numeric AS measure,
                        (d ->> 'amount')::numeric AS amount
                   FROM w, jsonb_array_elements(differing_lines) d WHERE d ->> 'change' = 'added' $$,
              $$ SELECT l.employee_id, l.work_date::text, l.measure, 10 * l.measure
                   FROM cs_policy.period_penalty_lines((SELECT month FROM v)) l
                  WHERE l.employee_id IN (SELECT employee_id FROM t1) AND l.kind = 'late' AND l.rule_id = 'AT-1'
                    AND l.measure <= 10 $$,
              'each is added again at 10 a minute');
SELECT ok((SELECT bool_and(d ->> 'explanation' LIKE '%(AT-1, draft over team 1 attendance v1)')
             FROM w, jsonb_array_elements(differing_lines) d WHERE d ->> 'change' = 'added'),
          'an added line''s explanation says it is the draft''s, over which version');
SELECT ok((SELECT bool_and(d ->> 'explanation' NOT LIKE '%draft%')
             FROM w, jsonb_array_elements(differing_lines) d WHERE d ->> 'change' = 'removed'),
          'a removed line keeps the explanation it was charged with');
SELECT ok((SELECT bool_and(lines_removed = lines_added AND lines_now = lines_draft
                           AND jsonb_array_length(differing_lines) = lines_removed + lines_added)
             FROM w WHERE grouped_by = 'employee'),
          'per employee, the counts of lines agree with the lines listed');
SELECT results_eq($$ SELECT lines_now, lines_draft, lines_removed, lines_added, charged_now, charged_draft, charged_delta,
                            points_now, points_draft
                       FROM w WHERE grouped_by = 'total' $$,
                  $$ SELECT sum(lines_now)::integer, sum(lines_draft)::integer, sum(lines_removed)::integer,
                            sum(lines_added)::integer, sum(charged_now), sum(charged_draft), sum(charged_delta),
                            sum(points_now), sum(points_draft)
                       FROM w WHERE grouped_by = 'employee' $$,
                  'the total row adds the employees up');
SELECT ok((SELECT bool_and(grouped_by = 'total') FROM (SELECT grouped_by FROM w OFFSET (SELECT count(*) - 1 FROM w)) x),
          'the total comes last');
SELECT is_empty($$ SELECT employee_id FROM w WHERE grouped_by = 'employee' AND employee_id NOT IN (SELECT employee_id FROM t1) $$,
                'a department''s what-if judges only its subtree');

-- the rules in force, as a draft, change nothing
SET ROLE tap_l_hr;
SELECT results_eq($$ SELECT charged_delta, lines_removed, lines_added, points_now = points_draft
                       FROM cs_policy.what_if('{"preset": "punchcard_strict", "punch_window_minutes": 180}',
                                              (SELECT month FROM v), 'REPAIR')
                      WHERE grouped_by = 'total' $$,
                  $$ VALUES (0.00::numeric(12,2), 0, 0, true) $$,
                  'replaying REPAIR''s own preset changes nothing');
-- another preset wholesale (AT-7: a late under 30 minutes costs 20)
SELECT ok((SELECT bool_and(d ->> 'rule_id' <> 'AT-1' OR d ->> 'change' = 'removed')
             FROM cs_policy.what_if('{"preset": "punchcard_strict"}', (SELECT month FROM v), 'HOTLINE-T1') w2,
                  jsonb_array_elements(w2.differing_lines) d),
          'under another preset, no line added cites the rules replaced');
SELECT set_eq($$ SELECT (d ->> 'measure')::numeric AS measure, (d ->> 'amount')::numeric AS amount
                   FROM cs_policy.what_if('{"preset": "punchcard_strict"}', (SELECT month FROM v), 'HOTLINE-T1') w2,
                        jsonb_array_elements(w2.differing_lines) d
                  WHERE d ->> 'change' = 'added' AND d ->> 'kind' = 'late' AND (d ->> 'measure')::numeric BETWEEN 6 AND 29 $$,
              $$ SELECT l.measure, 20::numeric FROM cs_policy.period_penalty_lines((SELECT month FROM v)) l
                  WHERE l.employee_id IN (SELECT employee_id FROM t1) AND l.kind = 'late' AND l.measure BETWEEN 6 AND 29 $$,
              'AT-7 replayed: every late of 6 to 29 minutes would cost 20 (up to 5, the first two are forgiven)');
RESET ROLE;

-- ------------------------------------------------------- it writes nothing

SELECT is((SELECT provolatile FROM pg_proc WHERE oid = 'cs_policy.what_if(jsonb, date, text)'::regprocedure),
          's', 'what_if is STABLE: the server itself refuses a write inside it');
CREATE TEMP TABLE writes AS
SELECT sum(n_tup_ins + n_tup_upd + n_tup_del) AS n FROM pg_stat_xact_user_tables WHERE schemaname = 'cs_policy';
SET ROLE tap_l_hr;
SELECT count(*) FROM cs_policy.what_if((SELECT draft FROM stricter), (SELECT month FROM v));
RESET ROLE;
SELECT is((SELECT sum(n_tup_ins + n_tup_upd + n_tup_del) FROM pg_stat_xact_user_tables WHERE schemaname = 'cs_policy'),
          (SELECT n FROM writes), 'a what-if of the whole center changed no row');

-- -------------------------------------------------------------- the draft

SET ROLE tap_l_hr;
SELECT throws_ok($$ SELECT * FROM cs_policy.what_if('{"score_base": 70}', (SELECT month FROM v)) $$,
                 '22023', 'what_if does not replay the setting "score_base"', 'a setting it does not replay is refused by name');
SELECT throws_ok($$ SELECT * FROM cs_policy.what_if('{}', (SELECT month FROM v)) $$,
                 '22023', 'a what-if draft needs preset, rules or punch_window_minutes', 'an empty draft is refused');
SELECT throws_ok($$ SELECT * FROM cs_policy.what_if('[1]', (SELECT month FROM v)) $$,
                 '22023', NULL, 'a draft that is not an object is refused');
SELECT throws_ok($$ SELECT * FROM cs_policy.what_if('{"preset": "complaints_hospital"}', (SELECT month FROM v)) $$,
                 '22023', 'preset "complaints_hospital" has no attendance rules', 'a preset without attendance rules is refused');
SELECT throws_ok($$ SELECT * FROM cs_policy.what_if('{"rules": "late (AT-1) = minutes: (10,0] 5"}', (SELECT month FROM v)) $$,
                 '22P02', NULL, 'a draft rulebook is checked as a policy''s is');
SELECT throws_ok($$ SELECT * FROM cs_policy.what_if('{"punch_window_minutes": 0}', (SELECT month FROM v)) $$,
                 '22023', 'a punch window of 0 minutes is out of range', 'a punch window is checked');
SELECT throws_ok($$ SELECT * FROM cs_policy.what_if('{"preset": "punchcard_strict"}', NULL) $$,
                 '22023', NULL, 'a what-if needs a period');
RESET ROLE;

-- ------------------------------------------------------------------ who

SET ROLE tap_l_hot;
SELECT throws_ok($$ SELECT * FROM cs_policy.what_if((SELECT draft FROM stricter), (SELECT month FROM v)) $$,
                 '42501', NULL, 'a manager does not run what-ifs: HR and directors do');
RESET ROLE;
-- SEC-2: a director sees what a draft charges, but not a wage's figures
SET ROLE tap_l_director;
CREATE TEMP TABLE wd AS
SELECT * FROM cs_policy.what_if((SELECT draft FROM stricter), (SELECT month FROM v), 'HOTLINE-T1');
RESET ROLE;
SELECT ok((SELECT bool_and(charged_now IS NULL AND charged_draft IS NULL AND charged_delta IS NULL)
             FROM wd WHERE grouped_by = 'total' OR employee_code = 'E0016'),
          'SEC-2: to a director, sums over a wage-based charge (E0016''s early leaving) and the total are withheld');
SELECT set_eq($$ SELECT employee_id, charged_delta FROM wd WHERE charged_delta IS NOT NULL $$,
              $$ SELECT employee_id, charged_delta FROM w
                  WHERE grouped_by = 'employee' AND employee_id NOT IN
                        (SELECT l.employee_id FROM cs_policy.period_penalty_lines((SELECT month FROM v)) l WHERE l.from_pay) $$,
              'and the others'' are HR''s figures');

SELECT * FROM finish();
ROLLBACK;
