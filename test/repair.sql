-- The call back after a repair (CP-8): solved, attitude, charged, a score
-- from 1 to 10 and comments, each checked; only after the repaired
-- equipment is back with the customer, once per return.
BEGIN;
SELECT plan(14);
SET LOCAL timezone = 'Asia/Shanghai';
SET LOCAL client_min_messages = warning;

SELECT cs_policy.create_department('C', 'Center', 'center');
SELECT cs_policy.create_department('REP', 'Repair desk', 'project', 'C');
SELECT cs_policy.hire_employee(c, c, 'REP', r::cs_policy.staff_role, '2024-01-01', 5220)
  FROM (VALUES ('R1', 'agent'), ('K1', 'agent'), ('S1', 'supervisor')) AS x(c, r);
SELECT cs_policy.create_department('HOT', 'Hotline', 'project', 'C');
SELECT cs_policy.hire_employee('H1', 'H1', 'HOT', 'agent', '2024-01-01', 5220);
SELECT cs_policy.set_policy('repair desk', 'complaint', 'hotline_2009', 'C', '2025-01-01');
SELECT cs_policy.register_complaint('complaint', 'phone', 'the washing machine leaks', 'repair it', 'Zhao Min', '13900000000',
                                    'Minhang, Shanghai', 'REP', repair => true, received_at => '2025-12-01 09:00',
                                    acting_as => 'R1') AS repair \gset
SELECT cs_policy.register_complaint('complaint', 'visit', 'billed twice', 'a refund', 'Qian Yu', NULL, NULL, 'REP',
                                    received_at => '2025-12-01 10:00', acting_as => 'R1') AS billing \gset

SELECT throws_ok(format($$ SELECT cs_policy.record_callback(%L, true, 'satisfied', false, 9, at => '2025-12-01 12:00', acting_as => 'K1') $$, :'repair'),
                 '55000', format('complaint %s cannot be called back before it is returned', :'repair'),
                 'CP-8: the customer is called back once the repaired equipment is back with them');
SELECT cs_policy.record_diagnosis(:'repair', true, 'door seal torn', at => '2025-12-02 10:00', acting_as => 'R1');
SELECT cs_policy.record_repaired(:'repair', 'seal replaced', at => '2025-12-04 15:00', acting_as => 'R1');
SELECT cs_policy.record_return(:'repair', 'reinstalled at the customer''s', at => '2025-12-05 11:00', acting_as => 'R1');

-- Every field is checked.
SELECT throws_ok(format($$ SELECT cs_policy.record_callback(%L, true, 'happy', false, 9, at => '2025-12-06 10:00', acting_as => 'K1') $$, :'repair'),
                 '22023', 'unknown attitude "happy"', 'CP-8: the attitude is satisfied, average or unsatisfied');
SELECT throws_ok(format($$ SELECT cs_policy.record_callback(%L, true, 'satisfied', false, 11, at => '2025-12-06 10:00', acting_as => 'K1') $$, :'repair'),
                 '22023', 'a score is 1 to 10, not 11', 'CP-8: the score is 1 to 10');
SELECT throws_ok(format($$ SELECT cs_policy.record_callback(%L, true, 'satisfied', false, 0, at => '2025-12-06 10:00', acting_as => 'K1') $$, :'repair'),
                 '22023', 'a score is 1 to 10, not 0', 'CP-8: 0 is not a score');
SELECT throws_ok(format($$ SELECT cs_policy.record_callback(%L, NULL, 'satisfied', false, 8, at => '2025-12-06 10:00', acting_as => 'K1') $$, :'repair'),
                 '22004', NULL, 'CP-8: whether it was solved is asked');
SELECT throws_ok(format($$ SELECT cs_policy.record_callback(%L, true, 'satisfied', NULL, 8, at => '2025-12-06 10:00', acting_as => 'K1') $$, :'repair'),
                 '22004', NULL, 'CP-8: and whether the customer was charged');
SELECT throws_ok(format($$ SELECT cs_policy.record_callback(%L, true, 'satisfied', false, 8, '  ', at => '2025-12-06 10:00', acting_as => 'K1') $$, :'repair'),
                 '22023', NULL, 'CP-8: a comment is left out rather than blank');
SELECT throws_ok(format($$ SELECT cs_policy.record_callback(%L, true, 'satisfied', false, 8, repeat('x', 2001), at => '2025-12-06 10:00', acting_as => 'K1') $$, :'repair'),
                 '22023', NULL, 'CP-8: a comment has at most 2000 characters');
SELECT throws_ok(format($$ SELECT cs_policy.record_callback(%L, true, 'satisfied', false, 8, at => '2025-12-06 10:00', acting_as => 'K1') $$, :'billing'),
                 '22023', format('complaint %s is not a repair case', :'billing'), 'CP-8: only a repair is called back');

SELECT throws_ok(format($$ SELECT cs_policy.record_callback(%L, true, 'satisfied', false, 9, at => '2025-12-06 10:00', acting_as => 'H1') $$, :'repair'),
                 '42501', NULL, 'CP-8: the repair desk calls back, not an agent of another project');

-- The call, recorded; once per return.
SELECT cs_policy.record_callback(:'repair', true, 'average', true, 7, 'came an hour late', at => '2025-12-06 10:00', acting_as => 'K1');
SELECT results_eq(format($$ SELECT called_by, solved, attitude, charged, score, comment FROM cs_policy.repair_callback_overview WHERE number = %L $$, :'repair'),
                  $$ VALUES ('K1', true, 'average', true, 7::smallint, 'came an hour late') $$,
                  'CP-8: solved, attitude, charged, score and comment, with who called');
SELECT is((SELECT note FROM cs_policy.complaint_history WHERE number = :'repair' AND kind = 'called_back'),
          'solved yes, attitude average, charged yes, score 7', 'CP-8: the complaint''s log has the answers too');
SELECT throws_ok(format($$ SELECT cs_policy.record_callback(%L, true, 'satisfied', false, 9, at => '2025-12-07 10:00', acting_as => 'K1') $$, :'repair'),
                 '23505', format('complaint %s was called back already after its return', :'repair'), 'once per return');
SELECT throws_ok($$ INSERT INTO cs_policy.repair_callback (employee_id, complaint_id, called_at, called_by, solved, attitude, charged, score)
                    SELECT employee_id, complaint_id, now(), employee_id, true, 'satisfied', false, 12 FROM cs_policy.complaint LIMIT 1 $$,
                 '23514', NULL, 'CP-8: the table checks the score too');

SELECT * FROM finish();
ROLLBACK;
