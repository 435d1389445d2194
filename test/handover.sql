-- Written handover between shifts (SH-10 to SH-13).
BEGIN;
SELECT plan(26);
SET LOCAL timezone = 'Asia/Shanghai';

SELECT cs_policy.create_department('C', 'Center', 'center');
SELECT cs_policy.create_department('P', 'Project', 'project', 'C');
SELECT cs_policy.create_department('T', 'Team', 'team', 'P');
SELECT cs_policy.hire_employee('S1', 'supervisor', 'P', 'supervisor', '2024-01-01', 9000);
SELECT cs_policy.hire_employee('L1', 'shift lead', 'T', 'team_lead', '2024-01-01', 7000);
SELECT cs_policy.hire_employee('A' || i, 'agent ' || i, 'T', 'agent', '2024-01-01', 5000) FROM generate_series(1, 2) i;
SELECT cs_policy.define_shift_template('day', 'P', '08:00-20:00', 'cn_7x24');
SELECT cs_policy.define_shift_template('night', 'P', '20:00-08:00', 'cn_7x24');
SELECT cs_policy.assign_shift('A1', '2025-12-01', 'day', acting_as => 'S1');
SELECT cs_policy.assign_shift('A2', '2025-12-01', 'night', acting_as => 'S1');
CREATE FUNCTION pg_temp.who(id bigint, at timestamptz) RETURNS text LANGUAGE sql AS $$
    SELECT code FROM cs_policy.employee WHERE employee_id = cs_policy.responsible_for(id, at) $$;

SELECT cs_policy.open_handover('A2', '2025-12-01', '2025-12-01', acting_as => 'A1') AS log \gset
-- SH-10: written, never oral: an empty log cannot be signed.
SELECT throws_ok(format($$ SELECT cs_policy.sign_handover(%s, acting_as => 'A1') $$, :log), '55000', NULL,
                 'SH-10: an empty handover log cannot be signed');
SELECT is(cs_policy.add_handover_entry(:log, 'note', 'queue normal, 3 callbacks pending', acting_as => 'A1'), 1,
          'SH-10: the outgoing person writes the log');
-- SH-13: unfinished follow-ups say why.
SELECT throws_ok(format($$ SELECT cs_policy.add_handover_entry(%s, 'follow_up', 'call back 138xxxx', acting_as => 'A1') $$, :log),
                 '22023', NULL, 'SH-13: an unfinished follow-up without its reason is refused');
SELECT throws_ok(format($$ INSERT INTO cs_policy.handover_entry (employee_id, handover_id, entry_no, kind, body)
                           SELECT employee_id, handover_id, 9, 'follow_up', 'x' FROM cs_policy.handover WHERE handover_id = %s $$, :log),
                 '23514', NULL, 'SH-13: the table itself refuses a follow-up without a reason');
SELECT is(cs_policy.add_handover_entry(:log, 'follow_up', 'call back 138xxxx', 'customer asked for 21:00', acting_as => 'A1'), 2,
          'SH-13: a follow-up with its reason is listed');
SELECT throws_ok(format($$ SELECT cs_policy.add_handover_entry(%s, 'note', 'x', acting_as => 'A2') $$, :log), '42501', NULL,
                 'SH-10: only the outgoing person writes');
SELECT throws_ok(format($$ SELECT cs_policy.sign_handover(%s, acting_as => 'A2') $$, :log), '55000', NULL,
                 'SH-12: the incoming person signs after the outgoing one');
SELECT is(cs_policy.sign_handover(:log, acting_as => 'A1'), 'signed by the outgoing person; waiting for the incoming person',
          'SH-10: the outgoing person signs');
SELECT is(pg_temp.who(:log, now()), 'A1', 'SH-12: until the relief has signed, the outgoing person answers for the shift');

-- SH-11: the incoming person may refuse, with a reason raised to the shift lead.
SELECT throws_ok(format($$ SELECT cs_policy.refuse_handover(%s, '', acting_as => 'A2') $$, :log), '22023', NULL,
                 'SH-11: a refusal needs its reason');
SELECT is(cs_policy.refuse_handover(:log, 'headset 3 missing and not explained', acting_as => 'A2'),
          (SELECT employee_id FROM cs_policy.employee WHERE code = 'L1'), 'SH-11: the refusal is raised to the shift lead');
SELECT is((SELECT reason FROM cs_policy.handover_refusal WHERE handover_id = :log), 'headset 3 missing and not explained',
          'SH-11: and recorded with its reason');
SELECT is((SELECT state FROM cs_policy.handover_log WHERE handover_id = :log), 'refused', 'SH-11: the log shows the refusal');
SELECT cs_policy.add_handover_entry(:log, 'equipment', 'headset 3 sent for repair, ticket 77', acting_as => 'A1');
SELECT cs_policy.sign_handover(:log, acting_as => 'A1');
SELECT is(cs_policy.sign_handover(:log, acting_as => 'A2'), 'signed by both: the incoming person now answers for the shift',
          'SH-12: the incoming person signs the completed log');
SELECT is(pg_temp.who(:log, clock_timestamp()), 'A2', 'SH-12: from the second signature the incoming person answers');
SELECT is(pg_temp.who(:log, now() - interval '1 minute'), 'A1', 'SH-12: before it, the outgoing person did');

-- SH-10: a signed log cannot be changed or deleted.
SELECT throws_ok(format($$ SELECT cs_policy.add_handover_entry(%s, 'note', 'afterthought', acting_as => 'A1') $$, :log),
                 '55000', NULL, 'SH-10: nothing is added to a signed log');
