-- Business calendars and working-time arithmetic, worked through China's
-- calendar: weekends and public holidays are off, make-up working days are
-- worked. Times are shown in Asia/Shanghai.
SET client_min_messages = warning;
SET intervalstyle = postgres;
SET timezone = 'Asia/Shanghai';
SET datestyle = 'ISO';
\set SHOW_CONTEXT never

-- The value of a calendar: one text that round-trips.
SELECT 'tz=Asia/Shanghai; week=Mon-Fri 09:00-18:00; off=2025-10-01..2025-10-08; on=2025-09-28,2025-10-11'::cs_policy.business_calendar;
-- Fields in any order, single days merged into ranges, zone names canonical.
SELECT 'on=2025-10-11, 2025-09-28; off=2025-10-03,2025-10-01..2025-10-02,2025-10-04..2025-10-08; week=Mon-Fri 09:00-18:00; tz=asia/shanghai'::cs_policy.business_calendar;
-- Seasonal and dated weeks; make-up days taking Friday's hours.
SELECT 'tz=Europe/Berlin; week=Mon-Thu 08:00-17:00; Fri 08:00-14:00; week 06-15..08-31=Mon-Fri 07:00-15:00; makeup=Fri; on=2025-12-20'::cs_policy.business_calendar;

-- National Day 2025: Oct 1-8 off; Sunday Sep 28 and Saturday Oct 11 worked.
SELECT d::date AS date, to_char(d, 'Dy') AS day, cs_policy.is_working_day('cn', d::date) AS working
  FROM generate_series('2025-09-26'::date, '2025-10-12', '1 day') AS g(d);

-- "Within n working days": the end of hours of the n-th working day after
-- the day of receipt (which does not count).
SELECT t AS received, n, cs_policy.add_working_days('cn', t, n) AS due
  FROM (VALUES (timestamptz '2025-09-29 10:00', 1),   -- Monday: due Tuesday 18:00
               ('2025-09-30 10:00', 1),               -- Tuesday before the holiday: due Thursday Oct 9
               ('2025-09-30 10:00', 3),               -- Oct 9, 10, then Saturday Oct 11 (make-up day)
               ('2025-10-03 10:00', 1),               -- received during the holiday
               ('2025-09-27 10:00', 1)) AS r(t, n);   -- received on a Saturday: Sunday Sep 28 is worked

-- n = 0: the end of the same day's hours if it is a working day, else of the next.
SELECT t AS received, cs_policy.add_working_days('cn', t, 0) AS due
  FROM (VALUES (timestamptz '2025-09-29 10:00'), ('2025-10-01 10:00'), ('2025-09-28 07:00')) AS r(t);

-- A request at 17:59 and one at 18:00 sharp on Friday Oct 10, 2025: the
-- calendar day counts, not the hour, so both are due on the same day; but
-- one minute of working time is left after the first and none after the second.
SELECT t AS received,
       cs_policy.add_working_days('cn', t, 1) AS due_1_working_day,
       cs_policy.add_working_time('cn', t, '2 hours') AS due_in_2_working_hours,
       cs_policy.working_time_between('cn', t, '2025-10-10 18:00') AS left_today
  FROM (VALUES (timestamptz '2025-10-10 17:59'), ('2025-10-10 18:00')) AS r(t);

-- Spring Festival 2026: Feb 15-23 off, Saturdays Feb 14 and Feb 28 worked.
SELECT t AS received, n, cs_policy.add_working_days('cn', t, n) AS due
  FROM (VALUES (timestamptz '2026-02-13 16:00', 1), ('2026-02-13 16:00', 2), ('2026-02-13 16:00', 3)) AS r(t, n);
SELECT cs_policy.working_time_between('cn', '2026-02-13 09:00', '2026-02-25 09:00') AS working_time_over_the_festival;

-- Large n: 250 working days is about a year.
SELECT cs_policy.add_working_days('cn', '2025-01-02 10:00', 250) AS due;

