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

-- Every demotion rule of every employee's level, measured as of a date:
-- over the rule's months, but not before the level was reached (its last
-- promotion in career_history).
CREATE FUNCTION cs_policy.demotion_check_at(as_of date)
RETURNS TABLE (employee_id bigint, employee_code text, ladder text, current_level text, demoted_to text,
               criterion text, required integer, in_a_row boolean, actual integer, met boolean, rule_id text,
               period_from date, period_to date, policy_id bigint, note text)
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
BEGIN
    RETURN QUERY
    SELECT e.employee_id, e.code, lad.ladder, e.grade, r.to_level, r.criterion, r.required, r.in_a_row,
           m.actual, m.actual OPERATOR(pg_catalog.>=) r.required, r.rule_id, w.period_from, w.period_to, lad.policy_id, r.note
      FROM cs_policy.employee e
      -- the promotion policy in force that day names the ladder
      JOIN cs_policy.policy_in_force pol
        ON pol.department_id OPERATOR(pg_catalog.=) e.department_id
       AND pol.area OPERATOR(pg_catalog.=) 'promotion'
       AND pol.in_force OPERATOR(pg_catalog.@>) demotion_check_at.as_of
     CROSS JOIN LATERAL (
        SELECT pol.policy_id, cs_policy.ladder_of(pol.settings, pol.preset) AS ladder) lad
      JOIN cs_policy.demotion_rule r ON r.ladder OPERATOR(pg_catalog.=) lad.ladder AND r.level OPERATOR(pg_catalog.=) e.grade
     CROSS JOIN LATERAL (
        SELECT greatest((pg_catalog.date_trunc('month', demotion_check_at.as_of)
                         OPERATOR(pg_catalog.-) pg_catalog.make_interval(months => r.months))::date,
                        (SELECT pg_catalog.date_trunc('month', pg_catalog.max(h.changed_at) AT TIME ZONE 'UTC')::date
                           FROM cs_policy.career_history h
                          WHERE h.employee_id OPERATOR(pg_catalog.=) e.employee_id AND h.kind OPERATOR(pg_catalog.=) 'promotion'
                            AND h.to_level OPERATOR(pg_catalog.=) e.grade
                            AND h.changed_at OPERATOR(pg_catalog.<) demotion_check_at.as_of)) AS period_from,
               pg_catalog.date_trunc('month', demotion_check_at.as_of)::date AS period_to) w
     CROSS JOIN LATERAL (
        -- the months or quarters that count, numbered so that consecutive ones differ by 1
        SELECT CASE WHEN r.in_a_row THEN cs_policy.longest_run(x.periods) ELSE pg_catalog.cardinality(x.periods) END AS actual
          FROM (SELECT CASE r.criterion
              WHEN 'reviews_outside_top3' THEN
                  ARRAY(SELECT cs_policy.month_number(p.month)
                          FROM cs_policy.performance_month p
                         WHERE p.employee_id OPERATOR(pg_catalog.=) e.employee_id AND p.review_score IS NOT NULL
                           AND p.month OPERATOR(pg_catalog.>=) w.period_from AND p.month OPERATOR(pg_catalog.<) w.period_to
                           -- outside the top 3: three or more colleagues scored better that month
                           AND (SELECT pg_catalog.count(*) FROM cs_policy.performance_month o
                                  JOIN cs_policy.employee oe ON oe.employee_id OPERATOR(pg_catalog.=) o.employee_id
                                 WHERE oe.department_id OPERATOR(pg_catalog.=) e.department_id
                                   AND o.month OPERATOR(pg_catalog.=) p.month
                                   AND o.review_score OPERATOR(pg_catalog.>) p.review_score) OPERATOR(pg_catalog.>=) 3)
              WHEN 'grade_b_count' THEN
                  ARRAY(SELECT cs_policy.month_number(g.quarter) OPERATOR(pg_catalog./) 3
                          FROM cs_policy.quarter_grade g
                         WHERE g.employee_id OPERATOR(pg_catalog.=) e.employee_id AND g.grade OPERATOR(pg_catalog.=) 'B'
                           AND g.quarter OPERATOR(pg_catalog.>=) w.period_from
                           AND g.quarter OPERATOR(pg_catalog.<=) (w.period_to OPERATOR(pg_catalog.-) interval '3 months')::date)
              WHEN 'grade_below_b_count' THEN
                  ARRAY(SELECT cs_policy.month_number(g.quarter) OPERATOR(pg_catalog./) 3
                          FROM cs_policy.quarter_grade g
                         WHERE g.employee_id OPERATOR(pg_catalog.=) e.employee_id AND g.grade OPERATOR(pg_catalog.<) 'B'
                           AND g.quarter OPERATOR(pg_catalog.>=) w.period_from
                           AND g.quarter OPERATOR(pg_catalog.<=) (w.period_to OPERATOR(pg_catalog.-) interval '3 months')::date)
              WHEN 'failed_monthly_exams' THEN
                  ARRAY(SELECT cs_policy.month_number(x.taken_on)
                          FROM cs_policy.exam_result x
                         WHERE x.employee_id OPERATOR(pg_catalog.=) e.employee_id AND x.exam OPERATOR(pg_catalog.=) 'monthly'
                           AND NOT x.passed
                           AND x.taken_on OPERATOR(pg_catalog.>=) w.period_from AND x.taken_on OPERATOR(pg_catalog.<) w.period_to)
              END AS periods) x) m
     WHERE e.active AND e.hired_on OPERATOR(pg_catalog.<=) demotion_check_at.as_of;
END
$$;
COMMENT ON FUNCTION cs_policy.demotion_check_at(date) IS
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
          FROM cs_policy.demotion_check_at(demotion_check.as_of) c
         WHERE c.employee_id OPERATOR(pg_catalog.=) demotion_check.employee_id
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

-- BI: this quarter's and the last three quarters' candidates, with the
-- criteria met and missing.
CREATE VIEW cs_policy.promotion_candidates WITH (security_invoker = true) AS
SELECT q.quarter,
       c.employee_id,
       c.employee_code,
       c.ladder,
       c.current_level,
       c.level_sought,
       pg_catalog.bool_and(c.met) AS eligible,
       pg_catalog.array_agg(c.criterion OPERATOR(pg_catalog.||) coalesce(' ' OPERATOR(pg_catalog.||) c.param, '')
                            ORDER BY c.criterion, c.param) FILTER (WHERE c.met) AS criteria_met,
       pg_catalog.array_agg(c.criterion OPERATOR(pg_catalog.||) coalesce(' ' OPERATOR(pg_catalog.||) c.param, '')
                            OPERATOR(pg_catalog.||) ': ' OPERATOR(pg_catalog.||) coalesce(c.actual::text, 'no figures')
                            OPERATOR(pg_catalog.||) ' of ' OPERATOR(pg_catalog.||) c.required::text
                            ORDER BY c.criterion, c.param) FILTER (WHERE NOT c.met) AS criteria_missing
  FROM pg_catalog.generate_series(pg_catalog.date_trunc('quarter', CURRENT_DATE) OPERATOR(pg_catalog.-) interval '9 months',
                                  pg_catalog.date_trunc('quarter', CURRENT_DATE), interval '3 months') AS q(quarter)
 CROSS JOIN LATERAL cs_policy.promotion_check_at(q.quarter::date) c
 GROUP BY q.quarter, c.employee_id, c.employee_code, c.ladder, c.current_level, c.level_sought;
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
