-- What-if (issue 15): a draft of the attendance rules replayed over a
-- period's facts, beside the rules in force. The same input the engine
-- judges (attendance_input) is judged twice, once as it is and once with
-- the draft in place of each policy version's rules; nothing is written
-- (the function is STABLE: PostgreSQL itself refuses a write inside it).

-- An attendance input with other rules: the draft's judge reads the very
-- same facts.
CREATE FUNCTION cs_policy.attendance_input_with_policies(input cs_policy.attendance_input,
                                                         policies cs_policy.attendance_policy[])
RETURNS cs_policy.attendance_input
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    input.policies := policies;
    RETURN input;
END
$$;
COMMENT ON FUNCTION cs_policy.attendance_input_with_policies(cs_policy.attendance_input, cs_policy.attendance_policy[]) IS
    'Internal: the attendance input with its policy versions replaced (what_if judges the same facts under a draft); runs no query';
REVOKE EXECUTE ON FUNCTION cs_policy.attendance_input_with_policies(cs_policy.attendance_input, cs_policy.attendance_policy[]) FROM PUBLIC;

-- The draft, checked: the keys of a policy's settings that the penalty
-- rules read, so that what HR tried is what set_policy will store.
CREATE FUNCTION cs_policy.what_if_draft(settings jsonb)
RETURNS TABLE (preset_book cs_policy.rulebook, preset_name text, own_book cs_policy.rulebook, punch_window interval)
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    replayed constant text[] := '{preset,rules,punch_window_minutes}';
    unknown  text;
    minutes  numeric;
BEGIN
    IF settings IS NULL OR jsonb_typeof(settings) <> 'object' THEN
        RAISE EXCEPTION 'a what-if draft must be a JSON object of policy settings, not %', coalesce(jsonb_typeof(settings), 'null')
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'e.g. {"rules": "late (AT-1) = minutes: (0,10] 10 per unit; (10,30] 100"}, the settings set_policy takes.';
    END IF;
    SELECT k INTO unknown FROM jsonb_object_keys(settings) k WHERE NOT k = ANY (replayed) ORDER BY k LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'what_if does not replay the setting "%"', unknown
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'It replays the penalty rules: ' || array_to_string(replayed, ', ') || '.',
                  HINT = 'Leave the other settings out; the versions in force keep theirs.';
    END IF;
    IF NOT settings ?| replayed THEN
        RAISE EXCEPTION 'a what-if draft needs preset, rules or punch_window_minutes'
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'e.g. {"preset": "punchcard_strict"} or {"rules": "late (AT-1) = minutes: (0,10] 10 per unit"}.';
    END IF;
    IF settings ? 'preset' THEN
        preset_name := settings ->> 'preset';
        SELECT r.rulebook INTO preset_book FROM cs_policy.preset_rulebook r
         WHERE r.preset = preset_name AND r.area = 'attendance';
        IF NOT FOUND THEN
            RAISE EXCEPTION 'preset "%" has no attendance rules', preset_name
                USING ERRCODE = 'invalid_parameter_value',
                      HINT = 'SELECT preset FROM cs_policy.preset_rulebook WHERE area = ''attendance'' lists them.';
        END IF;
    END IF;
    own_book := cs_policy.rules_setting(settings);
    IF settings ? 'punch_window_minutes' THEN
        IF jsonb_typeof(settings -> 'punch_window_minutes') <> 'number' THEN
            RAISE EXCEPTION 'settings->''punch_window_minutes'' must be a number, not %', jsonb_typeof(settings -> 'punch_window_minutes')
                USING ERRCODE = 'invalid_parameter_value';
        END IF;
        minutes := (settings -> 'punch_window_minutes')::numeric;
        IF minutes <> trunc(minutes) OR minutes < 1 OR minutes > 720 THEN
            RAISE EXCEPTION 'a punch window of % minutes is out of range', minutes
                USING ERRCODE = 'invalid_parameter_value',
                      HINT = 'Whole minutes from 1 to 720 (the presets: 180).';
        END IF;
        punch_window := make_interval(mins => minutes::integer);
    END IF;
    RETURN NEXT;
END
$$;
COMMENT ON FUNCTION cs_policy.what_if_draft(jsonb) IS
    'Internal: a what-if draft checked (22023 for anything it does not replay) and read: a preset''s attendance rulebook, the draft''s own rules, the punch window';
REVOKE EXECUTE ON FUNCTION cs_policy.what_if_draft(jsonb) FROM PUBLIC;

