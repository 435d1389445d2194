-- src/policy.sql: named, dated, scoped rule sets and their resolution (no C)

CREATE TABLE cs_policy.policy (
    policy_id     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name          text NOT NULL CHECK (pg_catalog.btrim(name) OPERATOR(pg_catalog.<>) ''),
    area          cs_policy.rule_area NOT NULL,
    preset        text REFERENCES cs_policy.preset,
    department_id bigint REFERENCES cs_policy.department,
    valid_during  daterange NOT NULL
                  CHECK (NOT pg_catalog.isempty(valid_during)
                         AND NOT pg_catalog.lower_inf(valid_during)),
    settings      jsonb NOT NULL DEFAULT '{}'
                  CHECK (pg_catalog.jsonb_typeof(settings) OPERATOR(pg_catalog.=) 'object'),
    note          text,
    version       integer NOT NULL DEFAULT 1 CHECK (version OPERATOR(pg_catalog.>) 0),
    rulebook      cs_policy.rulebook,
    created_at    timestamptz NOT NULL DEFAULT pg_catalog.now(),
    created_by    name NOT NULL DEFAULT SESSION_USER,
    -- A custom policy is its settings; a preset policy may add overrides.
    CHECK (preset IS NOT NULL OR settings OPERATOR(pg_catalog.<>) '{}'::jsonb),
    -- One version per area, scope and day (0 stands for the whole organisation).
    CONSTRAINT policy_versions_do_not_overlap EXCLUDE USING gist
        (area WITH OPERATOR(pg_catalog.=),
         (coalesce(department_id, 0)) WITH OPERATOR(pg_catalog.=),
         valid_during WITH OPERATOR(pg_catalog.&&))
);
COMMENT ON TABLE cs_policy.policy IS
    'Versions of named rule sets: for one area, valid for a date range, attached to every department (department_id NULL) or to one department and its subtree. Change through set_policy and end_policy';
COMMENT ON COLUMN cs_policy.policy.policy_id IS 'Surrogate key; results cite it as the policy version';
COMMENT ON COLUMN cs_policy.policy.name IS 'Name of the rule set, e.g. center attendance';
COMMENT ON COLUMN cs_policy.policy.area IS 'Area the rules govern: shift, attendance, leave, complaint, promotion or access';
COMMENT ON COLUMN cs_policy.policy.preset IS 'Preset the rules start from; NULL for a custom policy';
COMMENT ON COLUMN cs_policy.policy.department_id IS 'Department (with its subtree) the policy is attached to; NULL for every department';
COMMENT ON COLUMN cs_policy.policy.valid_during IS 'Days on which this version is in force, [from, until)';
COMMENT ON COLUMN cs_policy.policy.settings IS 'Parameters that override or replace the preset''s numbers (a JSON object)';
COMMENT ON COLUMN cs_policy.policy.note IS 'Why this version exists, e.g. the decision that introduced it';
COMMENT ON COLUMN cs_policy.policy.version IS 'Version number of the named rule set for its area and scope: 1, 2, ... in order of validity; results cite it (attendance_tiered v2)';
COMMENT ON COLUMN cs_policy.policy.rulebook IS 'The penalty rules in force: the preset''s rulebook with the rules of settings->''rules'' replacing the same subjects (NULL when the area has none)';
COMMENT ON COLUMN cs_policy.policy.created_at IS 'When the version was recorded';
COMMENT ON COLUMN cs_policy.policy.created_by IS 'Login that recorded it';

SELECT pg_catalog.pg_extension_config_dump('cs_policy.policy', '');
SELECT pg_catalog.pg_extension_config_dump('cs_policy.policy_policy_id_seq', '');

CREATE FUNCTION cs_policy.area_by_name(area text)
RETURNS cs_policy.rule_area
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF area IS NULL OR NOT area = ANY (pg_catalog.enum_range(NULL::cs_policy.rule_area)::text[]) THEN
        RAISE EXCEPTION 'unknown rule area "%"', area
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'The areas are ' ||
                         pg_catalog.array_to_string(pg_catalog.enum_range(NULL::cs_policy.rule_area), ', ')
                         || '.';
    END IF;
    RETURN area::cs_policy.rule_area;
END
$$;
COMMENT ON FUNCTION cs_policy.area_by_name(text) IS
    'Converts text to a rule area, or raises 22023 listing the areas';

-- AT-5: a department's rules may be stricter than those above it (its
-- project's, its center's, the whole organisation's), never more lenient,
-- on every day both are in force; and a new company rule may not leave a
-- department's rules below it.
-- The settings a policy names are read by views and commands long after
-- set_policy: a value of the wrong kind there would fail every read of
-- them (the staffing view casts peak_hours to a shift), so each known
-- setting is checked when the policy is written.
CREATE FUNCTION cs_policy.check_policy_settings(settings jsonb)
RETURNS void
LANGUAGE plpgsql IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    k record;
    v jsonb;
    x numeric;
