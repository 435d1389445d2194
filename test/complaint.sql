-- Complaints: categories (CP-1), acceptance (CP-2), first-contact
-- ownership (CP-4), monthly numbers (CP-5), the lifecycle and its
-- refusals, returns and exchanges (CP-10), and a complaint found valid
-- against an agent charged through the agent's rulebook (CP-9).
BEGIN;
SELECT plan(55);
SET LOCAL timezone = 'Asia/Shanghai';
SET LOCAL client_min_messages = warning;

SELECT cs_policy.create_department('C', 'Center', 'center');
SELECT cs_policy.create_department(p, 'project ' || p, 'project', 'C') FROM unnest('{ECOM,HOT}'::text[]) AS p;
SELECT cs_policy.create_department('ECOM-T1', 'team', 'team', 'ECOM');
SELECT cs_policy.create_department('HOT-T1', 'team', 'team', 'HOT');
SELECT cs_policy.hire_employee(c, c, d, r::cs_policy.staff_role, '2024-01-01', 5220)
  FROM (VALUES ('M1', 'ECOM', 'manager'), ('S1', 'ECOM', 'supervisor'), ('S2', 'HOT', 'supervisor'),
               ('Q1', 'C', 'qa'), ('A1', 'ECOM-T1', 'agent'), ('A2', 'ECOM-T1', 'agent'), ('A3', 'ECOM-T1', 'agent'),
               ('H1', 'HOT-T1', 'agent'), ('H2', 'HOT-T1', 'agent')) AS x(c, d, r);
SELECT cs_policy.set_department_manager('ECOM', 'M1');
SELECT cs_policy.create_department('OTHER', 'another center', 'center');
SELECT cs_policy.hire_employee('Q9', 'Q9', 'OTHER', 'qa', '2024-01-01', 5220);
SELECT cs_policy.set_policy('complaints', 'complaint', 'complaints_hospital', valid_from => '2025-01-01');
SELECT cs_policy.set_policy('ecom attendance', 'attendance', 'points_2024', 'ECOM', '2025-01-01');
SELECT cs_policy.set_policy('hotline attendance', 'attendance', 'hotline_2009', 'HOT', '2025-01-01');

-- a complaint by phone with everything CP-2 asks for, received at a given local time
CREATE FUNCTION pg_temp.complaint(taker text, at text, category text DEFAULT 'complaint', against text DEFAULT NULL,
                                  department text DEFAULT 'ECOM-T1', order_amount numeric DEFAULT NULL)
RETURNS text LANGUAGE sql AS $$
    SELECT cs_policy.register_complaint(category, 'phone', 'the parcel came broken', 'a new one', 'Wang Li', '13800000000',
                                        'Beijing, Chaoyang', department, against => against, order_amount => order_amount,
                                        received_at => at::timestamptz, acting_as => taker) $$;

-- CP-1: six categories in rising severity.
SELECT is(enum_range(NULL::cs_policy.complaint_category)::text[],
          '{feedback,suggestion,dissatisfaction,complaint,dispute,incident}',
          'CP-1: feedback, suggestion, dissatisfaction, complaint, dispute, incident');
SELECT ok('dispute'::cs_policy.complaint_category > 'complaint' AND 'dissatisfaction'::cs_policy.complaint_category < 'complaint',
          'CP-1: categories compare by severity');
SELECT throws_ok($$ SELECT cs_policy.register_complaint('grievance', 'phone', 'x', 'y', 'Wang', '1', 'B', 'ECOM-T1', acting_as => 'A1') $$,
                 '22023', 'unknown complaint category "grievance"', 'CP-1: an unknown category is refused, naming it');

-- CP-2: accepted only with what the rules require.
SELECT throws_ok($$ SELECT cs_policy.register_complaint('complaint', 'phone', 'rude', 'an apology', 'Wang Li', NULL, NULL,
                                                        'ECOM-T1', acting_as => 'A1') $$,
                 '23514', 'a complaint by phone is not accepted without the complainant''s address and contact',
                 'CP-2: a phone complaint without the caller''s address and contact is refused');
SELECT throws_ok($$ SELECT cs_policy.register_complaint('dispute', 'email', 'rude', NULL, NULL, 'a@b.c', NULL,
                                                        'ECOM-T1', acting_as => 'A1') $$,
                 '23514', 'a dispute by email is not accepted without the complainant''s real name and request',
                 'CP-2: a dispute needs an identified complainant and a concrete request');
