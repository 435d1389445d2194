-- src/sla.sql: service-level targets of complaints (C: src/sla.c, src/sla_core.c)

CREATE TYPE cs_policy.sla_target;

CREATE FUNCTION cs_policy.sla_target_in(cstring) RETURNS cs_policy.sla_target
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION cs_policy.sla_target_out(cs_policy.sla_target) RETURNS cstring
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION cs_policy.sla_target_recv(internal) RETURNS cs_policy.sla_target
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION cs_policy.sla_target_send(cs_policy.sla_target) RETURNS bytea
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE cs_policy.sla_target (
    INTERNALLENGTH = 24,
    INPUT = cs_policy.sla_target_in,
    OUTPUT = cs_policy.sla_target_out,
    RECEIVE = cs_policy.sla_target_recv,
    SEND = cs_policy.sla_target_send,
    ALIGNMENT = double,
    STORAGE = plain
);
COMMENT ON TYPE cs_policy.sla_target IS
    'A service-level target of complaints: a clock from start events to stop events with an allowance, e.g. ''received -> resolved within 3 working days, paused while waiting'' (CP-3), ''received -> manager_notified within 1 hour'' (CP-4), ''received -> closed within same day''. Events are the labels of complaint_event_kind, alternatives joined by |; the allowance is n working days (to the end of hours of the n-th working day after the start''s), n days (to the end of the n-th day after; same day = 0 days), n hours/minutes/seconds of real time or n working hours/minutes of working time; "paused while waiting" stops the clock while the complaint waits for the customer';
COMMENT ON FUNCTION cs_policy.sla_target_in(cstring) IS 'Input function of sla_target';
COMMENT ON FUNCTION cs_policy.sla_target_out(cs_policy.sla_target) IS 'Output function of sla_target: the canonical text';
COMMENT ON FUNCTION cs_policy.sla_target_recv(internal) IS 'Binary input function of sla_target';
COMMENT ON FUNCTION cs_policy.sla_target_send(cs_policy.sla_target) IS 'Binary output function of sla_target';

CREATE FUNCTION cs_policy.sla_target_eq(cs_policy.sla_target, cs_policy.sla_target) RETURNS boolean
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION cs_policy.sla_target_ne(cs_policy.sla_target, cs_policy.sla_target) RETURNS boolean
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION cs_policy.sla_target_hash(cs_policy.sla_target) RETURNS integer
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION cs_policy.sla_target_eq(cs_policy.sla_target, cs_policy.sla_target) IS 'Equal targets';
COMMENT ON FUNCTION cs_policy.sla_target_ne(cs_policy.sla_target, cs_policy.sla_target) IS 'Different targets';
COMMENT ON FUNCTION cs_policy.sla_target_hash(cs_policy.sla_target) IS 'Hash support for sla_target';
CREATE OPERATOR cs_policy.= (LEFTARG = cs_policy.sla_target, RIGHTARG = cs_policy.sla_target,
    FUNCTION = cs_policy.sla_target_eq, COMMUTATOR = OPERATOR(cs_policy.=), NEGATOR = OPERATOR(cs_policy.<>),
    RESTRICT = eqsel, JOIN = eqjoinsel, HASHES);
CREATE OPERATOR cs_policy.<> (LEFTARG = cs_policy.sla_target, RIGHTARG = cs_policy.sla_target,
    FUNCTION = cs_policy.sla_target_ne, COMMUTATOR = OPERATOR(cs_policy.<>), NEGATOR = OPERATOR(cs_policy.=),
    RESTRICT = neqsel, JOIN = neqjoinsel);
CREATE OPERATOR CLASS cs_policy.sla_target_hash_ops DEFAULT FOR TYPE cs_policy.sla_target USING hash AS
    OPERATOR 1 cs_policy.= (cs_policy.sla_target, cs_policy.sla_target),
    FUNCTION 1 cs_policy.sla_target_hash(cs_policy.sla_target);

CREATE FUNCTION cs_policy.sla_target_at_least(a cs_policy.sla_target, b cs_policy.sla_target) RETURNS boolean
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION cs_policy.sla_target_at_least(cs_policy.sla_target, cs_policy.sla_target) IS
    'True when target a is at least as strict as b: the same start and stop events, an allowance of the same kind and no longer, and no pause where b has none (a department''s targets may be stricter than its parent''s, never more lenient)';
CREATE FUNCTION cs_policy.sla_target_more_lenient(a cs_policy.sla_target, b cs_policy.sla_target) RETURNS text
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION cs_policy.sla_target_more_lenient(cs_policy.sla_target, cs_policy.sla_target) IS
    'Where target a is more lenient than b, in words ("it allows 4 working days where the parent allows 3 working days"); NULL when a is at least b';
CREATE FUNCTION cs_policy.sla_target_parts(target cs_policy.sla_target, OUT starts text[], OUT stops text[],
                                           OUT allowance text, OUT clock text, OUT paused_while_waiting boolean)
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION cs_policy.sla_target_parts(cs_policy.sla_target) IS
    'A target taken apart: the events that start and stop its clock, the allowance ("3 working days"), how it is measured (wall_clock, days, working_days, working_time) and whether it pauses while the complaint waits for the customer';

