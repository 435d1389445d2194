-- The access model (SEC-1 to SEC-6): the roles create_roles makes, who is
-- acting, what each login sees of rows, wages and customer data, and the
-- ways around it that must not work. Real logins of each job act through
-- SET ROLE on the demo center; test/access.sh connects as them.
BEGIN;
SELECT plan(127);

SET client_min_messages = warning;
SELECT cs_policy.demo_center();
SELECT min(work_date) AS month FROM cs_policy.roster \gset
SELECT count(*) AS created FROM cs_policy.create_roles('tap_') \gset

-- ------------------------------------------------------------------ roles

SELECT is(:created::bigint, 10::bigint, 'create_roles makes the ten group roles of a center');
SELECT is_empty($$ SELECT rolname FROM pg_roles WHERE rolname LIKE 'tap\_%' AND (rolcanlogin OR rolsuper OR rolbypassrls) $$,
                'they are NOLOGIN group roles that bypass nothing');
SELECT is((SELECT count(*) FROM cs_policy.create_roles('tap_')), 10::bigint, 'create_roles is idempotent');
SELECT throws_ok($$ SELECT cs_policy.create_roles('Bad Prefix') $$, '22023', 'invalid role prefix "Bad Prefix"',
                 'a prefix is checked');

-- Each job has exactly the privileges of job_privileges(), with the line of
-- authority inheriting downwards; nothing else of cs_policy.
CREATE TEMP TABLE expected_privilege AS
WITH RECURSIVE line (job, below) AS (
    SELECT j, j FROM unnest('{agent,team_lead,supervisor,manager,director,hr,qa_trainer,analyst,auditor,app}'::text[]) j
    UNION
    SELECT l.job, p.object FROM line l JOIN cs_policy.job_privileges() p ON p.job = l.below AND p.privilege = 'MEMBER')
SELECT DISTINCT l.job, p.privilege, p.object
  FROM line l JOIN cs_policy.job_privileges() p ON p.job = l.below AND p.privilege IN ('EXECUTE', 'SELECT');
CREATE TEMP TABLE actual_privilege AS
SELECT j.job, 'EXECUTE'::text AS privilege, p.oid::regprocedure::text AS object
  FROM unnest('{agent,team_lead,supervisor,manager,director,hr,qa_trainer,analyst,auditor,app}'::text[]) j (job)
 CROSS JOIN pg_proc p
 WHERE p.pronamespace = 'cs_policy'::regnamespace AND NOT has_function_privilege('public', p.oid, 'EXECUTE')
   AND has_function_privilege('tap_' || j.job, p.oid, 'EXECUTE')
UNION ALL
SELECT j.job, 'SELECT', c.relname::text
  FROM unnest('{agent,team_lead,supervisor,manager,director,hr,qa_trainer,analyst,auditor,app}'::text[]) j (job)
 CROSS JOIN pg_class c
 WHERE c.relnamespace = 'cs_policy'::regnamespace AND c.relkind IN ('r', 'v')
   AND (has_table_privilege('tap_' || j.job, c.oid, 'SELECT')
        OR has_any_column_privilege('tap_' || j.job, c.oid, 'SELECT'));
SELECT set_eq($$ SELECT * FROM actual_privilege $$, $$ SELECT * FROM expected_privilege $$,
              'every job runs exactly the commands and reads exactly the relations of job_privileges()');
SELECT is_empty($$ SELECT job, object FROM actual_privilege WHERE privilege = 'SELECT'
                     AND object IN ('audit_log', 'customer_data_reads') AND job <> 'auditor' $$,
                'SEC-5: only the auditor reads the audit log');
SELECT is_empty($$ SELECT job, object FROM actual_privilege WHERE privilege = 'SELECT'
                     AND object IN ('peer_vote', 'peer_ballot') AND job <> 'auditor' $$,
                'PR-2: only the auditor reads who voted in the peer ranking and the ballots; the others read peer_ranking''s points');
SELECT ok(has_table_privilege('tap_agent', 'cs_policy.peer_ranking', 'SELECT') AND has_table_privilege('tap_auditor', 'cs_policy.peer_ballot', 'SELECT'),
          'PR-2: an agent reads the ranking, the auditor the ballots');
SELECT is_empty($$ SELECT j FROM unnest('{agent,team_lead,supervisor,manager,director,hr,qa_trainer,analyst,auditor,app}'::text[]) j,
                        pg_class c
                   WHERE c.relnamespace = 'cs_policy'::regnamespace AND c.relkind = 'r'
                     AND (has_table_privilege('tap_' || j, c.oid, 'INSERT') OR has_table_privilege('tap_' || j, c.oid, 'UPDATE')
                          OR has_table_privilege('tap_' || j, c.oid, 'DELETE') OR has_table_privilege('tap_' || j, c.oid, 'TRUNCATE')) $$,
                'no job writes any table: commands are the only door');
SELECT is_empty($$ SELECT j FROM unnest('{agent,team_lead,supervisor,manager,director,qa_trainer,analyst,app}'::text[]) j
                   WHERE has_column_privilege('tap_' || j, 'cs_policy.employee', 'daily_wage', 'SELECT')
                      OR has_column_privilege('tap_' || j, 'cs_policy.employee', 'monthly_wage', 'SELECT')
                      OR has_column_privilege('tap_' || j, 'cs_policy.career_history', 'to_pay', 'SELECT') $$,
                'SEC-2: no job but HR reads a wage column');
