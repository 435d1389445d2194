-- src/shift.sql: shift times (C: src/shift.c, src/shift_core.c)

CREATE TYPE cs_policy.shift;

CREATE FUNCTION cs_policy.shift_in(cstring) RETURNS cs_policy.shift
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION cs_policy.shift_out(cs_policy.shift) RETURNS cstring
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION cs_policy.shift_recv(internal) RETURNS cs_policy.shift
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION cs_policy.shift_send(cs_policy.shift) RETURNS bytea
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE cs_policy.shift (
    INTERNALLENGTH = 36,
    INPUT = cs_policy.shift_in,
    OUTPUT = cs_policy.shift_out,
    RECEIVE = cs_policy.shift_recv,
    SEND = cs_policy.shift_send,
    ALIGNMENT = int4,
    STORAGE = plain
);
COMMENT ON TYPE cs_policy.shift IS
    'Shift times (SH-1): one or more windows HH:MM-HH:MM of local time in time order, separated by ","; a window ending at or before its start runs past midnight (''20:00-08:00''), split shifts have a break (''08:30-12:00,13:00-17:00''), at most 24 hours from first start to last end';
COMMENT ON FUNCTION cs_policy.shift_in(cstring) IS 'Input function of shift';
COMMENT ON FUNCTION cs_policy.shift_out(cs_policy.shift) IS 'Output function of shift: the canonical text';
COMMENT ON FUNCTION cs_policy.shift_recv(internal) IS 'Binary input function of shift';
COMMENT ON FUNCTION cs_policy.shift_send(cs_policy.shift) IS 'Binary output function of shift';

CREATE FUNCTION cs_policy.shift_cmp(cs_policy.shift, cs_policy.shift) RETURNS integer
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION cs_policy.shift_lt(cs_policy.shift, cs_policy.shift) RETURNS boolean
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION cs_policy.shift_le(cs_policy.shift, cs_policy.shift) RETURNS boolean
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION cs_policy.shift_eq(cs_policy.shift, cs_policy.shift) RETURNS boolean
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION cs_policy.shift_ne(cs_policy.shift, cs_policy.shift) RETURNS boolean
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION cs_policy.shift_ge(cs_policy.shift, cs_policy.shift) RETURNS boolean
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION cs_policy.shift_gt(cs_policy.shift, cs_policy.shift) RETURNS boolean
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION cs_policy.shift_hash(cs_policy.shift) RETURNS integer
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION cs_policy.shift_cmp(cs_policy.shift, cs_policy.shift) IS 'Orders shifts by their first start, then end, then later windows';
COMMENT ON FUNCTION cs_policy.shift_lt(cs_policy.shift, cs_policy.shift) IS 'Shift ordering: less than';
COMMENT ON FUNCTION cs_policy.shift_le(cs_policy.shift, cs_policy.shift) IS 'Shift ordering: less than or equal';
COMMENT ON FUNCTION cs_policy.shift_eq(cs_policy.shift, cs_policy.shift) IS 'Shift ordering: equal';
COMMENT ON FUNCTION cs_policy.shift_ne(cs_policy.shift, cs_policy.shift) IS 'Shift ordering: not equal';
COMMENT ON FUNCTION cs_policy.shift_ge(cs_policy.shift, cs_policy.shift) IS 'Shift ordering: greater than or equal';
COMMENT ON FUNCTION cs_policy.shift_gt(cs_policy.shift, cs_policy.shift) IS 'Shift ordering: greater than';
COMMENT ON FUNCTION cs_policy.shift_hash(cs_policy.shift) IS 'Hash support for shift';

CREATE OPERATOR cs_policy.< (LEFTARG = cs_policy.shift, RIGHTARG = cs_policy.shift, FUNCTION = cs_policy.shift_lt,
    COMMUTATOR = OPERATOR(cs_policy.>), NEGATOR = OPERATOR(cs_policy.>=), RESTRICT = scalarltsel, JOIN = scalarltjoinsel);
CREATE OPERATOR cs_policy.<= (LEFTARG = cs_policy.shift, RIGHTARG = cs_policy.shift, FUNCTION = cs_policy.shift_le,
    COMMUTATOR = OPERATOR(cs_policy.>=), NEGATOR = OPERATOR(cs_policy.>), RESTRICT = scalarlesel, JOIN = scalarlejoinsel);
CREATE OPERATOR cs_policy.= (LEFTARG = cs_policy.shift, RIGHTARG = cs_policy.shift, FUNCTION = cs_policy.shift_eq,
    COMMUTATOR = OPERATOR(cs_policy.=), NEGATOR = OPERATOR(cs_policy.<>), RESTRICT = eqsel, JOIN = eqjoinsel,
    HASHES, MERGES);