BEGIN
    FOR k IN
        SELECT * FROM (VALUES
            ('peak_hours', 'hours', NULL::numeric, NULL::numeric, 'SH-3'), ('night_hours', 'hours', NULL, NULL, 'SH-3'),
            ('peak_min_on_line', 'integer', 0, 100000, 'SH-3'), ('night_min_on_line', 'integer', 0, 100000, 'SH-3'),
            ('answer_rate_min', 'number', 0, 1, 'SH-3'),
            ('min_rest_hours_between_shifts', 'number', 0, 48, 'SH-8'),
            ('rest_days_per_week', 'integer', 0, 7, 'SH-4'), ('rest_days_per_month', 'integer', 0, 31, 'SH-4'),
            ('self_swaps_per_month', 'integer', 0, 31, 'SH-7'), ('colleague_swaps_per_month', 'integer', 0, 31, 'SH-7'),
            ('briefing_minutes', 'integer', 0, 240, 'SH-6'), ('seat_sign_in_minutes', 'integer', 0, 1440, 'SH-6'),
            ('seat_min_session_minutes', 'integer', 0, 1440, 'SH-6'), ('leave_floor_minutes', 'integer', 0, 1440, 'SH-12'),
            ('punch_window_minutes', 'integer', 0, 1440, 'AT-1')) AS t(name, kind, low, high, rule_id)
    LOOP
        v := settings -> k.name;
        CONTINUE WHEN v IS NULL;
        IF k.kind = 'hours' THEN
            BEGIN
                IF jsonb_typeof(v) <> 'string' THEN
                    RAISE invalid_text_representation;
                END IF;
                PERFORM (v #>> '{}')::cs_policy.shift;
            EXCEPTION WHEN data_exception THEN
                RAISE EXCEPTION 'setting % is hours of the day such as "10:00-12:00,14:00-17:00", not %', k.name, v
                    USING ERRCODE = 'invalid_parameter_value',
                          DETAIL = format('%s reads it as shift hours (cs_policy.shift).', k.rule_id),
                          HINT = 'Write it as one or more HH:MM-HH:MM pieces separated by commas; one may cross midnight ("20:00-08:00").';
            END;
            CONTINUE;
        END IF;
        x := CASE WHEN jsonb_typeof(v) = 'number' THEN v::numeric END;
        IF x IS NULL OR x < k.low OR x > k.high OR (k.kind = 'integer' AND x <> trunc(x)) THEN
            RAISE EXCEPTION 'setting % is % from % to %, not %', k.name,
                            CASE k.kind WHEN 'integer' THEN 'a whole number' ELSE 'a number' END, k.low, k.high, v
                USING ERRCODE = 'invalid_parameter_value',
                      DETAIL = format('%s reads it as a number.', k.rule_id),
                      HINT = format('For example {"%s": %s}.', k.name, CASE WHEN k.high = 1 THEN '0.9' ELSE (least(k.high, 8))::text END);
        END IF;
    END LOOP;
END
$$;
COMMENT ON FUNCTION cs_policy.check_policy_settings(jsonb) IS
    'Raises 22023, naming the setting and the rule that reads it, when a known policy setting (peak_hours, night_hours, the minimum staffing, rest, swap and seat limits, briefing and punch-window minutes) is not of its kind or outside its range';

CREATE FUNCTION cs_policy.check_policy_floor(policy_id bigint)
RETURNS void
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    p     cs_policy.policy;
    above bigint[];
    other record;
    why   text;
BEGIN
    SELECT * INTO STRICT p FROM cs_policy.policy x WHERE x.policy_id = check_policy_floor.policy_id;
    IF p.area = 'complaint' THEN
        -- the service-level targets (src/complaint_sla.sql)
        PERFORM cs_policy.check_sla_floor(p.policy_id);
        RETURN;
    END IF;
    IF p.rulebook IS NULL THEN
        RETURN;
    END IF;
    SELECT d.path[1:cardinality(d.path) - 1] INTO above FROM cs_policy.department d WHERE d.department_id = p.department_id;
    -- the rules above this one
    FOR other IN
        SELECT q.policy_id, q.name, q.version, q.valid_during, q.rulebook, coalesce(d.code, 'every department') AS scope
          FROM cs_policy.policy q
          LEFT JOIN cs_policy.department d ON d.department_id = q.department_id
         WHERE q.area = p.area AND q.policy_id <> p.policy_id AND q.rulebook IS NOT NULL
           AND q.valid_during && p.valid_during
           AND p.department_id IS NOT NULL
           AND (q.department_id IS NULL OR q.department_id = ANY (above))
         ORDER BY lower(q.valid_during), q.policy_id
    LOOP
        why := cs_policy.rulebook_more_lenient(p.rulebook, other.rulebook);
        IF why IS NOT NULL THEN
            RAISE EXCEPTION '% rules "%" for % would be more lenient than "%" v% for %', p.area, p.name,
                            (SELECT d.code FROM cs_policy.department d WHERE d.department_id = p.department_id),
                            other.name, other.version, other.scope
                USING ERRCODE = 'check_violation',
                      DETAIL = format('AT-5: department rules may be stricter than those above them, never more lenient. During %s, %s.',
                                      p.valid_during * other.valid_during, why),
                      HINT = format('Start from the rules of policy %s and make them stricter; SELECT r.* FROM cs_policy.policy p, cs_policy.rulebook_rules(p.rulebook) r WHERE p.policy_id = %s lists them.',
                                    other.policy_id, other.policy_id);
        END IF;
    END LOOP;
    -- the rules below this one
    FOR other IN
        SELECT q.policy_id, q.name, q.version, q.valid_during, q.rulebook, d.code AS scope
          FROM cs_policy.policy q
          JOIN cs_policy.department d ON d.department_id = q.department_id
         WHERE q.area = p.area AND q.policy_id <> p.policy_id AND q.rulebook IS NOT NULL
           AND q.valid_during && p.valid_during
           AND (p.department_id IS NULL OR (p.department_id = ANY (d.path) AND d.department_id <> p.department_id))
         ORDER BY lower(q.valid_during), q.policy_id
    LOOP
        why := cs_policy.rulebook_more_lenient(other.rulebook, p.rulebook);
        IF why IS NOT NULL THEN
            RAISE EXCEPTION '% rules "%" v% of % would be more lenient than "%"', p.area, other.name, other.version,
                            other.scope, p.name
                USING ERRCODE = 'check_violation',
                      DETAIL = format('AT-5: department rules may be stricter than those above them, never more lenient. During %s, %s.',
                                      p.valid_during * other.valid_during, why),
                      HINT = format('End or tighten policy %s first (cs_policy.end_policy), or start these rules when it ends.',
                                    other.policy_id);
        END IF;
    END LOOP;
END
$$;
COMMENT ON FUNCTION cs_policy.check_policy_floor(bigint) IS
    'AT-5: raises 23514, saying where, when a policy version''s rulebook (or, for complaints, its service-level targets: check_sla_floor) is more lenient than one in force above its department on the same days, or one below it is more lenient than it';
REVOKE EXECUTE ON FUNCTION cs_policy.check_policy_floor(bigint) FROM PUBLIC;

-- A policy's own penalty rules: settings->'rules', a rulebook text (what
-- set_policy stores and what_if replays).
CREATE FUNCTION cs_policy.rules_setting(settings jsonb)
RETURNS cs_policy.rulebook
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF settings IS NULL OR NOT settings ? 'rules' THEN
        RETURN NULL;
    END IF;
    IF jsonb_typeof(settings -> 'rules') <> 'string' THEN
        RAISE EXCEPTION 'settings->''rules'' must be a rulebook text, not %', jsonb_typeof(settings -> 'rules')
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'e.g. {"rules": "late (AT-1) = minutes: (0,10] 5 per unit; (10,30] 60"}';
    END IF;
    RETURN (settings ->> 'rules')::cs_policy.rulebook;
