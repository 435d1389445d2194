-- service_ladder_2023: the five-level ladder of the 2023 service handbook
-- (PR-2), with its pay and its demotion rules, worked through a small team.
SET client_min_messages = warning;
SET datestyle = ISO;
\set SHOW_CONTEXT never
DROP EXTENSION cs_policy;
CREATE EXTENSION cs_policy;
SELECT cs_policy.create_department('CTR', 'Service center', 'center') > 0 AS center,
       cs_policy.create_department('SVC', 'Service department', 'project', 'CTR') > 0 AS project;
SELECT count(cs_policy.hire_employee(code, name, 'SVC', role::cs_policy.staff_role, hired, 2200, grade => grade)) AS hired
  FROM (VALUES ('S01', '孙伟', 'supervisor', date '2020-01-01', NULL), ('A01', '王芳', 'agent', '2025-01-06', 'junior'),
               ('A02', '李强', 'agent', '2025-01-06', 'junior'), ('A03', '张敏', 'agent', '2025-01-06', 'junior'),
               ('A04', '刘洋', 'agent', '2025-01-06', 'junior'), ('A05', '陈静', 'agent', '2024-03-01', 'middle'))
       AS staff(code, name, role, hired, grade);
SELECT cs_policy.set_policy('service ladder', 'promotion', 'service_ladder_2023', 'CTR', '2024-01-01') > 0 AS policy;

-- The ladder: levels, pay, and what each takes (the handbook's words and
-- how cs_policy reads them).
SELECT position, level, pay, note FROM cs_policy.career_level WHERE ladder = 'service_ladder_2023' ORDER BY position;
SELECT level, criterion, param, required, months, note FROM cs_policy.level_criterion
 WHERE ladder = 'service_ladder_2023' ORDER BY level, criterion;
SELECT level, to_level, criterion, required, months, in_a_row FROM cs_policy.demotion_rule
 WHERE ladder = 'service_ladder_2023' ORDER BY level, criterion;

-- Reviews of April to June 2025 and the grades of the first quarter.
SELECT count(cs_policy.record_performance(a, m::date, 80, 0, 0, 0, s, acting_as => 'S01')) AS months
  FROM (VALUES ('A01', 96), ('A02', 91), ('A03', 91), ('A04', 91), ('A05', 70)) AS x(a, s),
       unnest('{2025-04-01,2025-05-01,2025-06-01}'::text[]) AS m;
SELECT count(cs_policy.record_quarter_grade(a, '2025-01-01', g, acting_as => 'S01')) AS grades
  FROM (VALUES ('A01', 'A'), ('A02', 'A'), ('A03', 'B'), ('A04', 'A')) AS x(a, g);
SELECT cs_policy.record_performance('A04', '2025-06-01', 80, 0, 0, 0, 90, acting_as => 'S01');

-- PR-2, "以部门内部匿名评比为辅": the department's anonymous peer ranking of
-- April to June, as the auditor finds its ballots (each agent ranks up to
-- three colleagues with cast_peer_ballot: 3, 2 and 1 points; the votes are
-- kept apart from the ballots). A01 10 points, A02 8, A03 4, A04 3.
INSERT INTO cs_policy.peer_ballot (department_id, quarter, ranking)
SELECT (SELECT department_id FROM cs_policy.department WHERE code = 'SVC'), '2025-04-01',
       ARRAY(SELECT e.employee_id FROM unnest(b) WITH ORDINALITY AS u(code, n) JOIN cs_policy.employee e USING (code) ORDER BY u.n)
  FROM (VALUES ('{A02,A03,A04}'::text[]), ('{A01,A03}'), ('{A01,A02}'), ('{A01}'), ('{A02,A04,A01}')) AS x(b);
SELECT quarter, department_code, employee_code, points, ballots, peer_rank FROM cs_policy.peer_ranking ORDER BY peer_rank;

-- Junior -> middle on 2025-07-01: A01 is first; A02 and A03 tie for 2nd
-- (ties share a rank); A04, a point lower in June, is 4th; A03 has no A;
-- in the peer ranking A01, A02 and A03 are the top 3, A04 is 4th.
SELECT e.code, c.level_sought, c.criterion, c.required, c.actual, c.met
  FROM cs_policy.employee e, cs_policy.promotion_check(e.employee_id, '2025-07-01') c
 WHERE e.code IN ('A01', 'A02', 'A03', 'A04') ORDER BY e.code, c.criterion;
SELECT e.code, cs_policy.is_eligible(e.employee_id, '2025-07-01') AS eligible
  FROM cs_policy.employee e WHERE e.role = 'agent' ORDER BY e.code;