SELECT throws_ok($$ SELECT cs_policy.register_complaint('complaint', 'visit', '  ', 'x', 'Wang', NULL, NULL, 'ECOM-T1', acting_as => 'A1') $$,
                 '23514', NULL, 'CP-2: and facts');
SELECT lives_ok($$ SELECT cs_policy.register_complaint('feedback', 'phone', 'the hold music is loud', NULL, NULL, NULL, NULL,
                                                       'ECOM-T1', received_at => '2025-10-13 09:00', acting_as => 'A1') $$,
                'CP-2: feedback needs no identity');
SELECT throws_ok($$ INSERT INTO cs_policy.complaint (employee_id, number, category, channel, facts, request, complainant_name,
                                                     department_id, received_at, received_on, owner_id)
                    SELECT e.employee_id, '202510-09999', 'complaint', 'phone', 'x', 'y', 'Wang', e.department_id, now(),
                           '2025-10-13', e.employee_id FROM cs_policy.employee e WHERE e.code = 'A1' $$,
                 '23514', NULL, 'CP-2: the table itself refuses a phone complaint without address and contact');

-- CP-5: numbered by the local month of receipt, restarting every month.
SELECT is(pg_temp.complaint('A1', '2025-09-30 23:59'), '202509-00001', 'CP-5: the first complaint of September 2025');
SELECT is(pg_temp.complaint('A1', '2025-10-01 00:00'), '202510-00002',
          'CP-5: 00:00 on October 1st in Shanghai is October (the feedback above was 202510-00001)');
SELECT is(cs_policy.register_complaint('complaint', 'email', 'late', 'refund', 'Li', 'l@x.cn', NULL, 'ECOM-T1',
                                       received_at => '2025-09-30 16:30+00', acting_as => 'A1'),
          '202510-00003', 'CP-5: 16:30 UTC on September 30th is already October 1st in Shanghai');
SELECT is(pg_temp.complaint('A1', '2025-11-01 08:00'), '202511-00001', 'CP-5: the serial restarts in November');
SELECT is((SELECT last_serial FROM cs_policy.complaint_serial WHERE month = '2025-10-01'), 3,
          'CP-5: complaint_serial holds the last number of each month');
SELECT ok((SELECT bool_and(number ~ '^[0-9]{6}-[0-9]{5}$') FROM cs_policy.complaint), 'CP-5: every number is YYYYMM-NNNNN');

-- CP-4: the first person who took it owns it until it is handed on.
SELECT is((SELECT (first_contact, owner) FROM cs_policy.complaint_overview WHERE number = '202510-00002'),
          ROW('A1'::text, 'A1'::text), 'CP-4: the agent who took the complaint owns it');
SELECT throws_ok($$ SELECT cs_policy.hand_on_complaint('202510-00002', 'A2', ' ', acting_as => 'A1') $$,
                 '22004', 'a complaint is handed on with a reason', 'CP-4: not handed on without a reason');
SELECT throws_ok($$ SELECT cs_policy.resolve_complaint('202510-00002', 'done', acting_as => 'A3') $$,
                 '42501', 'A3 may not act on complaint 202510-00002', 'CP-4: someone else may not act on it');
SELECT lives_ok($$ SELECT cs_policy.hand_on_complaint('202510-00002', 'A2', 'A2 handles refunds', at => '2025-10-09 10:00', acting_as => 'A1') $$,
                'CP-4: the owner hands it on with a reason');
SELECT is((SELECT (first_contact, owner) FROM cs_policy.complaint_overview WHERE number = '202510-00002'),
          ROW('A1'::text, 'A2'::text), 'CP-4: A2 answers for it now; A1 stays its first contact');
SELECT throws_ok($$ SELECT cs_policy.wait_for_customer('202510-00002', 'photos of the parcel', acting_as => 'A1') $$,
                 '42501', NULL, 'CP-4: the first contact no longer acts on it');
SELECT lives_ok($$ SELECT cs_policy.assign_complaint('202510-00002', 'ECOM', 'A3', 'routed to returns', at => '2025-10-09 11:00', acting_as => 'S1') $$,
                'CP-3: a supervisor routes it to the department and person that handle it');
SELECT is((SELECT string_agg(kind::text || coalesce(':' || new_owner, ''), ', ' ORDER BY event_id)
             FROM cs_policy.complaint_history WHERE number = '202510-00002'),
          'received, handed_on:A2, assigned:A3', 'the log keeps every owner');