SELECT ok(has_column_privilege('tap_hr', 'cs_policy.employee', 'daily_wage', 'SELECT')
          AND NOT has_column_privilege('tap_auditor', 'cs_policy.employee', 'daily_wage', 'SELECT'),
          'SEC-2: HR does; the auditor reads everything but pay');
SELECT is_empty($$ SELECT j FROM unnest('{agent,team_lead,supervisor,manager,director,qa_trainer,analyst,app}'::text[]) j
                   WHERE has_column_privilege('tap_' || j, 'cs_policy.complaint', 'complainant_contact', 'SELECT')
                      OR has_column_privilege('tap_' || j, 'cs_policy.complaint', 'facts', 'SELECT') $$,
                'SEC-3: no job but HR and the auditor reads a customer''s raw data');
SELECT ok(has_column_privilege('tap_hr', 'cs_policy.complaint', 'complainant_contact', 'SELECT')
          AND has_column_privilege('tap_auditor', 'cs_policy.complaint', 'complainant_contact', 'SELECT')
          AND has_column_privilege('tap_agent', 'cs_policy.complaint', 'complainant_contact_masked', 'SELECT'),
          'SEC-3: HR and the auditor do; everyone reads the masked copies');
SELECT ok(NOT has_function_privilege('tap_app', 'cs_policy.hire_employee(text,text,text,cs_policy.staff_role,date,numeric,numeric,text,date,name)', 'EXECUTE')
          AND has_function_privilege('tap_app', 'cs_policy.approve_leave(bigint,text)', 'EXECUTE')
          AND has_function_privilege('tap_app', 'cs_policy.act_as(text)', 'EXECUTE'),
          'the app runs the commands that act for an employee and act_as, not the set-up commands');

-- Logins of each job, linked to demo employees.
CREATE ROLE tap_l_agent LOGIN;      GRANT tap_agent TO tap_l_agent;
CREATE ROLE tap_l_peer LOGIN;       GRANT tap_agent TO tap_l_peer;
CREATE ROLE tap_l_lead LOGIN;       GRANT tap_team_lead TO tap_l_lead;
CREATE ROLE tap_l_hot LOGIN;        GRANT tap_manager TO tap_l_hot;
CREATE ROLE tap_l_ecom LOGIN;       GRANT tap_manager TO tap_l_ecom;
CREATE ROLE tap_l_director LOGIN;   GRANT tap_director TO tap_l_director;
CREATE ROLE tap_l_hr LOGIN;         GRANT tap_hr TO tap_l_hr;
CREATE ROLE tap_l_analyst LOGIN;    GRANT tap_analyst TO tap_l_analyst;
CREATE ROLE tap_l_auditor LOGIN;    GRANT tap_auditor TO tap_l_auditor;
CREATE ROLE tap_l_app LOGIN;        GRANT tap_app TO tap_l_app;
CREATE ROLE tap_l_nobody LOGIN;
SELECT cs_policy.set_employee_login(code, login)
  FROM (VALUES ('E0015', 'tap_l_agent'), ('E0016', 'tap_l_peer'), ('E0012', 'tap_l_lead'), ('E0005', 'tap_l_hot'),
               ('E0121', 'tap_l_ecom'), ('E0001', 'tap_l_director'), ('E0002', 'tap_l_hr'), ('E0004', 'tap_l_analyst')) v (code, login);
-- the demo's agents are tied to their shifts (SEC-4); these tests act at any hour
SELECT cs_policy.set_policy('around the clock', 'access', department => 'HOTLINE', settings => '{"agents_on_shift_only": false}', valid_from => '2020-01-01');
SELECT employee_id AS agent_id FROM cs_policy.employee WHERE code = 'E0015' \gset
SELECT employee_id AS peer_id FROM cs_policy.employee WHERE code = 'E0016' \gset
SELECT department_id AS team_id FROM cs_policy.employee WHERE code = 'E0015' \gset
SELECT department_id AS hotline_id FROM cs_policy.department WHERE code = 'HOTLINE' \gset
SELECT department_id AS ecom_id FROM cs_policy.department WHERE code = 'ECOM' \gset

-- Whom each login may see, computed here as the superuser from the tree.
CREATE TEMP TABLE subtree AS
SELECT e.employee_id, d.path FROM cs_policy.employee e JOIN cs_policy.department d USING (department_id);
GRANT SELECT ON subtree TO PUBLIC;

-- Every command, called by a login of every job: refused with 42501
-- "permission denied" exactly where job_privileges() grants it no EXECUTE.
CREATE FUNCTION pg_temp.call_every_command(login text)
RETURNS TABLE (command text, refused boolean) LANGUAGE plpgsql AS $$
DECLARE
    f record;
