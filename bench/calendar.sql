-- bench/calendar.sql: calls per second of add_working_days and
-- working_time_between on calendar cn: C (value form and name form) against
-- the PL/pgSQL oracle, all measured in this run. Each timing subtracts a
-- bare scan of the same rows, so what remains is the function itself.
-- Run through bench/calendar, which sets up a server and loads the oracle.
\set ON_ERROR_STOP on
SET client_min_messages = warning;
SELECT setseed(0.5);
DROP TABLE IF EXISTS bench_input;
CREATE TEMP TABLE bench_input AS
SELECT i,
       timestamptz '2024-01-01 00:00+08' + random() * interval '1096 days' AS t,
       1 + floor(random() * 10)::integer AS n,
       random() * interval '240 hours' AS span
  FROM generate_series(1, :c_rows) AS i;
ANALYZE bench_input;

CREATE TEMP TABLE bench_result (function text, form text, calls bigint, usec_per_call double precision);

CREATE FUNCTION pg_temp.measure(label_function text, label_form text, query text, rows bigint)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    bare   double precision := 'Infinity';
    timed  double precision := 'Infinity';
    start  timestamptz;
    ignore numeric;
BEGIN
    -- best of three, bare scan and function call alike
    FOR round IN 1..3 LOOP
        start := clock_timestamp();
        EXECUTE format('SELECT sum(extract(epoch FROM x.t)) FROM (SELECT * FROM bench_input LIMIT %s) x', rows) INTO ignore;
        bare := least(bare, extract(epoch FROM clock_timestamp() - start));
        start := clock_timestamp();
        EXECUTE format(query, rows) INTO ignore;
        timed := least(timed, extract(epoch FROM clock_timestamp() - start));
    END LOOP;
    INSERT INTO bench_result VALUES (label_function, label_form, rows,
                                     greatest(timed - bare, 0) * 1e6 / rows);
END
$$;

SELECT pg_temp.measure('add_working_days', 'C, value',
    $q$SELECT sum(extract(epoch FROM cs_policy.add_working_days(c.value, x.t, x.n)))
         FROM (SELECT * FROM bench_input LIMIT %s) x, cs_policy.calendar c WHERE c.name = 'cn'$q$, :c_rows);
SELECT pg_temp.measure('add_working_days', 'C, name',
    $q$SELECT sum(extract(epoch FROM cs_policy.add_working_days('cn', x.t, x.n)))
         FROM (SELECT * FROM bench_input LIMIT %s) x$q$, :c_rows);
SELECT pg_temp.measure('add_working_days', 'PL/pgSQL',
    $q$SELECT sum(extract(epoch FROM cs_policy_oracle.add_working_days('cn', x.t, x.n)))
         FROM (SELECT * FROM bench_input LIMIT %s) x$q$, :plpgsql_rows);
SELECT pg_temp.measure('working_time_between', 'C, value',
    $q$SELECT sum(extract(epoch FROM cs_policy.working_time_between(c.value, x.t, x.t + x.span)))
         FROM (SELECT * FROM bench_input LIMIT %s) x, cs_policy.calendar c WHERE c.name = 'cn'$q$, :c_rows);
SELECT pg_temp.measure('working_time_between', 'C, name',
    $q$SELECT sum(extract(epoch FROM cs_policy.working_time_between('cn', x.t, x.t + x.span)))
         FROM (SELECT * FROM bench_input LIMIT %s) x$q$, :c_rows);
SELECT pg_temp.measure('working_time_between', 'PL/pgSQL',
    $q$SELECT sum(extract(epoch FROM cs_policy_oracle.working_time_between('cn', x.t, x.t + x.span)))
         FROM (SELECT * FROM bench_input LIMIT %s) x$q$, :plpgsql_rows);

\echo
\echo 'cs_policy calendar benchmark: calendar cn, inputs across 2024-2026, n = 1..10, spans up to 10 days;'
\echo 'time per call = (query - bare scan of the same rows) / rows, best of 3'
SELECT r.function, r.form, r.calls AS rows,
       round(1e6 / nullif(r.usec_per_call, 0)) AS calls_per_second,
       round(r.usec_per_call::numeric, 3) AS usec_per_call,
       round((p.usec_per_call / nullif(r.usec_per_call, 0))::numeric, 1) AS times_faster_than_plpgsql
  FROM bench_result r
  JOIN bench_result p ON p.function = r.function AND p.form = 'PL/pgSQL'
 ORDER BY r.function, r.form;

SELECT CASE WHEN bool_and(r.usec_per_call < 1 AND p.usec_per_call / nullif(r.usec_per_call, 0) >= 50)
            THEN 'met' ELSE 'NOT met' END AS "target: C under 1 us per call and at least 50 times PL/pgSQL"
  FROM bench_result r JOIN bench_result p ON p.function = r.function AND p.form = 'PL/pgSQL'
 WHERE r.form LIKE 'C%';
