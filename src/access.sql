-- src/access.sql: who is acting and what they may see (src/access.c)
--
-- One notion of who is acting: current_employee(). Commands resolve their
-- actor through acting_employee(), row-level security asks access_scope()
-- once per statement and then the pure sees*() functions row by row, and
-- SECURITY DEFINER code that bypasses row-level security applies the same
-- scope through the same functions (SEC-1, SEC-2).

CREATE TYPE cs_policy.access_scope;

CREATE FUNCTION cs_policy.access_scope_in(cstring) RETURNS cs_policy.access_scope
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION cs_policy.access_scope_out(cs_policy.access_scope) RETURNS cstring
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION cs_policy.access_scope_recv(internal) RETURNS cs_policy.access_scope
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION cs_policy.access_scope_send(cs_policy.access_scope) RETURNS bytea
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE cs_policy.access_scope (
    INPUT = cs_policy.access_scope_in,
    OUTPUT = cs_policy.access_scope_out,
    RECEIVE = cs_policy.access_scope_recv,
    SEND = cs_policy.access_scope_send,
    INTERNALLENGTH = VARIABLE,
    ALIGNMENT = double,
    STORAGE = extended
);
COMMENT ON TYPE cs_policy.access_scope IS
    'What a viewer may see: ''viewer=12 all pay'' (the whole center, and everyone''s pay) or ''viewer=12 personal={12,15} team={12,15,16} departments={4}'' (whose own records, whose team records, which departments'' records). Made by access_scope() once per statement; asked row by row by sees, sees_team, sees_department and sees_pay';
COMMENT ON FUNCTION cs_policy.access_scope_in(cstring) IS 'Text input of access_scope';
COMMENT ON FUNCTION cs_policy.access_scope_out(cs_policy.access_scope) IS 'Text output of access_scope';
COMMENT ON FUNCTION cs_policy.access_scope_recv(internal) IS 'Binary input of access_scope (checks what the text input checks)';
COMMENT ON FUNCTION cs_policy.access_scope_send(cs_policy.access_scope) IS 'Binary output of access_scope';

CREATE FUNCTION cs_policy.access_scope_make(viewer bigint, see_all boolean, see_pay boolean,
                                            personal bigint[], team bigint[], departments bigint[],
                                            read_audit boolean DEFAULT false)
RETURNS cs_policy.access_scope
    AS 'MODULE_PATHNAME', 'access_scope_make' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION cs_policy.access_scope_make(bigint, boolean, boolean, bigint[], bigint[], bigint[], boolean) IS
    'An access scope from its parts (NULL lists are empty; ids are sorted and made unique)';

CREATE FUNCTION cs_policy.scope_viewer(scope cs_policy.access_scope) RETURNS bigint
    AS 'MODULE_PATHNAME', 'access_scope_viewer' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION cs_policy.scope_viewer(cs_policy.access_scope) IS
    'The employee_id of the viewer of a scope (NULL: nobody, e.g. a DBA or an auditor without an employee)';

-- LEAKPROOF: they tell nothing about their arguments but true or false, so
-- the planner may still use indexes for the conditions beside them.
CREATE FUNCTION cs_policy.sees(scope cs_policy.access_scope, employee_id bigint) RETURNS boolean
    AS 'MODULE_PATHNAME', 'access_scope_sees' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION cs_policy.sees(cs_policy.access_scope, bigint) IS
    'SEC-1: whether the viewer may see this employee''s own records: their own, those of the people they answer for, those of a department granted to them';
CREATE FUNCTION cs_policy.sees_team(scope cs_policy.access_scope, employee_id bigint) RETURNS boolean
    AS 'MODULE_PATHNAME', 'access_scope_sees_team' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION cs_policy.sees_team(cs_policy.access_scope, bigint) IS
    'SEC-1: whether the viewer may see what this employee shares with a team (the roster, handover logs, who is who): sees, or the same team';
CREATE FUNCTION cs_policy.sees_department(scope cs_policy.access_scope, department_id bigint) RETURNS boolean
    AS 'MODULE_PATHNAME', 'access_scope_sees_department' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION cs_policy.sees_department(cs_policy.access_scope, bigint) IS
    'SEC-1: whether the viewer may see a department''s own records (its handover reviews, its complaints)';
CREATE FUNCTION cs_policy.sees_pay(scope cs_policy.access_scope, employee_id bigint) RETURNS boolean
    AS 'MODULE_PATHNAME', 'access_scope_sees_pay' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION cs_policy.sees_pay(cs_policy.access_scope, bigint) IS
    'SEC-2: whether the viewer may see this employee''s pay: their own; HR everyone''s; nobody else';
CREATE FUNCTION cs_policy.reads_audit(scope cs_policy.access_scope) RETURNS boolean
    AS 'MODULE_PATHNAME', 'access_scope_reads_audit' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION cs_policy.reads_audit(cs_policy.access_scope) IS 'SEC-5: whether the viewer reads the audit log (auditors)';

-- The employee a pooled application acts for: backend memory stamped with
-- the transaction, so set_config cannot forge it and COMMIT ends it.
CREATE FUNCTION cs_policy.set_acting_for(employee_id bigint) RETURNS void
    AS 'MODULE_PATHNAME', 'access_set_acting_for' LANGUAGE C VOLATILE PARALLEL UNSAFE;
COMMENT ON FUNCTION cs_policy.set_acting_for(bigint) IS
    'Internal: records the employee act_as named for this transaction (only act_as may call it)';
REVOKE EXECUTE ON FUNCTION cs_policy.set_acting_for(bigint) FROM PUBLIC;
CREATE FUNCTION cs_policy.acting_for() RETURNS bigint
    AS 'MODULE_PATHNAME', 'access_acting_for' LANGUAGE C STABLE PARALLEL RESTRICTED;
