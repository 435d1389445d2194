-- Calls picked up before the 3rd ring (CP-6), per call and per agent and
-- half hour, and the answer rate per department and half hour against the
-- shift policy's minimum (SH-3: 90% in the 7x24 preset).
BEGIN;
SELECT plan(27);
SET LOCAL timezone = 'Asia/Shanghai';
SET LOCAL client_min_messages = warning;

SELECT cs_policy.create_department('C', 'Center', 'center');
SELECT cs_policy.create_department('P', 'Hotline', 'project', 'C');
SELECT cs_policy.create_department('T', 'Team', 'team', 'P');
SELECT cs_policy.create_department('Q', 'Strict project', 'project', 'C');
SELECT cs_policy.hire_employee(c, c, d, 'agent', '2024-01-01', 5220)
  FROM (VALUES ('A1', 'T'), ('A2', 'T'), ('B1', 'Q')) AS x(c, d);
SELECT cs_policy.set_policy('center shifts', 'shift', 'callcenter_7x24', 'P', '2025-01-01');
SELECT cs_policy.set_policy('complaints', 'complaint', 'complaints_hospital', 'C', '2025-01-01');
SELECT cs_policy.set_policy('strict phones', 'complaint', 'complaints_hospital', 'Q', '2025-01-01',
                            settings => '{"pickup_before_ring": 2}');

-- A1's phone between 10:00 and 10:30: picked up at the 1st, 2nd and 3rd
-- ring, one picked up by A2 beside her at the 2nd, one nobody picked up.
SELECT cs_policy.record_call(c, o::timestamptz, r, a::timestamptz, b, acting_as => 'A1')
  FROM (VALUES ('K1', '2025-11-03 10:00:00', 1, '2025-11-03 10:00:04', NULL),
               ('K2', '2025-11-03 10:05:00', 2, '2025-11-03 10:05:09', NULL),
               ('K3', '2025-11-03 10:10:00', 3, '2025-11-03 10:10:14', NULL),
               ('K4', '2025-11-03 10:15:00', 2, '2025-11-03 10:15:08', 'A2'),
               ('K5', '2025-11-03 10:20:00', 6, NULL, NULL)) AS x(c, o, r, a, b);
SELECT results_eq($$ SELECT call_id, rings, answered, answered_by, in_time, pickup_before_ring
                      FROM cs_policy.call_pickup WHERE agent = 'A1' ORDER BY call_id $$,
                  $$ VALUES ('K1', 1, true, 'A1', true, 3), ('K2', 2, true, 'A1', true, 3), ('K3', 3, true, 'A1', false, 3),
                            ('K4', 2, true, 'A2', true, 3), ('K5', 6, false, NULL, false, 3) $$,
                  'CP-6: picked up at the 1st or 2nd ring is in time, at the 3rd late; a colleague picking up counts for the seat; a call nobody picked up is not in time');
SELECT results_eq($$ SELECT offered, answered, in_time, in_time_share FROM cs_policy.call_interval
                      WHERE agent = 'A1' AND interval_start = '2025-11-03 10:00+08' $$,
                  $$ VALUES (5::bigint, 4::bigint, 3::bigint, 0.6000) $$,
                  'CP-6: per agent and half hour, 3 of 5 calls picked up in time');

-- A2's phone in the same half hour: five calls, all picked up at once.
SELECT cs_policy.record_call('L' || i, '2025-11-03 10:00+08'::timestamptz + i * interval '1 minute', 1,
                             '2025-11-03 10:00:03+08'::timestamptz + i * interval '1 minute', acting_as => 'A2')
  FROM generate_series(1, 5) i;
SELECT results_eq($$ SELECT department_code, offered, answered, in_time, answer_rate, minimum, below_minimum, rule_id
                      FROM cs_policy.call_answer_rate WHERE interval_start = '2025-11-03 10:00+08' ORDER BY department_code $$,
                  $$ VALUES ('C', 10::bigint, 9::bigint, 8::bigint, 0.9000, NULL::numeric, NULL::boolean, 'SH-3'),
                            ('P', 10::bigint, 9::bigint, 8::bigint, 0.9000, 0.9, false, 'SH-3'),
                            ('T', 10::bigint, 9::bigint, 8::bigint, 0.9000, 0.9, false, 'SH-3') $$,
                  'SH-3: 9 of 10 calls picked up is the 7x24 preset''s 90%; the center''s own policy sets no minimum');

-- The next half hour: 4 of 5 picked up.
SELECT cs_policy.record_call('M' || i, '2025-11-03 10:30+08'::timestamptz + i * interval '1 minute', 1,
                             CASE WHEN i < 5 THEN '2025-11-03 10:30:03+08'::timestamptz + i * interval '1 minute' END,
                             acting_as => 'A2')
  FROM generate_series(1, 5) i;
