-- src/complaint_sla.sql: service-level targets of complaints as policy
-- data, their status at any moment, and breaches recorded once with a
-- NOTIFY (CP-3, CP-4, CP-5, CP-7) (no C; the clock is src/sla.c)

-- The targets each preset brings (data/sla_targets.tsv); the rows of
-- preset NULL come with every complaint policy.
CREATE TABLE cs_policy.preset_sla_target (
    preset     text REFERENCES cs_policy.preset,
    name       text NOT NULL CHECK (name OPERATOR(pg_catalog.~) '^[a-z][a-z0-9_]{0,30}$'),
    categories cs_policy.complaint_category[] NOT NULL CHECK (pg_catalog.cardinality(categories) OPERATOR(pg_catalog.>) 0),
    applies_to text NOT NULL CHECK (applies_to OPERATOR(pg_catalog.=) ANY ('{all,emergency,repair}')),
    target     cs_policy.sla_target NOT NULL,
    rule_id    text NOT NULL REFERENCES cs_policy.rule,
    note       text NOT NULL,
    UNIQUE NULLS NOT DISTINCT (preset, name)
);
COMMENT ON TABLE cs_policy.preset_sla_target IS
    'The service-level targets of each preset, reproducing its handbook (POLICY.md CP-3, CP-7); those of preset NULL (CP-4, CP-5) come with every complaint policy';
COMMENT ON COLUMN cs_policy.preset_sla_target.preset IS 'Preset; NULL for the targets of every complaint policy';
COMMENT ON COLUMN cs_policy.preset_sla_target.name IS 'Name of the target, e.g. resolve';
COMMENT ON COLUMN cs_policy.preset_sla_target.categories IS 'CP-1 categories it applies to';
COMMENT ON COLUMN cs_policy.preset_sla_target.applies_to IS 'all complaints of those categories, or only emergencies (CP-4) or repairs (CP-7)';
COMMENT ON COLUMN cs_policy.preset_sla_target.target IS 'The clock: start events -> stop events within an allowance';
COMMENT ON COLUMN cs_policy.preset_sla_target.rule_id IS 'The rule it reproduces';
COMMENT ON COLUMN cs_policy.preset_sla_target.note IS 'The handbook''s words, and how loose ends are read';

-- The targets of each complaint policy version, set with it.
CREATE TABLE cs_policy.policy_sla_target (
    policy_id     bigint NOT NULL REFERENCES cs_policy.policy ON DELETE CASCADE,
    name          text NOT NULL CHECK (name OPERATOR(pg_catalog.~) '^[a-z][a-z0-9_]{0,30}$'),
    categories    cs_policy.complaint_category[] NOT NULL CHECK (pg_catalog.cardinality(categories) OPERATOR(pg_catalog.>) 0),
    applies_to    text NOT NULL CHECK (applies_to OPERATOR(pg_catalog.=) ANY ('{all,emergency,repair}')),
    target        cs_policy.sla_target NOT NULL,
    rule_id       text NOT NULL REFERENCES cs_policy.rule,
    calendar      text NOT NULL REFERENCES cs_policy.calendar,
    at_risk_share numeric NOT NULL CHECK (at_risk_share BETWEEN 0 AND 1),
    PRIMARY KEY (policy_id, name)
);
COMMENT ON TABLE cs_policy.policy_sla_target IS
    'The service-level targets of each complaint policy version: the preset''s (and those of every policy) with the policy''s settings->''targets'' replacing, adding or (null) dropping targets by name; set by set_policy, never more lenient than a policy above the department (check_sla_floor)';
COMMENT ON COLUMN cs_policy.policy_sla_target.policy_id IS 'Policy version';
COMMENT ON COLUMN cs_policy.policy_sla_target.name IS 'Name of the target';
COMMENT ON COLUMN cs_policy.policy_sla_target.categories IS 'CP-1 categories it applies to';
COMMENT ON COLUMN cs_policy.policy_sla_target.applies_to IS 'all, emergency or repair';
COMMENT ON COLUMN cs_policy.policy_sla_target.target IS 'The clock';
COMMENT ON COLUMN cs_policy.policy_sla_target.rule_id IS 'The rule it reproduces';
COMMENT ON COLUMN cs_policy.policy_sla_target.calendar IS 'Calendar of its working days and hours (settings calendar)';
COMMENT ON COLUMN cs_policy.policy_sla_target.at_risk_share IS 'Share of the allowance under which a running target is at risk (settings at_risk_share)';
SELECT pg_catalog.pg_extension_config_dump('cs_policy.policy_sla_target', '');