BEGIN
    -- (SELECT NULL::t), not NULL::t: the planner would fold a strict
    -- function of a constant NULL away before its privilege is checked
    FOR f IN SELECT p.oid::regprocedure::text AS signature,
                    -- a procedure is CALLed, and CALL takes no subquery
                    CASE p.prokind WHEN 'p' THEN
                    format('CALL %s(%s)', p.oid::regproc,
                           (SELECT string_agg('NULL::' || format_type(t, NULL), ', ' ORDER BY i)
                              FROM unnest(p.proargtypes::oid[]) WITH ORDINALITY AS a (t, i)))
                    ELSE
                    format('SELECT %s(%s)', p.oid::regproc,
                           (SELECT string_agg('(SELECT NULL::' || format_type(t, NULL) || ')', ', ' ORDER BY i)
                              FROM unnest(p.proargtypes::oid[]) WITH ORDINALITY AS a (t, i)))
                    END AS call
               FROM pg_proc p
              WHERE p.pronamespace = 'cs_policy'::regnamespace AND p.prokind IN ('f', 'p')
                AND NOT has_function_privilege('public', p.oid, 'EXECUTE')
              ORDER BY 1 LOOP
        command := f.signature;
        refused := false;
        BEGIN
            EXECUTE format('SET LOCAL ROLE %I', login);
            EXECUTE f.call;
            RAISE EXCEPTION 'undone' USING ERRCODE = 'P0001';   -- what a call did goes with it
        EXCEPTION WHEN insufficient_privilege THEN
            refused := SQLERRM ~ '^permission denied for (function|procedure) ';
        WHEN OTHERS THEN
            NULL;
        END;
        RESET ROLE;
        RETURN NEXT;
    END LOOP;
END
$$;
SELECT set_eq($$ SELECT command FROM pg_temp.call_every_command('tap_l_agent') WHERE NOT refused $$,
              $$ SELECT object FROM expected_privilege WHERE job = 'agent' AND privilege = 'EXECUTE' $$,
              'a login of cs_agent runs exactly the agent''s commands; every other one is refused with 42501');
SELECT set_eq($$ SELECT command FROM pg_temp.call_every_command('tap_l_hot') WHERE NOT refused $$,
              $$ SELECT object FROM expected_privilege WHERE job = 'manager' AND privilege = 'EXECUTE' $$,
              'a login of cs_manager runs exactly the manager''s (the supervisor''s, the team lead''s, the agent''s)');
SELECT set_eq($$ SELECT command FROM pg_temp.call_every_command('tap_l_hr') WHERE NOT refused $$,
              $$ SELECT object FROM expected_privilege WHERE job = 'hr' AND privilege = 'EXECUTE' $$,
              'a login of cs_hr runs exactly HR''s');
SELECT set_eq($$ SELECT command FROM pg_temp.call_every_command('tap_l_analyst') WHERE NOT refused $$,
              $$ SELECT object FROM expected_privilege WHERE job = 'analyst' AND privilege = 'EXECUTE' $$,
              'a login of cs_analyst runs team_report only');
SELECT is_empty($$ SELECT command FROM pg_temp.call_every_command('tap_l_auditor') WHERE NOT refused $$,
                'a login of cs_auditor runs no command');
SELECT set_eq($$ SELECT command FROM pg_temp.call_every_command('tap_l_app') WHERE NOT refused $$,
              $$ SELECT object FROM expected_privilege WHERE job = 'app' AND privilege = 'EXECUTE' $$,
              'the app''s pooled login runs exactly the app''s');

-- SH-3: the coverage is a read: a manager reads their department's (the
-- shifts they may see counted), and finds no one rostered in another's
SELECT min(work_date)::timestamptz AS roster_from FROM cs_policy.roster \gset
SET ROLE tap_l_hot;
SELECT ok((SELECT sum(rostered) FROM cs_policy.coverage('HOTLINE', :'roster_from', :'roster_from'::timestamptz + interval '1 day')) > 0
          AND (SELECT sum(rostered) FROM cs_policy.coverage('ECOM', :'roster_from', :'roster_from'::timestamptz + interval '1 day')) = 0,
          'SH-3, SEC-1: a manager reads the coverage of their department, and of another''s finds no one on line');
RESET ROLE;

-- ------------------------------------------------------- who is acting

SET ROLE tap_l_agent;
SELECT is(cs_policy.current_employee(), :agent_id::bigint, 'current_employee(): the employee whose login is the current role');
RESET ROLE;
SET ROLE tap_l_nobody;
SELECT is(cs_policy.current_employee(), NULL, 'a login of nobody acts for nobody');
SELECT throws_ok($$ SELECT cs_policy.act_as('E0015') $$, '42501', NULL, 'and may not act_as: it is not of the app role');
RESET ROLE;
SET ROLE tap_l_agent;
SELECT throws_ok($$ SELECT cs_policy.act_as('E0016') $$, '42501', NULL, 'nor may an agent''s login act as a colleague');
SELECT set_config('cs_policy.acting_for', :'peer_id', true);
SELECT is(cs_policy.current_employee(), :agent_id::bigint, 'setting the underlying value by hand changes nothing');
RESET ROLE;
SET ROLE tap_l_app;
SELECT is(cs_policy.current_employee(), NULL, 'the app''s pooled login acts for nobody until it names someone');
SELECT is((SELECT count(*) FROM cs_policy.punch), 0::bigint, 'and sees no rows');
SELECT is(cs_policy.act_as('E0015'), :agent_id::bigint, 'act_as(code) names the employee for this transaction');
SELECT is(cs_policy.current_employee(), :agent_id::bigint, 'then every command and view acts for them');
SELECT is((SELECT count(*) FROM cs_policy.punch WHERE employee_id <> :agent_id), 0::bigint,
          'and sees what they see');
SELECT throws_ok($$ SELECT cs_policy.act_as('E0001') $$, '42501', 'this transaction already acts for an employee',
                 'one employee per transaction: no switching to the director');
RESET ROLE;
SELECT is((SELECT count(*) FROM cs_policy.audit_log WHERE command = 'act_as' AND login = session_user
             AND acting_role = 'tap_l_app' AND employee_id = :agent_id), 1::bigint,
          'act_as is recorded in the audit log');

