-- Leave: notice (LV-1, LV-6) and the approval chain by length and role (LV-2, LV-6).
BEGIN;
SELECT plan(34);

SELECT cs_policy.create_department('C', 'Center', 'center');
SELECT cs_policy.create_department('P', 'Project', 'project', 'C');
SELECT cs_policy.create_department('Q', 'Other project', 'project', 'C');
SELECT cs_policy.create_department('T', 'Team', 'team', 'P');
SELECT cs_policy.hire_employee(c, c, d, r::cs_policy.staff_role, '2024-01-01', 6000)
  FROM (VALUES ('D1', 'C', 'director'), ('H1', 'C', 'hr'), ('M1', 'P', 'manager'), ('S1', 'P', 'supervisor'),
               ('S2', 'Q', 'supervisor'), ('L1', 'T', 'team_lead'), ('A1', 'T', 'agent'), ('A2', 'T', 'agent')) AS x(c, d, r);
SELECT cs_policy.set_policy('leave', 'leave', 'callcenter_2012', 'C', valid_from => '2024-01-01');
CREATE FUNCTION pg_temp.chain(id bigint) RETURNS text LANGUAGE sql AS $$
    SELECT array_to_string(approvers, ',') FROM cs_policy.leave_request WHERE leave_id = id $$;

-- LV-1: at least a day ahead, sick leave excepted.
SELECT throws_ok($$ SELECT cs_policy.request_leave('annual', current_date, current_date, 1, 'trip', acting_as => 'A1') $$,
                 '55000', NULL, 'LV-1: no same-day leave');
SELECT lives_ok($$ SELECT cs_policy.request_leave('sick', current_date, current_date, 1, 'fever', acting_as => 'A1') $$,
                'LV-1: sick leave may start the same day');
-- LV-6: personal leave of one day three days ahead, longer a week ahead.
SELECT throws_ok($$ SELECT cs_policy.request_leave('personal', current_date + 2, current_date + 2, 1, 'errand', acting_as => 'A1') $$,
                 '55000', NULL, 'LV-6: one personal day needs three days'' notice');
SELECT lives_ok($$ SELECT cs_policy.request_leave('personal', current_date + 3, current_date + 3, 1, 'errand', acting_as => 'A1') $$,
                'LV-6: three days ahead is enough for one personal day');
SELECT throws_ok($$ SELECT cs_policy.request_leave('personal', current_date + 6, current_date + 7, 2, 'move', acting_as => 'A1') $$,
                 '55000', NULL, 'LV-6: longer personal leave needs a week''s notice');

-- LV-2: the chain by length, for an agent.
SELECT is(pg_temp.chain(cs_policy.request_leave('annual', current_date + 10, current_date + 10, 1, 'x', acting_as => 'A1')),
          'team_lead', 'LV-2: one day for an agent: the team lead');
SELECT is(pg_temp.chain(cs_policy.request_leave('annual', current_date + 20, current_date + 21, 2, 'x', acting_as => 'A1')),
          'supervisor', 'LV-2: two days: the supervisor');
SELECT is(pg_temp.chain(cs_policy.request_leave('annual', current_date + 30, current_date + 32, 3, 'x', acting_as => 'A1')),
          'manager', 'LV-2: three days: the manager');
SELECT is(pg_temp.chain(cs_policy.request_leave('annual', current_date + 40, current_date + 44, 5, 'x', acting_as => 'A1')),
          'manager,director,hr', 'LV-2, LV-6: over three days: the manager, then the director, and HR');
-- LV-2: for team-lead-level staff, and for personal leave.
SELECT is(pg_temp.chain(cs_policy.request_leave('annual', current_date + 10, current_date + 10, 1, 'x', acting_as => 'L1')),
          'supervisor', 'LV-2: one day for a team lead: the supervisor');
SELECT is(pg_temp.chain(cs_policy.request_leave('annual', current_date + 20, current_date + 22, 3, 'x', acting_as => 'L1')),
          'director', 'LV-2: three days for a team lead: the director');
SELECT is(pg_temp.chain(cs_policy.request_leave('personal', current_date + 50, current_date + 51, 2, 'x', acting_as => 'A2')),
          'manager', 'LV-2: personal leave of two days: the operations manager');

-- Approvals follow the chain; anyone else is refused with the names of who may.
SELECT cs_policy.request_leave('annual', current_date + 60, current_date + 64, 5, 'wedding trip', acting_as => 'A2') AS long \gset
SELECT throws_like(format($$ SELECT cs_policy.approve_leave(%s, acting_as => 'S1') $$, :long),
                   '%may not approve step 1 (manager)%', 'LV-2: a supervisor may not approve where the manager must');
SELECT throws_ok(format($$ SELECT cs_policy.approve_leave(%s, acting_as => 'S2') $$, :long), '42501', NULL,
                 'LV-2: 42501 for someone without authority');
SELECT is(cs_policy.approve_leave(:long, acting_as => 'M1'), 'approved by the manager; next: director',
          'LV-2: the manager approves first');
SELECT is(cs_policy.approve_leave(:long, acting_as => 'D1'), 'approved by the director; next: hr', 'LV-2: then the director');
SELECT is(cs_policy.approve_leave(:long, acting_as => 'H1'), 'approved', 'LV-6: HR approves last');
SELECT is((SELECT state || ' after ' || approvals || ' approvals' FROM cs_policy.leave_request WHERE leave_id = :long),
          'approved after 3 approvals', 'the request is approved only when the chain is complete');

