-- src/chat.sql: response times on chat (CP-6) (no C)

CREATE TYPE cs_policy.chat_sender AS ENUM ('customer', 'agent', 'system');
COMMENT ON TYPE cs_policy.chat_sender IS 'Who wrote a chat message: the customer, the agent or the system (joined, transferred, ...)';

-- Messages without their text (SEC-3: no customer data here), keyed by the
-- agent the conversation is with: the distribution column.
CREATE TABLE cs_policy.chat_message (
    employee_id  bigint NOT NULL REFERENCES cs_policy.employee,
    conversation text NOT NULL CHECK (conversation OPERATOR(pg_catalog.~) '^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$'),
    message_id   bigint GENERATED ALWAYS AS IDENTITY,
    at           timestamptz NOT NULL CHECK (pg_catalog.isfinite(at)),
    sender       cs_policy.chat_sender NOT NULL,
    recorded_at  timestamptz NOT NULL DEFAULT pg_catalog.now(),
    PRIMARY KEY (employee_id, conversation, message_id)
);
COMMENT ON TABLE cs_policy.chat_message IS
    'CP-6: when each message of a chat conversation was sent and by whom, per agent serving it (a conversation handed to another agent continues under that agent). Change through record_chat_message';
COMMENT ON COLUMN cs_policy.chat_message.employee_id IS 'The agent the conversation is with (the distribution column)';
COMMENT ON COLUMN cs_policy.chat_message.conversation IS 'The chat system''s id of the conversation';
COMMENT ON COLUMN cs_policy.chat_message.message_id IS 'Order of recording';
COMMENT ON COLUMN cs_policy.chat_message.at IS 'When the message was sent';
COMMENT ON COLUMN cs_policy.chat_message.sender IS 'customer, agent or system';
COMMENT ON COLUMN cs_policy.chat_message.recorded_at IS 'When it was recorded';
SELECT pg_catalog.pg_extension_config_dump('cs_policy.chat_message', '');
SELECT pg_catalog.pg_extension_config_dump('cs_policy.chat_message_message_id_seq', '');

CREATE FUNCTION cs_policy.record_chat_message(conversation text, sender text, at timestamptz DEFAULT NULL,
                                              acting_as text DEFAULT NULL)
RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    audit_chat_message cs_policy.chat_message;
    actor  cs_policy.employee := cs_policy.acting_employee(acting_as);
    who    cs_policy.chat_sender := cs_policy.check_label('chat sender', sender, enum_range(NULL::cs_policy.chat_sender)::text[]);
    new_id bigint;
    after_row jsonb;
BEGIN
    IF conversation IS NULL OR conversation !~ '^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$' THEN
        RAISE EXCEPTION 'invalid conversation id "%"', coalesce(conversation, 'NULL')
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Up to 64 letters, digits and _ . : -, starting with a letter or digit.';
    END IF;
    INSERT INTO cs_policy.chat_message AS x (employee_id, conversation, at, sender)
    VALUES (actor.employee_id, record_chat_message.conversation, cs_policy.event_time(at), who)
    RETURNING x.* INTO audit_chat_message;
    new_id := audit_chat_message.message_id;
    after_row := to_jsonb(audit_chat_message);
    PERFORM cs_policy.audit(actor.employee_id, 'record_chat_message', 'chat_message', NULL, after_row);
    RETURN new_id;
END
$$;
COMMENT ON FUNCTION cs_policy.record_chat_message(text, text, timestamptz, text) IS
    'CP-6: the acting agent''s chat client records a message of a conversation as it is sent (customer, agent or system); returns message_id';
REVOKE EXECUTE ON FUNCTION cs_policy.record_chat_message(text, text, timestamptz, text) FROM PUBLIC;