-- On Citus, act_as hands the worker nodes a signed pass (cs_policy.acting_pass);
-- on one server it needs none, and one set by hand is refused.
SELECT is(coalesce(current_setting('cs_policy.acting_pass', true), ''), '',
          'on one server act_as hands out no pass: the acting employee stays in the backend''s memory');
SELECT is(encode(cs_policy.hmac_sha256('what do ya want for nothing?', 'Jefe'), 'hex'),
          '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
          'the pass is signed with HMAC-SHA-256 (RFC 4231, test case 2)');
CREATE FUNCTION pg_temp.signed_pass(employee_id text, xact text, role_name text) RETURNS text LANGUAGE sql AS $$
    SELECT cs_policy.signed_acting_pass(employee_id, xact, role_name) $$;
SELECT pg_temp.signed_pass(:'peer_id', '1:2:3', 'tap_l_agent') AS signed_elsewhere \gset
-- the check a worker makes, given its distributed transaction and role
SELECT is(cs_policy.check_acting_pass(:'signed_elsewhere', '1:2:3', 'tap_l_agent'), :'peer_id'::bigint,
          'a worker takes the employee of a pass signed for its transaction and role');
SELECT throws_ok($$ SELECT cs_policy.check_acting_pass(pg_temp.signed_pass('1', '1:2:3', 'tap_l_agent'), '1:2:4', 'tap_l_agent') $$,
                 '42501', 'cs_policy.acting_pass is not a pass act_as gave this transaction',
                 'and refuses a well-signed pass of another transaction');
SELECT throws_ok($$ SELECT cs_policy.check_acting_pass(regexp_replace(pg_temp.signed_pass('1', '1:2:3', 'tap_l_agent'), ';[0-9a-f]{64};', ';' || repeat('0', 64) || ';'), '1:2:3', 'tap_l_agent') $$,
                 '42501', 'cs_policy.acting_pass is not a pass act_as gave this transaction',
                 'and a pass of the right transaction with a signature made without the secret');
SELECT is(cs_policy.check_acting_pass(pg_temp.signed_pass('1', '1:2:3', 'tap_l_app'), '1:2:3', 'tap_l_agent'), NULL,
          'a pass signed for another role is no pass for this one');
SET ROLE tap_l_agent;
SELECT throws_ok($$ SELECT count(*) FROM cs_policy.access_secret $$, '42501', NULL,
                 'nobody but the owner reads the secret that signs passes');
SET LOCAL cs_policy.acting_pass = :'signed_elsewhere';
SELECT throws_ok($$ SELECT count(*) FROM cs_policy.punch $$, '42501',
                 'cs_policy.acting_pass is not a pass act_as gave this transaction',
                 'a pass set by hand is refused: no reading a colleague''s rows with it');
SET LOCAL cs_policy.acting_pass = '';
RESET ROLE;

-- A savepoint rolled back takes act_as with it, as it takes its audit row.
CREATE ROLE tap_l_app2 IN ROLE tap_app;
SET ROLE tap_l_app2;
SAVEPOINT before_acting;
SELECT cs_policy.act_as('E0016') AS acted \gset
ROLLBACK TO SAVEPOINT before_acting;
SELECT is(cs_policy.current_employee(), NULL, 'ROLLBACK TO SAVEPOINT undoes act_as');
SELECT is(cs_policy.act_as('E0016'), :'peer_id'::bigint, 'so the transaction may name someone again');
RESET ROLE;

-- ------------------------------------------------------- rows (SEC-1)

-- Every per-employee table, as each login: no row of someone outside its scope.
CREATE FUNCTION pg_temp.rows_outside(visible bigint[])
RETURNS TABLE (tbl text, n bigint) LANGUAGE plpgsql AS $$
DECLARE
    t text;
BEGIN
    FOR t IN SELECT c.relname FROM pg_class c
              WHERE c.relnamespace = 'cs_policy'::regnamespace AND c.relkind = 'r' AND c.relrowsecurity
                -- (the team's shared tables and those with more than one person are checked on their own)
                AND c.relname NOT IN ('swap', 'handover', 'complaint', 'complaint_event', 'data_access_grant',
                                      'handover_review', 'audit_log', 'employee', 'roster', 'roster_change',
                                      'handover_entry', 'handover_refusal')
                AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'employee_id')
              ORDER BY 1 LOOP
        tbl := t;
        EXECUTE format('SELECT count(*) FROM cs_policy.%I WHERE employee_id <> ALL ($1)', t) INTO n USING visible;
        RETURN NEXT;
    END LOOP;
END
$$;
GRANT EXECUTE ON FUNCTION pg_temp.rows_outside(bigint[]) TO PUBLIC;

SELECT array_agg(employee_id) AS team FROM cs_policy.employee WHERE department_id = :team_id \gset
SELECT array_agg(employee_id) AS hotline FROM subtree WHERE :hotline_id = ANY (path) \gset
SELECT array_agg(employee_id) AS ecom FROM subtree WHERE :ecom_id = ANY (path) \gset

SET ROLE tap_l_agent;
SELECT is_empty($$ SELECT * FROM pg_temp.rows_outside(ARRAY[$$ || :agent_id || $$]) WHERE n > 0 $$,
                'SEC-1: an agent reads their own rows of every per-employee table');
SELECT ok((SELECT count(*) FROM cs_policy.punch) > 0, 'and has some');
SELECT is((SELECT count(*) FROM cs_policy.roster WHERE NOT employee_id = ANY (:'team')), 0::bigint,
          'the team''s roster, no one else''s');
