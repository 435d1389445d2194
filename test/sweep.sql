-- The sweep (issue 16): every function of the schema, read from pg_proc,
-- called on the demo center with NULL in each argument in turn and with
-- edge values (0, -1, huge, 'infinity', 0001-01-01, 9999-12-31, a DST
-- instant, empty and 1 MB texts), each call in its own subtransaction
-- rolled back afterwards. Asserted: no call fails with an internal error
-- (class XX) or crashes the connection, and none leaves rows behind. A
-- call that never ends (unbounded work on a huge argument) fails the
-- sweep on the statement timeout of its function's statement (2 minutes
-- for all the calls of one function), which the log names; how long calls take is reported,
-- not asserted (a timed assertion fails on a busy machine, not on slow
-- code: bench/ measures speed). The table of outcomes by SQLSTATE is the
-- documentation of how each kind of bad input is refused.
BEGIN;
SELECT plan(4);

SET LOCAL client_min_messages = error;
SELECT cs_policy.demo_center(agents => 30, month => '2025-12-01') IS NOT NULL AS center;

-- A typical value of each argument type, and its edge values.
CREATE TEMP TABLE typical (type_name text PRIMARY KEY, typical text, edges text[]);
INSERT INTO typical VALUES
    ('bigint', '1', '{0,-1,9223372036854775807}'),
    ('integer', '1', '{0,-1,2147483647}'),
    ('numeric', '1', '{0,-1,1e20,NaN,Infinity}'),
    ('double precision', '1', '{0,-1,1e300,NaN,Infinity}'),
    ('boolean', 'true', '{false}'),
    ('text', 'E0001', NULL),
    ('name', 'postgres', '{""}'),
    ('date', '2025-12-15', '{infinity,-infinity,0001-01-01,9999-12-31}'),
    ('timestamp with time zone', '2025-12-15 10:00+08',
     '{infinity,-infinity,"0001-01-01 00:00+00","9999-12-31 23:59+00","2026-03-08 02:30 America/New_York","2026-11-01 01:30 America/New_York"}'),
    ('interval', '1 hour', '{0,-1 hour,100000 years}'),
    ('jsonb', '{}', '{"null","[]","{\"rules\": 1}"}'),
    ('text[]', '{}', '{"{NULL}"}'),
    ('bigint[]', '{1}', '{"{}","{-1}"}'),
    ('integer[]', '{1}', '{"{}"}'),
    ('bytea', '\x', '{"\\x00000020000000000000000000000000"}'),
    ('tstzmultirange', '{[2025-12-15 09:00+08,2025-12-15 18:00+08)}', '{"{}","{[-infinity,infinity)}"}'),
    ('regclass', 'cs_policy.employee', NULL),
    ('cs_policy.workweek', 'Mon-Fri 09:00-18:00', NULL),
    ('cs_policy.shift', '09:00-18:00', '{20:00-08:00}'),
    ('cs_policy.business_calendar', 'week=Mon-Fri 09:00-18:00', NULL),
    ('cs_policy.ladder', 'minutes: (0,10] 4 per unit; (10,) 50', NULL),
    ('cs_policy.rulebook', 'late (AT-1) = minutes: (0,10] 4 per unit; (10,) 50', NULL),
    ('cs_policy.sla_target', 'received -> resolved within 3 working days', NULL),
    ('cs_policy.access_scope', 'viewer=1 all pay', '{viewer=0}'),
    ('cs_policy.punch_kind', 'in', NULL),
    ('cs_policy.leave_type', 'annual', NULL),
    ('cs_policy.staff_role', 'agent', NULL),
    ('cs_policy.day_kind', 'working', NULL),
    ('cs_policy.department_kind', 'team', NULL),
    ('cs_policy.complaint_event_kind', 'assigned', NULL),
    ('cs_policy.handover_entry_kind', 'note', NULL);
UPDATE typical SET edges = ARRAY['', repeat('x', 1024 * 1024), 'E0001''; --'] WHERE type_name = 'text';
-- composite arguments: a row of the demo center, or NULL
CREATE TEMP TABLE typical_row (type_name text PRIMARY KEY, expression text);
INSERT INTO typical_row VALUES
    ('cs_policy.employee', '(SELECT e FROM cs_policy.employee e ORDER BY employee_id LIMIT 1)'),
    ('cs_policy.department', '(SELECT d FROM cs_policy.department d ORDER BY department_id LIMIT 1)'),
    ('cs_policy.complaint', '(SELECT c FROM cs_policy.complaint c ORDER BY complaint_id LIMIT 1)'),
    ('cs_policy.policy', '(SELECT p FROM cs_policy.policy p ORDER BY policy_id LIMIT 1)'),
    ('cs_policy.leave_request', '(SELECT l FROM cs_policy.leave_request l ORDER BY leave_id LIMIT 1)'),
    ('cs_policy.swap', '(SELECT s FROM cs_policy.swap s LIMIT 1)'),
    ('cs_policy.handover', '(SELECT h FROM cs_policy.handover h LIMIT 1)'),
    ('cs_policy.attendance_input', '(SELECT i FROM cs_policy.attendance_input(''2025-12-15'') i LIMIT 1)');

CREATE TEMP TABLE sweep (function_name text, argument integer, value text, sqlstate text, message text, seconds numeric);

CREATE FUNCTION pg_temp.sweep_one(fn regprocedure, call text, argument integer, value text) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    state text;
    message text;
    started timestamptz := clock_timestamp();
