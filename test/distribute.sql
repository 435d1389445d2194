-- distribute(): how cs_policy is placed on Citus, and the rules that keep
-- the read layer plannable there (ARCHITECTURE.md, "What Citus cannot
-- plan"). Citus is not in CI; tools/citus.sh runs the cluster check.
BEGIN;
SELECT plan(14);

SELECT throws_ok($$ SELECT * FROM cs_policy.distribute() $$, '55000',
                 'cs_policy.distribute() needs the Citus extension in this database',
                 'without Citus, distribute() refuses with 55000 and says what it needs');

SELECT is((SELECT count(*)::integer FROM cs_policy.distribution_plan()),
          (SELECT count(*)::integer FROM pg_class WHERE relnamespace = 'cs_policy'::regnamespace AND relkind = 'r'),
          'the plan places every cs_policy table');
SELECT is_empty($$ SELECT table_name FROM cs_policy.distribution_plan() GROUP BY table_name HAVING count(*) > 1 $$,
                'and each table once');
SELECT is((SELECT placement FROM cs_policy.distribution_plan() WHERE table_name = 'cs_policy.employee'::regclass),
          'reference', 'employee is a reference table: small, and referenced by recorded_by, approved_by, signed_by, ...');
SELECT set_eq($$ SELECT table_name::text FROM cs_policy.distribution_plan() WHERE placement = 'reference' $$,
              ARRAY['cs_policy.approval_chain', 'cs_policy.calendar', 'cs_policy.calendar_day', 'cs_policy.calendar_week',
                    'cs_policy.career_ladder', 'cs_policy.career_level', 'cs_policy.grading_round',
                    'cs_policy.peer_vote', 'cs_policy.peer_ballot',
                    'cs_policy.complaint_serial', 'cs_policy.complaint_transition',
                    'cs_policy.demotion_rule', 'cs_policy.department', 'cs_policy.employee', 'cs_policy.handover_review',
                    'cs_policy.level_criterion', 'cs_policy.policy', 'cs_policy.policy_sla_target', 'cs_policy.preset',
                    'cs_policy.preset_rulebook', 'cs_policy.preset_setting', 'cs_policy.preset_sla_target',
                    'cs_policy.roster_publication', 'cs_policy.rule', 'cs_policy.shift_template', 'cs_policy.staffing_rule',
                    'cs_policy.access_role', 'cs_policy.access_secret', 'cs_policy.job_command', 'cs_policy.secret_column',
                    'cs_policy.close_run', 'cs_policy.period_close', 'cs_policy.period_reopening',
                    'cs_policy.closed_team_attendance', 'cs_policy.closed_coverage_shortfall', 'cs_policy.decision_point',
                    'cs_policy.call_abandoned', 'cs_policy.report_release'],
              'the shared tables are reference tables: configuration, departments, employees, policies, calendars, the period closes, decision points, the calls given up in a department''s queue, the reports prepared to leave the center');
SELECT is_empty($$
    SELECT p.table_name FROM cs_policy.distribution_plan() p
     WHERE p.placement = 'distributed'
       AND NOT EXISTS (SELECT FROM pg_attribute a
                        WHERE a.attrelid = p.table_name AND a.attname = 'employee_id' AND NOT a.attisdropped) $$,
    'every other table is distributed, and has employee_id, its distribution column');
SELECT is_empty($$
    SELECT k.conname FROM pg_constraint k
      JOIN cs_policy.distribution_plan() child ON child.table_name = k.conrelid
      JOIN cs_policy.distribution_plan() parent ON parent.table_name = k.confrelid
     WHERE k.contype = 'f' AND k.conrelid <> k.confrelid AND parent.ordinal >= child.ordinal $$,
    'tables are placed in foreign-key order: a table after every table it refers to');
SELECT is_empty($$
    SELECT k.conname FROM pg_constraint k
      JOIN cs_policy.distribution_plan() child ON child.table_name = k.conrelid
      JOIN cs_policy.distribution_plan() parent ON parent.table_name = k.confrelid
     WHERE k.contype = 'f' AND child.placement = 'reference' AND parent.placement = 'distributed' $$,
    'no reference table refers to a distributed one');
SELECT is_empty($$
    SELECT k.conrelid::regclass || ': ' || pg_get_constraintdef(k.oid)
      FROM pg_constraint k JOIN cs_policy.distribution_plan() p ON p.table_name = k.conrelid
     WHERE p.placement = 'distributed' AND k.contype IN ('p', 'u', 'x')
       AND NOT EXISTS (SELECT FROM pg_attribute a
                        WHERE a.attrelid = k.conrelid AND a.attnum = ANY (k.conkey) AND a.attname = 'employee_id') $$,
    'every unique, primary and exclusion key of a distributed table includes employee_id');
SELECT is_empty($$
    SELECT f.function FROM cs_policy.per_employee_functions() f JOIN pg_proc p ON p.oid = f.function
     WHERE p.proargnames[1] <> 'employee_id' OR p.proargtypes[0] <> 'bigint'::regtype $$,
    'the per-employee functions take employee_id bigint first (create_distributed_function)');

-- What Citus cannot plan: a SQL-language function that reads a table. Its
-- body (BEGIN ATOMIC or RETURN) records the tables it reads in pg_depend (a
-- whole-table dependency; a row argument records only its columns).
SELECT is_empty($$
    SELECT DISTINCT p.oid::regprocedure::text
      FROM pg_proc p JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid
      JOIN pg_class c ON d.refclassid = 'pg_class'::regclass AND c.oid = d.refobjid
     WHERE p.pronamespace = 'cs_policy'::regnamespace AND p.prolang = (SELECT oid FROM pg_language WHERE lanname = 'sql')
       AND c.relkind IN ('r', 'v', 'p', 'm') AND d.refobjsubid = 0 $$,
    'no SQL-language function reads a table or view (PL/pgSQL instead: Citus plans its queries)');
SELECT is_empty($$
    SELECT p.oid::regprocedure::text FROM pg_proc p
     WHERE p.pronamespace = 'cs_policy'::regnamespace AND p.prolang = (SELECT oid FROM pg_language WHERE lanname = 'sql')
       AND p.prosqlbody IS NULL $$,
    'every SQL-language function has a parsed body (BEGIN ATOMIC or RETURN), so that the check above sees what it reads');
-- A view that reads tables may call only functions that run no query: C
-- functions, IMMUTABLE ones, and SQL ones that read no table (above) and
-- call only C functions of cs_policy (inlined into the view's query; a
-- query run for each row fails on a Citus worker). A view over
-- set-returning functions alone runs them on the coordinator, where their
-- queries are planned like any other.
SELECT is_empty($$
    SELECT DISTINCT v.relname || ' calls ' || p.oid::regprocedure::text
      FROM pg_rewrite r JOIN pg_class v ON v.oid = r.ev_class
      JOIN pg_depend d ON d.classid = 'pg_rewrite'::regclass AND d.objid = r.oid AND d.refclassid = 'pg_proc'::regclass
      JOIN pg_proc p ON p.oid = d.refobjid
     WHERE v.relnamespace = 'cs_policy'::regnamespace AND p.pronamespace = 'cs_policy'::regnamespace
       AND p.prolang <> (SELECT oid FROM pg_language WHERE lanname = 'c') AND p.provolatile <> 'i'
       AND NOT (p.prolang = (SELECT oid FROM pg_language WHERE lanname = 'sql')
                AND NOT EXISTS (SELECT FROM pg_depend x JOIN pg_proc f ON f.oid = x.refobjid
                                 WHERE x.classid = 'pg_proc'::regclass AND x.objid = p.oid AND x.refclassid = 'pg_proc'::regclass
                                   AND f.pronamespace = 'cs_policy'::regnamespace
                                   AND f.prolang <> (SELECT oid FROM pg_language WHERE lanname = 'c')))
       AND EXISTS (SELECT FROM pg_depend t JOIN pg_class c ON c.oid = t.refobjid
                    WHERE t.classid = 'pg_rewrite'::regclass AND t.objid = r.oid AND t.refclassid = 'pg_class'::regclass
                      AND c.relkind = 'r' AND c.relnamespace = 'cs_policy'::regnamespace) $$,
    'views that read tables call no cs_policy function that queries (only C and IMMUTABLE ones)');
SELECT is((SELECT count(*)::integer FROM pg_proc
            WHERE pronamespace = 'cs_policy'::regnamespace AND proname = 'policy_in_force'), 0,
          'the policy in force is a view joined where it is used, not a function');

SELECT * FROM finish();
ROLLBACK;
