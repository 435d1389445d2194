-- policy_for: the nearest department wins, then the date decides; bad
-- versions are refused with specific SQLSTATEs. (Shift policies: the
-- attendance area adds the floor of AT-5, tested in test/penalty.sql.)
BEGIN;
SELECT plan(30);

SELECT cs_policy.create_department('C1', 'Center', 'center');
SELECT cs_policy.create_department('P1', 'Project 1', 'project', 'C1');
SELECT cs_policy.create_department('P2', 'Project 2', 'project', 'C1');
SELECT cs_policy.create_department('T1', 'Team 1', 'team', 'P1');
SELECT cs_policy.create_department('C2', 'Other center', 'center');
CREATE TEMP TABLE who AS
SELECT cs_policy.hire_employee('T1-A', 'agent in T1', 'T1', 'agent', '2024-01-01', 5000) AS t1,
       cs_policy.hire_employee('P2-A', 'agent in P2', 'P2', 'agent', '2024-01-01', 5000) AS p2,
       cs_policy.hire_employee('C2-A', 'agent in C2', 'C2', 'agent', '2024-01-01', 5000) AS c2;

CREATE FUNCTION pg_temp.preset_for(e bigint, d date, a text DEFAULT 'shift') RETURNS text
LANGUAGE sql AS $$ SELECT (cs_policy.policy_for(e, d, a)).preset $$;

-- No match.
SELECT is(cs_policy.policy_for((SELECT t1 FROM who), '2025-01-01', 'shift'), NULL,
          'no policy recorded: policy_for is NULL');

SELECT cs_policy.set_policy('floor', 'shift', 'callcenter_7x24', valid_from => '2025-01-01');
SELECT cs_policy.set_policy('center 1', 'shift', 'callcenter_2012', 'C1', valid_from => '2025-01-01');
SELECT cs_policy.set_policy('project 1', 'shift', 'group_seasonal', 'P1', valid_from => '2025-03-01',
                            valid_until => '2025-07-01');
SELECT cs_policy.set_policy('team 1', 'shift', 'points_2024', 'T1', valid_from => '2025-05-01',
                            valid_until => '2025-06-01');

SELECT is(pg_temp.preset_for((SELECT t1 FROM who), '2024-12-31'), NULL, 'before every version: no policy');
SELECT is(pg_temp.preset_for((SELECT c2 FROM who), '2025-01-01'), 'callcenter_7x24',
          'a center without its own policy gets the policy for every department');
SELECT is(pg_temp.preset_for((SELECT p2 FROM who), '2025-01-01'), 'callcenter_2012',
          'the center''s policy beats the one for every department');
SELECT is(pg_temp.preset_for((SELECT t1 FROM who), '2025-02-28'), 'callcenter_2012',
          'before the project''s version starts, the center''s applies');
SELECT is(pg_temp.preset_for((SELECT t1 FROM who), '2025-03-01'), 'group_seasonal',
          'the project''s version applies to its teams from its first day');
SELECT is(pg_temp.preset_for((SELECT p2 FROM who), '2025-03-01'), 'callcenter_2012',
          'a project''s policy does not reach a sibling project');
SELECT is(pg_temp.preset_for((SELECT t1 FROM who), '2025-05-15'), 'points_2024',
          'the team''s own version is nearest and wins');
SELECT is(pg_temp.preset_for((SELECT t1 FROM who), '2025-06-01'), 'group_seasonal',
          'valid_until is the first day the team version no longer applies');
SELECT is(pg_temp.preset_for((SELECT t1 FROM who), '2025-07-01'), 'callcenter_2012',
          'after the project version ends, the center''s applies again');
SELECT is(pg_temp.preset_for((SELECT t1 FROM who), '2025-07-01', 'leave'), NULL,
          'areas are independent: no leave policy recorded');
SELECT is((cs_policy.policy_for((SELECT t1 FROM who), '2025-05-15', 'shift')).name, 'team 1',
          'policy_for returns the whole version row');
SELECT is(cs_policy.policy_for((SELECT t1 FROM who), NULL, 'shift'), NULL, 'no date: NULL');

-- Bad input.
SELECT throws_ok($$ SELECT cs_policy.set_policy('again', 'shift', 'points_2024', 'P1', valid_from => '2025-06-01') $$,
                 '23P01', NULL, 'an overlapping version for the same area and department is refused');
SELECT throws_ok($$ SELECT cs_policy.set_policy('again', 'shift', 'points_2024', valid_from => '2024-06-01') $$,
                 '23P01', NULL, 'an open-ended version reaching into a later one is refused too');
SELECT lives_ok($$ SELECT cs_policy.set_policy('leave', 'leave', 'callcenter_2012', 'P1', valid_from => '2025-06-01') $$,
                'the same department may have a version in another area');
SELECT throws_ok($$ INSERT INTO cs_policy.policy (name, area, preset, department_id, valid_during)
                    SELECT 'raw', 'shift', 'points_2024', department_id, '[2025-04-01,2025-05-01)'
                      FROM cs_policy.department WHERE code = 'P1' $$,
                 '23P01', NULL, 'the exclusion constraint refuses overlaps that bypass set_policy');