SELECT ok((SELECT count(DISTINCT employee_id) FROM cs_policy.roster) > 1, 'and the team''s roster it is');
SELECT is((SELECT count(*) FROM cs_policy.attendance_day(:'month') WHERE employee_id <> :agent_id), 0::bigint,
          'but only their own attendance: a colleague''s punches are not theirs to judge');
SELECT is((SELECT count(*) FROM cs_policy.staff_directory WHERE NOT employee_id = ANY (:'team')), 0::bigint,
          'who is who: the team');
RESET ROLE;

SET ROLE tap_l_lead;
SELECT is_empty(format($$ SELECT * FROM pg_temp.rows_outside(%L) WHERE n > 0 $$, :'team'),
                'SEC-1: a team lead reads the team''s rows');
RESET ROLE;

SET ROLE tap_l_ecom;
SELECT is_empty(format($$ SELECT * FROM pg_temp.rows_outside(%L) WHERE n > 0 $$, :'ecom'),
                'SEC-1: an operations manager reads only their own project''s rows');
SELECT ok((SELECT count(*) FROM cs_policy.punch) > 0, 'which are there');
SELECT is((SELECT count(*) FROM cs_policy.period_penalty_lines(:'month') WHERE NOT employee_id = ANY (:'ecom')), 0::bigint,
          'period_penalty_lines (SECURITY DEFINER) holds them to the same scope');
SELECT is((SELECT count(*) FROM cs_policy.penalty_lines(:agent_id, :'month')), 0::bigint,
          'asked about an agent of another project, it has no lines');
SELECT is((SELECT count(*) FROM cs_policy.complaint_overview WHERE department_code LIKE 'HOTLINE%'), 0::bigint,
          'nor another project''s complaints');
RESET ROLE;

SET ROLE tap_l_director;
SELECT is((SELECT count(*) FROM cs_policy.punch), (SELECT count(*) FROM cs_policy.punch WHERE true), 'the director reads the center');
RESET ROLE;
SELECT count(*) AS all_punches FROM cs_policy.punch \gset
SET ROLE tap_l_director;
SELECT is((SELECT count(*) FROM cs_policy.punch), :all_punches::bigint, 'SEC-1: the director reads the center''s punches');
RESET ROLE;
SET ROLE tap_l_auditor;
SELECT is((SELECT count(*) FROM cs_policy.punch), :all_punches::bigint, 'so does the auditor, without an employee of their own');
RESET ROLE;
SET ROLE tap_l_analyst;
SELECT throws_ok($$ SELECT count(*) FROM cs_policy.punch $$, '42501', NULL,
                 'SEC-1: the analyst reads no per-employee table');
SELECT is((SELECT count(*) FROM cs_policy.period_penalty_lines(:'month')), 0::bigint,
          'and period_penalty_lines, open to all, has no lines for them');
SELECT ok((SELECT count(*) FROM cs_policy.team_report(:'month')) > 0, 'reports leave through team_report: aggregates');
SELECT is_empty($$ SELECT 1 FROM cs_policy.team_report(current_date) WHERE headcount < 3 AND NOT suppressed $$,
                'a group under 3 people is suppressed');
RESET ROLE;

-- SEC-1 (002 1.2): a report leaves only after the data analyst and the
-- support manager reviewed it. The analyst (E0004, of the center DEMO)
-- prepares it; a manager in charge of DEMO releases it: the director.
SET ROLE tap_l_agent;
SELECT throws_ok($$ SELECT cs_policy.prepare_report_release('2026-10-01', 'a client', 'monthly review') $$,
                 '42501', NULL, 'SEC-1: an agent does not prepare a report to leave the center');
RESET ROLE;
SET ROLE tap_l_analyst;
SELECT throws_ok($$ SELECT cs_policy.prepare_report_release('2026-10-01', ' ', 'monthly review') $$,
                 '22004', 'a report to leave the center names its recipient and its purpose', 'SEC-1: it names its recipient');
SELECT cs_policy.prepare_report_release(:'month', 'client: an e-commerce shop', 'monthly service review') AS release_id \gset
SELECT is((SELECT content FROM cs_policy.report_release WHERE release_id = :release_id),
          (SELECT jsonb_agg(to_jsonb(r) ORDER BY r.project_code, r.team_code NULLS FIRST) FROM cs_policy.team_report(:'month') r),
          'SEC-1: the analyst prepares the month''s team_report, its figures kept as they are reviewed');
SELECT is((SELECT state FROM cs_policy.report_release WHERE release_id = :release_id),
          'prepared', 'SEC-1: it awaits the support manager''s review (the analyst reads the log, not the people in it)');
SELECT throws_ok(format($$ SELECT cs_policy.review_report_release(%s, true) $$, :release_id),
                 '42501', NULL, 'SEC-1: the analyst may not also release it (two people review it)');
RESET ROLE;
SET ROLE tap_l_peer;
SELECT is_empty($$ SELECT 1 FROM cs_policy.report_release_overview $$, 'SEC-1: an agent sees no report prepared to leave');
RESET ROLE;
SET ROLE tap_l_hot;
SELECT throws_ok(format($$ SELECT cs_policy.review_report_release(%s, true) $$, :release_id),
                 '42501', NULL, 'SEC-1: the manager of a project is not the analyst''s support manager');
