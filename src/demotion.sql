-- src/demotion.sql: when a level is lost (PR-2, service_ladder_2023), as
-- data, and who is at risk (no C).

CREATE TABLE cs_policy.demotion_rule (
    ladder    text NOT NULL,
    level     text NOT NULL,
    to_level  text,
    criterion text NOT NULL CHECK (criterion OPERATOR(pg_catalog.=) ANY (
                  '{reviews_outside_top3,grade_b_count,grade_below_b_count,failed_monthly_exams}')),
    required  integer NOT NULL CHECK (required OPERATOR(pg_catalog.>=) 1),
    months    integer NOT NULL CHECK (months BETWEEN 1 AND 120),
    in_a_row  boolean NOT NULL,
    rule_id   text NOT NULL REFERENCES cs_policy.rule,
    note      text NOT NULL,
    PRIMARY KEY (ladder, level, criterion),
    FOREIGN KEY (ladder, level) REFERENCES cs_policy.career_level,
    FOREIGN KEY (ladder, to_level) REFERENCES cs_policy.career_level
);
COMMENT ON TABLE cs_policy.demotion_rule IS
    'When a level is lost (PR-2): any one rule that holds sends the employee to to_level (NULL: a dismissal review); counted over the last months complete months, from the day the level was reached on';
COMMENT ON COLUMN cs_policy.demotion_rule.ladder IS 'Ladder';
COMMENT ON COLUMN cs_policy.demotion_rule.level IS 'The level that may be lost';
COMMENT ON COLUMN cs_policy.demotion_rule.to_level IS 'Where it leads (NULL: a dismissal review)';
COMMENT ON COLUMN cs_policy.demotion_rule.criterion IS 'reviews_outside_top3 (monthly review ranked below 3rd in the department), grade_b_count, grade_below_b_count (quarterly grades), failed_monthly_exams';
COMMENT ON COLUMN cs_policy.demotion_rule.required IS 'How many it takes';
COMMENT ON COLUMN cs_policy.demotion_rule.months IS 'The period counted: the complete months before the date';
COMMENT ON COLUMN cs_policy.demotion_rule.in_a_row IS 'They must come in a row (consecutive months or quarters)';
COMMENT ON COLUMN cs_policy.demotion_rule.rule_id IS 'The rule';
COMMENT ON COLUMN cs_policy.demotion_rule.note IS 'The handbook''s words, and how loose ends are read';

-- How many of the months (numbered by month_number) from first_month on
-- count: each one, or the longest run of consecutive ones (in_a_row), of
-- months or of quarters (per_quarter: numbers of quarters' first months).
CREATE FUNCTION cs_policy.months_counted(months integer[], first_month integer, per_quarter boolean, in_a_row boolean)
RETURNS integer
LANGUAGE sql IMMUTABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT CASE WHEN months_counted.in_a_row THEN cs_policy.longest_run(coalesce(pg_catalog.array_agg(n.period), '{}'))
                ELSE pg_catalog.count(n.period)::integer END
      FROM (SELECT CASE WHEN months_counted.per_quarter THEN m OPERATOR(pg_catalog./) 3 ELSE m END AS period
              FROM pg_catalog.unnest(months_counted.months) AS m
             WHERE m OPERATOR(pg_catalog.>=) months_counted.first_month) n;
END;
COMMENT ON FUNCTION cs_policy.months_counted(integer[], integer, boolean, boolean) IS
    'How many of the months (month_number) from first_month on count: their number, or the longest run of consecutive months, or of quarters with per_quarter (PR-2)';

-- Every demotion rule of every employee's level, measured as of a date:
-- over the rule's months, but not before the level was reached (its last
-- promotion in career_history).
CREATE FUNCTION cs_policy.demotion_check_at(as_of date, only_employee bigint DEFAULT NULL)
RETURNS TABLE (employee_id bigint, employee_code text, ladder text, current_level text, demoted_to text,
               criterion text, required integer, in_a_row boolean, actual integer, met boolean, rule_id text,
               period_from date, period_to date, policy_id bigint, note text)
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
SET plan_cache_mode = force_custom_plan
AS $$
#variable_conflict use_column
DECLARE
    period_end date := date_trunc('month', as_of)::date;
    -- the longest period a rule counts over (demotion_rule.months <= 120)
    earliest   date := (date_trunc('month', as_of) - interval '120 months')::date;
    -- for one employee, the ranks need only the colleagues of their department
    only_department bigint := (SELECT e.department_id FROM cs_policy.employee e WHERE e.employee_id = only_employee);