-- The targets of a complaint policy version: its preset's (and those of the
-- presets named in settings->'include_presets', so that a repair desk keeps
-- its center's targets beside its own), with its own settings->'targets'
-- ({"name": {"target": ..., "categories": [...], "applies_to": ...,
-- "rule_id": ...}} or {"name": null} to drop one) over them.
CREATE FUNCTION cs_policy.set_sla_targets(policy_id bigint)
RETURNS integer
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    p        cs_policy.policy;
    settings jsonb;
    own      jsonb;
    item     record;
    share    numeric;
    includes text[];
    unknown  text;
    n        integer;
    after_rows jsonb;
BEGIN
    SELECT * INTO STRICT p FROM cs_policy.policy x WHERE x.policy_id = set_sla_targets.policy_id;
    settings := cs_policy.policy_settings(p, 'complaint');
    IF settings ? 'include_presets' THEN
        IF jsonb_typeof(settings -> 'include_presets') <> 'array' THEN
            RAISE EXCEPTION 'settings->''include_presets'' must be a list of preset names, not %', jsonb_typeof(settings -> 'include_presets')
                USING ERRCODE = 'invalid_parameter_value',
                      HINT = 'e.g. {"include_presets": ["complaints_hospital"]}';
        END IF;
        includes := ARRAY(SELECT jsonb_array_elements_text(settings -> 'include_presets'));
        SELECT i INTO unknown FROM unnest(includes) i
         WHERE NOT EXISTS (SELECT 1 FROM cs_policy.preset_sla_target t WHERE t.preset = i) LIMIT 1;
        IF FOUND THEN
            RAISE EXCEPTION 'preset "%" has no complaint targets to include', unknown
                USING ERRCODE = 'invalid_parameter_value',
                      HINT = 'SELECT DISTINCT preset FROM cs_policy.preset_sla_target lists the presets that have them.';
        END IF;
    END IF;
    own := coalesce(p.settings -> 'targets', '{}');
    IF jsonb_typeof(own) <> 'object' THEN
        RAISE EXCEPTION 'settings->''targets'' must be an object of targets by name, not %', jsonb_typeof(own)
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'e.g. {"targets": {"resolve": {"target": "received -> resolved within 2 working days"}}}';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM cs_policy.calendar c WHERE c.name = settings ->> 'calendar') THEN
        RAISE EXCEPTION 'calendar "%" does not exist', settings ->> 'calendar'
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'SELECT name FROM cs_policy.calendar lists the calendars.';
    END IF;
    share := CASE WHEN jsonb_typeof(settings -> 'at_risk_share') = 'number' THEN (settings ->> 'at_risk_share')::numeric END;
    IF share IS NULL OR share < 0 OR share > 1 THEN
        RAISE EXCEPTION 'at_risk_share is a share of the allowance from 0 to 1, not %', settings -> 'at_risk_share'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    FOR item IN SELECT key, value FROM jsonb_each(own) LOOP
        IF jsonb_typeof(item.value) = 'null' THEN
            CONTINUE;
        END IF;
        IF jsonb_typeof(item.value) <> 'object' OR item.key !~ '^[a-z][a-z0-9_]{0,30}$' THEN
            RAISE EXCEPTION 'target "%" must be an object with target, categories, applies_to and rule_id (or null to drop it)', item.key
                USING ERRCODE = 'invalid_parameter_value';
        END IF;
        IF NOT EXISTS (SELECT 1 FROM cs_policy.preset_sla_target t
                        WHERE t.name = item.key AND (t.preset IS NULL OR t.preset = p.preset OR t.preset = ANY (includes)))
           AND NOT (item.value ?& '{target,categories,rule_id}') THEN
            RAISE EXCEPTION 'a new target "%" needs target, categories and rule_id', item.key
                USING ERRCODE = 'invalid_parameter_value';
        END IF;
        IF item.value ? 'categories' THEN
            IF jsonb_typeof(item.value -> 'categories') <> 'array' OR jsonb_array_length(item.value -> 'categories') = 0 THEN
                RAISE EXCEPTION 'target "%": categories is a list of complaint categories', item.key
                    USING ERRCODE = 'invalid_parameter_value';
            END IF;
            PERFORM cs_policy.check_label('complaint category', c, enum_range(NULL::cs_policy.complaint_category)::text[])
               FROM jsonb_array_elements_text(item.value -> 'categories') c;
        END IF;
        IF item.value ? 'applies_to' THEN
            PERFORM cs_policy.check_label('applies_to', item.value ->> 'applies_to', '{all,emergency,repair}');
        END IF;
        IF item.value ? 'rule_id' AND NOT EXISTS (SELECT 1 FROM cs_policy.rule r
                                                  WHERE r.id = item.value ->> 'rule_id' AND r.area = 'complaint') THEN
            RAISE EXCEPTION 'target "%": % is not a complaint rule', item.key, item.value ->> 'rule_id'
                USING ERRCODE = 'invalid_parameter_value',
                      HINT = 'SELECT id, summary FROM cs_policy.rule WHERE area = ''complaint'' lists them.';
        END IF;
        IF item.value ? 'target' THEN
            PERFORM (item.value ->> 'target')::cs_policy.sla_target;
        END IF;
    END LOOP;

    INSERT INTO cs_policy.policy_sla_target (policy_id, name, categories, applies_to, target, rule_id, calendar, at_risk_share)
    WITH base AS (
        -- the preset's own target wins over an included preset's (the first
        -- named first), and those over the one every policy has
        SELECT DISTINCT ON (t.name) t.name, t.categories, t.applies_to, t.target, t.rule_id
          FROM cs_policy.preset_sla_target t
         WHERE t.preset IS NULL OR t.preset = p.preset OR t.preset = ANY (includes)
         ORDER BY t.name, t.preset IS NULL, t.preset IS DISTINCT FROM p.preset, array_position(includes, t.preset)
    )
    SELECT p.policy_id, coalesce(b.name, o.key),
           coalesce((SELECT array_agg(c::cs_policy.complaint_category) FROM jsonb_array_elements_text(o.value -> 'categories') c),
                    b.categories),
           coalesce(o.value ->> 'applies_to', b.applies_to, 'all'),
           coalesce((o.value ->> 'target')::cs_policy.sla_target, b.target),
           coalesce(o.value ->> 'rule_id', b.rule_id),
           settings ->> 'calendar', share
      FROM base b
      FULL JOIN jsonb_each(own) o ON o.key = b.name
     WHERE o.value IS NULL OR jsonb_typeof(o.value) <> 'null';
    GET DIAGNOSTICS n = ROW_COUNT;
    -- the only write of set_policy's targets, a DBA's command: nobody acted for
    SELECT jsonb_agg(to_jsonb(x) ORDER BY x.name) INTO after_rows
      FROM cs_policy.policy_sla_target x WHERE x.policy_id = p.policy_id;
    PERFORM cs_policy.audit(NULL, 'set_policy', 'policy_sla_target', NULL, after_rows);
    RETURN n;
