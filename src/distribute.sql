-- src/distribute.sql: turning a single-node cs_policy database into a
-- distributed one on Citus (no C). See README, "Scaling out".
--
-- Every table with an employee_id column is per-employee data and is
-- distributed by it, all colocated with roster, so that one employee's
-- rows of every table sit on one shard group (but the audit log, which
-- is written by the owner and read by auditors only, in a group of its
-- own). Every other table is small, shared configuration (departments,
-- employees, policies, calendars, ...) and becomes a reference table,
-- copied to every node. Reads and commands
-- are written so that Citus can plan them (ARCHITECTURE.md, "What Citus
-- cannot plan"); this function only places the tables.

-- The per-employee functions whose first argument is employee_id: a call
-- of one of them can run on the node that holds that employee's shard.
CREATE FUNCTION cs_policy.per_employee_functions()
RETURNS TABLE (function regprocedure)
LANGUAGE sql IMMUTABLE PARALLEL SAFE
-- (Not promotion_check, is_eligible or demotion_check: they rank the
-- reviews of the employee's colleagues, whose rows are on other shards; nor
-- overtime_lines, which compares a day's metrics with the colleagues'.)
RETURN pg_catalog.unnest(ARRAY[
    'cs_policy.penalty_lines(bigint, date)',
    'cs_policy.attendance_totals(bigint, date)'
]::pg_catalog.regprocedure[]);
COMMENT ON FUNCTION cs_policy.per_employee_functions() IS
    'The read functions that take employee_id first and read only that employee''s rows (and shared tables): distribute(delegate_calls => true) makes them distributed functions colocated with roster';

-- The cs_policy tables with how each is placed, in the order they must be
-- placed: parents before the tables whose foreign keys point at them.
CREATE FUNCTION cs_policy.distribution_plan()
RETURNS TABLE (ordinal integer, table_name regclass, placement text)
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    placed regclass[] := '{}';
    todo   regclass[];
    t      regclass;
    moved  boolean;
BEGIN
    SELECT array_agg(c.oid::regclass ORDER BY c.relname) INTO todo
      FROM pg_class c
     WHERE c.relnamespace = 'cs_policy'::regnamespace AND c.relkind IN ('r', 'p');
    ordinal := 0;
    -- a table is placed once every table it refers to (but itself) is placed
    WHILE cardinality(todo) > 0 LOOP
        moved := false;
        FOREACH t IN ARRAY todo LOOP
            IF NOT EXISTS (SELECT FROM pg_constraint k
                            WHERE k.contype = 'f' AND k.conrelid = t AND k.confrelid <> t
                              AND k.confrelid <> ALL (placed)) THEN
                ordinal := ordinal + 1;
                table_name := t;
                placement := CASE WHEN t = 'cs_policy.employee'::regclass THEN 'reference'
                                  WHEN EXISTS (SELECT FROM pg_attribute a
                                                WHERE a.attrelid = t AND a.attname = 'employee_id' AND NOT a.attisdropped)
                                  THEN 'distributed' ELSE 'reference' END;
                RETURN NEXT;
                placed := placed || t;
                todo := array_remove(todo, t);
                moved := true;
            END IF;
        END LOOP;
        IF NOT moved THEN
            RAISE EXCEPTION 'the foreign keys of % form a cycle', todo
                USING ERRCODE = 'invalid_table_definition';
        END IF;
    END LOOP;
    RETURN;
END
$$;
COMMENT ON FUNCTION cs_policy.distribution_plan() IS
    'Every cs_policy table in foreign-key order with its placement on Citus: distributed by employee_id (per-employee data; employee itself excepted) or reference (small shared tables)';

CREATE FUNCTION cs_policy.distribute(shard_count integer DEFAULT NULL, delegate_calls boolean DEFAULT false)
RETURNS TABLE (table_name regclass, placement text, rows bigint)
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    step      record;
    pol       record;
    anchor    regclass;
    f         regprocedure;
    leftover  text;
BEGIN
    IF NOT EXISTS (SELECT FROM pg_extension WHERE extname = 'citus') THEN
        RAISE EXCEPTION 'cs_policy.distribute() needs the Citus extension in this database'
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = 'Without Citus, cs_policy runs on this one server and there is nothing to distribute.',
                  HINT = 'Add citus to shared_preload_libraries, CREATE EXTENSION citus, add the worker nodes (citus_add_node), then call distribute() again.';
    END IF;
    -- Extension-owned tables with foreign keys: Citus would otherwise turn
    -- each table's neighbours into Citus tables itself, and trip over the
    -- views the extension owns; placed one by one in foreign-key order, no
    -- neighbour is ever local.
    PERFORM set_config('citus.enable_local_reference_table_foreign_keys', 'off', true);
    IF shard_count IS NOT NULL THEN
        PERFORM set_config('citus.shard_count', shard_count::text, true);
    END IF;
    -- Citus refuses a subquery in a policy: call access_scope() directly,
    -- which keeps the statement's scope in memory (src/row_security.sql)
    FOR pol IN
        SELECT p.polname, p.polrelid::regclass AS tbl, pg_get_expr(p.polqual, p.polrelid) AS qual
          FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid
         WHERE c.relnamespace = 'cs_policy'::regnamespace
           AND pg_get_expr(p.polqual, p.polrelid) ~ 'SELECT cs_policy\.access_scope\(\)'
    LOOP
        EXECUTE format('ALTER POLICY %I ON %s USING (%s)', pol.polname, pol.tbl,
                       regexp_replace(pol.qual, '\(\s*SELECT cs_policy\.access_scope\(\)( AS access_scope)?\s*\)',
                                      'cs_policy.access_scope()', 'g'));
    END LOOP;
    FOR step IN
        SELECT p.* FROM cs_policy.distribution_plan() p
         -- reference tables first; the audit log last, or 'none' would make
         -- its group the default one that the first other table joins
         ORDER BY p.placement DESC, p.table_name = 'cs_policy.audit_log'::regclass, p.ordinal
    LOOP
        table_name := step.table_name;
        placement := step.placement;
        EXECUTE format('SELECT count(*) FROM %s', step.table_name) INTO rows;
        IF NOT EXISTS (SELECT FROM pg_dist_partition d WHERE d.logicalrelid = step.table_name) THEN
            IF step.placement = 'reference' THEN
                PERFORM create_reference_table(step.table_name);
            ELSE
                -- The audit log in a colocation group of its own: Citus
                -- refuses to read, as the caller, placements that the
                -- owner's commands modified in the same transaction, and
                -- colocated placements count as one; act_as writes its
                -- audit row as the owner, and the app then reads as itself.
                PERFORM create_distributed_table(step.table_name, 'employee_id',
                                                 colocate_with => CASE WHEN step.table_name = 'cs_policy.audit_log'::regclass
                                                                       THEN 'none' ELSE coalesce(anchor::text, 'default') END);
            END IF;
        END IF;
        IF step.placement = 'distributed' AND step.table_name <> 'cs_policy.audit_log'::regclass THEN
            anchor := coalesce(anchor, step.table_name);
        END IF;
        RETURN NEXT;
    END LOOP;
    -- Rows loaded before were copied to the shards; the local copies must
    -- go, or a query Citus does not plan would read them. Only now: a local
    -- table cannot be emptied while another local table refers to it.
    FOR step IN
        SELECT p.* FROM cs_policy.distribution_plan() p ORDER BY p.ordinal DESC
    LOOP
        PERFORM truncate_local_data_after_distributing_table(step.table_name);
    END LOOP;
    -- On request, a call of a per-employee function runs where the
    -- employee's rows are. Not by default: Citus 13.2.2 crashes the
    -- coordinator planning a delegated call wrapped in a subquery
    -- (SELECT count(*) FROM (SELECT * FROM penalty_lines(...)) t); without
    -- delegation the function's query is still a router query to one shard.
    IF delegate_calls THEN
        FOR f IN SELECT p.function FROM cs_policy.per_employee_functions() p LOOP
            PERFORM create_distributed_function(f, '$1', colocate_with => 'cs_policy.roster');
        END LOOP;
    END IF;
    SELECT string_agg(c.oid::regclass::text, ', ' ORDER BY c.relname) INTO leftover
      FROM pg_class c
     WHERE c.relnamespace = 'cs_policy'::regnamespace AND c.relkind IN ('r', 'p')
       AND NOT EXISTS (SELECT FROM pg_dist_partition d WHERE d.logicalrelid = c.oid);
    IF leftover IS NOT NULL THEN
        RAISE EXCEPTION 'cs_policy tables left neither distributed nor reference: %', leftover
            USING ERRCODE = 'internal_error',
                  HINT = 'Every cs_policy table must be placed; report this as a bug.';
    END IF;
END
$$;
COMMENT ON FUNCTION cs_policy.distribute(integer, boolean) IS
    'On Citus: makes the shared tables reference tables and distributes every per-employee table by employee_id, colocated with roster (the audit log in a colocation group of its own; shard_count: Citus''s default when NULL), in foreign-key order; removes the coordinator''s local copies of rows loaded before; with delegate_calls, makes the per-employee functions (per_employee_functions) distributed functions (off by default: Citus 13.2.2 crashes on some calls of them); checks that no cs_policy table is left local. Returns each table with its placement and rows. Idempotent. 55000 without Citus';
REVOKE EXECUTE ON FUNCTION cs_policy.distribute(integer, boolean) FROM PUBLIC;
