-- Response times on chat (CP-6): the first greeting within 15 s, each reply
-- within 20 s, measured from the customer's first unanswered message; per
-- conversation and per agent and month; limits from the complaint policy.
BEGIN;
SELECT plan(14);
SET LOCAL timezone = 'Asia/Shanghai';
SET LOCAL client_min_messages = warning;

SELECT cs_policy.create_department('C', 'Center', 'center');
SELECT cs_policy.create_department('P', 'Project', 'project', 'C');
SELECT cs_policy.create_department('Q', 'Strict project', 'project', 'C');
SELECT cs_policy.hire_employee(c, c, d, 'agent', '2024-01-01', 5220)
  FROM (VALUES ('A1', 'P'), ('A2', 'P'), ('B1', 'Q')) AS x(c, d);
SELECT cs_policy.set_policy('complaints', 'complaint', 'complaints_hospital', 'C', '2025-01-01');
SELECT cs_policy.set_policy('strict chat', 'complaint', 'complaints_hospital', 'Q', '2025-01-01',
                            settings => '{"greeting_seconds": 10, "reply_seconds": 15}');

-- A1's conversation: greeted after 12 s, two replies after 8 s and 25 s;
-- the second customer question came in two messages, the wait counts from the first.
CREATE FUNCTION pg_temp.chat(conversation text, agent text, VARIADIC steps text[])
RETURNS void LANGUAGE sql AS $$
    SELECT count(cs_policy.record_chat_message(conversation, split_part(s, '@', 1), split_part(s, '@', 2)::timestamptz,
                                               acting_as => agent))::integer * 0
      FROM unnest(steps) WITH ORDINALITY AS u(s, i) $$;
SELECT pg_temp.chat('WEB-1', 'A1', 'system@2025-11-03 10:00:00', 'customer@2025-11-03 10:00:01', 'agent@2025-11-03 10:00:13',
                    'customer@2025-11-03 10:01:00', 'agent@2025-11-03 10:01:08',
                    'customer@2025-11-03 10:02:00', 'customer@2025-11-03 10:02:10', 'agent@2025-11-03 10:02:25',
                    'agent@2025-11-03 10:02:40', 'system@2025-11-03 10:03:00');
SELECT results_eq($$ SELECT kind, delay, late FROM cs_policy.chat_response WHERE conversation = 'WEB-1' ORDER BY answered_at $$,
                  $$ VALUES ('greeting', interval '12 seconds', false), ('reply', interval '8 seconds', false),
                            ('reply', interval '25 seconds', true) $$,
                  'CP-6: the greeting waited 12 s (in time), the replies 8 s and 25 s (late): measured from the first unanswered message');
SELECT results_eq($$ SELECT greeting_delay, greeting_late, replies, replies_late, reply_delays
                      FROM cs_policy.chat_conversation WHERE conversation = 'WEB-1' $$,
                  $$ VALUES (interval '12 seconds', false, 2::bigint, 1::bigint, ARRAY[interval '8 seconds', interval '25 seconds']) $$,
                  'CP-6: per conversation, the greeting delay and each reply delay');
SELECT is((SELECT count(*) FROM cs_policy.chat_response WHERE conversation = 'WEB-1' AND answered_at = '2025-11-03 10:02:40')::integer,
          0, 'a second agent message in a row answers nobody waiting: not a reply');

-- Exactly on the limits, and one second over.
SELECT pg_temp.chat('WEB-2', 'A1', 'customer@2025-11-04 09:00:00', 'agent@2025-11-04 09:00:15',
                    'customer@2025-11-04 09:01:00', 'agent@2025-11-04 09:01:20');
SELECT pg_temp.chat('WEB-3', 'A1', 'customer@2025-11-04 11:00:00', 'agent@2025-11-04 11:00:16',
                    'customer@2025-11-04 11:01:00', 'agent@2025-11-04 11:01:21');
SELECT results_eq($$ SELECT conversation, kind, late FROM cs_policy.chat_response WHERE conversation IN ('WEB-2', 'WEB-3')
                      ORDER BY conversation, answered_at $$,
                  $$ VALUES ('WEB-2', 'greeting', false), ('WEB-2', 'reply', false), ('WEB-3', 'greeting', true), ('WEB-3', 'reply', true) $$,
                  'CP-6: a greeting at 15 s and a reply at 20 s are in time; 16 s and 21 s are late');
SELECT results_eq($$ SELECT DISTINCT kind, limit_seconds FROM cs_policy.chat_response WHERE agent = 'A1' ORDER BY kind $$,
                  $$ VALUES ('greeting', 15::numeric), ('reply', 20::numeric) $$, 'CP-6: the limits are 15 s and 20 s');

-- A customer still waiting has no answer yet.
SELECT pg_temp.chat('WEB-4', 'A2', 'customer@2025-11-05 09:00:00');
SELECT is((SELECT count(*) FROM cs_policy.chat_response WHERE conversation = 'WEB-4')::integer, 0,
          'a customer still waiting has no row yet');
SELECT pg_temp.chat('WEB-4', 'A2', 'agent@2025-11-05 09:00:40');
SELECT is((SELECT late FROM cs_policy.chat_response WHERE conversation = 'WEB-4'), true, 'answered after 40 s: a late greeting');

-- Per agent and month: the shares the handbook asks for.
SELECT results_eq($$ SELECT greetings, greetings_late, greetings_late_share, replies, replies_late, replies_late_share
                      FROM cs_policy.chat_month WHERE agent = 'A1' AND month = '2025-11-01' $$,
                  $$ VALUES (3::bigint, 1::bigint, 0.3333, 4::bigint, 2::bigint, 0.5000) $$,
                  'CP-6: A1 in November 2025: 1 of 3 greetings over 15 s, 2 of 4 replies over 20 s');
SELECT is((SELECT greetings_late_share FROM cs_policy.chat_month WHERE agent = 'A2'), 1.0000, 'A2: all greetings late');

-- A department's policy may set stricter limits.
SELECT pg_temp.chat('WEB-5', 'B1', 'customer@2025-11-06 09:00:00', 'agent@2025-11-06 09:00:12',
                    'customer@2025-11-06 09:01:00', 'agent@2025-11-06 09:01:18');
SELECT results_eq($$ SELECT kind, limit_seconds, late FROM cs_policy.chat_response WHERE conversation = 'WEB-5' ORDER BY answered_at $$,
                  $$ VALUES ('greeting', 10::numeric, true), ('reply', 15::numeric, true) $$,
                  'CP-6: under a policy of 10 s and 15 s, 12 s and 18 s are late');

-- Refusals.
SELECT throws_ok($$ SELECT cs_policy.record_chat_message('WEB 6', 'customer', acting_as => 'A1') $$,
                 '22023', 'invalid conversation id "WEB 6"', 'a conversation id is a plain token');
SELECT throws_ok($$ SELECT cs_policy.record_chat_message('WEB-6', 'bot', acting_as => 'A1') $$,
                 '22023', 'unknown chat sender "bot"', 'the sender is customer, agent or system');
SELECT throws_ok($$ SELECT cs_policy.record_chat_message('WEB-6', 'customer', now() + interval '1 hour', acting_as => 'A1') $$,
                 '22023', NULL, 'a message is not sent in the future');
SELECT is((SELECT count(*) FROM cs_policy.chat_message WHERE conversation = 'WEB-6')::integer, 0, 'nothing was recorded');

SELECT * FROM finish();
ROLLBACK;