-- SH-10 under the roles a center really uses: neither HR nor the application
-- (which acts for any employee) can change a signed log, by command or by hand.
SELECT count(*) AS roles FROM cs_policy.create_roles('ho_') \gset
SELECT is((SELECT string_agg(format('%s %s %s', r.rolname, t.relname, p.privilege), ', ')
             FROM pg_roles r, (VALUES ('handover'), ('handover_entry')) AS t(relname),
                  (VALUES ('INSERT'), ('UPDATE'), ('DELETE'), ('TRUNCATE')) AS p(privilege)
            WHERE r.rolname LIKE 'ho\_%'
              AND has_table_privilege(r.oid, ('cs_policy.' || t.relname)::regclass, p.privilege)),
          NULL, 'SH-10: no role of the center (agent to HR, auditor, the application) may write the log tables directly');
CREATE ROLE ho_l_hr LOGIN;
GRANT ho_hr TO ho_l_hr;
CREATE ROLE ho_l_app LOGIN;
GRANT ho_app TO ho_l_app;
SELECT cs_policy.hire_employee('H1', 'hr', 'C', 'hr', '2024-01-01', 8000);
SELECT cs_policy.set_employee_login('H1', 'ho_l_hr');
SET ROLE ho_l_hr;
SELECT throws_ok(format($$ UPDATE cs_policy.handover_entry SET body = 'changed' WHERE handover_id = %s $$, :log),
                 '42501', NULL, 'SH-10: HR cannot alter a line of a signed log');
SELECT throws_ok(format($$ DELETE FROM cs_policy.handover_entry WHERE handover_id = %s $$, :log),
                 '42501', NULL, 'SH-10: nor remove a page');
RESET ROLE;
-- (the agents act at any hour here: SEC-4 aside)
SELECT cs_policy.set_policy('any hour', 'access', department => 'C', settings => '{"agents_on_shift_only": false}',
                            valid_from => '2020-01-01');
SET ROLE ho_l_app;
SELECT throws_ok(format($$ UPDATE cs_policy.handover SET incoming_signed_at = NULL WHERE handover_id = %s $$, :log),
                 '42501', NULL, 'SH-10: the application cannot unsign a log');
SELECT cs_policy.act_as('A1');
SELECT throws_ok(format($$ SELECT cs_policy.add_handover_entry(%s, 'note', 'afterthought') $$, :log),
                 '55000', NULL, 'SH-10: nor add to it through the command, acting for the outgoing person');
RESET ROLE;

-- SH-12: the outgoing person may not leave before the relief has signed.
-- Two past handovers as the time clock and the log recorded them: on 12-02
-- A1 signed out after A2 had signed, on 12-03 before.
SELECT cs_policy.assign_shift('A1', d, 'day', acting_as => 'S1') FROM unnest('{2025-12-02,2025-12-03}'::date[]) d;
INSERT INTO cs_policy.handover (employee_id, department_id, outgoing_date, incoming_id, incoming_date, opened_at,
                                outgoing_signed_at, incoming_signed_at)
SELECT a1.employee_id, a1.department_id, d, a2.employee_id, d, d + time '19:30', (d + time '19:45') AT TIME ZONE 'Asia/Shanghai',
       (d + CASE WHEN d = '2025-12-02' THEN time '19:50' ELSE time '20:10' END) AT TIME ZONE 'Asia/Shanghai'
  FROM cs_policy.employee a1, cs_policy.employee a2, unnest('{2025-12-02,2025-12-03}'::date[]) d
 WHERE a1.code = 'A1' AND a2.code = 'A2';
INSERT INTO cs_policy.punch (employee_id, at, kind, source)
SELECT employee_id, t, 'out', 'time clock' FROM cs_policy.employee,
       unnest('{2025-12-02 19:58+08,2025-12-03 20:02+08}'::timestamptz[]) t WHERE code = 'A1';
SELECT results_eq($$ SELECT outgoing_date, outgoing_signed_out_at, left_before_relief FROM cs_policy.handover_log
                      WHERE outgoing_code = 'A1' AND outgoing_date > '2025-12-01' ORDER BY outgoing_date $$,
                  $$ VALUES ('2025-12-02'::date, '2025-12-02 19:58+08'::timestamptz, false),
                            ('2025-12-03', '2025-12-03 20:02+08', true) $$,
                  'SH-12: signing out before the relief has signed the log is flagged');
SELECT results_eq($$ SELECT outgoing_date, minutes_to_leave, leave_floor_minutes, left_floor_late FROM cs_policy.handover_log
                      WHERE outgoing_code = 'A1' AND outgoing_date > '2025-12-01' ORDER BY outgoing_date $$,
                  $$ VALUES ('2025-12-02'::date, 8.0, NULL::integer, NULL::boolean), ('2025-12-03', NULL, NULL, NULL) $$,
                  'SH-6: without a limit in the shift policy, leaving the floor is measured, not judged');
SELECT cs_policy.set_policy('floor rules', 'shift', 'callcenter_2012', 'C', valid_from => '2025-01-01');
SELECT results_eq($$ SELECT outgoing_date, minutes_to_leave, leave_floor_minutes, left_floor_late FROM cs_policy.handover_log
                      WHERE outgoing_code = 'A1' AND outgoing_date > '2025-12-01' ORDER BY outgoing_date $$,
                  $$ VALUES ('2025-12-02'::date, 8.0, 5, true), ('2025-12-03', NULL, 5, false) $$,
                  'SH-6: callcenter_2012: signing out 8 minutes after handing over is past the 5 minutes to leave the floor');

-- SH-13: the lead's daily review.
SELECT is(cs_policy.review_handovers('T', '2025-12-01', 'all in order', acting_as => 'L1'), 1,
          'SH-13: the shift lead reviews the day''s logs');

SELECT * FROM finish();
ROLLBACK;