BEGIN
    BEGIN
        EXECUTE call;
        -- undo what it did: the next call starts from the same center
        RAISE EXCEPTION USING ERRCODE = 'SWEEP';
    EXCEPTION WHEN OTHERS THEN
        GET STACKED DIAGNOSTICS state = RETURNED_SQLSTATE, message = MESSAGE_TEXT;
        IF state = 'SWEEP' THEN
            state := '00000';
            message := NULL;
        END IF;
    END;
    INSERT INTO sweep VALUES (fn::text, argument, left(value, 40), state, left(message, 200),
                              round(extract(epoch FROM clock_timestamp() - started)::numeric, 3));
END
$$;

-- The call of a function with these argument expressions
CREATE FUNCTION pg_temp.call_text(fn regprocedure, returns_set boolean, args text[]) RETURNS text
LANGUAGE sql AS $$
    SELECT format('SELECT %s %s(%s)', CASE WHEN returns_set THEN 'count(*) FROM' ELSE '' END, fn::regproc,
                  array_to_string(args, ', '))
$$;

-- The functions swept: not the types' support (internal, cstring) nor
-- what a test cannot roll back
CREATE TEMP VIEW swept AS
SELECT p.oid::regprocedure AS fn, p.proname, ARRAY(SELECT x::regtype::text FROM unnest(p.proargtypes) x) AS types,
       p.proretset
  FROM pg_proc p
 WHERE p.pronamespace = 'cs_policy'::regnamespace AND p.prokind = 'f'
   AND NOT EXISTS (SELECT FROM unnest(p.proargtypes::regtype[]::text[]) x(t)
                    WHERE x.t IN ('internal', 'cstring') OR x.t LIKE '%[]' AND x.t LIKE 'cs_policy.%')
   AND p.prorettype <> 'trigger'::regtype
   AND p.proname NOT IN ('demo_center', 'demo_attendance', 'schedule_jobs', 'close_due_periods');

-- Every call of one function
CREATE FUNCTION pg_temp.sweep_function(fn regprocedure) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    f record;
    args text[];
    n integer;
    t text;
    e text;
BEGIN
    SELECT * INTO STRICT f FROM swept s WHERE s.fn = sweep_function.fn;
    n := cardinality(f.types);
    args := ARRAY[]::text[];
    FOR i IN 1..n LOOP
        t := f.types[i];
        args := args || coalesce(
            (SELECT quote_literal(y.typical) || '::' || t FROM typical y WHERE y.type_name = t),
            (SELECT r.expression FROM typical_row r WHERE r.type_name = t),
            'NULL::' || t);
    END LOOP;
    PERFORM pg_temp.sweep_one(f.fn, pg_temp.call_text(f.fn, f.proretset, args), 0, 'typical');
    FOR i IN 1..n LOOP
        t := f.types[i];
        PERFORM pg_temp.sweep_one(f.fn, pg_temp.call_text(f.fn, f.proretset, args[:i - 1] || ('NULL::' || t) || args[i + 1:]),
                                  i, 'NULL');
        -- the demo generators make as many rows as asked: no edge counts
        FOR e IN SELECT unnest(y.edges) FROM typical y WHERE y.type_name = t AND f.proname NOT LIKE 'demo%' LOOP
            PERFORM pg_temp.sweep_one(f.fn, pg_temp.call_text(f.fn, f.proretset,
                                                              args[:i - 1] || (quote_literal(e) || '::' || t) || args[i + 1:]),
                                      i, e);
        END LOOP;
    END LOOP;
END
$$;
-- The rows of every table of the schema, to compare after the sweep: each
-- call is undone (a refused one by PostgreSQL, statement and all; one that
-- succeeds by the sweep), so no command may leave anything behind.
CREATE FUNCTION pg_temp.row_counts() RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
    counts jsonb := '{}';
    n bigint;
    t regclass;
BEGIN
    FOR t IN SELECT c.oid FROM pg_class c WHERE c.relnamespace = 'cs_policy'::regnamespace AND c.relkind IN ('r', 'p')
              ORDER BY c.relname LOOP
        EXECUTE format('SELECT count(*) FROM %s', t) INTO n;
        counts := counts || jsonb_build_object(t::text, n);
    END LOOP;
    RETURN counts;
END
$$;
CREATE TEMP TABLE counts_before AS SELECT pg_temp.row_counts() AS counts;
-- one statement a function: a call that never ends fails the sweep here
-- (57014), and the statement in the log names the function
SET LOCAL statement_timeout = '2min';
\o /dev/null
SELECT format('SELECT pg_temp.sweep_function(%L)', s.fn) FROM swept s ORDER BY s.proname, s.fn::oid \gexec
\o
RESET statement_timeout;

SELECT cmp_ok((SELECT count(DISTINCT function_name) FROM sweep), '>', 250::bigint,
              'the sweep called more than 250 functions of the schema');
SELECT is_empty($$ SELECT function_name, argument, value, sqlstate, message FROM sweep WHERE sqlstate LIKE 'XX%' $$,
                'no call fails with an internal error (XX000 and its class)');
SELECT is((SELECT 1), 1, 'the connection survived every call');
SELECT is(pg_temp.row_counts(), (SELECT counts FROM counts_before),
          'every table holds the rows it held before: no call left anything half-written');

-- How bad input is refused, by SQLSTATE (for the reader of the test log)
SELECT diag(string_agg(format('%s: %s calls', sqlstate, n), E'\n' ORDER BY n DESC))
  FROM (SELECT sqlstate, count(*) AS n FROM sweep GROUP BY sqlstate) s;
-- and the slowest calls
SELECT diag('slowest: ' || string_agg(format('%s (argument %s = %s) %s s', function_name, argument, value, seconds),
                                     '; ' ORDER BY seconds DESC))
  FROM (SELECT * FROM sweep ORDER BY seconds DESC LIMIT 5) s;

SELECT * FROM finish();
ROLLBACK;
