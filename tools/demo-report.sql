-- demo-report.sql (make demo): load the demo center and print a readable report of it.
\pset footer off
\pset null '-'
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS cs_policy CASCADE;

-- load the demo center once; on a server that has it already, just report
SELECT CASE WHEN NOT EXISTS (SELECT FROM cs_policy.department WHERE code = 'DEMO')
            THEN cs_policy.demo_center() END AS demo_center_id \gset
-- the month the demo center was loaded for (by default the last complete one)
SELECT coalesce(date_trunc('month', min(work_date)), date_trunc('month', now()))::date AS demo_month
  FROM cs_policy.roster \gset

\echo
\echo '=== cs_policy demo center ==='
SELECT name AS center, headcount AS people, manager_name AS director,
       to_char(:'demo_month'::date, 'YYYY-MM') AS month
  FROM cs_policy.department_overview WHERE code = 'DEMO';

\echo '--- Departments (center -> project -> team) ---'
SELECT repeat('    ', cardinality(d.path) - 1) || o.code AS department,
       o.name, o.kind, o.manager_name AS manager, o.headcount
  FROM cs_policy.department_overview o
  JOIN cs_policy.department d USING (department_id)
 ORDER BY d.path;

\echo '--- People by role and project ---'
SELECT CASE WHEN GROUPING(s.project_code) = 1 THEN 'all'
            ELSE coalesce(s.project_code, '(center)') END AS project,
       count(*) FILTER (WHERE role = 'agent') AS agents,
       count(*) FILTER (WHERE role = 'team_lead') AS team_leads,
       count(*) FILTER (WHERE role IN ('supervisor', 'deputy_manager', 'manager', 'director')) AS managers,
       count(*) FILTER (WHERE role IN ('hr', 'qa', 'trainer', 'analyst')) AS support,
       count(*) FILTER (WHERE on_probation) AS on_probation,
       count(*) AS total
  FROM cs_policy.staff_directory s
 GROUP BY ROLLUP (s.project_code)
 ORDER BY GROUPING(s.project_code), s.project_code NULLS FIRST;

\echo '--- Agents by grade (callcenter_2012 ladder) ---'
SELECT grade, count(*) AS agents,
       round(avg(current_date - hired_on) / 30.4) AS avg_months_of_service
  FROM cs_policy.staff_directory WHERE role = 'agent'
 GROUP BY grade ORDER BY array_position('{trainee,C,B,A}', grade);

\echo '--- Payroll (monthly, CNY) ---'
SELECT CASE WHEN GROUPING(p.code) = 1 THEN 'all' ELSE coalesce(p.code, '(center)') END AS project,
       count(*) AS people,
       sum(e.monthly_wage) AS monthly_wages,
       round(avg(e.monthly_wage) FILTER (WHERE e.role = 'agent')) AS avg_agent_wage,
       round(avg(e.daily_wage) FILTER (WHERE e.role = 'agent'), 2) AS avg_agent_daily_wage
  FROM cs_policy.employee e
  JOIN cs_policy.department d ON d.department_id = e.department_id
  LEFT JOIN cs_policy.department p ON p.department_id = d.path[2]
 GROUP BY ROLLUP (p.code)
 ORDER BY GROUPING(p.code), p.code NULLS FIRST;

\echo '--- Policy versions ---'
SELECT policy_id AS id, name, area, preset, department_code AS scope,
       valid_from, valid_until, state
  FROM cs_policy.policy_version
 ORDER BY area, department_code, valid_from;

\echo '--- Attendance rules in force for one agent of each project, in the demo month and three months before ---'
WITH sample AS (
    SELECT DISTINCT ON (project_code) employee_id, code, name, project_code
      FROM cs_policy.staff_directory WHERE role = 'agent' ORDER BY project_code, code
)
SELECT s.project_code AS project, s.code || ' ' || s.name AS agent, a.area,
       (cs_policy.policy_for(s.employee_id, :'demo_month', a.area::text)).preset AS demo_month,
       (cs_policy.policy_for(s.employee_id, (:'demo_month'::date - interval '3 months')::date, a.area::text)).preset
           AS three_months_before
  FROM sample s
 CROSS JOIN unnest(enum_range(NULL::cs_policy.rule_area)) AS a(area)
 WHERE a.area IN ('attendance', 'complaint')
 ORDER BY s.project_code, a.area;

