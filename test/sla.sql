-- Service-level targets of complaints as policy data (CP-3, CP-4, CP-5,
-- CP-7): working days across National Day and a make-up Saturday, pauses
-- while waiting for the customer, reopening, emergencies, reports, the
-- repair stages with their written reason, breaches recorded once, and
-- department overrides that may be stricter, never more lenient.
BEGIN;
SELECT plan(44);
SET LOCAL timezone = 'Asia/Shanghai';
SET LOCAL client_min_messages = warning;

SELECT cs_policy.create_department('C', 'Center', 'center');
SELECT cs_policy.create_department(p, 'project ' || p, 'project', 'C') FROM unnest('{HOSP,WAIT,REP}'::text[]) AS p;
SELECT cs_policy.create_department(t, 'team ' || t, 'team', p)
  FROM (VALUES ('HOSP-T1', 'HOSP'), ('HOSP-T2', 'HOSP'), ('WAIT-T1', 'WAIT'), ('REP-T1', 'REP')) AS x(t, p);
SELECT cs_policy.hire_employee(c, c, d, r::cs_policy.staff_role, '2024-01-01', 5220)
  FROM (VALUES ('M1', 'HOSP', 'manager'), ('S1', 'HOSP', 'supervisor'), ('A1', 'HOSP-T1', 'agent'), ('A2', 'HOSP-T1', 'agent'),
               ('W1', 'WAIT-T1', 'agent'), ('R1', 'REP-T1', 'agent'), ('R2', 'REP-T1', 'agent')) AS x(c, d, r);
SELECT cs_policy.set_department_manager('HOSP', 'M1');
-- three projects, three ways: the hospital procedure, the same pausing while
-- waiting for the customer, and the repair desk of hotline_2009
SELECT cs_policy.set_policy('hospital complaints', 'complaint', 'complaints_hospital', 'HOSP', '2025-01-01') AS hosp \gset
SELECT cs_policy.set_policy('patient complaints', 'complaint', 'complaints_hospital', 'WAIT', '2025-01-01',
                            settings => '{"targets": {"resolve": {"target": "received -> resolved within 3 working days, paused while waiting"}},
                                          "at_risk_share": 0.5}') AS wait \gset
SELECT cs_policy.set_policy('repair desk', 'complaint', 'hotline_2009', 'REP', '2025-01-01') AS rep \gset

CREATE FUNCTION pg_temp.complaint(taker text, at text, category text DEFAULT 'complaint', department text DEFAULT 'HOSP-T1',
                                  emergency boolean DEFAULT false, repair boolean DEFAULT false)
RETURNS text LANGUAGE sql AS $$
    SELECT cs_policy.register_complaint(category, 'visit', 'waited three hours', 'an apology', 'Wang Li', '13800000000',
                                        NULL, department, emergency => emergency, repair => repair,
                                        received_at => at::timestamptz, acting_as => taker) $$;
CREATE FUNCTION pg_temp.sla(number text, target text, as_of text)
RETURNS TABLE (due_at timestamptz, met_at timestamptz, paused interval, state text, time_left interval)
LANGUAGE sql AS $$
    SELECT s.due_at, s.met_at, s.paused, s.state, s.time_left FROM cs_policy.complaint_sla_at(as_of::timestamptz) s
     WHERE s.number = sla.number AND s.target = sla.target $$;

-- The targets are data: the preset's, and those of every complaint policy.
SELECT set_eq(format($$ SELECT name, rule_id, target::text FROM cs_policy.policy_sla_target WHERE policy_id = %s $$, :hosp),
              $$ VALUES ('on_the_spot', 'CP-3', 'received -> closed within same day'),
                        ('resolve', 'CP-3', 'received -> resolved within 3 working days'),
                        ('incident_team', 'CP-3', 'received -> team_formed within 1 hour'),
                        ('inform', 'CP-3', 'received -> informed within 7 working days'),
                        ('emergency_report', 'CP-4', 'received -> manager_notified within 1 hour'),
                        ('investigation_report', 'CP-5', 'received -> report_filed within 3 days') $$,
              'CP-3, CP-4, CP-5: complaints_hospital''s targets and those every complaint policy has');
SELECT is((SELECT target::text FROM cs_policy.policy_sla_target WHERE policy_id = :wait AND name = 'resolve'),
          'received -> resolved within 3 working days, paused while waiting', 'a policy''s settings replace a target by name');