-- A complaint's events packed into one value (partial lists combine).
CREATE FUNCTION cs_policy.collect_complaint_events_step(list bytea, kind text, at timestamptz, seq bigint)
RETURNS bytea
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION cs_policy.collect_complaint_events_step(bytea, text, timestamptz, bigint) IS
    'Transition function of collect_complaint_events';
REVOKE EXECUTE ON FUNCTION cs_policy.collect_complaint_events_step(bytea, text, timestamptz, bigint) FROM PUBLIC;
CREATE AGGREGATE cs_policy.collect_complaint_events(kind text, at timestamptz, seq bigint) (
    SFUNC = cs_policy.collect_complaint_events_step, STYPE = bytea,
    COMBINEFUNC = cs_policy.collect_combine, PARALLEL = SAFE
);
COMMENT ON AGGREGATE cs_policy.collect_complaint_events(text, timestamptz, bigint) IS
    'One complaint''s events (kind, instant, and a number ordering events of the same instant) packed into one value, in any order, for sla_clock';
CREATE FUNCTION cs_policy.collect_complaint_events_step(list bytea, kind text, at timestamptz, seq bigint, owner_id bigint)
RETURNS bytea
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION cs_policy.collect_complaint_events_step(bytea, text, timestamptz, bigint, bigint) IS
    'Transition function of collect_complaint_events with owners';
REVOKE EXECUTE ON FUNCTION cs_policy.collect_complaint_events_step(bytea, text, timestamptz, bigint, bigint) FROM PUBLIC;
CREATE FUNCTION cs_policy.collect_complaint_events_final(list bytea)
RETURNS bytea
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION cs_policy.collect_complaint_events_final(bytea) IS
    'Final function of collect_complaint_events with owners: the list as complaint_events_add makes it, without the room it grew by';
REVOKE EXECUTE ON FUNCTION cs_policy.collect_complaint_events_final(bytea) FROM PUBLIC;
CREATE AGGREGATE cs_policy.collect_complaint_events(kind text, at timestamptz, seq bigint, owner_id bigint) (
    SFUNC = cs_policy.collect_complaint_events_step, STYPE = bytea,
    FINALFUNC = cs_policy.collect_complaint_events_final,
    COMBINEFUNC = cs_policy.collect_combine, PARALLEL = SAFE
);
COMMENT ON AGGREGATE cs_policy.collect_complaint_events(text, timestamptz, bigint, bigint) IS
    'One complaint''s events packed into one value as collect_complaint_events(kind, at, seq) packs them, each with the employee it went to (owner_id, NULL: nobody), as complaint.events keeps them: what a load of past events that bypassed the commands runs to rebuild that column';

-- Each complaint's events are kept with it, packed (complaint.events), by
-- the commands that append to complaint_event: the clocks then read the
-- complaint's row, not an index scan of its events (bench/sla).
CREATE FUNCTION cs_policy.complaint_events_add(events bytea, kind text, at timestamptz, seq bigint, owner_id bigint)
RETURNS bytea
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION cs_policy.complaint_events_add(bytea, text, timestamptz, bigint, bigint) IS
    'A list of complaint events (complaint.events; NULL: none) with one more: its kind (complaint_event_kind), instant, event id (seq) and the employee it went to (owner_id, or NULL); at most 100,000 a complaint (54000); runs no query';
CREATE FUNCTION cs_policy.complaint_owner(events bytea, as_of timestamptz, first_contact bigint)
RETURNS bigint
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION cs_policy.complaint_owner(bytea, timestamptz, bigint) IS
    'CP-4: who answers for a complaint at as_of: the employee its events (complaint.events) last handed it to by then, by event id, else its first contact; runs no query';
CREATE FUNCTION cs_policy.complaint_event_list(events bytea, OUT kind text, OUT at timestamptz, OUT seq bigint,
                                               OUT owner_id bigint)
RETURNS SETOF record
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 8;
COMMENT ON FUNCTION cs_policy.complaint_event_list(bytea) IS
    'A packed list of complaint events read back, one row an event as packed: kind, instant, seq (the event id) and owner_id (NULL: the event names nobody); runs no query';

CREATE FUNCTION cs_policy.sla_clock(target cs_policy.sla_target, calendar cs_policy.business_calendar, events bytea,
                                    as_of timestamptz, at_risk_share numeric DEFAULT 0.25,
                                    OUT started_at timestamptz, OUT due_at timestamptz, OUT met_at timestamptz,
                                    OUT paused interval, OUT paused_now boolean, OUT state text,
                                    OUT time_left interval, OUT allowance interval, OUT clock text)
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION cs_policy.sla_clock(cs_policy.sla_target, cs_policy.business_calendar, bytea, timestamptz, numeric) IS
    'A target''s clock over a complaint''s events (complaint.events, or collect_complaint_events) as of an instant (later events are not read), on a calendar: when it started, when it is due (pauses push the deadline on), when it was met, how long it stood still waiting for the customer and whether it does now, the state (met, breached, running, or at_risk when less than at_risk_share of the allowance is left), the time left (negative: overdue) and the allowance, in working time or wall-clock time as the target measures; NULL when the target has not started. Takes everything as values and runs no query';