CREATE OPERATOR cs_policy.<> (LEFTARG = cs_policy.shift, RIGHTARG = cs_policy.shift, FUNCTION = cs_policy.shift_ne,
    COMMUTATOR = OPERATOR(cs_policy.<>), NEGATOR = OPERATOR(cs_policy.=), RESTRICT = neqsel, JOIN = neqjoinsel);
CREATE OPERATOR cs_policy.>= (LEFTARG = cs_policy.shift, RIGHTARG = cs_policy.shift, FUNCTION = cs_policy.shift_ge,
    COMMUTATOR = OPERATOR(cs_policy.<=), NEGATOR = OPERATOR(cs_policy.<), RESTRICT = scalargesel, JOIN = scalargejoinsel);
CREATE OPERATOR cs_policy.> (LEFTARG = cs_policy.shift, RIGHTARG = cs_policy.shift, FUNCTION = cs_policy.shift_gt,
    COMMUTATOR = OPERATOR(cs_policy.<), NEGATOR = OPERATOR(cs_policy.<=), RESTRICT = scalargtsel, JOIN = scalargtjoinsel);

CREATE OPERATOR CLASS cs_policy.shift_ops DEFAULT FOR TYPE cs_policy.shift USING btree AS
    OPERATOR 1 cs_policy.<,
    OPERATOR 2 cs_policy.<=,
    OPERATOR 3 cs_policy.=,
    OPERATOR 4 cs_policy.>=,
    OPERATOR 5 cs_policy.>,
    FUNCTION 1 cs_policy.shift_cmp(cs_policy.shift, cs_policy.shift);
CREATE OPERATOR CLASS cs_policy.shift_hash_ops DEFAULT FOR TYPE cs_policy.shift USING hash AS
    OPERATOR 1 cs_policy.=,
    FUNCTION 1 cs_policy.shift_hash(cs_policy.shift);

CREATE FUNCTION cs_policy.shift_length(s cs_policy.shift) RETURNS interval
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION cs_policy.shift_length(cs_policy.shift) IS
    'Worked time of the shift by the clock (its windows added up, breaks left out)';

CREATE FUNCTION cs_policy.shift_on(s cs_policy.shift, work_date date, tz text) RETURNS tstzmultirange
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION cs_policy.shift_on(cs_policy.shift, date, text) IS
    'The real instants of the shift worked on work_date in time zone tz: an overnight window ends the next day, and a night across a DST change is an hour shorter or longer';

CREATE FUNCTION cs_policy.shift_local_days(instants tstzmultirange, time_zone text, base date) RETURNS bigint
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION cs_policy.shift_local_days(tstzmultirange, text, date) IS
    'SH-4: the local days in time_zone that a shift''s instants touch, as bits (bit 63 - k: the day base + k), from the day of its first start to the day of its last end (an end at midnight belongs to the day before); days outside base .. base + 63 left out. OR-ed over a person''s shifts, the days they worked (rest_violations)';

-- SH-3: who is on line in each half hour, counted in one pass over the
-- shifts (coverage_of)
CREATE FUNCTION cs_policy.count_on_line_step(state bytea, instants tstzmultirange, first_slot timestamptz, slots integer)
RETURNS bytea AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION cs_policy.count_on_line_combine(a bytea, b bytea) RETURNS bytea
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION cs_policy.count_on_line_final(state bytea) RETURNS integer[]
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION cs_policy.count_on_line_step(bytea, tstzmultirange, timestamptz, integer) IS 'Transition function of count_on_line';
COMMENT ON FUNCTION cs_policy.count_on_line_combine(bytea, bytea) IS 'Combine function of count_on_line: the changes of both added';
COMMENT ON FUNCTION cs_policy.count_on_line_final(bytea) IS 'Final function of count_on_line: the running sum of the changes';
-- (executable by everyone, as they run no query and only as the aggregate:
-- Citus checks the caller's right to each when it combines the shards')
CREATE AGGREGATE cs_policy.count_on_line(instants tstzmultirange, first_slot timestamptz, slots integer) (
    SFUNC = cs_policy.count_on_line_step, STYPE = bytea, FINALFUNC = cs_policy.count_on_line_final,
    COMBINEFUNC = cs_policy.count_on_line_combine, PARALLEL = SAFE
);
COMMENT ON AGGREGATE cs_policy.count_on_line(tstzmultirange, timestamptz, integer) IS
    'SH-3: for each of slots half hours from first_slot (a boundary of the 30-minute grid from 2000-01-01 00:00 UTC), how many of the shifts aggregated are on line for the whole of it (a piece of a shift from the first boundary at or after its start to the last at or before its end)';

