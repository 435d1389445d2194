-- bench/roster.sql: a month's roster for :agents agents and its coverage,
-- through cs_policy (roster_rotation, coverage) and through a plain-SQL
-- equivalent (timestamps computed with AT TIME ZONE, the same exclusion
-- constraint, coverage counted the same way), timed in the same run,
-- three times each.
\set ON_ERROR_STOP on
SET client_min_messages = warning;
\set month '''2025-12-01'''

SELECT cs_policy.demo_center(agents => :agents, month => :month, with_roster => false) IS NOT NULL AS center;
SELECT cs_policy.define_shift_template(n, 'DEMO', s::cs_policy.shift, 'cn_7x24') IS NOT NULL AS template
  FROM (VALUES ('day', '08:00-20:00'), ('late', '09:00-21:00'), ('night', '20:00-08:00')) AS t(n, s);
SELECT cs_policy.set_staffing(p, 'peak', '10:00-12:00,14:00-17:00', 8, 'cn_7x24') IS NOT NULL AS peak,
       cs_policy.set_staffing(p, 'night', '20:00-08:00', 2, 'cn_7x24') IS NOT NULL AS night
  FROM unnest('{HOTLINE,ECOM,REPAIR}'::text[]) AS p;
ANALYZE;

-- Each step is named with pg_temp.timed and run three times by \gexec
-- below, each run in its own transaction after its setup (the roster of
-- the run before taken away with TRUNCATE, so that every run writes into
-- fresh tables and indexes); the best run counts.
CREATE TEMP TABLE bench_step (n serial, step text, implementation text, query text, setup text, runs integer DEFAULT 0);
CREATE TEMP TABLE bench_time (step text, implementation text, run integer, seconds double precision, rows bigint);
CREATE FUNCTION pg_temp.timed(step text, implementation text, query text, setup text DEFAULT NULL) RETURNS void LANGUAGE sql AS $$
    INSERT INTO bench_step (step, implementation, query, setup) VALUES (step, implementation, query, setup);
$$;
CREATE FUNCTION pg_temp.run(step_n integer) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    s     bench_step;
    start timestamptz;
    n     bigint;
BEGIN
    UPDATE bench_step b SET runs = b.runs + 1 WHERE b.n = step_n RETURNING * INTO s;
    IF s.setup IS NOT NULL THEN
        EXECUTE s.setup;
    END IF;
    start := clock_timestamp();
    EXECUTE s.query INTO n;
    INSERT INTO bench_time VALUES (s.step, s.implementation, s.runs, extract(epoch FROM clock_timestamp() - start), n);
END
$$;

-- The plain-SQL roster: the same rows, with start and end computed in SQL.
CREATE TABLE plain_roster (
    employee_id   bigint NOT NULL,
    work_date     date NOT NULL,
    department_id bigint NOT NULL,
    starts_at     timestamptz NOT NULL,
    ends_at       timestamptz NOT NULL,
    PRIMARY KEY (employee_id, work_date),
    EXCLUDE USING gist (employee_id WITH =, tstzrange(starts_at, ends_at) WITH &&)
);

SELECT pg_temp.timed('build a month''s roster', 'cs_policy', format($q$
    SELECT sum(cs_policy.roster_rotation(p, %L, '{day,late,night}', 5, 2, acting_as => 'E0001'))
      FROM unnest('{HOTLINE,ECOM,REPAIR}'::text[]) AS p $q$, :month), 'TRUNCATE cs_policy.roster');

SELECT pg_temp.timed('build a month''s roster', 'plain SQL', format($q$
    WITH RECURSIVE agent AS (
        SELECT e.employee_id, e.department_id, d.path[2] AS project,
               row_number() OVER (PARTITION BY d.path[2] ORDER BY e.code) - 1 AS k
          FROM cs_policy.employee e JOIN cs_policy.department d ON d.department_id = e.department_id
         WHERE e.active AND e.role = 'agent'
    ), plan AS (
        SELECT a.employee_id, a.department_id, g.d::date AS work_date,
               (ARRAY['08:00','09:00','20:00'])[1 + (((g.d::date - %1$L::date) + a.k) / 7 + a.k) %% 3]::time AS start_time,
               interval '12 hours' AS length
          FROM agent a, generate_series(%1$L::date, (%1$L::date + interval '1 month - 1 day')::date, interval '1 day') g(d)
         WHERE ((g.d::date - %1$L::date) + a.k) %% 7 < 5
    ), ins AS (
        INSERT INTO plain_roster
        SELECT employee_id, work_date, department_id,
               (work_date + start_time) AT TIME ZONE 'Asia/Shanghai',
               (work_date + start_time + length) AT TIME ZONE 'Asia/Shanghai'
          FROM plan RETURNING 1
    )
    SELECT count(*) FROM ins $q$, :month), 'TRUNCATE plain_roster');