-- A middle agent with two quarterly B in a row goes back to junior.
SELECT count(cs_policy.record_quarter_grade('A05', q::date, 'B', acting_as => 'S01')) AS grades
  FROM unnest('{2025-04-01,2025-07-01}'::text[]) AS q;
SELECT c.* FROM cs_policy.demotion_check((SELECT employee_id FROM cs_policy.employee WHERE code = 'A05'), '2025-10-01') c;

-- AT-15 (seeds 003): the attendance clerk closes the month on the 25th.
-- The department keeps the center's penalty rules (callcenter_2012) and
-- takes the handbook's close: a policy with settings only.
SET timezone = 'Asia/Shanghai';
SELECT cs_policy.set_policy('center attendance', 'attendance', 'callcenter_2012', 'CTR', '2024-01-01') > 0 AS rules,
       cs_policy.set_policy('service close', 'attendance', 'service_ladder_2023', 'SVC', '2024-01-01') > 0 AS close;
SELECT cs_policy.define_shift_template('day', 'SVC', '08:30-17:30', 'cn_7x24') > 0 AS template;
SELECT count(cs_policy.assign_shift('A01', d::date, 'day', acting_as => 'S01')) AS shifts
  FROM generate_series('2025-12-22'::date, '2025-12-30', '1 day') AS d;
-- late 20 minutes on the 25th, 10 on the 26th; no punch on the 28th, 29th
-- and 30th; in after 08:20 but by 08:30 on the 22nd, 23rd, 24th and 27th:
-- late to the 10-minute briefing (SH-6, a line without a charge)
INSERT INTO cs_policy.punch (employee_id, at, kind, source)
SELECT e.employee_id, (d + t::interval) AT TIME ZONE 'Asia/Shanghai', k::cs_policy.punch_kind, 'time clock'
  FROM cs_policy.employee e,
       (VALUES ('2025-12-22'::date, '08:28', 'in'), ('2025-12-22', '17:31', 'out'), ('2025-12-23', '08:29', 'in'),
               ('2025-12-23', '17:30', 'out'), ('2025-12-24', '08:25', 'in'), ('2025-12-24', '17:32', 'out'),
               ('2025-12-25', '08:50', 'in'), ('2025-12-25', '17:30', 'out'), ('2025-12-26', '08:40', 'in'),
               ('2025-12-26', '17:30', 'out'), ('2025-12-27', '08:30', 'in'), ('2025-12-27', '17:35', 'out')) AS p(d, t, k)
 WHERE e.code = 'A01';
-- the two periods either side of the close
SELECT p.* FROM cs_policy.attendance_period((SELECT employee_id FROM cs_policy.employee WHERE code = 'A01'), '2025-12-25') p;
SELECT p.* FROM cs_policy.attendance_period((SELECT employee_id FROM cs_policy.employee WHERE code = 'A01'), '2025-12-26') p;
-- the 25th's late is charged in the period closing that day ...
SELECT line, work_date, kind, rule_id, also_cites, absence_days, explanation
  FROM cs_policy.penalty_lines((SELECT employee_id FROM cs_policy.employee WHERE code = 'A01'), '2025-12-25');
-- ... the 26th's in January's, with the three shifts missed in a row from
-- the 28th (AT-9: resignation on the 30th)
SELECT line, work_date, kind, rule_id, also_cites, measure, flags, explanation
  FROM cs_policy.penalty_lines((SELECT employee_id FROM cs_policy.employee WHERE code = 'A01'), '2025-12-26');
SELECT period_first, period_last, period_label, period_deadline, late, absences, days_absent, flags
  FROM cs_policy.attendance_totals((SELECT employee_id FROM cs_policy.employee WHERE code = 'A01'), '2026-01-10');
SELECT work_date, late_minutes, absence, period_label
  FROM cs_policy.attendance_day('2025-12-26', (SELECT employee_id FROM cs_policy.employee WHERE code = 'A01'))
 ORDER BY work_date;

-- SH-5 (seeds 003): next month's roster is published before the month
-- ends, and the roster of a month with a public holiday a week before the
-- holiday (一周前: holiday_roster_days_ahead 7). The department publishes
-- January to March 2026 only now: each was due by the day shown (January
-- a week before New Year's Day), so each is published and reported late.
SELECT cs_policy.set_policy('service shifts', 'shift', 'service_ladder_2023', 'SVC', '2024-01-01') > 0 AS policy;
SELECT count(cs_policy.publish_roster('SVC', m::date, acting_as => 'S01')) AS published
  FROM generate_series('2026-01-01'::date, '2026-03-01', '1 month') AS m;
SELECT p.month, p.due_by, p.late FROM cs_policy.roster_publication p JOIN cs_policy.department d USING (department_id)
 WHERE d.code = 'SVC' ORDER BY p.month;