SELECT results_eq($$ SELECT answer_rate, below_minimum FROM cs_policy.call_answer_rate
                      WHERE department_code = 'P' AND interval_start = '2025-11-03 10:30+08' $$,
                  $$ VALUES (0.8000, true) $$,
                  'SH-3: 4 of 5 picked up is below the 90% answer rate');

-- SH-3: a call given up in the project's queue before any seat rang is
-- offered and not answered: 9 of 11 is below 90% for the project and the
-- center; the team's seats never saw it.
SELECT cs_policy.hire_employee('S9', 'supervisor', 'P', 'supervisor', '2024-01-01', 9000);
SELECT throws_ok($$ SELECT cs_policy.record_abandoned_call('Z1', 'P', '2025-11-03 10:12+08', 45, acting_as => 'A1') $$,
                 '42501', NULL, 'SH-3: an agent does not record the queue''s calls');
SELECT is(cs_policy.record_abandoned_call('Z1', 'P', '2025-11-03 10:12+08', 45, acting_as => 'S9'), 'Z1',
          'SH-3: the telephony records a call given up in the queue, for the supervisor');
SELECT results_eq($$ SELECT department_code, offered, answered, abandoned_in_queue, answer_rate, below_minimum
                      FROM cs_policy.call_answer_rate WHERE interval_start = '2025-11-03 10:00+08' ORDER BY department_code $$,
                  $$ VALUES ('C', 11::bigint, 9::bigint, 1::bigint, 0.8182, NULL::boolean),
                            ('P', 11::bigint, 9::bigint, 1::bigint, 0.8182, true),
                            ('T', 10::bigint, 9::bigint, 0::bigint, 0.9000, false) $$,
                  'SH-3: the answer rate counts the calls given up in the queue as offered and not answered');
SELECT throws_ok($$ SELECT cs_policy.record_abandoned_call('Z1', 'P', '2025-11-03 10:12+08', 45, acting_as => 'S9') $$,
                 '23505', 'call Z1 is already recorded as given up in a queue', 'a call is recorded once');
SELECT cs_policy.hire_employee('D9', 'director', 'C', 'director', '2024-01-01', 20000);
SELECT throws_ok($$ SELECT cs_policy.record_abandoned_call('Z1', 'C', '2025-11-03 10:12+08', 45, acting_as => 'D9') $$,
                 '23505', NULL, 'and not again for the department above (whose rate counts it already)');

-- A department's complaint policy sets its own limit.
SELECT cs_policy.record_call('Q1', '2025-11-03 10:00+08', 2, '2025-11-03 10:00:09+08', acting_as => 'B1');
SELECT results_eq($$ SELECT in_time, pickup_before_ring, policy_id IS NOT NULL FROM cs_policy.call_pickup WHERE call_id = 'Q1' $$,
                  $$ VALUES (false, 2, true) $$,
                  'CP-6: where the policy says pick up before the 2nd ring, the 2nd ring is late');

-- Refusals.
SELECT throws_ok($$ SELECT cs_policy.record_call('K1', '2025-11-03 10:00+08', 1, '2025-11-03 10:00:04+08', acting_as => 'A1') $$,
                 '23505', 'call K1 is already recorded for A1', 'a call is recorded once per seat');
SELECT lives_ok($$ SELECT cs_policy.record_call('K1', '2025-11-03 10:00+08', 4, acting_as => 'A2') $$,
                'the same call ringing at another seat is that seat''s record');
SELECT throws_ok($$ SELECT cs_policy.record_call('bad id!', '2025-11-03 10:00+08', 1, acting_as => 'A1') $$,
                 '22023', 'invalid call id "bad id!"', 'a call id is the telephony''s');
SELECT throws_ok($$ SELECT cs_policy.record_call('K9', '2025-11-03 10:00+08', NULL, acting_as => 'A1') $$,
                 '22004', NULL, 'the rings are required');
SELECT throws_ok($$ SELECT cs_policy.record_call('K9', '2025-11-03 10:00+08', -1, acting_as => 'A1') $$,
                 '22023', 'a call rings 0 to 100 times, not -1', 'rings are counted from 0');
SELECT throws_ok($$ SELECT cs_policy.record_call('K9', '2025-11-03 10:00+08', 1, '2025-11-03 09:59+08', acting_as => 'A1') $$,
                 '22023', NULL, 'a call is not picked up before it rings');
SELECT throws_ok($$ SELECT cs_policy.record_call('K9', now() + interval '1 day', 1, acting_as => 'A1') $$,
                 '22023', NULL, 'a call that has not rung yet is not recorded');
SELECT throws_ok($$ SELECT cs_policy.record_call('K9', '2025-11-03 10:00+08', 1, answered_by => 'A2', acting_as => 'A1') $$,
                 '22004', NULL, 'who picked it up needs when');
SELECT throws_ok($$ SELECT cs_policy.record_call('K9', '2025-11-03 10:00+08', 1, '2025-11-03 10:00:02+08', 'NOBODY', acting_as => 'A1') $$,
                 'P0002', NULL, 'a colleague picking up is one of the staff');