\echo '--- Calendar cn in the demo month and the next ---'
SELECT to_char(m, 'YYYY-MM') AS month,
       count(*) FILTER (WHERE cs_policy.is_working_day(c.value, g.d::date)) AS working_days,
       coalesce(string_agg(to_char(g.d, 'MM-DD') || ' ' || cd.kind || ' (' || cd.name || ')', ', ' ORDER BY g.d)
                    FILTER (WHERE cd.kind IS NOT NULL), 'no holidays') AS holidays_and_make_up_days
  FROM cs_policy.calendar c,
       generate_series(:'demo_month'::date, :'demo_month'::date + interval '1 month', interval '1 month') AS m,
       generate_series(m, m + interval '1 month' - interval '1 day', interval '1 day') AS g(d)
  LEFT JOIN cs_policy.calendar_day cd ON cd.calendar = 'cn' AND cd.day = g.d::date
 WHERE c.name = 'cn'
 GROUP BY m ORDER BY m;

\echo '--- Deadlines in working time for a request received now (calendar cn) ---'
SELECT to_char(now() AT TIME ZONE 'Asia/Shanghai', 'Dy YYYY-MM-DD HH24:MI') AS received_shanghai,
       to_char(cs_policy.add_working_time('cn', now(), '1 hour') AT TIME ZONE 'Asia/Shanghai', 'Dy MM-DD HH24:MI')
           AS within_1_working_hour,
       to_char(cs_policy.add_working_days('cn', now(), 3) AT TIME ZONE 'Asia/Shanghai', 'Dy MM-DD HH24:MI')
           AS within_3_working_days,
       to_char(cs_policy.add_working_days('cn', now(), 7) AT TIME ZONE 'Asia/Shanghai', 'Dy MM-DD HH24:MI')
           AS within_7_working_days;

\echo '--- Roster of the demo month (SH-1, SH-3): shifts per day by template ---'
SELECT template, shift, count(*) AS shifts, count(DISTINCT employee_id) AS agents,
       round(count(*)::numeric / count(DISTINCT work_date), 1) AS per_day
  FROM cs_policy.roster_day
 WHERE work_date >= :'demo_month' AND work_date < :'demo_month'::date + interval '1 month'
 GROUP BY template, shift ORDER BY shift;

\echo '--- Coverage gaps in the demo month (SH-3): 30-minute slots below the staffing minimum ---'
SELECT p.code AS project, count(*) AS short_slots,
       max(c.shortfall) AS worst_shortfall,
       to_char(min(c.slot_start) AT TIME ZONE 'Asia/Shanghai', 'MM-DD HH24:MI') AS first_gap,
       string_agg(DISTINCT to_char(c.slot_start AT TIME ZONE 'Asia/Shanghai', 'HH24:MI'), ' ')
           FILTER (WHERE c.slot_start < :'demo_month'::date + interval '1 day') AS gap_times_on_day_1
  FROM cs_policy.department p
 CROSS JOIN LATERAL cs_policy.coverage(p.code, :'demo_month'::date, :'demo_month'::date + interval '1 month') c
 WHERE p.kind = 'project' AND c.shortfall > 0
 GROUP BY p.code ORDER BY p.code;

\echo '--- Rest days (SH-4): people with too few ---'
SELECT count(*) AS findings FROM cs_policy.rest_violations(:'demo_month');