RESET ROLE;
SET ROLE tap_l_director;
SELECT throws_ok(format($$ SELECT cs_policy.review_report_release(%s, false) $$, :release_id),
                 '22004', 'a report is refused with a reason', 'SEC-1: refusing one needs a reason');
SELECT is(cs_policy.review_report_release(:release_id, true, 'figures checked'), 'released',
          'SEC-1: the manager of the analyst''s department (here the director) releases it');
SELECT is((SELECT (state, may_be_sent, reviewed_by, prepared_by) FROM cs_policy.report_release_overview WHERE release_id = :release_id),
          ROW('released'::text, true, 'E0001'::text, 'E0004'::text), 'SEC-1: now it may be sent, and the log says who reviewed it');
SELECT throws_ok(format($$ SELECT cs_policy.review_report_release(%s, false, 'second thoughts') $$, :release_id),
                 '55000', NULL, 'SEC-1: a report reviewed is not reviewed again');
RESET ROLE;

-- A grant of another department's data (SEC-1).
SET ROLE tap_l_ecom;
SELECT throws_like($$ SELECT cs_policy.grant_data_access('HOTLINE', 'E0121', now() + interval '7 days', 'joint audit of refunds') $$,
                   '%may not open department "HOTLINE" to E0121%', 'SEC-1: a manager cannot open another project to themselves');
SELECT throws_ok($$ SELECT cs_policy.grant_data_access('HOTLINE', 'E0121', now() + interval '7 days', 'joint audit of refunds') $$,
                 '42501', NULL, 'refused with 42501');
RESET ROLE;
SET ROLE tap_l_hot;
SELECT throws_ok($$ SELECT cs_policy.grant_data_access('HOTLINE', 'E0121', now() + interval '7 days', 'joint audit') $$,
                 '42501', NULL, 'nor can the manager of the project opened: approval comes from above both');
RESET ROLE;
SET ROLE tap_l_director;
SELECT throws_ok($$ SELECT cs_policy.grant_data_access('HOTLINE', 'E0121', now() + interval '1 year', 'joint audit') $$,
                 '22023', 'a grant of data access lasts at most 90 days', 'a grant is time-bounded');
SELECT cs_policy.grant_data_access('HOTLINE', 'E0121', now() + interval '7 days', 'joint audit of refunds') AS grant_id \gset
RESET ROLE;
SET ROLE tap_l_ecom;
SELECT is((SELECT count(*) FROM cs_policy.punch WHERE employee_id = :agent_id),
          (SELECT count(*) FROM cs_policy.punch WHERE employee_id = :agent_id AND true), 'granted, the ECOM manager reads HOTLINE');
SELECT ok((SELECT count(*) FROM cs_policy.punch WHERE employee_id = :agent_id) > 0,
          'SEC-1: with the director''s grant the ECOM manager reads HOTLINE''s punches');
SELECT is((SELECT in_force FROM cs_policy.data_access_grants WHERE grant_id = :grant_id), true, 'the grant is listed, in force');
RESET ROLE;
UPDATE cs_policy.data_access_grant SET granted_at = now() - interval '8 days', until = now() - interval '1 second'
 WHERE grant_id = :grant_id;
SET ROLE tap_l_ecom;
SELECT is((SELECT count(*) FROM cs_policy.punch WHERE employee_id = :agent_id), 0::bigint,
          'at until it simply stops applying');
RESET ROLE;

-- ------------------------------------------------------------- pay (SEC-2)

SET ROLE tap_l_agent;
SELECT throws_ok($$ SELECT daily_wage FROM cs_policy.employee $$, '42501', NULL, 'SEC-2: an agent reads no wage column');
SELECT is((SELECT count(*) FROM cs_policy.pay), 1::bigint, 'pay shows them one row');
SELECT is((SELECT code FROM cs_policy.my_pay), 'E0015', 'their own, in my_pay');
SELECT ok((SELECT bool_and(amount IS NOT NULL) FROM cs_policy.penalty_lines(:agent_id, :'month')),
          'their own penalty lines show every amount');
RESET ROLE;
SELECT count(*) AS pay_lines FROM cs_policy.period_penalty_lines(:'month') WHERE employee_id = :agent_id AND from_pay \gset
SELECT ok(:pay_lines > 0, 'the agent has a line charged in days'' wages this month');
SET ROLE tap_l_lead;
SELECT is((SELECT count(*) FROM cs_policy.pay), 1::bigint, 'a team lead reads only their own pay');
SELECT is((SELECT count(*) FROM cs_policy.penalty_lines(:agent_id, :'month') WHERE from_pay AND amount IS NOT NULL), 0::bigint,
          'SEC-2: to the team lead, an amount from a wage is withheld');
SELECT is((SELECT count(*) FROM cs_policy.penalty_lines(:agent_id, :'month')
            WHERE from_pay AND explanation ~ 'wage [0-9]' ), 0::bigint,
          'and the explanation names the wage without its figure');
SELECT ok((SELECT bool_and(explanation LIKE '%daily wage%withheld%' OR explanation LIKE '%monthly wage%withheld%' OR explanation LIKE '%withheld%')
             FROM cs_policy.penalty_lines(:agent_id, :'month') WHERE from_pay),
          'it reads "3 x daily wage = withheld"');
SELECT is((SELECT amount FROM cs_policy.attendance_totals(:agent_id, :'month')), NULL,
          'the month''s total, which would give the amount away, is withheld too');
SELECT is((SELECT withheld FROM cs_policy.attendance_totals(:agent_id, :'month')), :pay_lines::integer,
          'and says how many lines are withheld');