SELECT is((SELECT (department_code, handling_department_code, owner) FROM cs_policy.complaint_overview WHERE number = '202510-00002'),
          ROW('ECOM-T1'::text, 'ECOM'::text, 'A3'::text), 'CP-3: routed to ECOM and A3; the department concerned stays');
SELECT throws_ok($$ SELECT cs_policy.assign_complaint('202510-00002', 'HOT', 'A2', acting_as => 'S1') $$,
                 '22023', 'A2 does not work in HOT', 'CP-3: a complaint goes to someone of the department it is routed to');
SELECT throws_ok($$ SELECT cs_policy.file_investigation_report('202510-00002', 'x', acting_as => 'Q9') $$,
                 '42501', NULL, 'CP-5: QA of another center does not write the report');
SELECT lives_ok($$ SELECT cs_policy.file_investigation_report('202510-00002', 'packing at the warehouse', at => '2025-10-09 12:00', acting_as => 'Q1') $$,
                'CP-5: the center''s QA does');

-- The lifecycle: illegal transitions are refused, naming what may happen.
SELECT throws_ok($$ SELECT cs_policy.close_complaint('202510-00002', acting_as => 'A3') $$,
                 '55000', 'complaint 202510-00002 is open: it cannot be closed', 'an open complaint cannot be closed');
SELECT throws_ok($$ SELECT cs_policy.inform_complainant('202510-00002', 'told', acting_as => 'A3') $$,
                 '55000', NULL, 'nor the complainant told a result it does not have');
SELECT throws_ok($$ SELECT cs_policy.resume_complaint('202510-00002', acting_as => 'A3') $$,
                 '55000', NULL, 'nor resumed when it is not waiting');
SELECT lives_ok($$ SELECT cs_policy.resolve_complaint('202510-00002', 'apologised, sent a voucher', 'apology', at => '2025-10-10 10:00', acting_as => 'A3') $$,
                'the handler resolves it');
SELECT is((SELECT state FROM cs_policy.complaint WHERE number = '202510-00002'), 'resolved', 'then it is resolved');
SELECT throws_ok($$ SELECT cs_policy.reopen_complaint('202510-00002', NULL, acting_as => 'A3') $$,
                 '22004', NULL, 'a complaint is reopened with a reason');
SELECT lives_ok($$ SELECT cs_policy.reopen_complaint('202510-00002', 'the new one is broken too', at => '2025-10-11 09:00', acting_as => 'A3') $$,
                'a resolved complaint is reopened');
SELECT throws_ok($$ SELECT cs_policy.resolve_complaint('202510-00002', 'refunded', at => '2025-10-10 12:00', acting_as => 'A3') $$,
                 '22023', NULL, 'events are recorded in the order they happen');

-- Only a superuser loading records may date an event; applications act now.
CREATE ROLE cs_test_agent_login LOGIN;
GRANT USAGE ON SCHEMA cs_policy TO cs_test_agent_login;
GRANT EXECUTE ON FUNCTION cs_policy.register_complaint(text, text, text, text, text, text, text, text, text, boolean, boolean, numeric, timestamptz, text),
                          cs_policy.wait_for_customer(text, text, timestamptz, text) TO cs_test_agent_login;
