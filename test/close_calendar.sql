-- Closed means frozen, for calendars too (AT-15): a closed period was
-- judged by the calendars its rules name (the local days and deadline of
-- the attendance rules, SH-4's public holidays of the shift rules, the
-- working time of complaint SLAs) and its staffing rules name (SH-3). A
-- change of such a calendar that reaches a day the period read with it
-- (its days, the week before it, which SH-4 reads, and the morning after
-- its last day) is refused; other days, calendars no closed period read,
-- and calendars named only from a later day change as before.
BEGIN;
SELECT plan(20);
SET client_min_messages = warning;

SELECT cs_policy.demo_center();
CREATE TEMP TABLE v AS
SELECT m.month, (m.month + interval '1 month - 1 day')::date AS last_day,
       -- the month's first working day (on cn, which the copies start as)
       (SELECT min(d)::date FROM generate_series(m.month, m.month + 27, interval '1 day') d
         WHERE cs_policy.is_working_day('cn', d::date)) AS worked
  FROM (SELECT min(work_date) AS month FROM cs_policy.roster) m;
SELECT month, last_day, worked FROM v \gset
\ir lib/hint_of.sql
-- one team's shift rules read a calendar of their own, a copy of cn; the
-- hotline's shift rules another, which its other teams inherit; ECOM's
-- staffing rules a third; REPAIR's rules one only from the next month on
SELECT cs_policy.copy_calendar('cn', c) IS NOT NULL AS copied
  FROM unnest('{team_days,hotline_days,staffing_days,later_days,unused_days}'::text[]) AS c;
SELECT cs_policy.set_policy('team calendar', 'shift', department => 'HOTLINE-T1',
                            settings => '{"calendar": "team_days"}', valid_from => '2020-01-01');
SELECT cs_policy.set_policy('hotline calendar', 'shift', department => 'HOTLINE',
                            settings => '{"calendar": "hotline_days"}', valid_from => '2020-01-01');
SELECT cs_policy.set_staffing('ECOM', 'lunch', '12:00-13:00', 1, 'staffing_days', valid_from => '2020-01-01') IS NOT NULL;
SELECT cs_policy.close_period_now(:'month') IS NOT NULL AS closed;
SELECT cs_policy.set_policy('repair calendar', 'shift', department => 'REPAIR',
                            settings => '{"calendar": "later_days"}', valid_from => :'last_day'::date + 1);

SELECT throws_like($$ SELECT cs_policy.set_calendar_day('team_days', (SELECT worked FROM v), 'holiday', 'company day') $$,
                   'changing calendar team_days on % is refused: the attendance period % of HOTLINE-T1 % is closed',
                   'AT-15, SH-4: a holiday on a closed day of a calendar the closed period''s rules name is refused (it was judged by it)');
SELECT is(pg_temp.hint_of($$ SELECT cs_policy.set_calendar_day('team_days', (SELECT worked FROM v), 'holiday', 'company day') $$),
          format('Change the days from %s on only (a period reads the morning after its last day too), or have HR reopen the period first: SELECT cs_policy.reopen_period(''HOTLINE-T1'', ''%s'', ''why'');',
                 :'last_day'::date + 2, :'month'),
          'the hint says from which day a change is not refused, and how HR reopens the period');
SELECT throws_ok($$ SELECT cs_policy.set_calendar_day('team_days',
                              (SELECT max(d)::date FROM v, generate_series(v.month - 7, v.month - 1, interval '1 day') d
                                WHERE cs_policy.is_working_day('team_days', d::date)), 'holiday', 'company day') $$,
                 '55000', NULL, 'AT-15, SH-4: so is a day of the week before the period (SH-4 counts the rest days of a week that ends in it)');
SELECT throws_ok($$ SELECT cs_policy.set_calendar_week('team_days', 'Mon-Sun 08:00-17:00') $$,
                 '55000', NULL, 'AT-15: and other working hours over the closed days');
SELECT throws_ok($$ SELECT cs_policy.set_calendar_week('team_days', 'Mon-Fri 09:00-12:05,12:15-18:00',
                                                       (SELECT to_char(month, 'YYYY-MM-DD..') || to_char(last_day, 'YYYY-MM-DD') FROM v)) $$,
                 '55000', NULL, 'AT-15: even a break moved within a half hour (a complaint''s working time changes with it)');
SELECT throws_like($$ SELECT cs_policy.alter_calendar('team_days', time_zone => 'Asia/Tokyo') $$,
                   'changing the time zone of calendar team_days from Asia/Shanghai to Asia/Tokyo is refused: %',
                   'AT-15: and another time zone, which moves every closed day');