SELECT set_eq(format($$ SELECT name FROM cs_policy.policy_sla_target WHERE policy_id = %s AND rule_id = 'CP-7' $$, :rep),
              ARRAY['diagnose', 'send_out', 'repair', 'return'], 'CP-7: hotline_2009 brings the four repair stages');

-- CP-3: within 3 working days, on the business calendar.
SELECT pg_temp.complaint('A1', '2025-09-30 10:00') AS national_day \gset
SELECT is((SELECT due_at FROM pg_temp.sla(:'national_day', 'resolve', '2025-10-09 09:00')), '2025-10-11 18:00+08'::timestamptz,
          'CP-3: received on 2025-09-30, before National Day: due at the end of Saturday 2025-10-11, a make-up working day');
SELECT results_eq(format($$ SELECT state, time_left FROM pg_temp.sla(%L, 'resolve', '2025-10-10 12:00') $$, :'national_day'),
                  $$ VALUES ('running', interval '15 hours') $$,
                  'CP-3: on 2025-10-10 at noon 15 working hours are left (the holidays do not count)');
SELECT results_eq(format($$ SELECT state, time_left FROM pg_temp.sla(%L, 'resolve', '2025-10-11 15:00') $$, :'national_day'),
                  $$ VALUES ('at_risk', interval '3 hours') $$,
                  'CP-3: with less than a quarter of the 35 working hours left it is at risk');
SELECT results_eq(format($$ SELECT state, time_left FROM pg_temp.sla(%L, 'resolve', '2025-10-13 10:00') $$, :'national_day'),
                  $$ VALUES ('breached', interval '-1 hour') $$,
                  'CP-3: on Monday morning it is 1 working hour overdue (the Sunday does not count)');
SELECT pg_temp.complaint('A1', '2025-10-11 10:00') AS makeup \gset
SELECT is((SELECT due_at FROM pg_temp.sla(:'makeup', 'resolve', '2025-10-11 12:00')), '2025-10-15 18:00+08'::timestamptz,
          'CP-3: received on the make-up Saturday 2025-10-11: due at the end of Wednesday 2025-10-15');
SELECT cs_policy.resolve_complaint(:'makeup', 'apologised', 'apology', at => '2025-10-15 17:30', acting_as => 'A1');
SELECT results_eq(format($$ SELECT met_at, state FROM pg_temp.sla(%L, 'resolve', '2025-10-20 12:00') $$, :'makeup'),
                  $$ VALUES ('2025-10-15 17:30+08'::timestamptz, 'met') $$, 'CP-3: resolved half an hour before: met');

-- Paused while waiting for the customer, where the policy says so.
SELECT pg_temp.complaint('W1', '2025-11-03 10:00', department => 'WAIT-T1') AS paused \gset
SELECT cs_policy.wait_for_customer(:'paused', 'the customer sends the receipt', at => '2025-11-03 11:00', acting_as => 'W1');
SELECT results_eq(format($$ SELECT state, paused, time_left FROM pg_temp.sla(%L, 'resolve', '2025-11-04 10:00') $$, :'paused'),
                  $$ VALUES ('running', interval '23 hours', interval '34 hours') $$,
                  'while waiting the clock stands still: 34 of 35 working hours left after 23 hours of waiting');
SELECT is((SELECT paused_now FROM cs_policy.complaint_sla_at('2025-11-04 10:00') WHERE number = :'paused' AND target = 'resolve'),
          true, 'and complaint_sla says it stands still now');
SELECT cs_policy.resume_complaint(:'paused', 'the receipt came', at => '2025-11-04 11:00', acting_as => 'W1');
SELECT cs_policy.resolve_complaint(:'paused', 'refunded the fee', 'compensation', at => '2025-11-06 17:00', acting_as => 'W1');
SELECT results_eq(format($$ SELECT due_at, paused, state, time_left FROM pg_temp.sla(%L, 'resolve', '2025-11-10 12:00') $$, :'paused'),
                  $$ VALUES ('2025-11-07 18:00+08'::timestamptz, interval '24 hours', 'met', interval '10 hours') $$,
                  'a day of waiting (9 working hours) moves the deadline from Thursday to Friday 18:00');
SELECT pg_temp.complaint('A1', '2025-11-03 10:00') AS unpaused \gset
SELECT cs_policy.wait_for_customer(:'unpaused', 'the customer sends the receipt', at => '2025-11-03 11:00', acting_as => 'A1');
SELECT results_eq(format($$ SELECT due_at, paused, state FROM pg_temp.sla(%L, 'resolve', '2025-11-07 09:00') $$, :'unpaused'),
                  $$ VALUES ('2025-11-06 18:00+08'::timestamptz, interval '0', 'breached') $$,
                  'CP-3 as the hospital wrote it does not pause: waiting for the customer does not stop the clock');
