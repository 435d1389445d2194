-- src/call.sql: calls picked up before the 3rd ring (CP-6) and the answer
-- rate per half hour (SH-3) (no C)

-- One row per call offered to an agent's seat, as the telephony reports it
-- when the call is picked up or given up: how many times it rang, and who
-- picked it up (the agent, or a colleague beside them: "如本人不在两边同事
-- ... 应第一时间帮忙接起"). Keyed by the agent whose phone rang: the
-- distribution column. No caller number here (SEC-3).
CREATE TABLE cs_policy.call_record (
    employee_id bigint NOT NULL REFERENCES cs_policy.employee,
    call_id     text NOT NULL CHECK (call_id OPERATOR(pg_catalog.~) '^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$'),
    offered_at  timestamptz NOT NULL CHECK (pg_catalog.isfinite(offered_at)),
    rings       integer NOT NULL CHECK (rings BETWEEN 0 AND 100),
    answered_at timestamptz CHECK (answered_at OPERATOR(pg_catalog.>=) offered_at
                                   AND answered_at OPERATOR(pg_catalog.<) (offered_at OPERATOR(pg_catalog.+) interval '1 hour')),
    answered_by bigint REFERENCES cs_policy.employee,
    recorded_at timestamptz NOT NULL DEFAULT pg_catalog.now(),
    CHECK ((answered_at IS NULL) OPERATOR(pg_catalog.=) (answered_by IS NULL)),
    PRIMARY KEY (employee_id, call_id)
);
COMMENT ON TABLE cs_policy.call_record IS
    'CP-6, SH-3: every call offered to an agent''s seat: when, how many times it rang, and when and by whom it was picked up (NULL: nobody did). Change through record_call';
COMMENT ON COLUMN cs_policy.call_record.employee_id IS 'The agent whose phone rang (the distribution column)';
COMMENT ON COLUMN cs_policy.call_record.call_id IS 'The telephony''s id of the call';
COMMENT ON COLUMN cs_policy.call_record.offered_at IS 'When the phone began to ring';
COMMENT ON COLUMN cs_policy.call_record.rings IS 'Rings before it was picked up or given up (1: picked up during the first ring)';
COMMENT ON COLUMN cs_policy.call_record.answered_at IS 'When it was picked up (NULL: not picked up)';
COMMENT ON COLUMN cs_policy.call_record.answered_by IS 'employee_id of who picked it up: the agent, or a colleague for them';
COMMENT ON COLUMN cs_policy.call_record.recorded_at IS 'When it was recorded';
SELECT pg_catalog.pg_extension_config_dump('cs_policy.call_record', '');

-- What the telephony reports of a call (record_call, record_abandoned_call):
-- its id, and its time: a call is reported as it ends, so within a day of
-- coming in and not ahead of the clock; only a superuser loading past
-- records gives older ones.
CREATE FUNCTION cs_policy.check_call_id(call_id text)
RETURNS void
LANGUAGE plpgsql IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF call_id IS NULL OR call_id !~ '^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$' THEN
        RAISE EXCEPTION 'invalid call id "%"', coalesce(call_id, 'NULL')
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Up to 64 letters, digits and _ . : -, starting with a letter or digit: the telephony''s id of the call.';
    END IF;
END
$$;
COMMENT ON FUNCTION cs_policy.check_call_id(text) IS 'Raises 22023 unless the text is a telephony call id';
REVOKE EXECUTE ON FUNCTION cs_policy.check_call_id(text) FROM PUBLIC;

CREATE FUNCTION cs_policy.check_call_time(offered_at timestamptz)
RETURNS void
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF NOT isfinite(offered_at) OR offered_at > now() + interval '1 minute'
       OR (offered_at < now() - interval '1 day' AND NOT cs_policy.caller_is_superuser()) THEN
        RAISE EXCEPTION 'a call offered at % cannot be recorded now', offered_at
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'Calls are recorded as they end, within a day of coming in; only a superuser loads older records.',
                  HINT = 'Record each call when it is picked up or given up.';
    END IF;
END
$$;
COMMENT ON FUNCTION cs_policy.check_call_time(timestamptz) IS
    'Raises 22023 unless a call that came in then may be recorded now: not ahead of the clock, within a day (a superuser loads older records)';
REVOKE EXECUTE ON FUNCTION cs_policy.check_call_time(timestamptz) FROM PUBLIC;

CREATE FUNCTION cs_policy.record_call(call_id text, offered_at timestamptz, rings integer,
                                      answered_at timestamptz DEFAULT NULL, answered_by text DEFAULT NULL,
                                      acting_as text DEFAULT NULL)
RETURNS text
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    audit_call_record cs_policy.call_record;
    actor     cs_policy.employee := cs_policy.acting_employee(acting_as);
    picker    cs_policy.employee;
    after_row jsonb;
BEGIN
    PERFORM cs_policy.check_call_id(call_id);
    IF offered_at IS NULL OR rings IS NULL THEN
        RAISE EXCEPTION 'a call record needs when the phone began to ring and how many times it rang'
            USING ERRCODE = 'null_value_not_allowed',
                  HINT = 'e.g. record_call(''C-1'', now() - interval ''10 seconds'', 2, now()).';
    END IF;
    IF rings NOT BETWEEN 0 AND 100 THEN
        RAISE EXCEPTION 'a call rings 0 to 100 times, not %', rings
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    PERFORM cs_policy.check_call_time(offered_at);
    IF answered_by IS NOT NULL AND answered_at IS NULL THEN
        RAISE EXCEPTION 'a call picked up by % needs the time it was picked up', answered_by
            USING ERRCODE = 'null_value_not_allowed', HINT = 'Pass answered_at.';
    END IF;
    IF answered_at IS NOT NULL THEN
        IF NOT isfinite(answered_at) OR answered_at < offered_at OR answered_at >= offered_at + interval '1 hour'
           OR answered_at > now() + interval '1 minute' THEN
            RAISE EXCEPTION 'a call offered at % cannot have been picked up at %', offered_at, answered_at
                USING ERRCODE = 'invalid_parameter_value',
                      HINT = 'answered_at is after offered_at, within the hour, and not in the future.';
        END IF;
        picker := CASE WHEN answered_by IS NULL THEN actor ELSE cs_policy.employee_by_code(answered_by) END;
    END IF;
    IF EXISTS (SELECT FROM cs_policy.call_record c
                WHERE c.employee_id = actor.employee_id AND c.call_id = record_call.call_id) THEN
        RAISE EXCEPTION 'call % is already recorded for %', call_id, actor.code
            USING ERRCODE = 'unique_violation',
                  HINT = 'A call is recorded once per seat it rang at, when it ends.';
    END IF;
    INSERT INTO cs_policy.call_record AS x (employee_id, call_id, offered_at, rings, answered_at, answered_by)
    VALUES (actor.employee_id, record_call.call_id, record_call.offered_at, record_call.rings,
            record_call.answered_at, picker.employee_id)
    RETURNING x.* INTO audit_call_record;
    after_row := to_jsonb(audit_call_record);
    PERFORM cs_policy.audit(actor.employee_id, 'record_call', 'call_record', NULL, after_row);
    RETURN audit_call_record.call_id;
END
$$;
COMMENT ON FUNCTION cs_policy.record_call(text, timestamptz, integer, timestamptz, text, text) IS
    'CP-6, SH-3: the telephony records a call offered to the acting agent''s seat as it ends: when it began to ring, how many times it rang, and when and by whom it was picked up (the agent by default; a colleague''s staff number for one picking it up for them); returns the call id';
REVOKE EXECUTE ON FUNCTION cs_policy.record_call(text, timestamptz, integer, timestamptz, text, text) FROM PUBLIC;

-- SH-3: a call given up in the queue before any seat rang: no agent's
-- row, but the department's answer rate counts it (answered / offered).
-- Keyed by the department whose queue it was in (a reference table on
-- Citus, as the departments are).
CREATE TABLE cs_policy.call_abandoned (
    department_id  bigint NOT NULL REFERENCES cs_policy.department,
    call_id        text NOT NULL CHECK (call_id OPERATOR(pg_catalog.~) '^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$'),
    offered_at     timestamptz NOT NULL CHECK (pg_catalog.isfinite(offered_at)),
    waited_seconds integer NOT NULL CHECK (waited_seconds BETWEEN 0 AND 86400),
    recorded_at    timestamptz NOT NULL DEFAULT pg_catalog.now(),
    recorded_by    bigint,
    -- a call is given up in one queue: recorded once, not again for a
    -- department above it (whose rate counts its subtree's calls)
    PRIMARY KEY (call_id)
);
COMMENT ON TABLE cs_policy.call_abandoned IS
    'SH-3: every call given up in a department''s queue before any seat rang, as the telephony reports it: it counts as offered and not answered in the department''s answer rate. Change through record_abandoned_call';
COMMENT ON COLUMN cs_policy.call_abandoned.department_id IS 'The department whose queue it waited in';
COMMENT ON COLUMN cs_policy.call_abandoned.call_id IS 'The telephony''s id of the call';
COMMENT ON COLUMN cs_policy.call_abandoned.offered_at IS 'When it entered the queue';
COMMENT ON COLUMN cs_policy.call_abandoned.waited_seconds IS 'How long the caller waited before hanging up';
COMMENT ON COLUMN cs_policy.call_abandoned.recorded_at IS 'When it was recorded';
COMMENT ON COLUMN cs_policy.call_abandoned.recorded_by IS 'employee_id of the supervisor the telephony recorded it for (acting_as)';
SELECT pg_catalog.pg_extension_config_dump('cs_policy.call_abandoned', '');

CREATE FUNCTION cs_policy.record_abandoned_call(call_id text, department text, offered_at timestamptz,
                                                waited_seconds integer, acting_as text DEFAULT NULL)
RETURNS text
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    audit_call_abandoned cs_policy.call_abandoned;
    actor cs_policy.employee := cs_policy.acting_employee(acting_as);
    queue cs_policy.department := cs_policy.department_by_code(department);
BEGIN
    PERFORM cs_policy.check_in_charge(actor, queue.department_id, 'record the calls given up in the queue of ' || queue.code);
    PERFORM cs_policy.check_call_id(call_id);
    IF offered_at IS NULL OR waited_seconds IS NULL THEN
        RAISE EXCEPTION 'a call given up in the queue needs when it came in and how long it waited'
            USING ERRCODE = 'null_value_not_allowed',
                  HINT = 'e.g. record_abandoned_call(''C-9'', ''HOTLINE'', now() - interval ''40 seconds'', 40).';
    END IF;
    IF waited_seconds NOT BETWEEN 0 AND 86400 THEN
        RAISE EXCEPTION 'a call waits 0 to 86400 seconds in the queue, not %', waited_seconds
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    PERFORM cs_policy.check_call_time(offered_at);
    IF EXISTS (SELECT FROM cs_policy.call_abandoned a WHERE a.call_id = record_abandoned_call.call_id) THEN
        RAISE EXCEPTION 'call % is already recorded as given up in a queue', call_id
            USING ERRCODE = 'unique_violation', HINT = 'A call is recorded once, for the queue it waited in.';
    END IF;
    INSERT INTO cs_policy.call_abandoned AS x (department_id, call_id, offered_at, waited_seconds, recorded_by)
    VALUES (queue.department_id, record_abandoned_call.call_id, record_abandoned_call.offered_at,
            record_abandoned_call.waited_seconds, actor.employee_id)
    RETURNING x.* INTO audit_call_abandoned;
    PERFORM cs_policy.audit(actor.employee_id, 'record_abandoned_call', 'call_abandoned', NULL, to_jsonb(audit_call_abandoned));
    RETURN audit_call_abandoned.call_id;
END
$$;
COMMENT ON FUNCTION cs_policy.record_abandoned_call(text, text, timestamptz, integer, text) IS
    'SH-3: the telephony records a call given up in a department''s queue before any seat rang (for a supervisor or above of the department): when it came in and how long the caller waited; it counts in call_answer_rate as offered and not answered; returns the call id';
REVOKE EXECUTE ON FUNCTION cs_policy.record_abandoned_call(text, text, timestamptz, integer, text) FROM PUBLIC;

-- Each call with the limit of the rung agent's complaint policy on the day
-- it rang (pickup_before_ring: 3, the default of every policy): picked up
-- in time is picked up before that ring.
CREATE VIEW cs_policy.call_pickup WITH (security_invoker = true) AS
SELECT c.employee_id,
       e.code AS agent,
       e.department_id,
       c.call_id,
       c.offered_at,
       pg_catalog.date_bin('30 minutes', c.offered_at, timestamptz '2000-01-01 00:00+00') AS interval_start,
       c.rings,
       c.answered_at,
       picker.code AS answered_by,
       c.answered_at IS NOT NULL AS answered,
       lim.before_ring AS pickup_before_ring,
       (c.answered_at IS NOT NULL AND (c.rings OPERATOR(pg_catalog.<) lim.before_ring)) AS in_time,
       'CP-6'::text AS rule_id,
       lim.policy_id
  FROM cs_policy.call_record c
  JOIN cs_policy.employee e ON e.employee_id OPERATOR(pg_catalog.=) c.employee_id
  LEFT JOIN cs_policy.employee picker ON picker.employee_id OPERATOR(pg_catalog.=) c.answered_by
 CROSS JOIN LATERAL (
    SELECT pol.policy_id,
           coalesce(pol.parameters OPERATOR(pg_catalog.->>) 'pickup_before_ring',
                    dflt.settings OPERATOR(pg_catalog.->>) 'pickup_before_ring')::integer AS before_ring
      FROM cs_policy.preset_setting dflt
      LEFT JOIN cs_policy.policy_in_force pol
             ON pol.department_id OPERATOR(pg_catalog.=) e.department_id
            AND pol.area OPERATOR(pg_catalog.=) 'complaint'
            AND pol.in_force OPERATOR(pg_catalog.@>) (c.offered_at AT TIME ZONE 'Asia/Shanghai')::date
     WHERE dflt.preset IS NULL AND dflt.area OPERATOR(pg_catalog.=) 'complaint') lim;
COMMENT ON VIEW cs_policy.call_pickup IS
    'CP-6: every call offered to an agent''s seat, how many times it rang, who picked it up and whether before the limit of the agent''s complaint policy (pickup_before_ring 3: picked up during the 1st or 2nd ring); a call not picked up is not in time';
COMMENT ON COLUMN cs_policy.call_pickup.employee_id IS 'The agent whose phone rang';
COMMENT ON COLUMN cs_policy.call_pickup.agent IS 'Staff number';
COMMENT ON COLUMN cs_policy.call_pickup.department_id IS 'The agent''s department';
COMMENT ON COLUMN cs_policy.call_pickup.call_id IS 'The telephony''s id';
COMMENT ON COLUMN cs_policy.call_pickup.offered_at IS 'When it began to ring';
COMMENT ON COLUMN cs_policy.call_pickup.interval_start IS 'Start of its half hour';
COMMENT ON COLUMN cs_policy.call_pickup.rings IS 'Rings before it was picked up or given up';
COMMENT ON COLUMN cs_policy.call_pickup.answered_at IS 'When it was picked up (NULL: not)';
COMMENT ON COLUMN cs_policy.call_pickup.answered_by IS 'Staff number of who picked it up';
COMMENT ON COLUMN cs_policy.call_pickup.answered IS 'It was picked up';
COMMENT ON COLUMN cs_policy.call_pickup.pickup_before_ring IS 'The ring it must be picked up before (CP-6: 3)';
COMMENT ON COLUMN cs_policy.call_pickup.in_time IS 'Picked up before that ring';
COMMENT ON COLUMN cs_policy.call_pickup.rule_id IS 'CP-6';
COMMENT ON COLUMN cs_policy.call_pickup.policy_id IS 'The complaint policy whose limit applied (NULL: the default)';

-- Per agent and half hour: the share picked up in time (CP-6).
CREATE VIEW cs_policy.call_interval WITH (security_invoker = true) AS
SELECT p.employee_id,
       p.agent,
       p.interval_start,
       pg_catalog.count(*) AS offered,
       pg_catalog.count(*) FILTER (WHERE p.answered) AS answered,
       pg_catalog.count(*) FILTER (WHERE p.in_time) AS in_time,
       pg_catalog.round(pg_catalog.avg(p.in_time::integer), 4) AS in_time_share,
       'CP-6'::text AS rule_id
  FROM cs_policy.call_pickup p
 GROUP BY p.employee_id, p.agent, p.interval_start;
COMMENT ON VIEW cs_policy.call_interval IS
    'CP-6: per agent and half hour, the calls offered to the agent''s seat, those picked up, and the share picked up before the 3rd ring (the limit of the agent''s complaint policy)';
COMMENT ON COLUMN cs_policy.call_interval.employee_id IS 'The agent';
COMMENT ON COLUMN cs_policy.call_interval.agent IS 'Staff number';
COMMENT ON COLUMN cs_policy.call_interval.interval_start IS 'Start of the half hour';
COMMENT ON COLUMN cs_policy.call_interval.offered IS 'Calls that rang at the seat';
COMMENT ON COLUMN cs_policy.call_interval.answered IS 'Those picked up (by the agent or a colleague)';
COMMENT ON COLUMN cs_policy.call_interval.in_time IS 'Those picked up in time';
COMMENT ON COLUMN cs_policy.call_interval.in_time_share IS 'Their share of the calls offered, 0 to 1';
COMMENT ON COLUMN cs_policy.call_interval.rule_id IS 'CP-6';

-- Per department (with its subtree) and half hour: the answer rate against
-- the minimum of the department's shift policy (SH-3: callcenter_7x24's
-- answer_rate_min 0.9). The calls are counted per department first, then
-- meet the policy: a policy lookup per half hour, not per call.
CREATE VIEW cs_policy.call_answer_rate WITH (security_invoker = true) AS
SELECT r.department_id,
       d.code AS department_code,
       r.interval_start,
       r.offered,
       r.answered,
       r.in_time,
       r.abandoned_in_queue,
       pg_catalog.round(r.answered::numeric OPERATOR(pg_catalog./) r.offered, 4) AS answer_rate,
       (pol.parameters OPERATOR(pg_catalog.->>) 'answer_rate_min')::numeric AS minimum,
       (pg_catalog.round(r.answered::numeric OPERATOR(pg_catalog./) r.offered, 4)
           OPERATOR(pg_catalog.<) (pol.parameters OPERATOR(pg_catalog.->>) 'answer_rate_min')::numeric) AS below_minimum,
       'SH-3'::text AS rule_id,
       pol.policy_id
  FROM (SELECT x.department_id, x.interval_start,
               pg_catalog.sum(x.offered)::bigint AS offered,
               pg_catalog.sum(x.answered)::bigint AS answered,
               pg_catalog.sum(x.in_time)::bigint AS in_time,
               pg_catalog.sum(x.abandoned)::bigint AS abandoned_in_queue
          FROM (SELECT u.department_id, p.interval_start,
                       pg_catalog.count(*) AS offered,
                       pg_catalog.count(*) FILTER (WHERE p.answered) AS answered,
                       pg_catalog.count(*) FILTER (WHERE p.in_time) AS in_time,
                       0::bigint AS abandoned
                  FROM cs_policy.call_pickup p
                  JOIN cs_policy.department home ON home.department_id OPERATOR(pg_catalog.=) p.department_id
                 CROSS JOIN LATERAL pg_catalog.unnest(home.path) AS u(department_id)
                 GROUP BY u.department_id, p.interval_start
                UNION ALL
                -- the calls given up in the queue, offered and not answered
                SELECT u.department_id,
                       pg_catalog.date_bin('30 minutes', a.offered_at, timestamptz '2000-01-01 00:00+00'),
                       pg_catalog.count(*), 0::bigint, 0::bigint, pg_catalog.count(*)
                  FROM cs_policy.call_abandoned a
                  JOIN cs_policy.department home ON home.department_id OPERATOR(pg_catalog.=) a.department_id
                 CROSS JOIN LATERAL pg_catalog.unnest(home.path) AS u(department_id)
                 GROUP BY 1, 2) x
         GROUP BY x.department_id, x.interval_start) r
  JOIN cs_policy.department d ON d.department_id OPERATOR(pg_catalog.=) r.department_id
  LEFT JOIN cs_policy.policy_in_force pol
         ON pol.department_id OPERATOR(pg_catalog.=) r.department_id
        AND pol.area OPERATOR(pg_catalog.=) 'shift'
        AND pol.in_force OPERATOR(pg_catalog.@>) (r.interval_start AT TIME ZONE 'Asia/Shanghai')::date;
COMMENT ON VIEW cs_policy.call_answer_rate IS
    'SH-3: per department (its agents and those below it) and half hour, the calls offered (at the seats, and given up in the queue), picked up and picked up in time (CP-6), the answer rate, and whether it is below the minimum of the department''s shift policy (answer_rate_min; callcenter_7x24: 0.9; NULL where the policy sets none)';
COMMENT ON COLUMN cs_policy.call_answer_rate.department_id IS 'Department (with its subtree)';
COMMENT ON COLUMN cs_policy.call_answer_rate.department_code IS 'Its code';
COMMENT ON COLUMN cs_policy.call_answer_rate.interval_start IS 'Start of the half hour';
COMMENT ON COLUMN cs_policy.call_answer_rate.offered IS 'Calls offered: those that rang at its agents'' seats and those given up in its queue';
COMMENT ON COLUMN cs_policy.call_answer_rate.answered IS 'Those picked up';
COMMENT ON COLUMN cs_policy.call_answer_rate.in_time IS 'Those picked up before the 3rd ring (CP-6)';
COMMENT ON COLUMN cs_policy.call_answer_rate.abandoned_in_queue IS 'Those given up in its queue before any seat rang (record_abandoned_call)';
COMMENT ON COLUMN cs_policy.call_answer_rate.answer_rate IS 'answered / offered, 0 to 1';
COMMENT ON COLUMN cs_policy.call_answer_rate.minimum IS 'The shift policy''s answer_rate_min (SH-3: 0.9), NULL when it sets none';
COMMENT ON COLUMN cs_policy.call_answer_rate.below_minimum IS 'The answer rate is below it';
COMMENT ON COLUMN cs_policy.call_answer_rate.rule_id IS 'SH-3';
COMMENT ON COLUMN cs_policy.call_answer_rate.policy_id IS 'The shift policy in force';

-- SH-6: the seat log, as the telephony reports it: when the agent signed
-- in at a seat and out again (签入, 签出). Keyed by the agent: the
-- distribution column.
CREATE TABLE cs_policy.seat_session (
    employee_id   bigint NOT NULL REFERENCES cs_policy.employee,
    session_id    bigint GENERATED ALWAYS AS IDENTITY,
    seat          text NOT NULL CHECK (seat OPERATOR(pg_catalog.~) '^[A-Za-z0-9][A-Za-z0-9_.:-]{0,31}$'),
    signed_in_at  timestamptz NOT NULL CHECK (pg_catalog.isfinite(signed_in_at)),
    signed_out_at timestamptz CHECK (signed_out_at OPERATOR(pg_catalog.>) signed_in_at
                                     AND signed_out_at OPERATOR(pg_catalog.<) (signed_in_at OPERATOR(pg_catalog.+) interval '1 day')),
    PRIMARY KEY (employee_id, session_id)
);
COMMENT ON TABLE cs_policy.seat_session IS
    'SH-6: each time an agent signed in at a seat of the telephony and signed out again (NULL: still signed in). Change through seat_sign_in and seat_sign_out';
COMMENT ON COLUMN cs_policy.seat_session.employee_id IS 'The agent (the distribution column)';
COMMENT ON COLUMN cs_policy.seat_session.session_id IS 'Order of recording';
COMMENT ON COLUMN cs_policy.seat_session.seat IS 'The seat (extension or position) signed in at';
COMMENT ON COLUMN cs_policy.seat_session.signed_in_at IS 'When the agent signed in';
COMMENT ON COLUMN cs_policy.seat_session.signed_out_at IS 'When the agent signed out (NULL: still signed in)';
SELECT pg_catalog.pg_extension_config_dump('cs_policy.seat_session', '');
SELECT pg_catalog.pg_extension_config_dump('cs_policy.seat_session_session_id_seq', '');

CREATE FUNCTION cs_policy.seat_sign_in(seat text, at timestamptz DEFAULT NULL, acting_as text DEFAULT NULL)
RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    audit_seat_session cs_policy.seat_session;
    actor     cs_policy.employee := cs_policy.acting_employee(acting_as);
    stamp     timestamptz;
    open_one  cs_policy.seat_session;
    after_row jsonb;
BEGIN
    IF seat IS NULL OR seat !~ '^[A-Za-z0-9][A-Za-z0-9_.:-]{0,31}$' THEN
        RAISE EXCEPTION 'invalid seat "%"', coalesce(seat, 'NULL')
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Up to 32 letters, digits and _ . : -, starting with a letter or digit: the extension or position.';
    END IF;
    stamp := cs_policy.event_time(at);
    -- one seat at a time, and sessions in order (locked: two sign-ins of
    -- the same agent at once would both find none open)
    PERFORM pg_advisory_xact_lock(hashtext('cs_policy.seat_session'), hashtext(actor.employee_id::text));
    SELECT * INTO open_one FROM cs_policy.seat_session s
     WHERE s.employee_id = actor.employee_id AND (s.signed_out_at IS NULL OR s.signed_out_at > stamp)
       AND s.signed_in_at <= stamp
     ORDER BY s.signed_in_at DESC LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION '% is signed in at seat % since %', actor.code, open_one.seat, open_one.signed_in_at
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  HINT = 'Sign out there first (seat_sign_out).';
    END IF;
    INSERT INTO cs_policy.seat_session AS x (employee_id, seat, signed_in_at)
    VALUES (actor.employee_id, seat_sign_in.seat, stamp)
    RETURNING x.* INTO audit_seat_session;
    after_row := to_jsonb(audit_seat_session);
    PERFORM cs_policy.audit(actor.employee_id, 'seat_sign_in', 'seat_session', NULL, after_row);
    RETURN audit_seat_session.session_id;
END
$$;
COMMENT ON FUNCTION cs_policy.seat_sign_in(text, timestamptz, text) IS
    'SH-6: the telephony records the acting agent signing in at a seat (now; a superuser loading past records gives the time); 55000 while signed in elsewhere; returns session_id';
REVOKE EXECUTE ON FUNCTION cs_policy.seat_sign_in(text, timestamptz, text) FROM PUBLIC;

CREATE FUNCTION cs_policy.seat_sign_out(at timestamptz DEFAULT NULL, acting_as text DEFAULT NULL)
RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    audit_seat_session cs_policy.seat_session;
    actor     cs_policy.employee := cs_policy.acting_employee(acting_as);
    stamp     timestamptz;
    open_one  cs_policy.seat_session;
    before_row jsonb;
    after_row jsonb;
BEGIN
    stamp := cs_policy.event_time(at);
    PERFORM pg_advisory_xact_lock(hashtext('cs_policy.seat_session'), hashtext(actor.employee_id::text));
    SELECT * INTO open_one FROM cs_policy.seat_session s
     WHERE s.employee_id = actor.employee_id AND s.signed_out_at IS NULL
     ORDER BY s.signed_in_at DESC LIMIT 1;
    IF NOT FOUND THEN
        RAISE EXCEPTION '% is not signed in at any seat', actor.code
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  HINT = 'Sign in first (seat_sign_in).';
    END IF;
    IF stamp <= open_one.signed_in_at OR stamp >= open_one.signed_in_at + interval '1 day' THEN
        RAISE EXCEPTION 'a sign-out at % does not end the session at seat % signed in at %', stamp, open_one.seat, open_one.signed_in_at
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'A sign-out comes after the sign-in, within a day.';
    END IF;
    before_row := to_jsonb(open_one);
    UPDATE cs_policy.seat_session s SET signed_out_at = stamp
     WHERE s.employee_id = open_one.employee_id AND s.session_id = open_one.session_id
    RETURNING s.* INTO audit_seat_session;
    after_row := to_jsonb(audit_seat_session);
    PERFORM cs_policy.audit(actor.employee_id, 'seat_sign_out', 'seat_session', before_row, after_row);
    RETURN audit_seat_session.session_id;
END
$$;
COMMENT ON FUNCTION cs_policy.seat_sign_out(timestamptz, text) IS
    'SH-6: the telephony records the acting agent signing out of the seat signed in at (now; a superuser loading past records gives the time); 55000 when not signed in; returns session_id';
REVOKE EXECUTE ON FUNCTION cs_policy.seat_sign_out(timestamptz, text) FROM PUBLIC;

-- SH-6: per rostered shift with seat sessions, the first sign-in against
-- the start (签入不得超过3分钟: seat_sign_in_minutes) and whether that
-- session was signed out within seat_min_session_minutes (签入后30分钟内不
-- 允许签出) before the shift's end. The sessions of a shift are those
-- signed in from an hour before its start to its end. (Grouped, not
-- LATERAL with LIMIT: Citus pushes the grouped join down.)
CREATE VIEW cs_policy.seat_discipline WITH (security_invoker = true) AS
SELECT r.employee_id,
       e.code AS agent,
       r.work_date,
       pg_catalog.lower(r.instants) AS starts_at,
       x.first_sign_in,
       pg_catalog.round((pg_catalog.date_part('epoch', greatest(x.first_sign_in OPERATOR(pg_catalog.-) pg_catalog.lower(r.instants),
                                                                  interval '0'))::numeric OPERATOR(pg_catalog./) 60), 1)
           AS sign_in_minutes,
       (sp.parameters OPERATOR(pg_catalog.->>) 'seat_sign_in_minutes')::integer AS sign_in_limit,
       (x.first_sign_in OPERATOR(pg_catalog.>) (pg_catalog.lower(r.instants)
            OPERATOR(pg_catalog.+) pg_catalog.make_interval(mins => (sp.parameters OPERATOR(pg_catalog.->>) 'seat_sign_in_minutes')::integer)))
           AS signed_in_late,
       x.first_sign_out,
       pg_catalog.round((pg_catalog.date_part('epoch', x.first_sign_out OPERATOR(pg_catalog.-) x.first_sign_in)::numeric
                         OPERATOR(pg_catalog./) 60), 1) AS first_session_minutes,
       (sp.parameters OPERATOR(pg_catalog.->>) 'seat_min_session_minutes')::integer AS min_session_minutes,
       (x.first_sign_out OPERATOR(pg_catalog.<) (x.first_sign_in
            OPERATOR(pg_catalog.+) pg_catalog.make_interval(mins => (sp.parameters OPERATOR(pg_catalog.->>) 'seat_min_session_minutes')::integer))
        AND x.first_sign_out OPERATOR(pg_catalog.<) pg_catalog.upper(r.instants)) AS signed_out_too_soon,
       x.sessions,
       'SH-6'::text AS rule_id,
       sp.policy_id
  FROM cs_policy.roster r
  JOIN cs_policy.employee e ON e.employee_id OPERATOR(pg_catalog.=) r.employee_id
  JOIN (SELECT r2.employee_id, r2.work_date, r2.template_id,
               pg_catalog.min(s.signed_in_at) AS first_sign_in,
               (pg_catalog.array_agg(s.signed_out_at ORDER BY s.signed_in_at))[1] AS first_sign_out,
               pg_catalog.count(*) AS sessions
          FROM cs_policy.roster r2
          JOIN cs_policy.seat_session s
            ON s.employee_id OPERATOR(pg_catalog.=) r2.employee_id
           AND s.signed_in_at OPERATOR(pg_catalog.>=) (pg_catalog.lower(r2.instants) OPERATOR(pg_catalog.-) interval '1 hour')
           AND s.signed_in_at OPERATOR(pg_catalog.<) pg_catalog.upper(r2.instants)
         GROUP BY r2.employee_id, r2.work_date, r2.template_id) x
    ON x.employee_id OPERATOR(pg_catalog.=) r.employee_id AND x.work_date OPERATOR(pg_catalog.=) r.work_date
   AND x.template_id OPERATOR(pg_catalog.=) r.template_id
  LEFT JOIN (SELECT f.department_id, f.in_force, f.parameters, f.policy_id FROM cs_policy.policy_in_force f
              WHERE f.area OPERATOR(pg_catalog.=) 'shift') sp
         ON sp.department_id OPERATOR(pg_catalog.=) e.department_id AND sp.in_force OPERATOR(pg_catalog.@>) r.work_date;
COMMENT ON VIEW cs_policy.seat_discipline IS
    'SH-6: per rostered shift with seat sessions, the first sign-in at a seat against the shift''s start (late past the shift policy''s seat_sign_in_minutes; callcenter_2012: 3) and whether that session was signed out within seat_min_session_minutes (callcenter_2012: 30) before the shift''s end; NULL where the policy sets no limit';
COMMENT ON COLUMN cs_policy.seat_discipline.employee_id IS 'The agent';
COMMENT ON COLUMN cs_policy.seat_discipline.agent IS 'Staff number';
COMMENT ON COLUMN cs_policy.seat_discipline.work_date IS 'Work date of the shift';
COMMENT ON COLUMN cs_policy.seat_discipline.starts_at IS 'When the shift starts';
COMMENT ON COLUMN cs_policy.seat_discipline.first_sign_in IS 'The first sign-in at a seat, from an hour before the start to the end';
COMMENT ON COLUMN cs_policy.seat_discipline.sign_in_minutes IS 'Minutes after the start it came (0 when before)';
COMMENT ON COLUMN cs_policy.seat_discipline.sign_in_limit IS 'seat_sign_in_minutes of the shift policy (SH-6: 3)';
COMMENT ON COLUMN cs_policy.seat_discipline.signed_in_late IS 'Signed in later than that after the start';
COMMENT ON COLUMN cs_policy.seat_discipline.first_sign_out IS 'When that session was signed out (NULL: still signed in)';
COMMENT ON COLUMN cs_policy.seat_discipline.first_session_minutes IS 'How long that session lasted';
COMMENT ON COLUMN cs_policy.seat_discipline.min_session_minutes IS 'seat_min_session_minutes of the shift policy (SH-6: 30)';
COMMENT ON COLUMN cs_policy.seat_discipline.signed_out_too_soon IS 'Signed out of it within that time, before the shift''s end';
COMMENT ON COLUMN cs_policy.seat_discipline.sessions IS 'Seat sessions of the shift';
COMMENT ON COLUMN cs_policy.seat_discipline.rule_id IS 'SH-6';
COMMENT ON COLUMN cs_policy.seat_discipline.policy_id IS 'The shift policy in force (NULL: none)';