END
$$;
COMMENT ON FUNCTION cs_policy.set_sla_targets(bigint) IS
    'Sets the targets of a complaint policy version from its preset, the presets of settings->''include_presets'' and settings->''targets'' (22023 for a bad one); called by set_policy';
REVOKE EXECUTE ON FUNCTION cs_policy.set_sla_targets(bigint) FROM PUBLIC;

-- A department's targets may be stricter than those above it, never more
-- lenient: every target above is here, for at least its categories and
-- cases, with no more time and no pause it does not have.
CREATE FUNCTION cs_policy.sla_targets_more_lenient(lower_policy bigint, upper_policy bigint)
RETURNS text
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
BEGIN
    RETURN (
        SELECT pg_catalog.string_agg(
                   CASE WHEN l.name IS NULL THEN format('it has no target %s (%s)', u.name, u.rule_id)
                        WHEN NOT l.categories OPERATOR(pg_catalog.@>) u.categories
                        THEN format('target %s leaves out %s', u.name,
                                    pg_catalog.array_to_string(ARRAY(SELECT x FROM pg_catalog.unnest(u.categories) x
                                                                      WHERE x OPERATOR(pg_catalog.<>) ALL (l.categories)), ', '))
                        WHEN l.applies_to OPERATOR(pg_catalog.<>) u.applies_to AND l.applies_to OPERATOR(pg_catalog.<>) 'all'
                        THEN format('target %s applies to %s cases only where the parent''s applies to %s', u.name, l.applies_to, u.applies_to)
                        WHEN l.calendar OPERATOR(pg_catalog.<>) u.calendar AND cs_policy.sla_target_at_least(l.target, u.target)
                        THEN format('target %s counts working time on calendar %s where the parent''s uses %s', u.name, l.calendar, u.calendar)
                        ELSE format('target %s: %s (%s)', u.name, cs_policy.sla_target_more_lenient(l.target, u.target), u.rule_id) END,
                   '; ' ORDER BY u.name)
          FROM cs_policy.policy_sla_target u
          LEFT JOIN cs_policy.policy_sla_target l
                 ON l.policy_id OPERATOR(pg_catalog.=) sla_targets_more_lenient.lower_policy AND l.name OPERATOR(pg_catalog.=) u.name
         WHERE u.policy_id OPERATOR(pg_catalog.=) sla_targets_more_lenient.upper_policy
           AND (l.name IS NULL OR NOT l.categories OPERATOR(pg_catalog.@>) u.categories
                OR (l.applies_to OPERATOR(pg_catalog.<>) u.applies_to AND l.applies_to OPERATOR(pg_catalog.<>) 'all')
                OR NOT cs_policy.sla_target_at_least(l.target, u.target)
                -- another calendar may have fewer working hours: not comparable, so not allowed
                OR (l.calendar OPERATOR(pg_catalog.<>) u.calendar
                    AND ((cs_policy.sla_target_parts(l.target)).clock OPERATOR(pg_catalog.<>) 'wall_clock'
                         OR (cs_policy.sla_target_parts(u.target)).clock OPERATOR(pg_catalog.<>) 'wall_clock'))));
