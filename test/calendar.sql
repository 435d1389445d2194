-- Calendars: the shipped ones, the commands that change a calendar and keep
-- its compiled value current, the text and binary forms of workweek and
-- business_calendar, and the errors.
BEGIN;
SELECT plan(49);

-- Shipped calendars.
SELECT set_eq($$ SELECT name FROM cs_policy.calendar $$, ARRAY['cn', 'cn_group_seasonal', 'cn_7x24'],
              'cn, cn_group_seasonal and cn_7x24 are installed');
SELECT is((SELECT time_zone FROM cs_policy.calendar WHERE name = 'cn'), 'Asia/Shanghai', 'calendar cn is in Asia/Shanghai');
SELECT is((SELECT count(*) FROM cs_policy.calendar_day WHERE calendar = 'cn')::integer, 108,
          'every row of data/cn_public_holidays.csv is loaded into cn');
SELECT is((SELECT count(*) FROM cs_policy.calendar_day WHERE calendar = 'cn' AND kind = 'workday')::integer, 19,
          'including the 19 make-up working days');
SELECT is((SELECT count(*) FROM cs_policy.calendar_day WHERE calendar = 'cn_group_seasonal')::integer, 108,
          'cn_group_seasonal has China''s holidays too');
SELECT is((SELECT count(*) FROM cs_policy.calendar_day WHERE calendar = 'cn_7x24')::integer, 0,
          'a 7x24 center works on holidays');
SELECT results_eq($$ SELECT day FROM cs_policy.calendar_day
                      WHERE calendar = 'cn' AND day BETWEEN '2026-02-01' AND '2026-02-28' AND kind = 'workday' ORDER BY day $$,
                  $$ VALUES ('2026-02-14'::date), ('2026-02-28') $$,
                  'Spring Festival 2026: Saturdays Feb 14 and Feb 28 are worked');
SELECT is((SELECT value::text FROM cs_policy.calendar WHERE name = 'cn_7x24'),
          'tz=Asia/Shanghai; week=Mon-Sun 00:00-24:00', 'cn_7x24 works every hour of every day');
SELECT ok((SELECT value::text FROM cs_policy.calendar WHERE name = 'cn_group_seasonal')
          LIKE 'tz=Asia/Shanghai; week=Mon-Fri 08:30-12:00,13:00-17:00; week 05-01..09-30=Mon-Fri 08:30-11:30,13:30-17:30; off=2024-01-01,%',
          'SH-2: cn_group_seasonal works winter hours, and summer hours from May 1 until Oct 1');
SELECT ok((SELECT value::text FROM cs_policy.calendar WHERE name = 'cn')
          LIKE '%2025-10-01..2025-10-08%' AND
          (SELECT value::text FROM cs_policy.calendar WHERE name = 'cn') LIKE '%; on=%2025-09-28,2025-10-11%',
          'the compiled value of cn holds National Day 2025 and its make-up days');

-- Shipped calendars are read-only.
SELECT throws_ok($$ SELECT cs_policy.set_calendar_day('cn', '2027-01-01', 'holiday', 'New Year''s Day') $$,
                 '55000', 'calendar "cn" was installed with the extension and is read-only',
                 'days cannot be added to a shipped calendar');
SELECT throws_ok($$ SELECT cs_policy.remove_calendar_day('cn', '2025-10-08') $$, '55000', NULL,
                 'nor removed');
SELECT throws_ok($$ SELECT cs_policy.set_calendar_week('cn', 'Mon-Sat 09:00-18:00') $$, '55000', NULL,
                 'its hours cannot be changed');
SELECT throws_ok($$ SELECT cs_policy.alter_calendar('cn', time_zone => 'Asia/Tokyo') $$, '55000', NULL,
                 'nor its time zone');

-- A copy is the same calendar, and can be changed.
SELECT lives_ok($$ SELECT cs_policy.copy_calendar('cn', 'acme') $$, 'a calendar is copied');
SELECT is((SELECT count(*) FROM cs_policy.calendar_day WHERE calendar = 'acme')::integer, 108, 'with all its days');
SELECT ok((SELECT value FROM cs_policy.calendar WHERE name = 'acme') OPERATOR(cs_policy.=)
          (SELECT value FROM cs_policy.calendar WHERE name = 'cn'), 'and the same compiled value');