COMMENT ON FUNCTION cs_policy.acting_for() IS
    'Internal: the employee_id act_as named in this transaction, or NULL';
REVOKE EXECUTE ON FUNCTION cs_policy.acting_for() FROM PUBLIC;

-- On Citus the shards are read by backends on the worker nodes, which do
-- not share this memory: act_as gives them the acting employee as a pass,
-- SET LOCAL cs_policy.acting_pass and sent with the transaction's other SET
-- LOCALs (citus.propagate_set_commands = local). The pass is signed with a
-- secret only the extension's owner reads (a reference table on Citus, so
-- every node checks with the same one) and bound to the calling role and
-- the distributed transaction: a pass written by hand, or kept from another
-- transaction, is refused.
CREATE TABLE cs_policy.access_secret (
    only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
    secret   bytea NOT NULL CHECK (pg_catalog.length(secret) = 32)
);
COMMENT ON TABLE cs_policy.access_secret IS
    'Internal: the key that signs act_as''s pass for the worker nodes of a Citus cluster; made at CREATE EXTENSION (a restore makes a new one), read by the owner''s functions only';
-- two random UUIDs: 244 bits from pg_strong_random
INSERT INTO cs_policy.access_secret (secret)
SELECT pg_catalog.sha256(pg_catalog.uuid_send(pg_catalog.gen_random_uuid())
                         OPERATOR(pg_catalog.||) pg_catalog.uuid_send(pg_catalog.gen_random_uuid()));
REVOKE ALL ON cs_policy.access_secret FROM PUBLIC;
COMMENT ON COLUMN cs_policy.access_secret.only_row IS 'Always true: the table holds one row';
COMMENT ON COLUMN cs_policy.access_secret.secret IS 'The 32-byte HMAC key';

CREATE FUNCTION cs_policy.hmac_sha256(message text, key bytea) RETURNS bytea
    AS 'MODULE_PATHNAME', 'access_hmac_sha256' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION cs_policy.hmac_sha256(text, bytea) IS 'HMAC-SHA-256 (RFC 2104) of a text: signs act_as''s pass';
REVOKE EXECUTE ON FUNCTION cs_policy.hmac_sha256(text, bytea) FROM PUBLIC;

-- The Citus distributed transaction this backend takes part in, the same
-- text on the coordinator and on every worker; NULL without Citus or
-- before the transaction has touched a distributed table.
CREATE FUNCTION cs_policy.distributed_transaction()
RETURNS text
LANGUAGE plpgsql STABLE PARALLEL RESTRICTED
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    found text;
BEGIN
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = 'citus') THEN
        RETURN NULL;
    END IF;
    EXECUTE $q$SELECT t.initiator_node_identifier || ':' || t.transaction_number || ':'
                      || extract(epoch FROM t.transaction_stamp)
                 FROM pg_catalog.get_current_transaction_id() t
                WHERE t.transaction_number <> 0$q$ INTO found;
    RETURN found;
END
$$;
COMMENT ON FUNCTION cs_policy.distributed_transaction() IS
    'Internal: the Citus distributed transaction id (initiator node, number, start) as text, the same on every node; NULL without Citus or outside a distributed transaction';

-- The pass: employee_id;transaction;signature;role (the role last: a role
-- name may hold any character).
CREATE FUNCTION cs_policy.signed_acting_pass(employee_id text, xact text, role_name text)
RETURNS text
LANGUAGE plpgsql STABLE PARALLEL RESTRICTED SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RETURN employee_id || ';' || xact || ';'
        || encode(cs_policy.hmac_sha256(employee_id || E'\n' || xact || E'\n' || role_name,
                                        (SELECT s.secret FROM cs_policy.access_secret s)), 'hex')
        || ';' || role_name;
END
$$;
COMMENT ON FUNCTION cs_policy.signed_acting_pass(text, text, text) IS
    'Internal: the acting pass of an employee for a distributed transaction and a role, signed with access_secret: what act_as hands the worker nodes and what they check it against';
REVOKE EXECUTE ON FUNCTION cs_policy.signed_acting_pass(text, text, text) FROM PUBLIC;

-- A pass checked against a transaction and a role: its employee when it
-- is signed for both; NULL when it is another role's; 42501 when it is
-- forged or of another transaction.
CREATE FUNCTION cs_policy.check_acting_pass(pass text, xact text, role_name name)
RETURNS bigint
LANGUAGE plpgsql STABLE PARALLEL RESTRICTED SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    parts text[] := regexp_match(pass, '^([0-9]+);([0-9:.]+);([0-9a-f]{64});(.+)$');
BEGIN
    IF parts IS NOT NULL AND parts[4] <> role_name THEN
        RETURN NULL;
    END IF;
    IF parts IS NULL
       OR parts[2] IS DISTINCT FROM xact
       OR pass <> cs_policy.signed_acting_pass(parts[1], parts[2], parts[4]) THEN
        RAISE EXCEPTION 'cs_policy.acting_pass is not a pass act_as gave this transaction'
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = 'The pass carries the acting employee to the worker nodes of a Citus cluster; it is signed and good for one transaction.',
                  HINT = 'Name the employee with cs_policy.act_as(code) and leave cs_policy.acting_pass alone.';
    END IF;
    RETURN parts[1]::bigint;
END
$$;
COMMENT ON FUNCTION cs_policy.check_acting_pass(text, text, name) IS
    'Internal: the employee of an acting pass signed for this distributed transaction and role; NULL for another role''s pass; 42501 for a forged pass or one of another transaction';
REVOKE EXECUTE ON FUNCTION cs_policy.check_acting_pass(text, text, name) FROM PUBLIC;

