-- Punches, corrections of missed punches (AT-4) and the day's measures.
BEGIN;
SELECT plan(25);
SET LOCAL timezone = 'Asia/Shanghai';

SELECT cs_policy.create_department('C', 'Center', 'center');
SELECT cs_policy.create_department('P', 'Project', 'project', 'C');
SELECT cs_policy.hire_employee('S1', 'supervisor', 'P', 'supervisor', '2024-01-01', 9000);
SELECT cs_policy.hire_employee('A' || i, 'agent ' || i, 'P', 'agent', '2024-01-01', 5000) FROM generate_series(1, 3) i;
SELECT cs_policy.define_shift_template('office', 'P', '08:30-17:30', 'cn');
SELECT cs_policy.define_shift_template('split', 'P', '08:30-12:00,13:00-17:00', 'cn');
SELECT cs_policy.define_shift_template('night', 'P', '20:00-08:00', 'cn_7x24');

-- Punching now works; a punch claiming another time is refused and logged.
SELECT isnt(cs_policy.record_punch('in', 'clock 1', acting_as => 'A1'), NULL, 'a punch is taken now');
SET LOCAL client_min_messages = error;  -- the refusal's warning
SELECT is(cs_policy.record_punch('in', 'clock 1', now() - interval '2 hours', acting_as => 'A1'), NULL,
          'a back-dated punch is refused');
RESET client_min_messages;
SELECT is((SELECT count(*) FROM cs_policy.punch_refusal r JOIN cs_policy.employee e USING (employee_id) WHERE e.code = 'A1')::integer,
          1, 'and the attempt is logged');
SELECT is((SELECT count(*) FROM cs_policy.punch p JOIN cs_policy.employee e USING (employee_id) WHERE e.code = 'A1')::integer,
          1, 'only the punch taken now is recorded');
CREATE ROLE cs_test_clerk;
GRANT SELECT ON ALL TABLES IN SCHEMA cs_policy TO cs_test_clerk;
SET ROLE cs_test_clerk;
SELECT throws_ok($$ UPDATE cs_policy.punch SET at = at - interval '1 hour' $$, '42501', NULL,
                 'punches cannot be altered by an application role');
SELECT throws_ok($$ DELETE FROM cs_policy.punch $$, '42501', NULL, 'nor deleted');
RESET ROLE;

-- AT-4: a missed punch is corrected by request within 2 working days.
SELECT cs_policy.request_punch_correction(now() - interval '1 hour', 'out', 'badge reader down', acting_as => 'A2') AS fresh \gset
SELECT ok((SELECT deadline >= now() FROM cs_policy.punch_correction WHERE correction_id = :fresh),
          'AT-4: a request filed the same day is within the window');
SELECT throws_ok($$ SELECT cs_policy.request_punch_correction(now() - interval '30 days', 'in', 'forgot', acting_as => 'A2') $$,
                 '55000', NULL, 'AT-4: a request after 2 working days is refused');
SELECT is((SELECT deadline FROM cs_policy.punch_correction WHERE correction_id = :fresh),
          cs_policy.add_working_days('cn', now() - interval '1 hour', 2),
          'AT-4: the deadline is the end of the second working day after the missed punch, on the calendar');
-- AT-4: on a business trip, within 2 working days of the return. A2 was
-- away from 20 days ago until yesterday (a trip exception for each day).
SELECT count(cs_policy.request_exception(d::date, 'business_trip', 'client site in Chengdu', acting_as => 'A2')) AS trip_days
  FROM generate_series(current_date - 20, current_date - 1, interval '1 day') AS d;
SELECT ((current_date - 20) + time '09:00') AT TIME ZONE 'Asia/Shanghai' AS trip_punch \gset
SELECT cs_policy.request_punch_correction(:'trip_punch', 'in', 'no badge reader at the client', acting_as => 'A2') AS trip_fix \gset
SELECT is((SELECT deadline FROM cs_policy.punch_correction WHERE correction_id = :trip_fix),
          cs_policy.add_working_days('cn', :'trip_punch'::timestamptz + interval '19 days', 2),
          'AT-4: a punch missed on the trip''s first day is due 2 working days after its last day, not after the day itself');
