-- Facts outside the employment. Only the days from the hiring day to the
-- last day are judged: a fact recorded for another day would be judged as
-- if the person had worked then (a shift before the hire as an absence, an
-- incident before it charged). Every command that records a fact for a
-- day refuses a day outside the employment (22023), naming the employment
-- and the day; deciding, cancelling or withdrawing a fact recorded before
-- stays possible. (A shift outside the employment: test/roster.sql.)
BEGIN;
SELECT plan(20);
SET client_min_messages = warning;
SET LOCAL timezone = 'Asia/Shanghai';

SELECT cs_policy.create_department('C', 'Center', 'center');
SELECT cs_policy.create_department('J', 'Project', 'project', 'C');
SELECT cs_policy.create_department(c, c, 'team', 'J') FROM unnest('{K,T,P}'::text[]) c;
-- KN, TN and PN are hired today, KL leaves in five days, KT in three
SELECT cs_policy.hire_employee(c, c, d, r::cs_policy.staff_role, h::date, 6000)
  FROM (VALUES ('V1', 'C', 'supervisor', '2024-01-01'), ('K1', 'K', 'agent', '2024-01-01'),
               ('KN', 'K', 'agent', current_date::text), ('KL', 'K', 'agent', '2024-01-01'),
               ('KT', 'K', 'agent', current_date::text), ('TN', 'T', 'team_lead', current_date::text),
               ('T1', 'T', 'agent', '2024-01-01'), ('PN', 'P', 'agent', current_date::text)) AS x(c, d, r, h);
SELECT cs_policy.set_policy(t || ' rules', 'attendance', p, t, valid_from => '2024-01-01')
  FROM (VALUES ('K', 'punchcard_strict'), ('T', 'attendance_tiered'), ('P', 'points_2024')) AS x(t, p);
SELECT cs_policy.end_employment('KL', current_date + 5, 'resigned');
SELECT cs_policy.end_employment('KT', current_date + 3, 'resigned');
CREATE TEMP TABLE v AS
SELECT current_date - 1 AS yesterday, current_date AS today, current_date + 5 AS kl_last,
       date_trunc('month', current_date)::date AS this_month;
SELECT yesterday, today, kl_last, this_month FROM v \gset

-- ----------------------------------------------------- before the hire

SELECT throws_ok($$ SELECT cs_policy.request_punch_correction(now() - interval '1 day', 'in', 'forgot', acting_as => 'KN') $$,
                 '22023', format('KN works from %s to now: no punch correction on %s', :'today', :'yesterday'),
                 'a punch correction for a day before the hire is refused');
SELECT throws_ok($$ SELECT cs_policy.request_exception(current_date - 1, 'field_work', 'visited a customer', acting_as => 'KN') $$,
                 '22023', format('KN works from %s to now: no attendance exception on %s', :'today', :'yesterday'),
                 'an attendance exception for a day before the hire is refused');
SELECT throws_ok($$ SELECT cs_policy.record_incident('KN', 'lost_card', current_date - 1, 'lost it', acting_as => 'V1') $$,
                 '22023', format('KN works from %s to now: no incident on %s', :'today', :'yesterday'),
                 'an incident on a day before the hire is refused');
SELECT lives_ok($$ SELECT cs_policy.record_incident('KN', 'lost_card', current_date, 'lost it', acting_as => 'V1') $$,
                'an incident on the hiring day is recorded');
-- a punch of K1's yesterday, reported as punched by KN, hired today
INSERT INTO cs_policy.punch (employee_id, at, kind, source)
SELECT e.employee_id, now() - interval '1 day', 'in', 'time clock' FROM cs_policy.employee e WHERE e.code = 'K1';
SELECT throws_ok($$ SELECT cs_policy.report_proxy_punch((SELECT max(punch_id) FROM cs_policy.punch), 'KN', 'seen on camera', acting_as => 'V1') $$,
                 '22023', format('KN works from %s to now: no proxy punch incident on %s', :'today', :'yesterday'),
                 'a proxy punch by someone not yet hired that day is refused (it charges both)');
SELECT is((SELECT count(*) FROM cs_policy.incident i JOIN cs_policy.employee e USING (employee_id) WHERE e.code = 'K1'),
          0::bigint, 'and the punch''s owner is charged nothing either');
SELECT throws_ok($$ SELECT cs_policy.report_cover_up('TN', 'T1', current_date - 1, 'signed T1 in as on time', acting_as => 'V1') $$,
                 '22023', format('TN works from %s to now: no cover-up incident on %s', :'today', :'yesterday'),
                 'a cover-up by a team lead on a day before their hire is refused');
SELECT throws_ok($$ SELECT cs_policy.record_daily_metrics('KN', current_date - 1, 5, 80, acting_as => 'V1') $$,
                 '22023', format('KN works from %s to now: no daily metrics on %s', :'today', :'yesterday'),
                 'daily metrics of a day before the hire are refused');
