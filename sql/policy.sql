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

-- The whole organisation starts on attendance_tiered (the company floor);
-- the center charges lateness more from 2026; team B charges early leave
-- more for the second half of 2025. Department rules may be stricter than
-- those above them, never more lenient (AT-5).
SELECT cs_policy.set_policy('company floor', 'attendance', 'attendance_tiered',
                            valid_from => '2025-01-01') AS floor \gset
SELECT cs_policy.set_policy('center attendance', 'attendance', 'attendance_tiered', 'ACME',
                            valid_from => '2026-01-01',
                            settings => '{"rules": "late (AT-1) = minutes: (0,10] 5 per unit; (10,30] 60; (30,60) 1 daily_wage; [60,) absence"}')
       AS center \gset
SELECT cs_policy.set_policy('team B early leave', 'attendance', 'attendance_tiered', 'HOT-B',
                            valid_from => '2025-06-01', valid_until => '2026-01-01',
                            settings => '{"rules": "early (AT-1) = minutes: (0,10] 8 per unit; (10,30] 100; (30,60) 1 daily_wage; [60,) absence"}')
       AS team_b \gset
SELECT name, area, preset, department_code, valid_from, valid_until, version
  FROM cs_policy.policy_version ORDER BY valid_from, department_code;

-- A policy's rulebook is its preset's, with its own rules replacing the same subjects.
SELECT subject, rule_ids, ladder FROM cs_policy.rulebook_rules((SELECT rulebook FROM cs_policy.policy WHERE policy_id = :team_b))
 WHERE subject IN ('late', 'early');

-- Who is under which attendance rules, month by month.
SELECT d::date AS on_date,
       (cs_policy.policy_for(:wang, d::date, 'attendance')).name AS "王芳 (team A)",
       (cs_policy.policy_for(:li, d::date, 'attendance')).name AS "李强 (team B)"
  FROM generate_series('2024-12-01'::date, '2026-03-01', interval '3 months') AS d;

-- Boundaries: valid_from is the first day in force, valid_until the first day no longer.
SELECT (cs_policy.policy_for(:li, '2025-05-31', 'attendance')).name AS may_31,
       (cs_policy.policy_for(:li, '2025-06-01', 'attendance')).name AS june_1,
       (cs_policy.policy_for(:li, '2025-12-31', 'attendance')).name AS dec_31,
       (cs_policy.policy_for(:li, '2026-01-01', 'attendance')).name AS jan_1;

-- No policy in force: NULL (here: no complaint policy at all).
SELECT cs_policy.policy_for(:wang, '2025-07-01', 'complaint') IS NULL AS no_complaint_policy;

-- AT-5: rules more lenient than those above them are refused, saying where.
SELECT cs_policy.set_policy('team A punch cards', 'attendance', 'punchcard_strict', 'HOT-A',
                            valid_from => '2025-06-01');
SELECT cs_policy.set_policy('team A', 'attendance', 'attendance_tiered', 'HOT-A', valid_from => '2025-06-01',
                            settings => '{"rules": "late (AT-1) = minutes: (0,15] 4 per unit; (15,30] 50; (30,60) 1 daily_wage; [60,) absence"}');
-- ... and so is a stricter company rule that would leave a department below it.
SELECT cs_policy.set_policy('tighter floor', 'attendance', 'attendance_tiered', 'HOT', valid_from => '2025-09-01',
                            valid_until => '2026-01-01', settings => '{"rules": "early (AT-1) = minutes: (0,10] 10 per unit; (10,30] 100; (30,60) 1 daily_wage; [60,) absence"}');

-- A second version for the same scope may not overlap the first ...
SELECT cs_policy.set_policy('center attendance', 'attendance', 'attendance_tiered', 'ACME',
                            valid_from => '2026-06-01',
                            settings => '{"rules": "late (AT-1) = minutes: (0,10] 6 per unit; (10,30] 80; (30,60) 1 daily_wage; [60,) absence"}');
-- ... so the first is ended, and the new one, version 2, starts that day.
SELECT cs_policy.end_policy(:center, '2026-06-01');
SELECT cs_policy.set_policy('center attendance', 'attendance', 'attendance_tiered', 'ACME',
                            valid_from => '2026-06-01',
                            settings => '{"rules": "late (AT-1) = minutes: (0,10] 6 per unit; (10,30] 80; (30,60) 1 daily_wage; [60,) absence"}')
       > 0 AS recorded;
SELECT p.name, p.version, l.rule AS twelve_minutes_late
  FROM cs_policy.policy p
 CROSS JOIN LATERAL cs_policy.rulebook_rules(p.rulebook) r
 CROSS JOIN LATERAL cs_policy.ladder_apply(r.ladder, 12) l
 WHERE p.name = 'center attendance' AND r.subject = 'late' ORDER BY p.version;
SELECT (cs_policy.policy_for(:wang, '2026-05-31', 'attendance')).version AS may_31,
       (cs_policy.policy_for(:wang, '2026-06-01', 'attendance')).version AS june_1;

-- Bad input is refused with a reason and a hint.
SELECT cs_policy.policy_for(:wang, '2025-07-01', 'overtime');
SELECT cs_policy.policy_for(-1, '2025-07-01', 'attendance');
SELECT cs_policy.set_policy('x', 'complaint', 'attendance_tiered');
SELECT cs_policy.set_policy('x', 'attendance', 'callcenter_2012', 'HOT-B', valid_from => '2027-01-01',
                            settings => '{"rules": ["late"]}');
SELECT cs_policy.set_policy('x', 'attendance', 'callcenter_2012', 'HOT-B', valid_from => '2027-01-01',
                            settings => '{"rules": "late (AT-8) = hours: (0,1] 5"}');
SELECT cs_policy.set_policy('x', 'attendance', 'no_such_preset');
SELECT cs_policy.set_policy('x', 'attendance', department => 'HOT');
SELECT cs_policy.set_policy('x', 'attendance', 'punchcard_strict', 'NOWHERE');
SELECT cs_policy.set_policy('x', 'attendance', 'punchcard_strict', 'HOT',
                            valid_from => '2026-01-01', valid_until => '2025-01-01');