\echo '--- Swaps (SH-7, SH-8, SH-9): approved, and refused with the reason the database gave ---'
SELECT w.swap_id AS id, r.code AS requester, c.code AS colleague, w.give_date AS gives, w.take_date AS takes, w.state,
       left(coalesce(w.decision_note, ''), 90) AS reason
  FROM cs_policy.swap w
  JOIN cs_policy.employee r ON r.employee_id = w.employee_id
  LEFT JOIN cs_policy.employee c ON c.employee_id = w.colleague_id
 ORDER BY w.swap_id;

\echo '--- Handover logs (SH-10 to SH-13) ---'
SELECT h.handover_id AS id, h.department_code AS team, h.outgoing_date AS day, h.outgoing_code AS outgoing,
       h.incoming_code AS incoming, h.state, h.open_follow_ups,
       (SELECT f.reason FROM cs_policy.handover_refusal f WHERE f.handover_id = h.handover_id LIMIT 1) AS refused_because
  FROM cs_policy.handover_log h
 ORDER BY h.outgoing_date, h.department_code
 LIMIT 10;

\echo '--- Attendance of the demo month: penalty lines by kind (AT-1 to AT-14) ---'
SELECT kind, count(*) AS lines, sum(amount) AS amount, sum(points) AS points_deducted,
       sum(absence_days) AS days_absent
  FROM cs_policy.period_penalty_lines(:'demo_month')
 GROUP BY kind ORDER BY kind;

\echo '--- The ten largest charges, and why ---'
SELECT employee_code AS agent, work_date AS day, rule_id, amount, explanation
  FROM cs_policy.period_penalty_lines(:'demo_month')
 ORDER BY amount DESC, employee_code, work_date
 LIMIT 10;

\echo '--- Attendance by project (attendance_totals): charges, bonuses, points, flags ---'
SELECT p.code AS project, count(*) AS people, sum(m.late) AS lates, sum(m.early) AS early_leaves,
       sum(m.days_absent) AS days_absent, sum(m.amount) AS charged, sum(m.bonus) AS paid_out,
       round(avg(m.points_score), 1) AS avg_score,
       count(*) FILTER (WHERE 'dismissal_review' = ANY (m.flags)) AS dismissal_reviews
  FROM cs_policy.period_attendance_totals(:'demo_month') m
  JOIN cs_policy.employee e ON e.employee_id = m.employee_id
  JOIN cs_policy.department d ON d.department_id = e.department_id
  JOIN cs_policy.department p ON p.department_id = d.path[2]
 GROUP BY p.code ORDER BY p.code;

\echo '--- Incidents, leave and refusals behind some lines ---'
SELECT e.code AS employee, i.work_date AS day, i.kind, left(i.note, 80) AS note
  FROM cs_policy.incident i JOIN cs_policy.employee e ON e.employee_id = i.employee_id
 WHERE i.kind IN ('proxy_punch', 'cover_up', 'lost_card')
 ORDER BY i.work_date, e.code;
SELECT employee_code AS employee, leave_type, first_day, state, counts_as
  FROM cs_policy.leave_overview ORDER BY first_day, employee_code;

\echo '--- Complaints of the demo month by category (CP-1) and how they stand ---'
SELECT category, count(*) AS received,
       count(*) FILTER (WHERE state IN ('open', 'waiting')) AS open,
       count(*) FILTER (WHERE state = 'closed') AS closed,
       count(*) FILTER (WHERE emergency) AS emergencies,
       count(*) FILTER (WHERE repair) AS repairs
  FROM cs_policy.complaint
 WHERE received_on >= :'demo_month' AND received_on < :'demo_month'::date + interval '1 month'
 GROUP BY category ORDER BY category;

