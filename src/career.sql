-- src/career.sql: career ladders as data, and who is eligible for the next
-- level, criterion by criterion (PR-1, PR-2, PR-3, PR-4) (no C).

-- Each ladder, and how often its grades are assessed (PR-1: callcenter_2012
-- grades once a quarter, in a grading round HR opens: src/promotion.sql).
CREATE TABLE cs_policy.career_ladder (
    ladder         text PRIMARY KEY CHECK (ladder OPERATOR(pg_catalog.~) '^[a-z][a-z0-9_]{0,62}$'),
    grading_months integer CHECK (grading_months OPERATOR(pg_catalog.=) ANY ('{1,3,6,12}')),
    rule_id        text NOT NULL REFERENCES cs_policy.rule,
    note           text NOT NULL
);
COMMENT ON TABLE cs_policy.career_ladder IS
    'The career ladders (from data/career_ladders.tsv), and how often each is graded: promotion applications on a ladder graded every few months are taken only in a grading round (PR-1)';
COMMENT ON COLUMN cs_policy.career_ladder.ladder IS 'Ladder name (a preset''s name for the shipped ones)';
COMMENT ON COLUMN cs_policy.career_ladder.grading_months IS 'Grades are assessed once in each period of this many months (3: a quarter), in a grading round; NULL: applications at any time';
COMMENT ON COLUMN cs_policy.career_ladder.rule_id IS 'The rule';
COMMENT ON COLUMN cs_policy.career_ladder.note IS 'The handbook''s words, and how loose ends are read';

