-- group_seasonal: the group attendance rules of handbook 000 (AT-6) with
-- winter office hours (SH-2: 08:30-12:00 and 13:00-17:00 from October 1 to
-- May 1), one month of one agent, and a colleague's full attendance.
\set preset group_seasonal
\set shift '08:30-12:00,13:00-17:00'
\set calendar cn_group_seasonal
\i sql/preset_month.psql

SELECT rulebook FROM cs_policy.preset_rulebook WHERE preset = 'group_seasonal';

-- Late within 15 minutes of the start: 20 each time; leaving within 15
-- minutes of the end: 20. Beyond 15 minutes up to 4 hours: half a day's
-- absence; more than 4 hours: a whole day (the handbook breaks off here;
-- this reading is an inference, labelled in the preset's note).
SELECT pg_temp.clock('A001', '2025-12-01', '08:40 in, 17:05 out');               -- 10 minutes late
SELECT pg_temp.clock('A001', '2025-12-02', '08:20 in, 16:45 out');               -- 15 minutes early
SELECT pg_temp.clock('A001', '2025-12-03', '08:51 in, 17:05 out');               -- 21 minutes late
SELECT pg_temp.clock('A001', '2025-12-04', '08:20 in, 12:00 out');               -- gone after the morning
-- A missing punch without an approved explanation is absence: the half
-- day it should have closed.
SELECT pg_temp.clock('A001', '2025-12-05', '17:05 out');
-- Out for lunch and back before 13:00: the break of a split shift is not time away.
SELECT pg_temp.clock('A001', '2025-12-08', '08:22 in, 12:01 out, 12:58 in, 17:03 out');
SELECT pg_temp.clock_normally('A001');
SELECT pg_temp.clock_normally('B001');

SELECT * FROM pg_temp.lines('A001');
SELECT * FROM pg_temp.totals('A001');
SELECT work_date, late_minutes, early_minutes, away_minutes, missing_in, absence_days, absence
  FROM cs_policy.attendance_day('2025-12-01') WHERE employee_code = 'A001' AND work_date <= '2025-12-08' ORDER BY work_date;

-- Full attendance in a month earns a bonus of 50 (a negative charge).
SELECT * FROM pg_temp.lines('B001');
SELECT * FROM pg_temp.totals('B001');