SELECT throws_ok(format($$ SELECT cs_policy.request_punch_correction(%L::timestamptz - interval '1 day', 'in', 'forgot', acting_as => 'A2') $$,
                        :'trip_punch'),
                 '55000', NULL, 'AT-4: the day before the trip has only its own 2 working days');
-- AT-20: under group_seasonal a forgotten punch is explained by the next working day.
SELECT cs_policy.create_department('G', 'Group office', 'project', 'C');
SELECT cs_policy.set_policy('group rules', 'attendance', 'group_seasonal', 'G', valid_from => '2024-01-01');
SELECT cs_policy.hire_employee('G1', 'group agent', 'G', 'agent', '2024-01-01', 5000);
SELECT cs_policy.request_punch_correction(now() - interval '1 hour', 'out', 'forgot', acting_as => 'G1') AS group_fix \gset
SELECT is((SELECT deadline FROM cs_policy.punch_correction WHERE correction_id = :group_fix),
          cs_policy.add_working_days('cn', now() - interval '1 hour', 1),
          'AT-20: under group_seasonal the correction is due by the end of the next working day');
-- AT-4: the window is that of the rules in force on the local day of the
-- missed punch. H moved from callcenter_2012 (2 working days) to
-- group_seasonal (1) at the start of today in Beijing; a punch missed at
-- 00:30 today, Beijing time (still the day before in UTC), gets 1. (Before
-- 00:30 in Beijing, the same a day earlier: the window is always open.)
SELECT CASE WHEN now() < ((now() AT TIME ZONE 'Asia/Shanghai')::date + time '00:30') AT TIME ZONE 'Asia/Shanghai'
            THEN (now() AT TIME ZONE 'Asia/Shanghai')::date - 1 ELSE (now() AT TIME ZONE 'Asia/Shanghai')::date END AS missed_day \gset
SELECT cs_policy.create_department('H', 'Changed office', 'project', 'C');
SELECT cs_policy.set_policy('office rules', 'attendance', 'callcenter_2012', 'H', '2024-01-01', :'missed_day');
SELECT cs_policy.set_policy('office rules', 'attendance', 'group_seasonal', 'H', :'missed_day');
SELECT cs_policy.hire_employee('H1', 'office agent', 'H', 'agent', '2024-01-01', 5000);
SELECT (:'missed_day'::date + time '00:30') AT TIME ZONE 'Asia/Shanghai' AS after_midnight \gset
SELECT cs_policy.request_punch_correction(:'after_midnight', 'in', 'forgot', acting_as => 'H1') AS midnight_fix \gset
SELECT is((SELECT deadline FROM cs_policy.punch_correction WHERE correction_id = :midnight_fix),
          cs_policy.add_working_days('cn', :'after_midnight', 1),
          'AT-4: a punch missed after local midnight is judged by the rules of its local day, not of the UTC day');
SELECT throws_ok(format($$ SELECT cs_policy.decide_punch_correction(%s, true, acting_as => 'A3') $$, :fresh), '42501', NULL,
                 'an agent may not approve a correction');
SELECT isnt(cs_policy.decide_punch_correction(:fresh, true, acting_as => 'S1'), NULL,
            'the supervisor approves and the missed punch is added');
SELECT is((SELECT source FROM cs_policy.punch WHERE correction_id = :fresh), 'correction', 'marked as a correction');

-- The day's measures (punches written directly: the view is what is tested).
SELECT cs_policy.assign_shift(a, d, t, acting_as => 'S1')
  FROM (VALUES ('A1', date '2025-12-01', 'office'), ('A2', date '2025-12-01', 'split'),
               ('A3', date '2025-12-31', 'night'), ('A1', date '2025-12-02', 'office')) AS x(a, d, t);