END
$$;
COMMENT ON FUNCTION cs_policy.sla_targets_more_lenient(bigint, bigint) IS
    'Where the targets of one complaint policy version are more lenient than another''s, in words; NULL when they are at least as strict';

CREATE FUNCTION cs_policy.check_sla_floor(policy_id bigint)
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
    SELECT * INTO STRICT p FROM cs_policy.policy x WHERE x.policy_id = check_sla_floor.policy_id;
    SELECT d.path[1:cardinality(d.path) - 1] INTO above FROM cs_policy.department d WHERE d.department_id = p.department_id;
    FOR other IN
        SELECT q.policy_id, q.name, q.version, q.valid_during, q.department_id, coalesce(d.code, 'every department') AS scope,
               (q.department_id IS NULL OR q.department_id = ANY (above)) AND p.department_id IS NOT NULL AS is_above
          FROM cs_policy.policy q
          LEFT JOIN cs_policy.department d ON d.department_id = q.department_id
         WHERE q.area = 'complaint' AND q.policy_id <> p.policy_id AND q.valid_during && p.valid_during
           AND ((p.department_id IS NOT NULL AND (q.department_id IS NULL OR q.department_id = ANY (above)))
                OR (p.department_id IS NULL AND q.department_id IS NOT NULL)
                OR (q.department_id IS NOT NULL AND p.department_id = ANY (d.path) AND q.department_id <> p.department_id))
         ORDER BY lower(q.valid_during), q.policy_id
    LOOP
        why := CASE WHEN other.is_above THEN cs_policy.sla_targets_more_lenient(p.policy_id, other.policy_id)
                    ELSE cs_policy.sla_targets_more_lenient(other.policy_id, p.policy_id) END;
        IF why IS NOT NULL THEN
            RAISE EXCEPTION 'complaint targets of "%" v% would be more lenient than those of "%" v%',
                            CASE WHEN other.is_above THEN p.name ELSE other.name END,
                            CASE WHEN other.is_above THEN p.version ELSE other.version END,
                            CASE WHEN other.is_above THEN other.name ELSE p.name END,
                            CASE WHEN other.is_above THEN other.version ELSE p.version END
                USING ERRCODE = 'check_violation',
                      DETAIL = format('A department''s rules may be stricter than those above it, never more lenient. During %s, %s.',
                                      p.valid_during * other.valid_during, why),
                      HINT = CASE WHEN other.is_above
                                  THEN format('Start from the targets of policy %s (SELECT * FROM cs_policy.policy_sla_target WHERE policy_id = %s) and make them stricter.',
                                              other.policy_id, other.policy_id)
                                  ELSE format('End or tighten policy %s first (cs_policy.end_policy).', other.policy_id) END;
        END IF;
    END LOOP;
