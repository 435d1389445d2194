-- Closed means frozen, for calendars too (AT-15): a closed period was
-- judged by the calendars its rules name (the local days and deadline of
-- the attendance rules, SH-4's public holidays of the shift rules, the
-- working time of complaint SLAs). A change of such a calendar that
-- reaches a day of a closed period (or the week before it, which SH-4
-- reads) is refused; days after it, and calendars no closed period read,
-- change as before.
BEGIN;
SELECT plan(9);
SET client_min_messages = warning;

SELECT cs_policy.demo_center();
CREATE TEMP TABLE v AS
SELECT m.month, (m.month + interval '1 month - 1 day')::date AS last_day
  FROM (SELECT min(work_date) AS month FROM cs_policy.roster) m;
SELECT month, last_day FROM v \gset
-- one team's shift rules read a calendar of its own, a copy of cn
SELECT cs_policy.copy_calendar('cn', 'team_days') IS NOT NULL AS copied;
SELECT cs_policy.copy_calendar('cn', 'unused_days') IS NOT NULL AS copied;
SELECT cs_policy.set_policy('team calendar', 'shift', department => 'HOTLINE-T1',
                            settings => '{"calendar": "team_days"}', valid_from => '2020-01-01');
SELECT cs_policy.close_period_now(:'month') IS NOT NULL AS closed;

SELECT throws_like($$ SELECT cs_policy.set_calendar_day('team_days', (SELECT month FROM v) + 9, 'holiday', 'company day') $$,
                   'changing calendar team_days on % is refused: the attendance period % of HOTLINE-T1 % is closed',
                   'AT-15, SH-4: a holiday on a closed day of a calendar the closed period''s rules name is refused (it was judged by it)');
SELECT throws_ok($$ SELECT cs_policy.set_calendar_day('team_days',
                              (SELECT max(d)::date FROM v, generate_series(v.month - 6, v.month - 1, interval '1 day') d
                                WHERE cs_policy.is_working_day('team_days', d::date)), 'holiday', 'company day') $$,
                 '55000', NULL, 'AT-15, SH-4: so is a day of the week before the period (SH-4 counts the rest days of a week that ends in it)');
SELECT throws_ok($$ SELECT cs_policy.set_calendar_week('team_days', 'Mon-Fri 08:00-17:00') $$,
                 '55000', NULL, 'AT-15: and other working hours over the closed days');
SELECT throws_like($$ SELECT cs_policy.alter_calendar('team_days', time_zone => 'Asia/Tokyo') $$,
                   'changing the time zone of calendar team_days from Asia/Shanghai to Asia/Tokyo is refused: %',
                   'AT-15: and another time zone, which moves every closed day');
SELECT lives_ok($$ SELECT cs_policy.set_calendar_day('team_days', (SELECT last_day FROM v) + 10, 'holiday', 'company day') $$,
                'AT-15: a day after the closed period changes');
SELECT lives_ok($$ SELECT cs_policy.set_calendar_week('team_days', 'Mon-Fri 09:00-18:00', '2100-01-01..2100-02-28') $$,
                'AT-15: so do the hours of a later season');
SELECT lives_ok($$ SELECT cs_policy.set_calendar_day('unused_days', (SELECT month FROM v) + 9, 'holiday', 'company day') $$,
                'AT-15: a calendar no closed period''s rules name changes on any day');
SELECT cs_policy.reopen_period('HOTLINE-T1', :'month', 'a company day was forgotten');
SELECT lives_ok($$ SELECT cs_policy.set_calendar_day('team_days', (SELECT month FROM v) + 9, 'holiday', 'company day') $$,
                'AT-15: once HR has reopened the period, the day changes');
SELECT ok(NOT cs_policy.is_working_day('team_days', :'month'::date + 9), '(and the calendar says so)');

SELECT * FROM finish();
ROLLBACK;
