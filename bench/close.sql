-- bench/close.sql: closing a month of :agents agents (the demo center's
-- attendance, as bench/attendance generates it: punches with lateness,
-- early leave, absences, forgotten punches and corrections, leave,
-- exceptions and incidents under four rulebooks; complaints; a roster),
-- timed three ways in the same run:
--   close          CALL cs_policy.close_period: everything the close stores,
--                  in one transaction (its run log's duration; the best of 3)
--   attendance     the close's step of penalty lines, overtime lines and totals (step_seconds)
--   judged         that step without its writes: every input gathered and
--                  judged (judge_for_close), nothing stored (best of 3)
--   bare scan      the same punches grouped by employee into arrays of
--                  instants and kinds, nothing judged (the count reads both
--                  arrays: the planner drops an aggregate nobody reads)
-- and the peak memory of a close in a fresh session. work_mem is that of
-- a reporting session (64MB) for all of them. Prints one row for bench/close
-- to gather.
\set ON_ERROR_STOP on
SET client_min_messages = warning;
\set month '''2025-12-01'''

\ir month.sql
VACUUM ANALYZE;
SET work_mem = '64MB';

CREATE TEMP TABLE bench_time (what text, run integer, seconds double precision);
-- the days the close reads: the period and its lookback (AT-9), with the
-- margins the engine reads punches with
SELECT min(lookback_first) - 2 AS read_from, max(period_last) + 3 AS read_until
  FROM cs_policy.attendance_input(:month) \gset
CREATE FUNCTION pg_temp.bare_scan(read_from date, read_until date) RETURNS double precision LANGUAGE plpgsql AS $$
DECLARE
    start timestamptz := clock_timestamp();
    n     bigint;
BEGIN
    SELECT count(*) INTO n
      FROM (SELECT employee_id, array_agg(at) AS ats, array_agg(kind) AS kinds FROM cs_policy.punch
             WHERE at >= read_from::timestamp AT TIME ZONE 'UTC' AND at < read_until::timestamp AT TIME ZONE 'UTC'
             GROUP BY employee_id) g WHERE cardinality(g.ats) = cardinality(g.kinds);
    RETURN extract(epoch FROM clock_timestamp() - start);
END
$$;
INSERT INTO bench_time SELECT 'bare scan', r, pg_temp.bare_scan(:'read_from', :'read_until') FROM generate_series(1, 3) r;
-- the attendance part without its writes: every input gathered and judged
-- as the close does (judge_for_close), nothing stored
CREATE FUNCTION pg_temp.judge_only(month date) RETURNS double precision LANGUAGE plpgsql AS $$
DECLARE
    start timestamptz := clock_timestamp();
    n     bigint;
BEGIN
    SELECT count(*) INTO n FROM cs_policy.attendance_input(month) i CROSS JOIN LATERAL cs_policy.judge_for_close(i) l;
    RETURN extract(epoch FROM clock_timestamp() - start);
END
$$;
INSERT INTO bench_time SELECT 'judged', r, pg_temp.judge_only(:month) FROM generate_series(1, 3) r;

-- the close, three times (a re-run replaces its revision)
CALL cs_policy.close_period(:month);
CALL cs_policy.close_period(:month);
CALL cs_policy.close_period(:month);
INSERT INTO bench_time
SELECT 'close', row_number() OVER (ORDER BY run_id), extract(epoch FROM finished_at - started_at)
  FROM cs_policy.close_run WHERE state = 'succeeded';
INSERT INTO bench_time
SELECT 'attendance part', row_number() OVER (ORDER BY run_id),
       (step_seconds ->> 'attendance lines and totals')::numeric
  FROM cs_policy.close_run WHERE state = 'succeeded';
-- kept across the fresh session below
CREATE TABLE bench_close AS
SELECT (SELECT count(*) FROM cs_policy.employee WHERE role = 'agent') AS agents,
       (SELECT count(*) FROM cs_policy.punch) AS punches,
       (SELECT count(*) FROM cs_policy.closed_penalty_line) AS penalty_lines,
       min(seconds) FILTER (WHERE what = 'close') AS close_s, stddev(seconds) FILTER (WHERE what = 'close') AS close_sd,
       min(seconds) FILTER (WHERE what = 'attendance part') AS attendance_s,
       stddev(seconds) FILTER (WHERE what = 'attendance part') AS attendance_sd,
       min(seconds) FILTER (WHERE what = 'bare scan') AS bare_s, stddev(seconds) FILTER (WHERE what = 'bare scan') AS bare_sd,
       min(seconds) FILTER (WHERE what = 'judged') AS judged_s,
       -- where the best close spent its time
       (SELECT step_seconds FROM cs_policy.close_run WHERE state = 'succeeded'
         ORDER BY finished_at - started_at LIMIT 1) AS steps
  FROM bench_time;

-- peak memory and temporary files of one close, in a fresh session
\connect
SET work_mem = '64MB';
CREATE TEMP TABLE hwm (at text, kb bigint, temp_bytes bigint);
INSERT INTO hwm SELECT 'before', substring(pg_read_file('/proc/' || pg_backend_pid() || '/status') FROM 'VmHWM:\s+(\d+) kB')::bigint,
                       (SELECT temp_bytes FROM pg_stat_database WHERE datname = current_database());
CALL cs_policy.close_period(:month);
SELECT pg_stat_clear_snapshot();
INSERT INTO hwm SELECT 'after', substring(pg_read_file('/proc/' || pg_backend_pid() || '/status') FROM 'VmHWM:\s+(\d+) kB')::bigint,
                       (SELECT temp_bytes FROM pg_stat_database WHERE datname = current_database());
SELECT ((SELECT kb FROM hwm WHERE at = 'after') - (SELECT kb FROM hwm WHERE at = 'before')) / 1024 AS peak_mb,
       ((SELECT temp_bytes FROM hwm WHERE at = 'after') - (SELECT temp_bytes FROM hwm WHERE at = 'before')) / 1024 AS temp_kb \gset
-- one row: agents|punches|lines|close|sd|attendance|sd|judged|bare|sd|peak MB|temp kB|steps
SELECT agents, punches, penalty_lines, round(close_s::numeric, 3), round(close_sd::numeric, 3),
       round(attendance_s::numeric, 3), round(attendance_sd::numeric, 3), round(judged_s::numeric, 3),
       round(bare_s::numeric, 3), round(bare_sd::numeric, 3), :peak_mb, :temp_kb, steps
  FROM bench_close;
