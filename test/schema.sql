-- The catalog contract: what cs_policy installs, how it is documented and
-- how it is protected.
BEGIN;
SELECT plan(42);

SELECT has_schema('cs_policy', 'schema cs_policy exists');
SELECT ok(NOT extrelocatable, 'cs_policy is not relocatable')
  FROM pg_extension WHERE extname = 'cs_policy';
SELECT is((SELECT n.nspname::text FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
            WHERE e.extname = 'cs_policy'), 'cs_policy', 'the extension lives in schema cs_policy');

SELECT tables_are('cs_policy',
    ARRAY['rule', 'preset', 'preset_setting', 'calendar', 'calendar_week', 'calendar_day', 'department', 'employee', 'policy',
          'shift_template', 'staffing_rule', 'roster', 'roster_publication', 'roster_change', 'swap', 'swap_tally',
          'handover', 'handover_entry', 'handover_refusal', 'handover_review',
          'punch', 'punch_refusal', 'punch_correction', 'attendance_exception', 'leave_request', 'leave_approval', 'leave_call',
          'preset_rulebook', 'incident', 'score_adjustment',
          'complaint_serial', 'complaint', 'complaint_event', 'complaint_transition', 'preset_sla_target', 'policy_sla_target',
          'sla_breach', 'repair_callback', 'chat_message', 'call_record', 'call_abandoned', 'seat_session',
          'performance_month', 'quarter_grade', 'employee_title', 'exam_result', 'disciplinary_record', 'sales_month',
          'peer_vote', 'peer_ballot', 'career_ladder', 'career_level', 'level_criterion', 'approval_chain', 'grading_round', 'promotion_application',
          'application_approval', 'career_history', 'transfer_request', 'demotion_rule',
          'access_role', 'access_secret', 'audit_log', 'data_access_grant', 'identity_check', 'job_command', 'secret_column',
          'onboarding_training', 'overtime_order', 'daily_metric', 'decision_point',
          'close_run', 'period_close', 'period_reopening', 'pay_item', 'closed_penalty_line', 'closed_overtime_line',
          'closed_attendance_total', 'payroll_adjustment', 'close_change', 'closed_rest_violation',
          'closed_team_attendance', 'closed_coverage_shortfall', 'closed_sla_compliance', 'closed_promotion_check',
          'closed_demotion_watch', 'report_release', 'wage'],
    'the core tables exist');
SELECT views_are('cs_policy', ARRAY['department_overview', 'staff_directory', 'policy_version', 'policy_in_force', 'staffing', 'roster_day', 'handover_log',
                                    'leave_overview', 'leave_calls_due',
                                    'complaint_overview', 'complaint_history', 'complaint_sla', 'sla_breach_overview',
                                    'repair_callback_overview', 'chat_response', 'chat_conversation', 'chat_month',
                                    'call_pickup', 'call_interval', 'call_answer_rate', 'seat_discipline',
                                    'performance_overview', 'peer_ranking', 'application_overview', 'demotion_watch', 'promotion_candidates',
                                    'customer_data_reads', 'data_access_grants', 'pay', 'my_pay',
                                    'period_closes', 'close_progress', 'period_employee_totals', 'period_team_totals',
                                    'period_penalty_line', 'period_overtime', 'payroll_adjustments',
                                    'period_team_attendance', 'period_changes', 'period_sla', 'period_coverage',
                                    'period_promotion_candidates', 'period_demotion_watch', 'report_release_overview'],
    'the reading views exist');

SELECT col_is_pk('cs_policy', 'rule', 'id', 'rule is keyed by its ID');
SELECT col_is_pk('cs_policy', 'employee', 'employee_id', 'employee is keyed by employee_id');
SELECT col_type_is('cs_policy', 'employee', 'employee_id', 'bigint', 'employee_id is bigint (the distribution column)');
SELECT col_is_pk('cs_policy', 'department', 'department_id', 'department is keyed by department_id');
SELECT col_is_pk('cs_policy', 'calendar_day', ARRAY['calendar', 'day'], 'a calendar has one entry per day');
SELECT fk_ok('cs_policy', 'employee', 'department_id', 'cs_policy', 'department', 'department_id',
             'an employee belongs to a department');