END
$$;
COMMENT ON FUNCTION cs_policy.check_sla_floor(bigint) IS
    'Raises 23514, saying where, when a complaint policy version''s targets are more lenient than those of a version above its department on the same days, or one below it is more lenient than it';
REVOKE EXECUTE ON FUNCTION cs_policy.check_sla_floor(bigint) FROM PUBLIC;

-- ------------------------------------------------------------ status

-- Every started target of every complaint received so far, under the
-- complaint policy in force for its department on the day it came in. A
-- view, so that a filter on it (employee_id and complaint_id, or number)
-- reaches the complaint table, and Citus plans it like any query. Its
-- clock is now(), and nothing else in it is; written (SELECT now()), so
-- that Citus computes it once and pushes the rest down to the shards.
CREATE VIEW cs_policy.complaint_sla WITH (security_invoker = true) AS
SELECT c.number, c.category, d.code AS department_code, t.name AS target, t.rule_id, t.target AS sla,
       s.started_at, s.due_at, s.met_at, s.paused, s.paused_now, s.state, s.time_left, s.allowance, s.clock,
       owner.code AS owner, ev.owner_id, first.code AS first_contact, t.policy_id,
       c.employee_id, c.complaint_id
  FROM cs_policy.complaint c
  JOIN cs_policy.department d ON d.department_id OPERATOR(pg_catalog.=) c.department_id
  -- the complaint policy in force for the department on the day it came in.
  -- The days in force are tested by the function, not the operator @>: the
  -- planner takes a function's test to hold for 1 row in 3, but @> between
  -- two tables, with no statistics of a computed multirange, for 1 in 1,000;
  -- for 1,000,000 complaints it then planned for a few dozen rows and looped
  -- over every employee for each target row (bench/sla: 80 s, now 21 s).
  JOIN cs_policy.policy_in_force pol
    ON pol.department_id OPERATOR(pg_catalog.=) c.department_id
   AND pol.area OPERATOR(pg_catalog.=) 'complaint'
   AND pg_catalog.multirange_contains_elem(pol.in_force, c.received_on)
 -- who answered for it then (CP-4): the last the events up to as_of handed
 -- it to, else its first contact. From the events kept with the complaint
 -- (complaint.events), so that a complaint costs one row, not an index
 -- scan of its events (bench/sla: 21.5 s for 1,000,000 complaints when it
 -- was); a function in FROM, so that the join below compares plain
 -- columns, which row-level security lets stay an index condition (and
 -- Citus takes no correlated subquery without a FROM).
 CROSS JOIN LATERAL cs_policy.complaint_owner(c.events, (SELECT pg_catalog.now()), c.employee_id) AS ev(owner_id)
  JOIN cs_policy.policy_sla_target t
    ON t.policy_id OPERATOR(pg_catalog.=) pol.policy_id
   AND c.category OPERATOR(pg_catalog.=) ANY (t.categories)
   AND (t.applies_to OPERATOR(pg_catalog.=) 'all'
        OR (t.applies_to OPERATOR(pg_catalog.=) 'emergency' AND c.emergency)
        OR (t.applies_to OPERATOR(pg_catalog.=) 'repair' AND c.repair))
  JOIN cs_policy.calendar cal ON cal.name OPERATOR(pg_catalog.=) t.calendar
 CROSS JOIN LATERAL cs_policy.sla_clock(t.target, cal.value, c.events, (SELECT pg_catalog.now()), t.at_risk_share) s
  -- (left joins: a reader may see a complaint but not the people on it, SEC-1)
  LEFT JOIN cs_policy.employee owner ON owner.employee_id OPERATOR(pg_catalog.=) ev.owner_id
  LEFT JOIN cs_policy.employee first ON first.employee_id OPERATOR(pg_catalog.=) c.employee_id
 WHERE c.received_at OPERATOR(pg_catalog.<=) (SELECT pg_catalog.now())
   AND s.started_at IS NOT NULL;