END
$$;
COMMENT ON FUNCTION cs_policy.rules_setting(jsonb) IS
    'A policy''s own penalty rules, settings->''rules'' read as a rulebook (NULL without it); 22023 when it is not a text, 22P02 for a bad rulebook';

CREATE FUNCTION cs_policy.set_policy(name text, area text, preset text DEFAULT NULL,
                                     department text DEFAULT NULL,
                                     valid_from date DEFAULT CURRENT_DATE,
                                     valid_until date DEFAULT NULL,
                                     settings jsonb DEFAULT '{}',
                                     note text DEFAULT NULL)
RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    audit_policy cs_policy.policy;
    the_area  cs_policy.rule_area := cs_policy.area_by_name(area);
    scope     cs_policy.department;
    base      cs_policy.preset;
    period    daterange;
    clash     record;
    new_id    bigint;
    base_book cs_policy.rulebook;
    own_book  cs_policy.rulebook;
    book      cs_policy.rulebook;
    new_version integer;
    after_row jsonb;
BEGIN
    IF name IS NULL OR btrim(name) = '' THEN
        RAISE EXCEPTION 'a policy needs a name'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF department IS NOT NULL THEN
        scope := cs_policy.department_by_code(department);
    END IF;
    IF preset IS NOT NULL THEN
        SELECT * INTO base FROM cs_policy.preset p WHERE p.name = set_policy.preset;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'preset "%" does not exist', preset
                USING ERRCODE = 'no_data_found',
                      HINT = 'SELECT name, areas, summary FROM cs_policy.preset lists the presets.';
        END IF;
        IF NOT the_area = ANY (base.areas) THEN
            RAISE EXCEPTION 'preset "%" has no % rules', preset, the_area
                USING ERRCODE = 'invalid_parameter_value',
                      DETAIL = format('It covers %s.', array_to_string(base.areas, ', ')),
                      HINT = 'Pick a preset that covers the area, or write a custom policy with settings.';
        END IF;
    ELSIF settings IS NULL OR settings = '{}'::jsonb THEN
        RAISE EXCEPTION 'a custom policy needs settings'
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Pass preset => one of cs_policy.preset, or settings => a JSON object of rules.';
    END IF;
    IF settings IS NULL OR jsonb_typeof(settings) <> 'object' THEN
        RAISE EXCEPTION 'policy settings must be a JSON object, not %', coalesce(jsonb_typeof(settings), 'null')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF valid_from IS NULL OR NOT isfinite(valid_from)
       OR valid_until <= valid_from THEN
        RAISE EXCEPTION 'invalid validity [%, %)', valid_from, coalesce(valid_until::text, 'open')
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'valid_from is the first day in force; valid_until, if given, the first day no longer in force, after valid_from.';
    END IF;
    period := daterange(valid_from, valid_until, '[)');
    PERFORM cs_policy.check_policy_settings(settings);
    -- AT-15: the rules the close reads, frozen with a closed period's facts
    -- (the promotion rules: those of the grading day after a quarter)
    IF the_area IN ('attendance', 'shift', 'complaint', 'promotion') THEN
        PERFORM cs_policy.refuse_if_department_closed(scope.department_id, period, 'a policy version in force from ' || valid_from,
                                                      grading_days => the_area = 'promotion');
    END IF;

    -- Serialize versions of one area and scope, so that the friendly check
    -- below sees every committed competitor; the exclusion constraint stays
    -- the final guard.
    PERFORM pg_advisory_xact_lock(hashtext('cs_policy.policy'),
                                  hashtext(the_area::text || ':'
                                           || coalesce(scope.department_id, 0)::text));
    SELECT p.policy_id, p.name, p.valid_during INTO clash
      FROM cs_policy.policy p
     WHERE p.area = the_area
       AND coalesce(p.department_id, 0) = coalesce(scope.department_id, 0)
       AND p.valid_during && period
     ORDER BY lower(p.valid_during)
     LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION '% rules for % already have a version in force during part of %',
                        the_area, coalesce('department ' || scope.code, 'every department'), period
            USING ERRCODE = 'exclusion_violation',
                  DETAIL = format('Policy %s "%s" is valid during %s.', clash.policy_id, clash.name, clash.valid_during),
                  HINT = format('End that version first with cs_policy.end_policy(%s, %L), or start this one when it ends.',
                                clash.policy_id, valid_from);
    END IF;

    -- The penalty rules: the preset's rulebook, the policy's own rules
    -- (settings->'rules', a rulebook text) replacing the same subjects.
    SELECT r.rulebook INTO base_book FROM cs_policy.preset_rulebook r
     WHERE r.preset = set_policy.preset AND r.area = the_area;
    own_book := cs_policy.rules_setting(settings);
    book := CASE WHEN base_book IS NULL THEN own_book
                 WHEN own_book IS NULL THEN base_book
                 ELSE cs_policy.rulebook_merge(base_book, own_book) END;
    SELECT count(*) + 1 INTO new_version FROM cs_policy.policy p
     WHERE p.name = set_policy.name AND p.area = the_area
       AND coalesce(p.department_id, 0) = coalesce(scope.department_id, 0);

    INSERT INTO cs_policy.policy AS p (name, area, preset, department_id, valid_during, settings, note, version, rulebook)
    VALUES (set_policy.name, the_area, set_policy.preset, scope.department_id, period,
            set_policy.settings, set_policy.note, new_version, book)
    RETURNING p.* INTO audit_policy;
    new_id := audit_policy.policy_id;
    after_row := to_jsonb(audit_policy);
    PERFORM cs_policy.audit(NULL, 'set_policy', 'policy', NULL, after_row);
    -- a complaint policy's service-level targets (src/complaint_sla.sql)
    IF the_area = 'complaint' THEN
        PERFORM cs_policy.set_sla_targets(new_id);
    END IF;
    PERFORM cs_policy.check_policy_floor(new_id);
    RETURN new_id;
