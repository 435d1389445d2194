-- commands.sql: what a center does after loading, for tools/citus.sh. Each
-- entry starts with "-- command: <label>" and is one statement (psql
-- variables set by \gset carry ids to later entries). Runs as a superuser
-- in one psql session per database, acting as the demo's people
-- (acting_as). citus.sh compares each entry's outcome (its output, or the
-- SQLSTATE of its error) between the single node and the cluster. Values
-- made from the clock are masked here (IS NOT NULL) or by citus.sh.
-- The people: E0005 manager and E0007 supervisor of HOTLINE, E0010 team
-- lead of HOTLINE-T1, E0011.. its agents; December 2026 is the month ahead.

-- command: roster_rotation of the hotline for December
SELECT cs_policy.roster_rotation('HOTLINE', '2026-12-01', '{day,late,night}', 5, 2, acting_as => 'E0005')

-- The lookups below read one employee's roster at a time (a router query
-- on the cluster) into arrays, and choose days from the arrays in queries
-- that read no table: what Citus plans on any database.

-- command: the people's ids
SELECT (SELECT employee_id FROM cs_policy.employee WHERE code = 'E0011') AS e11,
       (SELECT employee_id FROM cs_policy.employee WHERE code = 'E0012') AS e12,
       (SELECT employee_id FROM cs_policy.employee WHERE code = 'E0013') AS e13,
       (SELECT employee_id FROM cs_policy.employee WHERE code = 'E0018') AS e18,
       (SELECT employee_id FROM cs_policy.employee WHERE code = 'E0020') AS e20 \gset

-- command: the rostered days of E0011
SELECT array_agg(work_date ORDER BY work_date) AS days11 FROM cs_policy.roster WHERE employee_id = :e11 \gset

-- command: find a day off of E0011 in December (the day before off too)
SELECT min(d)::date AS off_day FROM generate_series('2026-12-05'::date, '2026-12-25', '1 day') d
 WHERE d::date <> ALL (:'days11'::date[]) AND d::date - 1 <> ALL (:'days11'::date[]) \gset

-- command: assign_shift
SELECT cs_policy.assign_shift('E0011', :'off_day', 'day', acting_as => 'E0007')

-- command: unassign_shift
SELECT cs_policy.unassign_shift('E0011', :'off_day', acting_as => 'E0007')

-- command: assign_shift again (late)
SELECT cs_policy.assign_shift('E0011', :'off_day', 'late', acting_as => 'E0007')

-- command: the December shifts of E0012
SELECT array_agg(work_date ORDER BY work_date) AS days12,
       array_agg(lower(instants) ORDER BY work_date) AS starts12, array_agg(upper(instants) ORDER BY work_date) AS ends12
  FROM cs_policy.roster WHERE employee_id = :e12 AND work_date >= '2026-12-01' \gset

-- command: the December shifts of E0018
SELECT array_agg(work_date ORDER BY work_date) AS days18,
       array_agg(lower(instants) ORDER BY work_date) AS starts18, array_agg(upper(instants) ORDER BY work_date) AS ends18
  FROM cs_policy.roster WHERE employee_id = :e18 AND work_date >= '2026-12-01' \gset