CREATE TABLE cs_policy.career_level (
    ladder   text NOT NULL REFERENCES cs_policy.career_ladder,
    position integer NOT NULL CHECK (position BETWEEN 0 AND 99),
    level    text NOT NULL CHECK (level OPERATOR(pg_catalog.~) '^[A-Za-z][A-Za-z0-9_]{0,30}$'),
    pay      numeric(10,2) CHECK (pay OPERATOR(pg_catalog.>) 0),
    -- PR-2: who files an application for the level, and who signs it
    filed_by text NOT NULL DEFAULT 'applicant_or_head'
             CHECK (filed_by OPERATOR(pg_catalog.=) ANY ('{applicant_or_head,head,applicant}')),
    chain    text[] CHECK (pg_catalog.cardinality(chain) BETWEEN 1 AND 10
                           AND chain OPERATOR(pg_catalog.<@) '{direct_superior,supervisor,deputy_manager,manager,hr,panel,director}'),
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
COMMENT ON COLUMN cs_policy.career_level.filed_by IS 'Who files an application for the level (PR-2): applicant_or_head, head (the department head recommends: service_ladder_2023 middle and senior) or applicant (the person applies: reserve supervisor)';
COMMENT ON COLUMN cs_policy.career_level.chain IS 'The signatures an application for the level needs, in order, where they differ from approval_chain''s (reserve supervisor: the head''s recommendation, the speech and panel review, the director); NULL: the kind''s';
COMMENT ON COLUMN cs_policy.career_level.note IS 'The handbook''s name of the level';

-- What it takes: each criterion of a level, measured as of a date.
CREATE TABLE cs_policy.level_criterion (
    ladder    text NOT NULL,
    level     text NOT NULL,
    purpose   text NOT NULL CHECK (purpose OPERATOR(pg_catalog.=) ANY ('{promote,confirm}')),
    criterion text NOT NULL CHECK (criterion OPERATOR(pg_catalog.=) ANY (
                  '{kpi_average,calls_per_hour,success_rate,review_rank,exam_passed,tenure_months,tenure_months_at_most,grade_a_count,grade_a_in_a_row,title_count,no_disciplinary,sales_total,overspend_percent,peer_rank}')),
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
COMMENT ON COLUMN cs_policy.level_criterion.required IS 'The least needed (review_rank, peer_rank, no_disciplinary, overspend_percent, tenure_months_at_most: the most allowed)';
COMMENT ON COLUMN cs_policy.level_criterion.months IS 'The period measured: the complete months before the date';
COMMENT ON COLUMN cs_policy.level_criterion.rule_id IS 'The rule it reproduces';
COMMENT ON COLUMN cs_policy.level_criterion.note IS 'The handbook''s words, and how loose ends are read';

-- The level an employee is at on a ladder: employee.grade, or the first level.
-- The criteria whose required value is the most allowed, not the least
-- needed (a rank, a count of disciplinary records, an overspend, months
-- of service as a trainee).
CREATE FUNCTION cs_policy.criterion_is_a_ceiling(criterion text)
RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN criterion OPERATOR(pg_catalog.=) ANY ('{review_rank,peer_rank,no_disciplinary,overspend_percent,tenure_months_at_most}'::text[]);
COMMENT ON FUNCTION cs_policy.criterion_is_a_ceiling(text) IS
    'Whether a criterion''s required value is the most allowed (review_rank, peer_rank, no_disciplinary, overspend_percent, tenure_months_at_most) rather than the least needed';

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
CREATE FUNCTION cs_policy.promotion_check_at(as_of date, only_employee bigint DEFAULT NULL, purpose text DEFAULT 'promote')
RETURNS TABLE (employee_id bigint, employee_code text, ladder text, current_level text, level_sought text,
               criterion text, param text, required numeric, actual numeric, met boolean, rule_id text,
               period_from date, period_to date, policy_id bigint, note text)
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
SET plan_cache_mode = force_custom_plan
AS $$
#variable_conflict use_column
DECLARE
    -- the periods end with the month before as_of's
    period_end date := date_trunc('month', as_of)::date;
    -- for one employee, the ranks need only the colleagues of their department
    only_department bigint := (SELECT e.department_id FROM cs_policy.employee e WHERE e.employee_id = only_employee);
    -- each department's promotion policy that day and the ladder it names,
    -- looked up first: joined in the query, the lookup's estimate (a row or
    -- two) made the planner loop over every figure for every employee
    -- (minutes for 50,000 agents)
    ladder_departments bigint[];
    ladder_policies    bigint[];
    ladder_names       text[];
    -- PR-2: the department ranks of the anonymous ballots of the last
    -- complete quarter (readable_peer_ranking reads what only the auditor may)
    peer_quarter date := (date_trunc('quarter', period_end) - interval '3 months')::date;
    peer_employees bigint[];
    peer_ranks     bigint[];
BEGIN
    IF promotion_check_at.purpose IS NULL OR promotion_check_at.purpose NOT IN ('promote', 'confirm') THEN
        RAISE EXCEPTION 'a check is for promote or confirm, not %', coalesce(promotion_check_at.purpose, 'NULL')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    SELECT array_agg(f.department_id), array_agg(f.policy_id), array_agg(cs_policy.ladder_of(f.settings, f.preset))
      INTO ladder_departments, ladder_policies, ladder_names
      FROM cs_policy.policy_in_force f
     WHERE f.area = 'promotion' AND f.in_force @> as_of;
    -- (only where a ladder in force ranks by it)
    IF EXISTS (SELECT FROM cs_policy.level_criterion c WHERE c.criterion = 'peer_rank' AND c.ladder = ANY (ladder_names)) THEN
        SELECT array_agg(r.employee_id), array_agg(r.peer_rank) INTO peer_employees, peer_ranks
          FROM cs_policy.readable_peer_ranking(peer_quarter) r;
    END IF;
    -- Each table's figures are gathered once, grouped by employee (and, for
    -- figures over a period, by each length of period a criterion of a
    -- ladder in force names for them: at 10,000 agents the review ranks of
    -- a ladder nobody is on cost 0.18 s),
    -- and joined to the employees: Citus runs every grouped subquery on the
    -- shards; only the department ranks of the reviews, which compare
    -- colleagues, are put together on the coordinator.
    RETURN QUERY
    SELECT c.employee_id, c.code, c.ladder, c.current_level, c.level_sought, c.criterion, c.param, c.required,
           -- shown to 2 decimals, cut towards failing so that what is shown
           -- agrees with met (14.9967 calls an hour shows as 14.99, not 15.00)
           CASE WHEN cs_policy.criterion_is_a_ceiling(c.criterion)
                THEN - trunc(- c.actual, 2)
                ELSE trunc(c.actual, 2) END,
           coalesce(CASE WHEN cs_policy.criterion_is_a_ceiling(c.criterion)
                         THEN c.actual <= c.required
                         ELSE c.actual >= c.required END, false),
           c.rule_id,
           CASE WHEN c.months IS NOT NULL THEN (period_end - make_interval(months => c.months))::date
                WHEN c.criterion = 'peer_rank' THEN peer_quarter END,
           CASE WHEN c.months IS NOT NULL OR c.criterion = 'sales_total' THEN period_end
                WHEN c.criterion = 'peer_rank' THEN (peer_quarter + interval '3 months')::date END,
           c.policy_id, c.note
      FROM (
    SELECT e.employee_id, e.code, lad.ladder, cur.level AS current_level, nxt.level AS level_sought,
           k.criterion, k.param, k.required, k.months, k.rule_id, k.note, lad.policy_id,
           CASE k.criterion
            -- (only with figures for every month of the period; tested
            -- here, not in the join, whose estimate it would shrink to a
            -- row or two: the planner then loops over the grades)
            WHEN 'kpi_average' THEN CASE WHEN perf.figures = k.months THEN perf.kpi_average END
            WHEN 'calls_per_hour' THEN CASE WHEN perf.figures = k.months THEN perf.calls_per_hour END
            WHEN 'success_rate' THEN CASE WHEN perf.figures = k.months THEN perf.success_rate END
            WHEN 'review_rank' THEN rk.review_rank
            WHEN 'peer_rank' THEN pr.peer_rank
            WHEN 'exam_passed' THEN coalesce(ex.passed, 0)
            WHEN 'tenure_months' THEN
                (date_part('year', age(as_of, e.hired_on)) * 12 + date_part('month', age(as_of, e.hired_on)))::numeric
            -- every month begun counts: 6 months and a day is 7
            WHEN 'tenure_months_at_most' THEN
                (date_part('year', age(as_of, e.hired_on)) * 12 + date_part('month', age(as_of, e.hired_on))
                 + CASE WHEN date_part('day', age(as_of, e.hired_on)) > 0 THEN 1 ELSE 0 END)::numeric
            WHEN 'grade_a_count' THEN coalesce(qg.grade_a, 0)
            -- the longest run of A in consecutive quarters
            WHEN 'grade_a_in_a_row' THEN cs_policy.longest_run(coalesce(qg.grade_a_quarters, '{}'))
            WHEN 'title_count' THEN coalesce(ti.titles, 0)
            WHEN 'no_disciplinary' THEN coalesce(dr.records, 0)
            WHEN 'sales_total' THEN coalesce(sm.sales_total, 0)
            WHEN 'overspend_percent' THEN coalesce(sm.overspend_percent, 0)
           END AS actual
      FROM cs_policy.employee e
      -- the promotion policy in force that day names the ladder
      JOIN unnest(ladder_departments, ladder_policies, ladder_names) AS lad (department_id, policy_id, ladder)
        ON lad.department_id = e.department_id
      -- the level the agent is at: the grade, or the ladder's first level
      JOIN cs_policy.career_level cur
        ON cur.ladder = lad.ladder AND (cur.level = e.grade OR (e.grade IS NULL AND cur.position = 0))
      -- promote: the next level's criteria; confirm (PR-3): those of being
      -- made regular at the level one is at
      JOIN cs_policy.career_level nxt
        ON nxt.ladder = lad.ladder AND nxt.position = cur.position + CASE promotion_check_at.purpose WHEN 'confirm' THEN 0 ELSE 1 END
      JOIN cs_policy.level_criterion k ON k.ladder = nxt.ladder AND k.level = nxt.level AND k.purpose = promotion_check_at.purpose
      -- the monthly figures over each period, when there are some for every month of it
      LEFT JOIN (SELECT p.employee_id, lb.months, count(*) AS figures,
                        avg(p.kpi_score) AS kpi_average,
                        sum(p.calls) / NULLIF(sum(p.logged_hours), 0) AS calls_per_hour,
                        100 * sum(p.successful_calls) / NULLIF(sum(p.calls), 0)::numeric AS success_rate
                   FROM cs_policy.performance_month p
                   JOIN (SELECT DISTINCT c.months FROM cs_policy.level_criterion c
                          WHERE c.months IS NOT NULL AND c.criterion = ANY ('{kpi_average,calls_per_hour,success_rate}')
                            AND c.ladder = ANY (ladder_names)) lb
                     ON p.month >= (period_end - make_interval(months => lb.months))::date
                  WHERE (only_employee IS NULL OR p.employee_id = only_employee)
                    AND p.month < period_end
                  GROUP BY p.employee_id, lb.months) perf
             ON perf.employee_id = e.employee_id AND perf.months = k.months
      -- the competition rank of the average review in the department (1 +
      -- those strictly better), among colleagues with a full period of
      -- reviews; no rank without one's own full period
      LEFT JOIN (SELECT r.employee_id, r.months,
                        rank() OVER (PARTITION BY re.department_id, r.months ORDER BY r.average DESC) AS review_rank
                   FROM (SELECT p.employee_id, lb.months, avg(p.review_score) AS average, count(*) AS reviews
                           FROM cs_policy.performance_month p
                           JOIN (SELECT DISTINCT c.months FROM cs_policy.level_criterion c
                                  WHERE c.criterion = 'review_rank' AND c.months IS NOT NULL AND c.ladder = ANY (ladder_names)) lb
                             ON p.month >= (period_end - make_interval(months => lb.months))::date
                          WHERE p.review_score IS NOT NULL AND p.month < period_end
                          GROUP BY p.employee_id, lb.months) r
                   JOIN cs_policy.employee re ON re.employee_id = r.employee_id
                  WHERE re.active AND r.reviews = r.months
                    AND (only_employee IS NULL OR re.department_id = only_department)) rk
             ON rk.employee_id = e.employee_id AND rk.months = k.months
      LEFT JOIN unnest(coalesce(peer_employees, '{}'), coalesce(peer_ranks, '{}')) AS pr (employee_id, peer_rank)
             ON pr.employee_id = e.employee_id
      LEFT JOIN (SELECT x.employee_id, x.exam::text AS exam, count(*) AS passed
                   FROM cs_policy.exam_result x
                  WHERE (only_employee IS NULL OR x.employee_id = only_employee)
                    AND x.passed AND x.taken_on <= as_of
                  GROUP BY x.employee_id, x.exam) ex
             ON ex.employee_id = e.employee_id AND ex.exam = k.param
      -- the quarters graded A that lie wholly in each period
      LEFT JOIN (SELECT g.employee_id, lb.months, count(*) AS grade_a,
                        array_agg(cs_policy.month_number(g.quarter) / 3) AS grade_a_quarters
                   FROM cs_policy.quarter_grade g
                   JOIN (SELECT DISTINCT c.months FROM cs_policy.level_criterion c
                          WHERE c.months IS NOT NULL AND c.criterion = ANY ('{grade_a_count,grade_a_in_a_row}')
                            AND c.ladder = ANY (ladder_names)) lb
                     ON g.quarter >= (period_end - make_interval(months => lb.months))::date
                  WHERE (only_employee IS NULL OR g.employee_id = only_employee)
                    AND g.grade = 'A' AND g.quarter <= (period_end - interval '3 months')::date
                  GROUP BY g.employee_id, lb.months) qg
             ON qg.employee_id = e.employee_id AND qg.months = k.months
      LEFT JOIN (SELECT t.employee_id, t.title, count(*) AS titles
                   FROM cs_policy.employee_title t
                  WHERE (only_employee IS NULL OR t.employee_id = only_employee) AND t.awarded_on <= as_of
                  GROUP BY t.employee_id, t.title) ti
             ON ti.employee_id = e.employee_id AND ti.title = k.param
      LEFT JOIN (SELECT r.employee_id, count(*) AS records
                   FROM cs_policy.disciplinary_record r
                  WHERE (only_employee IS NULL OR r.employee_id = only_employee) AND r.recorded_on <= as_of
                  GROUP BY r.employee_id) dr
             ON dr.employee_id = e.employee_id
      LEFT JOIN (SELECT s.employee_id, lb.months,
                        sum(s.sales) AS sales_total,
                        max(100 * (s.spent - s.budget) / s.budget)
                            FILTER (WHERE s.budget > 0 AND s.month >= (period_end - make_interval(months => lb.months))::date)
                            AS overspend_percent
                   FROM cs_policy.sales_month s
                  CROSS JOIN (SELECT DISTINCT coalesce(c.months, 0) AS months FROM cs_policy.level_criterion c
                               WHERE c.criterion = ANY ('{sales_total,overspend_percent}') AND c.ladder = ANY (ladder_names)) lb
                  WHERE (only_employee IS NULL OR s.employee_id = only_employee) AND s.month < period_end
                  GROUP BY s.employee_id, lb.months) sm
             ON sm.employee_id = e.employee_id AND sm.months = coalesce(k.months, 0)
     WHERE (only_employee IS NULL OR e.employee_id = only_employee)
       AND e.active AND e.role = 'agent' AND e.hired_on <= as_of) c;