-- Working time moves through working hours only.
SELECT cs_policy.add_working_time('cn', '2025-09-30 17:00', '3 hours') AS due,
       cs_policy.working_time_between('cn', '2025-09-30 17:00', '2025-10-09 11:00') AS spent,
       cs_policy.working_time_between('cn', '2025-10-09 11:00', '2025-09-30 17:00') AS negative_when_reversed;

-- SH-2 seasonal hours: summer (from May 1) 08:30-11:30, 13:30-17:30;
-- winter (from Oct 1) 08:30-12:00, 13:00-17:00.
SELECT d AS day, cs_policy.working_time_between('cn_group_seasonal', d::timestamptz, (d + 1)::timestamptz) AS hours
  FROM (VALUES (date '2025-04-30'), ('2025-05-06'), ('2025-09-30'), ('2025-10-09')) AS t(d);

-- A 7x24 calendar: every hour counts, holidays too.
SELECT cs_policy.add_working_days('cn_7x24', '2025-10-01 10:00', 1) AS due,
       cs_policy.add_working_time('cn_7x24', '2025-10-01 23:30', '1 hour') AS due_in_1_hour,
       cs_policy.working_time_between('cn_7x24', '2025-09-30 00:00', '2025-10-09 00:00') AS nine_days;

-- A calendar with DST: in Berlin, March 30, 2025 had 23 hours and
-- October 26, 2025 had 25.
SELECT cs_policy.create_calendar('berlin_7x24', 'Europe/Berlin', week => 'Mon-Sun 00:00-24:00') IS NOT NULL AS created;
SET timezone = 'Europe/Berlin';
SELECT d AS day, cs_policy.working_time_between('berlin_7x24', d::timestamptz, (d + 1)::timestamptz) AS hours,
       cs_policy.add_working_days('berlin_7x24', d + time '12:00', 0) AS end_of_day
  FROM (VALUES (date '2025-03-29'), ('2025-03-30'), ('2025-10-26')) AS t(d);
SELECT cs_policy.add_working_time('berlin_7x24', '2025-03-30 01:30', '1 hour') AS one_hour_after_0130;
SET timezone = 'Asia/Shanghai';

-- Value form and name form agree; views pass the value (no query per row).
SELECT cs_policy.add_working_days(value, '2025-09-30 10:00', 1) AS by_value,
       cs_policy.add_working_days('cn', '2025-09-30 10:00', 1) AS by_name
  FROM cs_policy.calendar WHERE name = 'cn';

-- NULL in, NULL out.
SELECT cs_policy.is_working_day('cn', NULL) IS NULL AS a,
       cs_policy.add_working_days('cn', NULL, 1) IS NULL AS b,
       cs_policy.add_working_days('cn', now(), NULL) IS NULL AS c,
       cs_policy.add_working_time(NULL::text, now(), '1 hour') IS NULL AS d,
       cs_policy.working_time_between('cn', now(), NULL) IS NULL AS e;

-- Errors.
SELECT cs_policy.add_working_days('mars', '2025-10-01', 1);
SELECT cs_policy.add_working_days('cn', '2025-10-01', -1);
SELECT cs_policy.add_working_time('cn', '2025-10-01', '1 day');
SELECT cs_policy.add_working_time('cn', '2025-10-01', '-1 hour');
SELECT 'tz=Asia/Shanghai; week=Mon-Fri 09:00-18:00; off=2025-10-01..2025-10-08; on=2025-10-08'::cs_policy.business_calendar;
SELECT 'tz=Asia/Shanghai; week=Mon-Fri 09:00-18:00; off=2025-02-30'::cs_policy.business_calendar;
SELECT 'tz=Asia/Shanghai; off=2025-10-01'::cs_policy.business_calendar;
SELECT 'tz=Asia/Shanghai; week=Mon-Fri 09:00-18:00; holidays=2025-10-01'::cs_policy.business_calendar;
SELECT 'week=Mon-Fri 09:00-18:00; week 10-01..04-30=Mon-Fri 08:00-17:00'::cs_policy.business_calendar;
SELECT 'week=Mon-Fri 09:00-18:00; week 05-01..09-30=Mon-Fri 08:30-17:30; week 09-01..10-31=Mon-Fri 08:00-17:00'::cs_policy.business_calendar;