SELECT is(cs_policy.is_working_day('acme', '2027-01-01'), true, 'Jan 1, 2027 is a Friday: worked, before it is marked');
SELECT lives_ok($$ SELECT cs_policy.set_calendar_day('acme', '2027-01-01', 'holiday', 'New Year''s Day') $$,
                'a later year is added to the copy');
SELECT is(cs_policy.is_working_day('acme', '2027-01-01'), false,
          'the name form sees the change at once in the same session (its cache was emptied)');
SELECT is(cs_policy.is_working_day((SELECT value FROM cs_policy.calendar WHERE name = 'acme'), '2027-01-01'), false,
          'and so does the stored value');
SELECT is(cs_policy.remove_calendar_day('acme', '2027-01-01'), true, 'a day is removed again');
SELECT is(cs_policy.remove_calendar_day('acme', '2027-01-01'), false, 'removing a day that has no entry says so');
SELECT is(cs_policy.is_working_day('acme', '2027-01-01'), true, 'and the cache follows');
SELECT is(cs_policy.set_calendar_week('acme', 'Mon-Fri 08:00-12:00', '2026-07-01..2026-08-31')::text
              LIKE '%; week 2026-07-01..2026-08-31=Mon-Fri 08:00-12:00; off=%', true,
          'a dated week is compiled into the value');
SELECT is(cs_policy.working_time_between('acme', '2026-07-01 00:00+08', '2026-07-02 00:00+08'), interval '4 hours',
          'and the dated week is in force on its first day');
SELECT is(cs_policy.alter_calendar('acme', makeup_hours_of => 'Fri')::text LIKE '%; makeup=Fri; off=%', true,
          'the weekday whose hours make-up days take can be changed');
SELECT throws_ok($$ SELECT cs_policy.set_calendar_week('acme', 'Mon-Fri 08:00-11:00', '2026-08-01..2026-09-30') $$,
                 '22P02', NULL, 'dated weeks may not overlap');
SELECT throws_ok($$ SELECT cs_policy.set_calendar_week('acme', 'Mon-Fri 08:00-11:00', 'summer') $$,
                 '22023', 'invalid period "summer"', 'a period is MM-DD..MM-DD or YYYY-MM-DD..YYYY-MM-DD');
SELECT throws_ok($$ SELECT cs_policy.remove_calendar_week('acme', '') $$,
                 '22023', 'the default week of a calendar cannot be removed', 'the default week stays');
SELECT lives_ok($$ SELECT cs_policy.remove_calendar_week('acme', '2026-07-01..2026-08-31') $$, 'a dated week is removed');

-- Errors.
SELECT throws_ok($$ SELECT cs_policy.create_calendar('berlin', 'CET2') $$,
                 '22023', 'unknown time zone "CET2"', 'unknown time zones are refused');
SELECT throws_ok($$ SELECT cs_policy.create_calendar('Berlin Office', 'Europe/Berlin') $$,
                 '22023', 'invalid calendar name "Berlin Office"', 'calendar names are identifiers');
SELECT throws_ok($$ SELECT cs_policy.create_calendar('cn') $$, '23505', 'calendar "cn" already exists',
                 'calendar names are unique');
SELECT throws_ok($$ SELECT cs_policy.set_calendar_day('nowhere', '2025-01-01', 'holiday', 'x') $$,
                 'P0002', 'calendar "nowhere" does not exist', 'unknown calendar in a command');
SELECT throws_ok($$ SELECT cs_policy.add_working_days('nowhere', now(), 1) $$,
                 'P0002', 'calendar "nowhere" does not exist', 'unknown calendar in the name form');