RESET ROLE;
SET ROLE tap_l_hr;
SELECT is((SELECT count(*) FROM cs_policy.pay), (SELECT count(*) FROM cs_policy.staff_directory), 'HR reads everyone''s pay');
SELECT ok((SELECT bool_and(amount IS NOT NULL) FROM cs_policy.penalty_lines(:agent_id, :'month')), 'and every amount');
RESET ROLE;
SET ROLE tap_l_auditor;
SELECT is((SELECT count(*) FROM cs_policy.pay), 0::bigint, 'the auditor reads nobody''s pay');
RESET ROLE;
-- The analyst cannot derive a wage: no sum over amounts from wages.
SELECT sum(amount) AS fixed_charged FROM cs_policy.period_penalty_lines(:'month') l
  JOIN subtree s USING (employee_id) WHERE :hotline_id = ANY (s.path) AND amount > 0 AND NOT from_pay \gset
SET ROLE tap_l_analyst;
SELECT is((SELECT charged FROM cs_policy.team_report(:'month') WHERE project_code = 'HOTLINE' AND team_code IS NULL),
          :fixed_charged::numeric(12,2), 'SEC-2: the analyst''s charged sums only amounts that do not derive from a wage');
SELECT ok((SELECT charges_from_pay FROM cs_policy.team_report(:'month') WHERE project_code = 'HOTLINE' AND team_code IS NULL) > 0,
          'those are counted, never summed');
RESET ROLE;

-- ------------------------------------------------- customer data (SEC-3)

SELECT number AS mine FROM cs_policy.complaint WHERE owner_id = :agent_id ORDER BY number LIMIT 1 \gset
SELECT number AS theirs FROM cs_policy.complaint WHERE owner_id = :peer_id ORDER BY number LIMIT 1 \gset
SELECT complainant_contact AS raw_contact FROM cs_policy.complaint WHERE number = :'mine' \gset
SET ROLE tap_l_agent;
SELECT throws_ok($$ SELECT complainant_contact FROM cs_policy.complaint $$, '42501', NULL,
                 'SEC-3: an agent reads no raw column of a customer''s data');
SELECT is((SELECT complainant_contact FROM cs_policy.complaint_overview WHERE number = :'mine'),
          cs_policy.mask_contact(:'raw_contact'), 'complaint_overview shows the contact masked, to the owner too');
SELECT matches((SELECT complainant_contact FROM cs_policy.complaint_overview WHERE number = :'mine'), '^[0-9]{3}\*{4}[0-9]{4}$',
               'as 138****5678');
SELECT throws_like(format($$ SELECT * FROM cs_policy.customer_contact(%L) $$, :'mine'),
                   '%has not been verified in this contact%', 'the owner reads it only after verifying the customer''s identity');
SELECT lives_ok(format($$ SELECT cs_policy.verify_customer_identity(%L, 'security_question') $$, :'mine'),
                'verify_customer_identity records the check');
SELECT is((SELECT complainant_contact FROM cs_policy.customer_contact(:'mine')), :'raw_contact',
          'SEC-3: then customer_contact shows the owner the customer''s data');
SELECT throws_ok(format($$ SELECT cs_policy.verify_customer_identity(%L, 'caller_id') $$, :'theirs'), '42501', NULL,
                 'a colleague''s customer: no check');
SELECT throws_ok(format($$ SELECT * FROM cs_policy.customer_contact(%L) $$, :'theirs'), '42501', NULL,
                 'and no data');
RESET ROLE;
SET ROLE tap_l_lead;
SELECT throws_ok(format($$ SELECT * FROM cs_policy.customer_contact(%L) $$, :'mine'), '42501', NULL,
                 'nor to the team lead: only the agent serving the customer');
RESET ROLE;
SET ROLE tap_l_auditor;
SELECT is((SELECT count(*) FROM cs_policy.customer_data_reads WHERE complaint_number = :'mine' AND employee_code = 'E0015'),
          1::bigint, 'SEC-3: every unmasked read is logged: who, when, which complaint');
SELECT is((SELECT complainant_contact FROM cs_policy.complaint WHERE number = :'mine'), :'raw_contact',
          'the auditor reads the raw columns');
RESET ROLE;
SELECT is(cs_policy.mask_contact('13812345678'), '138****5678', 'mask_contact: a phone as 138****5678');
SELECT is(cs_policy.mask_name('张三丰'), '张**', 'mask_name: the first character');
SELECT is(cs_policy.mask_numbers('card 6222 0212 3456 7890 stolen'), 'card 622****7890 stolen',
          'mask_numbers: a bank card number in the facts');

-- ---------------------------------------------------- on shift (SEC-4)

RESET ROLE;
SELECT cs_policy.end_policy(policy_id, CURRENT_DATE) FROM cs_policy.policy WHERE name = 'around the clock';
SET ROLE tap_l_agent;
SELECT throws_like($$ SELECT cs_policy.record_punch('in', 'badge') $$, '%not on shift now%',
                   'SEC-4: outside a rostered shift an agent''s login acts not');
SELECT throws_ok($$ SELECT * FROM cs_policy.customer_contact('x') $$, '42501', NULL,
                 'nor reads customer data');
RESET ROLE;
SELECT cs_policy.set_policy('wide tolerance', 'access', department => 'HOTLINE',
                            settings => '{"shift_login_tolerance_minutes": 100000}', valid_from => CURRENT_DATE);