-- command: find a swap (E0012 gives a shift to E0018 and takes one of E0018's; each is off the day taken over, no shift within 12 hours of it)
SELECT 'E0018' AS colleague, g.d AS give, t.d AS take
  FROM unnest(:'days12'::date[], :'starts12'::timestamptz[], :'ends12'::timestamptz[]) AS g(d, s, e),
       unnest(:'days18'::date[], :'starts18'::timestamptz[], :'ends18'::timestamptz[]) AS t(d, s, e)
 WHERE g.d >= '2026-12-08' AND t.d >= '2026-12-08' AND t.d < '2026-12-28' AND g.d <> t.d
   AND g.d <> ALL (:'days18'::date[]) AND t.d <> ALL (:'days12'::date[])
   AND NOT EXISTS (SELECT FROM unnest(:'days18'::date[], :'starts18'::timestamptz[], :'ends18'::timestamptz[]) AS o(d, s, e)
                    WHERE o.d <> t.d AND o.s < g.e + interval '12 hours' AND o.e > g.s - interval '12 hours')
   AND NOT EXISTS (SELECT FROM unnest(:'days12'::date[], :'starts12'::timestamptz[], :'ends12'::timestamptz[]) AS o(d, s, e)
                    WHERE o.d <> g.d AND o.s < t.e + interval '12 hours' AND o.e > t.s - interval '12 hours')
 ORDER BY g.d, t.d LIMIT 1 \gset

-- command: request_swap with a colleague
SELECT cs_policy.request_swap(:'give', :'take', 'family matters', colleague => :'colleague', acting_as => 'E0012') AS swap \gset

-- command: consent_swap
SELECT cs_policy.consent_swap(:swap, acting_as => :'colleague')

-- command: approve_swap
SELECT cs_policy.approve_swap(:swap, acting_as => 'E0005')

-- command: report_unclear_swap before its shift is over (refused: both parties' rosters and punches read first)
SELECT cs_policy.report_unclear_swap(:swap, :'give', 'empty', 'nobody came', acting_as => 'E0005')

-- command: the rostered days of E0013
SELECT array_agg(work_date ORDER BY work_date) AS days13 FROM cs_policy.roster WHERE employee_id = :e13 \gset

-- command: find a self-swap of E0013 (a December shift and the first day off after it)
SELECT g.d AS self_give,
       (SELECT min(x)::date FROM generate_series(g.d + 1, g.d + 14, '1 day') x WHERE x::date <> ALL (:'days13'::date[])) AS self_take
  FROM unnest(:'days13'::date[]) AS g(d)
 WHERE g.d >= '2026-12-08' ORDER BY g.d LIMIT 1 \gset

-- command: request_swap, a self-swap onto a day off
SELECT cs_policy.request_swap(:'self_give', :'self_take', 'a self-swap', acting_as => 'E0013') AS self_swap \gset

-- command: refuse_swap
SELECT cs_policy.refuse_swap(:self_swap, 'not this week', acting_as => 'E0005')

-- SH-9's charge, which needs a swap whose shift is over: a self-swap of the
-- e-commerce desk's E0052 in October, requested and approved after the fact
-- (the superuser running this is exempt from approval in advance), onto a
-- day off that E0052 signed in for no shift of; reported left empty, it is
-- charged through points_2024 (incident unclear_swap, 20)

-- command: the id of E0052
SELECT employee_id AS e52 FROM cs_policy.employee WHERE code = 'E0052' \gset

-- command: the October shifts of E0052
SELECT array_agg(work_date ORDER BY work_date) AS days52 FROM cs_policy.roster WHERE employee_id = :e52 \gset

-- command: find a past self-swap of E0052 (its first shift from 2026-10-12 and the first day off after it)
SELECT g.d AS past_give,
       (SELECT min(x)::date FROM generate_series(g.d + 1, g.d + 14, '1 day') x WHERE x::date <> ALL (:'days52'::date[])) AS past_take
  FROM unnest(:'days52'::date[]) AS g(d)
 WHERE g.d >= '2026-10-12' ORDER BY g.d LIMIT 1 \gset

-- command: request_swap after the fact
SELECT cs_policy.request_swap(:'past_give', :'past_take', 'a dentist in the morning', acting_as => 'E0052') AS past_swap \gset

-- command: approve_swap after the fact (as a superuser)
SELECT cs_policy.approve_swap(:past_swap, acting_as => 'E0045')

-- command: report_unclear_swap (the shift it moved was left empty: SH-9 writes the incident)
SELECT cs_policy.report_unclear_swap(:past_swap, :'past_take', 'empty', 'it was never written on the rota board', acting_as => 'E0045')

-- command: the SH-9 charge in E0052's penalty lines
SELECT rule_id, amount, kind FROM cs_policy.penalty_lines(:e52, '2026-10-01') WHERE rule_id = 'SH-9'

-- command: request_roster_change
SELECT cs_policy.request_roster_change('E0014', :'off_day', 'night', 'cover for a colleague', acting_as => 'E0010') AS change \gset

-- command: approve_roster_change
SELECT cs_policy.approve_roster_change(:change, acting_as => 'E0007')

-- command: publish_roster of the hotline for December (SH-4: the manager publishes over any rest violations)
SELECT cs_policy.publish_roster('HOTLINE', '2026-12-01', 'the rotation as planned', acting_as => 'E0005')

-- command: assign_shift after publishing (refused)
SELECT cs_policy.assign_shift('E0015', :'off_day', 'day', acting_as => 'E0007')

-- command: record_punch in, now
SELECT cs_policy.record_punch('in', 'clock 1', acting_as => 'E0011') IS NOT NULL

-- command: record_punch out, now
SELECT cs_policy.record_punch('out', 'clock 1', acting_as => 'E0011') IS NOT NULL

-- command: record_punch back-dated (refused and logged: NULL)
SELECT cs_policy.record_punch('in', 'clock 2', at => '2026-10-20 08:00+08', acting_as => 'E0012') IS NULL

-- command: request_punch_correction
-- (to the hour: the databases run it seconds apart, and the instant is compared)
SELECT cs_policy.request_punch_correction(date_trunc('hour', now()) - interval '1 hour', 'out', 'badge reader down', acting_as => 'E0012') AS correction \gset

-- command: decide_punch_correction
SELECT cs_policy.decide_punch_correction(:correction, true, 'seen on the camera', acting_as => 'E0007') IS NOT NULL

-- command: request_leave
SELECT cs_policy.request_leave('annual', '2026-12-22', '2026-12-23', 2, 'family trip', acting_as => 'E0016') AS leave \gset

-- command: approve_leave (supervisor)
SELECT cs_policy.approve_leave(:leave, acting_as => 'E0007')

-- command: request_leave, sick
SELECT cs_policy.request_leave('sick', '2026-12-02', '2026-12-02', 1, 'fever', channel => 'phone', acting_as => 'E0017') AS sick \gset

-- command: approve_leave, sick
SELECT cs_policy.approve_leave(:sick, acting_as => 'E0005')

-- command: record_leave_call
SELECT cs_policy.record_leave_call(:sick, 'feeling better', acting_as => 'E0005')

-- command: request_exception
SELECT cs_policy.request_exception('2026-10-21', 'bad_weather', 'typhoon warning, metro closed', acting_as => 'E0018') AS exception \gset

-- command: decide_exception
SELECT cs_policy.decide_exception(:exception, true, acting_as => 'E0007')

-- command: record_incident (by a colleague: refused)
SELECT cs_policy.record_incident('E0049', 'messy_desk', '2026-10-22', 'coffee cups on the desk', acting_as => 'E0050')

-- command: record_incident (by the e-commerce trainer)
SELECT cs_policy.record_incident('E0049', 'messy_desk', '2026-10-22', 'coffee cups on the desk',
                                 acting_as => (SELECT t.code FROM cs_policy.employee t JOIN cs_policy.department d USING (department_id)
                                                WHERE d.code = 'ECOM' AND t.role = 'trainer')) AS incident \gset

-- command: withdraw_incident (by the trainer: refused)
SELECT cs_policy.withdraw_incident(:incident, 'a colleague''s cups',
                                  acting_as => (SELECT t.code FROM cs_policy.employee t JOIN cs_policy.department d USING (department_id)
                                                WHERE d.code = 'ECOM' AND t.role = 'trainer'))

-- command: withdraw_incident (by the e-commerce manager)
SELECT cs_policy.withdraw_incident(:incident, 'a colleague''s cups',
                                  acting_as => (SELECT m.code FROM cs_policy.department d JOIN cs_policy.employee m ON m.employee_id = d.manager_id
                                                WHERE d.code = 'ECOM'))

-- command: record_incident again
SELECT cs_policy.record_incident('E0049', 'messy_desk', '2026-10-23', 'cups again',
                                 acting_as => (SELECT t.code FROM cs_policy.employee t JOIN cs_policy.department d USING (department_id)
                                                WHERE d.code = 'ECOM' AND t.role = 'trainer')) IS NOT NULL

-- command: adjust_score
SELECT cs_policy.adjust_score((SELECT min(e.code) FROM cs_policy.employee e JOIN cs_policy.department d USING (department_id)
                                WHERE d.code = 'ECOM-T1' AND e.role = 'agent'), '2026-10-01', 2, 'helped the new hires',
                              acting_as => (SELECT m.code FROM cs_policy.department d JOIN cs_policy.employee m ON m.employee_id = d.manager_id
                                             WHERE d.code = 'ECOM'))

-- command: the rostered days of E0020
SELECT array_agg(work_date ORDER BY work_date) AS days20 FROM cs_policy.roster WHERE employee_id = :e20 \gset

-- command: find a handover day (the last October day both E0011 and E0020 work)
SELECT max(d) AS handover_day FROM unnest(:'days11'::date[]) d WHERE d < '2026-11-01' AND d = ANY (:'days20'::date[]) \gset

-- command: open_handover
SELECT cs_policy.open_handover('E0020', :'handover_day', :'handover_day', acting_as => 'E0011') AS handover \gset

-- command: add_handover_entry
SELECT cs_policy.add_handover_entry(:handover, 'note', 'queue normal, 3 callbacks pending', acting_as => 'E0011')

-- command: add_handover_entry, follow-up
SELECT cs_policy.add_handover_entry(:handover, 'follow_up', 'call back the refund customer', 'after 20:30', acting_as => 'E0011')

-- command: sign_handover (outgoing)
SELECT cs_policy.sign_handover(:handover, acting_as => 'E0011')

-- command: sign_handover (incoming)
SELECT cs_policy.sign_handover(:handover, acting_as => 'E0020')

-- command: add_handover_entry after signing (refused)
SELECT cs_policy.add_handover_entry(:handover, 'note', 'too late', acting_as => 'E0011')

-- command: register_complaint
SELECT cs_policy.register_complaint('complaint', 'phone', 'the refund never came', 'the refund and an apology', 'Wang Li', '13800000000',
                                    'Pudong, Shanghai', 'HOTLINE-T1', received_at => '2026-11-20 10:00+08', acting_as => 'E0012') AS complaint \gset

-- command: assign_complaint
SELECT cs_policy.assign_complaint(:'complaint', 'HOTLINE-T1', 'E0013', 'routed to refunds', at => '2026-11-20 10:30+08', acting_as => 'E0012') IS NOT NULL

-- command: wait_for_customer
SELECT cs_policy.wait_for_customer(:'complaint', 'the order number', at => '2026-11-20 11:00+08', acting_as => 'E0013') IS NOT NULL

-- command: resume_complaint
SELECT cs_policy.resume_complaint(:'complaint', 'the order number came', at => '2026-11-21 09:30+08', acting_as => 'E0013') IS NOT NULL

-- command: resolve_complaint
SELECT cs_policy.resolve_complaint(:'complaint', 'refunded', 'compensation', at => '2026-11-23 15:00+08', acting_as => 'E0013') IS NOT NULL

-- command: inform_complainant
SELECT cs_policy.inform_complainant(:'complaint', 'told by phone', at => '2026-11-23 15:30+08', acting_as => 'E0013') IS NOT NULL

-- command: close_complaint
SELECT cs_policy.close_complaint(:'complaint', at => '2026-11-24 09:00+08', acting_as => 'E0013') IS NOT NULL

-- command: reopen_complaint
SELECT cs_policy.reopen_complaint(:'complaint', 'the refund bounced', at => '2026-11-25 09:00+08', acting_as => 'E0013') IS NOT NULL

-- command: mark_complaint_valid
SELECT cs_policy.mark_complaint_valid(:'complaint', 'E0013', note => 'late refund', at => '2026-11-25 10:00+08', acting_as => 'E0007') IS NOT NULL

-- command: register_complaint, an open one
SELECT cs_policy.register_complaint('dispute', 'email', 'charged twice', 'a refund', 'Li Na', '13900000000',
                                    'Minhang, Shanghai', 'HOTLINE-T2', received_at => '2026-11-26 14:00+08', acting_as => 'E0024') AS open_complaint \gset

-- command: form_incident_team
SELECT cs_policy.form_incident_team(:'open_complaint', 'complaints lead, team lead, quality', at => '2026-11-26 14:20+08', acting_as => 'E0024') IS NOT NULL

-- command: detect_sla_breaches at a fixed instant
SELECT cs_policy.detect_sla_breaches('2026-11-30 00:00+08')

-- command: detect_sla_breaches now
SELECT cs_policy.detect_sla_breaches()

-- command: record_chat_message
SELECT cs_policy.record_chat_message('WEB-20261130-001', 'customer', '2026-11-30 10:00+08', acting_as => 'E0049') IS NOT NULL

-- command: record_chat_message, the reply
SELECT cs_policy.record_chat_message('WEB-20261130-001', 'agent', '2026-11-30 10:00:40+08', acting_as => 'E0049') IS NOT NULL

-- command: record_call
SELECT cs_policy.record_call('TEL-20261130-001', '2026-11-30 10:00+08', 2, '2026-11-30 10:00:09+08', acting_as => 'E0049')

-- command: record_call, not picked up
SELECT cs_policy.record_call('TEL-20261130-002', '2026-11-30 10:01+08', 5, acting_as => 'E0049')

-- command: seat_sign_in
SELECT cs_policy.seat_sign_in('ECOM-07', '2026-11-30 08:32+08', acting_as => 'E0049') IS NOT NULL

-- command: seat_sign_out
SELECT cs_policy.seat_sign_out('2026-11-30 08:50+08', acting_as => 'E0049') IS NOT NULL

-- command: seat_sign_out again, not signed in
SELECT cs_policy.seat_sign_out('2026-11-30 08:55+08', acting_as => 'E0049') IS NOT NULL

-- command: record_abandoned_call (given up in the hotline's queue)
SELECT cs_policy.record_abandoned_call('TEL-20261130-003', 'HOTLINE', '2026-11-30 10:02+08', 40, acting_as => 'E0007')

-- command: call_answer_rate after the calls
SELECT department_code, interval_start, offered, answered, abandoned_in_queue, answer_rate, minimum, below_minimum FROM cs_policy.call_answer_rate ORDER BY department_code

-- command: record_performance
SELECT cs_policy.record_performance('E0011', '2026-11-01', 88, 1500, 160, 1300, 90, acting_as => 'E0007')

-- command: record_quarter_grade
SELECT cs_policy.record_quarter_grade('E0011', '2026-10-01', 'A', acting_as => 'E0007')

-- command: record_exam
SELECT cs_policy.record_exam('E0011', 'monthly', '2026-11-15', 92, true, acting_as => 'E0009')

-- command: award_title
SELECT cs_policy.award_title('E0011', 'star agent', '2026-11-30', acting_as => 'E0005')

-- command: record_disciplinary
SELECT cs_policy.record_disciplinary('E0019', '2026-11-10', 'left the post twice', acting_as => 'E0007') IS NOT NULL

-- command: record_performance of E0020 for November (the quarter's figures complete)
SELECT cs_policy.record_performance('E0020', '2026-11-01', 98, 2900, 150, 2100, 90, acting_as => 'E0007')

-- command: is_eligible of E0020
SELECT cs_policy.is_eligible(:e20, current_date)

-- command: cast_peer_ballot (PR-2: a reference-table write, read back below as points)
SELECT cs_policy.cast_peer_ballot('{E0012,E0013}', acting_as => 'E0011') IS NOT NULL AS cast

-- command: cast_peer_ballot again (refused: once a quarter)
SELECT cs_policy.cast_peer_ballot('{E0013}', acting_as => 'E0011')

-- command: peer_ranking of the quarter
SELECT employee_code, points, ballots, peer_rank FROM cs_policy.peer_ranking ORDER BY employee_code

-- command: confirmation_check of E0020
SELECT criterion, required, met FROM cs_policy.confirmation_check(:e20, current_date) ORDER BY criterion

-- command: open_grading (PR-1: callcenter_2012 takes applications in a quarterly round; HR opens it)
SELECT cs_policy.open_grading('DEMO', (date_trunc('quarter', current_date) + interval '3 months - 1 day')::date,
                              acting_as => 'E0002') IS NOT NULL AS opened

-- command: file_promotion_application
SELECT cs_policy.file_promotion_application('E0020', 'steady work', acting_as => 'E0020') AS application \gset

-- command: approve_application (team lead: refused, the supervisor signs first)
SELECT cs_policy.approve_application(:application, acting_as => 'E0010')

-- command: approve_application (supervisor)
SELECT cs_policy.approve_application(:application, acting_as => 'E0007')

-- command: approve_application (deputy manager)
SELECT cs_policy.approve_application(:application, acting_as => 'E0006')

-- command: approve_application (manager)
SELECT cs_policy.approve_application(:application, acting_as => 'E0005')

-- command: approve_application (director)
SELECT cs_policy.approve_application(:application, acting_as => 'E0001')

-- command: file_promotion_application, not eligible
SELECT cs_policy.file_promotion_application('E0012', 'please', acting_as => 'E0012')

-- The close of October (AT-15), on the cluster as on one node: a
-- procedure that commits, the results stored in distributed tables (every
-- one is compared by tables.sql), a correction refused, a reopening and
-- the next revision, the BI views, and a what-if.

-- command: a calendar of HOTLINE-T2's shift rules (a copy of cn)
SELECT cs_policy.copy_calendar('cn', 'team_days') IS NOT NULL AS copied,
       cs_policy.set_policy('team calendar', 'shift', department => 'HOTLINE-T2',
                            settings => '{"calendar": "team_days"}', valid_from => '2020-01-01') IS NOT NULL AS named

-- command: close_period of October (CALL: it commits its run log first)
CALL cs_policy.close_period('2026-10-01')

-- command: the run, as close_progress shows it
SELECT state, step, departments_total = departments_done AS all_done, result_rows
  FROM cs_policy.close_progress ORDER BY run_id DESC LIMIT 1

-- command: a late exception for a closed day (refused, 55000)
SELECT cs_policy.request_exception('2026-10-15', 'force_majeure', 'the road was closed', 'E0011', acting_as => 'E0007')

-- command: a hire dated into the closed October (refused, 55000)
SELECT cs_policy.hire_employee('E-OCT', 'hired late', 'HOTLINE-T1', 'agent', '2026-10-20', 5000)

-- command: wages of E0011 from a closed October day (refused, 55000)
SELECT cs_policy.set_wages('E0011', 9000, effective => '2026-10-20')

-- command: a raise of E0011 from November, and a bonus
SELECT cs_policy.set_wages('E0011', 9000, effective => '2026-11-01'),
       cs_policy.set_pay_item('E0011', 'bonus_pay', 300, effective => '2026-11-01')

-- command: a correction of E0011's September wages (the days around it keep theirs)
SELECT cs_policy.set_wages('E0011', 8000, effective => '2026-09-10', until => '2026-09-20')

-- command: E0011's wages by the days they are in force
SELECT in_force, monthly_wage, daily_wage, set_by FROM cs_policy.wage WHERE employee_id = :e11 ORDER BY in_force

-- command: October is judged with the wages of its last day
SELECT daily_wage, monthly_wage FROM cs_policy.attendance_input('2026-10-01', :e11)

-- command: a holiday on a closed day of HOTLINE-T2's calendar (refused, 55000)
SELECT cs_policy.set_calendar_day('team_days', '2026-10-14', 'holiday', 'company day')

-- command: a holiday after October on that calendar
SELECT cs_policy.set_calendar_day('team_days', '2026-12-14', 'holiday', 'company day') IS NOT NULL

-- command: reopen_period of HOTLINE-T1 (HR, with a reason)
SELECT cs_policy.reopen_period('HOTLINE-T1', '2026-10-01', 'road closure reported late', acting_as => 'E0002')

-- command: the exception, now that the period is open
SELECT cs_policy.decide_exception(cs_policy.request_exception('2026-10-15', 'force_majeure', 'the road was closed',
                                                              'E0011', acting_as => 'E0007'), true, acting_as => 'E0007')

-- command: close_period_now of HOTLINE-T1 (the next revision, in this transaction)
SELECT cs_policy.close_period_now('2026-10-01', 'HOTLINE-T1') IS NOT NULL

-- command: period_changes (what the reopening changed)
SELECT employee_code, revision, lines_added, lines_removed, net_before, net_after, net_delta
  FROM cs_policy.period_changes ORDER BY employee_code

-- command: period_team_totals (BI)
SELECT grouped_by, project_code, team_code, period_label, headcount, late, early, absences, days_absent, charged, bonus
  FROM cs_policy.period_team_totals ORDER BY grouped_by, project_code, team_code

-- command: payroll_adjustments (BI) by kind
SELECT kind, rule_id, count(*), sum(amount) FROM cs_policy.payroll_adjustments GROUP BY kind, rule_id ORDER BY kind, rule_id

-- command: period_sla (BI) per department
SELECT department_code, target, complaints, met, breached, still_open, compliance
  FROM cs_policy.period_sla WHERE grouped_by = 'department' ORDER BY department_code, target

-- command: what_if of a stricter late ladder over October's HOTLINE
SELECT grouped_by, employee_code, lines_removed, lines_added, charged_now, charged_draft, charged_delta
  FROM cs_policy.what_if('{"rules": "late (AT-1) = minutes: (0,10] 10 per unit; (10,30] 50; (30,60) 1 daily_wage; [60,) absence"}',
                         '2026-10-01', 'HOTLINE')
 ORDER BY grouped_by, employee_code

-- A transfer after the close (AT-15): HOTLINE-T1 keeps E0013's October.

-- command: transfer_employee of E0013 to HOTLINE-T2 (the director signs)
SELECT cs_policy.transfer_employee('E0013', 'HOTLINE-T2', 'rebalancing the teams', acting_as => 'E0001')

-- command: a late exception of E0013 for October (refused, 55000: HOTLINE-T1 closed it)
SELECT cs_policy.request_exception('2026-10-15', 'force_majeure', 'the road was closed', 'E0013', acting_as => 'E0007')

-- command: close_period_now of HOTLINE-T2 (without E0013)
SELECT cs_policy.close_period_now('2026-10-01', 'HOTLINE-T2') IS NOT NULL

-- command: close_period_now of the center
SELECT cs_policy.close_period_now('2026-10-01') IS NOT NULL

-- command: E0013's stored October: every revision with HOTLINE-T1
SELECT d.code, t.revision, t.late, t.charged FROM cs_policy.closed_attendance_total t
  JOIN cs_policy.department d USING (department_id)
 WHERE t.employee_id = :e13 ORDER BY t.revision

-- PR-6: a transfer out of the call center, to a department of another
-- center: the receiving department's written request, the director's
-- approval, HR's order (the employee table is a reference table).

-- command: a center outside the call center, with a project
SELECT cs_policy.create_department('SALES', 'Sales office', 'center') > 0 AS center,
       cs_policy.create_department('KEY', 'Key accounts', 'project', 'SALES') > 0 AS project

-- command: hire_employee of key accounts' manager
SELECT cs_policy.hire_employee('K0001', 'Key accounts manager', 'KEY', 'manager', '2020-01-01', 20000) > 0

-- command: transfer_employee out of the call center (refused, 55000)
SELECT cs_policy.transfer_employee('E0019', 'KEY', 'wanted by key accounts', acting_as => 'E0001')

-- command: request_transfer by the receiving department
SELECT cs_policy.request_transfer('E0019', 'KEY', 'letter KA-2026-07, signed K0001', acting_as => 'K0001') AS transfer_request \gset

-- command: approve_transfer by the call-center director
SELECT cs_policy.approve_transfer(:transfer_request, acting_as => 'E0001')

-- command: issue_transfer_order by HR
SELECT cs_policy.issue_transfer_order(:transfer_request, acting_as => 'E0002')

-- command: where E0019 works now, and the history
SELECT d.code, h.kind, h.note FROM cs_policy.employee e JOIN cs_policy.department d USING (department_id)
  JOIN cs_policy.career_history h ON h.employee_id = e.employee_id
 WHERE e.code = 'E0019' ORDER BY h.change_id

-- SEC-1: a report leaves the center only after the data analyst (E0004)
-- and the support manager (a manager of the analyst's department, here
-- the director E0001) reviewed it; report_release is a reference table.

-- command: prepare_report_release of October by the analyst
SELECT cs_policy.prepare_report_release('2026-10-01', 'client: the e-commerce shop', 'monthly service review',
                                        acting_as => 'E0004') AS report_release \gset

-- command: review_report_release by the analyst who prepared it (refused, 42501)
SELECT cs_policy.review_report_release(:report_release, true, acting_as => 'E0004')

-- command: review_report_release by the director
SELECT cs_policy.review_report_release(:report_release, true, 'figures checked', acting_as => 'E0001')

-- command: the report as released
SELECT report, month, recipient, purpose, prepared_by, department_code, state, reviewed_by, review_note, may_be_sent,
       report_rows, content
  FROM cs_policy.report_release_overview