\echo '--- SLA compliance by category (CP-3, CP-4, CP-5, CP-7): targets met in time, now ---'
SELECT c.category, s.target, s.rule_id,
       count(*) FILTER (WHERE s.state = 'met') AS met,
       count(*) FILTER (WHERE s.state = 'breached') AS breached,
       count(*) FILTER (WHERE s.state IN ('running', 'at_risk')) AS running,
       round(100.0 * count(*) FILTER (WHERE s.state = 'met')
             / nullif(count(*) FILTER (WHERE s.state IN ('met', 'breached')), 0), 1) AS compliance_pct
  FROM cs_policy.complaint_sla s
  JOIN cs_policy.complaint c ON c.employee_id = s.employee_id AND c.complaint_id = s.complaint_id
 WHERE c.received_on >= :'demo_month' AND c.received_on < :'demo_month'::date + interval '1 month'
 GROUP BY c.category, s.target, s.rule_id
 ORDER BY c.category, s.rule_id, s.target;

\echo '--- Breaches found now (detect_sla_breaches, as pg_cron would run it), and those still open ---'
SELECT cs_policy.detect_sla_breaches() AS breaches_recorded;
SELECT number, target, rule_id, to_char(due_at AT TIME ZONE 'Asia/Shanghai', 'MM-DD HH24:MI') AS due_shanghai,
       justify_hours(date_trunc('minute', late_by)) AS late_by, answerable, owner_now
  FROM cs_policy.sla_breach_overview WHERE open
 ORDER BY due_at, number, target
 LIMIT 10;

\echo '--- Repairs called back (CP-8) ---'
SELECT count(*) AS callbacks, count(*) FILTER (WHERE solved) AS solved, round(avg(score), 1) AS avg_score,
       count(*) FILTER (WHERE attitude = 'unsatisfied') AS unsatisfied, count(*) FILTER (WHERE charged) AS charged
  FROM cs_policy.repair_callback_overview;

\echo '--- Valid complaints charged to agents (CP-9) ---'
SELECT employee_code AS agent, work_date AS day, rule_id, amount, points, flags, explanation
  FROM cs_policy.period_penalty_lines(:'demo_month')
 WHERE rule_id = 'CP-9'
 ORDER BY work_date, employee_code
 LIMIT 10;

\echo '--- Chat response times of the demo month (CP-6): agents with the most late answers ---'
SELECT agent, greetings, greetings_late, round(100 * greetings_late_share, 1) AS greetings_late_pct,
       replies, replies_late, round(100 * replies_late_share, 1) AS replies_late_pct
  FROM cs_policy.chat_month
 WHERE month = :'demo_month'
 ORDER BY replies_late_share + greetings_late_share DESC, agent
 LIMIT 5;

\echo '--- This quarter''s promotion candidates (PR-1, PR-2): how many may apply for each level ---'
SELECT current_level AS level, level_sought AS seeks, count(*) FILTER (WHERE eligible) AS eligible,
       count(*) FILTER (WHERE NOT eligible) AS not_yet
  FROM cs_policy.promotion_candidates
 WHERE quarter = date_trunc('quarter', :'demo_month'::date)
 GROUP BY current_level, level_sought ORDER BY level_sought;
\echo '--- ... the eligible, and the nearest misses with what they lack ---'
(SELECT employee_code AS agent, current_level AS level, level_sought AS seeks, eligible,
        array_to_string(criteria_met, ', ') AS met, array_to_string(coalesce(criteria_missing, '{}'), '; ') AS missing
   FROM cs_policy.promotion_candidates
  WHERE quarter = date_trunc('quarter', :'demo_month'::date) AND eligible
  ORDER BY employee_code LIMIT 5)
UNION ALL
(SELECT employee_code, current_level, level_sought, eligible,
        array_to_string(criteria_met, ', '), array_to_string(coalesce(criteria_missing, '{}'), '; ')
   FROM cs_policy.promotion_candidates
  WHERE quarter = date_trunc('quarter', :'demo_month'::date) AND NOT eligible
  ORDER BY cardinality(criteria_missing), employee_code LIMIT 5);