-- On a worker: the employee of the pass the coordinator sent, for a role
-- that is still the app's; NULL when there is none, or it is another
-- role's (SET ROLE since).
CREATE FUNCTION cs_policy.employee_of_acting_pass()
RETURNS bigint
LANGUAGE plpgsql STABLE PARALLEL RESTRICTED SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    pass  text := current_setting('cs_policy.acting_pass', true);
    found_id bigint;
BEGIN
    IF pass IS NULL OR pass = '' THEN
        RETURN NULL;
    END IF;
    found_id := cs_policy.check_acting_pass(pass, cs_policy.distributed_transaction(), cs_policy.calling_role());
    IF found_id IS NOT NULL AND NOT cs_policy.in_job('app') AND NOT cs_policy.caller_is_superuser() THEN
        RAISE EXCEPTION 'login "%" may not act for an employee', cs_policy.calling_role()
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = 'An acting pass holds only for members of the app role that cs_policy.create_roles made.',
                  HINT = 'Only the app role names the employee it acts for (act_as).';
    END IF;
    RETURN found_id;
END
$$;
COMMENT ON FUNCTION cs_policy.employee_of_acting_pass() IS
    'Internal: on a Citus worker, the employee act_as named on the coordinator, from the signed pass of this transaction (42501 if it is forged, from another transaction, or its role is no longer the app''s); NULL when none';
REVOKE EXECUTE ON FUNCTION cs_policy.employee_of_acting_pass() FROM PUBLIC;

-- The database role acting: the one set with SET ROLE, else the session's.
-- Inside a SECURITY DEFINER function current_user is the owner; the role
-- setting is not.
CREATE FUNCTION cs_policy.calling_role()
RETURNS name
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RETURN CASE WHEN current_setting('role') = 'none' THEN session_user ELSE current_setting('role')::name END;
END
$$;
COMMENT ON FUNCTION cs_policy.calling_role() IS
    'The role the caller acts as: set with SET ROLE, else the session user (also inside SECURITY DEFINER functions)';

CREATE FUNCTION cs_policy.caller_is_superuser()
RETURNS boolean
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RETURN coalesce((SELECT r.rolsuper FROM pg_catalog.pg_roles r WHERE r.rolname = cs_policy.calling_role()), false);
END
$$;
COMMENT ON FUNCTION cs_policy.caller_is_superuser() IS 'Whether the calling role (see calling_role) is a superuser';

-- ------------------------------------------------------------------ jobs

CREATE TABLE cs_policy.access_role (
    job       text PRIMARY KEY
              CHECK (job OPERATOR(pg_catalog.=) ANY ('{agent,team_lead,supervisor,manager,director,hr,qa_trainer,analyst,auditor,app}')),
    role_name name NOT NULL UNIQUE,
    created_at timestamptz NOT NULL DEFAULT pg_catalog.now()
);
COMMENT ON TABLE cs_policy.access_role IS
    'The group role create_roles made for each job; the auditor''s and the app''s are asked by access_scope and act_as';
COMMENT ON COLUMN cs_policy.access_role.job IS 'agent, team_lead, supervisor, manager, director, hr, qa_trainer, analyst, auditor or app';
COMMENT ON COLUMN cs_policy.access_role.role_name IS 'The NOLOGIN group role of the job (prefix || job)';
COMMENT ON COLUMN cs_policy.access_role.created_at IS 'When create_roles made or adopted it';
SELECT pg_catalog.pg_extension_config_dump('cs_policy.access_role', '');

CREATE FUNCTION cs_policy.in_job(job text)
RETURNS boolean
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RETURN EXISTS (SELECT 1 FROM cs_policy.access_role r
                    WHERE r.job = in_job.job
                      AND pg_catalog.to_regrole(pg_catalog.quote_ident(r.role_name)) IS NOT NULL
                      AND pg_catalog.pg_has_role(cs_policy.calling_role(), r.role_name, 'MEMBER'));
END
$$;
COMMENT ON FUNCTION cs_policy.in_job(text) IS
    'Whether the calling role (SET ROLE, else the session user) is a member of the group role create_roles made for the job';

-- ------------------------------------------------------------- the audit

