-- src/roles.sql: the group roles of a center and what each may run and read (no C)
--
-- Roles are cluster-wide, so CREATE EXTENSION cannot make them: a DBA runs
-- cs_policy.create_roles() once per database. What each job gets is data
-- (job_command) plus a few rules (job_privileges), so that an auditor reads
-- the whole access model in one query and a test can hold every role to it.

CREATE TABLE cs_policy.job_command (
    job     text NOT NULL
            CHECK (job OPERATOR(pg_catalog.=) ANY ('{agent,team_lead,supervisor,manager,director,hr,qa_trainer,analyst}')),
    command text NOT NULL,
    PRIMARY KEY (job, command)
);
COMMENT ON TABLE cs_policy.job_command IS
    'The commands each job may run (create_roles grants EXECUTE on every signature). A team lead also runs what an agent runs, a supervisor what a team lead runs, a manager what a supervisor runs, the director what a manager runs';
COMMENT ON COLUMN cs_policy.job_command.job IS 'The job';
COMMENT ON COLUMN cs_policy.job_command.command IS 'A function of schema cs_policy';

INSERT INTO cs_policy.job_command (job, command)
SELECT 'agent', unnest('{record_punch,request_punch_correction,request_exception,request_leave,cancel_leave,file_sick_documents,
                         request_overtime,cancel_overtime,
                         request_swap,consent_swap,cancel_swap,open_handover,add_handover_entry,sign_handover,refuse_handover,
                         register_complaint,hand_on_complaint,wait_for_customer,resume_complaint,resolve_complaint,
                         inform_complainant,close_complaint,reopen_complaint,record_chat_message,record_call,seat_sign_in,seat_sign_out,verify_customer_identity,
                         customer_contact,file_promotion_application,file_confirmation,cast_peer_ballot,record_diagnosis,record_sent_out,
                         record_repaired,record_return,record_callback}'::text[])
UNION ALL
SELECT 'team_lead', unnest('{decide_punch_correction,decide_exception,record_incident,report_proxy_punch,report_unclear_swap,withdraw_incident,
                             approve_leave,refuse_leave,record_leave_call,void_leave,review_handovers,approve_swap,refuse_swap,
                             request_roster_change,assign_complaint,record_performance}'::text[])
UNION ALL
SELECT 'supervisor', unnest('{assign_shift,unassign_shift,roster_rotation,publish_roster,approve_roster_change,
                              refuse_roster_change,report_cover_up,form_incident_team,notify_manager,
                              file_investigation_report,mark_complaint_valid,start_training,record_training_outcome,
                              record_daily_metrics,request_transfer,record_abandoned_call}'::text[])
UNION ALL
SELECT 'manager', unnest('{decide_overtime,approve_application,refuse_application,transfer_employee,grant_data_access,revoke_data_access,
                           detect_sla_breaches,review_report_release}'::text[])
UNION ALL
SELECT 'director', unnest('{set_policy,end_policy,create_department,set_department_manager,define_shift_template,set_staffing,
                            create_calendar,copy_calendar,alter_calendar,set_calendar_week,remove_calendar_week,
                            set_calendar_day,remove_calendar_day,what_if,approve_transfer,refuse_transfer,open_grading}'::text[])
UNION ALL
SELECT 'hr', unnest('{hire_employee,set_wages,set_employee_login,end_employment,record_disciplinary,award_title,
                      approve_leave,refuse_leave,record_leave_call,void_leave,approve_application,refuse_application,
                      record_incident,withdraw_incident,
                      close_period,run_close,close_period_now,start_close_run,fail_close_run,reopen_period,set_pay_item,what_if,
                      issue_transfer_order,open_grading}'::text[])
UNION ALL
SELECT 'qa_trainer', unnest('{record_exam,record_inspection,adjust_score,record_quarter_grade,record_performance,record_sales,
                              mark_complaint_valid,record_incident}'::text[])
UNION ALL
SELECT 'analyst', unnest('{team_report,prepare_report_release}'::text[]);