SELECT format('SELECT pg_temp.run(%s)', n) FROM bench_step, generate_series(1, 3) WHERE runs = 0 ORDER BY n \gexec
ANALYZE plain_roster;
ANALYZE cs_policy.roster;

SELECT pg_temp.timed('coverage of the month, 3 projects', 'cs_policy', format($q$
    SELECT count(*) FROM unnest('{HOTLINE,ECOM,REPAIR}'::text[]) AS p,
           cs_policy.coverage(p, %1$L::date, %1$L::date + interval '1 month') c WHERE c.shortfall >= 0 $q$, :month));

SELECT pg_temp.timed('coverage of the month, 3 projects', 'plain SQL', format($q$
    WITH project AS (
        SELECT d.department_id AS project_id, s.department_id
          FROM cs_policy.department d JOIN cs_policy.department s ON d.department_id = ANY (s.path)
         WHERE d.kind = 'project'
    ), slot AS (
        SELECT p.department_id AS project_id, g.s
          FROM cs_policy.department p, generate_series(%1$L::timestamptz, %1$L::timestamptz + interval '1 month' - interval '30 minutes',
                                                       interval '30 minutes') g(s)
         WHERE p.kind = 'project'
    ), on_line AS (
        SELECT pr.project_id, g.s, count(*) AS n
          FROM plain_roster r JOIN project pr ON pr.department_id = r.department_id,
               generate_series(date_bin('30 minutes', r.starts_at + interval '30 minutes' - interval '1 microsecond', timestamptz '2000-01-01'),
                               r.ends_at - interval '30 minutes', interval '30 minutes') g(s)
         GROUP BY 1, 2
    )
    SELECT count(*) FROM (
        SELECT slot.s, coalesce(o.n, 0) AS rostered,
               CASE WHEN (slot.s AT TIME ZONE 'Asia/Shanghai')::time >= '20:00' OR (slot.s AT TIME ZONE 'Asia/Shanghai')::time < '08:00' THEN 2
                    WHEN (slot.s AT TIME ZONE 'Asia/Shanghai')::time >= '10:00' AND (slot.s AT TIME ZONE 'Asia/Shanghai')::time < '12:00' THEN 8
                    WHEN (slot.s AT TIME ZONE 'Asia/Shanghai')::time >= '14:00' AND (slot.s AT TIME ZONE 'Asia/Shanghai')::time < '17:00' THEN 8
                    ELSE 0 END AS required
          FROM slot LEFT JOIN on_line o ON o.project_id = slot.project_id AND o.s = slot.s) x
     WHERE greatest(required - rostered, 0) >= 0 $q$, :month));
SELECT format('SELECT pg_temp.run(%s)', n) FROM bench_step, generate_series(1, 3) WHERE runs = 0 ORDER BY n \gexec

-- Both ways give the same coverage.
SELECT (SELECT sum(c.rostered) FROM unnest('{HOTLINE,ECOM,REPAIR}'::text[]) AS p,
               cs_policy.coverage(p, :month::date, :month::date + interval '1 month') c)
       = (SELECT sum(x.n) FROM (
              SELECT count(*) AS n FROM plain_roster r,
                     generate_series(date_bin('30 minutes', r.starts_at + interval '30 minutes' - interval '1 microsecond', timestamptz '2000-01-01'),
                                     r.ends_at - interval '30 minutes', interval '30 minutes') g(s)
               WHERE g.s < :month::date + interval '1 month') x) AS same_agent_slots;

\echo
\echo 'cs_policy roster benchmark: one month, three 12-hour shifts, five on two off'
WITH best AS (SELECT step, implementation, max(rows) AS rows, min(seconds) AS seconds,
                     coalesce(round(stddev(seconds)::numeric, 3), 0) AS spread,
                     string_agg(round(seconds::numeric, 3)::text, ' ' ORDER BY run) AS every_run
                FROM bench_time GROUP BY step, implementation)
SELECT b.step, b.implementation, b.rows, round(b.seconds::numeric, 3) AS best_seconds, b.spread, b.every_run,
       round((b.seconds / p.seconds)::numeric, 2) || 'x (goal 1.0x)' AS times_plain_sql
  FROM best b JOIN best p ON p.step = b.step AND p.implementation = 'plain SQL'
 ORDER BY b.step, b.implementation;