SELECT throws_ok($$ SELECT cs_policy.adjust_score('PN', date_trunc('month', current_date - interval '1 month')::date, 2, 'coached', acting_as => 'V1') $$,
                 '22023', format('PN works from %s to now: no score adjustment from %s to %s', :'today',
                                 (:'this_month'::date - interval '1 month')::date, :'this_month'::date - 1),
                 'a score adjustment for a month before the hire is refused');
SELECT lives_ok($$ SELECT cs_policy.adjust_score('PN', date_trunc('month', current_date)::date, 2, 'coached', acting_as => 'V1') $$,
                'a score adjustment for the month of the hire is recorded (the month need only meet the employment)');

-- ----------------------------------------------------- after the leaving

SELECT throws_ok($$ SELECT cs_policy.request_leave('annual', current_date + 7, current_date + 8, 2, 'family', acting_as => 'KL') $$,
                 '22023', format('KL works from 2024-01-01 to %s: no leave from %s to %s', :'kl_last', :'today'::date + 7, :'today'::date + 8),
                 'leave after the last day is refused');
SELECT lives_ok($$ SELECT cs_policy.request_leave('annual', current_date + 4, current_date + 5, 2, 'family', acting_as => 'KL') $$,
                'leave up to the last day is asked');
SELECT throws_ok($$ SELECT cs_policy.request_overtime(date_trunc('day', now()) + interval '7 days 18 hours',
                                                      date_trunc('day', now()) + interval '7 days 20 hours', 'backlog', acting_as => 'KL') $$,
                 '22023', format('KL works from 2024-01-01 to %s: no overtime on %s', :'kl_last', :'today'::date + 7),
                 'overtime after the last day is refused');
SELECT throws_ok($$ SELECT cs_policy.start_training('KT', current_date, current_date + 10, acting_as => 'V1') $$,
                 '22023', format('KT works from %s to %s: no onboarding training from %s to %s', :'today', :'today'::date + 3,
                                 :'today', :'today'::date + 10),
                 'an onboarding training past the last day is refused');

-- a colleague swap hands each its shift as it is: the colleague hired in
-- ten days cannot take a shift of the fifth day
SELECT cs_policy.set_policy('shifts', 'shift', 'callcenter_2012', 'C', valid_from => '2024-01-01');
SELECT cs_policy.define_shift_template('day', 'J', '08:00-20:00', 'cn_7x24');
SELECT cs_policy.hire_employee('KF', 'KF', 'K', 'agent', current_date + 10, 6000);
SELECT cs_policy.assign_shift('K1', current_date + 5, 'day', acting_as => 'V1');
SELECT cs_policy.assign_shift('KF', current_date + 12, 'day', acting_as => 'V1');
SELECT cs_policy.request_swap(current_date + 5, current_date + 12, 'exchange', colleague => 'KF', acting_as => 'K1') AS swap \gset
SELECT cs_policy.consent_swap(:swap, acting_as => 'KF');
SELECT throws_ok(format($$ SELECT cs_policy.approve_swap(%s, acting_as => 'V1') $$, :swap),
                 '22023', format('KF works from %s to now: no shift on %s', :'today'::date + 10, :'today'::date + 5),
                 'a colleague swap that would give a shift before the colleague''s hire is refused');

SELECT throws_ok($$ SELECT cs_policy.request_roster_change('KF', current_date + 5, 'day', 'cover', acting_as => 'V1') $$,
                 '22023', format('KF works from %s to now: no shift on %s', :'today'::date + 10, :'today'::date + 5),
                 'a roster change asking for a shift before the hire is refused when asked, not only at its approval');
SELECT lives_ok($$ SELECT cs_policy.request_roster_change('KF', current_date + 5, NULL, 'no shift that day', acting_as => 'V1') $$,
                'a rest day may be asked for any day');

-- the morning after the last day is the sign-out of the last night shift:
-- a correction of it is asked, one of the day after is refused
SELECT cs_policy.hire_employee('KY', 'KY', 'K', 'agent', '2024-01-01', 6000);
SELECT cs_policy.end_employment('KY', current_date - 1, 'resigned');
SELECT lives_ok($$ SELECT cs_policy.request_punch_correction(date_trunc('day', now()) + interval '1 minute', 'out', 'forgot', acting_as => 'KY') $$,
                'a punch correction of the morning after the last day is asked (the last night shift''s sign-out)');
SELECT cs_policy.hire_employee('KZ', 'KZ', 'K', 'agent', '2024-01-01', 6000);
SELECT cs_policy.end_employment('KZ', current_date - 2, 'resigned');
SELECT throws_ok($$ SELECT cs_policy.request_punch_correction(date_trunc('day', now()) + interval '1 minute', 'out', 'forgot', acting_as => 'KZ') $$,
                 '22023', format('KZ works from 2024-01-01 to %s: no punch correction on %s', :'today'::date - 2, :'today'),
                 'one of the day after is refused');

-- ----------------------------------------------------- undoing stays possible

SELECT lives_ok($$ SELECT cs_policy.withdraw_incident((SELECT max(incident_id) FROM cs_policy.incident), 'recorded in error', acting_as => 'V1') $$,
                'withdrawing a fact is not refused by the employment check');

SELECT * FROM finish();
ROLLBACK;
