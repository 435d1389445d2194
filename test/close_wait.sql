-- A period is over once its last shifts are judged (AT-15): the engine
-- judges a shift once its sign-out window (punch_window_minutes after its
-- end) is over, and the night shift of a period's last day ends the next
-- morning. A close before then would store those shifts unjudged, so it
-- waits.
BEGIN;
SELECT plan(4);
SET client_min_messages = warning;

SELECT cs_policy.demo_center();
CREATE TEMP TABLE v AS
SELECT m.month, (m.month + interval '1 month - 1 day')::date AS last_day,
       -- the repair project and its teams, whose shifts they are
       ARRAY(SELECT d.department_id FROM cs_policy.department d JOIN cs_policy.department p ON p.department_id = ANY (d.path)
              WHERE p.code = 'REPAIR' ORDER BY 1) AS repair
  FROM (SELECT min(work_date) AS month FROM cs_policy.roster) m;

SELECT is(cs_policy.last_shifts_judged_at((SELECT repair FROM v), (SELECT array_fill(last_day, ARRAY[cardinality(repair)]) FROM v)),
          (SELECT max(upper(r.instants)) + interval '180 minutes' FROM cs_policy.roster r, v
            WHERE r.department_id = ANY (v.repair) AND r.work_date BETWEEN v.last_day - 1 AND v.last_day),
          'AT-15: the last shifts of a period are judged when the latest of its last day ends, and its sign-out window after it (180 minutes in the demo''s rules)');
SELECT ok(cs_policy.last_shifts_judged_at((SELECT repair FROM v), (SELECT array_fill(last_day, ARRAY[cardinality(repair)]) FROM v))
          > (SELECT last_day + 1 FROM v)::timestamp AT TIME ZONE 'Asia/Shanghai',
          'AT-15: (the night shift of the last day ends the next morning)');
SELECT is(cs_policy.last_shifts_judged_at((SELECT repair FROM v), (SELECT array_fill('2000-01-31'::date, ARRAY[cardinality(repair)]) FROM v)), NULL,
          'AT-15: a period without shifts waits for none');

-- a shift of the last day that is not over yet (loaded as a database
-- administrator would, bypassing the commands)
INSERT INTO cs_policy.roster (employee_id, work_date, template_id, department_id, shift, instants)
SELECT r.employee_id, v.last_day, r.template_id, r.department_id, r.shift,
       tstzmultirange(tstzrange((v.last_day::timestamp + time '23:00') AT TIME ZONE 'Asia/Shanghai', now() + interval '1 hour'))
  FROM cs_policy.roster r, v
 WHERE r.department_id = ANY (v.repair)
   AND NOT EXISTS (SELECT FROM cs_policy.roster q WHERE q.employee_id = r.employee_id AND q.work_date >= v.last_day - 1)
 ORDER BY r.employee_id LIMIT 1;
SELECT throws_like($$ SELECT cs_policy.close_period_now((SELECT month FROM v), 'REPAIR') $$,
                   'the attendance period % is not over: its last shifts are judged from %',
                   'AT-15: a close waits until the last shifts of its period are judged');
-- (close_due_periods, which commits, waits too: test/close_race.sh)

SELECT * FROM finish();
ROLLBACK;