-- Columns only some jobs read (SEC-2 pay, SEC-3 a customer's data).
CREATE TABLE cs_policy.secret_column (
    relation text NOT NULL,
    col      text NOT NULL,
    readers  text[] NOT NULL,
    rule_id  text NOT NULL,
    PRIMARY KEY (relation, col)
);
COMMENT ON TABLE cs_policy.secret_column IS
    'Columns that create_roles grants only to the jobs listed (everyone else reads the rest of the table): wages (SEC-2) and a customer''s raw data (SEC-3)';
COMMENT ON COLUMN cs_policy.secret_column.relation IS 'Table of schema cs_policy';
COMMENT ON COLUMN cs_policy.secret_column.col IS 'Column';
COMMENT ON COLUMN cs_policy.secret_column.readers IS 'The jobs that read it';
COMMENT ON COLUMN cs_policy.secret_column.rule_id IS 'The rule';
INSERT INTO cs_policy.secret_column VALUES
    ('employee', 'daily_wage', '{hr}', 'SEC-2'),
    ('employee', 'monthly_wage', '{hr}', 'SEC-2'),
    ('wage', 'daily_wage', '{hr}', 'SEC-2'),
    ('wage', 'monthly_wage', '{hr}', 'SEC-2'),
    ('career_history', 'from_pay', '{hr}', 'SEC-2'),
    ('career_history', 'to_pay', '{hr}', 'SEC-2'),
    -- a level's pay is the pay of whoever holds that grade
    ('career_level', 'pay', '{hr}', 'SEC-2'),
    ('complaint', 'complainant_name', '{hr,auditor}', 'SEC-3'),
    ('complaint', 'complainant_contact', '{hr,auditor}', 'SEC-3'),
    ('complaint', 'complainant_address', '{hr,auditor}', 'SEC-3'),
    ('complaint', 'facts', '{hr,auditor}', 'SEC-3'),
    ('complaint', 'request', '{hr,auditor}', 'SEC-3');

-- Every privilege of every job. The rules beside job_command:
-- * team_lead, supervisor, manager and director are members of the job
--   below them in the line of authority;
-- * everyone but the analyst reads every table and view (row-level
--   security decides which rows), less the secret columns of others and
--   the audit log and the peer ranking's votes and ballots, which are the
--   auditor's;
-- * the analyst reads the reference tables (no employee_id) and the
--   aggregates of team_report: reports leave the center through them (SEC-1);
-- * the app runs every command that acts for an employee (it has acting_as:
--   act_as names the employee), and act_as; not the set-up commands, which
--   check no acting employee.
CREATE FUNCTION cs_policy.job_privileges()
RETURNS TABLE (job text, privilege text, object text, columns text[])
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RETURN QUERY
    WITH jobs (job) AS (
        SELECT unnest('{agent,team_lead,supervisor,manager,director,hr,qa_trainer,analyst,auditor,app}'::text[])),
    signatures AS (
        SELECT p.proname::text AS command, p.oid::regprocedure::text AS signature,
               'acting_as' = ANY (coalesce(p.proargnames, '{}')) AS acts
          FROM pg_catalog.pg_proc p
         WHERE p.pronamespace = 'cs_policy'::regnamespace),
    relations AS (
        SELECT c.relname::text AS relation, c.relkind,
               EXISTS (SELECT 1 FROM pg_catalog.pg_attribute a
                        WHERE a.attrelid = c.oid AND a.attname = 'employee_id' AND NOT a.attisdropped) AS per_employee
          FROM pg_catalog.pg_class c
         WHERE c.relnamespace = 'cs_policy'::regnamespace AND c.relkind IN ('r', 'v'))
    SELECT x.job, 'MEMBER', x.below, NULL::text[]
      FROM (VALUES ('team_lead', 'agent'), ('supervisor', 'team_lead'), ('manager', 'supervisor'),
                   ('director', 'manager')) AS x (job, below)
    UNION ALL
    SELECT jc.job, 'EXECUTE', s.signature, NULL
      FROM cs_policy.job_command jc JOIN signatures s ON s.command = jc.command
    UNION ALL
    SELECT DISTINCT 'app', 'EXECUTE', s.signature, NULL::text[]
      FROM cs_policy.job_command jc JOIN signatures s ON s.command = jc.command
     WHERE s.acts OR s.command IN ('customer_contact', 'verify_customer_identity')
    UNION ALL
    SELECT 'app', 'EXECUTE', s.signature, NULL FROM signatures s WHERE s.command IN ('act_as', 'begin_acting')
    UNION ALL
    SELECT j.job, 'SELECT', r.relation,
           CASE WHEN EXISTS (SELECT 1 FROM cs_policy.secret_column sc
                              WHERE sc.relation = r.relation AND NOT j.job = ANY (sc.readers))
                THEN ARRAY(SELECT a.attname::text FROM pg_catalog.pg_attribute a
                            WHERE a.attrelid = ('cs_policy.' || r.relation)::regclass AND a.attnum > 0
                              AND NOT a.attisdropped
                              AND NOT EXISTS (SELECT 1 FROM cs_policy.secret_column sc
                                               WHERE sc.relation = r.relation AND sc.col = a.attname::text
                                                 AND NOT j.job = ANY (sc.readers))
                            ORDER BY a.attnum) END
      FROM jobs j CROSS JOIN relations r
     WHERE CASE WHEN r.relation = 'access_secret' THEN false
                -- (PR-2: who voted and the ballots, apart)
                WHEN r.relation IN ('audit_log', 'customer_data_reads', 'peer_vote', 'peer_ballot') THEN j.job = 'auditor'
                WHEN j.job = 'analyst' THEN r.relkind = 'r' AND NOT r.per_employee
                                             AND r.relation NOT IN ('handover_review', 'access_role')
                                         OR r.relation IN ('policy_version', 'policy_in_force', 'my_pay', 'pay')
                -- the line of authority reads through the agent's grants
                WHEN j.job IN ('team_lead', 'supervisor', 'manager', 'director') THEN false
                ELSE true END;
END
$$;
COMMENT ON FUNCTION cs_policy.job_privileges() IS
    'Every privilege create_roles grants: job, MEMBER (of the job below in the line of authority) or EXECUTE (a function signature) or SELECT (a table or view, with the columns when not all), the access model in one table';

CREATE FUNCTION cs_policy.create_roles(prefix text DEFAULT 'cs_')
RETURNS TABLE (job text, role_name name, privileges bigint)
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    j     text;
    r     name;
    p     record;
BEGIN
    IF prefix IS NULL OR prefix !~ '^[a-z][a-z0-9_]{0,40}$' THEN
        RAISE EXCEPTION 'invalid role prefix "%"', prefix
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'A prefix is lower-case letters, digits and _, starting with a letter, e.g. ''cs_''.';
    END IF;
    FOREACH j IN ARRAY '{agent,team_lead,supervisor,manager,director,hr,qa_trainer,analyst,auditor,app}'::text[] LOOP
        r := prefix || j;
        IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles x WHERE x.rolname = r) THEN
            EXECUTE format('CREATE ROLE %I NOLOGIN', r);
        ELSIF EXISTS (SELECT 1 FROM pg_catalog.pg_roles x
                       WHERE x.rolname = r AND (x.rolcanlogin OR x.rolsuper OR x.rolbypassrls)) THEN
            RAISE EXCEPTION 'role "%" exists and can log in, is a superuser or bypasses row-level security', r
                USING ERRCODE = 'duplicate_object',
                      HINT = 'A job''s group role is NOLOGIN; pick another prefix or drop that role.';
        END IF;
        EXECUTE format('COMMENT ON ROLE %I IS %L', r, 'cs_policy job ' || j || ' (cs_policy.create_roles)');
        INSERT INTO cs_policy.access_role AS a (job, role_name) VALUES (j, r)
        ON CONFLICT ON CONSTRAINT access_role_pkey DO UPDATE SET role_name = excluded.role_name;
        -- exactly the job's privileges: what an earlier run or a DBA added goes
        EXECUTE format('REVOKE ALL ON ALL TABLES IN SCHEMA cs_policy FROM %I', r);
        EXECUTE format('REVOKE ALL ON ALL FUNCTIONS IN SCHEMA cs_policy FROM %I', r);
        EXECUTE format('GRANT USAGE ON SCHEMA cs_policy TO %I', r);
    END LOOP;
    FOR p IN SELECT * FROM cs_policy.job_privileges() LOOP
        r := prefix || p.job;
        IF p.privilege = 'MEMBER' THEN
            EXECUTE format('GRANT %I TO %I', prefix || p.object, r);
        ELSIF p.privilege = 'EXECUTE' THEN
            EXECUTE format('GRANT EXECUTE ON ROUTINE %s TO %I', p.object, r);
        ELSIF p.columns IS NULL THEN
            EXECUTE format('GRANT SELECT ON cs_policy.%I TO %I', p.object, r);
        ELSE
            EXECUTE format('GRANT SELECT (%s) ON cs_policy.%I TO %I',
                           (SELECT string_agg(quote_ident(c), ', ') FROM unnest(p.columns) c), p.object, r);
        END IF;
    END LOOP;
    RETURN QUERY
    SELECT a.job, a.role_name, (SELECT count(*) FROM cs_policy.job_privileges() x WHERE x.job = a.job)
      FROM cs_policy.access_role a ORDER BY array_position('{agent,team_lead,supervisor,manager,director,hr,qa_trainer,analyst,auditor,app}'::text[], a.job);
