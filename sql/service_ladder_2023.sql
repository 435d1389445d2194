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

-- Junior -> middle on 2025-07-01: A01 is first; A02 and A03 tie for 2nd
-- (ties share a rank); A04, a point lower in June, is 4th; A03 has no A.
SELECT e.code, c.level_sought, c.criterion, c.required, c.actual, c.met
  FROM cs_policy.employee e, cs_policy.promotion_check(e.employee_id, '2025-07-01') c
 WHERE e.code IN ('A01', 'A02', 'A03', 'A04') ORDER BY e.code, c.criterion;
SELECT e.code, cs_policy.is_eligible(e.employee_id, '2025-07-01') AS eligible
  FROM cs_policy.employee e WHERE e.role = 'agent' ORDER BY e.code;

-- A middle agent with two quarterly B in a row goes back to junior.
SELECT count(cs_policy.record_quarter_grade('A05', q::date, 'B', acting_as => 'S01')) AS grades
  FROM unnest('{2025-04-01,2025-07-01}'::text[]) AS q;
SELECT c.* FROM cs_policy.demotion_check((SELECT employee_id FROM cs_policy.employee WHERE code = 'A05'), '2025-10-01') c;
