-- The demo center: deterministic, so tests and benchmarks see the same data.
SET client_min_messages = warning;
SET datestyle = ISO;
\set SHOW_CONTEXT never
-- Each example file starts from an empty install.
DROP EXTENSION cs_policy;
CREATE EXTENSION cs_policy;

SELECT cs_policy.demo_center(agents => 30, month => '2025-10-01', seed => 7) > 0 AS loaded;

SELECT code, kind, manager_name, headcount
  FROM cs_policy.department_overview ORDER BY code;

SELECT role, count(*), min(hired_on), max(hired_on), min(monthly_wage), max(monthly_wage)
  FROM cs_policy.employee GROUP BY role ORDER BY role;

SELECT code, name, role, grade, hired_on, probation_ends, monthly_wage, daily_wage
  FROM cs_policy.employee WHERE code IN ('E0001', 'E0002', 'E0010', 'E0020') ORDER BY code;

SELECT name, area, preset, department_code, valid_from, valid_until
  FROM cs_policy.policy_version ORDER BY area, department_code, valid_from;

-- Loading twice is refused.
SELECT cs_policy.demo_center(agents => 30, month => '2025-10-01', seed => 7);
-- Too few agents for three projects.
SELECT cs_policy.demo_center(agents => 2);

-- Calendar cn in October 2025: the National Day and Mid-Autumn holiday
-- (Oct 1-8) and its make-up working days (Sep 28, Oct 11).
SELECT day, to_char(day, 'Dy') AS weekday, kind, name
  FROM cs_policy.calendar_day
 WHERE calendar = 'cn' AND day BETWEEN '2025-09-27' AND '2025-10-12'
 ORDER BY day;

-- The month's attendance (AT-1 to AT-14): punches from the time clock,
-- corrections, leave, incidents, and what they come to.
SELECT count(*) AS punches, count(*) FILTER (WHERE source = 'correction') AS corrected FROM cs_policy.punch;
SELECT kind, count(*) AS incidents FROM cs_policy.incident GROUP BY kind ORDER BY kind;
SELECT kind, count(*) AS lines, sum(amount) AS amount, sum(points) AS points
  FROM cs_policy.period_penalty_lines('2025-10-01') GROUP BY kind ORDER BY kind;
SELECT employee_code, work_date, amount, explanation
  FROM cs_policy.period_penalty_lines('2025-10-01')
 ORDER BY amount DESC, employee_code, line LIMIT 5;

-- The month's complaints (CP-1 to CP-10), chats (CP-6) and call backs (CP-8).
SELECT category, count(*) AS received, count(*) FILTER (WHERE state = 'closed') AS closed,
       count(*) FILTER (WHERE emergency) AS emergencies, count(*) FILTER (WHERE repair) AS repairs,
       min(number) AS first_number, max(number) AS last_number
  FROM cs_policy.complaint GROUP BY category ORDER BY category;
SELECT target, rule_id, count(*) FILTER (WHERE state = 'met') AS met, count(*) FILTER (WHERE state = 'breached') AS breached,
       count(*) FILTER (WHERE state IN ('running', 'at_risk')) AS running,
       count(*) FILTER (WHERE paused > interval '0') AS paused, justify_hours(max(paused)) AS longest_pause
  FROM cs_policy.complaint_sla_at('2025-11-05 12:00+08') GROUP BY target, rule_id ORDER BY rule_id, target;
SELECT count(*) AS agents, sum(greetings) AS conversations, sum(greetings_late) AS greetings_late, sum(replies) AS replies, sum(replies_late) AS replies_late
  FROM cs_policy.chat_month WHERE month = '2025-10-01';
SELECT count(*) AS callbacks, round(avg(score), 1) AS avg_score FROM cs_policy.repair_callback_overview;
SELECT employee_code, work_date, rule_id, amount, explanation
  FROM cs_policy.period_penalty_lines('2025-10-01') WHERE rule_id = 'CP-9' ORDER BY work_date, employee_code;

-- A year of performance (PR-1): the candidates of the quarter graded on 2025-10-01.
SELECT current_level, level_sought, eligible, count(*) AS agents
  FROM (SELECT c.employee_id, c.current_level, c.level_sought, bool_and(c.met) AS eligible
          FROM cs_policy.promotion_check_at('2025-10-01') c GROUP BY 1, 2, 3) x
 GROUP BY 1, 2, 3 ORDER BY 1, 2, 3;
SELECT e.code, c.level_sought, c.criterion, c.param, c.required, c.actual, c.met
  FROM cs_policy.employee e, cs_policy.promotion_check(e.employee_id, '2025-10-01') c
 WHERE e.code = (SELECT min(x.employee_code) FROM cs_policy.promotion_check_at('2025-10-01') x
                  GROUP BY x.employee_id HAVING bool_and(x.met) ORDER BY 1 LIMIT 1);
