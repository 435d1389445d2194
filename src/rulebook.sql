-- src/rulebook.sql: the penalty rules of a policy as one value, and the presets' rulebooks (C: src/rulebook.c, src/rulebook_core.c)

CREATE TYPE cs_policy.rulebook;

CREATE FUNCTION cs_policy.rulebook_in(cstring) RETURNS cs_policy.rulebook
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION cs_policy.rulebook_out(cs_policy.rulebook) RETURNS cstring
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION cs_policy.rulebook_recv(internal) RETURNS cs_policy.rulebook
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION cs_policy.rulebook_send(cs_policy.rulebook) RETURNS bytea
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE cs_policy.rulebook (
    INTERNALLENGTH = VARIABLE,
    INPUT = cs_policy.rulebook_in,
    OUTPUT = cs_policy.rulebook_out,
    RECEIVE = cs_policy.rulebook_recv,
    SEND = cs_policy.rulebook_send,
    ALIGNMENT = double,
    STORAGE = extended
);
COMMENT ON TYPE cs_policy.rulebook IS
    'The penalty rules of a policy version, one a line (or separated by |): "late (AT-1) = minutes: (0,10] 4 per unit; (10,30] 50", "count late+early+away (AT-2) = occurrences: [3,14] 100; [15,) 100 + dismissal_review", "forgive late within (0,5] (AT-7) = 2", "incident lost_card (AT-7) = occurrences: [1,1] 50; [2,) 100", "full_attendance_bonus (AT-6) = 50". Subjects: late, early, away (ladders over minutes), missing_punch (occurrences), absence, month_absence, consecutive_absence (days), count ... (occurrences; "count incident valid_complaint over 12 months" counts one kind of incident over the month and those before it), forgive ..., incident <name> [minor|moderate|serious], and the parameters full_attendance_bonus, field_notice_by_start, team_attendance_min, score_base, score_cap, score_pay_per_point, score_floor, score_adjust_max, score_unpaid_months';
COMMENT ON FUNCTION cs_policy.rulebook_in(cstring) IS 'Input function of rulebook';
COMMENT ON FUNCTION cs_policy.rulebook_out(cs_policy.rulebook) IS 'Output function of rulebook: the canonical text, one rule a line in a fixed order';
COMMENT ON FUNCTION cs_policy.rulebook_recv(internal) IS 'Binary input function of rulebook';
COMMENT ON FUNCTION cs_policy.rulebook_send(cs_policy.rulebook) IS 'Binary output function of rulebook';

CREATE FUNCTION cs_policy.rulebook_eq(cs_policy.rulebook, cs_policy.rulebook) RETURNS boolean
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION cs_policy.rulebook_ne(cs_policy.rulebook, cs_policy.rulebook) RETURNS boolean
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION cs_policy.rulebook_hash(cs_policy.rulebook) RETURNS integer
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION cs_policy.rulebook_eq(cs_policy.rulebook, cs_policy.rulebook) IS 'True when both rulebooks have the same rules';
COMMENT ON FUNCTION cs_policy.rulebook_ne(cs_policy.rulebook, cs_policy.rulebook) IS 'True when the rulebooks differ';
COMMENT ON FUNCTION cs_policy.rulebook_hash(cs_policy.rulebook) IS 'Hash support for rulebook';

CREATE OPERATOR cs_policy.= (
    LEFTARG = cs_policy.rulebook, RIGHTARG = cs_policy.rulebook, FUNCTION = cs_policy.rulebook_eq,
    COMMUTATOR = OPERATOR(cs_policy.=), NEGATOR = OPERATOR(cs_policy.<>), RESTRICT = eqsel, JOIN = eqjoinsel, HASHES
);
CREATE OPERATOR cs_policy.<> (
    LEFTARG = cs_policy.rulebook, RIGHTARG = cs_policy.rulebook, FUNCTION = cs_policy.rulebook_ne,
    COMMUTATOR = OPERATOR(cs_policy.<>), NEGATOR = OPERATOR(cs_policy.=), RESTRICT = neqsel, JOIN = neqjoinsel
);
CREATE OPERATOR CLASS cs_policy.rulebook_hash_ops DEFAULT FOR TYPE cs_policy.rulebook USING hash AS
    OPERATOR 1 cs_policy.=,
    FUNCTION 1 cs_policy.rulebook_hash(cs_policy.rulebook);