-- SH-6: the seat log. Under callcenter_2012 an agent signs in at the seat
-- within 3 minutes of the shift's start and does not sign out within 30
-- minutes of signing in.
SELECT cs_policy.set_policy('seat rules', 'shift', 'callcenter_2012', 'Q', '2025-01-01');
SELECT cs_policy.hire_employee('S2', 'S2', 'Q', 'supervisor', '2024-01-01', 9000);
SELECT cs_policy.hire_employee('B2', 'B2', 'Q', 'agent', '2024-01-01', 5220);
SELECT cs_policy.define_shift_template('office', 'Q', '08:30-17:30', 'cn');
SELECT count(cs_policy.assign_shift(a, d, 'office', acting_as => 'S2'))
  FROM unnest('{B1,B2}'::text[]) AS a, unnest('{2025-11-03,2025-11-04}'::date[]) AS d;
SELECT cs_policy.seat_sign_in('Q-01', '2025-11-03 08:32+08', acting_as => 'B1');    -- 2 minutes after the start
SELECT cs_policy.seat_sign_out('2025-11-03 08:50+08', acting_as => 'B1');           -- after 18 minutes
SELECT cs_policy.seat_sign_in('Q-01', '2025-11-03 08:55+08', acting_as => 'B1');
SELECT cs_policy.seat_sign_out('2025-11-03 17:30+08', acting_as => 'B1');
SELECT cs_policy.seat_sign_in('Q-02', '2025-11-03 08:34+08', acting_as => 'B2');    -- 4 minutes after the start
SELECT cs_policy.seat_sign_out('2025-11-03 17:31+08', acting_as => 'B2');
SELECT cs_policy.seat_sign_in('Q-01', '2025-11-04 08:25+08', acting_as => 'B1');    -- before the start
SELECT cs_policy.seat_sign_out('2025-11-04 09:05+08', acting_as => 'B1');           -- after 40 minutes
SELECT results_eq($$ SELECT agent, work_date, sign_in_minutes, sign_in_limit, signed_in_late, first_session_minutes,
                            min_session_minutes, signed_out_too_soon, sessions, rule_id
                      FROM cs_policy.seat_discipline ORDER BY agent, work_date $$,
                  $$ VALUES ('B1', '2025-11-03'::date, 2.0, 3, false, 18.0, 30, true, 2::bigint, 'SH-6'),
                            ('B1', '2025-11-04', 0.0, 3, false, 40.0, 30, false, 1, 'SH-6'),
                            ('B2', '2025-11-03', 4.0, 3, true, 537.0, 30, false, 1, 'SH-6') $$,
                  'SH-6: signed in 4 minutes after the start is late (3 allowed); signed out 18 minutes after signing in is too soon (30)');
SELECT throws_ok($$ SELECT cs_policy.seat_sign_in('Q-03', '2025-11-04 08:40+08', acting_as => 'B1') $$,
                 '55000', NULL, 'SH-6: one seat at a time: signed in at Q-01 then');
SELECT throws_ok($$ SELECT cs_policy.seat_sign_out('2025-11-05 09:00+08', acting_as => 'B2') $$,
                 '55000', 'B2 is not signed in at any seat', 'a sign-out needs a sign-in');
SELECT throws_ok($$ SELECT cs_policy.seat_sign_in('bad seat!', '2025-11-05 08:00+08', acting_as => 'B2') $$,
                 '22023', 'invalid seat "bad seat!"', 'a seat is the telephony''s extension or position');

-- The telephony, as the app, records calls as they end, not old ones.
-- (an agent's login acts only around a rostered shift, SEC-4)
SELECT cs_policy.hire_employee('S1', 'S1', 'P', 'supervisor', '2024-01-01', 9000);
SELECT cs_policy.define_shift_template('all day', 'P', '00:00-12:00,12:00-24:00', 'cn');
SELECT cs_policy.assign_shift('A1', current_date, 'all day', acting_as => 'S1');
SELECT count(*) FROM cs_policy.create_roles('calltap_');
CREATE ROLE calltap_l_app LOGIN IN ROLE calltap_app;
SET LOCAL ROLE calltap_l_app;
SELECT cs_policy.act_as('A1') IS NOT NULL AS acting;
SELECT lives_ok($$ SELECT cs_policy.record_call('N1', now() - interval '20 seconds', 2, now() - interval '12 seconds') $$,
                'the app records a call that has just ended, acting for the agent');
SELECT throws_ok($$ SELECT cs_policy.record_call('N2', now() - interval '2 days', 2) $$,
                 '22023', NULL, 'a call from two days ago is loaded by a superuser, not recorded by the app');
SELECT is((SELECT count(*) FROM cs_policy.call_abandoned)::integer, 0,
          'SH-3: an agent does not read the calls given up in the project''s queue (row-level security by department)');
RESET ROLE;
SELECT is((SELECT count(*) FROM cs_policy.call_abandoned)::integer, 1, 'the row is there');

SELECT * FROM finish();
ROLLBACK;