END
$$;
COMMENT ON FUNCTION cs_policy.set_policy(text, text, text, text, date, date, jsonb, text) IS
    'Records a policy version for an area, from valid_from until the day before valid_until (open-ended by default), for one department and its subtree or (department NULL) every department; refuses overlapping versions (23P01); returns policy_id';
REVOKE EXECUTE ON FUNCTION cs_policy.set_policy(text, text, text, text, date, date, jsonb, text) FROM PUBLIC;

CREATE FUNCTION cs_policy.end_policy(policy_id bigint, valid_until date)
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    audit_policy cs_policy.policy;
    version cs_policy.policy;
    after_row jsonb;
BEGIN
    SELECT * INTO version FROM cs_policy.policy p
     WHERE p.policy_id = end_policy.policy_id
       FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'policy % does not exist', policy_id
            USING ERRCODE = 'no_data_found',
                  HINT = 'SELECT * FROM cs_policy.policy_version lists the versions.';
    END IF;
    IF valid_until IS NULL OR valid_until <= lower(version.valid_during) THEN
        RAISE EXCEPTION 'policy % starts on % and cannot end on %', policy_id, lower(version.valid_during), valid_until
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'valid_until is the first day the version is no longer in force.';
    END IF;
    -- AT-15: the days that gain or lose the version, where the close reads its rules
    IF version.area IN ('attendance', 'shift', 'complaint', 'promotion') THEN
        PERFORM cs_policy.refuse_if_department_closed(
            version.department_id,
            CASE WHEN upper_inf(version.valid_during) OR valid_until < upper(version.valid_during)
                 THEN daterange(valid_until, upper(version.valid_during), '[)')
                 ELSE daterange(upper(version.valid_during), valid_until, '[)') END,
            format('ending policy %s on %s', version.policy_id, valid_until),
            grading_days => version.area = 'promotion');
    END IF;
    UPDATE cs_policy.policy p
       SET valid_during = daterange(lower(version.valid_during), valid_until, '[)')
     WHERE p.policy_id = version.policy_id
    RETURNING p.* INTO audit_policy;
    after_row := to_jsonb(audit_policy);
    PERFORM cs_policy.audit(NULL, 'end_policy', 'policy', to_jsonb(version), after_row);
    -- a longer validity meets other versions above and below it (AT-5)
    IF valid_until > upper(version.valid_during) THEN
        PERFORM cs_policy.check_policy_floor(version.policy_id);
    END IF;
