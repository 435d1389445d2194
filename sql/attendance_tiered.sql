-- attendance_tiered: the company attendance rules of handbook 000 (AT-1 to
-- AT-5), one month of one agent. 王芳 (A001) works 08:30-17:30 every
-- working day of December 2025 and earns 5,220 a month, 240.00 a day.
\set preset attendance_tiered
\set shift '08:30-17:30'
\set calendar cn
\i sql/preset_month.psql

SELECT rulebook FROM cs_policy.preset_rulebook WHERE preset = 'attendance_tiered';

-- AT-1: late, early and away from post up to 10 minutes cost 4 a minute,
-- over 10 up to 30 minutes 50, over 30 and under 60 a day's wage, and 60
-- minutes or more are absence. AT-2: from the 3rd in the month, 100 more.
SELECT pg_temp.clock('A001', '2025-12-01', '08:37:20 in, 17:35 out');                  -- 7 minutes late
SELECT pg_temp.clock('A001', '2025-12-02', '08:42:10 in, 17:31 out');                  -- 12 minutes late
SELECT pg_temp.clock('A001', '2025-12-03', '08:20 in, 17:25 out');                     -- 5 minutes early: the 3rd
SELECT pg_temp.clock('A001', '2025-12-04', '08:21 in, 10:00 out, 10:25 in, 17:40 out'); -- 25 minutes away
SELECT pg_temp.clock('A001', '2025-12-05', '09:15 in, 17:35 out');                     -- 45 minutes late
-- AT-3: absence from 1 hour to under half a day costs a day's wage, half a
-- day or more two, a whole day three.
SELECT pg_temp.clock('A001', '2025-12-08', '09:45:30 in, 17:35 out');                  -- 75 minutes late
SELECT pg_temp.clock('A001', '2025-12-09', '08:25 in, 12:30 out');                     -- left 5 hours early
-- 12-10 and 12-16: no punch at all.
-- AT-4: a missed punch not corrected; the handbook's table of charges is cut off.
SELECT pg_temp.clock('A001', '2025-12-11', '08:24 in');
-- A typhoon morning, excused by an approved exception (AT-8).
SELECT pg_temp.clock('A001', '2025-12-12', '09:10 in, 17:40 out');
SELECT cs_policy.decide_exception(
           cs_policy.request_exception('2025-12-12', 'bad_weather', 'typhoon warning, metro closed', 'A001',
                                       acting_as => 'S001'), true, acting_as => 'S001');
-- Annual leave on 12-15, approved through its chain beforehand (LV-1).
INSERT INTO cs_policy.leave_request (employee_id, leave_type, first_day, last_day, days, reason, approvers, approvals, state)
SELECT employee_id, 'annual', '2025-12-15', '2025-12-15', 1, 'family visit', '{team_lead}', 1, 'approved'
  FROM cs_policy.employee WHERE code = 'A001';
SELECT pg_temp.clock_normally('A001', '2025-12-10', '2025-12-15', '2025-12-16');

-- One line per charge; the month's absence (2.69 days) costs half the
-- monthly wage instead of its per-absence charges, since that is more (AT-3).
SELECT * FROM pg_temp.lines('A001');
SELECT * FROM pg_temp.totals('A001');

-- The same days as attendance_day shows them.
SELECT work_date, late_minutes, early_minutes, away_minutes, missing_out, excused, on_leave, absence_days, absence
  FROM cs_policy.attendance_day('2025-12-01') WHERE employee_code = 'A001' AND work_date <= '2025-12-16' ORDER BY work_date;

-- AT-5: the team lead covered up the late of 12-02; the supervisor reports
-- it, and the team lead pays three times the employee's penalty.
SELECT cs_policy.report_cover_up('L001', 'A001', '2025-12-02', 'signed the agent in as on time', acting_as => 'S001') > 0 AS reported;
SELECT * FROM pg_temp.lines('L001');

-- AT-2: 15 or more in a month: dismissal. 李强 (B001) is 2 minutes late on 15 days.
SELECT sum(pg_temp.clock('B001', d::date, '08:32 in, 17:35 out')) AS punches
  FROM generate_series('2025-12-01'::date, '2025-12-19', interval '1 day') AS d
 WHERE cs_policy.is_working_day('cn', d::date);
SELECT pg_temp.clock_normally('B001');
SELECT * FROM pg_temp.lines('B001') WHERE day >= '2025-12-18';
SELECT * FROM pg_temp.totals('B001');

-- AT-5: a department's rules may be stricter, never more lenient.
SELECT cs_policy.set_policy('team A punch cards', 'attendance', 'punchcard_strict', 'HOT-A', valid_from => '2025-12-01');
SELECT cs_policy.set_policy('team A', 'attendance', 'attendance_tiered', 'HOT-A', valid_from => '2025-12-01',
                            settings => '{"rules": "away (AT-1, AT-5) = minutes: (0,10] 10 per unit; (10,30] 100; (30,60) 1 daily_wage; [60,) absence"}')
       > 0 AS stricter_team_rules;
SELECT line, day, amount, explanation FROM pg_temp.lines('A001') WHERE day = '2025-12-04';
