-- complaints_hospital: the complaint procedure of handbook 003 (CP-1 to
-- CP-5), worked through a few complaints of a patient-service desk.
SET client_min_messages = warning;
SET datestyle = ISO;
SET timezone = 'Asia/Shanghai';
SET intervalstyle = postgres;
\set SHOW_CONTEXT never
DROP EXTENSION cs_policy;
CREATE EXTENSION cs_policy;
SELECT cs_policy.create_department('HOSP', 'City Hospital service center', 'center') > 0 AS center,
       cs_policy.create_department('DESK', 'Patient service desk', 'project', 'HOSP') > 0 AS project;
SELECT count(cs_policy.hire_employee(code, name, 'DESK', role::cs_policy.staff_role, '2024-01-01', 6000)) AS hired
  FROM (VALUES ('M01', '赵敏', 'manager'), ('S01', '孙伟', 'supervisor'), ('Q01', '吴静', 'qa'),
               ('A01', '王芳', 'agent'), ('A02', '李强', 'agent')) AS staff(code, name, role);
SELECT cs_policy.set_department_manager('DESK', 'M01');
SELECT cs_policy.set_policy('patient complaints', 'complaint', 'complaints_hospital', 'HOSP', '2025-01-01') > 0 AS policy;

-- The targets of the preset, with the handbook's words, and those every
-- complaint policy has (CP-4, CP-5).
SELECT name, categories, applies_to, target, rule_id FROM cs_policy.policy_sla_target ORDER BY rule_id, name;
SELECT name, note FROM cs_policy.preset_sla_target WHERE preset = 'complaints_hospital' OR preset IS NULL ORDER BY name;

-- CP-2: a complaint by phone is not accepted without the caller's real
-- name, address and contact; feedback is.
SELECT cs_policy.register_complaint('complaint', 'phone', 'waited three hours', 'an apology', '', NULL, NULL, 'DESK',
                                    received_at => '2025-09-29 09:00', acting_as => 'A01');
SELECT cs_policy.register_complaint('feedback', 'phone', 'the signs to radiology are confusing', NULL, NULL, NULL, NULL, 'DESK',
                                    received_at => '2025-09-29 09:30', acting_as => 'A01') AS feedback;
SELECT cs_policy.resolve_complaint('202509-00001', 'passed to facilities; thanked the caller', 'explanation', close => true,
                                   at => '2025-09-29 09:40', acting_as => 'A01') > 0 AS on_the_spot;

-- CP-5: numbers restart every month. CP-3: received on 2025-09-30, before
-- National Day, a complaint is due at the end of the make-up Saturday
-- 2025-10-11; one received on that Saturday is due on Wednesday 10-15.
SELECT cs_policy.register_complaint('complaint', 'visit', 'waited three hours for a scan', 'an apology and a new slot',
                                    '钱红', '13800000000', NULL, 'DESK', received_at => '2025-09-30 10:00', acting_as => 'A01') AS before_holiday;
SELECT cs_policy.register_complaint('complaint', 'phone', 'billed twice for one test', 'a refund',
                                    '周明', '13900000000', '浦东新区', 'DESK', received_at => '2025-10-11 10:00', acting_as => 'A02') AS make_up_day;
-- CP-3: a dispute gets an incident team at once and the result within 7
-- working days; CP-4: an emergency goes to the manager within the hour.
SELECT cs_policy.register_complaint('dispute', 'visit', 'wrong medicine given', 'compensation', '郑洁', '13700000000', NULL,
                                    'DESK', emergency => true, received_at => '2025-10-13 09:00', acting_as => 'A02') AS dispute;
SELECT cs_policy.notify_manager('202510-00002', 'by phone', at => '2025-10-13 09:20', acting_as => 'A02') > 0 AS told;
SELECT cs_policy.form_incident_team('202510-00002', 'medical affairs, pharmacy head, complaints lead',
                                    at => '2025-10-13 10:30', acting_as => 'A02') > 0 AS team;

-- The status of every target on 2025-10-13 at noon.
SELECT number, category, target, rule_id, started_at, due_at, met_at, state, time_left
  FROM cs_policy.complaint_sla_at('2025-10-13 12:00') ORDER BY number, rule_id, target;

-- The complaint before the holiday is handed to the supervisor, the
-- make-up-day one waits two days for the patient's receipt (this policy
-- does not pause the clock), then both are resolved and told.
SELECT cs_policy.hand_on_complaint('202509-00002', 'S01', 'needs the radiology head', at => '2025-10-09 09:10', acting_as => 'A01') > 0 AS handed_on;
SELECT cs_policy.resolve_complaint('202509-00002', 'apologised; new scan booked', 'apology', inform => true,
                                   at => '2025-10-13 11:00', acting_as => 'S01') > 0 AS resolved;
SELECT cs_policy.wait_for_customer('202510-00001', 'the patient sends the receipt', at => '2025-10-11 11:00', acting_as => 'A02') > 0 AS waiting;
SELECT cs_policy.resume_complaint('202510-00001', 'receipt came', at => '2025-10-13 09:00', acting_as => 'A02') > 0 AS resumed;
-- CP-10: no refund before the inspection; then the refund.
SELECT cs_policy.resolve_complaint('202510-00001', 'refund', 'refund', at => '2025-10-13 10:00', acting_as => 'A02');
SELECT cs_policy.record_inspection('202510-00001', true, 'the second charge is a duplicate', at => '2025-10-14 10:00', acting_as => 'Q01') > 0 AS inspected;
SELECT cs_policy.resolve_complaint('202510-00001', 'duplicate charge refunded', 'refund', inform => true,
                                   at => '2025-10-14 11:00', acting_as => 'A02') > 0 AS resolved;
SELECT cs_policy.file_investigation_report(n, 'scheduling and billing reviewed', at => '2025-10-14 16:00', acting_as => 'Q01') > 0 AS report
  FROM unnest('{202509-00002,202510-00001,202510-00002}'::text[]) AS n;
SELECT number, target, due_at, met_at, state, time_left
  FROM cs_policy.complaint_sla_at('2025-10-20 12:00') ORDER BY number, rule_id, target;

-- An illegal step is refused, naming what may happen instead.
SELECT cs_policy.close_complaint('202510-00002', acting_as => 'A02');
SELECT number, kind, at, by_employee, new_owner, outcome, reason, note FROM cs_policy.complaint_history
 WHERE number = '202509-00002' ORDER BY at, event_id;

-- Breaches are recorded once, however often detection runs.
SELECT cs_policy.detect_sla_breaches('2025-10-25 12:00') AS found, cs_policy.detect_sla_breaches('2025-10-25 12:00') AS found_again;
SELECT number, target, rule_id, due_at, met_at, open, answerable, owner_now FROM cs_policy.sla_breach_overview ORDER BY number, target;
