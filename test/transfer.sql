-- Transfers out of the call center's operations (PR-6): the receiving
-- department's written request, the call-center director's approval, then
-- HR's transfer order; inside the center transfer_employee moves people,
-- and refuses a department of another center.
BEGIN;
SELECT plan(22);
SET LOCAL client_min_messages = warning;

SELECT cs_policy.create_department('C', 'Call center', 'center');
SELECT cs_policy.create_department('SRV', 'Service project', 'project', 'C');
SELECT cs_policy.create_department('SRV-T', 'Service team', 'team', 'SRV');
SELECT cs_policy.create_department('OTH', 'Other project', 'project', 'C');
SELECT cs_policy.create_department('SALES', 'Sales office', 'center');
SELECT cs_policy.create_department('KEY', 'Key accounts', 'project', 'SALES');
SELECT cs_policy.hire_employee(c, c, d, r::cs_policy.staff_role, '2020-01-01', 5000)
  FROM (VALUES ('D1', 'C', 'director'), ('H1', 'C', 'hr'), ('M1', 'SRV', 'manager'), ('S1', 'SRV', 'supervisor'),
               ('A1', 'SRV-T', 'agent'), ('A2', 'SRV-T', 'agent'), ('K1', 'KEY', 'manager'), ('KD', 'SALES', 'director'))
       AS x(c, d, r);
CREATE FUNCTION pg_temp.dept(code text) RETURNS text LANGUAGE sql AS $$
    SELECT d.code FROM cs_policy.employee e JOIN cs_policy.department d USING (department_id) WHERE e.code = $1 $$;

-- Inside the call center transfer_employee moves people; out of it, not.
SELECT lives_ok($$ SELECT cs_policy.transfer_employee('A2', 'OTH', 'needed on the other project', acting_as => 'D1') $$,
                'a transfer inside the call center is transfer_employee''s');
SELECT throws_ok($$ SELECT cs_policy.transfer_employee('A1', 'KEY', 'wanted by key accounts', acting_as => 'D1') $$,
                 '55000', 'KEY is a department of another center: moving A1 there takes a transfer request',
                 'PR-6: transfer_employee refuses a department of another center, even for the director');
SELECT throws_ok($$ SELECT cs_policy.request_transfer('A1', 'OTH', 'we need A1', acting_as => 'M1') $$,
                 '22023', 'OTH is in the center A1 works in: that is not a transfer out of its operations',
                 'PR-6: a request is for a department of another center');

-- The written request comes from the receiving department.
SELECT throws_ok($$ SELECT cs_policy.request_transfer('A1', 'KEY', 'A1 to key accounts', acting_as => 'M1') $$,
                 '42501', 'M1 may not request a transfer to KEY',
                 'PR-6: the call center''s own manager does not make the receiving department''s request');
SELECT throws_ok($$ SELECT cs_policy.request_transfer('A1', 'KEY', '  ', acting_as => 'K1') $$,
                 '22004', 'a transfer request is the receiving department''s written request',
                 'PR-6: the request is written');
SELECT cs_policy.request_transfer('A1', 'KEY', 'Key accounts asks for A1 from March: letter KA-2026-07, signed K1',
                                  acting_as => 'K1') AS req \gset
SELECT is(pg_temp.dept('A1'), 'SRV-T', 'PR-6: a request moves nobody');
SELECT throws_ok($$ SELECT cs_policy.request_transfer('A1', 'KEY', 'again', acting_as => 'K1') $$,
                 '55000', format('transfer request %s for A1 is still open', :req), 'one open request per person');

-- Only the call center's director approves (not the receiving center's).
SELECT throws_ok(format($$ SELECT cs_policy.approve_transfer(%s, acting_as => 'M1') $$, :req),
                 '42501', 'M1 may not approve a transfer of A1 out of the call center',
                 'PR-6: the project manager does not approve a transfer out of the call center');
