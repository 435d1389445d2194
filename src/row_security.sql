-- src/row_security.sql: who sees which rows (src/access.c)
--
-- SEC-1: every table holding per-employee, per-department or customer data
-- has row-level security enabled and forced. A policy asks the pure sees*()
-- functions row by row, on employee_id and department ids, about the
-- caller's access_scope(), evaluated once per statement as an InitPlan (so
-- that a parallel plan passes it to its workers): no query runs per row.
-- Citus refuses subqueries in a policy on a distributed table, so
-- distribute() rewrites each policy to call access_scope() directly, which
-- keeps the scope in memory for the statement: every shard evaluates the
-- policy on its own rows.
-- There are SELECT policies only: no role writes these tables, not even
-- with a grant (SEC-5); the commands are SECURITY DEFINER and check the
-- same scope themselves.

DO $$
DECLARE
    t text;
BEGIN
    -- one's own records, and those of the people one answers for
    FOREACH t IN ARRAY ARRAY[
        'application_approval', 'attendance_exception', 'call_record', 'seat_session', 'career_history', 'chat_message', 'disciplinary_record',
        'employee_title', 'exam_result', 'incident', 'leave_approval', 'leave_call', 'leave_request',
        'daily_metric', 'onboarding_training', 'overtime_order', 'performance_month', 'promotion_application', 'punch', 'punch_correction', 'punch_refusal',
        'quarter_grade', 'repair_callback', 'sales_month', 'score_adjustment', 'sla_breach', 'swap_tally',
        'identity_check', 'transfer_request']
    LOOP
        EXECUTE format('ALTER TABLE cs_policy.%I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE cs_policy.%I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY seen_by_scope ON cs_policy.%I FOR SELECT
                        USING (cs_policy.sees((SELECT cs_policy.access_scope()), employee_id))', t);
    END LOOP;
    -- what a team shares: the roster and who is who
    FOREACH t IN ARRAY ARRAY['employee', 'roster', 'roster_change', 'handover_entry', 'handover_refusal']
    LOOP
        EXECUTE format('ALTER TABLE cs_policy.%I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE cs_policy.%I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY seen_by_team ON cs_policy.%I FOR SELECT
                        USING (cs_policy.sees_team((SELECT cs_policy.access_scope()), employee_id))', t);
    END LOOP;
    FOREACH t IN ARRAY ARRAY['swap', 'handover', 'complaint', 'complaint_event', 'handover_review',
                             'call_abandoned', 'data_access_grant', 'audit_log', 'report_release']
    LOOP
        EXECUTE format('ALTER TABLE cs_policy.%I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE cs_policy.%I FORCE ROW LEVEL SECURITY', t);
    END LOOP;
END
$$;

-- a swap: the requester's and the colleague's
CREATE POLICY seen_by_scope ON cs_policy.swap FOR SELECT
    USING (cs_policy.sees((SELECT cs_policy.access_scope()), employee_id)
           OR cs_policy.sees((SELECT cs_policy.access_scope()), coalesce(colleague_id, employee_id)));
-- a handover log: the outgoing and the incoming person's team
CREATE POLICY seen_by_team ON cs_policy.handover FOR SELECT
    USING (cs_policy.sees_team((SELECT cs_policy.access_scope()), employee_id)
           OR cs_policy.sees_team((SELECT cs_policy.access_scope()), incoming_id));
-- a complaint: who took it, who owns it now, the departments concerned and handling it
CREATE POLICY seen_by_scope ON cs_policy.complaint FOR SELECT
    USING (cs_policy.sees((SELECT cs_policy.access_scope()), employee_id)
           OR cs_policy.sees((SELECT cs_policy.access_scope()), owner_id)
           OR cs_policy.sees_department((SELECT cs_policy.access_scope()), department_id)
           OR cs_policy.sees_department((SELECT cs_policy.access_scope()), coalesce(handling_department_id, department_id)));
CREATE POLICY seen_by_scope ON cs_policy.complaint_event FOR SELECT
    USING (cs_policy.sees((SELECT cs_policy.access_scope()), employee_id)
           OR cs_policy.sees((SELECT cs_policy.access_scope()), coalesce(owner_id, employee_id))
           OR cs_policy.sees_department((SELECT cs_policy.access_scope()), coalesce(department_id, 0)));
CREATE POLICY seen_by_scope ON cs_policy.handover_review FOR SELECT
    USING (cs_policy.sees_department((SELECT cs_policy.access_scope()), department_id));
-- SH-3: the calls given up in a department's queue, by who sees the department
CREATE POLICY seen_by_scope ON cs_policy.call_abandoned FOR SELECT
    USING (cs_policy.sees_department((SELECT cs_policy.access_scope()), department_id));
-- a grant: the grantee's, and the manager's who approved it
CREATE POLICY seen_by_scope ON cs_policy.data_access_grant FOR SELECT
    USING (cs_policy.sees((SELECT cs_policy.access_scope()), employee_id)
           OR cs_policy.sees((SELECT cs_policy.access_scope()), granted_by));
-- SEC-1: a report prepared to leave the center, by the analyst who
-- prepared it and whoever sees the analyst's department (its reviewers)
CREATE POLICY seen_by_scope ON cs_policy.report_release FOR SELECT
    USING (cs_policy.sees((SELECT cs_policy.access_scope()), prepared_by)
           OR cs_policy.sees_department((SELECT cs_policy.access_scope()), department_id));
-- SEC-5: the audit log is the auditors' alone
CREATE POLICY read_by_auditors ON cs_policy.audit_log FOR SELECT
    USING (cs_policy.reads_audit((SELECT cs_policy.access_scope())));

-- SEC-2: when someone's pay changed is pay too: the wages by day are read
-- by the person and HR alone (as pay_item, src/close.sql)
ALTER TABLE cs_policy.wage ENABLE ROW LEVEL SECURITY;
ALTER TABLE cs_policy.wage FORCE ROW LEVEL SECURITY;
CREATE POLICY seen_by_pay_scope ON cs_policy.wage FOR SELECT
    USING (cs_policy.sees_pay((SELECT cs_policy.access_scope()), employee_id));

-- SEC-2: pay. The wage columns of employee are HR's alone (create_roles
-- grants the others); everyone reads their own pay, and HR everyone's,
-- through readable_pay(): SECURITY DEFINER, it reads the wages as the owner
-- and keeps only the rows sees_pay allows (a view with its owner's rights
-- would do on one node, but Citus reads a view's shards with the caller's).
CREATE FUNCTION cs_policy.readable_pay()
RETURNS TABLE (employee_id bigint, code text, name text, monthly_wage numeric(12,2), daily_wage numeric(12,2))
LANGUAGE plpgsql STABLE PARALLEL RESTRICTED SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
DECLARE
    scope cs_policy.access_scope := cs_policy.access_scope();
BEGIN
    RETURN QUERY
    SELECT e.employee_id, e.code, e.name, e.monthly_wage, e.daily_wage
      FROM cs_policy.employee e
     WHERE cs_policy.sees_pay(scope, e.employee_id);
END
$$;
COMMENT ON FUNCTION cs_policy.readable_pay() IS
    'SEC-2: the pay the caller may read: their own, and everyone''s for HR (what the view pay shows)';

CREATE VIEW cs_policy.pay WITH (security_invoker = true) AS
SELECT p.employee_id, p.code, p.name, p.monthly_wage, p.daily_wage FROM cs_policy.readable_pay() p;
COMMENT ON VIEW cs_policy.pay IS
    'SEC-2: the pay the caller may read: their own, and everyone''s for HR; nobody else''s';
COMMENT ON COLUMN cs_policy.pay.employee_id IS 'Whose';
COMMENT ON COLUMN cs_policy.pay.code IS 'Staff number';
COMMENT ON COLUMN cs_policy.pay.name IS 'Name';
COMMENT ON COLUMN cs_policy.pay.monthly_wage IS 'Monthly wage (CNY)';
COMMENT ON COLUMN cs_policy.pay.daily_wage IS 'Daily wage (CNY), the base of penalties in days'' wages';

CREATE VIEW cs_policy.my_pay WITH (security_invoker = true) AS
SELECT p.code, p.name, p.monthly_wage, p.daily_wage
  FROM cs_policy.pay p
 WHERE p.employee_id OPERATOR(pg_catalog.=) (SELECT cs_policy.current_employee());
COMMENT ON VIEW cs_policy.my_pay IS 'SEC-2: the acting employee''s own pay';
COMMENT ON COLUMN cs_policy.my_pay.code IS 'Staff number';
COMMENT ON COLUMN cs_policy.my_pay.name IS 'Name';
COMMENT ON COLUMN cs_policy.my_pay.monthly_wage IS 'Monthly wage (CNY)';
COMMENT ON COLUMN cs_policy.my_pay.daily_wage IS 'Daily wage (CNY)';