END
$$;
COMMENT ON FUNCTION cs_policy.promotion_check_at(date, bigint, text) IS
    'For every active agent under a promotion policy with a ladder (the ladders are agents''), or only one, one row per criterion of the next level (purpose promote) or of being made regular at the present level (confirm, PR-3): required, actual, met, the period measured and the rule (PR-1, PR-2, PR-3, PR-4)';

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
          FROM cs_policy.promotion_check_at(promotion_check.as_of, promotion_check.employee_id) c
         ORDER BY c.criterion, c.param;
END
$$;
COMMENT ON FUNCTION cs_policy.promotion_check(bigint, date) IS
    'One row per criterion of the next level on the employee''s ladder as of a date: level sought, criterion, required, actual, met, rule id, the period measured (PR-1, PR-2: one level at a time); no rows at the top of the ladder or without a promotion policy';

-- PR-3: what being made regular at one's level takes (callcenter_2012's
-- trainee: the onboarding exam, 75 / 11 / 52 %, and 3 to 6 months, PR-1).
CREATE FUNCTION cs_policy.confirmation_check(employee_id bigint, as_of date)
RETURNS TABLE (level text, criterion text, param text, required numeric, actual numeric, met boolean,
               rule_id text, period_from date, period_to date, note text)
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
BEGIN
    RETURN QUERY
        SELECT c.level_sought, c.criterion, c.param, c.required, c.actual, c.met, c.rule_id, c.period_from, c.period_to, c.note
          FROM cs_policy.promotion_check_at(confirmation_check.as_of, confirmation_check.employee_id, 'confirm') c
         ORDER BY c.criterion, c.param;
END
$$;
COMMENT ON FUNCTION cs_policy.confirmation_check(bigint, date) IS
    'PR-3: one row per criterion of being made regular at the employee''s present level as of a date (level, criterion, required, actual, met, rule id, the period measured); no rows where the ladder states none';

CREATE FUNCTION cs_policy.is_eligible(employee_id bigint, as_of date)
RETURNS boolean
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
BEGIN
    RETURN (
        SELECT coalesce(pg_catalog.bool_and(c.met), false)
          FROM cs_policy.promotion_check_at(is_eligible.as_of, is_eligible.employee_id) c);
END
$$;
COMMENT ON FUNCTION cs_policy.is_eligible(bigint, date) IS
    'True when the employee meets every criterion of the next level as of the date (false at the top of the ladder or without a ladder)';
