-- src/career.sql: career ladders as data, and who is eligible for the next
-- level, criterion by criterion (PR-1, PR-2, PR-4) (no C).

CREATE TABLE cs_policy.career_level (
    ladder   text NOT NULL CHECK (ladder OPERATOR(pg_catalog.~) '^[a-z][a-z0-9_]{0,62}$'),
    position integer NOT NULL CHECK (position BETWEEN 0 AND 99),
    level    text NOT NULL CHECK (level OPERATOR(pg_catalog.~) '^[A-Za-z][A-Za-z0-9_]{0,30}$'),
    pay      numeric(10,2) CHECK (pay OPERATOR(pg_catalog.>) 0),
    note     text NOT NULL,
    PRIMARY KEY (ladder, level),
    UNIQUE (ladder, position)
);
COMMENT ON TABLE cs_policy.career_level IS
    'The levels of each career ladder in order (position 0 is where people start), with the monthly pay of each where the handbook gives it (PR-1, PR-2)';
COMMENT ON COLUMN cs_policy.career_level.ladder IS 'Ladder name (a preset''s name for the shipped ones)';
COMMENT ON COLUMN cs_policy.career_level.position IS 'Order on the ladder, from 0';
COMMENT ON COLUMN cs_policy.career_level.level IS 'Level name, as employee.grade holds it';
COMMENT ON COLUMN cs_policy.career_level.pay IS 'Monthly pay at the level (NULL: the handbook gives none)';
COMMENT ON COLUMN cs_policy.career_level.note IS 'The handbook''s name of the level';

-- What it takes: each criterion of a level, measured as of a date.
CREATE TABLE cs_policy.level_criterion (
    ladder    text NOT NULL,
    level     text NOT NULL,
    purpose   text NOT NULL CHECK (purpose OPERATOR(pg_catalog.=) ANY ('{promote,confirm}')),
    criterion text NOT NULL CHECK (criterion OPERATOR(pg_catalog.=) ANY (
                  '{kpi_average,calls_per_hour,success_rate,review_rank,exam_passed,tenure_months,grade_a_count,grade_a_in_a_row,title_count,no_disciplinary,sales_total,overspend_percent}')),
    param     text,
    required  numeric NOT NULL CHECK (required OPERATOR(pg_catalog.>=) 0),
    months    integer CHECK (months BETWEEN 1 AND 120),
    rule_id   text NOT NULL REFERENCES cs_policy.rule,
    note      text NOT NULL,
    UNIQUE NULLS NOT DISTINCT (ladder, level, purpose, criterion, param),
    FOREIGN KEY (ladder, level) REFERENCES cs_policy.career_level,
    -- the measures over a period say how long it is
    CHECK ((criterion OPERATOR(pg_catalog.=) ANY ('{kpi_average,calls_per_hour,success_rate,review_rank,grade_a_count,grade_a_in_a_row,overspend_percent}'))
           OPERATOR(pg_catalog.=) (months IS NOT NULL)),
    CHECK ((criterion OPERATOR(pg_catalog.=) ANY ('{exam_passed,title_count}')) OPERATOR(pg_catalog.=) (param IS NOT NULL))
);
COMMENT ON TABLE cs_policy.level_criterion IS
    'The criteria to reach each level (purpose promote; confirm: to be made regular at the first level), as data from data/career_criteria.tsv; see README "Career ladders" for how each is measured';
COMMENT ON COLUMN cs_policy.level_criterion.ladder IS 'Ladder';
COMMENT ON COLUMN cs_policy.level_criterion.level IS 'The level it is needed for';
COMMENT ON COLUMN cs_policy.level_criterion.purpose IS 'promote (to reach the level) or confirm (to be made regular at it)';
COMMENT ON COLUMN cs_policy.level_criterion.criterion IS 'What is measured';
COMMENT ON COLUMN cs_policy.level_criterion.param IS 'exam_passed: the exam; title_count: the title';
COMMENT ON COLUMN cs_policy.level_criterion.required IS 'The least needed (review_rank, no_disciplinary, overspend_percent: the most allowed)';
COMMENT ON COLUMN cs_policy.level_criterion.months IS 'The period measured: the complete months before the date';
COMMENT ON COLUMN cs_policy.level_criterion.rule_id IS 'The rule it reproduces';
COMMENT ON COLUMN cs_policy.level_criterion.note IS 'The handbook''s words, and how loose ends are read';

-- The level an employee is at on a ladder: employee.grade, or the first level.
CREATE FUNCTION cs_policy.career_position(ladder text, grade text)
RETURNS integer
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
BEGIN
    RETURN (
        SELECT l.position FROM cs_policy.career_level l
         WHERE l.ladder OPERATOR(pg_catalog.=) career_position.ladder
           AND (l.level OPERATOR(pg_catalog.=) career_position.grade
                OR (career_position.grade IS NULL AND l.position OPERATOR(pg_catalog.=) 0)));
