-- reads.sql: the main reads of cs_policy, for tools/citus.sh. Each entry
-- starts with a line "-- read: <label>" and is one query (no trailing
-- semicolon needed); the psql variables come from params.sql (:month and
-- the demo's employees, complaints and fixed instants). citus.sh compares
-- md5 and count of each query's rows on every database with the single node.
-- Reads that depend on the clock are given fixed instants (their _at form),
-- or their clock-dependent columns are left out (noted where they are).

-- read: penalty_lines of a hotline agent
SELECT * FROM cs_policy.penalty_lines(:emp, :'month')

-- read: penalty_lines of an e-commerce agent (points)
SELECT * FROM cs_policy.penalty_lines(:ecom, :'month')

-- read: penalty_lines of the agent with most incidents
SELECT * FROM cs_policy.penalty_lines(:busy, :'month')

-- read: period_penalty_lines
SELECT * FROM cs_policy.period_penalty_lines(:'month')

-- read: period_penalty_lines, ten largest charges
SELECT employee_code, work_date, rule_id, amount, explanation
  FROM cs_policy.period_penalty_lines(:'month') ORDER BY amount DESC NULLS LAST, employee_code, line LIMIT 10

-- read: period_attendance_totals
SELECT * FROM cs_policy.period_attendance_totals(:'month')

-- read: attendance_totals of one agent
SELECT * FROM cs_policy.attendance_totals(:emp, :'month')

-- read: attendance_totals of a repair agent
SELECT * FROM cs_policy.attendance_totals(:repair, :'month')

-- read: attendance_day of one agent (as of now(): the month is over, so stable)
SELECT * FROM cs_policy.attendance_day(:'month', :emp)

-- read: attendance_day of the month
SELECT * FROM cs_policy.attendance_day(:'month')

-- read: overtime_lines of one agent
SELECT * FROM cs_policy.overtime_lines(:emp, :'month')

-- read: team_attendance
SELECT * FROM cs_policy.team_attendance(:'month')

-- read: complaint_sla_at mid-month
SELECT * FROM cs_policy.complaint_sla_at(:'mid_month')

-- read: complaint_sla_at two weeks after the month
SELECT * FROM cs_policy.complaint_sla_at(:'later')

-- read: complaint_sla (view, at now(); time_left left out)
SELECT number, target, rule_id, started_at, due_at, met_at, paused, state, owner FROM cs_policy.complaint_sla

-- read: complaint_overview
SELECT * FROM cs_policy.complaint_overview

-- read: complaint_overview of one complaint
SELECT * FROM cs_policy.complaint_overview WHERE number = :'complaint'

-- read: complaint_history (recorded_at left out: now())
SELECT number, event_id, kind, at, by_employee, new_owner, department_code, agent, outcome, reason, note
  FROM cs_policy.complaint_history

-- read: complaint_history of one complaint
SELECT number, event_id, kind, at, by_employee, outcome FROM cs_policy.complaint_history WHERE number = :'complaint'

-- read: sla_breach_overview (late_by of open ones left out: now())
SELECT number, target, rule_id, due_at, met_at, open, CASE WHEN NOT open THEN late_by END, answerable, owner_now, policy_id
  FROM cs_policy.sla_breach_overview

-- read: repair_callback_overview
SELECT * FROM cs_policy.repair_callback_overview

-- read: promotion_check of one agent
SELECT * FROM cs_policy.promotion_check(:emp, :'next_month')

-- read: promotion_check_at
SELECT * FROM cs_policy.promotion_check_at(:'next_month')

-- read: is_eligible of one agent
SELECT cs_policy.is_eligible(:emp, :'next_month')

-- read: is_eligible of every agent
SELECT e.code, cs_policy.is_eligible(e.employee_id, :'next_month') FROM cs_policy.employee e WHERE e.role = 'agent'

-- read: promotion_candidates (this quarter and the three before, by current_date)
SELECT * FROM cs_policy.promotion_candidates

-- read: demotion_check of one agent
SELECT * FROM cs_policy.demotion_check(:emp, :'next_month')

-- read: demotion_check_at
SELECT * FROM cs_policy.demotion_check_at(:'next_month')

-- read: demotion_watch (by current_date)
SELECT * FROM cs_policy.demotion_watch

-- read: policy_for of one agent, every area
SELECT a, (cs_policy.policy_for(:emp, :'month'::date + 14, a)).* FROM unnest('{shift,attendance,leave,complaint,promotion,access}'::text[]) a

-- read: policy_for of every employee
SELECT e.code, (cs_policy.policy_for(e.employee_id, :'month'::date + 14, 'attendance')).policy_id FROM cs_policy.employee e

-- read: settings_for of one agent
SELECT cs_policy.settings_for(:emp, :'month'::date + 14, 'attendance')

-- read: settings_for of a repair agent, complaints
SELECT cs_policy.settings_for(:repair, :'month'::date + 14, 'complaint')

-- read: department_policy
SELECT d.code, (cs_policy.department_policy(d.department_id, :'month'::date + 14, 'attendance')).policy_id FROM cs_policy.department d

-- read: department_settings
SELECT cs_policy.department_settings(:team, :'month'::date + 14, 'attendance')

-- read: policy_version (state by current_date)
SELECT * FROM cs_policy.policy_version

-- read: rest_violations
SELECT * FROM cs_policy.rest_violations(:'month')

-- read: coverage of the hotline, one day
SELECT * FROM cs_policy.coverage('HOTLINE', :'mid_month'::timestamptz - interval '15 hours', :'mid_month'::timestamptz + interval '9 hours')

-- read: coverage of the center, held to its shift policy's staffing (SH-3)
SELECT * FROM cs_policy.coverage('DEMO', :'mid_month'::timestamptz - interval '15 hours', :'mid_month'::timestamptz + interval '9 hours')

-- read: staffing
SELECT * FROM cs_policy.staffing

-- read: coverage of the repair desk, the month
SELECT * FROM cs_policy.coverage('REPAIR', :'month', :'next_month')

-- read: roster_day of the month
SELECT * FROM cs_policy.roster_day WHERE work_date >= :'month' AND work_date < :'next_month'

-- read: roster_day of one agent
SELECT * FROM cs_policy.roster_day WHERE employee_id = :emp

-- read: leave_overview (counts_as by current_date)
SELECT * FROM cs_policy.leave_overview

-- read: leave_calls_due (by current_date)
SELECT * FROM cs_policy.leave_calls_due

-- read: handover_log
SELECT * FROM cs_policy.handover_log

-- read: responsible_for
SELECT h.handover_id, cs_policy.responsible_for(ROW(h.*)::cs_policy.handover, i.at)
  FROM cs_policy.handover h
 CROSS JOIN (VALUES (:'month'::timestamptz + interval '10 hours'), (:'month'::timestamptz + interval '22 hours')) AS i(at)

-- read: responsible_for one handover
SELECT cs_policy.responsible_for(:handover, :'month'::timestamptz + interval '22 hours')

-- read: chat_response
SELECT * FROM cs_policy.chat_response

-- read: chat_response of one agent
SELECT * FROM cs_policy.chat_response WHERE employee_id = :ecom

-- read: chat_conversation
SELECT * FROM cs_policy.chat_conversation

-- read: chat_conversation of one conversation
SELECT * FROM cs_policy.chat_conversation WHERE conversation = :'conversation'

-- read: chat_month
SELECT * FROM cs_policy.chat_month

-- read: call_pickup
SELECT * FROM cs_policy.call_pickup

-- read: call_pickup of one agent
SELECT * FROM cs_policy.call_pickup WHERE employee_id = :ecom

-- read: seat_discipline
SELECT * FROM cs_policy.seat_discipline

-- read: call_interval
SELECT * FROM cs_policy.call_interval

-- read: call_answer_rate
SELECT * FROM cs_policy.call_answer_rate

-- read: performance_overview
SELECT * FROM cs_policy.performance_overview

-- read: performance_overview of one agent
SELECT * FROM cs_policy.performance_overview WHERE employee_id = :emp

-- read: staff_directory (on_probation by current_date)
SELECT * FROM cs_policy.staff_directory

-- read: department_overview
SELECT * FROM cs_policy.department_overview

-- read: application_overview
SELECT * FROM cs_policy.application_overview

-- read: career_history
SELECT * FROM cs_policy.career_history

-- read: employee_by_code
SELECT (cs_policy.employee_by_code(:'emp_code')).*

