-- Calls picked up before the 3rd ring (CP-6), per call and per agent and
-- half hour, and the answer rate per department and half hour against the
-- shift policy's minimum (SH-3: 90% in the 7x24 preset).
BEGIN;
SELECT plan(16);
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
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