EXCEPTION WHEN exclusion_violation THEN
    RAISE EXCEPTION 'policy % cannot be extended to % without overlapping a later version', policy_id, valid_until
        USING ERRCODE = 'exclusion_violation';
END
$$;
COMMENT ON FUNCTION cs_policy.end_policy(bigint, date) IS
    'Sets the first day on which a policy version is no longer in force';
REVOKE EXECUTE ON FUNCTION cs_policy.end_policy(bigint, date) FROM PUBLIC;

-- The nearest department wins: the department's own version, then its
-- project's, then its center's, then the one for every department.
CREATE FUNCTION cs_policy.department_policy(department_id bigint, on_date date, area text)
RETURNS cs_policy.policy
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    the_area cs_policy.rule_area := cs_policy.area_by_name(area);
    home     bigint[];
    chosen   cs_policy.policy;
BEGIN
    SELECT d.path INTO home FROM cs_policy.department d WHERE d.department_id = department_policy.department_id;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'department % does not exist', department_id
            USING ERRCODE = 'no_data_found',
                  HINT = 'SELECT code, name FROM cs_policy.department_overview lists the departments.';
    END IF;
    IF on_date IS NULL THEN
        RETURN NULL;
    END IF;
    SELECT p.* INTO chosen FROM cs_policy.policy p
      JOIN cs_policy.policy_in_force f ON f.policy_id = p.policy_id
     WHERE f.department_id = department_policy.department_id AND f.area = the_area AND f.in_force @> on_date;
    IF NOT FOUND THEN
        RETURN NULL;
    END IF;
    RETURN chosen;
END
$$;
COMMENT ON FUNCTION cs_policy.department_policy(bigint, date, text) IS
    'The policy version in force for a department on a date in an area: the nearest department (itself, its project, its center, then every department) with a version valid that day; NULL when none';

CREATE FUNCTION cs_policy.policy_for(employee_id bigint, on_date date, area text)
RETURNS cs_policy.policy
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    home bigint;
BEGIN
    SELECT e.department_id INTO home FROM cs_policy.employee e WHERE e.employee_id = policy_for.employee_id;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'employee % does not exist', employee_id
            USING ERRCODE = 'no_data_found',
                  HINT = 'SELECT employee_id, code, name FROM cs_policy.staff_directory lists the employees.';
    END IF;
    RETURN cs_policy.department_policy(home, on_date, area);