COMMENT ON VIEW cs_policy.complaint_sla IS
    'For every complaint and every target of the complaint policy in force for its department on the day it came in (CP-3, CP-4, CP-5, CP-7), now: when the clock started, when it is due (time waiting for the customer pushes it on where the target pauses), when it was met, the time it stood still, the state (met, breached, running, or at_risk when less than the policy''s at_risk_share of the allowance is left), the time left or overdue (negative) in working time or wall-clock time as the target measures, and who answers for it';
COMMENT ON COLUMN cs_policy.complaint_sla.number IS 'Complaint number';
COMMENT ON COLUMN cs_policy.complaint_sla.category IS 'CP-1 category';
COMMENT ON COLUMN cs_policy.complaint_sla.department_code IS 'Department concerned';
COMMENT ON COLUMN cs_policy.complaint_sla.target IS 'Name of the target, e.g. resolve';
COMMENT ON COLUMN cs_policy.complaint_sla.rule_id IS 'The rule the target reproduces (CP-3, CP-4, CP-5, CP-7)';
COMMENT ON COLUMN cs_policy.complaint_sla.sla IS 'The target: start events -> stop events within the allowance';
COMMENT ON COLUMN cs_policy.complaint_sla.started_at IS 'When its clock started';
COMMENT ON COLUMN cs_policy.complaint_sla.due_at IS 'When it is (or was) due';
COMMENT ON COLUMN cs_policy.complaint_sla.met_at IS 'When it was met (NULL: not yet)';
COMMENT ON COLUMN cs_policy.complaint_sla.paused IS 'Real time the clock stood still while waiting for the customer';
COMMENT ON COLUMN cs_policy.complaint_sla.paused_now IS 'The clock stands still now';
COMMENT ON COLUMN cs_policy.complaint_sla.state IS 'met, breached, running or at_risk';
COMMENT ON COLUMN cs_policy.complaint_sla.time_left IS 'Allowance left (negative: overdue), in working time or wall-clock time (see clock)';
COMMENT ON COLUMN cs_policy.complaint_sla.allowance IS 'The whole allowance in the same clock';
COMMENT ON COLUMN cs_policy.complaint_sla.clock IS 'working time or wall clock';
COMMENT ON COLUMN cs_policy.complaint_sla.owner IS 'CP-4: staff number of who answers for the complaint';
COMMENT ON COLUMN cs_policy.complaint_sla.owner_id IS 'employee_id of who answers for it';
COMMENT ON COLUMN cs_policy.complaint_sla.first_contact IS 'Staff number of who took it first';
COMMENT ON COLUMN cs_policy.complaint_sla.policy_id IS 'The complaint policy version whose target this is';
COMMENT ON COLUMN cs_policy.complaint_sla.employee_id IS 'employee_id of the first-contact owner (the key with complaint_id)';
COMMENT ON COLUMN cs_policy.complaint_sla.complaint_id IS 'Surrogate key';