SELECT throws_ok($$ SELECT 'Mox 09:00-18:00'::cs_policy.workweek $$, '22P02', NULL, 'unknown day');
SELECT throws_ok($$ SELECT 'Mon 18:00-09:00'::cs_policy.workweek $$, '22007', NULL, 'a window that ends before it starts');
SELECT throws_ok($$ SELECT 'Mon 09:00-24:30'::cs_policy.workweek $$, '22007', NULL, 'past 24:00');
SELECT throws_ok($$ SELECT 'Mon 09:00-12:00,11:00-13:00'::cs_policy.workweek $$, '22P02', NULL, 'overlapping windows');
SELECT throws_ok($$ SELECT 'tz=Mars/Olympus; week=Mon 09:00-10:00'::cs_policy.business_calendar $$,
                 '22023', 'time zone "Mars/Olympus" not recognized', 'unknown zone in a calendar value');

-- Binary send and receive: what one server writes, another reads back equal;
-- a damaged value is refused.
CREATE TEMP TABLE binary_values (w cs_policy.workweek, c cs_policy.business_calendar);
INSERT INTO binary_values
SELECT 'Mon-Fri 08:30-12:00,13:00-17:30; Sat 09:00-12:00', value FROM cs_policy.calendar;
CREATE TEMP TABLE binary_copy (LIKE binary_values);
DO $$
DECLARE
    f text := '/tmp/cs_policy_binary_' || pg_backend_pid() || '.copy';
BEGIN
    EXECUTE format('COPY binary_values TO %L (FORMAT binary)', f);
    EXECUTE format('COPY binary_copy FROM %L (FORMAT binary)', f);
    -- the binary form of a workweek with 9 windows on Monday
    EXECUTE format($q$COPY (SELECT '\x0009'::bytea) TO %L (FORMAT binary)$q$, f);
END
$$;
SELECT set_eq($$ SELECT w::text || c::text FROM binary_copy $$, $$ SELECT w::text || c::text FROM binary_values $$,
              'workweek and business_calendar survive binary COPY unchanged');
SELECT throws_ok(format($$ COPY binary_copy (w) FROM %L (FORMAT binary) $$,
                        '/tmp/cs_policy_binary_' || pg_backend_pid() || '.copy'),
                 '22P03', 'invalid binary workweek', 'binary input re-runs the checks of the text input');

-- What a change of a calendar changes, day by day (AT-15 refuses it over
-- closed days): the first day whose working hours differ.
SELECT is(cs_policy.calendar_first_difference('week=Mon-Fri 09:00-18:00', 'week=Mon-Fri 09:00-18:00; off=2026-03-04',
                                              '2026-03-01', '2026-03-31'),
          '2026-03-04'::date, 'calendar_first_difference: a holiday is a day that differs');
SELECT is(cs_policy.calendar_first_difference('week=Mon-Fri 09:00-12:05,12:15-18:00', 'week=Mon-Fri 09:00-12:15,12:25-18:00',
                                              '2026-03-01', '2026-03-31'),
          '2026-03-02'::date, 'so are other hours, even within one half hour (the first Monday)');
SELECT is(cs_policy.calendar_first_difference('week=Mon-Fri 09:00-18:00', 'week=Mon-Fri 09:00-18:00; off=2026-03-07',
                                              '2026-03-01', '2026-03-31'),
          '2026-03-07'::date, 'and a holiday on a Saturday, not worked either way (SH-4 counts no holiday as a rest day)');
SELECT is(cs_policy.calendar_first_difference('week=Mon-Fri 09:00-18:00', 'week=Mon-Fri 09:00-18:00; off=2026-03-04',
                                              '2026-03-05', '2026-03-31'),
          NULL, 'NULL where no day of the range differs');
SELECT is(cs_policy.calendar_first_difference('tz=Asia/Shanghai; week=Mon-Fri 09:00-18:00', 'tz=Asia/Tokyo; week=Mon-Fri 09:00-18:00',
                                              '2026-03-01', '2026-03-31'),
          NULL, 'the same local hours in another time zone are the same hours (calendar_time_zone compares the zones)');
SELECT throws_ok($$ SELECT cs_policy.calendar_first_difference('week=Mon-Fri 09:00-18:00', 'week=Mon-Fri 09:00-17:00',
                                                              '0001-01-01', '9999-12-31') $$,
                 '54000', NULL, 'a range longer than a century is refused (it would scan for minutes)');

SELECT * FROM finish();
ROLLBACK;