CREATE FUNCTION cs_policy.what_if(draft jsonb, period date, department text DEFAULT NULL)
RETURNS TABLE (grouped_by text, employee_id bigint, employee_code text, period_label text,
               lines_now integer, lines_draft integer, lines_removed integer, lines_added integer,
               charged_now numeric(12,2), charged_draft numeric(12,2), charged_delta numeric(12,2),
               bonus_now numeric(12,2), bonus_draft numeric(12,2),
               points_now numeric, points_draft numeric,
               flags_now text[], flags_draft text[], differing_lines jsonb)
LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
DECLARE
    d     record;
    root  cs_policy.department;
BEGIN
    IF period IS NULL OR NOT isfinite(period) THEN
        RAISE EXCEPTION 'what_if needs a period: any day in it, not %', coalesce(period::text, 'NULL')
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'e.g. cs_policy.what_if(''{"rules": "..."}'', ''2026-11-01'').';
    END IF;
    SELECT * INTO d FROM cs_policy.what_if_draft(draft);
    IF department IS NOT NULL THEN
        root := cs_policy.department_by_code(department);
    END IF;
    RETURN QUERY
    WITH input AS (
        SELECT i AS now_input,
               cs_policy.attendance_input_with_policies(i, ARRAY(
                   SELECT ROW(p.policy_id, 'draft over ' || p.label, p.valid_from, p.valid_until,
                              CASE WHEN d.own_book IS NULL THEN coalesce(d.preset_book, p.rulebook)
                                   WHEN coalesce(d.preset_book, p.rulebook) IS NULL THEN d.own_book
                                   ELSE cs_policy.rulebook_merge(coalesce(d.preset_book, p.rulebook), d.own_book) END,
                              coalesce(d.punch_window, p.punch_window))::cs_policy.attendance_policy
                     FROM unnest(i.policies) p)) AS draft_input
          FROM cs_policy.attendance_input_in_scope(cs_policy.access_scope(), period, NULL) i
          JOIN cs_policy.employee e ON e.employee_id = i.employee_id
          JOIN cs_policy.department dep ON dep.department_id = e.department_id
         WHERE root.department_id IS NULL OR root.department_id = ANY (dep.path)),
    judged AS (
        SELECT (x.now_input).employee_id, (x.now_input).employee_code, (x.now_input).period_label, 'now' AS rules, l.*
          FROM input x CROSS JOIN LATERAL cs_policy.judge_attendance(x.now_input) l
        UNION ALL
        SELECT (x.now_input).employee_id, (x.now_input).employee_code, (x.now_input).period_label, 'draft', l.*
          FROM input x CROSS JOIN LATERAL cs_policy.judge_attendance(x.draft_input) l),
    -- a line is the same under both when all it charges is (its number and
    -- explanation, which names the rules' label, aside): the k-th of equal
    -- lines under one set of rules meets the k-th under the other
    numbered AS (
        SELECT j.*, row_number() OVER (PARTITION BY j.employee_id, j.rules, j.work_date, j.kind, j.rule_id, j.measure,
                                                    j.outcome, j.amount, j.points, j.flags, j.absence_days
                                       ORDER BY j.line) AS k
          FROM judged j),
    differing AS (
        SELECT n.employee_id,
               jsonb_agg(jsonb_build_object('change', CASE n.rules WHEN 'now' THEN 'removed' ELSE 'added' END,
                                            'work_date', n.work_date, 'kind', n.kind, 'rule_id', n.rule_id,
                                            'measure', n.measure, 'outcome', n.outcome, 'amount', n.amount,
                                            'points', n.points, 'flags', to_jsonb(n.flags), 'explanation', n.explanation)
                         ORDER BY n.work_date NULLS LAST, n.kind, n.rules DESC, n.line) AS lines,
               count(*) FILTER (WHERE n.rules = 'now')::integer AS n_removed,
               count(*) FILTER (WHERE n.rules = 'draft')::integer AS n_added
          FROM numbered n
         WHERE NOT EXISTS (SELECT FROM numbered o
                            WHERE o.employee_id = n.employee_id AND o.rules <> n.rules AND o.k = n.k
                              AND (o.work_date, o.kind, o.rule_id, o.measure, o.outcome, o.amount, o.points, o.flags,
                                   o.absence_days)
                                  IS NOT DISTINCT FROM
                                  (n.work_date, n.kind, n.rule_id, n.measure, n.outcome, n.amount, n.points, n.flags,
                                   n.absence_days))
         GROUP BY n.employee_id),
    per_employee AS (
        SELECT j.employee_id, j.employee_code, j.period_label,
               count(*) FILTER (WHERE j.rules = 'now')::integer AS lines_now,
               count(*) FILTER (WHERE j.rules = 'draft')::integer AS lines_draft,
               -- SEC-2: a sum over an amount withheld from the caller would give it away
               CASE WHEN bool_or(j.from_pay AND j.amount IS NULL) THEN NULL
                    ELSE coalesce(sum(j.amount) FILTER (WHERE j.rules = 'now' AND j.amount > 0), 0) END AS charged_now,
               CASE WHEN bool_or(j.from_pay AND j.amount IS NULL) THEN NULL
                    ELSE coalesce(sum(j.amount) FILTER (WHERE j.rules = 'draft' AND j.amount > 0), 0) END AS charged_draft,
               CASE WHEN bool_or(j.from_pay AND j.amount IS NULL) THEN NULL
                    ELSE coalesce(-sum(j.amount) FILTER (WHERE j.rules = 'now' AND j.amount < 0), 0) END AS bonus_now,
               CASE WHEN bool_or(j.from_pay AND j.amount IS NULL) THEN NULL
                    ELSE coalesce(-sum(j.amount) FILTER (WHERE j.rules = 'draft' AND j.amount < 0), 0) END AS bonus_draft,
               coalesce(sum(j.points) FILTER (WHERE j.rules = 'now'), 0) AS points_now,
               coalesce(sum(j.points) FILTER (WHERE j.rules = 'draft'), 0) AS points_draft,
               coalesce((SELECT array_agg(DISTINCT f ORDER BY f) FROM unnest(string_to_array(
                             string_agg(array_to_string(j.flags, ','), ',') FILTER (WHERE j.rules = 'now'), ',')) f
                          WHERE f <> ''), '{}') AS flags_now,
               coalesce((SELECT array_agg(DISTINCT f ORDER BY f) FROM unnest(string_to_array(
                             string_agg(array_to_string(j.flags, ','), ',') FILTER (WHERE j.rules = 'draft'), ',')) f
                          WHERE f <> ''), '{}') AS flags_draft
          FROM judged j
         GROUP BY j.employee_id, j.employee_code, j.period_label)
    SELECT 'employee', p.employee_id, p.employee_code, p.period_label, p.lines_now, p.lines_draft,
           coalesce(df.n_removed, 0), coalesce(df.n_added, 0),
           p.charged_now::numeric(12,2), p.charged_draft::numeric(12,2), (p.charged_draft - p.charged_now)::numeric(12,2),
           p.bonus_now::numeric(12,2), p.bonus_draft::numeric(12,2), p.points_now, p.points_draft,
           p.flags_now, p.flags_draft, coalesce(df.lines, '[]')
      FROM per_employee p LEFT JOIN differing df ON df.employee_id = p.employee_id
    UNION ALL
    -- the total: NULL where any employee's figure is withheld
    SELECT 'total', NULL, NULL, NULL, sum(p.lines_now)::integer, sum(p.lines_draft)::integer,
           coalesce(sum(df.n_removed), 0)::integer, coalesce(sum(df.n_added), 0)::integer,
           CASE WHEN bool_and(p.charged_now IS NOT NULL) THEN coalesce(sum(p.charged_now), 0) END::numeric(12,2),
           CASE WHEN bool_and(p.charged_draft IS NOT NULL) THEN coalesce(sum(p.charged_draft), 0) END::numeric(12,2),
           CASE WHEN bool_and(p.charged_now IS NOT NULL) THEN coalesce(sum(p.charged_draft - p.charged_now), 0) END::numeric(12,2),
           CASE WHEN bool_and(p.bonus_now IS NOT NULL) THEN coalesce(sum(p.bonus_now), 0) END::numeric(12,2),
           CASE WHEN bool_and(p.bonus_draft IS NOT NULL) THEN coalesce(sum(p.bonus_draft), 0) END::numeric(12,2),
           coalesce(sum(p.points_now), 0), coalesce(sum(p.points_draft), 0), NULL, NULL, NULL
      FROM per_employee p LEFT JOIN differing df ON df.employee_id = p.employee_id
     ORDER BY 1, 11 DESC NULLS LAST, 3;
END
$$;
COMMENT ON FUNCTION cs_policy.what_if(jsonb, date, text) IS
    'AT-15: replays a draft of the attendance rules over the facts of the attendance period containing the date, for every employee of the department''s subtree (NULL: the center) the caller may see, and writes nothing. The draft is policy settings as set_policy takes them: "preset" (that preset''s attendance rules instead of each version''s), "rules" (a rulebook text replacing the same subjects, as a policy''s own rules do) and "punch_window_minutes". One row per employee judged (grouped_by = ''employee''): lines, charges, bonuses, points and flags now and under the draft, and the lines that differ (change removed or added, each with the explanation of the rules that made it); then the total (grouped_by = ''total''). Amounts from wages the caller may not see are withheld (SEC-2), and so are sums over them';
REVOKE EXECUTE ON FUNCTION cs_policy.what_if(jsonb, date, text) FROM PUBLIC;
