-- bench/sla.sql: :complaints complaints received over eleven months of
-- 2025 (every category, emergencies, repairs; waiting and resuming,
-- resolving, informing, closing, reopening, incident teams, reports,
-- repair stages; some still open), under a center policy of
-- complaints_hospital whose resolution clocks pause while waiting and a
-- repair desk on hotline_2009. The rows are inserted directly (the
-- commands would take an hour); then, in the same run:
--   cs_policy   complaint_sla_at (the C clock, sla_clock, over each
--               complaint's events), every target of every complaint
--   PL/pgSQL    the same computation in plain PL/pgSQL, complaint by
--               complaint (bench/sla_oracle.sql), on :sample complaints,
--               against cs_policy on the same sample; the results are
--               checked to be the same
--   bare scan   every complaint's events collected into arrays and
--               counted, nothing computed; the count reads the arrays'
--               lengths, or the planner would drop the aggregates that
--               collect them and time only the join
-- The fast ones are timed three times and the best counts.
\set ON_ERROR_STOP on
SET client_min_messages = warning;
SET timezone = 'Asia/Shanghai';
SELECT setseed(0.2025);

SELECT cs_policy.create_department('C', 'Center', 'center') IS NOT NULL AS center;
SELECT cs_policy.create_department(p, p, 'project', 'C') IS NOT NULL AS project FROM unnest('{HOT,ECOM,REP}'::text[]) AS p;
SELECT count(cs_policy.create_department(p || '-T' || t, p || ' team ' || t, 'team', p)) AS teams
  FROM unnest('{HOT,ECOM,REP}'::text[]) AS p, generate_series(1, 10) AS t;
SELECT count(cs_policy.hire_employee('A' || i, 'agent ' || i, (ARRAY['HOT','ECOM','REP'])[1 + i % 3] || '-T' || (1 + i / 3 % 10),
                                     'agent', '2024-01-01', 5220)) AS agents
  FROM generate_series(0, 999) AS i;
SELECT cs_policy.set_policy('center complaints', 'complaint', 'complaints_hospital', 'C', '2024-01-01',
                            settings => '{"targets": {"resolve": {"target": "received -> resolved within 3 working days, paused while waiting"},
                                                      "inform": {"target": "received -> informed within 7 working days, paused while waiting"}}}')
       IS NOT NULL AS policy;
SELECT cs_policy.set_policy('repair desk', 'complaint', 'hotline_2009', 'REP', '2024-01-01',
                            settings => '{"include_presets": ["complaints_hospital"]}') IS NOT NULL AS policy;

-- The complaints: received at random over 2025-01-01 .. 2025-11-30, in office hours mostly.
\set first_day '''2025-01-01'''
\set days 334
\set repair_project '''REP'''
\ir complaints.sql
VACUUM ANALYZE;
SELECT count(*) AS complaints, min(received_on) AS first_day, max(received_on) AS last_day,
       count(DISTINCT date_trunc('month', received_on)) AS months FROM cs_policy.complaint;
SELECT count(*) AS events FROM cs_policy.complaint_event;
SET work_mem = '64MB';
\set as_of '''2025-12-15 12:00+08'''

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

SELECT pg_temp.timed('cs_policy, all', 3, format($q$
    SELECT count(*) FROM cs_policy.complaint_sla_at(%L) WHERE state IS NOT NULL $q$, :as_of));
SELECT pg_temp.timed('bare scan, all', 3, $q$
    SELECT count(*) FROM (SELECT c.complaint_id, array_agg(e.kind ORDER BY e.at, e.event_id) AS kinds, array_agg(e.at ORDER BY e.at, e.event_id) AS ats
                            FROM cs_policy.complaint c
                            JOIN cs_policy.complaint_event e ON e.employee_id = c.employee_id AND e.complaint_id = c.complaint_id
                           GROUP BY c.complaint_id) x WHERE cardinality(x.kinds) = cardinality(x.ats) $q$);

-- The sample: :sample complaints picked by a hash of their id, spread over the months.
CREATE TEMP TABLE sample AS
SELECT complaint_id FROM cs_policy.complaint ORDER BY hashint8(complaint_id), complaint_id
 LIMIT :sample;
SELECT array_agg(complaint_id) AS sample_ids FROM sample \gset
SELECT pg_temp.timed('cs_policy, sample', 3, format($q$
    SELECT count(*) FROM cs_policy.complaint_sla_at(%L, %L::bigint[]) $q$, :as_of, :'sample_ids'));
