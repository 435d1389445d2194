-- Calendars: the shipped cn holidays, and the commands that change a calendar.
BEGIN;
SELECT plan(17);

SELECT is((SELECT time_zone FROM cs_policy.calendar WHERE name = 'cn'), 'Asia/Shanghai', 'calendar cn is in Asia/Shanghai');
SELECT is((SELECT count(*) FROM cs_policy.calendar_day WHERE calendar = 'cn')::integer, 108,
          'every row of data/cn_public_holidays.csv is loaded');
SELECT is((SELECT count(*) FROM cs_policy.calendar_day WHERE calendar = 'cn' AND kind = 'workday')::integer, 19,
          'including the 19 make-up working days');
SELECT results_eq($$ SELECT day FROM cs_policy.calendar_day
                      WHERE calendar = 'cn' AND day BETWEEN '2026-02-01' AND '2026-02-28' AND kind = 'workday' ORDER BY day $$,
                  $$ VALUES ('2026-02-14'::date), ('2026-02-28') $$,
                  'Spring Festival 2026: Saturdays Feb 14 and Feb 28 are worked');
SELECT is((SELECT kind::text || ' ' || name FROM cs_policy.calendar_day WHERE calendar = 'cn' AND day = '2025-10-08'),
          'holiday National Day and Mid-Autumn Festival', 'Oct 8, 2025 is off');

SELECT throws_ok($$ SELECT cs_policy.set_calendar_day('cn', '2025-10-08', 'workday', 'mine') $$,
                 '55000', 'day 2025-10-08 of calendar "cn" was installed with the extension and cannot be changed',
                 'shipped days cannot be changed in place');
SELECT throws_ok($$ SELECT cs_policy.remove_calendar_day('cn', '2025-10-08') $$,
                 '55000', NULL, 'nor removed');
SELECT lives_ok($$ SELECT cs_policy.set_calendar_day('cn', '2027-01-01', 'holiday', 'New Year''s Day') $$,
                'a later year is added to cn');
SELECT lives_ok($$ SELECT cs_policy.copy_calendar('cn', 'acme') $$, 'a calendar is copied');
SELECT is((SELECT count(*) FROM cs_policy.calendar_day WHERE calendar = 'acme')::integer, 109,
          'with all its days');
SELECT lives_ok($$ SELECT cs_policy.set_calendar_day('acme', '2025-10-08', 'workday', 'company decision') $$,
                'the copy can be changed');
SELECT is(cs_policy.remove_calendar_day('acme', '2025-10-08'), true, 'and days removed from it');
SELECT is(cs_policy.remove_calendar_day('acme', '2025-10-08'), false, 'removing a day that has no entry says so');

SELECT throws_ok($$ SELECT cs_policy.create_calendar('berlin', 'CET2') $$,
                 '22023', 'unknown time zone "CET2"', 'unknown time zones are refused');
SELECT throws_ok($$ SELECT cs_policy.create_calendar('Berlin Office', 'Europe/Berlin') $$,
                 '22023', 'invalid calendar name "Berlin Office"', 'calendar names are identifiers');
SELECT throws_ok($$ SELECT cs_policy.create_calendar('cn') $$, '23505', 'calendar "cn" already exists',
                 'calendar names are unique');
SELECT throws_ok($$ SELECT cs_policy.set_calendar_day('nowhere', '2025-01-01', 'holiday', 'x') $$,
                 'P0002', 'calendar "nowhere" does not exist', 'unknown calendar');

SELECT * FROM finish();
ROLLBACK;