END
$$;
COMMENT ON FUNCTION cs_policy.policy_for(bigint, date, text) IS
    'The policy version in force for an employee on a date in an area: that of the employee''s department (department_policy); NULL when none';

CREATE VIEW cs_policy.policy_version WITH (security_invoker = true) AS
SELECT p.policy_id,
       p.name,
       p.area,
       p.preset,
       coalesce(d.code, '*') AS department_code,
       d.kind AS department_kind,
       pg_catalog.lower(p.valid_during) AS valid_from,
       pg_catalog.upper(p.valid_during) AS valid_until,
       CASE WHEN p.valid_during OPERATOR(pg_catalog.@>) CURRENT_DATE THEN 'current'
            WHEN pg_catalog.lower(p.valid_during) OPERATOR(pg_catalog.>) CURRENT_DATE THEN 'future'
            ELSE 'past' END AS state,
       p.settings,
       p.note,
       p.version,
       p.rulebook
  FROM cs_policy.policy p
  LEFT JOIN cs_policy.department d ON d.department_id OPERATOR(pg_catalog.=) p.department_id;
COMMENT ON VIEW cs_policy.policy_version IS 'Policy versions with their scope and whether they are past, current or future today';
COMMENT ON COLUMN cs_policy.policy_version.policy_id IS 'Policy version';
COMMENT ON COLUMN cs_policy.policy_version.name IS 'Rule set name';
COMMENT ON COLUMN cs_policy.policy_version.area IS 'Area';
COMMENT ON COLUMN cs_policy.policy_version.preset IS 'Preset it starts from (NULL: custom)';
COMMENT ON COLUMN cs_policy.policy_version.department_code IS 'Department it is attached to; * for every department';
COMMENT ON COLUMN cs_policy.policy_version.department_kind IS 'center, project or team (NULL for every department)';
COMMENT ON COLUMN cs_policy.policy_version.valid_from IS 'First day in force';
COMMENT ON COLUMN cs_policy.policy_version.valid_until IS 'First day no longer in force (NULL: open-ended)';
COMMENT ON COLUMN cs_policy.policy_version.state IS 'past, current or future, relative to today';
COMMENT ON COLUMN cs_policy.policy_version.settings IS 'Overrides of the preset';
COMMENT ON COLUMN cs_policy.policy_version.note IS 'Why this version exists';
COMMENT ON COLUMN cs_policy.policy_version.version IS 'Version number of the named rule set';
COMMENT ON COLUMN cs_policy.policy_version.rulebook IS 'The penalty rules of the version (NULL when its area has none)';

-- Numbers of a rule set that are plain parameters (limits, minutes, counts):
-- defaults for an area, the preset's own values over them, and the
-- policy's settings over both.
CREATE TABLE cs_policy.preset_setting (
    preset   text REFERENCES cs_policy.preset,
    area     cs_policy.rule_area NOT NULL,
    settings jsonb NOT NULL CHECK (pg_catalog.jsonb_typeof(settings) OPERATOR(pg_catalog.=) 'object'),
    note     text NOT NULL,
    UNIQUE NULLS NOT DISTINCT (preset, area)
);
COMMENT ON TABLE cs_policy.preset_setting IS
    'Parameters of each preset by area (the row with preset NULL holds the defaults every preset starts from), each citing the rules it reproduces';
COMMENT ON COLUMN cs_policy.preset_setting.preset IS 'Preset; NULL for the defaults of the area';
COMMENT ON COLUMN cs_policy.preset_setting.area IS 'Area the parameters belong to';
COMMENT ON COLUMN cs_policy.preset_setting.settings IS 'The parameters, a JSON object';
COMMENT ON COLUMN cs_policy.preset_setting.note IS 'Where the numbers come from (rule IDs)';

-- A default setting of an area, where the rules in force set none
CREATE FUNCTION cs_policy.default_setting(area cs_policy.rule_area, key text)
RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
    SELECT q.settings OPERATOR(pg_catalog.->>) default_setting.key FROM cs_policy.preset_setting q
     WHERE q.preset IS NULL AND q.area OPERATOR(pg_catalog.=) default_setting.area;
END;
COMMENT ON FUNCTION cs_policy.default_setting(cs_policy.rule_area, text) IS
    'The default of a setting of an area (the preset_setting row with preset NULL), e.g. default_setting(''attendance'', ''punch_window_minutes'') = ''180''; NULL where there is none';