SELECT throws_ok($$ SELECT cs_policy.set_policy('x', 'shift', 'points_2024', 'NOWHERE') $$,
                 'P0002', 'department "NOWHERE" does not exist', 'unknown department');
SELECT throws_ok($$ SELECT cs_policy.set_policy('x', 'overtime', 'points_2024') $$,
                 '22023', 'unknown rule area "overtime"', 'unknown area in set_policy');
SELECT throws_ok($$ SELECT cs_policy.policy_for((SELECT t1 FROM who), '2025-01-01', 'overtime') $$,
                 '22023', 'unknown rule area "overtime"', 'unknown area in policy_for');
SELECT throws_ok($$ SELECT cs_policy.policy_for(-42, '2025-01-01', 'shift') $$,
                 'P0002', 'employee -42 does not exist', 'unknown employee in policy_for');
SELECT throws_ok($$ SELECT cs_policy.set_policy('x', 'complaint', 'points_2024', 'C2', settings => '[1]') $$,
                 '22023', 'policy settings must be a JSON object, not array', 'settings must be an object');
SELECT throws_ok($$ SELECT cs_policy.end_policy(
                        (SELECT policy_id FROM cs_policy.policy WHERE name = 'project 1'), '2025-02-01') $$,
                 '22023', NULL, 'a version cannot end before it starts');
SELECT throws_ok($$ SELECT cs_policy.end_policy(
                        (SELECT policy_id FROM cs_policy.policy WHERE name = 'floor'), NULL) $$,
                 '22023', NULL, 'end_policy needs a date');

-- policy_in_force, the view reads join on, agrees with the nearest-first
-- choice (written out here as the old lookup was) on every day, and gives at most one version
-- per department, area and day.
SELECT is_empty($$
    SELECT d.department_id, a.area, g.day::date
      FROM cs_policy.department d
     CROSS JOIN unnest(enum_range(NULL::cs_policy.rule_area)) AS a(area)
     CROSS JOIN generate_series('2024-06-01'::date, '2026-06-01'::date, interval '5 days') AS g(day)
     WHERE (SELECT count(*) FROM cs_policy.policy_in_force f
             WHERE f.department_id = d.department_id AND f.area = a.area AND f.in_force @> g.day::date) > 1 $$,
    'policy_in_force: at most one version in force per department, area and day');
SELECT is_empty($$
    SELECT d.department_id, a.area, g.day::date
      FROM cs_policy.department d
     CROSS JOIN unnest(enum_range(NULL::cs_policy.rule_area)) AS a(area)
     CROSS JOIN generate_series('2024-06-01'::date, '2026-06-01'::date, interval '5 days') AS g(day)
     WHERE (SELECT f.policy_id FROM cs_policy.policy_in_force f
             WHERE f.department_id = d.department_id AND f.area = a.area AND f.in_force @> g.day::date)
           IS DISTINCT FROM (SELECT q.policy_id FROM cs_policy.policy q
                              WHERE q.area = a.area AND q.valid_during @> g.day::date
                                AND (q.department_id IS NULL OR q.department_id = ANY (d.path))
                              ORDER BY array_position(d.path, q.department_id) DESC NULLS LAST LIMIT 1) $$,
    'policy_in_force gives the nearest department''s version in force that day, then the one for every department');

-- Settings of the wrong kind are refused when the policy is written, not
-- at every read of the views that use them.
SELECT throws_ok($$ SELECT cs_policy.set_policy('bad peak', 'shift', 'callcenter_7x24', valid_from => '2030-01-01',
                                                 settings => '{"peak_hours": "lunchtime"}') $$,
                 '22023', 'setting peak_hours is hours of the day such as "10:00-12:00,14:00-17:00", not "lunchtime"',
                 'SH-3: peak hours that are no shift hours are refused (the staffing view would fail on them)');
SELECT throws_ok($$ SELECT cs_policy.set_policy('bad night', 'shift', 'callcenter_7x24', valid_from => '2030-01-01',
                                                 settings => '{"night_min_on_line": -2}') $$,
                 '22023', 'setting night_min_on_line is a whole number from 0 to 100000, not -2',
                 'SH-3: a negative minimum staffing is refused');
SELECT throws_ok($$ SELECT cs_policy.set_policy('bad briefing', 'shift', NULL, valid_from => '2030-01-01',
                                                 settings => '{"briefing_minutes": "ten"}') $$,
                 '22023', 'setting briefing_minutes is a whole number from 0 to 240, not "ten"',
                 'SH-6: briefing minutes are a number (the roster refuses more than 240)');
SELECT lives_ok($$ SELECT cs_policy.check_policy_settings('{"peak_hours": "09:30-11:30", "night_hours": "22:00-06:00",
                                                            "answer_rate_min": 0.85, "briefing_minutes": 15}') $$,
                'SH-3: shift hours crossing midnight and an answer rate as a share are accepted');

SELECT * FROM finish();
ROLLBACK;