\echo
\echo '=== Who sees what (SEC-1 to SEC-4): the same two questions, asked by three logins ==='
SELECT rolsuper AS superuser FROM pg_roles WHERE rolname = current_user \gset
\if :superuser
\echo '(roles and logins made for this report only, rolled back at its end)'
BEGIN;
SELECT count(*) AS roles FROM cs_policy.create_roles('cs_demo_') \gset
CREATE ROLE cs_demo_li LOGIN IN ROLE cs_demo_agent;       -- an agent of HOTLINE-T1
CREATE ROLE cs_demo_wang LOGIN IN ROLE cs_demo_manager;   -- the manager of the other project, ECOM
CREATE ROLE cs_demo_zhao LOGIN IN ROLE cs_demo_analyst;   -- the data analyst
CREATE ROLE cs_demo_chen LOGIN IN ROLE cs_demo_manager;   -- and, to show SEC-2, the manager of HOTLINE
SELECT e.employee_id AS agent_id, e.code AS agent FROM cs_policy.employee e
  JOIN cs_policy.department d USING (department_id)
 WHERE d.code = 'HOTLINE-T1' AND e.role = 'agent'
   AND EXISTS (SELECT FROM cs_policy.complaint c WHERE c.owner_id = e.employee_id AND c.complainant_contact IS NOT NULL)
 ORDER BY e.code LIMIT 1 \gset
SELECT min(number) AS number FROM cs_policy.complaint WHERE owner_id = :agent_id AND complainant_contact IS NOT NULL \gset
SELECT count(*) FROM (SELECT cs_policy.set_employee_login(:'agent', 'cs_demo_li'),
                             cs_policy.set_employee_login(e.code, 'cs_demo_wang')
                        FROM cs_policy.employee e JOIN cs_policy.department d USING (department_id)
                       WHERE d.code = 'ECOM' AND e.role = 'manager' LIMIT 1) x \g /dev/null
SELECT count(cs_policy.set_employee_login(e.code, 'cs_demo_chen')) FROM cs_policy.employee e
  JOIN cs_policy.department d USING (department_id) WHERE d.code = 'HOTLINE' AND e.role = 'manager' \g /dev/null
SELECT count(cs_policy.set_employee_login(e.code, 'cs_demo_zhao')) FROM cs_policy.employee e
 WHERE e.role = 'analyst' AND e.code = (SELECT min(code) FROM cs_policy.employee WHERE role = 'analyst') \g /dev/null
SELECT string_agg(quote_literal(e.code), ',') AS team FROM cs_policy.employee e
  JOIN cs_policy.department d USING (department_id) WHERE d.code = 'HOTLINE-T1' \gset
-- a question's rows as text, or the refusal the database gave
CREATE FUNCTION pg_temp.ask(query text) RETURNS SETOF text LANGUAGE plpgsql AS $$
DECLARE
    r record;
    n integer := 0;
BEGIN
    FOR r IN EXECUTE query LOOP
        n := n + 1;
        RETURN NEXT r.answer;
    END LOOP;
    IF n = 0 THEN
        RETURN NEXT '(no rows)';
    END IF;
EXCEPTION WHEN insufficient_privilege THEN
    RETURN NEXT 'refused (42501): ' || SQLERRM;