-- The same status as of another instant: complaint_sla's own definition,
-- run with its clock set to as_of, so that the two cannot drift apart;
-- only_complaints narrows it to some complaints (planned for the call, the
-- filter reaches the complaint table).
CREATE FUNCTION cs_policy.complaint_sla_at(as_of timestamptz, only_complaints bigint[] DEFAULT NULL)
RETURNS SETOF cs_policy.complaint_sla
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    status text := rtrim(pg_get_viewdef('cs_policy.complaint_sla'::regclass), E'; \n');
BEGIN
    -- its three clocks, and nothing else, are now()
    IF (SELECT count(*) FROM regexp_matches(status, '\mnow\(\)', 'g')) <> 3 THEN
        RAISE EXCEPTION 'the definition of cs_policy.complaint_sla does not have its three clocks (now())'
            USING ERRCODE = 'internal_error';
    END IF;
    RETURN QUERY EXECUTE 'SELECT * FROM (' || regexp_replace(status, '\mnow\(\)', '$1', 'g') || ') s'
                         ' WHERE $2 IS NULL OR s.complaint_id = ANY ($2)'
        USING as_of, only_complaints;
END
$$;
COMMENT ON FUNCTION cs_policy.complaint_sla_at(timestamptz, bigint[]) IS
    'The service-level status of every complaint and target as of an instant (or of only_complaints, by complaint_id): complaint_sla with its clock set to as_of';

-- ---------------------------------------------------------- breaches

CREATE TABLE cs_policy.sla_breach (
    employee_id   bigint NOT NULL,
    complaint_id  bigint NOT NULL,
    target        text NOT NULL,
    number        text NOT NULL,
    rule_id       text NOT NULL,
    due_at        timestamptz NOT NULL,
    met_at        timestamptz,
    answerable_id bigint NOT NULL,
    policy_id     bigint NOT NULL,
    detected_at   timestamptz NOT NULL DEFAULT pg_catalog.now(),
    PRIMARY KEY (employee_id, complaint_id, target),
    FOREIGN KEY (employee_id, complaint_id) REFERENCES cs_policy.complaint
);
COMMENT ON TABLE cs_policy.sla_breach IS
    'Each target a complaint missed, recorded once by detect_sla_breaches (which NOTIFYs cs_policy_sla); never changed';
COMMENT ON COLUMN cs_policy.sla_breach.employee_id IS 'The complaint''s first-contact owner (the distribution column)';
COMMENT ON COLUMN cs_policy.sla_breach.complaint_id IS 'The complaint';
COMMENT ON COLUMN cs_policy.sla_breach.target IS 'Name of the target missed';
COMMENT ON COLUMN cs_policy.sla_breach.number IS 'Complaint number';
COMMENT ON COLUMN cs_policy.sla_breach.rule_id IS 'The rule of the target';
COMMENT ON COLUMN cs_policy.sla_breach.due_at IS 'When it was due';
COMMENT ON COLUMN cs_policy.sla_breach.met_at IS 'When it was met late, if it was by detection; NULL: still open then';
COMMENT ON COLUMN cs_policy.sla_breach.answerable_id IS 'employee_id of who answered for the complaint when the breach was found (CP-4)';
COMMENT ON COLUMN cs_policy.sla_breach.policy_id IS 'The complaint policy version of the target';
COMMENT ON COLUMN cs_policy.sla_breach.detected_at IS 'When found';
SELECT pg_catalog.pg_extension_config_dump('cs_policy.sla_breach', '');

-- Records every breach not recorded yet, once, however often it runs and
-- however many run at once (the primary key decides), and tells listeners
-- of each: NOTIFY cs_policy_sla with a JSON payload naming the complaint.
CREATE FUNCTION cs_policy.detect_sla_breaches(as_of timestamptz DEFAULT NULL)
RETURNS integer
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    moment timestamptz := coalesce(as_of, now());
    n      integer;
    after_rows jsonb;
BEGIN
    IF moment > now() + interval '1 minute' THEN
        RAISE EXCEPTION 'breaches cannot be detected in the future (%)', moment USING ERRCODE = 'invalid_parameter_value';
    END IF;
    WITH found AS (
        INSERT INTO cs_policy.sla_breach (employee_id, complaint_id, target, number, rule_id, due_at, met_at,
                                          answerable_id, policy_id)
        SELECT s.employee_id, s.complaint_id, s.target, s.number, s.rule_id, s.due_at, s.met_at, s.owner_id, s.policy_id
          FROM cs_policy.complaint_sla_at(moment) s
         WHERE s.state = 'breached'
        ON CONFLICT (employee_id, complaint_id, target) DO NOTHING
        RETURNING *)
    SELECT count(pg_notify('cs_policy_sla',
                           json_build_object('number', f.number, 'target', f.target, 'rule_id', f.rule_id,
                                             'due_at', f.due_at, 'met_at', f.met_at, 'answerable', e.code)::text)),
           jsonb_agg(to_jsonb(f) ORDER BY f.number, f.target)
      INTO n, after_rows
      FROM found f
      JOIN cs_policy.employee e ON e.employee_id = f.answerable_id;
    -- a run that found nothing new changed nothing: no audit row
    IF after_rows IS NOT NULL THEN
        PERFORM cs_policy.audit(NULL, 'detect_sla_breaches', 'sla_breach', NULL, after_rows);
    END IF;
    RETURN n;