BEGIN
    -- Each table's events of the last 120 months are gathered once per
    -- employee as month numbers (grouped by employee: Citus runs it on the
    -- shards), and each rule counts those of its own period
    -- (months_counted); the monthly review ranks compare colleagues and are
    -- put together on the coordinator.
    RETURN QUERY
    SELECT y.employee_id, y.code, y.ladder, y.grade, y.to_level, y.criterion, y.required, y.in_a_row,
           y.actual, y.actual >= y.required, y.rule_id, y.period_from, period_end, y.policy_id, y.note
      FROM (
      SELECT x.*,
             cs_policy.months_counted(x.months, cs_policy.month_number(x.period_from),
                                      x.criterion IN ('grade_b_count', 'grade_below_b_count'), x.in_a_row) AS actual
        FROM (
        SELECT e.employee_id, e.code, lad.ladder, e.grade, r.to_level, r.criterion, r.required, r.in_a_row,
               r.rule_id, r.note, lad.policy_id,
               greatest((period_end - make_interval(months => r.months))::date, lp.reached) AS period_from,
               CASE r.criterion
                   WHEN 'reviews_outside_top3' THEN rv.outside_top3
                   WHEN 'grade_b_count' THEN qg.grade_b
                   WHEN 'grade_below_b_count' THEN qg.grade_below_b
                   WHEN 'failed_monthly_exams' THEN ex.failed
               END AS months
          FROM cs_policy.employee e
          JOIN (SELECT f.department_id, f.policy_id, cs_policy.ladder_of(f.settings, f.preset) AS ladder
                  FROM cs_policy.policy_in_force f
                 WHERE f.area = 'promotion' AND f.in_force @> as_of) lad
            ON lad.department_id = e.department_id
          JOIN cs_policy.demotion_rule r ON r.ladder = lad.ladder AND r.level = e.grade
          -- when the level was reached: its last promotion to it before as_of
          LEFT JOIN (SELECT h.employee_id, h.to_level,
                            date_trunc('month', max(h.changed_at) AT TIME ZONE 'UTC')::date AS reached
                       FROM cs_policy.career_history h
                      WHERE (only_employee IS NULL OR h.employee_id = only_employee)
                        AND h.kind = 'promotion' AND h.changed_at < as_of
                      GROUP BY h.employee_id, h.to_level) lp
            ON lp.employee_id = e.employee_id AND lp.to_level = e.grade
          -- the months whose review ranked outside the department's top 3:
          -- three or more colleagues scored better that month
          LEFT JOIN (SELECT o.employee_id, array_agg(cs_policy.month_number(o.month)) AS outside_top3
                       FROM (SELECT p.employee_id, p.month,
                                    rank() OVER (PARTITION BY pe.department_id, p.month ORDER BY p.review_score DESC) AS place
                               FROM cs_policy.performance_month p
                               JOIN cs_policy.employee pe ON pe.employee_id = p.employee_id
                              WHERE p.review_score IS NOT NULL AND p.month >= earliest AND p.month < period_end
                                AND (only_employee IS NULL OR pe.department_id = only_department)) o
                      WHERE o.place > 3
                      GROUP BY o.employee_id) rv
            ON rv.employee_id = e.employee_id
          LEFT JOIN (SELECT g.employee_id,
                            array_agg(cs_policy.month_number(g.quarter)) FILTER (WHERE g.grade = 'B') AS grade_b,
                            array_agg(cs_policy.month_number(g.quarter)) FILTER (WHERE g.grade < 'B') AS grade_below_b
                       FROM cs_policy.quarter_grade g
                      WHERE (only_employee IS NULL OR g.employee_id = only_employee)
                        AND g.quarter >= earliest AND g.quarter <= (period_end - interval '3 months')::date
                      GROUP BY g.employee_id) qg
            ON qg.employee_id = e.employee_id
          LEFT JOIN (SELECT t.employee_id, array_agg(cs_policy.month_number(t.taken_on)) AS failed
                       FROM cs_policy.exam_result t
                      WHERE (only_employee IS NULL OR t.employee_id = only_employee)
                        AND t.exam = 'monthly' AND NOT t.passed AND t.taken_on >= earliest AND t.taken_on < period_end
                      GROUP BY t.employee_id) ex
            ON ex.employee_id = e.employee_id
         WHERE (only_employee IS NULL OR e.employee_id = only_employee)
           AND e.active AND e.hired_on <= as_of) x) y;
END
$$;
COMMENT ON FUNCTION cs_policy.demotion_check_at(date, bigint) IS
    'For every active employee whose level has demotion rules, one row per rule: how many it takes, how many there are (the longest run where they must come in a row), whether it holds, the period counted (PR-2)';

CREATE FUNCTION cs_policy.demotion_check(employee_id bigint, as_of date)
RETURNS TABLE (current_level text, demoted_to text, criterion text, required integer, in_a_row boolean, actual integer,
               met boolean, rule_id text, period_from date, period_to date, note text)
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
BEGIN
    RETURN QUERY
        SELECT c.current_level, c.demoted_to, c.criterion, c.required, c.in_a_row, c.actual, c.met, c.rule_id,
               c.period_from, c.period_to, c.note
          FROM cs_policy.demotion_check_at(demotion_check.as_of, demotion_check.employee_id) c
         ORDER BY c.criterion;
END
$$;
COMMENT ON FUNCTION cs_policy.demotion_check(bigint, date) IS
    'One row per demotion rule of the employee''s level as of a date: where it leads, how many it takes, how many there are, whether it holds (PR-2); any rule that holds is enough';