SET ROLE tap_l_agent;
SELECT lives_ok($$ SELECT cs_policy.request_exception(current_date - 1, 'field_work', 'visited a customer') $$,
                'within the tolerance of a shift it does (tolerance from the access policy)');
RESET ROLE;

-- ------------------------------------------- append-only, audited (SEC-5)

GRANT UPDATE, DELETE ON cs_policy.punch, cs_policy.complaint_event, cs_policy.incident, cs_policy.leave_approval,
                        cs_policy.punch_correction, cs_policy.handover TO tap_l_hr;
SELECT count(*) AS punches_before, max(at) AS last_punch FROM cs_policy.punch \gset
SELECT count(*) AS events_before FROM cs_policy.complaint_event \gset
SET ROLE tap_l_hr;
UPDATE cs_policy.punch SET at = at - interval '1 hour';
DELETE FROM cs_policy.complaint_event;
DELETE FROM cs_policy.incident;
RESET ROLE;
SELECT is((SELECT max(at) FROM cs_policy.punch), :'last_punch'::timestamptz,
          'SEC-5: even granted UPDATE by the owner, HR alters no punch (it updates 0 rows)');
SELECT is((SELECT count(*) FROM cs_policy.complaint_event), :events_before::bigint, 'nor deletes a complaint event');
SELECT ok((SELECT count(*) FROM cs_policy.incident) > 0, 'nor an incident');
SET ROLE tap_l_app;
SELECT throws_ok($$ UPDATE cs_policy.leave_approval SET employee_id = employee_id $$, '42501', NULL, 'the app has no UPDATE at all');
RESET ROLE;
SET ROLE tap_l_agent;
SELECT cs_policy.request_exception(current_date, 'field_work', 'audited');
SELECT throws_ok($$ SELECT * FROM cs_policy.audit_log $$, '42501', NULL, 'SEC-5: an agent does not read the audit log');
RESET ROLE;
SET ROLE tap_l_hr;
SELECT throws_ok($$ SELECT * FROM cs_policy.audit_log $$, '42501', NULL, 'nor does HR');
RESET ROLE;
SET ROLE tap_l_auditor;
SELECT is((SELECT count(*) FROM cs_policy.audit_log
            WHERE command = 'request_exception' AND login = session_user AND acting_role = 'tap_l_agent'
              AND employee_id = :agent_id AND before IS NULL AND after ->> 'reason' = 'audited'), 1::bigint,
          'SEC-5: a command writes an audit row: who, for whom, which command, the row after');
RESET ROLE;

SET ROLE tap_l_hr;
SELECT cs_policy.set_wages('E0016', 6600);
RESET ROLE;
SET ROLE tap_l_auditor;
SELECT is((SELECT count(*) FROM cs_policy.audit_log
            WHERE command = 'set_wages' AND acting_role = 'tap_l_hr' AND after ? 'pay'
              AND NOT after ? 'daily_wage' AND NOT before ? 'monthly_wage'), 1::bigint,
          'SEC-2: the audit row of a wage change says that it changed, not to what');
RESET ROLE;

-- ------------------------------------------------------ ways around it

-- A leaky function in a WHERE clause over a view sees only visible rows.
CREATE FUNCTION pg_temp.leak(id bigint) RETURNS boolean LANGUAGE plpgsql COST 0.0000001 AS $$
BEGIN
    PERFORM set_config('tap.leaked', coalesce(current_setting('tap.leaked', true), '') || ',' || id, false);
    RETURN true;
END $$;
GRANT EXECUTE ON FUNCTION pg_temp.leak(bigint) TO PUBLIC;
SET ROLE tap_l_agent;
SELECT count(*) FROM cs_policy.attendance_day(:'month') WHERE pg_temp.leak(employee_id);
SELECT count(*) FROM cs_policy.punch WHERE pg_temp.leak(employee_id);
SELECT is((SELECT count(*) FROM unnest(string_to_array(trim(leading ',' FROM current_setting('tap.leaked')), ',')) x
            WHERE x::bigint <> :agent_id), 0::bigint,
          'SEC-1: a leaky function in the WHERE clause sees only the rows the policy lets through');
RESET ROLE;
-- A SECURITY DEFINER command asked about another department refuses.
SELECT cs_policy.request_leave('annual', current_date + 10, current_date + 10, 1, 'family', acting_as => 'E0016') AS hot_leave \gset
SET ROLE tap_l_ecom;
SELECT throws_ok(format($$ SELECT cs_policy.refuse_leave(%s, 'not mine') $$, :hot_leave), '42501',
                 format('leave request %s is not one the caller may see', :hot_leave),
                 'SEC-1: a SECURITY DEFINER command checks the same scope (sees): no refusing another project''s leave');
RESET ROLE;
-- Joins and functions give no one else the raw customer data.
SET ROLE tap_l_peer;
SELECT throws_ok($$ SELECT c.number FROM cs_policy.complaint c JOIN cs_policy.complaint_event e USING (employee_id, complaint_id)
                    WHERE c.complainant_name IS NOT NULL $$, '42501', NULL,
                 'SEC-3: not through a join on the raw column either');
RESET ROLE;

-- ------------------------------------------------------------ drop_roles

SELECT is(cs_policy.drop_roles('tap_'), 10, 'drop_roles drops the ten roles');
SELECT is_empty($$ SELECT rolname FROM pg_roles WHERE rolname IN ('tap_agent', 'tap_app', 'tap_auditor') $$, 'they are gone');

SELECT * FROM finish();
ROLLBACK;
