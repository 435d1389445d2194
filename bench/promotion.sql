-- bench/promotion.sql: a quarter's promotion check and demotion watch for
-- :agents agents, through cs_policy (promotion_check_at, demotion_check_at:
-- what a quarter's close stores) and through plain SQL that measures the
-- same criteria the way one writes them without cs_policy (a correlated
-- subquery per criterion and employee), timed in the same run, best of 3,
-- the results checked equal.
--
-- The center: the demo center's agents, the hotline and the repair desk on
-- callcenter_2012's grades (KPI, calls an hour, success rate, exams), the
-- e-commerce desk moved to service_ladder_2023 (review ranks, quarterly A
-- grades, the anonymous peer ranking, titles, tenure; and its demotion
-- rules: failed monthly exams, reviews outside the top 3, B grades).
\set ON_ERROR_STOP on
SET client_min_messages = warning;
\set month '''2025-12-01'''
\set grading_day '''2026-01-01'''

SELECT cs_policy.demo_center(agents => :agents, month => :month, with_roster => false) IS NOT NULL AS center;
-- the e-commerce desk on service_ladder_2023, its agents spread over its levels
SELECT cs_policy.set_policy('e-commerce ladder', 'promotion', 'service_ladder_2023', 'ECOM', '2025-01-01') > 0 AS ladder;
CREATE TEMP TABLE ecom AS
SELECT e.employee_id, e.department_id, e.code, row_number() OVER (ORDER BY e.code) AS k
  FROM cs_policy.employee e JOIN cs_policy.department d ON d.department_id = e.department_id
 WHERE e.role = 'agent' AND d.path[2] = (SELECT department_id FROM cs_policy.department WHERE code = 'ECOM');
UPDATE cs_policy.employee e SET grade = (ARRAY['probation', 'junior', 'middle', 'senior'])[1 + x.k % 4]
  FROM ecom x WHERE x.employee_id = e.employee_id;
SELECT min(employee_id) AS boss FROM cs_policy.employee WHERE role = 'manager' \gset
-- monthly exams, one in five failed; the level reached by a promotion in
-- the spring for half of them; titles and disciplinary records for some
INSERT INTO cs_policy.exam_result (employee_id, exam, taken_on, score, passed, recorded_by)
SELECT x.employee_id, 'monthly', m::date + 20, 70, (x.k * 7 + extract(month FROM m)::integer) % 5 <> 0, :boss
  FROM ecom x, generate_series('2025-01-01'::date, '2025-12-01', interval '1 month') AS m;
INSERT INTO cs_policy.exam_result (employee_id, exam, taken_on, score, passed, recorded_by)
SELECT x.employee_id, 'probation', '2025-03-10', 80, x.k % 3 <> 0, :boss FROM ecom x WHERE x.k % 4 = 0;
INSERT INTO cs_policy.career_history (employee_id, changed_at, kind, from_level, to_level, signed_by, note)
SELECT x.employee_id, '2025-04-01 09:00+08', 'promotion', 'junior', e.grade, :boss, 'bench'
  FROM ecom x JOIN cs_policy.employee e USING (employee_id) WHERE x.k % 2 = 0 AND e.grade IN ('middle', 'senior');
INSERT INTO cs_policy.employee_title (employee_id, title, awarded_on, recorded_by)
SELECT x.employee_id, 'excellent agent', '2025-06-30', :boss FROM ecom x WHERE x.k % 3 = 1;
INSERT INTO cs_policy.disciplinary_record (employee_id, recorded_on, note, recorded_by)
SELECT x.employee_id, '2025-08-15', 'bench', :boss FROM ecom x WHERE x.k % 11 = 0;
-- the last complete quarter's anonymous ballots: every agent of a team
-- ranks three colleagues of it
INSERT INTO cs_policy.peer_ballot (department_id, quarter, ranking)
SELECT x.department_id, '2025-10-01',
       ARRAY(SELECT y.employee_id FROM ecom y WHERE y.department_id = x.department_id AND y.employee_id <> x.employee_id
              ORDER BY (y.k * 31 + x.k * 17) % 97, y.k LIMIT 3)
  FROM ecom x;
ANALYZE;

CREATE TEMP TABLE bench_time (step text, implementation text, run integer, seconds double precision, rows bigint);
CREATE FUNCTION pg_temp.timed(step text, implementation text, query text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    start timestamptz;
    n     bigint;
BEGIN
    FOR run IN 1..3 LOOP
        start := clock_timestamp();
        EXECUTE query INTO n;
        INSERT INTO bench_time VALUES (step, implementation, run, extract(epoch FROM clock_timestamp() - start), n);
    END LOOP;
END
$$;

-- The plain-SQL promotion check: every criterion of the next level of
-- every agent whose promotion policy names a ladder, each measured by a
-- subquery of its own, as cs_policy defines it (periods of complete months
-- before the grading day's month; an average needs figures for every
-- month; quarters count when they lie wholly in the period; a rank is the
-- competition rank among the department's colleagues with a full period).
CREATE FUNCTION pg_temp.plain_promotion(grading_day date)
RETURNS TABLE (employee_id bigint, level_sought text, criterion text, param text, actual numeric, met boolean)
LANGUAGE sql STABLE AS $$
WITH lad AS (
    SELECT f.department_id, cs_policy.ladder_of(f.settings, f.preset) AS ladder
      FROM cs_policy.policy_in_force f WHERE f.area = 'promotion' AND f.in_force @> grading_day
), cand AS (
    SELECT e.employee_id, e.department_id, e.hired_on, nxt.ladder, nxt.level AS level_sought
      FROM cs_policy.employee e
      JOIN lad ON lad.department_id = e.department_id
      JOIN cs_policy.career_level cur ON cur.ladder = lad.ladder AND (cur.level = e.grade OR (e.grade IS NULL AND cur.position = 0))
      JOIN cs_policy.career_level nxt ON nxt.ladder = lad.ladder AND nxt.position = cur.position + 1
     WHERE e.active AND e.role = 'agent' AND e.hired_on <= grading_day
), measured AS (
    SELECT c.employee_id, c.level_sought, k.criterion, k.param, k.required,
           CASE k.criterion
           WHEN 'kpi_average' THEN
               (SELECT CASE WHEN count(*) = k.months THEN avg(p.kpi_score) END FROM cs_policy.performance_month p
                 WHERE p.employee_id = c.employee_id AND p.month < date_trunc('month', grading_day)
                   AND p.month >= date_trunc('month', grading_day) - make_interval(months => k.months))
           WHEN 'calls_per_hour' THEN
               (SELECT CASE WHEN count(*) = k.months THEN sum(p.calls) / NULLIF(sum(p.logged_hours), 0) END
                  FROM cs_policy.performance_month p
                 WHERE p.employee_id = c.employee_id AND p.month < date_trunc('month', grading_day)
                   AND p.month >= date_trunc('month', grading_day) - make_interval(months => k.months))
           WHEN 'success_rate' THEN
               (SELECT CASE WHEN count(*) = k.months THEN 100 * sum(p.successful_calls) / NULLIF(sum(p.calls), 0)::numeric END
                  FROM cs_policy.performance_month p
                 WHERE p.employee_id = c.employee_id AND p.month < date_trunc('month', grading_day)
                   AND p.month >= date_trunc('month', grading_day) - make_interval(months => k.months))
           WHEN 'review_rank' THEN
               (SELECT CASE WHEN mine.reviews = k.months THEN
                           1 + (SELECT count(*) FROM cs_policy.employee o
                                 WHERE o.department_id = c.department_id AND o.active
                                   AND (SELECT count(*) FROM cs_policy.performance_month q
                                         WHERE q.employee_id = o.employee_id AND q.review_score IS NOT NULL
                                           AND q.month < date_trunc('month', grading_day)
                                           AND q.month >= date_trunc('month', grading_day) - make_interval(months => k.months)) = k.months
                                   AND (SELECT avg(q.review_score) FROM cs_policy.performance_month q
                                         WHERE q.employee_id = o.employee_id AND q.review_score IS NOT NULL
                                           AND q.month < date_trunc('month', grading_day)
                                           AND q.month >= date_trunc('month', grading_day) - make_interval(months => k.months))
                                       > mine.average) END
                  FROM (SELECT count(*) AS reviews, avg(p.review_score) AS average FROM cs_policy.performance_month p
                         WHERE p.employee_id = c.employee_id AND p.review_score IS NOT NULL
                           AND p.month < date_trunc('month', grading_day)
                           AND p.month >= date_trunc('month', grading_day) - make_interval(months => k.months)) mine
                 WHERE EXISTS (SELECT FROM cs_policy.employee me WHERE me.employee_id = c.employee_id AND me.active))
           WHEN 'peer_rank' THEN
               -- 3, 2 and 1 points a ballot of the last complete quarter; 1 + the colleagues with more
               (SELECT 1 + (SELECT count(*) FROM (
                               SELECT r.employee_id, sum(4 - r.place) AS points
                                 FROM cs_policy.peer_ballot b CROSS JOIN LATERAL unnest(b.ranking) WITH ORDINALITY AS r(employee_id, place)
                                WHERE b.department_id = mine.department_id AND b.quarter = mine.quarter
                                GROUP BY r.employee_id) o WHERE o.points > mine.points)
                  FROM (SELECT b.department_id, b.quarter, sum(4 - r.place) AS points
                          FROM cs_policy.peer_ballot b CROSS JOIN LATERAL unnest(b.ranking) WITH ORDINALITY AS r(employee_id, place)
                         WHERE r.employee_id = c.employee_id
                           AND b.quarter = (date_trunc('quarter', grading_day) - interval '3 months')::date
                         GROUP BY b.department_id, b.quarter) mine)
           WHEN 'exam_passed' THEN
               (SELECT count(*) FROM cs_policy.exam_result x
                 WHERE x.employee_id = c.employee_id AND x.exam::text = k.param AND x.passed AND x.taken_on <= grading_day)
           WHEN 'tenure_months' THEN
               (date_part('year', age(grading_day, c.hired_on)) * 12 + date_part('month', age(grading_day, c.hired_on)))::numeric
           WHEN 'grade_a_count' THEN
               (SELECT count(*) FROM cs_policy.quarter_grade g
                 WHERE g.employee_id = c.employee_id AND g.grade = 'A'
                   AND g.quarter >= date_trunc('month', grading_day) - make_interval(months => k.months)
                   AND g.quarter <= date_trunc('month', grading_day) - interval '3 months')
           WHEN 'grade_a_in_a_row' THEN
               (SELECT coalesce(max(n), 0) FROM (
                    SELECT count(*) AS n FROM (
                        SELECT q - row_number() OVER (ORDER BY q) AS island
                          FROM (SELECT DISTINCT (extract(year FROM g.quarter) * 12 + extract(month FROM g.quarter) - 1)::integer / 3 AS q
                                  FROM cs_policy.quarter_grade g
                                 WHERE g.employee_id = c.employee_id AND g.grade = 'A'
                                   AND g.quarter >= date_trunc('month', grading_day) - make_interval(months => k.months)
                                   AND g.quarter <= date_trunc('month', grading_day) - interval '3 months') d) s
                     GROUP BY island) r)
           WHEN 'title_count' THEN
               (SELECT count(*) FROM cs_policy.employee_title t
                 WHERE t.employee_id = c.employee_id AND t.title = k.param AND t.awarded_on <= grading_day)
           WHEN 'no_disciplinary' THEN
               (SELECT count(*) FROM cs_policy.disciplinary_record r
                 WHERE r.employee_id = c.employee_id AND r.recorded_on <= grading_day)
           END AS actual
      FROM cand c
      JOIN cs_policy.level_criterion k ON k.ladder = c.ladder AND k.level = c.level_sought AND k.purpose = 'promote'
)
SELECT m.employee_id, m.level_sought, m.criterion, m.param,
       CASE WHEN m.criterion IN ('review_rank', 'peer_rank', 'no_disciplinary') THEN - trunc(- m.actual, 2) ELSE trunc(m.actual, 2) END,
       coalesce(CASE WHEN m.criterion IN ('review_rank', 'peer_rank', 'no_disciplinary') THEN m.actual <= m.required
                     ELSE m.actual >= m.required END, false)
  FROM measured m
$$;

-- The plain-SQL demotion watch: every demotion rule of every employee's
-- level, counted over its months but not before the level was reached
-- (the last promotion to it), as months or quarters with the event, or
-- the longest run of them in a row.
CREATE FUNCTION pg_temp.plain_demotion(grading_day date)
RETURNS TABLE (employee_id bigint, criterion text, actual integer, met boolean)
LANGUAGE sql STABLE AS $$
WITH lad AS (
    SELECT f.department_id, cs_policy.ladder_of(f.settings, f.preset) AS ladder
      FROM cs_policy.policy_in_force f WHERE f.area = 'promotion' AND f.in_force @> grading_day
), rule AS (
    SELECT e.employee_id, e.department_id, r.criterion, r.required, r.in_a_row,
           greatest((date_trunc('month', grading_day) - make_interval(months => r.months))::date,
                    (SELECT date_trunc('month', max(h.changed_at) AT TIME ZONE 'UTC')::date FROM cs_policy.career_history h
                      WHERE h.employee_id = e.employee_id AND h.kind = 'promotion' AND h.to_level = e.grade
                        AND h.changed_at < grading_day)) AS period_from
      FROM cs_policy.employee e
      JOIN lad ON lad.department_id = e.department_id
      JOIN cs_policy.demotion_rule r ON r.ladder = lad.ladder AND r.level = e.grade
     WHERE e.active AND e.hired_on <= grading_day
), event AS (
    -- each rule's events as period numbers (months; quarters for grades)
    SELECT u.employee_id, u.criterion, u.required, u.in_a_row, x.period
      FROM rule u
      CROSS JOIN LATERAL (
        SELECT (extract(year FROM t.taken_on) * 12 + extract(month FROM t.taken_on) - 1)::integer AS period
          FROM cs_policy.exam_result t
         WHERE u.criterion = 'failed_monthly_exams' AND t.employee_id = u.employee_id AND t.exam = 'monthly' AND NOT t.passed
           AND t.taken_on >= u.period_from AND t.taken_on < date_trunc('month', grading_day)
        UNION ALL
        SELECT (extract(year FROM g.quarter) * 12 + extract(month FROM g.quarter) - 1)::integer / 3
          FROM cs_policy.quarter_grade g
         WHERE u.criterion IN ('grade_b_count', 'grade_below_b_count') AND g.employee_id = u.employee_id
           AND CASE u.criterion WHEN 'grade_b_count' THEN g.grade = 'B' ELSE g.grade < 'B' END
           AND g.quarter >= u.period_from AND g.quarter <= date_trunc('month', grading_day) - interval '3 months'
        UNION ALL
        -- a month whose review three or more colleagues of the department beat
        SELECT (extract(year FROM p.month) * 12 + extract(month FROM p.month) - 1)::integer
          FROM cs_policy.performance_month p
         WHERE u.criterion = 'reviews_outside_top3' AND p.employee_id = u.employee_id AND p.review_score IS NOT NULL
           AND p.month >= u.period_from AND p.month < date_trunc('month', grading_day)
           AND (SELECT count(*) FROM cs_policy.performance_month q JOIN cs_policy.employee o ON o.employee_id = q.employee_id
                 WHERE o.department_id = u.department_id AND q.month = p.month AND q.review_score > p.review_score) >= 3) x
)
SELECT u.employee_id, u.criterion, coalesce(c.actual, 0), coalesce(c.actual, 0) >= u.required
  FROM rule u
  LEFT JOIN LATERAL (
      SELECT CASE WHEN u.in_a_row THEN
                 (SELECT coalesce(max(n), 0)::integer FROM (
                      SELECT count(*) AS n FROM (SELECT d.period - row_number() OVER (ORDER BY d.period) AS island
                                                   FROM (SELECT DISTINCT v.period FROM event v
                                                          WHERE v.employee_id = u.employee_id AND v.criterion = u.criterion) d) s
                       GROUP BY island) r)
             ELSE (SELECT count(*)::integer FROM event v WHERE v.employee_id = u.employee_id AND v.criterion = u.criterion) END AS actual) c
    ON true
$$;

SELECT pg_temp.timed('promotion check of the quarter', 'cs_policy',
                     format('SELECT count(*) FROM cs_policy.promotion_check_at(%L) x WHERE x::text IS NOT NULL', :grading_day));
SELECT pg_temp.timed('promotion check of the quarter', 'plain SQL',
                     format('SELECT count(*) FROM pg_temp.plain_promotion(%L) x WHERE x::text IS NOT NULL', :grading_day));
SELECT pg_temp.timed('demotion watch of the quarter', 'cs_policy',
                     format('SELECT count(*) FROM cs_policy.demotion_check_at(%L) x WHERE x::text IS NOT NULL', :grading_day));
SELECT pg_temp.timed('demotion watch of the quarter', 'plain SQL',
                     format('SELECT count(*) FROM pg_temp.plain_demotion(%L) x WHERE x::text IS NOT NULL', :grading_day));

-- (each row read whole, so that no column's subquery is left out)
-- Both ways give the same criteria, figures and verdicts.
SELECT (SELECT count(*) FROM ((SELECT employee_id, level_sought, criterion, param, actual, met
                                 FROM cs_policy.promotion_check_at(:grading_day)
                               EXCEPT ALL SELECT * FROM pg_temp.plain_promotion(:grading_day))
                              UNION ALL
                              (SELECT * FROM pg_temp.plain_promotion(:grading_day)
                               EXCEPT ALL SELECT employee_id, level_sought, criterion, param, actual, met
                                 FROM cs_policy.promotion_check_at(:grading_day))) d) AS promotion_differences,
       (SELECT count(*) FROM ((SELECT employee_id, criterion, actual, met FROM cs_policy.demotion_check_at(:grading_day)
                               EXCEPT ALL SELECT * FROM pg_temp.plain_demotion(:grading_day))
                              UNION ALL
                              (SELECT * FROM pg_temp.plain_demotion(:grading_day)
                               EXCEPT ALL SELECT employee_id, criterion, actual, met FROM cs_policy.demotion_check_at(:grading_day))) d)
           AS demotion_differences,
       (SELECT count(*) FILTER (WHERE met) || ' of ' || count(*) FROM cs_policy.promotion_check_at(:grading_day)) AS criteria_met,
       (SELECT count(*) FILTER (WHERE met) || ' of ' || count(*) FROM cs_policy.demotion_check_at(:grading_day)) AS demotion_rules_holding,
       (SELECT count(DISTINCT criterion) FROM cs_policy.promotion_check_at(:grading_day)) AS kinds_of_criterion;

\echo
\echo 'cs_policy promotion benchmark: a quarter''s promotion check and demotion watch, best of 3'
SELECT b.step, b.implementation, max(b.rows) AS rows, round(min(b.seconds)::numeric, 3) AS best_seconds,
       round(stddev(b.seconds)::numeric, 3) AS spread,
       round((min(b.seconds) / (SELECT min(p.seconds) FROM bench_time p WHERE p.step = b.step AND p.implementation = 'cs_policy'))::numeric, 2)
           AS times_cs_policy
  FROM bench_time b GROUP BY b.step, b.implementation ORDER BY b.step, b.implementation;