END
$$;
\set lines 'SELECT pg_temp.ask(format($q$ SELECT employee_code || '' '' || kind || '' '' || coalesce(amount::text, ''(withheld)'') || '': '' || explanation AS answer FROM cs_policy.period_penalty_lines(%L) WHERE employee_code IN (%s) ORDER BY from_pay DESC, employee_code, line LIMIT 4 $q$, :''demo_month'', :''team'')) AS "team HOTLINE-T1''s penalty lines"'
\set contact 'SELECT pg_temp.ask(format($q$ SELECT complainant_name || '', '' || complainant_contact AS answer FROM cs_policy.complaint_overview WHERE number = %L $q$, :''number'')) AS "complaint ' :number '''s contact"'

\echo
\echo '--- as' :agent 'of HOTLINE-T1 (agent): own lines only, every amount; the contact masked ---'
SET ROLE cs_demo_li;
:lines;
:contact;
\echo '... and unmasked only through customer_contact, after verifying the caller (SEC-3), and only on shift (SEC-4):'
SELECT pg_temp.ask(format($q$ SELECT complainant_contact AS answer FROM cs_policy.customer_contact(%L) $q$, :'number')) AS "customer_contact, off shift";
RESET ROLE;
SELECT cs_policy.set_policy('demo: on shift', 'access', department => 'HOTLINE-T1',
                            settings => '{"agents_on_shift_only": false}', valid_from => CURRENT_DATE) \g /dev/null
SET ROLE cs_demo_li;
SELECT cs_policy.verify_customer_identity(:'number', 'security_question') \g /dev/null
SELECT pg_temp.ask(format($q$ SELECT complainant_contact AS answer FROM cs_policy.customer_contact(%L) $q$, :'number')) AS "customer_contact, on shift, verified";
RESET ROLE;

\echo
\echo '--- as the manager of ECOM, another project: nothing of HOTLINE without a grant (SEC-1) ---'
SET ROLE cs_demo_wang;
:lines;
:contact;
RESET ROLE;

\echo
\echo '--- as the analyst: no one''s rows; aggregates per team and project, no amount from a wage (SEC-1, SEC-2) ---'
SET ROLE cs_demo_zhao;
:lines;
:contact;
SELECT project_code, team_code, headcount, penalty_lines, lates, days_absent, charged, charges_from_pay
  FROM cs_policy.team_report(:'demo_month') WHERE project_code = 'HOTLINE' AND (team_code IS NULL OR team_code = 'HOTLINE-T1');
RESET ROLE;
\echo
\echo '--- and the manager of HOTLINE: the team''s lines, but an amount from a wage is withheld (SEC-2) ---'
SET ROLE cs_demo_chen;
:lines;
RESET ROLE;
\echo
\echo '--- the auditor''s view of the unmasked read above (SEC-3, SEC-5) ---'
SELECT a.at::timestamp(0) AS at, a.acting_role, e.code AS acting_for, a.after ->> 'number' AS complaint
  FROM cs_policy.audit_log a JOIN cs_policy.employee e USING (employee_id) WHERE a.command = 'customer_contact';
ROLLBACK;
\else
\echo '(skipped: making the roles needs a superuser)'
\endif

\echo
\echo '=== Closing the demo month (AT-15): what payroll and the BI tools read ==='
\if :superuser
-- the close is kept (the BI views below read it); the late correction, the
-- reopening and the what-if after it are rolled back at the end
CALL cs_policy.close_period(:'demo_month');
SELECT run_id AS run, state, round(extract(epoch FROM finished_at - started_at), 1) AS seconds, departments_done AS departments,
       result_rows ->> 'penalty_lines' AS penalty_lines, result_rows ->> 'payroll_adjustments' AS payroll_items
  FROM cs_policy.close_progress ORDER BY run_id DESC LIMIT 1;

\echo '--- Period totals per project (period_team_totals) ---'
SELECT project_code AS project, period_label AS period, headcount, late, early, absences, days_absent, charged, bonus
  FROM cs_policy.period_team_totals WHERE grouped_by = 'project' ORDER BY project_code;

\echo '--- Payroll adjustments by kind (payroll_adjustments): what payroll posts, deductions negative ---'
SELECT kind, rule_id, count(*) AS items, count(DISTINCT employee_id) AS people, sum(amount) AS amount
  FROM cs_policy.payroll_adjustments GROUP BY kind, rule_id ORDER BY kind = 'net', kind, rule_id;
\echo '--- ... the ten largest, and why ---'
SELECT employee_code AS employee, kind, rule_id, amount, left(explanation, 100) AS explanation
  FROM cs_policy.payroll_adjustments WHERE kind <> 'net'
 ORDER BY abs(amount) DESC, employee_code LIMIT 10;

BEGIN;
-- a question's answer, or the refusal the database gave
CREATE FUNCTION pg_temp.refusal(command text) RETURNS SETOF text LANGUAGE plpgsql AS $$
DECLARE
    detail text;
    hint text;
BEGIN
    EXECUTE command;
    RETURN NEXT 'accepted';
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS detail = PG_EXCEPTION_DETAIL, hint = PG_EXCEPTION_HINT;
    RETURN NEXT format('refused (%s): %s', SQLSTATE, SQLERRM);
    IF detail <> '' THEN RETURN NEXT '  ' || detail; END IF;
    IF hint <> '' THEN RETURN NEXT '  hint: ' || hint; END IF;
END
$$;
-- the month's dearest absence, and the project's supervisor who would excuse it
SELECT l.employee_code AS absent, l.work_date AS absent_on, l.amount AS absence_charge, d.code AS team,
       (SELECT t.code FROM cs_policy.employee t WHERE t.department_id = d.parent_id AND t.role = 'supervisor'
         ORDER BY t.code LIMIT 1) AS lead
  FROM cs_policy.period_penalty_lines(:'demo_month') l
  JOIN cs_policy.employee e USING (employee_id) JOIN cs_policy.department d ON d.department_id = e.department_id
 WHERE l.kind = 'absence' AND l.amount IS NOT NULL
 ORDER BY l.amount DESC, l.employee_code LIMIT 1 \gset
SELECT min(code) AS hr FROM cs_policy.employee WHERE role = 'hr' \gset
\echo '--- A correction after the close:' :absent 'was kept away on' :absent_on 'by a road closure, reported late ---'
SELECT pg_temp.refusal(format($q$ SELECT cs_policy.request_exception(%L, 'force_majeure', 'the road to the center was closed', %L, acting_as => %L) $q$,
                              :'absent_on', :'absent', :'lead')) AS "request_exception after the close";
\echo '--- HR reopens the team''s period with a reason; the exception goes through; the next close records the change ---'
SELECT cs_policy.reopen_period(:'team', :'demo_month', 'road closure reported after the close', acting_as => :'hr') AS reopened_periods;
SELECT cs_policy.decide_exception(cs_policy.request_exception(:'absent_on', 'force_majeure', 'the road to the center was closed',
                                                              :'absent', acting_as => :'lead'),
                                  true, acting_as => :'lead') \g /dev/null
SELECT cs_policy.close_period_now(:'demo_month', :'team') > 0 AS closed_again;
SELECT department_code AS team, state, revision, last_reopening_reason AS reason
  FROM cs_policy.period_closes WHERE department_code = :'team';
SELECT employee_code AS employee, revision, lines_added, lines_removed, net_before, net_after, net_delta
  FROM cs_policy.period_changes WHERE department_code = :'team';

\echo '--- What if (what_if) HOTLINE charged lateness up to 10 minutes at 10 a minute (AT-1; now 4, and 5 in team 1, whose own ladder the draft replaces)? ---'
CREATE TEMP TABLE demo_what_if AS
SELECT * FROM cs_policy.what_if('{"rules": "late (AT-1) = minutes: (0,10] 10 per unit; (10,30] 50; (30,60) 1 daily_wage; [60,) absence"}',
                                :'demo_month', 'HOTLINE');
SELECT grouped_by, coalesce(employee_code, '') AS employee, lines_removed AS removed, lines_added AS added,
       charged_now, charged_draft, charged_delta
  FROM demo_what_if
 WHERE grouped_by = 'total' OR charged_delta <> 0
 ORDER BY grouped_by = 'employee', charged_delta DESC, employee_code LIMIT 6;
\echo '--- ... the lines that differ for the one most affected ---'
SELECT d ->> 'change' AS change, d ->> 'work_date' AS day, d ->> 'amount' AS amount, d ->> 'explanation' AS explanation
  FROM (SELECT differing_lines FROM demo_what_if
         WHERE grouped_by = 'employee' ORDER BY charged_delta DESC, employee_code LIMIT 1) w,
       jsonb_array_elements(w.differing_lines) d;
ROLLBACK;
\else
\echo '(skipped: the close is run here as a superuser; CALL cs_policy.close_period as HR)'
\endif
