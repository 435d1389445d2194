-- src/workweek.sql: weekly working hours (C: src/workweek.c, src/workweek_core.c)

CREATE TYPE cs_policy.workweek;

CREATE FUNCTION cs_policy.workweek_in(cstring) RETURNS cs_policy.workweek
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION cs_policy.workweek_out(cs_policy.workweek) RETURNS cstring
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION cs_policy.workweek_recv(internal) RETURNS cs_policy.workweek
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION cs_policy.workweek_send(cs_policy.workweek) RETURNS bytea
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE cs_policy.workweek (
    INTERNALLENGTH = 240,
    INPUT = cs_policy.workweek_in,
    OUTPUT = cs_policy.workweek_out,
    RECEIVE = cs_policy.workweek_recv,
    SEND = cs_policy.workweek_send,
    ALIGNMENT = int4,
    STORAGE = plain
);
COMMENT ON TYPE cs_policy.workweek IS
    'Weekly working hours, e.g. ''Mon-Fri 08:30-12:00,13:00-17:30; Sat 09:00-12:00'': groups of days (Mon..Sun, ranges like Mon-Fri, lists like Mon,Wed) with their windows HH:MM-HH:MM (up to 24:00, not crossing midnight, not overlapping), groups separated by ";"';
COMMENT ON FUNCTION cs_policy.workweek_in(cstring) IS 'Input function of workweek';
COMMENT ON FUNCTION cs_policy.workweek_out(cs_policy.workweek) IS 'Output function of workweek: the canonical text';
COMMENT ON FUNCTION cs_policy.workweek_recv(internal) IS 'Binary input function of workweek';
COMMENT ON FUNCTION cs_policy.workweek_send(cs_policy.workweek) IS 'Binary output function of workweek';

CREATE FUNCTION cs_policy.workweek_eq(cs_policy.workweek, cs_policy.workweek) RETURNS boolean
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION cs_policy.workweek_ne(cs_policy.workweek, cs_policy.workweek) RETURNS boolean
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION cs_policy.workweek_hash(cs_policy.workweek) RETURNS integer
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION cs_policy.workweek_eq(cs_policy.workweek, cs_policy.workweek) IS 'True when both weeks have the same hours on every day';
COMMENT ON FUNCTION cs_policy.workweek_ne(cs_policy.workweek, cs_policy.workweek) IS 'True when the weeks differ on some day';
COMMENT ON FUNCTION cs_policy.workweek_hash(cs_policy.workweek) IS 'Hash support for workweek';

CREATE OPERATOR cs_policy.= (
    LEFTARG = cs_policy.workweek, RIGHTARG = cs_policy.workweek,
    FUNCTION = cs_policy.workweek_eq, COMMUTATOR = OPERATOR(cs_policy.=),
    NEGATOR = OPERATOR(cs_policy.<>), RESTRICT = eqsel, JOIN = eqjoinsel, HASHES
);
CREATE OPERATOR cs_policy.<> (
    LEFTARG = cs_policy.workweek, RIGHTARG = cs_policy.workweek,
    FUNCTION = cs_policy.workweek_ne, COMMUTATOR = OPERATOR(cs_policy.<>),
    NEGATOR = OPERATOR(cs_policy.=), RESTRICT = neqsel, JOIN = neqjoinsel
);
CREATE OPERATOR CLASS cs_policy.workweek_hash_ops
    DEFAULT FOR TYPE cs_policy.workweek USING hash AS
    OPERATOR 1 cs_policy.=,
    FUNCTION 1 cs_policy.workweek_hash(cs_policy.workweek);

CREATE FUNCTION cs_policy.weekly_hours(week cs_policy.workweek) RETURNS interval
    AS 'MODULE_PATHNAME', 'workweek_hours' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION cs_policy.weekly_hours(cs_policy.workweek) IS
    'Working time in one week of these hours, e.g. 45:00:00 for Mon-Fri 09:00-18:00';