SELECT results_eq(format($$ SELECT s.state FROM unnest('{2025-11-05 12:00,2025-11-06 12:00}'::text[]) t, pg_temp.sla(%L, 'resolve', t) s $$, :'paused'),
                  $$ VALUES ('running'), ('at_risk') $$, 'at_risk_share is policy data: 0.5 here');

-- Reopened: the resolution clock runs on from where it stopped.
SELECT pg_temp.complaint('A2', '2025-11-10 09:00') AS reopened \gset
SELECT cs_policy.resolve_complaint(:'reopened', 'explained the bill', 'explanation', inform => true, at => '2025-11-10 18:00', acting_as => 'A2');
SELECT cs_policy.reopen_complaint(:'reopened', 'the bill was wrong after all', at => '2025-11-13 09:00', acting_as => 'A2');
SELECT results_eq(format($$ SELECT due_at, met_at, state, time_left FROM pg_temp.sla(%L, 'resolve', '2025-11-13 12:00') $$, :'reopened'),
                  $$ VALUES ('2025-11-17 18:00+08'::timestamptz, NULL::timestamptz, 'running', interval '24 hours') $$,
                  'reopened: of 36 working hours, 9 counted before and 3 since; the days it stood resolved do not count');
SELECT cs_policy.resolve_complaint(:'reopened', 'corrected the bill', 'refund', at => '2025-11-13 16:00', acting_as => 'A2')
  FROM (SELECT cs_policy.record_inspection(:'reopened', true, 'nothing to return: a billing error', at => '2025-11-13 15:00', acting_as => 'A2')) i;
SELECT results_eq(format($$ SELECT met_at, state FROM pg_temp.sla(%L, 'resolve', '2025-11-20 12:00') $$, :'reopened'),
                  $$ VALUES ('2025-11-13 16:00+08'::timestamptz, 'met') $$, 'and met at the second resolution');

-- CP-3: feedback, suggestions and dissatisfaction on the spot, the same day.
SELECT pg_temp.complaint('A1', '2025-11-17 15:00', 'dissatisfaction') AS spot_ok \gset
SELECT pg_temp.complaint('A1', '2025-11-17 16:00', 'suggestion') AS spot_late \gset
SELECT cs_policy.resolve_complaint(:'spot_ok', 'apologised at the desk', 'apology', close => true, at => '2025-11-17 15:20', acting_as => 'A1');
SELECT cs_policy.resolve_complaint(:'spot_late', 'passed to facilities', 'other', close => true, at => '2025-11-18 09:00', acting_as => 'A1');
SELECT results_eq(format($$ SELECT s.state FROM unnest(ARRAY[%L, %L]) n, pg_temp.sla(n, 'on_the_spot', '2025-11-20 00:00') s $$,
                         :'spot_ok', :'spot_late'),
                  $$ VALUES ('met'), ('breached') $$, 'CP-3: closed the same day is met, the next morning is not');
SELECT is((SELECT count(*) FROM cs_policy.complaint_sla_at('2025-11-20') WHERE number = :'spot_ok' AND target = 'resolve')::integer,
          0, 'CP-3: the 3 working days are for complaints only');

-- CP-3: a dispute gets an incident team at once (1 hour) and is closed with the result told within 7 working days.
SELECT pg_temp.complaint('A2', '2025-11-18 09:00', 'dispute') AS dispute \gset
SELECT cs_policy.form_incident_team(:'dispute', 'complaints lead, ward head, operations', at => '2025-11-18 09:40', acting_as => 'A2');
SELECT results_eq(format($$ SELECT target, state FROM cs_policy.complaint_sla_at('2025-11-18 12:00') WHERE number = %L ORDER BY target $$, :'dispute'),
                  $$ VALUES ('incident_team', 'met'), ('inform', 'running'), ('investigation_report', 'running') $$,
                  'CP-3: a dispute''s team formed in 40 minutes; it is to be settled and told within 7 working days');
SELECT is((SELECT due_at FROM pg_temp.sla(:'dispute', 'inform', '2025-11-18 12:00')), '2025-11-27 18:00+08'::timestamptz,
          'CP-3: 7 working days from Tuesday 2025-11-18 end on Thursday 2025-11-27');