-- SEC-5: who did what, for whom, to which record. employee_id is the one
-- acted for (0: nobody, a DBA's set-up command): the distribution column.
CREATE TABLE cs_policy.audit_log (
    employee_id bigint NOT NULL,
    audit_id    bigint GENERATED ALWAYS AS IDENTITY,
    at          timestamptz NOT NULL DEFAULT pg_catalog.clock_timestamp(),
    login       name NOT NULL,
    acting_role name NOT NULL,
    command     text NOT NULL,
    target      text NOT NULL,
    before      jsonb,
    after       jsonb,
    PRIMARY KEY (employee_id, audit_id)
);
COMMENT ON TABLE cs_policy.audit_log IS
    'SEC-5: one row per record a command changed (and per act_as and unmasked read of customer data): who, acting for whom, when, which command, the row before and after. Readable by auditors only; written only by the commands';
COMMENT ON COLUMN cs_policy.audit_log.employee_id IS 'The employee acted for (0: none, a DBA''s set-up command)';
COMMENT ON COLUMN cs_policy.audit_log.audit_id IS 'Order of writing';
COMMENT ON COLUMN cs_policy.audit_log.at IS 'When (the clock, not the transaction start)';
COMMENT ON COLUMN cs_policy.audit_log.login IS 'The session user: who logged in (the pool''s login for an application)';
COMMENT ON COLUMN cs_policy.audit_log.acting_role IS 'The role set with SET ROLE, else the session user';
COMMENT ON COLUMN cs_policy.audit_log.command IS 'The command, e.g. approve_leave';
COMMENT ON COLUMN cs_policy.audit_log.target IS 'The table changed (or what was read), e.g. leave_request';
COMMENT ON COLUMN cs_policy.audit_log.before IS 'The row before (NULL for a new row)';
COMMENT ON COLUMN cs_policy.audit_log.after IS 'The row after (NULL for a removed row)';
SELECT pg_catalog.pg_extension_config_dump('cs_policy.audit_log', '');
SELECT pg_catalog.pg_extension_config_dump('cs_policy.audit_log_audit_id_seq', '');

-- The auditor reads everything but pay (SEC-2): a row's wages are left out
-- of its audit row, which says only that they changed.
CREATE FUNCTION cs_policy.audit(employee_id bigint, command text, target text, before jsonb, after jsonb)
RETURNS void
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    pay text[] := ARRAY(SELECT sc.col FROM cs_policy.secret_column sc
                         WHERE sc.relation = audit.target AND NOT 'auditor' = ANY (sc.readers));
    was jsonb := audit.before;
    now_is jsonb := audit.after;
    -- into a variable: Citus would evaluate session_user on the worker,
    -- where the session is the owner's
    who name := session_user;
BEGIN
    IF cardinality(pay) > 0 THEN
        was := was - pay;
        now_is := now_is - pay;
        -- (a record without wages, like act_as's, says nothing of pay)
        IF jsonb_typeof(audit.after) = 'object' AND
           EXISTS (SELECT 1 FROM unnest(pay) c WHERE audit.before -> c IS DISTINCT FROM audit.after -> c) THEN
            now_is := now_is || '{"pay": "changed, withheld (SEC-2)"}';
        END IF;
    END IF;
    INSERT INTO cs_policy.audit_log (employee_id, login, acting_role, command, target, before, after)
    VALUES (coalesce(audit.employee_id, 0), who, cs_policy.calling_role(), audit.command, audit.target,
            was, now_is);
END
$$;
COMMENT ON FUNCTION cs_policy.audit(bigint, text, text, jsonb, jsonb) IS
    'Internal: writes an audit row for a command (employee_id: whom it acted for, NULL for nobody); wages are left out (SEC-2: the row says they changed)';
REVOKE EXECUTE ON FUNCTION cs_policy.audit(bigint, text, text, jsonb, jsonb) FROM PUBLIC;

-- ---------------------------------------------------------- who is acting

-- The employee acting: the one a pooled application named with act_as in
-- this transaction, else the one whose login is the calling role.
-- SECURITY DEFINER: the row-level policies ask it, and it must read the
-- employee table past them.
CREATE FUNCTION cs_policy.current_employee()
RETURNS bigint
LANGUAGE plpgsql STABLE PARALLEL RESTRICTED SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    named bigint := coalesce(cs_policy.acting_for(), cs_policy.employee_of_acting_pass());
    found_id bigint;
BEGIN
    IF named IS NOT NULL THEN
        RETURN named;
    END IF;
    SELECT e.employee_id INTO found_id FROM cs_policy.employee e
     WHERE e.login = cs_policy.calling_role() AND e.active;
    RETURN found_id;
END
$$;
COMMENT ON FUNCTION cs_policy.current_employee() IS
    'The employee_id of whoever is acting: the employee a pooled application named with act_as for this transaction, else the active employee whose login is the calling role (SET ROLE, else the session user); NULL when nobody';

CREATE FUNCTION cs_policy.begin_acting(employee_code text, OUT employee_id bigint, OUT pass text)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    person cs_policy.employee;
    xact   text;
BEGIN
    IF NOT cs_policy.in_job('app') AND NOT cs_policy.caller_is_superuser() THEN
        RAISE EXCEPTION 'login "%" may not act for an employee', session_user
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = 'Only members of the app role that cs_policy.create_roles made name the employee they act for.',
                  HINT = 'An employee''s own login acts for them without act_as.';
    END IF;
    IF cs_policy.acting_for() IS NOT NULL THEN
        RAISE EXCEPTION 'this transaction already acts for an employee'
            USING ERRCODE = 'insufficient_privilege',
                  HINT = 'act_as names one employee per transaction: COMMIT or ROLLBACK, then act_as again.';
    END IF;
    SELECT * INTO person FROM cs_policy.employee e WHERE e.code = begin_acting.employee_code;
    IF NOT FOUND OR NOT person.active THEN
        RAISE EXCEPTION 'no active employee "%" to act for', employee_code
            USING ERRCODE = 'no_data_found',
                  HINT = 'act_as takes the staff number of an active employee.';
    END IF;
    PERFORM cs_policy.set_acting_for(person.employee_id);
    PERFORM cs_policy.audit(person.employee_id, 'act_as', 'employee', NULL,
                            jsonb_build_object('employee', person.code));
    -- after the audit row: writing it opened the distributed transaction
    -- the pass is bound to
    employee_id := person.employee_id;
    xact := cs_policy.distributed_transaction();
    IF xact IS NOT NULL THEN        -- without Citus, no pass
        pass := cs_policy.signed_acting_pass(person.employee_id::text, xact, cs_policy.calling_role());
    END IF;
END
$$;
COMMENT ON FUNCTION cs_policy.begin_acting(text) IS
    'Internal: act_as''s checks, the acting employee in this backend''s memory, the audit row, and the signed pass for Citus workers (NULL without Citus)';
REVOKE EXECUTE ON FUNCTION cs_policy.begin_acting(text) FROM PUBLIC;

-- Not SECURITY DEFINER, and without a SET clause: a SET LOCAL inside a
-- function with one is undone when it returns, and the pass must last the
-- transaction.
CREATE FUNCTION cs_policy.act_as(employee_code text)
RETURNS bigint
LANGUAGE plpgsql VOLATILE
AS $$
DECLARE
    started record;
BEGIN
    SELECT b.employee_id, b.pass INTO started FROM cs_policy.begin_acting(act_as.employee_code) b;
    IF started.pass IS NOT NULL THEN
        -- Citus sends the transaction's SET LOCALs to every node it uses
        PERFORM pg_catalog.set_config('citus.propagate_set_commands', 'local', true);
        EXECUTE pg_catalog.format('SET LOCAL cs_policy.acting_pass = %L', started.pass);
    END IF;
    RETURN started.employee_id;
END
$$;
COMMENT ON FUNCTION cs_policy.act_as(text) IS
    'For an application connecting through a pool with one login (a member of the app role): the employee it acts for until the end of this transaction, recorded in the audit log; returns employee_id. On Citus it also hands the worker nodes a signed pass for this transaction (cs_policy.acting_pass)';
REVOKE EXECUTE ON FUNCTION cs_policy.act_as(text) FROM PUBLIC;

-- SEC-4: an agent acts only on shift, give or take the policy's tolerance.
CREATE FUNCTION cs_policy.check_on_shift(person cs_policy.employee)
RETURNS void
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    today     date := (now() AT TIME ZONE 'Asia/Shanghai')::date;
    tolerance interval := justify_hours(make_interval(mins => coalesce((cs_policy.settings_for(person.employee_id, today, 'access')
                                                                         ->> 'shift_login_tolerance_minutes')::integer, 30)));
    next_start timestamptz;
BEGIN
    IF person.role <> 'agent'
       OR (cs_policy.settings_for(person.employee_id, today, 'access') ->> 'agents_on_shift_only')::boolean IS NOT TRUE THEN
        RETURN;
    END IF;
    IF EXISTS (SELECT 1 FROM cs_policy.roster r
                WHERE r.employee_id = person.employee_id
                  AND r.work_date BETWEEN today - 1 - extract(day FROM tolerance)::integer
                                      AND today + 1 + extract(day FROM tolerance)::integer
                  AND r.instants && tstzmultirange(tstzrange(now() - tolerance, now() + tolerance))) THEN
        RETURN;
    END IF;
    SELECT min(lower(r.instants)) INTO next_start FROM cs_policy.roster r
     WHERE r.employee_id = person.employee_id AND r.work_date >= today - 1 AND lower(r.instants) > now();
    RAISE EXCEPTION 'employee % is not on shift now', person.code
        USING ERRCODE = 'insufficient_privilege',
              DETAIL = format('An agent''s login acts only from %s before a rostered shift until %s after it (SEC-4); %s',
                              tolerance, tolerance,
                              CASE WHEN next_start IS NULL THEN 'no shift is rostered ahead.'
                                   ELSE 'the next shift starts at ' || to_char(next_start AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI') || ' (Asia/Shanghai).' END),
              HINT = 'Ask the team lead, or act within the shift.';
END
$$;
COMMENT ON FUNCTION cs_policy.check_on_shift(cs_policy.employee) IS
    'SEC-4: raises 42501 naming the next shift unless an agent is within a rostered shift, give or take shift_login_tolerance_minutes of the access policy (default 30); a policy with agents_on_shift_only false lets agents act at any time';

-- The actor of a command. A SECURITY DEFINER function cannot trust an
-- employee code passed as an argument: it acts for current_employee(). A
-- superuser without an employee (a DBA loading records) may name one with
-- acting_as; that load is not held to SEC-4.
CREATE FUNCTION cs_policy.acting_employee(acting_as text DEFAULT NULL)
RETURNS cs_policy.employee
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    caller name := cs_policy.calling_role();
    acting bigint := cs_policy.current_employee();
    person cs_policy.employee;
BEGIN
    IF acting IS NOT NULL THEN
        SELECT * INTO person FROM cs_policy.employee e WHERE e.employee_id = acting;
        IF acting_as IS NOT NULL AND acting_as <> person.code THEN
            RAISE EXCEPTION 'login "%" acts for employee %, not for %', caller, person.code, acting_as
                USING ERRCODE = 'insufficient_privilege';
        END IF;
        IF NOT person.active THEN
            RAISE EXCEPTION 'employee % left on % and acts no more', person.code, person.left_on
                USING ERRCODE = 'insufficient_privilege';
        END IF;
        PERFORM cs_policy.check_on_shift(person);
        RETURN person;
    END IF;
    IF acting_as IS NOT NULL AND cs_policy.caller_is_superuser() THEN
        RETURN cs_policy.employee_by_code(acting_as);
    END IF;
    RAISE EXCEPTION 'login "%" does not act for any active employee', caller
        USING ERRCODE = 'insufficient_privilege',
              HINT = 'Link the login to the person with cs_policy.set_employee_login(code, login), or act_as(code) from the app role; a superuser may pass acting_as => code.';
END
$$;
COMMENT ON FUNCTION cs_policy.acting_employee(text) IS
    'The active employee a command acts for: current_employee() (an agent only on shift, SEC-4), or for a superuser without one, the employee named by acting_as; raises 42501 otherwise';

-- ---------------------------------------------------- grants of data access

-- SEC-1: another department's data only with a recorded, time-bounded
-- approval of a manager above both. employee_id is the grantee.
CREATE TABLE cs_policy.data_access_grant (
    employee_id   bigint NOT NULL REFERENCES cs_policy.employee,
    grant_id      bigint GENERATED ALWAYS AS IDENTITY,
    department_id bigint NOT NULL REFERENCES cs_policy.department,
    granted_by    bigint NOT NULL,
    granted_at    timestamptz NOT NULL DEFAULT pg_catalog.now(),
    until         timestamptz NOT NULL,
    reason        text NOT NULL CHECK (pg_catalog.btrim(reason) OPERATOR(pg_catalog.<>) ''),
    revoked_at    timestamptz,
    revoked_by    bigint,
    PRIMARY KEY (employee_id, grant_id),
    CHECK (until OPERATOR(pg_catalog.>) granted_at),
    CHECK ((revoked_at IS NULL) OPERATOR(pg_catalog.=) (revoked_by IS NULL))
);
COMMENT ON TABLE cs_policy.data_access_grant IS
    'SEC-1: a department''s data opened to an employee outside it, approved by a manager above both, until a time; it stops applying at until or when revoked. Change through grant_data_access and revoke_data_access';
COMMENT ON COLUMN cs_policy.data_access_grant.employee_id IS 'Who may see';
COMMENT ON COLUMN cs_policy.data_access_grant.grant_id IS 'Surrogate key';
COMMENT ON COLUMN cs_policy.data_access_grant.department_id IS 'Whose data (the department and everything below it)';
COMMENT ON COLUMN cs_policy.data_access_grant.granted_by IS 'employee_id of the manager who approved';
COMMENT ON COLUMN cs_policy.data_access_grant.granted_at IS 'When';
COMMENT ON COLUMN cs_policy.data_access_grant.until IS 'When it stops applying';
COMMENT ON COLUMN cs_policy.data_access_grant.reason IS 'Why (for the auditor)';
COMMENT ON COLUMN cs_policy.data_access_grant.revoked_at IS 'When it was revoked before until';
COMMENT ON COLUMN cs_policy.data_access_grant.revoked_by IS 'employee_id of who revoked it';
SELECT pg_catalog.pg_extension_config_dump('cs_policy.data_access_grant', '');
SELECT pg_catalog.pg_extension_config_dump('cs_policy.data_access_grant_grant_id_seq', '');

INSERT INTO cs_policy.preset_setting (preset, area, settings, note) VALUES
    (NULL, 'access', '{"agents_on_shift_only": true, "shift_login_tolerance_minutes": 30, "identity_check_minutes": 30, "data_access_max_days": 90}',
     'SEC-4: an agent acts from 30 minutes before a shift to 30 after (agents_on_shift_only false: agents who work from home act at any time); SEC-3: a customer''s identity check opens their data to the owner for 30 minutes; SEC-1: a grant of another department''s data lasts at most 90 days');

-- The scope of whoever is acting, for one statement. SECURITY DEFINER: it
-- reads employees, departments and grants past their row-level policies.
-- Called through access_scope(), which keeps it for the statement. On a
-- Citus worker a row-level policy asks it while a shard is read, so its
-- lookups are nested distributed queries, which Citus allows only when
-- told: they read the employees, departments and grants as committed
-- (a grant not yet committed in the caller's transaction does not count).
CREATE FUNCTION cs_policy.build_access_scope()
RETURNS cs_policy.access_scope
LANGUAGE plpgsql STABLE PARALLEL RESTRICTED SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET citus.allow_nested_distributed_execution = on
AS $$
DECLARE
    viewer bigint := cs_policy.current_employee();
    person cs_policy.employee;
    roots  bigint[];
BEGIN
    -- a superuser bypasses row-level security anyway; the definer code sees as much
    IF cs_policy.caller_is_superuser() THEN
        RETURN cs_policy.access_scope_make(viewer, true, true, NULL, NULL, NULL, true);
    END IF;
    IF viewer IS NULL THEN
        -- an auditor reads everything but pay (SEC-2); anyone else nothing
        RETURN cs_policy.access_scope_make(0, cs_policy.in_job('auditor'), false, NULL, NULL, NULL,
                                           cs_policy.in_job('auditor'));
    END IF;
    SELECT * INTO person FROM cs_policy.employee e WHERE e.employee_id = viewer;
    -- SEC-1: reports leave the center through the analyst as aggregates
    -- (team_report), never as anybody's rows
    IF person.role = 'analyst' AND NOT cs_policy.in_job('auditor') THEN
        RETURN cs_policy.access_scope_make(viewer, false, false, NULL, NULL, NULL);
    END IF;
    IF person.role IN ('director', 'hr') OR cs_policy.in_job('auditor') THEN
        RETURN cs_policy.access_scope_make(viewer, true, person.role = 'hr', NULL, NULL, NULL,
                                           cs_policy.in_job('auditor'));
    END IF;
    -- an agent answers for nobody; a team lead for the team; supervisors,
    -- managers, QA and trainers for their department's subtree
    roots := CASE WHEN person.role = 'agent' THEN '{}'::bigint[] ELSE ARRAY[person.department_id] END;
    roots := roots || ARRAY(SELECT g.department_id FROM cs_policy.data_access_grant g
                             WHERE g.employee_id = viewer AND g.revoked_at IS NULL AND g.until > now());
    RETURN cs_policy.access_scope_make(
        viewer, false, false,
        ARRAY(SELECT e.employee_id FROM cs_policy.employee e
                JOIN cs_policy.department d ON d.department_id = e.department_id
               WHERE d.path && roots),
        ARRAY(SELECT e.employee_id FROM cs_policy.employee e WHERE e.department_id = person.department_id),
        ARRAY(SELECT d.department_id FROM cs_policy.department d WHERE d.path && roots));
END
$$;
COMMENT ON FUNCTION cs_policy.build_access_scope()
    IS 'Internal: builds the scope access_scope() returns';

CREATE FUNCTION cs_policy.access_scope() RETURNS cs_policy.access_scope
    AS 'MODULE_PATHNAME', 'access_scope_current' LANGUAGE C STABLE PARALLEL RESTRICTED;
COMMENT ON FUNCTION cs_policy.access_scope()
    IS 'SEC-1, SEC-2: what whoever is acting may see, built once per statement (by build_access_scope) and kept in memory so that a row-level policy asks it row by row at the cost of a call: a superuser everything; the director, HR and auditors the center (only HR and the person their pay); an analyst their own records only (reports are team_report''s aggregates); supervisors, managers, QA and trainers their department and below; a team lead the team; an agent their own records and their team''s roster and handover logs; plus the departments granted to them until the grant ends';

-- SEC-1 in SECURITY DEFINER commands, which bypass row-level security: the
-- record a command is asked about must be one its caller may see, by the
-- same function the policies use.
CREATE FUNCTION cs_policy.check_sees(employee_id bigint, what text)
RETURNS void
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF NOT cs_policy.sees(cs_policy.access_scope(), check_sees.employee_id) THEN
        RAISE EXCEPTION '% is not one the caller may see', what
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = 'SEC-1: a department''s records are seen by its own people and those above them.',
                  HINT = 'Another department''s data needs a grant: cs_policy.grant_data_access, approved by a manager above both.';
    END IF;
END
$$;
COMMENT ON FUNCTION cs_policy.check_sees(bigint, text) IS
    'SEC-1: raises 42501 unless the caller''s access scope sees this employee''s records (what names the record); for SECURITY DEFINER commands';

CREATE FUNCTION cs_policy.grant_data_access(department text, to_employee text, until timestamptz, reason text,
                                            acting_as text DEFAULT NULL)
RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    actor   cs_policy.employee := cs_policy.acting_employee(acting_as);
    dept    cs_policy.department := cs_policy.department_by_code(department);
    grantee cs_policy.employee := cs_policy.employee_by_code(to_employee);
    home    cs_policy.department;
    common  bigint[];
    longest integer := (cs_policy.settings_for(actor.employee_id, CURRENT_DATE, 'access') ->> 'data_access_max_days')::integer;
    new_id  bigint;
BEGIN
    SELECT * INTO STRICT home FROM cs_policy.department d WHERE d.department_id = grantee.department_id;
    IF dept.department_id = ANY (home.path) THEN
        RAISE EXCEPTION 'employee % already sees department "%" by working in it', grantee.code, department
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF until IS NULL OR NOT isfinite(until) OR until <= now() THEN
        RAISE EXCEPTION 'a grant of data access ends at a time ahead, not %', until
            USING ERRCODE = 'invalid_parameter_value', HINT = 'Pass until => now() + interval ''7 days'', say.';
    END IF;
    IF until > now() + make_interval(days => longest) THEN
        RAISE EXCEPTION 'a grant of data access lasts at most % days', longest
            USING ERRCODE = 'invalid_parameter_value', HINT = 'Grant again when it ends (data_access_max_days of the access policy).';
    END IF;
    IF reason IS NULL OR btrim(reason) = '' THEN
        RAISE EXCEPTION 'a grant of data access needs a reason' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    -- the departments above both: the common start of the two paths
    SELECT array_agg(dept.path[i] ORDER BY i) INTO common
      FROM generate_subscripts(dept.path, 1) AS i
     WHERE i <= cardinality(home.path) AND dept.path[1:i] = home.path[1:i];
    IF NOT (actor.role IN ('deputy_manager', 'manager', 'director') AND actor.active
            AND actor.department_id = ANY (common)) THEN
        RAISE EXCEPTION '% may not open department "%" to %', actor.code, department, grantee.code
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = 'SEC-1: another department''s data needs the approval of a manager above both departments.',
                  HINT = 'Who may approve: ' || coalesce((
                      SELECT string_agg(e.code || ' ' || e.name || ' (' || e.role::text || ')', ', ' ORDER BY e.role DESC, e.code)
                        FROM cs_policy.employee e
                       WHERE e.active AND e.role IN ('deputy_manager', 'manager', 'director')
                         AND e.department_id = ANY (common)), 'nobody is recorded') || '.';
    END IF;
    INSERT INTO cs_policy.data_access_grant (employee_id, department_id, granted_by, until, reason)
    VALUES (grantee.employee_id, dept.department_id, actor.employee_id, grant_data_access.until, grant_data_access.reason)
    RETURNING grant_id INTO new_id;
    PERFORM cs_policy.audit(actor.employee_id, 'grant_data_access', 'data_access_grant', NULL,
                            (SELECT to_jsonb(g) FROM cs_policy.data_access_grant g
                              WHERE g.employee_id = grantee.employee_id AND g.grant_id = new_id));
    RETURN new_id;
END
$$;
COMMENT ON FUNCTION cs_policy.grant_data_access(text, text, timestamptz, text, text) IS
    'SEC-1: opens a department''s data (and its sub-departments'') to an employee outside it until a time, with a reason; only a deputy manager, manager or director above both departments approves (42501 names who may); returns grant_id';
REVOKE EXECUTE ON FUNCTION cs_policy.grant_data_access(text, text, timestamptz, text, text) FROM PUBLIC;

CREATE FUNCTION cs_policy.revoke_data_access(grant_id bigint, acting_as text DEFAULT NULL)
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    actor cs_policy.employee := cs_policy.acting_employee(acting_as);
    g     cs_policy.data_access_grant;
    its   bigint;
    stamp timestamptz := now();
BEGIN
    SELECT x.employee_id INTO its FROM cs_policy.data_access_grant x WHERE x.grant_id = revoke_data_access.grant_id;
    SELECT * INTO g FROM cs_policy.data_access_grant x
     WHERE x.employee_id = its AND x.grant_id = revoke_data_access.grant_id FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'grant % does not exist', grant_id
            USING ERRCODE = 'no_data_found', HINT = 'SELECT * FROM cs_policy.data_access_grants lists them.';
    END IF;
    IF g.granted_by <> actor.employee_id AND actor.role <> 'director' THEN
        RAISE EXCEPTION '% may not revoke grant %', actor.code, grant_id
            USING ERRCODE = 'insufficient_privilege', HINT = 'The manager who granted it, or the director, revokes it.';
    END IF;
    IF g.revoked_at IS NOT NULL OR g.until <= now() THEN
        RAISE EXCEPTION 'grant % has already ended', grant_id USING ERRCODE = 'object_not_in_prerequisite_state';
    END IF;
    UPDATE cs_policy.data_access_grant x SET revoked_at = stamp, revoked_by = actor.employee_id
     WHERE x.employee_id = its AND x.grant_id = g.grant_id;
    PERFORM cs_policy.audit(actor.employee_id, 'revoke_data_access', 'data_access_grant', to_jsonb(g),
                            (SELECT to_jsonb(x) FROM cs_policy.data_access_grant x
                              WHERE x.employee_id = its AND x.grant_id = g.grant_id));
END
$$;
COMMENT ON FUNCTION cs_policy.revoke_data_access(bigint, text) IS
    'Ends a grant of data access before its time (the manager who granted it, or the director)';
REVOKE EXECUTE ON FUNCTION cs_policy.revoke_data_access(bigint, text) FROM PUBLIC;

CREATE VIEW cs_policy.data_access_grants WITH (security_invoker = true) AS
SELECT g.grant_id,
       e.code AS employee_code,
       d.code AS department_code,
       b.code AS granted_by_code,
       g.granted_at,
       g.until,
       g.reason,
       g.revoked_at,
       g.revoked_at IS NULL AND g.until OPERATOR(pg_catalog.>) (SELECT pg_catalog.now()) AS in_force
  FROM cs_policy.data_access_grant g
  JOIN cs_policy.department d ON d.department_id OPERATOR(pg_catalog.=) g.department_id
  LEFT JOIN cs_policy.employee e ON e.employee_id OPERATOR(pg_catalog.=) g.employee_id
  LEFT JOIN cs_policy.employee b ON b.employee_id OPERATOR(pg_catalog.=) g.granted_by;
COMMENT ON VIEW cs_policy.data_access_grants IS 'SEC-1: grants of another department''s data, and whether each is in force now';
COMMENT ON COLUMN cs_policy.data_access_grants.grant_id IS 'Surrogate key';
COMMENT ON COLUMN cs_policy.data_access_grants.employee_code IS 'Who may see';
COMMENT ON COLUMN cs_policy.data_access_grants.department_code IS 'Whose data';
COMMENT ON COLUMN cs_policy.data_access_grants.granted_by_code IS 'Who approved';
COMMENT ON COLUMN cs_policy.data_access_grants.granted_at IS 'When';
COMMENT ON COLUMN cs_policy.data_access_grants.until IS 'When it stops applying';
COMMENT ON COLUMN cs_policy.data_access_grants.reason IS 'Why';
COMMENT ON COLUMN cs_policy.data_access_grants.revoked_at IS 'When it was revoked early';
COMMENT ON COLUMN cs_policy.data_access_grants.in_force IS 'Applies now';

-- ------------------------------------------------------------ masking

-- SEC-3: what others see of a customer's data. IMMUTABLE: the masked
-- copies are stored generated columns beside the raw ones.
CREATE FUNCTION cs_policy.mask_contact(contact text)
RETURNS text
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    digits text := regexp_replace(contact, '[^0-9]', '', 'g');
BEGIN
    IF position('@' IN contact) > 1 THEN
        RETURN left(contact, 1) || '***' || substr(contact, position('@' IN contact));
    END IF;
    IF length(digits) >= 7 THEN
        RETURN left(digits, 3) || '****' || right(digits, 4);
    END IF;
    RETURN repeat('*', length(contact));
END
$$;
COMMENT ON FUNCTION cs_policy.mask_contact(text) IS
    'SEC-3: a phone number as 138****5678 (its first 3 and last 4 digits), an e-mail address as a***@example.com, anything else as stars';

CREATE FUNCTION cs_policy.mask_name(name text)
RETURNS text
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RETURN left(btrim(name), 1) || repeat('*', greatest(length(btrim(name)) - 1, 1));
END
$$;
COMMENT ON FUNCTION cs_policy.mask_name(text) IS 'SEC-3: a name as its first character and stars: 张**';

CREATE FUNCTION cs_policy.mask_address(address text)
RETURNS text
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RETURN cs_policy.mask_numbers(left(address, 6)) || '****';
END
$$;
COMMENT ON FUNCTION cs_policy.mask_address(text) IS 'SEC-3: an address as its first 6 characters (the city) and stars';

CREATE FUNCTION cs_policy.mask_numbers(body text)
RETURNS text
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    hit text[];
    out text := body;
BEGIN
    -- runs of 7 or more digits (phones, ID numbers, bank cards), spaces and dashes inside
    FOR hit IN SELECT regexp_matches(body, '[0-9][0-9 -]{5,}[0-9Xx]', 'g') LOOP
        IF length(regexp_replace(hit[1], '[^0-9Xx]', '', 'g')) >= 7 THEN
            out := replace(out, hit[1], cs_policy.mask_contact(regexp_replace(hit[1], '[^0-9Xx]', '', 'g')));
        END IF;
    END LOOP;
    RETURN out;
END
$$;
COMMENT ON FUNCTION cs_policy.mask_numbers(text) IS
    'SEC-3: a text with every run of 7 or more digits (a phone, an ID or bank card number) masked as 138****5678';