END
$$;
COMMENT ON FUNCTION cs_policy.career_position(text, text) IS
    'Position of a grade on a ladder (no grade: the first level); NULL when the grade is not on the ladder';

-- The ladder a promotion policy names: settings->'ladder', or its preset's.
CREATE FUNCTION cs_policy.ladder_of(settings jsonb, preset text)
RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN coalesce(settings OPERATOR(pg_catalog.->>) 'ladder', preset);
COMMENT ON FUNCTION cs_policy.ladder_of(jsonb, text) IS
    'The career ladder of a promotion policy version: settings->''ladder'', else its preset''s name';

-- Months numbered so that consecutive months differ by 1 (a quarter's
-- first day divided by 3: consecutive quarters).
CREATE FUNCTION cs_policy.month_number(day date)
RETURNS integer
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN (pg_catalog.date_part('year', day) OPERATOR(pg_catalog.*) 12
        OPERATOR(pg_catalog.+) pg_catalog.date_part('month', day) OPERATOR(pg_catalog.-) 1)::integer;
COMMENT ON FUNCTION cs_policy.month_number(date) IS
    'year * 12 + month - 1: consecutive months differ by 1, and divided by 3 so do the first days of consecutive quarters';

-- The longest run of consecutive periods (numbered 1, 2, 3, ...) in a list.
CREATE FUNCTION cs_policy.longest_run(periods integer[])
RETURNS integer
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
BEGIN ATOMIC
    SELECT coalesce(pg_catalog.max(r.n), 0)::integer FROM (
        SELECT pg_catalog.count(*) AS n FROM (
            SELECT p OPERATOR(pg_catalog.-) pg_catalog.row_number() OVER (ORDER BY p) AS island
              FROM (SELECT DISTINCT p FROM pg_catalog.unnest(longest_run.periods) AS p) d) s
         GROUP BY s.island) r;
END;
COMMENT ON FUNCTION cs_policy.longest_run(integer[]) IS 'The longest run of consecutive numbers in a list (3, 4, 5, 9 -> 3)';