-- CP-4: an emergency is reported to the department manager within 1 hour.
SELECT pg_temp.complaint('A1', '2025-11-19 10:00', emergency => true) AS urgent \gset
SELECT pg_temp.complaint('A1', '2025-11-19 10:00', emergency => true) AS forgotten \gset
SELECT cs_policy.notify_manager(:'urgent', 'by phone', at => '2025-11-19 10:35', acting_as => 'A1');
SELECT results_eq(format($$ SELECT s.state FROM unnest(ARRAY[%L, %L]) n, pg_temp.sla(n, 'emergency_report', '2025-11-19 12:00') s $$,
                         :'urgent', :'forgotten'),
                  $$ VALUES ('met'), ('breached') $$, 'CP-4: reported in 35 minutes is met; not reported after an hour is breached');
SELECT is((SELECT note FROM cs_policy.complaint_history WHERE number = :'urgent' AND kind = 'manager_notified'),
          'reported to M1 M1: by phone', 'CP-4: the log names the manager told');
SELECT is((SELECT count(*) FROM cs_policy.complaint_sla_at('2025-11-19 12:00') WHERE number = :'national_day' AND target = 'emergency_report')::integer,
          0, 'CP-4: only emergencies have the 1-hour target');

-- CP-5: the investigation report within 3 days.
SELECT cs_policy.file_investigation_report(:'urgent', 'waiting times at the desk; staffing changed', at => '2025-11-22 23:00', acting_as => 'A1');
SELECT results_eq(format($$ SELECT due_at, state FROM pg_temp.sla(%L, 'investigation_report', '2025-11-25 00:00') $$, :'urgent'),
                  $$ VALUES ('2025-11-23 00:00+08'::timestamptz, 'met') $$,
                  'CP-5: received on the 19th, the report is due by the end of the 22nd; filed at 23:00, met');

-- CP-7: the repair stages, and the written reason of a late repair.
SELECT pg_temp.complaint('R1', '2025-12-01 09:00', department => 'REP-T1', repair => true) AS repair \gset
SELECT throws_ok(format($$ SELECT cs_policy.record_sent_out(%L, 'to the maker', at => '2025-12-02 09:00', acting_as => 'R1') $$, :'repair'),
                 '55000', format('complaint %s cannot be sent out before it is diagnosed external', :'repair'),
                 'CP-7: nothing is sent out before the diagnosis says so');
SELECT cs_policy.record_diagnosis(:'repair', true, 'power board burnt', at => '2025-12-03 16:00', acting_as => 'R1');
SELECT throws_ok(format($$ SELECT cs_policy.record_repaired(%L, 'board replaced', at => '2025-12-18 10:00', acting_as => 'R1') $$, :'repair'),
                 '22004', format('complaint %s was due to be repaired by 2025-12-17 18:00:00+08: give the reason in writing', :'repair'),
                 'CP-7: a repair after 10 working days needs a written reason');
SELECT cs_policy.record_repaired(:'repair', 'board replaced', 'the part came from the maker late', at => '2025-12-18 10:00', acting_as => 'R1');
SELECT cs_policy.record_return(:'repair', 'delivered by the engineer', at => '2025-12-19 15:00', acting_as => 'R1');
SELECT results_eq(format($$ SELECT target, state, due_at FROM cs_policy.complaint_sla_at('2025-12-20 12:00') WHERE number = %L AND rule_id = 'CP-7' ORDER BY started_at, target $$, :'repair'),
                  $$ VALUES ('diagnose', 'met', '2025-12-05 00:00+08'::timestamptz), ('repair', 'breached', '2025-12-17 18:00+08'),
                            ('return', 'met', '2025-12-22 00:00+08') $$,
                  'CP-7: diagnosed within 3 days, repaired within 10 working days (late here), returned within 3 days');
SELECT is((SELECT reason FROM cs_policy.complaint_history WHERE number = :'repair' AND kind = 'repaired'),
          'the part came from the maker late', 'CP-7: the reason is in the log');
SELECT pg_temp.complaint('R2', '2025-12-01 09:00', department => 'REP-T1', repair => true) AS sent \gset
SELECT cs_policy.record_diagnosis(:'sent', false, 'compressor: only the maker repairs it', at => '2025-12-01 15:00', acting_as => 'R2');
SELECT cs_policy.record_sent_out(:'sent', 'to the maker', at => '2025-12-05 10:00', acting_as => 'R2');
SELECT results_eq(format($$ SELECT target, state FROM cs_policy.complaint_sla_at('2025-12-06 12:00') WHERE number = %L AND rule_id = 'CP-7' ORDER BY target $$, :'sent'),
                  $$ VALUES ('diagnose', 'met'), ('send_out', 'breached') $$,
                  'CP-7: what cannot be repaired in house is sent out within 3 days of the diagnosis');