-- Every answer of an agent to a customer who was waiting: the first one of
-- a conversation is the greeting (measured from the customer's first
-- message), each later one a reply (measured from the first customer
-- message since the agent's last). Messages are grouped by how many agent
-- messages came before them: group k holds the customer's messages after
-- the k-th agent message and the (k+1)-th agent message, which answers them.
CREATE VIEW cs_policy.chat_response WITH (security_invoker = true) AS
WITH numbered AS (
    SELECT m.employee_id, m.conversation, m.at, m.sender,
           pg_catalog.count(*) FILTER (WHERE m.sender OPERATOR(pg_catalog.=) 'agent')
               OVER (PARTITION BY m.employee_id, m.conversation ORDER BY m.at, m.message_id
                     ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS agent_before
      FROM cs_policy.chat_message m
), answered AS (
    SELECT n.employee_id, n.conversation, n.agent_before AS k,
           pg_catalog.min(n.at) FILTER (WHERE n.sender OPERATOR(pg_catalog.=) 'customer') AS waiting_since,
           pg_catalog.min(n.at) FILTER (WHERE n.sender OPERATOR(pg_catalog.=) 'agent') AS answered_at
      FROM numbered n
     GROUP BY n.employee_id, n.conversation, n.agent_before
)
SELECT a.employee_id,
       e.code AS agent,
       a.conversation,
       CASE WHEN a.k OPERATOR(pg_catalog.=) 0 THEN 'greeting' ELSE 'reply' END AS kind,
       a.waiting_since,
       a.answered_at,
       a.answered_at OPERATOR(pg_catalog.-) a.waiting_since AS delay,
       lim.seconds AS limit_seconds,
       pg_catalog.date_part('epoch', a.answered_at OPERATOR(pg_catalog.-) a.waiting_since) OPERATOR(pg_catalog.>) lim.seconds AS late,
       (pg_catalog.date_trunc('month', a.waiting_since AT TIME ZONE lim.zone))::date AS month,
       'CP-6'::text AS rule_id,
       lim.policy_id
  FROM answered a
  JOIN cs_policy.employee e ON e.employee_id OPERATOR(pg_catalog.=) a.employee_id
 CROSS JOIN LATERAL (
    -- the limit of the agent's complaint policy that day: its own setting,
    -- its preset's, or the default (15 s to greet, 20 s to reply)
    SELECT pol.policy_id,
           coalesce(pol.settings OPERATOR(pg_catalog.->>) k.key, ps.settings OPERATOR(pg_catalog.->>) k.key, dflt.settings OPERATOR(pg_catalog.->>) k.key)::numeric AS seconds,
           coalesce(cal.time_zone, 'Asia/Shanghai') AS zone
      FROM (SELECT CASE WHEN a.k OPERATOR(pg_catalog.=) 0 THEN 'greeting_seconds' ELSE 'reply_seconds' END AS key) k
      JOIN cs_policy.preset_setting dflt ON dflt.preset IS NULL AND dflt.area OPERATOR(pg_catalog.=) 'complaint'
      LEFT JOIN cs_policy.policy_in_force pol
             ON pol.department_id OPERATOR(pg_catalog.=) e.department_id
            AND pol.area OPERATOR(pg_catalog.=) 'complaint'
            AND pol.in_force OPERATOR(pg_catalog.@>) (a.waiting_since AT TIME ZONE 'Asia/Shanghai')::date
      LEFT JOIN cs_policy.preset_setting ps ON ps.preset OPERATOR(pg_catalog.=) pol.preset
                                           AND ps.area OPERATOR(pg_catalog.=) 'complaint'
      LEFT JOIN cs_policy.calendar cal
             ON cal.name OPERATOR(pg_catalog.=) coalesce(pol.settings OPERATOR(pg_catalog.->>) 'calendar', ps.settings OPERATOR(pg_catalog.->>) 'calendar',
                                                          dflt.settings OPERATOR(pg_catalog.->>) 'calendar')) lim
 WHERE a.waiting_since IS NOT NULL AND a.answered_at IS NOT NULL;
COMMENT ON VIEW cs_policy.chat_response IS
    'CP-6: every greeting and reply of an agent on chat, how long the customer waited for it, the limit of the agent''s complaint policy (greeting_seconds 15, reply_seconds 20) and whether it was late; a customer still waiting has no row yet';
COMMENT ON COLUMN cs_policy.chat_response.employee_id IS 'The agent';
COMMENT ON COLUMN cs_policy.chat_response.agent IS 'Staff number of the agent';
COMMENT ON COLUMN cs_policy.chat_response.conversation IS 'Conversation';
COMMENT ON COLUMN cs_policy.chat_response.kind IS 'greeting (the first answer of the conversation) or reply';
COMMENT ON COLUMN cs_policy.chat_response.waiting_since IS 'The customer''s first message the answer answers';
COMMENT ON COLUMN cs_policy.chat_response.answered_at IS 'The agent''s answer';
COMMENT ON COLUMN cs_policy.chat_response.delay IS 'How long the customer waited';
COMMENT ON COLUMN cs_policy.chat_response.limit_seconds IS 'The limit in seconds (CP-6: greeting 15, reply 20)';
COMMENT ON COLUMN cs_policy.chat_response.late IS 'The wait was over the limit';
COMMENT ON COLUMN cs_policy.chat_response.month IS 'Month of the wait (local time of the policy''s calendar)';
COMMENT ON COLUMN cs_policy.chat_response.rule_id IS 'CP-6';
COMMENT ON COLUMN cs_policy.chat_response.policy_id IS 'The complaint policy whose limit applied (NULL: the defaults)';

CREATE VIEW cs_policy.chat_conversation WITH (security_invoker = true) AS
SELECT r.employee_id,
       r.agent,
       r.conversation,
       pg_catalog.min(r.waiting_since) AS started_at,
       pg_catalog.max(r.delay) FILTER (WHERE r.kind OPERATOR(pg_catalog.=) 'greeting') AS greeting_delay,
       pg_catalog.bool_or(r.late) FILTER (WHERE r.kind OPERATOR(pg_catalog.=) 'greeting') AS greeting_late,
       pg_catalog.count(*) FILTER (WHERE r.kind OPERATOR(pg_catalog.=) 'reply') AS replies,
       pg_catalog.count(*) FILTER (WHERE r.kind OPERATOR(pg_catalog.=) 'reply' AND r.late) AS replies_late,
       pg_catalog.array_agg(r.delay ORDER BY r.answered_at) FILTER (WHERE r.kind OPERATOR(pg_catalog.=) 'reply') AS reply_delays,
       pg_catalog.max(r.delay) FILTER (WHERE r.kind OPERATOR(pg_catalog.=) 'reply') AS longest_reply_delay
  FROM cs_policy.chat_response r
 GROUP BY r.employee_id, r.agent, r.conversation;
COMMENT ON VIEW cs_policy.chat_conversation IS
    'CP-6: per conversation and agent, the first greeting''s delay and every reply delay, and which were late';
COMMENT ON COLUMN cs_policy.chat_conversation.employee_id IS 'The agent';
COMMENT ON COLUMN cs_policy.chat_conversation.agent IS 'Staff number';
COMMENT ON COLUMN cs_policy.chat_conversation.conversation IS 'Conversation';
COMMENT ON COLUMN cs_policy.chat_conversation.started_at IS 'The customer''s first message';
COMMENT ON COLUMN cs_policy.chat_conversation.greeting_delay IS 'How long the customer waited for the first greeting';
COMMENT ON COLUMN cs_policy.chat_conversation.greeting_late IS 'Over the greeting limit (15 s)';
COMMENT ON COLUMN cs_policy.chat_conversation.replies IS 'Replies after the greeting';
COMMENT ON COLUMN cs_policy.chat_conversation.replies_late IS 'Replies over the limit (20 s)';
COMMENT ON COLUMN cs_policy.chat_conversation.reply_delays IS 'Each reply''s delay, in order';
COMMENT ON COLUMN cs_policy.chat_conversation.longest_reply_delay IS 'The longest';

CREATE VIEW cs_policy.chat_month WITH (security_invoker = true) AS
SELECT r.employee_id,
       r.agent,
       r.month,
       pg_catalog.count(*) FILTER (WHERE r.kind OPERATOR(pg_catalog.=) 'greeting') AS greetings,
       pg_catalog.count(*) FILTER (WHERE r.kind OPERATOR(pg_catalog.=) 'greeting' AND r.late) AS greetings_late,
       pg_catalog.round(pg_catalog.avg(r.late::integer) FILTER (WHERE r.kind OPERATOR(pg_catalog.=) 'greeting'), 4)
           AS greetings_late_share,
       pg_catalog.count(*) FILTER (WHERE r.kind OPERATOR(pg_catalog.=) 'reply') AS replies,
       pg_catalog.count(*) FILTER (WHERE r.kind OPERATOR(pg_catalog.=) 'reply' AND r.late) AS replies_late,
       pg_catalog.round(pg_catalog.avg(r.late::integer) FILTER (WHERE r.kind OPERATOR(pg_catalog.=) 'reply'), 4)
           AS replies_late_share
  FROM cs_policy.chat_response r
 GROUP BY r.employee_id, r.agent, r.month;
COMMENT ON VIEW cs_policy.chat_month IS
    'CP-6: per agent and month, the share of greetings over 15 s and of replies over 20 s (the limits of the agent''s complaint policy)';
COMMENT ON COLUMN cs_policy.chat_month.employee_id IS 'The agent';
COMMENT ON COLUMN cs_policy.chat_month.agent IS 'Staff number';
COMMENT ON COLUMN cs_policy.chat_month.month IS 'First day of the month';
COMMENT ON COLUMN cs_policy.chat_month.greetings IS 'Conversations greeted';
COMMENT ON COLUMN cs_policy.chat_month.greetings_late IS 'Greetings over the limit';
COMMENT ON COLUMN cs_policy.chat_month.greetings_late_share IS 'Their share, 0 to 1';
COMMENT ON COLUMN cs_policy.chat_month.replies IS 'Replies';
COMMENT ON COLUMN cs_policy.chat_month.replies_late IS 'Replies over the limit';
COMMENT ON COLUMN cs_policy.chat_month.replies_late_share IS 'Their share, 0 to 1';