SELECT fk_ok('cs_policy', 'department', 'parent_id', 'cs_policy', 'department', 'department_id',
             'departments form a tree');
SELECT fk_ok('cs_policy', 'policy', 'preset', 'cs_policy', 'preset', 'name', 'a policy starts from a known preset');
SELECT col_type_is('cs_policy', 'employee', 'monthly_wage', 'numeric(12,2)', 'wages are numeric');
SELECT col_default_is('cs_policy', 'calendar', 'time_zone', 'Asia/Shanghai', 'calendars default to Asia/Shanghai');

-- Documentation: BI tools show these comments.
SELECT is_empty($$
    SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = 'cs_policy' AND c.relkind IN ('r', 'v') AND obj_description(c.oid, 'pg_class') IS NULL $$,
    'every table and view has a comment');
SELECT is_empty($$
    SELECT c.relname || '.' || a.attname FROM pg_attribute a
      JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = 'cs_policy' AND c.relkind IN ('r', 'v') AND a.attnum > 0 AND NOT a.attisdropped
       AND col_description(c.oid, a.attnum) IS NULL $$,
    'every column of every table and view has a comment');
SELECT is_empty($$
    SELECT p.oid::regprocedure::text FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
     WHERE n.nspname = 'cs_policy' AND obj_description(p.oid, 'pg_proc') IS NULL $$,
    'every function has a comment');
SELECT is_empty($$
    SELECT t.typname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
     WHERE n.nspname = 'cs_policy' AND t.typtype IN ('b', 'e', 'd') AND t.typelem = 0 AND obj_description(t.oid, 'pg_type') IS NULL $$,
    'every type has a comment');

-- Safe by construction.
SELECT is_empty($$
    SELECT p.oid::regprocedure::text FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
     WHERE n.nspname = 'cs_policy' AND p.prolang = (SELECT oid FROM pg_language WHERE lanname = 'plpgsql')
       AND NOT coalesce('search_path=pg_catalog, pg_temp' = ANY (p.proconfig), false)
       -- act_as's SET LOCAL must outlive it, which a SET clause would undo;
       -- it runs with the caller's rights and names every function by schema
       AND p.oid <> 'cs_policy.act_as(text)'::regprocedure
       -- the procedures commit, which a procedure with a SET clause may not
       AND p.prokind <> 'p' $$,
    'every PL/pgSQL function pins search_path to pg_catalog, pg_temp');
SELECT is_empty($$
    SELECT p.oid::regprocedure::text FROM pg_proc p
     WHERE p.pronamespace = 'cs_policy'::regnamespace AND p.prokind = 'p'
       AND (p.prosecdef OR p.proconfig IS NOT NULL
            -- no call by a bare name but COALESCE, which is syntax and has no schema
            OR regexp_replace(p.prosrc, 'coalesce\s*\(', '', 'gi') ~ '(^|[^.[:alnum:]_])[[:alpha:]_][[:alnum:]_]*\s*\(') $$,
    'the procedures (close_period and what it calls), which pin no search_path, are not SECURITY DEFINER and call every function by its schema');
SELECT ok((SELECT NOT p.prosecdef AND p.proconfig IS NULL
                  -- no call by a bare name: a word and "(" not after a "."
                  AND p.prosrc !~ '(^|[^.[:alnum:]_])[[:alpha:]_][[:alnum:]_]*\s*\('
             FROM pg_proc p WHERE p.oid = 'cs_policy.act_as(text)'::regprocedure),
          'act_as, which pins no search_path, is not SECURITY DEFINER and calls every function by its schema');
SELECT is_empty($$
    SELECT p.oid::regprocedure::text FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
     WHERE n.nspname = 'cs_policy' AND p.prosecdef
       AND has_function_privilege('public', p.oid, 'EXECUTE')
       -- the reads that answer for the caller alone: who is acting, what they may see (SEC-1)
       AND p.oid::regprocedure::text NOT IN ('cs_policy.current_employee()', 'cs_policy.build_access_scope()',
                                             'cs_policy.period_penalty_lines(date,bigint)', 'cs_policy.attendance_input(date,bigint)',
                                             'cs_policy.period_overtime_lines(date,bigint)',
                                             'cs_policy.readable_pay()', 'cs_policy.readable_payroll()',
                                             'cs_policy.readable_closed_lines(boolean)',
                                             'cs_policy.readable_closed_totals()', 'cs_policy.readable_peer_ranking(date)') $$,
    'no SECURITY DEFINER function is executable by PUBLIC but the reads scoped to the caller');