END
$$;
COMMENT ON FUNCTION cs_policy.create_roles(text) IS
    'Creates (or brings up to date) the NOLOGIN group roles prefix || agent, team_lead, supervisor, manager, director, hr, qa_trainer, analyst, auditor and app, each with exactly the privileges of job_privileges(); run by a superuser once per database. Grant a job to a login with GRANT cs_agent TO alice, and link the login to the employee with set_employee_login';
REVOKE EXECUTE ON FUNCTION cs_policy.create_roles(text) FROM PUBLIC;

CREATE FUNCTION cs_policy.drop_roles(prefix text DEFAULT 'cs_')
RETURNS integer
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    a       record;
    dropped integer := 0;
BEGIN
    FOR a IN SELECT * FROM cs_policy.access_role x WHERE x.role_name LIKE replace(replace(prefix, '\', '\\'), '_', '\_') || '%'
                                                     AND x.role_name = prefix || x.job LOOP
        IF EXISTS (SELECT 1 FROM pg_catalog.pg_roles x WHERE x.rolname = a.role_name) THEN
            EXECUTE format('DROP OWNED BY %I', a.role_name);
            EXECUTE format('DROP ROLE %I', a.role_name);
            dropped := dropped + 1;
        END IF;
        DELETE FROM cs_policy.access_role x WHERE x.job = a.job;
    END LOOP;
    RETURN dropped;
END
$$;
COMMENT ON FUNCTION cs_policy.drop_roles(text) IS
    'Drops the group roles create_roles made with this prefix (their privileges in this database go with them; a role with privileges in another database must be cleared there first); returns how many';
REVOKE EXECUTE ON FUNCTION cs_policy.drop_roles(text) FROM PUBLIC;