CREATE FUNCTION cs_policy.rulebook_merge(base cs_policy.rulebook, override cs_policy.rulebook) RETURNS cs_policy.rulebook
    AS 'MODULE_PATHNAME', 'rulebook_merge_sql' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION cs_policy.rulebook_merge(cs_policy.rulebook, cs_policy.rulebook) IS
    'The rules of base with those of override replacing the rules on the same subjects and adding the others: a policy''s own rules over its preset''s';

CREATE FUNCTION cs_policy.rulebook_at_least(a cs_policy.rulebook, b cs_policy.rulebook) RETURNS boolean
    AS 'MODULE_PATHNAME', 'rulebook_at_least_sql' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION cs_policy.rulebook_at_least(cs_policy.rulebook, cs_policy.rulebook) IS
    'AT-5: true when a is at least as strict as b: a has every rule of b, each charging at least as much for every measure (ladder_at_least), forgives no more, and its parameters are no more lenient (team_attendance_min, score_floor, field_notice_by_start not lower, score_base not higher)';

CREATE FUNCTION cs_policy.rulebook_more_lenient(a cs_policy.rulebook, b cs_policy.rulebook) RETURNS text
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION cs_policy.rulebook_more_lenient(cs_policy.rulebook, cs_policy.rulebook) IS
    'AT-5: where a is more lenient than b, in words (e.g. "late: at 11 minutes it charges (10,30] 40 where the parent charges (10,30] 50 (AT-1)"); NULL when a is at least b';

CREATE FUNCTION cs_policy.rulebook_rules(book cs_policy.rulebook)
RETURNS TABLE (subject text, kind text, name text, class text, counts text[], within numrange, rule_ids text,
               ladder cs_policy.ladder, value numeric, months integer)
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 20;
COMMENT ON FUNCTION cs_policy.rulebook_rules(cs_policy.rulebook) IS
    'The rules of a rulebook one a row: the subject as written (e.g. late, count late+early+away, incident lost_card minor), its kind (late, early, away, missing_punch, absence, month_absence, consecutive_absence, count, forgive, incident, parameter), the incident''s or parameter''s name, its class (minor, moderate, serious), what a count or forgive rule counts and within which range of the measure, the rule IDs it reproduces, its ladder or its number, and for a count the months it looks back over (1: the month; a count of incidents may look back further, CP-9)';

CREATE FUNCTION cs_policy.rulebook_window_months(book cs_policy.rulebook) RETURNS integer
    AS 'MODULE_PATHNAME', 'rulebook_window_months_sql' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION cs_policy.rulebook_window_months(cs_policy.rulebook) IS
    'How many months the counts of a rulebook look back over, at most (1: the month alone); penalty lines pass the incidents of the months before to the engine when it is more (CP-9)';

-- The rulebook of each preset and area, from data/rulebooks/*.rules.
CREATE TABLE cs_policy.preset_rulebook (
    preset   text NOT NULL REFERENCES cs_policy.preset,
    area     cs_policy.rule_area NOT NULL,
    rulebook cs_policy.rulebook NOT NULL,
    note     text NOT NULL,
    PRIMARY KEY (preset, area)
);
COMMENT ON TABLE cs_policy.preset_rulebook IS
    'The penalty rules of each preset, reproducing its handbook''s numbers (POLICY.md), with the readings the handbook left open said in the note';
COMMENT ON COLUMN cs_policy.preset_rulebook.preset IS 'Preset';
COMMENT ON COLUMN cs_policy.preset_rulebook.area IS 'Area of the rules (attendance)';
COMMENT ON COLUMN cs_policy.preset_rulebook.rulebook IS 'The rules, each citing the rule IDs it reproduces';
COMMENT ON COLUMN cs_policy.preset_rulebook.note IS 'Where the numbers come from and how loose ends of the handbook are read';