INSERT INTO cs_policy.preset_setting (preset, area, settings, note) VALUES
    (NULL, 'shift',
     '{"rest_days_per_week": 1, "rest_days_per_month": 4, "self_swaps_per_month": 1, "colleague_swaps_per_month": 2,
       "min_rest_hours_between_shifts": 8, "briefing_minutes": 10, "calendar": "cn"}',
     'SH-4 rest days (one a week, four a month, holidays not counted); SH-6 briefing 10 minutes before the shift; SH-7 swap limits; SH-8 no back-to-back shifts (less than 8 hours apart) from a swap'),
    ('callcenter_2012', 'shift', '{"self_swaps_per_month": 1, "colleague_swaps_per_month": 2, "briefing_minutes": 10,
                                   "leave_floor_minutes": 5, "seat_sign_in_minutes": 3, "seat_min_session_minutes": 30}',
     'SH-7: self-swap 1 day a month, with colleagues 2 days; SH-6: arrive 10 minutes early, sign in at the seat within 3 minutes, no sign-out within 30 minutes of signing in, leave the floor within 5 minutes of handing over'),
    ('callcenter_7x24', 'shift',
     '{"peak_min_on_line": 8, "peak_hours": "10:00-12:00,14:00-17:00", "night_min_on_line": 2, "night_hours": "20:00-08:00",
       "answer_rate_min": 0.9, "calendar": "cn_7x24"}',
     'SH-3: at least 8 agents on line at peak hours, 2 at night (the night shift, 20:00-08:00); the peak hours are not in the handbook (10:00-12:00 and 14:00-17:00 read as its peak); an answer rate of at least 90% every half hour'),
    ('group_seasonal', 'shift', '{"calendar": "cn_group_seasonal"}', 'SH-2: seasonal office hours'),
    ('service_ladder_2023', 'shift', '{"publish_before_month_end": true, "holiday_roster_days_ahead": 7}',
     'SH-5: next month''s roster published before month end, a holiday roster a week ahead');

-- How parameters combine: the area's defaults, then the preset's values,
-- then the policy's own settings, with where they came from. Pure, so that
-- a view can apply it to every row (policy_in_force.parameters).
CREATE FUNCTION cs_policy.merge_settings(defaults jsonb, preset_settings jsonb, own jsonb,
                                         policy_id bigint, policy_name text, preset text)
RETURNS jsonb
-- STABLE like jsonb_build_object, so that queries inline it (an IMMUTABLE
-- function calling a STABLE one is called, not inlined)
LANGUAGE sql STABLE PARALLEL SAFE
RETURN coalesce(defaults, '{}'::jsonb) OPERATOR(pg_catalog.||) coalesce(preset_settings, '{}'::jsonb)
       OPERATOR(pg_catalog.||) coalesce(own, '{}'::jsonb)
       OPERATOR(pg_catalog.||) pg_catalog.jsonb_build_object('policy_id', policy_id, 'policy', policy_name, 'preset', preset);
COMMENT ON FUNCTION cs_policy.merge_settings(jsonb, jsonb, jsonb, bigint, text, text) IS
    'The parameters of a policy version: the area''s defaults, then its preset''s values, then its own settings, with policy_id, policy and preset naming where they came from';

CREATE FUNCTION cs_policy.policy_settings(chosen cs_policy.policy, area text)
RETURNS jsonb
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    the_area cs_policy.rule_area := cs_policy.area_by_name(area);
BEGIN
    RETURN cs_policy.merge_settings(
        (SELECT s.settings FROM cs_policy.preset_setting s WHERE s.preset IS NULL AND s.area = the_area),
        (SELECT s.settings FROM cs_policy.preset_setting s WHERE s.preset = chosen.preset AND s.area = the_area),
        chosen.settings, chosen.policy_id, chosen.name, chosen.preset);
END
$$;
COMMENT ON FUNCTION cs_policy.policy_settings(cs_policy.policy, text) IS
    'The parameters of a policy version (NULL: none in force) in an area: the area''s defaults, then the preset''s values, then the policy''s own settings; with policy_id, policy and preset naming where they came from';