SELECT pg_temp.timed('PL/pgSQL, sample', 1, format($q$
    SELECT count(*) FROM cs_policy_oracle.complaint_sla_at(%L, %L::bigint[]) $q$, :as_of, :'sample_ids'));

-- The two agree on the sample.
SELECT count(*) AS sample_rows_that_differ FROM (
    (SELECT number, target, started_at, due_at, met_at, paused, state, time_left
       FROM cs_policy.complaint_sla_at(:as_of, :'sample_ids'::bigint[]) s
     EXCEPT ALL
     SELECT * FROM cs_policy_oracle.complaint_sla_at(:as_of, :'sample_ids'::bigint[]))
    UNION ALL
    (SELECT * FROM cs_policy_oracle.complaint_sla_at(:as_of, :'sample_ids'::bigint[])
     EXCEPT ALL
     SELECT number, target, started_at, due_at, met_at, paused, state, time_left
       FROM cs_policy.complaint_sla_at(:as_of, :'sample_ids'::bigint[]) s)) d;
SELECT state, count(*) FROM cs_policy.complaint_sla_at(:as_of) GROUP BY state ORDER BY state;

-- Row-level security (SEC-1): the manager of one project reads its
-- complaints' targets; the superuser (who bypasses it) reads the same
-- complaints by a filter. The ratio is what the policies cost.
SELECT cs_policy.hire_employee('M1', 'manager of HOT', 'HOT', 'manager', '2020-01-01', 15000) IS NOT NULL AS manager;
SELECT count(*) AS roles FROM cs_policy.create_roles('bench_') \gset
DROP ROLE IF EXISTS bench_project_manager;
CREATE ROLE bench_project_manager LOGIN IN ROLE bench_manager;
SELECT cs_policy.set_employee_login('M1', 'bench_project_manager') IS NULL AS login;
SELECT array_agg(e.employee_id) AS project FROM cs_policy.employee e JOIN cs_policy.department d USING (department_id)
 WHERE (SELECT department_id FROM cs_policy.department WHERE code = 'HOT') = ANY (d.path) \gset
GRANT ALL ON bench_time TO PUBLIC;
SELECT pg_temp.timed('complaint_sla, one project: superuser', 3, format($q$
    SELECT count(*) FROM cs_policy.complaint_sla WHERE state IS NOT NULL AND employee_id = ANY (%L) $q$, :'project'));
SET ROLE bench_project_manager;
SELECT pg_temp.timed('complaint_sla, one project: its manager (RLS)', 3, $q$
    SELECT count(*) FROM cs_policy.complaint_sla WHERE state IS NOT NULL $q$);
RESET ROLE;

\pset footer off
WITH best AS (SELECT what, min(seconds) AS seconds, max(rows) AS rows,
                     coalesce(round(stddev(seconds)::numeric, 3), 0) AS spread,
                     string_agg(round(seconds::numeric, 3)::text, ' ' ORDER BY run) AS every_run
                FROM bench_time GROUP BY what)
SELECT what, rows, round(seconds::numeric, 3) AS best_seconds, spread, every_run,
       round((rows / seconds)::numeric) AS rows_per_second
  FROM best ORDER BY what;
WITH best AS (SELECT what, min(seconds) AS seconds FROM bench_time GROUP BY what)
SELECT round(((SELECT seconds FROM best WHERE what = 'PL/pgSQL, sample')
              / (SELECT seconds FROM best WHERE what = 'cs_policy, sample'))::numeric, 1) AS "PL/pgSQL / cs_policy (sample, goal 40x)",
       round(((SELECT seconds FROM best WHERE what = 'cs_policy, all')
              / (SELECT seconds FROM best WHERE what = 'bare scan, all'))::numeric, 2) AS "cs_policy / bare scan (all, goal 2x)";
\echo 'row-level security: a project manager''s read against the superuser''s of the same rows (goal: at most 1.2x)'
WITH best AS (SELECT what, min(seconds) AS seconds, max(rows) AS rows FROM bench_time GROUP BY what)
SELECT m.rows AS manager_rows, s.rows AS superuser_rows,
       round(m.seconds::numeric, 3) AS manager_seconds, round(s.seconds::numeric, 3) AS superuser_seconds,
       round((m.seconds / s.seconds)::numeric, 2) || 'x' AS ratio
  FROM best m, best s
 WHERE m.what = 'complaint_sla, one project: its manager (RLS)' AND s.what = 'complaint_sla, one project: superuser';
DROP OWNED BY bench_project_manager;
DROP ROLE bench_project_manager;
SELECT cs_policy.drop_roles('bench_') AS roles_dropped;