INSERT INTO cs_policy.punch (employee_id, at, kind, source)
SELECT e.employee_id, x.at, x.kind::cs_policy.punch_kind, 'test'
  FROM (VALUES ('A1', timestamptz '2025-12-01 08:42:10+08', 'in'), ('A1', '2025-12-01 17:20:00+08', 'out'),
               ('A2', '2025-12-01 08:30:59+08', 'in'), ('A2', '2025-12-01 12:01:00+08', 'out'),
               ('A2', '2025-12-01 12:58:00+08', 'in'), ('A2', '2025-12-01 17:05:00+08', 'out'),
               ('A3', '2025-12-31 19:55:00+08', 'in'), ('A3', '2026-01-01 08:01:00+08', 'out'),
               ('A1', '2025-12-02 08:20:00+08', 'in'),
               ('A1', '2025-12-01 10:00:00+08', 'out'), ('A1', '2025-12-01 10:25:30+08', 'in')) AS x(code, at, kind)
  JOIN cs_policy.employee e ON e.code = x.code;
SELECT results_eq($$ SELECT late_minutes, early_minutes FROM cs_policy.attendance_day('2025-12-01')
                      WHERE employee_code = 'A1' AND work_date = '2025-12-01' $$,
                  $$ VALUES (12, 10) $$, 'in at 08:42:10 is 12 minutes late; out at 17:20 is 10 minutes early');
SELECT results_eq($$ SELECT late_minutes, early_minutes FROM cs_policy.attendance_day('2025-12-01')
                      WHERE employee_code = 'A2' AND work_date = '2025-12-01' $$,
                  $$ VALUES (0, 0) $$, 'a split shift is judged at its first start and last end; 08:30:59 is 0 minutes late');
SELECT results_eq($$ SELECT late_minutes, early_minutes, missing_out FROM cs_policy.attendance_day('2025-12-01')
                      WHERE employee_code = 'A3' AND work_date = '2025-12-31' $$,
                  $$ VALUES (0, 0, false) $$, 'a night shift across the year end collects its sign-out of the next morning');
SELECT results_eq($$ SELECT missing_in, missing_out, no_punch FROM cs_policy.attendance_day('2025-12-01')
                      WHERE employee_code = 'A1' AND work_date = '2025-12-02' $$,
                  $$ VALUES (false, true, false) $$, 'a missing sign-out is shown');

SELECT is((SELECT away_minutes FROM cs_policy.attendance_day('2025-12-01') WHERE employee_code = 'A1' AND work_date = '2025-12-01'), 25,
          'signed out at 10:00 and back at 10:25:30: 25 minutes away from post');

-- AT-8: bad weather or force majeure excuses a day only with an approved exception.
SELECT cs_policy.request_exception('2025-12-01', 'bad_weather', 'typhoon warning, metro closed', acting_as => 'A1') AS exc \gset
SELECT is((SELECT excused FROM cs_policy.attendance_day('2025-12-01') WHERE employee_code = 'A1' AND work_date = '2025-12-01'), false,
          'AT-8: a requested exception does not excuse the day yet');
SELECT throws_ok(format($$ SELECT cs_policy.decide_exception(%s, true, acting_as => 'A2') $$, :exc), '42501', NULL,
                 'AT-8: an agent may not approve an exception');
SELECT cs_policy.decide_exception(:exc, true, acting_as => 'S1');
SELECT is((SELECT excused FROM cs_policy.attendance_day('2025-12-01') WHERE employee_code = 'A1' AND work_date = '2025-12-01'), true,
          'AT-8: the approved exception excuses the day');

-- A shift missed altogether is absence, unless approved leave covers it (LV-1).
SELECT cs_policy.assign_shift('A3', d, 'office', acting_as => 'S1')
  FROM unnest('{2025-12-08,2025-12-09}'::date[]) AS d;
INSERT INTO cs_policy.leave_request (employee_id, leave_type, first_day, last_day, days, reason, approvers, approvals, state)
SELECT employee_id, 'annual', '2025-12-09', '2025-12-09', 1, 'x', '{team_lead}', 1, 'approved'
  FROM cs_policy.employee WHERE code = 'A3';
SELECT results_eq($$ SELECT work_date, absent, on_leave FROM cs_policy.attendance_day('2025-12-01')
                      WHERE employee_code = 'A3' AND work_date BETWEEN '2025-12-08' AND '2025-12-09' ORDER BY work_date $$,
                  $$ VALUES ('2025-12-08'::date, true, false), ('2025-12-09', false, true) $$,
                  'LV-1: a missed shift is absence; one covered by approved leave is not');

SELECT * FROM finish();
ROLLBACK;