-- The policy versions in force for each department, each with the days on
-- which it is the one that applies there: its own validity less the days
-- a nearer department's version (its own, its project's, its center's,
-- before the one for every department) is in force. "The policy in force
-- for a department on a day" is then a plain join on department_id, area
-- and in_force @> day, which Citus plans in any query (ARCHITECTURE.md):
-- both tables are reference tables.
CREATE VIEW cs_policy.policy_in_force WITH (security_invoker = true) AS
SELECT d.department_id,
       q.area,
       q.valid_during::datemultirange OPERATOR(pg_catalog.-) coalesce(nearer.covered, '{}'::datemultirange) AS in_force,
       -- a version with settings only (no rulebook) leaves the rules of the
       -- version above it in force
       CASE WHEN q.rulebook IS NOT NULL THEN
           q.valid_during::datemultirange OPERATOR(pg_catalog.-) coalesce(nearer.covered_by_rules, '{}'::datemultirange)
       END AS rules_in_force,
       q.policy_id,
       q.name,
       q.preset,
       q.department_id AS attached_to,
       q.version,
       q.settings,
       q.rulebook,
       q.parameters
  FROM cs_policy.department d
  -- each version with its parameters (what settings_for gives), merged
  -- once per version rather than once per department
  JOIN (SELECT q.*,
               cs_policy.merge_settings(dflt.settings, own.settings, q.settings, q.policy_id, q.name, q.preset) AS parameters
          FROM cs_policy.policy q
          LEFT JOIN cs_policy.preset_setting dflt ON dflt.preset IS NULL AND dflt.area OPERATOR(pg_catalog.=) q.area
          LEFT JOIN cs_policy.preset_setting own ON own.preset OPERATOR(pg_catalog.=) q.preset AND own.area OPERATOR(pg_catalog.=) q.area) q
    ON q.department_id IS NULL OR q.department_id OPERATOR(pg_catalog.=) ANY (d.path)
  -- the days a nearer department's version of the area is in force
 CROSS JOIN LATERAL (
        SELECT pg_catalog.range_agg(n.valid_during) AS covered,
               pg_catalog.range_agg(n.valid_during) FILTER (WHERE n.rulebook IS NOT NULL) AS covered_by_rules
          FROM cs_policy.policy n
         WHERE n.area OPERATOR(pg_catalog.=) q.area
           AND n.department_id OPERATOR(pg_catalog.=) ANY (d.path)
           AND pg_catalog.array_position(d.path, n.department_id)
               OPERATOR(pg_catalog.>) coalesce(pg_catalog.array_position(d.path, q.department_id), 0)
           AND n.valid_during OPERATOR(pg_catalog.&&) q.valid_during) nearer;
COMMENT ON VIEW cs_policy.policy_in_force IS
    'For every department, each policy version that applies to it (its own, one above it, or the one for every department) with the days it is the one in force there (in_force: its validity less the days a nearer department''s version of the area is in force); join on department_id, area and in_force @> day for the policy of a day';
COMMENT ON COLUMN cs_policy.policy_in_force.department_id IS 'Department the version applies to';
COMMENT ON COLUMN cs_policy.policy_in_force.area IS 'Area of the version';
COMMENT ON COLUMN cs_policy.policy_in_force.in_force IS 'Days on which it is the version in force for the department (the nearest department''s first)';
COMMENT ON COLUMN cs_policy.policy_in_force.rules_in_force IS 'Days on which its penalty rules (rulebook) are the ones in force for the department: a nearer version with settings only leaves them in force; NULL when it has no rulebook';
COMMENT ON COLUMN cs_policy.policy_in_force.policy_id IS 'The policy version';
COMMENT ON COLUMN cs_policy.policy_in_force.name IS 'Rule set name';
COMMENT ON COLUMN cs_policy.policy_in_force.preset IS 'Preset it starts from (NULL: custom)';
COMMENT ON COLUMN cs_policy.policy_in_force.attached_to IS 'Department the version is attached to (NULL: every department)';
COMMENT ON COLUMN cs_policy.policy_in_force.version IS 'Version number';
COMMENT ON COLUMN cs_policy.policy_in_force.settings IS 'Its settings';
COMMENT ON COLUMN cs_policy.policy_in_force.rulebook IS 'Its penalty rules';
COMMENT ON COLUMN cs_policy.policy_in_force.parameters IS 'Its parameters: the area''s defaults, the preset''s values, its own settings (merge_settings; what settings_for gives)';

CREATE FUNCTION cs_policy.department_settings(department_id bigint, on_date date, area text)
RETURNS jsonb
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RETURN cs_policy.policy_settings(cs_policy.department_policy(department_id, on_date, area), area);
END
$$;
COMMENT ON FUNCTION cs_policy.department_settings(bigint, date, text) IS
    'The parameters in force for a department on a date in an area (policy_settings of department_policy)';

CREATE FUNCTION cs_policy.settings_for(employee_id bigint, on_date date, area text)
RETURNS jsonb
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RETURN cs_policy.policy_settings(cs_policy.policy_for(employee_id, on_date, area), area);
END
$$;
COMMENT ON FUNCTION cs_policy.settings_for(bigint, date, text) IS
    'The parameters in force for an employee on a date in an area: the area''s defaults, then the preset''s values, then the policy''s own settings; with policy_id, policy and preset naming where they came from';