-- Every criterion of the next level of every employee whose promotion
-- policy names a ladder, measured as of a date. Periods are the complete
-- months before as_of's month, and an average over a period needs figures
-- for every month of it; quarters count when they lie wholly in the
-- period.
CREATE FUNCTION cs_policy.promotion_check_at(as_of date)
RETURNS TABLE (employee_id bigint, employee_code text, ladder text, current_level text, level_sought text,
               criterion text, param text, required numeric, actual numeric, met boolean, rule_id text,
               period_from date, period_to date, policy_id bigint, note text)
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
BEGIN
    RETURN QUERY
    SELECT e.employee_id, e.code, lad.ladder, cur.level, nxt.level,
           k.criterion, k.param, k.required,
           -- shown to 2 decimals, cut towards failing so that what is shown
           -- agrees with met (14.9967 calls an hour shows as 14.99, not 15.00)
           CASE WHEN k.criterion OPERATOR(pg_catalog.=) ANY ('{review_rank,no_disciplinary,overspend_percent}')
                THEN OPERATOR(pg_catalog.-) pg_catalog.trunc(OPERATOR(pg_catalog.-) m.actual, 2)
                ELSE pg_catalog.trunc(m.actual, 2) END,
           coalesce(CASE WHEN k.criterion OPERATOR(pg_catalog.=) ANY ('{review_rank,no_disciplinary,overspend_percent}')
                         THEN m.actual OPERATOR(pg_catalog.<=) k.required
                         ELSE m.actual OPERATOR(pg_catalog.>=) k.required END, false),
           k.rule_id,
           CASE WHEN k.months IS NOT NULL THEN w.period_from END,
           CASE WHEN k.months IS NOT NULL OR k.criterion OPERATOR(pg_catalog.=) 'sales_total' THEN w.period_to END,
           lad.policy_id, k.note
      FROM cs_policy.employee e
      -- the promotion policy in force that day names the ladder
      JOIN cs_policy.policy_in_force pol
        ON pol.department_id OPERATOR(pg_catalog.=) e.department_id
       AND pol.area OPERATOR(pg_catalog.=) 'promotion'
       AND pol.in_force OPERATOR(pg_catalog.@>) promotion_check_at.as_of
     CROSS JOIN LATERAL (
        SELECT pol.policy_id, cs_policy.ladder_of(pol.settings, pol.preset) AS ladder) lad
      -- the level the agent is at: the grade, or the ladder's first level
      JOIN cs_policy.career_level cur
        ON cur.ladder OPERATOR(pg_catalog.=) lad.ladder
       AND (cur.level OPERATOR(pg_catalog.=) e.grade OR (e.grade IS NULL AND cur.position OPERATOR(pg_catalog.=) 0))
      JOIN cs_policy.career_level nxt
        ON nxt.ladder OPERATOR(pg_catalog.=) lad.ladder AND nxt.position OPERATOR(pg_catalog.=) (cur.position OPERATOR(pg_catalog.+) 1)
      JOIN cs_policy.level_criterion k
        ON k.ladder OPERATOR(pg_catalog.=) nxt.ladder AND k.level OPERATOR(pg_catalog.=) nxt.level
       AND k.purpose OPERATOR(pg_catalog.=) 'promote'
     CROSS JOIN LATERAL (
        SELECT (pg_catalog.date_trunc('month', promotion_check_at.as_of)
                OPERATOR(pg_catalog.-) pg_catalog.make_interval(months => coalesce(k.months, 0)))::date AS period_from,
               pg_catalog.date_trunc('month', promotion_check_at.as_of)::date AS period_to) w
     LEFT JOIN LATERAL (
        -- the period's monthly figures, when there are some for every month of it
        SELECT pg_catalog.avg(p.kpi_score) AS kpi_average,
               pg_catalog.sum(p.calls) OPERATOR(pg_catalog./) NULLIF(pg_catalog.sum(p.logged_hours), 0) AS calls_per_hour,
               100 OPERATOR(pg_catalog.*) pg_catalog.sum(p.successful_calls)
                   OPERATOR(pg_catalog./) NULLIF(pg_catalog.sum(p.calls), 0)::numeric AS success_rate
          FROM cs_policy.performance_month p
         WHERE p.employee_id OPERATOR(pg_catalog.=) e.employee_id
           AND p.month OPERATOR(pg_catalog.>=) w.period_from AND p.month OPERATOR(pg_catalog.<) w.period_to
        HAVING pg_catalog.count(*) OPERATOR(pg_catalog.=) k.months) perf ON true
     CROSS JOIN LATERAL (
        SELECT CASE k.criterion
            WHEN 'kpi_average' THEN perf.kpi_average
            WHEN 'calls_per_hour' THEN perf.calls_per_hour
            WHEN 'success_rate' THEN perf.success_rate
            WHEN 'review_rank' THEN
                -- competition rank of the average review in the department: 1 + those strictly better
                (SELECT 1 OPERATOR(pg_catalog.+) pg_catalog.count(*) FILTER (WHERE o.average OPERATOR(pg_catalog.>) mine.average)
                   FROM (SELECT pg_catalog.avg(p.review_score) AS average FROM cs_policy.performance_month p
                          WHERE p.employee_id OPERATOR(pg_catalog.=) e.employee_id AND p.review_score IS NOT NULL
                            AND p.month OPERATOR(pg_catalog.>=) w.period_from AND p.month OPERATOR(pg_catalog.<) w.period_to
                         HAVING pg_catalog.count(*) OPERATOR(pg_catalog.=) k.months) mine,
                        LATERAL (SELECT pg_catalog.avg(p.review_score) AS average
                                   FROM cs_policy.performance_month p
                                   JOIN cs_policy.employee o ON o.employee_id OPERATOR(pg_catalog.=) p.employee_id
                                  WHERE o.department_id OPERATOR(pg_catalog.=) e.department_id AND o.active
                                    AND p.review_score IS NOT NULL
                                    AND p.month OPERATOR(pg_catalog.>=) w.period_from AND p.month OPERATOR(pg_catalog.<) w.period_to
                                  GROUP BY p.employee_id
                                 HAVING pg_catalog.count(*) OPERATOR(pg_catalog.=) k.months) o
                  -- no rank without a full period of one's own reviews
                  GROUP BY mine.average)
            WHEN 'exam_passed' THEN
                (SELECT pg_catalog.count(*) FROM cs_policy.exam_result x
                  WHERE x.employee_id OPERATOR(pg_catalog.=) e.employee_id AND x.exam::text OPERATOR(pg_catalog.=) k.param
                    AND x.passed AND x.taken_on OPERATOR(pg_catalog.<=) promotion_check_at.as_of)
            WHEN 'tenure_months' THEN
                (SELECT pg_catalog.date_part('year', a) OPERATOR(pg_catalog.*) 12 OPERATOR(pg_catalog.+) pg_catalog.date_part('month', a)
                   FROM pg_catalog.age(promotion_check_at.as_of, e.hired_on) AS a)::numeric
            WHEN 'grade_a_count' THEN
                (SELECT pg_catalog.count(*) FROM cs_policy.quarter_grade g
                  WHERE g.employee_id OPERATOR(pg_catalog.=) e.employee_id AND g.grade OPERATOR(pg_catalog.=) 'A'
                    AND g.quarter OPERATOR(pg_catalog.>=) w.period_from
                    AND g.quarter OPERATOR(pg_catalog.<=) (w.period_to OPERATOR(pg_catalog.-) interval '3 months')::date)
            WHEN 'grade_a_in_a_row' THEN
                -- the longest run of A in consecutive quarters
                cs_policy.longest_run(ARRAY(
                    SELECT cs_policy.month_number(g.quarter) OPERATOR(pg_catalog./) 3
                      FROM cs_policy.quarter_grade g
                     WHERE g.employee_id OPERATOR(pg_catalog.=) e.employee_id AND g.grade OPERATOR(pg_catalog.=) 'A'
                       AND g.quarter OPERATOR(pg_catalog.>=) w.period_from
                       AND g.quarter OPERATOR(pg_catalog.<=) (w.period_to OPERATOR(pg_catalog.-) interval '3 months')::date))
            WHEN 'title_count' THEN
                (SELECT pg_catalog.count(*) FROM cs_policy.employee_title t
                  WHERE t.employee_id OPERATOR(pg_catalog.=) e.employee_id AND t.title OPERATOR(pg_catalog.=) k.param
                    AND t.awarded_on OPERATOR(pg_catalog.<=) promotion_check_at.as_of)
            WHEN 'no_disciplinary' THEN
                (SELECT pg_catalog.count(*) FROM cs_policy.disciplinary_record r
                  WHERE r.employee_id OPERATOR(pg_catalog.=) e.employee_id
                    AND r.recorded_on OPERATOR(pg_catalog.<=) promotion_check_at.as_of)
            WHEN 'sales_total' THEN
                (SELECT coalesce(pg_catalog.sum(s.sales), 0) FROM cs_policy.sales_month s
                  WHERE s.employee_id OPERATOR(pg_catalog.=) e.employee_id AND s.month OPERATOR(pg_catalog.<) w.period_to)
            WHEN 'overspend_percent' THEN
                (SELECT coalesce(pg_catalog.max(100 OPERATOR(pg_catalog.*) (s.spent OPERATOR(pg_catalog.-) s.budget)
                                                OPERATOR(pg_catalog./) s.budget), 0)
                   FROM cs_policy.sales_month s
                  WHERE s.employee_id OPERATOR(pg_catalog.=) e.employee_id AND s.budget OPERATOR(pg_catalog.>) 0
                    AND s.month OPERATOR(pg_catalog.>=) w.period_from AND s.month OPERATOR(pg_catalog.<) w.period_to)
        END AS actual) m
     WHERE e.active AND e.role OPERATOR(pg_catalog.=) 'agent' AND e.hired_on OPERATOR(pg_catalog.<=) promotion_check_at.as_of;