SELECT throws_ok(format($$ SELECT cs_policy.approve_transfer(%s, acting_as => 'KD') $$, :req),
                 '42501', 'KD may not approve a transfer of A1 out of the call center',
                 'PR-6: nor the director of the receiving center');
SELECT throws_ok(format($$ SELECT cs_policy.issue_transfer_order(%s, acting_as => 'H1') $$, :req),
                 '55000', format('transfer request %s is requested, not approved', :req),
                 'PR-6: HR issues no order before the director approves');
SELECT lives_ok(format($$ SELECT cs_policy.approve_transfer(%s, acting_as => 'D1') $$, :req),
                'PR-6: the call-center director approves');
SELECT is(pg_temp.dept('A1'), 'SRV-T', 'PR-6: the approval moves nobody either');

-- HR issues the transfer order, and the person moves.
SELECT throws_ok(format($$ SELECT cs_policy.issue_transfer_order(%s, acting_as => 'D1') $$, :req),
                 '42501', 'D1 may not issue a transfer order', 'PR-6: the director does not issue the order');
SELECT lives_ok(format($$ SELECT cs_policy.issue_transfer_order(%s, acting_as => 'H1') $$, :req),
                'PR-6: HR issues the transfer order');
SELECT is(pg_temp.dept('A1'), 'KEY', 'PR-6: with the order, A1 works for key accounts');
SELECT results_eq($$ SELECT h.kind, f.code, t.code, s.code, h.note LIKE 'PR-6 transfer order for request %: Key accounts asks for A1%'
                      FROM cs_policy.career_history h JOIN cs_policy.employee e USING (employee_id)
                      JOIN cs_policy.department f ON f.department_id = h.from_department
                      JOIN cs_policy.department t ON t.department_id = h.to_department
                      JOIN cs_policy.employee s ON s.employee_id = h.signed_by WHERE e.code = 'A1' $$,
                  $$ VALUES ('transfer', 'SRV-T', 'KEY', 'H1', true) $$,
                  'PR-6: the career history keeps the move, signed by HR, with the written request');
SELECT results_eq($$ SELECT state, requested_by = (SELECT employee_id FROM cs_policy.employee WHERE code = 'K1'),
                            decided_by = (SELECT employee_id FROM cs_policy.employee WHERE code = 'D1'),
                            issued_by = (SELECT employee_id FROM cs_policy.employee WHERE code = 'H1')
                      FROM cs_policy.transfer_request $$,
                  $$ VALUES ('issued', true, true, true) $$, 'PR-6: the request records who asked, approved and issued');
SELECT throws_ok(format($$ SELECT cs_policy.issue_transfer_order(%s, acting_as => 'H1') $$, :req),
                 '55000', format('transfer request %s is issued, not approved', :req), 'an order is issued once');

-- The director may refuse, with a reason.
SELECT cs_policy.request_transfer('A2', 'KEY', 'Key accounts asks for A2: letter KA-2026-09', acting_as => 'K1') AS req2 \gset
SELECT throws_ok(format($$ SELECT cs_policy.refuse_transfer(%s, '', acting_as => 'D1') $$, :req2),
                 '22004', 'refusing a transfer gives the reason', 'a refusal gives its reason');
SELECT lives_ok(format($$ SELECT cs_policy.refuse_transfer(%s, 'the service project is short of staff', acting_as => 'D1') $$, :req2),
                'PR-6: the call-center director refuses');
SELECT is((SELECT state || ': ' || refusal_reason FROM cs_policy.transfer_request WHERE request_id = :req2),
          'refused: the service project is short of staff', 'PR-6: the refusal and its reason are kept');
SELECT throws_ok(format($$ SELECT cs_policy.approve_transfer(%s, acting_as => 'D1') $$, :req2),
                 '55000', format('transfer request %s is refused, not requested', :req2), 'a refused request is over');

SELECT * FROM finish();
ROLLBACK;