SELECT throws_ok($$ SELECT cs_policy.set_calendar_day('team_days',
                              (SELECT min(d)::date FROM v, generate_series(v.month, v.last_day, interval '1 day') d
                                WHERE NOT cs_policy.is_working_day('team_days', d::date)
                                  AND NOT EXISTS (SELECT FROM cs_policy.calendar_day c
                                                   WHERE c.calendar = 'team_days' AND c.day = d::date)), 'holiday', 'company day') $$,
                 '55000', NULL, 'AT-15, SH-4: so is a holiday on a day not worked anyway (SH-4 counts no holiday as a rest day)');
SELECT throws_ok($$ SELECT cs_policy.set_calendar_day('staffing_days', (SELECT worked FROM v), 'holiday', 'company day') $$,
                 '55000', NULL, 'AT-15, SH-3: so is one a closed period''s staffing rules name');
SELECT throws_ok($$ SELECT cs_policy.set_calendar_day('team_days', (SELECT last_day FROM v) + 1,
                              CASE WHEN EXISTS (SELECT FROM cs_policy.calendar_day d, v WHERE d.calendar = 'team_days'
                                                   AND d.day = v.last_day + 1 AND d.kind = 'holiday')
                                   THEN 'workday' ELSE 'holiday' END::cs_policy.day_kind, 'company day') $$,
                 '55000', NULL, 'AT-15: and the day after its last day, whose morning ends the last night shift');
SELECT lives_ok($$ SELECT cs_policy.set_calendar_day('team_days', (SELECT last_day FROM v) + 2, 'holiday', 'company day') $$,
                'AT-15: the day after that changes');
SELECT lives_ok($$ SELECT cs_policy.set_calendar_day('team_days', (SELECT month FROM v) - 8, 'holiday', 'company day') $$,
                'AT-15: so does a day before the week before the period');
SELECT lives_ok($$ SELECT cs_policy.set_calendar_week('team_days', 'Mon-Fri 09:00-18:00', '2100-01-01..2100-02-28') $$,
                'AT-15: and the hours of a later season');
SELECT lives_ok($$ SELECT cs_policy.set_calendar_day('unused_days', (SELECT worked FROM v), 'holiday', 'company day') $$,
                'AT-15: a calendar no closed period''s rules name changes on any day');
SELECT lives_ok($$ SELECT cs_policy.set_calendar_week('later_days', 'Mon-Fri 08:00-17:00') $$,
                'AT-15: so does one the rules name only from after the closed period (it did not judge it)');
SELECT lives_ok($$ SELECT cs_policy.alter_calendar('later_days', time_zone => 'Asia/Tokyo') $$,
                'AT-15: its time zone too');
SELECT cs_policy.set_calendar_day('team_days', (SELECT last_day FROM v) + 20, 'holiday', 'company day') IS NOT NULL AS named;
SELECT lives_ok($$ SELECT cs_policy.set_calendar_day('team_days', (SELECT last_day FROM v) + 20, 'holiday', 'the company''s day') $$,
                'AT-15: renaming a holiday changes no day');
SELECT cs_policy.reopen_period('HOTLINE-T1', :'month', 'a company day was forgotten');
SELECT lives_ok($$ SELECT cs_policy.set_calendar_day('team_days', (SELECT worked FROM v), 'holiday', 'company day') $$,
                'AT-15: once HR has reopened the period, the day changes');
SELECT ok(NOT cs_policy.is_working_day('team_days', :'worked'::date), '(and the calendar says so)');
-- the whole hotline reopened, and one team closed again: it reads the
-- hotline's calendar through the rules it inherits
SELECT cs_policy.reopen_period('HOTLINE', :'month', 'a company day was forgotten');
SELECT cs_policy.close_period_now(:'month', 'HOTLINE-T2') IS NOT NULL AS closed_again;
SELECT throws_like($$ SELECT cs_policy.set_calendar_day('hotline_days', (SELECT worked FROM v), 'holiday', 'company day') $$,
                   'changing calendar hotline_days on % is refused: the attendance period % of HOTLINE-T2 % is closed',
                   'AT-15: a calendar that closed periods read through the rules their department inherits is refused too');
-- the month before closed too: a change of one of its days is refused, and
-- the hint names the first day after every closed period that reads the
-- calendar (HOTLINE-T2's month), not only after the month before
SELECT cs_policy.close_period_now((:'month'::date - interval '1 month')::date) IS NOT NULL AS closed_before;
SELECT is(pg_temp.hint_of($$ SELECT cs_policy.set_calendar_day('hotline_days',
                              (SELECT min(d)::date FROM v, generate_series(v.month - interval '1 month', v.month - 8, interval '1 day') d
                                WHERE cs_policy.is_working_day('hotline_days', d::date)), 'holiday', 'company day') $$),
          format('Change the days from %s on only (a period reads the morning after its last day too), or have HR reopen the period first: SELECT cs_policy.reopen_period(''HOTLINE'', ''%s'', ''why'');',
                 :'last_day'::date + 2, (:'month'::date - interval '1 month')::date),
          'AT-15: with two months closed, the hint names the day after the later one''s');

SELECT * FROM finish();
ROLLBACK;