CREATE VIEW cs_policy.demotion_watch WITH (security_invoker = true) AS
SELECT c.employee_id, c.employee_code, c.ladder, c.current_level, c.demoted_to, c.criterion, c.required, c.actual,
       c.met AS demotion_due, c.rule_id, c.note
  FROM cs_policy.demotion_check_at(CURRENT_DATE) c
 WHERE c.actual OPERATOR(pg_catalog.>) 0;
COMMENT ON VIEW cs_policy.demotion_watch IS
    'Who is at risk of losing a level today: every demotion rule with at least one count against the employee, and whether it already holds (PR-2)';
COMMENT ON COLUMN cs_policy.demotion_watch.employee_id IS 'The employee';
COMMENT ON COLUMN cs_policy.demotion_watch.employee_code IS 'Staff number';
COMMENT ON COLUMN cs_policy.demotion_watch.ladder IS 'Ladder';
COMMENT ON COLUMN cs_policy.demotion_watch.current_level IS 'Level now';
COMMENT ON COLUMN cs_policy.demotion_watch.demoted_to IS 'Where the rule leads (NULL: a dismissal review)';
COMMENT ON COLUMN cs_policy.demotion_watch.criterion IS 'The rule';
COMMENT ON COLUMN cs_policy.demotion_watch.required IS 'How many it takes';
COMMENT ON COLUMN cs_policy.demotion_watch.actual IS 'How many there are';
COMMENT ON COLUMN cs_policy.demotion_watch.demotion_due IS 'The rule holds: the demotion is due';
COMMENT ON COLUMN cs_policy.demotion_watch.rule_id IS 'PR-2';
COMMENT ON COLUMN cs_policy.demotion_watch.note IS 'The handbook''s words';

-- A grading day's candidates, one row per employee and next level, with
-- the criteria met and missing: what promotion_candidates shows for four
-- quarters and a quarter's close stores.
CREATE FUNCTION cs_policy.promotion_candidates_at(grading_day date)
RETURNS TABLE (employee_id bigint, employee_code text, ladder text, current_level text, level_sought text,
               eligible boolean, criteria_met text[], criteria_missing text[])
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
SELECT c.employee_id, c.employee_code, c.ladder, c.current_level, c.level_sought,
       bool_and(c.met),
       array_agg(c.criterion || coalesce(' ' || c.param, '') ORDER BY c.criterion, c.param) FILTER (WHERE c.met),
       array_agg(c.criterion || coalesce(' ' || c.param, '') || ': ' || coalesce(c.actual::text, 'no figures')
                 || ' of ' || c.required::text ORDER BY c.criterion, c.param) FILTER (WHERE NOT c.met)
  FROM cs_policy.promotion_check_at(grading_day) c
 GROUP BY c.employee_id, c.employee_code, c.ladder, c.current_level, c.level_sought;
END;
COMMENT ON FUNCTION cs_policy.promotion_candidates_at(date) IS
    'PR-1, PR-2, PR-4: on a grading day, each employee''s next level with the criteria met and missing (the figure and what it takes) and whether all are met';

-- BI: this quarter's and the last three quarters' candidates.
CREATE VIEW cs_policy.promotion_candidates WITH (security_invoker = true) AS
SELECT q.quarter, c.employee_id, c.employee_code, c.ladder, c.current_level, c.level_sought, c.eligible,
       c.criteria_met, c.criteria_missing
  FROM pg_catalog.generate_series(pg_catalog.date_trunc('quarter', CURRENT_DATE) OPERATOR(pg_catalog.-) interval '9 months',
                                  pg_catalog.date_trunc('quarter', CURRENT_DATE), interval '3 months') AS q(quarter)
 CROSS JOIN LATERAL cs_policy.promotion_candidates_at(q.quarter::date) c;
COMMENT ON VIEW cs_policy.promotion_candidates IS
    'Per quarter (grading day: its first day; this quarter and the three before) and employee: the level sought with the criteria met and missing, and whether all are met (PR-1, PR-2, PR-4). Levels are those of today';
COMMENT ON COLUMN cs_policy.promotion_candidates.quarter IS 'Grading day: the first day of the quarter';
COMMENT ON COLUMN cs_policy.promotion_candidates.employee_id IS 'The employee';
COMMENT ON COLUMN cs_policy.promotion_candidates.employee_code IS 'Staff number';
COMMENT ON COLUMN cs_policy.promotion_candidates.ladder IS 'Ladder';
COMMENT ON COLUMN cs_policy.promotion_candidates.current_level IS 'Level now';
COMMENT ON COLUMN cs_policy.promotion_candidates.level_sought IS 'The next level';
COMMENT ON COLUMN cs_policy.promotion_candidates.eligible IS 'Every criterion met';
COMMENT ON COLUMN cs_policy.promotion_candidates.criteria_met IS 'The criteria met';
COMMENT ON COLUMN cs_policy.promotion_candidates.criteria_missing IS 'The criteria not met, with the figure and what it takes';
