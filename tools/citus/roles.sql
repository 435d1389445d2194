-- roles.sql: what logins of three jobs see (SEC-1 to SEC-3), on the single
-- node and on the cluster. "-- setup:" runs once per database as the
-- superuser (after params.sql); each "-- read: <login> | <label>" runs as
-- that login (as "<login> for <other login>", in a transaction that first
-- names that login's employee with act_as), and its rows (or its SQLSTATE) must be the same on the
-- cluster as on the single node. The policies filter on employee_id and
-- department ids, so each shard enforces them (citusdata/citus#7182
-- reports a policy on another column silently ignored: here the row counts
-- of a read that ignored them would differ).

-- setup: roles and logins
SELECT count(*) FROM cs_policy.create_roles('cz_');
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'cz_agent_login') THEN
        CREATE ROLE cz_agent_login LOGIN IN ROLE cz_agent;
        CREATE ROLE cz_manager_login LOGIN IN ROLE cz_manager;
        CREATE ROLE cz_analyst_login LOGIN IN ROLE cz_analyst;
        CREATE ROLE cz_app_login LOGIN IN ROLE cz_app;
    END IF;
END
$$;
SELECT cs_policy.set_employee_login(:'emp_code', 'cz_agent_login');
SELECT cs_policy.set_employee_login((SELECT min(e.code) FROM cs_policy.employee e JOIN cs_policy.department d USING (department_id)
                                      WHERE d.code = 'ECOM' AND e.role = 'manager'), 'cz_manager_login');
SELECT cs_policy.set_employee_login((SELECT min(code) FROM cs_policy.employee WHERE role = 'analyst'), 'cz_analyst_login');

-- read: cz_agent_login | the agent's scope
SELECT cs_policy.access_scope()::text ~ '^viewer=[0-9]+ team=\{' AS agent_scope
-- read: cz_agent_login | punches (their own)
SELECT e.code, count(*) FROM cs_policy.punch p JOIN cs_policy.employee e USING (employee_id) GROUP BY e.code
-- read: cz_agent_login | roster (the team's)
SELECT e.code, r.work_date, r.shift::text FROM cs_policy.roster r JOIN cs_policy.employee e USING (employee_id)
-- read: cz_agent_login | attendance_day (their own)
SELECT employee_code, work_date, late_minutes, early_minutes, absence_days FROM cs_policy.attendance_day(:'month')
-- read: cz_agent_login | period_penalty_lines (their own, every amount)
SELECT employee_code, line, kind, rule_id, amount, explanation FROM cs_policy.period_penalty_lines(:'month')
-- read: cz_agent_login | complaint_overview (masked)
SELECT number, owner, complainant_name, complainant_contact, facts FROM cs_policy.complaint_overview
-- read: cz_agent_login | pay (their own)
SELECT code, monthly_wage FROM cs_policy.pay
-- read: cz_agent_login | a wage column (refused)
SELECT daily_wage FROM cs_policy.employee
-- read: cz_agent_login | a customer's raw contact (refused)
SELECT complainant_contact FROM cs_policy.complaint

-- read: cz_manager_login | punches (ECOM's)
SELECT e.code, count(*) FROM cs_policy.punch p JOIN cs_policy.employee e USING (employee_id) GROUP BY e.code
-- read: cz_manager_login | punches of the hotline agent (none)
SELECT count(*) FROM cs_policy.punch WHERE employee_id = :emp
-- read: cz_manager_login | attendance_day (ECOM's)
SELECT employee_code, work_date, late_minutes, absence_days FROM cs_policy.attendance_day(:'month')
-- read: cz_manager_login | period_penalty_lines (ECOM's; amounts from wages withheld)
SELECT employee_code, line, kind, amount, from_pay, explanation FROM cs_policy.period_penalty_lines(:'month')
-- read: cz_manager_login | penalty_lines of the hotline agent (none)
SELECT * FROM cs_policy.penalty_lines(:emp, :'month')
-- read: cz_manager_login | complaint_sla (ECOM's)
SELECT number, target, state, due_at FROM cs_policy.complaint_sla_at(:'later')
-- read: cz_manager_login | leave_overview (ECOM's)
SELECT * FROM cs_policy.leave_overview
-- read: cz_manager_login | staff_directory (ECOM's)
SELECT code, name, department_code FROM cs_policy.staff_directory
-- read: cz_manager_login | incidents (ECOM's)
SELECT e.code, i.kind, i.work_date FROM cs_policy.incident i JOIN cs_policy.employee e USING (employee_id)
-- read: cz_manager_login | coverage of ECOM, the month (SH-3: the parts of count_on_line combined from the shards, as the manager)
SELECT count(*), sum(rostered), sum(required), sum(shortfall) FROM cs_policy.coverage('ECOM', :'month', (:'month'::date + interval '1 month')::timestamptz)

-- read: cz_analyst_login | team_report
SELECT * FROM cs_policy.team_report(:'month')
-- read: cz_analyst_login | period_penalty_lines (none)
SELECT count(*) FROM cs_policy.period_penalty_lines(:'month')
-- read: cz_analyst_login | punches (refused)
SELECT count(*) FROM cs_policy.punch
-- read: cz_analyst_login | complaint_overview (refused)
SELECT count(*) FROM cs_policy.complaint_overview

-- The pooled application acting for the manager: the workers get the
-- acting employee from act_as's signed pass, so the rows are the manager's.
-- read: cz_app_login for cz_manager_login | punches (ECOM's)
SELECT e.code, count(*) FROM cs_policy.punch p JOIN cs_policy.employee e USING (employee_id) GROUP BY e.code
-- read: cz_app_login for cz_manager_login | attendance_day (ECOM's)
SELECT employee_code, work_date, late_minutes, absence_days FROM cs_policy.attendance_day(:'month')
-- read: cz_app_login for cz_manager_login | period_penalty_lines (ECOM's; amounts from wages withheld)
SELECT employee_code, line, kind, amount, from_pay, explanation FROM cs_policy.period_penalty_lines(:'month')
-- read: cz_app_login for cz_manager_login | complaint_overview (ECOM's, masked)
SELECT number, owner, complainant_name, complainant_contact, facts FROM cs_policy.complaint_overview
-- read: cz_app_login for cz_agent_login | pay (the agent's own)
SELECT code, monthly_wage FROM cs_policy.pay
-- read: cz_app_login | punches, acting for nobody (none)
SELECT count(*) FROM cs_policy.punch
