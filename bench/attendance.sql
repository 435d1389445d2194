-- bench/attendance.sql: a month of :agents agents (the demo center's
-- attendance: time-clock punches with lateness, early leave, absences,
-- forgotten punches and corrections, leave, exceptions and incidents under
-- four rulebooks), judged into penalty lines and totals three ways in the
-- same run:
--   cs_policy   period_penalty_lines (the C engine over packed per-employee
--               lists), the lines materialized and totalled per employee
--   PL/pgSQL    the same computation in plain PL/pgSQL, employee by
--               employee (bench/attendance_oracle.sql); the results are
--               checked to be the same
--   bare scan   the month's punches grouped by employee (collected into
--               arrays, and only counted), nothing judged. The count reads
--               both arrays' lengths: the planner drops an aggregate
--               nobody reads, and a scan of the instants alone (an
--               index-only scan) is not the work of collecting punches
-- The fast ones are timed three times and the best counts; work_mem is
-- that of a reporting session (64MB) for all of them.
\set ON_ERROR_STOP on
SET client_min_messages = warning;
\set month '''2025-12-01'''

SELECT cs_policy.demo_center(agents => :agents, month => :month, with_roster => false) IS NOT NULL AS center;
SELECT cs_policy.define_shift_template(n, 'DEMO', s::cs_policy.shift, 'cn_7x24') IS NOT NULL AS template
  FROM (VALUES ('day', '08:00-20:00'), ('late', '09:00-21:00'), ('night', '20:00-08:00')) AS t(n, s);
SELECT sum(cs_policy.roster_rotation(p, :month, '{day,late,night}', 5, 2, acting_as => 'E0001')) AS shifts
  FROM unnest('{HOTLINE,ECOM,REPAIR}'::text[]) AS p;
SELECT cs_policy.demo_attendance(:month, 1) IS NULL AS attendance;
VACUUM ANALYZE;
SET work_mem = '64MB';

