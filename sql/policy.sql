-- Policies: named rule sets, versioned by date, attached to the whole
-- organisation or to one department and its subtree. policy_for() finds
-- the version in force: the nearest department wins, then the date decides.
SET client_min_messages = warning;
SET datestyle = ISO;
\set SHOW_CONTEXT never
-- Each example file starts from an empty install.
DROP EXTENSION cs_policy;
CREATE EXTENSION cs_policy;

-- A small center: one project with two teams.
SELECT cs_policy.create_department('ACME', 'Acme Service Center', 'center') > 0 AS created;
SELECT cs_policy.create_department('HOT', 'Hotline', 'project', parent => 'ACME') > 0 AS created;
SELECT cs_policy.create_department('HOT-A', 'Hotline team A', 'team', parent => 'HOT') > 0 AS created;
SELECT cs_policy.create_department('HOT-B', 'Hotline team B', 'team', parent => 'HOT') > 0 AS created;
SELECT code, kind, parent_code, full_name FROM cs_policy.department_overview ORDER BY code;

-- Two agents; daily wage defaults to monthly / 21.75.
SELECT cs_policy.hire_employee('A001', '王芳', 'HOT-A', 'agent', '2025-03-01', 5220) AS wang \gset
SELECT cs_policy.hire_employee('B001', '李强', 'HOT-B', 'agent', '2025-03-01', 6000, daily_wage => 300) AS li \gset
SELECT code, monthly_wage, daily_wage FROM cs_policy.employee ORDER BY code;

-- The whole organisation starts on attendance_tiered; the center moves to
-- callcenter_2012 in 2026; team B keeps its own stricter rules for 2025.
SELECT cs_policy.set_policy('company floor', 'attendance', 'attendance_tiered',
                            valid_from => '2025-01-01') AS floor \gset
SELECT cs_policy.set_policy('center attendance', 'attendance', 'callcenter_2012', 'ACME',
                            valid_from => '2026-01-01') AS center \gset
SELECT cs_policy.set_policy('team B punch cards', 'attendance', 'punchcard_strict', 'HOT-B',
                            valid_from => '2025-06-01', valid_until => '2026-01-01') AS team_b \gset
SELECT name, area, preset, department_code, valid_from, valid_until
  FROM cs_policy.policy_version ORDER BY valid_from, department_code;

-- Who is under which attendance rules, month by month.
SELECT d::date AS on_date,
       (cs_policy.policy_for(:wang, d::date, 'attendance')).preset AS "王芳 (team A)",
       (cs_policy.policy_for(:li, d::date, 'attendance')).preset AS "李强 (team B)"
  FROM generate_series('2024-12-01'::date, '2026-03-01', interval '3 months') AS d;

-- Boundaries: valid_from is the first day in force, valid_until the first day no longer.
SELECT (cs_policy.policy_for(:li, '2025-05-31', 'attendance')).name AS may_31,
       (cs_policy.policy_for(:li, '2025-06-01', 'attendance')).name AS june_1,
       (cs_policy.policy_for(:li, '2025-12-31', 'attendance')).name AS dec_31,
       (cs_policy.policy_for(:li, '2026-01-01', 'attendance')).name AS jan_1;

-- No policy in force: NULL (here: no complaint policy at all).
SELECT cs_policy.policy_for(:wang, '2025-07-01', 'complaint') IS NULL AS no_complaint_policy;

-- A second version for the same scope may not overlap the first ...
SELECT cs_policy.set_policy('center attendance v2', 'attendance', 'points_2024', 'ACME',
                            valid_from => '2026-06-01');
-- ... so the first is ended, and the new one starts that day.
SELECT cs_policy.end_policy(:center, '2026-06-01');
SELECT cs_policy.set_policy('center attendance v2', 'attendance', 'points_2024', 'ACME',
                            valid_from => '2026-06-01') > 0 AS recorded;
SELECT (cs_policy.policy_for(:wang, '2026-05-31', 'attendance')).preset AS may_31,
       (cs_policy.policy_for(:wang, '2026-06-01', 'attendance')).preset AS june_1;

-- Bad input is refused with a reason and a hint.
SELECT cs_policy.policy_for(:wang, '2025-07-01', 'overtime');
SELECT cs_policy.policy_for(-1, '2025-07-01', 'attendance');
SELECT cs_policy.set_policy('x', 'complaint', 'attendance_tiered');
SELECT cs_policy.set_policy('x', 'attendance', 'no_such_preset');
SELECT cs_policy.set_policy('x', 'attendance', department => 'HOT');
SELECT cs_policy.set_policy('x', 'attendance', 'punchcard_strict', 'NOWHERE');
SELECT cs_policy.set_policy('x', 'attendance', 'punchcard_strict', 'HOT',
                            valid_from => '2026-01-01', valid_until => '2025-01-01');