END
$$;
COMMENT ON FUNCTION cs_policy.detect_sla_breaches(timestamptz) IS
    'Records each breached target (complaint_sla state breached, as of now or a past instant) in sla_breach exactly once, and sends NOTIFY cs_policy_sla with {"number", "target", "rule_id", "due_at", "met_at", "answerable"} for each new one (delivered on commit); returns how many were new. Run it every minute (pg_cron) or after changes';
REVOKE EXECUTE ON FUNCTION cs_policy.detect_sla_breaches(timestamptz) FROM PUBLIC;

CREATE VIEW cs_policy.sla_breach_overview WITH (security_invoker = true) AS
SELECT b.number,
       b.target,
       b.rule_id,
       b.due_at,
       coalesce(b.met_at, s.met_at) AS met_at,
       coalesce(b.met_at, s.met_at) IS NULL AS open,
       CASE WHEN coalesce(b.met_at, s.met_at) IS NULL THEN (SELECT pg_catalog.now()) OPERATOR(pg_catalog.-) b.due_at
            ELSE coalesce(b.met_at, s.met_at) OPERATOR(pg_catalog.-) b.due_at END AS late_by,
       a.code AS answerable,
       s.owner AS owner_now,
       b.detected_at,
       b.policy_id,
       b.employee_id,
       b.complaint_id
  FROM cs_policy.sla_breach b
  LEFT JOIN cs_policy.employee a ON a.employee_id OPERATOR(pg_catalog.=) b.answerable_id
  LEFT JOIN cs_policy.complaint_sla s
         ON s.employee_id OPERATOR(pg_catalog.=) b.employee_id AND s.complaint_id OPERATOR(pg_catalog.=) b.complaint_id
        AND s.target OPERATOR(pg_catalog.=) b.target;
COMMENT ON VIEW cs_policy.sla_breach_overview IS
    'Recorded breaches and whether they are still open now (the target not met), how late (wall-clock), who answered for the complaint when it was found and who does now';
COMMENT ON COLUMN cs_policy.sla_breach_overview.number IS 'Complaint number';
COMMENT ON COLUMN cs_policy.sla_breach_overview.target IS 'Target missed';
COMMENT ON COLUMN cs_policy.sla_breach_overview.rule_id IS 'Its rule';
COMMENT ON COLUMN cs_policy.sla_breach_overview.due_at IS 'When it was due';
COMMENT ON COLUMN cs_policy.sla_breach_overview.met_at IS 'When it was met in the end (NULL: not yet)';
COMMENT ON COLUMN cs_policy.sla_breach_overview.open IS 'Not met yet';
COMMENT ON COLUMN cs_policy.sla_breach_overview.late_by IS 'Wall-clock time from due to met (or to now while open)';
COMMENT ON COLUMN cs_policy.sla_breach_overview.answerable IS 'Who answered for the complaint when the breach was found';
COMMENT ON COLUMN cs_policy.sla_breach_overview.owner_now IS 'Who answers for it now';
COMMENT ON COLUMN cs_policy.sla_breach_overview.detected_at IS 'When found';
COMMENT ON COLUMN cs_policy.sla_breach_overview.policy_id IS 'Complaint policy version';
COMMENT ON COLUMN cs_policy.sla_breach_overview.employee_id IS 'employee_id of the first-contact owner';
COMMENT ON COLUMN cs_policy.sla_breach_overview.complaint_id IS 'Surrogate key';
