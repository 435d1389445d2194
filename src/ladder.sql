-- src/ladder.sql: tiered rules (C: src/ladder.c, src/ladder_core.c)

CREATE TYPE cs_policy.ladder;

CREATE FUNCTION cs_policy.ladder_in(cstring) RETURNS cs_policy.ladder
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION cs_policy.ladder_out(cs_policy.ladder) RETURNS cstring
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION cs_policy.ladder_recv(internal) RETURNS cs_policy.ladder
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION cs_policy.ladder_send(cs_policy.ladder) RETURNS bytea
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE cs_policy.ladder (
    INTERNALLENGTH = VARIABLE,
    INPUT = cs_policy.ladder_in,
    OUTPUT = cs_policy.ladder_out,
    RECEIVE = cs_policy.ladder_recv,
    SEND = cs_policy.ladder_send,
    ALIGNMENT = double,
    STORAGE = extended
);
COMMENT ON TYPE cs_policy.ladder IS
    'A tiered rule: ''minutes: (0,10] 4 per unit; (10,30] 50; (30,60) 1 daily_wage; [60,) absence''. The measure (minutes, occurrences, days, points, amount), then steps without gaps or overlaps, each an interval with what it charges: an amount, an amount per unit, daily_wage or monthly_wage multiples, absence_day (days of absence), points, absence (the measured time is absence), or flags (notice, warning, bonus_withheld, performance_zero, wage_withheld, dismissal_review, resignation, self_review, transfer_review, training_failed, major_demerit), joined by +';
COMMENT ON FUNCTION cs_policy.ladder_in(cstring) IS 'Input function of ladder';
COMMENT ON FUNCTION cs_policy.ladder_out(cs_policy.ladder) IS 'Output function of ladder: the canonical text';
COMMENT ON FUNCTION cs_policy.ladder_recv(internal) IS 'Binary input function of ladder';
COMMENT ON FUNCTION cs_policy.ladder_send(cs_policy.ladder) IS 'Binary output function of ladder';

CREATE FUNCTION cs_policy.ladder_eq(cs_policy.ladder, cs_policy.ladder) RETURNS boolean
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION cs_policy.ladder_ne(cs_policy.ladder, cs_policy.ladder) RETURNS boolean
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION cs_policy.ladder_hash(cs_policy.ladder) RETURNS integer
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION cs_policy.ladder_eq(cs_policy.ladder, cs_policy.ladder) IS 'True when both ladders have the same steps and outcomes';
COMMENT ON FUNCTION cs_policy.ladder_ne(cs_policy.ladder, cs_policy.ladder) IS 'True when the ladders differ';
COMMENT ON FUNCTION cs_policy.ladder_hash(cs_policy.ladder) IS 'Hash support for ladder';

CREATE OPERATOR cs_policy.= (
    LEFTARG = cs_policy.ladder, RIGHTARG = cs_policy.ladder, FUNCTION = cs_policy.ladder_eq,
    COMMUTATOR = OPERATOR(cs_policy.=), NEGATOR = OPERATOR(cs_policy.<>), RESTRICT = eqsel, JOIN = eqjoinsel, HASHES
);
CREATE OPERATOR cs_policy.<> (
    LEFTARG = cs_policy.ladder, RIGHTARG = cs_policy.ladder, FUNCTION = cs_policy.ladder_ne,
    COMMUTATOR = OPERATOR(cs_policy.<>), NEGATOR = OPERATOR(cs_policy.=), RESTRICT = neqsel, JOIN = neqjoinsel
);
CREATE OPERATOR CLASS cs_policy.ladder_hash_ops DEFAULT FOR TYPE cs_policy.ladder USING hash AS
    OPERATOR 1 cs_policy.=,
    FUNCTION 1 cs_policy.ladder_hash(cs_policy.ladder);

CREATE FUNCTION cs_policy.ladder_measure(l cs_policy.ladder) RETURNS text
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION cs_policy.ladder_measure(cs_policy.ladder) IS 'What the ladder measures: minutes, occurrences, days, points or amount';

CREATE TYPE cs_policy.ladder_outcome AS (
    step          integer,
    rule          text,
    amount        numeric,
    daily_wages   numeric,
    monthly_wages numeric,
    absence_days  numeric,
    points        numeric,
    flags         text[]
);
COMMENT ON TYPE cs_policy.ladder_outcome IS
    'What a ladder charges for one measure: the step (1-based, NULL below the first step) and its text, the amount (fixed + per unit x measure, to the fen), multiples of the daily and monthly wage, absence days, points and flags';

CREATE FUNCTION cs_policy.ladder_apply(l cs_policy.ladder, measure numeric) RETURNS cs_policy.ladder_outcome
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION cs_policy.ladder_apply(cs_policy.ladder, numeric) IS
    'Evaluates a ladder for one measure: the step it falls in and what that step charges';

CREATE FUNCTION cs_policy.ladder_at_least(a cs_policy.ladder, b cs_policy.ladder) RETURNS boolean
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION cs_policy.ladder_at_least(cs_policy.ladder, cs_policy.ladder) IS
    'AT-5: true when a charges at least as much as b for every measure, part by part (amount, wage multiples, absence days, points) and with every flag b raises; a department ladder that is not at least its parent''s is more lenient';

CREATE FUNCTION cs_policy.ladder_more_lenient_at(a cs_policy.ladder, b cs_policy.ladder) RETURNS numeric
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION cs_policy.ladder_more_lenient_at(cs_policy.ladder, cs_policy.ladder) IS
    'AT-5: a measure at which a charges less than b (or lacks a flag b raises); NULL when a is at least b. Explains why ladder_at_least is false';

CREATE FUNCTION cs_policy.ladder_steps(l cs_policy.ladder)
RETURNS TABLE (step integer, lower numeric, lower_inclusive boolean, upper numeric, upper_inclusive boolean,
               amount numeric, per_unit numeric, daily_wages numeric, monthly_wages numeric, absence_days numeric,
               points numeric, flags text[])
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 4;
COMMENT ON FUNCTION cs_policy.ladder_steps(cs_policy.ladder) IS
    'The steps of a ladder one a row: the bounds (upper NULL: and more), and what the step charges: a fixed amount, an amount per unit, daily and monthly wage multiples, absence days, points and flags';
