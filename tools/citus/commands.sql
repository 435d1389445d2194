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

-- command: find a day off of E0011 in December
SELECT d::date AS off_day FROM generate_series('2026-12-05'::date, '2026-12-25', '1 day') d
 WHERE NOT EXISTS (SELECT FROM cs_policy.roster r JOIN cs_policy.employee e USING (employee_id)
                    WHERE e.code = 'E0011' AND r.work_date = d::date)
 ORDER BY 1 LIMIT 1 \gset

-- command: assign_shift
SELECT cs_policy.assign_shift('E0011', :'off_day', 'day', acting_as => 'E0007')

-- command: unassign_shift
SELECT cs_policy.unassign_shift('E0011', :'off_day', acting_as => 'E0007')

-- command: assign_shift again (late)
SELECT cs_policy.assign_shift('E0011', :'off_day', 'late', acting_as => 'E0007')

-- command: find a swap (a December shift of E0012 and a teammate off that day)
SELECT b.code AS colleague, ra.work_date AS give, rb.work_date AS take
  FROM cs_policy.employee a
  JOIN cs_policy.employee b ON b.department_id = a.department_id AND b.role = 'agent' AND b.code > a.code
  JOIN cs_policy.roster ra ON ra.employee_id = a.employee_id
  JOIN cs_policy.roster rb ON rb.employee_id = b.employee_id AND rb.work_date = ra.work_date + 3
 WHERE a.code = 'E0012' AND ra.work_date >= '2026-12-08' AND rb.work_date < '2026-12-28'
   AND NOT EXISTS (SELECT FROM cs_policy.roster x WHERE x.employee_id = b.employee_id AND x.work_date = ra.work_date)
   AND NOT EXISTS (SELECT FROM cs_policy.roster x WHERE x.employee_id = a.employee_id AND x.work_date = rb.work_date)
 ORDER BY b.code, ra.work_date LIMIT 1 \gset

-- command: request_swap with a colleague
SELECT cs_policy.request_swap(:'give', :'take', 'family matters', colleague => :'colleague', acting_as => 'E0012') AS swap \gset

-- command: consent_swap
SELECT cs_policy.consent_swap(:swap, acting_as => :'colleague')

-- command: approve_swap
SELECT cs_policy.approve_swap(:swap, acting_as => 'E0005')

-- command: request_swap, a self-swap onto a day off
SELECT cs_policy.request_swap(:'give', :'take', 'a self-swap', acting_as => 'E0013') AS self_swap \gset

-- command: refuse_swap
SELECT cs_policy.refuse_swap(:self_swap, 'not this week', acting_as => 'E0005')

-- command: request_roster_change
SELECT cs_policy.request_roster_change('E0014', :'off_day', 'night', 'cover for a colleague', acting_as => 'E0010') AS change \gset

-- command: approve_roster_change
SELECT cs_policy.approve_roster_change(:change, acting_as => 'E0007')

-- command: publish_roster of the hotline for December
SELECT cs_policy.publish_roster('HOTLINE', '2026-12-01', acting_as => 'E0005')

-- command: assign_shift after publishing (refused)
SELECT cs_policy.assign_shift('E0015', :'off_day', 'day', acting_as => 'E0007')

-- command: record_punch in, now
SELECT cs_policy.record_punch('in', 'clock 1', acting_as => 'E0011') IS NOT NULL

-- command: record_punch out, now
SELECT cs_policy.record_punch('out', 'clock 1', acting_as => 'E0011') IS NOT NULL

-- command: record_punch back-dated (refused and logged: NULL)
SELECT cs_policy.record_punch('in', 'clock 2', at => '2026-10-20 08:00+08', acting_as => 'E0012') IS NULL

-- command: request_punch_correction
SELECT cs_policy.request_punch_correction(date_trunc('minute', now()) - interval '1 hour', 'out', 'badge reader down', acting_as => 'E0012') AS correction \gset

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

-- command: record_incident
SELECT cs_policy.record_incident('E0019', 'valid_complaint', '2026-10-22', 'rude to a caller', acting_as => 'E0010') AS incident \gset

-- command: withdraw_incident
SELECT cs_policy.withdraw_incident(:incident, 'the caller withdrew', acting_as => 'E0010')

-- command: record_incident again
SELECT cs_policy.record_incident('E0019', 'valid_complaint', '2026-10-23', 'rude again', acting_as => 'E0010') IS NOT NULL

-- command: adjust_score
SELECT cs_policy.adjust_score((SELECT min(e.code) FROM cs_policy.employee e JOIN cs_policy.department d USING (department_id)
                                WHERE d.code = 'ECOM-T1' AND e.role = 'agent'), '2026-10-01', 2, 'helped the new hires',
                              acting_as => (SELECT m.code FROM cs_policy.department d JOIN cs_policy.employee m ON m.employee_id = d.manager_id
                                             WHERE d.code = 'ECOM'))

-- command: open_handover
SELECT cs_policy.open_handover('E0020', '2026-11-30', '2026-11-30', acting_as => 'E0011') AS handover \gset

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
SELECT cs_policy.register_complaint('dispute', 'web', 'charged twice', 'a refund', 'Li Na', '13900000000',
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

-- command: record_performance
SELECT cs_policy.record_performance('E0011', '2026-11-01', 88, 1500, 160, 1300, 90, acting_as => 'E0007')

-- command: record_quarter_grade
SELECT cs_policy.record_quarter_grade('E0011', '2026-10-01', 'A', acting_as => 'E0007')

-- command: record_exam
SELECT cs_policy.record_exam('E0011', 'product knowledge', '2026-11-15', 92, true, acting_as => 'E0009')

-- command: award_title
SELECT cs_policy.award_title('E0011', 'star agent', '2026-11-30', acting_as => 'E0005')

-- command: record_disciplinary
SELECT cs_policy.record_disciplinary('E0019', '2026-11-10', 'left the post twice', acting_as => 'E0007') IS NOT NULL

-- command: file_promotion_application
SELECT cs_policy.file_promotion_application('E0022', 'steady work', acting_as => 'E0022') AS application \gset

-- command: approve_application (team lead)
SELECT cs_policy.approve_application(:application, acting_as => 'E0010')

-- command: approve_application (supervisor)
SELECT cs_policy.approve_application(:application, acting_as => 'E0007')

-- command: approve_application (manager)
SELECT cs_policy.approve_application(:application, acting_as => 'E0005')

-- command: approve_application (director)
SELECT cs_policy.approve_application(:application, acting_as => 'E0001')

-- command: file_promotion_application, not eligible
SELECT cs_policy.file_promotion_application('E0012', 'please', acting_as => 'E0012')