SELECT is_empty($$
    SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = 'cs_policy' AND c.relkind = 'v'
       AND NOT coalesce('security_invoker=true' = ANY (c.reloptions), false) $$,
    'every view is security_invoker');
SELECT is_empty($$
    SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = 'cs_policy' AND c.relkind IN ('r', 'v')
       AND (has_table_privilege('public', c.oid, 'INSERT') OR has_table_privilege('public', c.oid, 'UPDATE')
            OR has_table_privilege('public', c.oid, 'DELETE') OR has_table_privilege('public', c.oid, 'TRUNCATE')) $$,
    'PUBLIC cannot write to any table or view');
SELECT set_eq($$
    SELECT c.relname::text FROM pg_extension e, unnest(e.extconfig) AS t(oid) JOIN pg_class c ON c.oid = t.oid
     WHERE e.extname = 'cs_policy' AND c.relkind = 'r' $$,
    ARRAY['calendar', 'calendar_week', 'calendar_day', 'department', 'employee', 'policy',
          'shift_template', 'staffing_rule', 'roster', 'roster_publication', 'roster_change', 'swap', 'swap_tally',
          'handover', 'handover_entry', 'handover_refusal', 'handover_review',
          'punch', 'punch_refusal', 'punch_correction', 'attendance_exception', 'leave_request', 'leave_approval', 'leave_call',
          'incident', 'score_adjustment', 'complaint_serial', 'complaint', 'complaint_event', 'policy_sla_target', 'sla_breach',
          'repair_callback', 'chat_message', 'call_record', 'call_abandoned', 'seat_session', 'performance_month', 'quarter_grade', 'employee_title', 'exam_result',
          'disciplinary_record', 'sales_month', 'peer_vote', 'peer_ballot', 'grading_round', 'promotion_application', 'application_approval', 'career_history',
          'transfer_request', 'access_role', 'audit_log', 'data_access_grant', 'identity_check', 'onboarding_training', 'overtime_order',
          'daily_metric', 'close_run', 'period_close', 'period_reopening', 'pay_item', 'closed_penalty_line',
          'closed_overtime_line', 'closed_attendance_total', 'payroll_adjustment', 'close_change',
          'closed_rest_violation', 'closed_team_attendance', 'closed_coverage_shortfall', 'closed_sla_compliance',
          'closed_promotion_check', 'closed_demotion_watch', 'report_release', 'wage'],
    'every table holding user data is registered with pg_extension_config_dump');
SELECT set_eq($$
    SELECT c.relname::text FROM pg_extension e, unnest(e.extconfig) AS t(oid) JOIN pg_class c ON c.oid = t.oid
     WHERE e.extname = 'cs_policy' AND c.relkind = 'S' $$,
    ARRAY['department_department_id_seq', 'employee_employee_id_seq', 'policy_policy_id_seq',
          'shift_template_template_id_seq', 'staffing_rule_staffing_rule_id_seq', 'roster_change_change_id_seq',
          'swap_swap_id_seq', 'handover_handover_id_seq', 'punch_punch_id_seq', 'punch_correction_correction_id_seq',
          'attendance_exception_exception_id_seq', 'leave_request_leave_id_seq', 'incident_incident_id_seq',
          'complaint_complaint_id_seq', 'complaint_event_event_id_seq', 'repair_callback_callback_id_seq',
          'chat_message_message_id_seq', 'seat_session_session_id_seq', 'disciplinary_record_record_id_seq',
          'promotion_application_application_id_seq', 'career_history_change_id_seq', 'transfer_request_request_id_seq',
          'audit_log_audit_id_seq', 'data_access_grant_grant_id_seq', 'identity_check_check_id_seq',
          'overtime_order_order_id_seq', 'close_run_run_id_seq', 'period_reopening_reopening_id_seq',
          'report_release_release_id_seq'],
    'so are their sequences');

SELECT volatility_is('cs_policy', 'policy_for', ARRAY['bigint', 'date', 'text'], 'stable',
                     'policy_for reads tables: STABLE');