SELECT cs_policy.set_employee_login('A3', 'cs_test_agent_login');
-- (this center's agents also work from home: SEC-4 does not tie them to their shifts)
SELECT cs_policy.set_policy('home office', 'access', settings => '{"agents_on_shift_only": false}', valid_from => '2025-01-01');
SET ROLE cs_test_agent_login;
SELECT throws_ok($$ SELECT cs_policy.wait_for_customer('202510-00002', 'photos', at => '2025-10-11 10:00') $$,
                 '42501', 'only a superuser loading records may give the time of an event', 'an agent cannot back-date an event');
SELECT lives_ok($$ SELECT cs_policy.wait_for_customer('202510-00002', 'photos of the parcel') $$, 'the agent records it as it happens');
SELECT throws_ok($$ UPDATE cs_policy.complaint_event SET at = at - interval '1 day' $$, '42501', NULL,
                 'the log cannot be altered by an application');
SELECT throws_ok($$ SELECT cs_policy.complaint_step(c, 'closed', now(), e) FROM cs_policy.complaint c, cs_policy.employee e
                     WHERE c.number = '202510-00002' AND e.code = 'A3' $$,
                 '42501', NULL, 'nor stepped past the commands');
RESET ROLE;

-- CP-10: returns are inspected before any refund; exchanges under 500 go straight to an exchange order.
SELECT pg_temp.complaint('A1', '2025-10-14 10:00', order_amount => 300) AS small \gset
SELECT pg_temp.complaint('A1', '2025-10-14 11:00', order_amount => 800) AS large \gset
SELECT lives_ok(format($$ SELECT cs_policy.resolve_complaint(%L, 'exchange order 1', 'exchange', acting_as => 'A1') $$, :'small'),
                'CP-10: an order of 300 goes straight to an exchange order');
SELECT throws_ok(format($$ SELECT cs_policy.resolve_complaint(%L, 'exchange order 2', 'exchange', acting_as => 'A1') $$, :'large'),
                 '55000', format('complaint %s: an exchange of an order of 800.00 goes through inspection', :'large'),
                 'CP-10: an order of 800 does not');
SELECT throws_ok(format($$ SELECT cs_policy.resolve_complaint(%L, 'refund', 'refund', acting_as => 'A1') $$, :'large'),
                 '55000', format('complaint %s: no refund before the returned goods pass inspection', :'large'),
                 'CP-10: no refund before the goods are inspected');
SELECT cs_policy.record_inspection(:'large', false, 'scratched by the customer', acting_as => 'Q1');
SELECT throws_ok(format($$ SELECT cs_policy.resolve_complaint(%L, 'refund', 'refund', acting_as => 'A1') $$, :'large'),
                 '55000', NULL, 'CP-10: nor after a failed inspection');
SELECT cs_policy.record_inspection(:'large', true, 'second look: transport damage', acting_as => 'Q1');
SELECT lives_ok(format($$ SELECT cs_policy.resolve_complaint(%L, 'refunded 800', 'refund', acting_as => 'A1') $$, :'large'),
                'CP-10: a refund once the goods passed inspection');

-- CP-9 under points_2024: 30, then double, then dismissal, over 12 months; 20 points each (AT-13).
SELECT pg_temp.complaint('A2', d, against => 'A1') FROM unnest('{2025-10-02 10:00,2025-10-20 10:00,2025-11-05 10:00}'::text[]) AS d;
SELECT cs_policy.mark_complaint_valid(number, note => 'rude on the phone', at => received_at + interval '2 days', acting_as => 'S1')
  FROM cs_policy.complaint WHERE against_employee_id = (SELECT employee_id FROM cs_policy.employee WHERE code = 'A1')
 ORDER BY received_at;
CREATE FUNCTION pg_temp.lines(code text, month date, kinds text[])
RETURNS TABLE (work_date date, kind text, rule_id text, amount numeric, points numeric, flags text[], explanation text)
LANGUAGE sql AS $$
    SELECT l.work_date, l.kind, l.rule_id, l.amount, l.points, l.flags, l.explanation
      FROM cs_policy.employee e, cs_policy.penalty_lines(e.employee_id, month) l
     WHERE e.code = lines.code AND l.kind = ANY (kinds) ORDER BY l.line $$;
SELECT results_eq($$ SELECT kind, rule_id, amount, points, flags FROM pg_temp.lines('A1', '2025-10-01', '{incident,count}') $$,
                  $$ VALUES ('incident', 'AT-13', 0.00::numeric, 20::numeric, '{}'::text[]), ('count', 'CP-9', 30.00, 0, '{}'),
                            ('incident', 'AT-13', 0.00, 20, '{}'), ('count', 'CP-9', 60.00, 0, '{}') $$,
                  'CP-9 (points_2024): the first valid complaint costs 30, the second double; each is 20 points (AT-13)');
SELECT results_eq($$ SELECT kind, amount, flags FROM pg_temp.lines('A1', '2025-11-01', '{count}') WHERE rule_id = 'CP-9' $$,
                  $$ VALUES ('count', 0.00::numeric, '{dismissal_review}'::text[]) $$,
                  'CP-9 (points_2024): the third, a month later, is dismissal: the count runs over 12 months');
SELECT is((SELECT explanation FROM pg_temp.lines('A1', '2025-11-01', '{count}') WHERE rule_id = 'CP-9'),
          '3rd valid_complaint in the 12 months to this one (valid_complaint: complaint 202511-00002: rude on the phone), step [3,) -> dismissal_review (CP-9, points_2024 v1)',
          'CP-9: the line explains the count and its period');
SELECT throws_ok($$ SELECT cs_policy.mark_complaint_valid(number, acting_as => 'S1') FROM cs_policy.complaint
                     WHERE number = '202509-00001' $$, '22004', NULL, 'CP-9: a complaint that names no agent needs one');
SELECT throws_ok($$ SELECT cs_policy.mark_complaint_valid('202510-00001', 'A1', acting_as => 'S1') $$,
                 '22023', 'a feedback is not a complaint against an agent', 'CP-9: feedback is not a valid complaint');
SELECT throws_ok(format($$ SELECT cs_policy.mark_complaint_valid(number, acting_as => 'S1') FROM cs_policy.complaint
                            WHERE against_employee_id = %s ORDER BY received_at LIMIT 1 $$,
                        (SELECT employee_id FROM cs_policy.employee WHERE code = 'A1')),
                 '23505', NULL, 'CP-9: a complaint is found valid against an agent once');
SELECT throws_ok($$ SELECT cs_policy.record_incident('A1', 'valid_complaint', '2025-10-05', 'rude', acting_as => 'S1') $$,
                 '22023', 'valid_complaint is reported with its own command', 'CP-9: not as a bare incident, without its complaint');

-- CP-9 under hotline_2009: 20 to 100 by severity with a self-review; from the 5th, a transfer review.
SELECT pg_temp.complaint('H2', '2025-10-0' || n || ' 10:00', against => 'H1', department => 'HOT-T1') FROM generate_series(1, 5) n;
SELECT throws_ok($$ SELECT cs_policy.mark_complaint_valid(number, amount => 120, acting_as => 'S2') FROM cs_policy.complaint
                     WHERE department_id = (SELECT department_id FROM cs_policy.department WHERE code = 'HOT-T1')
                     ORDER BY received_at LIMIT 1 $$,
                 '22023', 'amount 120 is outside the rule of incident valid_complaint', 'CP-9 (hotline_2009): at most 100');
SELECT cs_policy.mark_complaint_valid(number, amount => 20 * n, at => received_at + interval '1 hour', acting_as => 'S2')
  FROM (SELECT number, received_at, row_number() OVER (ORDER BY received_at) AS n FROM cs_policy.complaint
         WHERE department_id = (SELECT department_id FROM cs_policy.department WHERE code = 'HOT-T1')) c;
SELECT results_eq($$ SELECT kind, amount, flags FROM pg_temp.lines('H1', '2025-10-01', '{incident,count}') WHERE rule_id = 'CP-9' $$,
                  $$ VALUES ('incident', 20.00::numeric, '{self_review}'::text[]), ('incident', 40.00, '{self_review}'),
                            ('incident', 60.00, '{self_review}'), ('incident', 80.00, '{self_review}'),
                            ('incident', 100.00, '{self_review}'), ('count', 0.00, '{transfer_review}') $$,
                  'CP-9 (hotline_2009): 20 to 100 by severity, a self-review each, and a transfer review at the 5th');
SELECT is((SELECT count(*) FROM cs_policy.complaint_history WHERE kind = 'found_valid')::integer, 8,
          'CP-9: every finding is in the complaint''s log too');

-- The events kept with each complaint (complaint.events, what the SLA
-- clocks read) are the log, entry for entry, after every command above.
SELECT is_empty($$
    (SELECT c.complaint_id, l.kind, l.at, l.seq, l.owner_id
       FROM cs_policy.complaint c, cs_policy.complaint_event_list(c.events) l
     EXCEPT ALL
     SELECT e.complaint_id, e.kind::text, e.at, e.event_id, e.owner_id FROM cs_policy.complaint_event e)
    UNION ALL
    (SELECT e.complaint_id, e.kind::text, e.at, e.event_id, e.owner_id FROM cs_policy.complaint_event e
     EXCEPT ALL
     SELECT c.complaint_id, l.kind, l.at, l.seq, l.owner_id
       FROM cs_policy.complaint c, cs_policy.complaint_event_list(c.events) l) $$,
    'each complaint keeps its events packed exactly as its log holds them (kind, instant, event id, new owner)');
SELECT is((SELECT array_agg(e.code ORDER BY t)
             FROM (VALUES (1, '2025-10-09 09:00'::timestamptz), (2, '2025-10-09 10:30'), (3, '2025-10-09 11:00')) AS x(t, at)
             JOIN cs_policy.complaint c ON c.number = '202510-00002'
             JOIN cs_policy.employee e
               ON e.employee_id = cs_policy.complaint_owner(c.events, x.at, c.employee_id)),
          '{A1,A2,A3}', 'CP-4: who answered for it at each moment, from its packed events: A1, then A2 (handed on), then A3 (assigned)');

SELECT * FROM finish();
ROLLBACK;
