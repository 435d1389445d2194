-- group_seasonal: the group attendance rules of handbook 000 (AT-6, AT-20) with
-- winter office hours (SH-2: 08:30-12:00 and 13:00-17:00 from October 1 to
-- May 1), one month of one agent, and a colleague's full attendance.
\set preset group_seasonal
\set shift '08:30-12:00,13:00-17:00'
\set calendar cn_group_seasonal
\i sql/preset_month.psql

SELECT rulebook FROM cs_policy.preset_rulebook WHERE preset = 'group_seasonal';

-- AT-20: below manager level each half day has its own sign-in and
-- sign-out, judged alone (an ordinary day is four punches: in, out for
-- lunch, back, out). Late within 15 minutes of the start: 20 each time;
-- leaving within 15 minutes of the end: 20. Beyond 15 minutes up to 4
-- hours: half a day's absence; more than 4 hours: a whole day (the
-- handbook breaks off here; this reading is an inference, labelled in the
-- preset's note).
SELECT pg_temp.clock('A001', '2025-12-01', '08:40 in, 12:05 out, 12:50 in, 17:05 out');   -- 10 minutes late
SELECT pg_temp.clock('A001', '2025-12-02', '08:20 in, 12:03 out, 12:52 in, 16:45 out');   -- 15 minutes early
SELECT pg_temp.clock('A001', '2025-12-03', '08:51 in, 12:02 out, 12:55 in, 17:05 out');   -- 21 minutes late
-- A half day without a punch is half a day's absence (AT-20).
SELECT pg_temp.clock('A001', '2025-12-04', '08:20 in, 12:05 out');                         -- gone after the morning
SELECT pg_temp.clock('A001', '2025-12-05', '12:48 in, 17:05 out');                         -- came after lunch
-- A missing punch without an approved explanation is absence: the half
-- day it should have closed (AT-6); at noon too (AT-20).
SELECT pg_temp.clock('A001', '2025-12-08', '08:22 in, 12:01 out, 17:03 out');              -- no sign-in after lunch
-- Back from lunch late is a late (AT-20): 12 minutes, 20.
SELECT pg_temp.clock('A001', '2025-12-09', '08:22 in, 12:01 out, 13:12 in, 17:03 out');
-- AT-20: punching for someone else is a major demerit the first time and
-- a dismissal review the second. The team lead 周杰 (L001) punched in for
-- 王芳 on 12-10 and on 12-11; she came neither day, and the punches made
-- for her do not count (AT-7).
SELECT pg_temp.clock('A001', '2025-12-10', '08:25 in');
SELECT cs_policy.report_proxy_punch((SELECT max(punch_id) FROM cs_policy.punch), 'L001', 'seen on the camera of the time clock',
                                    acting_as => 'S001') > 0 AS reported;
SELECT pg_temp.clock('A001', '2025-12-11', '08:26 in');
SELECT cs_policy.report_proxy_punch((SELECT max(punch_id) FROM cs_policy.punch), 'L001', 'seen on the camera again',
                                    acting_as => 'S001') > 0 AS reported;
SELECT pg_temp.clock_normally('A001');
SELECT pg_temp.clock_normally('B001');

SELECT * FROM pg_temp.lines('A001');
SELECT * FROM pg_temp.totals('A001');
SELECT work_date, late_minutes, early_minutes, away_minutes, missing_in, absence_days, absence
  FROM cs_policy.attendance_day('2025-12-01') WHERE employee_code = 'A001' AND work_date <= '2025-12-11' ORDER BY work_date;
SELECT * FROM pg_temp.lines('L001');

-- Full attendance in a month earns a bonus of 50 (a negative charge).
SELECT * FROM pg_temp.lines('B001');
SELECT * FROM pg_temp.totals('B001');

-- AT-20: managers and above punch twice a day, in and out: 赵敏 (M001)
-- works the office hours without punching at noon: nothing is charged, and
-- his month is full attendance.
SELECT count(cs_policy.assign_shift('M001', d, 'office', acting_as => 'S001')) AS shifts
  FROM unnest('{2025-12-01,2025-12-02}'::date[]) AS d;
SELECT pg_temp.clock('M001', d, '08:21 in, 17:04 out') FROM unnest('{2025-12-01,2025-12-02}'::date[]) AS d;
SELECT * FROM pg_temp.lines('M001');