SELECT volatility_is('cs_policy', 'demo_random', ARRAY['integer', 'text'], 'immutable',
                     'demo_random is a pure function: IMMUTABLE');
SELECT is_empty($$
    SELECT p.oid::regprocedure::text FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
     WHERE n.nspname = 'cs_policy'
       AND p.proname IN ('judge_attendance', 'judge_attendance_shifts', 'judge_overtime', 'collect_punches_step', 'collect_shifts_step', 'collect_combine', 'rulebook_merge', 'rulebook_at_least',
                         'rulebook_more_lenient', 'rulebook_rules', 'ladder_apply', 'ladder_at_least', 'ladder_more_lenient_at',
                         'sla_clock', 'collect_complaint_events_step', 'sla_target_at_least', 'sla_target_more_lenient',
                         'sla_target_parts')
       AND NOT (p.provolatile = 'i' AND p.proparallel = 's') $$,
    'the engine and the rule types are pure: IMMUTABLE and PARALLEL SAFE (they get everything as values)');
SELECT is((SELECT array_agg(p.proargnames[1] ORDER BY p.proname) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
            WHERE n.nspname = 'cs_policy' AND p.proname IN ('penalty_lines', 'attendance_totals', 'overtime_lines')),
          '{employee_id,employee_id,employee_id}'::text[],
          'per-employee functions take employee_id first (create_distributed_function)');
SELECT has_type('cs_policy', 'workweek', 'type workweek exists');
SELECT has_type('cs_policy', 'business_calendar', 'type business_calendar exists');
SELECT has_type('cs_policy', 'shift', 'type shift exists');
SELECT has_type('cs_policy', 'ladder', 'type ladder exists');
SELECT has_type('cs_policy', 'rulebook', 'type rulebook exists');
SELECT has_type('cs_policy', 'sla_target', 'type sla_target exists');
SELECT has_opclass('cs_policy', 'shift_ops', 'shift has a btree ordering');
-- Citus: per-employee tables lead their primary key with employee_id.
SELECT is_empty($$
    SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      JOIN pg_constraint k ON k.conrelid = c.oid AND k.contype = 'p'
     WHERE n.nspname = 'cs_policy' AND c.relname IN ('roster', 'roster_change', 'swap', 'swap_tally', 'handover',
                                                      'handover_entry', 'handover_refusal', 'punch', 'punch_refusal',
                                                      'punch_correction', 'attendance_exception', 'leave_request',
                                                      'leave_approval', 'leave_call', 'incident', 'score_adjustment',
                                                      'complaint', 'complaint_event', 'sla_breach', 'repair_callback',
                                                      'chat_message', 'call_record', 'seat_session', 'performance_month', 'quarter_grade', 'employee_title',
                                                      'exam_result', 'disciplinary_record', 'sales_month',
                                                      'promotion_application', 'application_approval', 'career_history',
                                                      'transfer_request')
       AND (SELECT a.attname FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attnum = k.conkey[1]) <> 'employee_id' $$,
    'per-employee tables are keyed by employee_id first (their distribution column)');
SELECT is_empty($$
    SELECT t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = 'cs_policy' AND NOT t.tgisinternal $$,
    'no triggers on any table');
-- Value forms are pure (what views and Citus need); name forms read a table.
SELECT is_empty($$
    SELECT p.oid::regprocedure::text FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
     WHERE n.nspname = 'cs_policy'
       AND p.proname IN ('is_working_day', 'add_working_days', 'add_working_time', 'working_time_between')
       AND NOT (p.proisstrict AND p.proparallel = 's'
                AND p.provolatile = CASE WHEN p.proargtypes[0] = 'cs_policy.business_calendar'::regtype
                                         THEN 'i' ELSE 's' END) $$,
    'working-time functions: value form IMMUTABLE, name form STABLE, all STRICT and PARALLEL SAFE');
SELECT is((SELECT count(*) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
            WHERE n.nspname = 'cs_policy'
              AND p.proname IN ('is_working_day', 'add_working_days', 'add_working_time', 'working_time_between'))::integer,
          8, 'each working-time function comes in two forms');

SELECT * FROM finish();
ROLLBACK;