-- LV-4: a duty supervisor grants leave to one person a day.
SELECT cs_policy.request_leave('annual', current_date + 70, current_date + 71, 2, 'x', acting_as => 'A1') AS first_grant \gset
SELECT cs_policy.request_leave('annual', current_date + 70, current_date + 71, 2, 'x', acting_as => 'A2') AS second_grant \gset
SELECT is(cs_policy.approve_leave(:first_grant, acting_as => 'S1'), 'approved', 'LV-4: the supervisor grants one person leave today');
SELECT throws_like(format($$ SELECT cs_policy.approve_leave(%s, acting_as => 'S1') $$, :second_grant),
                   '%already granted leave to 1 person(s) today%', 'LV-4: a second person the same day is refused');
SELECT is(cs_policy.approve_leave(:second_grant, acting_as => 'M1'), 'approved', 'LV-4: the operations manager approves it');
-- LV-4: more than 11 people on long leave: the operations manager no longer approves.
SELECT cs_policy.hire_employee('X' || i, 'x' || i, 'T', 'agent', '2024-01-01', 5000) FROM generate_series(1, 12) i;
INSERT INTO cs_policy.leave_request (employee_id, leave_type, first_day, last_day, days, reason, approvers, approvals, state)
SELECT employee_id, 'annual', current_date - 4, current_date + 10, 11, 'long', '{manager}', 1, 'approved'
  FROM cs_policy.employee WHERE code LIKE 'X%';
SELECT cs_policy.request_leave('annual', current_date + 80, current_date + 82, 3, 'x', acting_as => 'A1') AS locked \gset
SELECT throws_like(format($$ SELECT cs_policy.approve_leave(%s, acting_as => 'M1') $$, :locked),
                   '12 people of P are on long leave%', 'LV-4: with 12 on long leave the operations manager may not approve');
SELECT is(cs_policy.approve_leave(:locked, acting_as => 'D1'), 'approved', 'LV-4: the director still may');

-- LV-3: sick leave by phone, documents on return; never by text message.
SELECT throws_ok($$ SELECT cs_policy.request_leave('sick', current_date, current_date, 1, 'fever', 'text_message', acting_as => 'A2') $$,
                 '22023', NULL, 'LV-3: never by text message');
SELECT throws_ok($$ SELECT cs_policy.request_leave('annual', current_date + 90, current_date + 90, 1, 'x', 'phone', acting_as => 'A2') $$,
                 '22023', NULL, 'LV-3: only sick leave by phone');
INSERT INTO cs_policy.leave_request (employee_id, leave_type, first_day, last_day, days, reason, channel, approvers, approvals, state)
SELECT employee_id, 'sick', current_date - 6, current_date - 2, 5, 'flu', 'phone', '{manager,director,hr}', 3, 'approved'
  FROM cs_policy.employee WHERE code = 'A2'
RETURNING leave_id AS sick \gset
SELECT is((SELECT counts_as FROM cs_policy.leave_overview WHERE leave_id = :sick),
          'absence: sick-leave documents not filed after return (LV-3)', 'LV-3: without documents after return the days are absence');
SELECT throws_like(format($$ SELECT cs_policy.file_sick_documents(%s, '{hospital_note,invoices,medical_record}', acting_as => 'A2') $$, :sick),
                   '%still lacks: hospital_certificate%', 'LV-6: five days of sick leave need a hospital certificate too');
SELECT cs_policy.file_sick_documents(:sick, '{hospital_note,invoices,medical_record,hospital_certificate}', acting_as => 'A2');
SELECT is((SELECT counts_as FROM cs_policy.leave_overview WHERE leave_id = :sick), 'leave', 'LV-3: with the documents they are leave');

-- LV-5: people on long leave are called every 3 days; a false reason voids the leave.
SELECT ok(EXISTS (SELECT FROM cs_policy.leave_calls_due d JOIN cs_policy.employee e ON e.code = d.employee_code
                   WHERE e.code = 'X1'), 'LV-5: a person on long leave for four days without a call is due for one');
SELECT cs_policy.record_leave_call(leave_id, 'recovering, back next week', acting_as => 'L1')
  FROM cs_policy.leave_request l JOIN cs_policy.employee e USING (employee_id) WHERE e.code = 'X1';
SELECT ok(NOT EXISTS (SELECT FROM cs_policy.leave_calls_due WHERE employee_code = 'X1'), 'LV-5: after the call, not due');
SELECT throws_ok($$ SELECT cs_policy.record_leave_call(leave_id, 'hi', acting_as => 'A1')
                      FROM cs_policy.leave_request l JOIN cs_policy.employee e USING (employee_id) WHERE e.code = 'X2' $$,
                 '42501', NULL, 'LV-5: an agent does not make the calls');
SELECT cs_policy.void_leave(leave_id, 'the family wedding was a week later', acting_as => 'S1')
  FROM cs_policy.leave_request l JOIN cs_policy.employee e USING (employee_id) WHERE e.code = 'X2';
SELECT is((SELECT counts_as FROM cs_policy.leave_overview WHERE employee_code = 'X2'), 'absence: the reason was false (LV-5)',
          'LV-5: leave on a false reason becomes absence');
-- LV-5: the interval of the calls is a setting of the leave policy.
SELECT ok(EXISTS (SELECT FROM cs_policy.leave_calls_due WHERE employee_code = 'X3'),
          'LV-5: by default a person on long leave is called every 3 days');
SELECT cs_policy.set_policy('team leave', 'leave', 'callcenter_2012', 'T', valid_from => current_date - 30,
                            settings => '{"leave_call_every_days": 7}');
SELECT ok(NOT EXISTS (SELECT FROM cs_policy.leave_calls_due WHERE employee_code = 'X3'),
          'LV-5: under a policy calling every 7 days, four days of leave without a call are not yet due');

SELECT * FROM finish();
ROLLBACK;