END
$$;
COMMENT ON FUNCTION cs_policy.promotion_check_at(date) IS
    'For every active agent under a promotion policy with a ladder (the ladders are agents''), one row per criterion of the next level: required, actual, met, the period measured and the rule (PR-1, PR-2, PR-4); a filter on employee_id reaches the employee table';

CREATE FUNCTION cs_policy.promotion_check(employee_id bigint, as_of date)
RETURNS TABLE (level_sought text, criterion text, param text, required numeric, actual numeric, met boolean,
               rule_id text, period_from date, period_to date, note text)
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
BEGIN
    RETURN QUERY
        SELECT c.level_sought, c.criterion, c.param, c.required, c.actual, c.met, c.rule_id, c.period_from, c.period_to, c.note
          FROM cs_policy.promotion_check_at(promotion_check.as_of) c
         WHERE c.employee_id OPERATOR(pg_catalog.=) promotion_check.employee_id
         ORDER BY c.criterion, c.param;
END
$$;
COMMENT ON FUNCTION cs_policy.promotion_check(bigint, date) IS
    'One row per criterion of the next level on the employee''s ladder as of a date: level sought, criterion, required, actual, met, rule id, the period measured (PR-1, PR-2: one level at a time); no rows at the top of the ladder or without a promotion policy';

CREATE FUNCTION cs_policy.is_eligible(employee_id bigint, as_of date)
RETURNS boolean
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
BEGIN
    RETURN (
        SELECT coalesce(pg_catalog.bool_and(c.met), false)
          FROM cs_policy.promotion_check_at(is_eligible.as_of) c
         WHERE c.employee_id OPERATOR(pg_catalog.=) is_eligible.employee_id);
END
$$;
COMMENT ON FUNCTION cs_policy.is_eligible(bigint, date) IS
    'True when the employee meets every criterion of the next level as of the date (false at the top of the ladder or without a ladder)';