SELECT throws_ok(format($$ SELECT cs_policy.record_diagnosis(%L, true, 'x', acting_as => 'A1') $$, :'national_day'),
                 '22023', NULL, 'CP-7: only a repair case is diagnosed');

-- Breaches are recorded once, with who answered for the complaint.
SELECT is(cs_policy.detect_sla_breaches('2025-12-20 12:00') > 0, true, 'detect_sla_breaches records the breaches');
SELECT is(cs_policy.detect_sla_breaches('2025-12-20 12:00'), 0, 'run again, it records nothing new');
SELECT is(cs_policy.detect_sla_breaches('2025-12-21 12:00'), 0, 'nor a day later, when nothing new is late');
SELECT is((SELECT count(*) FROM cs_policy.sla_breach)::integer,
          (SELECT count(*) FROM cs_policy.complaint_sla_at('2025-12-20 12:00') WHERE state = 'breached')::integer,
          'one row per breached target, no more');
SELECT results_eq(format($$ SELECT a.code, b.met_at FROM cs_policy.sla_breach b JOIN cs_policy.employee a ON a.employee_id = b.answerable_id
                             WHERE b.number = %L AND b.target = 'repair' $$, :'repair'),
                  $$ VALUES ('R1', '2025-12-18 10:00+08'::timestamptz) $$,
                  'a breach names who answered for the complaint and when the target was met late');
SELECT is((SELECT open FROM cs_policy.sla_breach_overview WHERE number = :'forgotten' AND target = 'emergency_report'),
          true, 'sla_breach_overview: the unreported emergency is still open');
SELECT throws_ok($$ SELECT cs_policy.detect_sla_breaches(now() + interval '1 day') $$, '22023', NULL, 'breaches are not detected in the future');

-- Department overrides: stricter is fine, more lenient is refused (like AT-5).
SELECT throws_ok($$ SELECT cs_policy.set_policy('team complaints', 'complaint', 'complaints_hospital', 'HOSP-T1', '2025-06-01',
                                                settings => '{"targets": {"resolve": {"target": "received -> resolved within 5 working days"}}}') $$,
                 '23514', 'complaint targets of "team complaints" v1 would be more lenient than those of "hospital complaints" v1',
                 'a team may not allow more time than its project');
SELECT throws_ok($$ SELECT cs_policy.set_policy('team complaints', 'complaint', 'complaints_hospital', 'HOSP-T1', '2025-06-01',
                                                settings => '{"targets": {"investigation_report": null}}') $$,
                 '23514', NULL, 'nor drop a target');
SELECT throws_ok($$ SELECT cs_policy.set_policy('team complaints', 'complaint', 'complaints_hospital', 'HOSP-T1', '2025-06-01',
                                                settings => '{"targets": {"resolve": {"target": "received -> resolved within 3 working days, paused while waiting"}}}') $$,
                 '23514', NULL, 'nor pause a clock its project does not pause');
SELECT throws_ok($$ SELECT cs_policy.set_policy('team complaints', 'complaint', 'complaints_hospital', 'HOSP-T1', '2025-06-01',
                                                settings => '{"calendar": "cn_group_seasonal"}') $$,
                 '23514', NULL, 'nor count working days on another calendar (it may have fewer working hours)');
SELECT lives_ok($$ SELECT cs_policy.set_policy('team complaints', 'complaint', 'complaints_hospital', 'HOSP-T2', '2025-06-01',
                                               settings => '{"targets": {"resolve": {"target": "received -> resolved within 2 working days"},
                                                                         "callback": {"target": "resolved -> called_back within 1 day",
                                                                                      "categories": ["complaint"], "rule_id": "CP-8"}}}') $$,
                'a team may be stricter, and add targets of its own');
SELECT throws_ok($$ SELECT cs_policy.set_policy('x', 'complaint', 'complaints_hospital', 'HOSP-T1', '2025-06-01',
                                                settings => '{"targets": {"resolve": {"categories": ["grievance"]}}}') $$,
                 '22023', 'unknown complaint category "grievance"', 'a bad target in the settings is refused, naming it');
SELECT throws_ok($$ SELECT cs_policy.set_policy('x', 'complaint', 'complaints_hospital', 'HOSP-T1', '2025-06-01',
                                                settings => '{"targets": {"resolve": {"target": "received -> resolved in 3 days"}}}') $$,
                 '22P02', NULL, 'and a target that does not parse');

SELECT * FROM finish();
ROLLBACK;