CREATE TEMP TABLE bench_time (what text, run integer, seconds double precision, rows bigint);
CREATE FUNCTION pg_temp.timed(what text, runs integer, query text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    start timestamptz;
    n     bigint;
BEGIN
    FOR r IN 1..runs LOOP
        start := clock_timestamp();
        EXECUTE query INTO n;
        INSERT INTO bench_time VALUES (what, r, extract(epoch FROM clock_timestamp() - start), n);
    END LOOP;
END
$$;

SELECT pg_temp.timed('cs_policy', 3, format($q$
    WITH lines AS MATERIALIZED (SELECT * FROM cs_policy.period_penalty_lines(%L)),
         totals AS (SELECT employee_id, count(*) FILTER (WHERE kind = 'late') AS late, sum(absence_days) AS days_absent,
                           sum(amount) FILTER (WHERE amount > 0) AS charged, -sum(amount) FILTER (WHERE amount < 0) AS bonus,
                           max(measure) FILTER (WHERE kind = 'score') AS score
                      FROM lines GROUP BY employee_id)
    SELECT (SELECT count(*) FROM lines) + (SELECT count(*) FROM totals) $q$, :month));

CREATE TEMP TABLE oracle_lines_all (employee_id bigint, work_date date, kind text, amount numeric, points numeric,
                                    absence_days numeric, flags text[]);
SELECT pg_temp.timed('PL/pgSQL', 1, format($q$
    WITH rules AS (SELECT cs_policy_oracle.load_rules()),
         lines AS (INSERT INTO oracle_lines_all
                   SELECT e.employee_id, l.* FROM rules, cs_policy.employee e,
                          cs_policy_oracle.penalty_lines(e.employee_id, %L, now()) l RETURNING *),
         totals AS (SELECT employee_id, count(*) FILTER (WHERE kind = 'late') AS late, sum(absence_days) AS days_absent,
                           sum(amount) FILTER (WHERE amount > 0) AS charged, -sum(amount) FILTER (WHERE amount < 0) AS bonus
                      FROM lines GROUP BY employee_id)
    SELECT (SELECT count(*) FROM lines) + (SELECT count(*) FROM totals) $q$, :month));

-- the days the engine reads: the period, and before it what its rules
-- look back over (AT-9), with the same margins for the punches
SELECT min(lookback_first) - 2 AS read_from, max(period_last) + 3 AS read_until
  FROM cs_policy.attendance_input(:month) \gset
SELECT pg_temp.timed('bare scan: punches collected by employee', 3, format($q$
    SELECT count(*) FROM (SELECT employee_id, array_agg(at) AS ats, array_agg(kind) AS kinds FROM cs_policy.punch
                           WHERE at >= %1$L::timestamp AT TIME ZONE 'UTC' AND at < %2$L::timestamp AT TIME ZONE 'UTC'
                           GROUP BY employee_id) g WHERE cardinality(g.ats) = cardinality(g.kinds) $q$, :'read_from', :'read_until'));
SELECT pg_temp.timed('bare scan: punches counted by employee', 3, format($q$
    SELECT count(*) FROM (SELECT employee_id, count(*), min(at), max(at) FROM cs_policy.punch
                           WHERE at >= %1$L::timestamp AT TIME ZONE 'UTC' AND at < %2$L::timestamp AT TIME ZONE 'UTC'
                           GROUP BY employee_id) g $q$, :'read_from', :'read_until'));

-- The caller's scope (SEC-1): the manager of one project reads that
-- project's days and penalty lines, gathered and judged for the project
-- only; the superuser reads every employee's and filters the project's.
SELECT count(*) AS roles FROM cs_policy.create_roles('bench_') \gset
DROP ROLE IF EXISTS bench_project_manager;
CREATE ROLE bench_project_manager LOGIN IN ROLE bench_manager;
SELECT cs_policy.set_employee_login(e.code, 'bench_project_manager') IS NULL AS login
  FROM cs_policy.employee e JOIN cs_policy.department d USING (department_id)
 WHERE d.code = 'HOTLINE' AND e.role = 'manager' LIMIT 1;
SELECT array_agg(e.employee_id) AS project FROM cs_policy.employee e JOIN cs_policy.department d USING (department_id)
 WHERE (SELECT department_id FROM cs_policy.department WHERE code = 'HOTLINE') = ANY (d.path) \gset
GRANT ALL ON bench_time TO PUBLIC;
SELECT pg_temp.timed('attendance_day, one project: superuser', 3, format($q$
    SELECT count(*) FROM cs_policy.attendance_day(%1$L) WHERE employee_id = ANY (%2$L) $q$, :month, :'project'));
SELECT pg_temp.timed('period_penalty_lines: superuser', 3, format($q$
    SELECT count(*) FROM cs_policy.period_penalty_lines(%L) $q$, :month));
SET ROLE bench_project_manager;
SELECT pg_temp.timed('attendance_day, one project: its manager (RLS)', 3, format($q$
    SELECT count(*) FROM cs_policy.attendance_day(%1$L) $q$, :month));
SELECT pg_temp.timed('period_penalty_lines: the project''s manager', 3, format($q$
    SELECT count(*) FROM cs_policy.period_penalty_lines(%L) $q$, :month));
RESET ROLE;

\echo
\echo 'bench/attendance: one month of every agent, judged'
SELECT (SELECT count(*) FROM cs_policy.employee WHERE role = 'agent') AS agents,
       (SELECT count(*) FROM cs_policy.roster) AS shifts,
       (SELECT count(*) FROM cs_policy.punch) AS punches,
       (SELECT count(*) FROM cs_policy.period_penalty_lines(:month)) AS penalty_lines,
       (SELECT count(*) FROM cs_policy.incident) AS incidents;
-- the two implementations compute the same lines
SELECT count(*) AS lines_that_differ
  FROM ((SELECT employee_id, work_date, kind, amount, points, absence_days, flags FROM cs_policy.period_penalty_lines(:month)
         EXCEPT ALL SELECT * FROM oracle_lines_all)
        UNION ALL (SELECT * FROM oracle_lines_all
                   EXCEPT ALL SELECT employee_id, work_date, kind, amount, points, absence_days, flags
                                FROM cs_policy.period_penalty_lines(:month))) d \gset
SELECT :lines_that_differ AS lines_that_differ_between_cs_policy_and_plpgsql;
WITH best AS (SELECT what, min(seconds) AS seconds, max(rows) AS rows FROM bench_time GROUP BY what)
SELECT b.what, round(b.seconds::numeric, 3) AS seconds, b.rows AS rows_out,
       CASE WHEN b.what = 'cs_policy' THEN ''
            WHEN b.what = 'PL/pgSQL' THEN round((b.seconds / c.seconds)::numeric, 1) || 'x slower than cs_policy'
            ELSE 'cs_policy takes ' || round((c.seconds / b.seconds)::numeric, 1) || 'x this' END AS ratio
  FROM best b, best c WHERE c.what = 'cs_policy' AND b.what NOT LIKE '%superuser' AND b.what NOT LIKE '%manager%'
 ORDER BY b.seconds DESC;
\echo 'the caller''s scope (SEC-1): a project manager''s read, which gathers only the project, against the superuser''s of every employee filtered to the same rows'
WITH best AS (SELECT what, min(seconds) AS seconds, max(rows) AS rows FROM bench_time GROUP BY what)
SELECT split_part(m.what, ':', 1) AS read, m.rows AS manager_rows, s.rows AS superuser_rows,
       round(m.seconds::numeric, 3) AS manager_seconds, round(s.seconds::numeric, 3) AS superuser_seconds,
       round((m.seconds / s.seconds)::numeric, 2) || 'x' AS ratio
  FROM best m JOIN best s ON split_part(s.what, ':', 1) = split_part(m.what, ':', 1) AND s.what LIKE '%superuser'
 WHERE m.what LIKE '%manager%'
 ORDER BY 1;
SELECT what, string_agg(round(seconds::numeric, 3)::text, ' ' ORDER BY run) AS every_run FROM bench_time GROUP BY what ORDER BY what;
-- What a read of every agent holds: each employee's input is one value
-- (tools: bench/attendance prints the backend's peak memory for the read)
SELECT pg_size_pretty(sum(pg_column_size(i.*))) AS inputs_total, pg_size_pretty(max(pg_column_size(i.*))::bigint) AS largest_input,
       current_setting('work_mem') AS work_mem
  FROM cs_policy.attendance_input(:month) i;

-- AT-15: the same center closing on the 25th, the period containing the 20th
UPDATE cs_policy.policy SET settings = settings || '{"period_close_day": 25}' WHERE area = 'attendance';
DELETE FROM bench_time;
SELECT pg_temp.timed('cs_policy', 3, format($q$
    SELECT count(*) FROM cs_policy.period_penalty_lines(%L) $q$, '2025-12-20'));
TRUNCATE oracle_lines_all;
SELECT pg_temp.timed('PL/pgSQL', 1, format($q$
    WITH rules AS (SELECT cs_policy_oracle.load_rules()),
         lines AS (INSERT INTO oracle_lines_all
                   SELECT e.employee_id, l.* FROM rules, cs_policy.employee e,
                          cs_policy_oracle.penalty_lines(e.employee_id, %L, now()) l RETURNING *)
    SELECT count(*) FROM lines $q$, '2025-12-20'));
SELECT min(lookback_first) - 2 AS read_from, max(period_last) + 3 AS read_until
  FROM cs_policy.attendance_input('2025-12-20') \gset
SELECT pg_temp.timed('bare scan: punches collected by employee', 3, format($q$
    SELECT count(*) FROM (SELECT employee_id, array_agg(at) AS ats, array_agg(kind) AS kinds FROM cs_policy.punch
                           WHERE at >= %1$L::timestamp AT TIME ZONE 'UTC' AND at < %2$L::timestamp AT TIME ZONE 'UTC'
                           GROUP BY employee_id) g WHERE cardinality(g.ats) = cardinality(g.kinds) $q$, :'read_from', :'read_until'));
\echo 'the same center closing on the 25th (AT-15), the period 2025-11-26 to 2025-12-25'
SELECT count(*) AS lines_that_differ_between_cs_policy_and_plpgsql
  FROM ((SELECT employee_id, work_date, kind, amount, points, absence_days, flags FROM cs_policy.period_penalty_lines('2025-12-20')
         EXCEPT ALL SELECT * FROM oracle_lines_all)
        UNION ALL (SELECT * FROM oracle_lines_all
                   EXCEPT ALL SELECT employee_id, work_date, kind, amount, points, absence_days, flags
                                FROM cs_policy.period_penalty_lines('2025-12-20'))) d;
WITH best AS (SELECT what, min(seconds) AS seconds, max(rows) AS rows FROM bench_time GROUP BY what)
SELECT b.what, round(b.seconds::numeric, 3) AS seconds, b.rows AS rows_out,
       CASE WHEN b.what = 'cs_policy' THEN ''
            WHEN b.what = 'PL/pgSQL' THEN round((b.seconds / c.seconds)::numeric, 1) || 'x slower than cs_policy'
            ELSE 'cs_policy takes ' || round((c.seconds / b.seconds)::numeric, 1) || 'x this' END AS ratio
  FROM best b, best c WHERE c.what = 'cs_policy'
 ORDER BY b.seconds DESC;
UPDATE cs_policy.policy SET settings = settings - 'period_close_day' WHERE area = 'attendance';

DROP OWNED BY bench_project_manager;
DROP ROLE bench_project_manager;
SELECT cs_policy.drop_roles('bench_') AS roles_dropped;
