-- hotline_2009: the call-center manual of 2009, handbook 000 (AT-11), one
-- month of one agent.
\set preset hotline_2009
\set shift '08:30-17:30'
\set calendar cn
\i sql/preset_month.psql

SELECT rulebook FROM cs_policy.preset_rulebook WHERE preset = 'hotline_2009';

-- Lateness class A costs 20 and class B 30 each time from the 2nd. The
-- manual does not define the classes; cs_policy reads class A as up to 15
-- minutes and class B as more (an inference, labelled in the preset's note).
SELECT pg_temp.clock('A001', '2025-12-01', '08:35 in, 17:35 out');   -- A, 1st
SELECT pg_temp.clock('A001', '2025-12-02', '08:40 in, 17:35 out');   -- A, 2nd: 20
SELECT pg_temp.clock('A001', '2025-12-03', '08:45 in, 17:35 out');   -- A, 3rd: 20
SELECT pg_temp.clock('A001', '2025-12-04', '08:50 in, 17:35 out');   -- B, 1st
SELECT pg_temp.clock('A001', '2025-12-05', '09:10 in, 17:35 out');   -- B, 2nd: 30
-- A field worker who goes straight to a site phones the manager before
-- 08:30: on 12-08 at 08:20 (excused); on 12-09 at 08:50 (late); on 12-10
-- not at all (absent).
INSERT INTO cs_policy.attendance_exception (employee_id, work_date, kind, reason, requested_at, requested_by, state,
                                            decided_at, decided_by)
SELECT e.employee_id, x.day, 'field_work', 'went straight to a customer site', x.called, e.employee_id, 'approved',
       x.called, s.employee_id
  FROM cs_policy.employee e, cs_policy.employee s,
       (VALUES (date '2025-12-08', timestamptz '2025-12-08 08:20+08'), ('2025-12-09', '2025-12-09 08:50+08')) AS x(day, called)
 WHERE e.code = 'A001' AND s.code = 'S001';
-- Late to a meeting: 20; missing one: 100 and a written warning; an
-- unreachable phone: 20 to 50 each, as the manager sets it.
SELECT cs_policy.record_incident('A001', 'meeting_late', '2025-12-11', 'weekly meeting, 10 minutes late', acting_as => 'M001') > 0 AS recorded;
SELECT cs_policy.record_incident('A001', 'meeting_missed', '2025-12-12', 'monthly review', acting_as => 'M001') > 0 AS recorded;
SELECT cs_policy.record_incident('A001', 'phone_unreachable', '2025-12-15', 'on call, no answer for an hour',
                                 35, acting_as => 'M001') > 0 AS recorded;
SELECT cs_policy.record_incident('A001', 'phone_unreachable', '2025-12-16', 'no answer', 60, acting_as => 'M001');
SELECT cs_policy.record_incident('A001', 'phone_unreachable', '2025-12-16', 'no answer', acting_as => 'M001');
SELECT pg_temp.clock_normally('A001', '2025-12-08', '2025-12-09', '2025-12-10');

SELECT * FROM pg_temp.lines('A001');
SELECT * FROM pg_temp.totals('A001');

-- CP-9: a valid complaint against an agent costs 20 to 100 by severity,
-- with a written self-review; from the 5th in 12 months ("超过5次(含)")
-- the agent is also up for a transfer review. B001 works every day.
SELECT pg_temp.clock_normally('B001') > 0 AS clocked;
SELECT count(cs_policy.mark_complaint_valid(
           cs_policy.register_complaint('complaint', 'phone', facts, 'an apology', '钱先生', '13900000000', '闵行区',
                                        'HOT-A', against => 'B001', received_at => at, acting_as => 'A001'),
           amount => amount, note => facts, at => at + interval '1 day', acting_as => 'S001')) AS found_valid
  FROM (VALUES (timestamptz '2025-12-01 10:00+08', 'hung up on the caller', 100),
               ('2025-12-02 10:00+08', 'wrong tariff quoted', 20),
               ('2025-12-08 10:00+08', 'promised a call back, none came', 50),
               ('2025-12-09 10:00+08', 'rude', 80),
               ('2025-12-15 10:00+08', 'wrong tariff quoted again', 30)) AS x(at, facts, amount);
SELECT line, work_date, rule_id, amount, flags, explanation FROM cs_policy.penalty_lines(
    (SELECT employee_id FROM cs_policy.employee WHERE code = 'B001'), '2025-12-01') ORDER BY line;
-- Severity is the manager's call, within 20 to 100:
SELECT cs_policy.mark_complaint_valid(
    cs_policy.register_complaint('complaint', 'email', 'slow', 'faster answers', '钱先生', NULL, NULL, 'HOT-A',
                                 received_at => '2025-12-16 10:00+08', acting_as => 'A001'),
    'B001', 150, at => '2025-12-17 10:00+08', acting_as => 'S001');

-- CP-7: the repair service. A fault is diagnosed within 3 days; what cannot
-- be repaired in house is sent out within 3 days of the diagnosis; an
-- in-house repair takes at most 10 working days, or needs a written
-- reason; the set goes back to the customer within 3 days.
SELECT cs_policy.set_policy('repair desk', 'complaint', 'hotline_2009', 'HOT', '2025-01-01') > 0 AS policy;
SELECT cs_policy.register_complaint('complaint', 'phone', 'the television does not switch on', 'a repair', '钱先生',
                                    '13900000000', '闵行区', 'HOT-A', repair => true, received_at => '2025-12-01 09:00+08',
                                    acting_as => 'A001') AS repaired_in_house \gset
SELECT cs_policy.record_diagnosis(:'repaired_in_house', true, 'power board burnt', at => '2025-12-03 16:00+08',
                                  acting_as => 'A001') IS NOT NULL AS diagnosed;
-- repaired after the 10 working days: refused without a written reason
SELECT cs_policy.record_repaired(:'repaired_in_house', 'board replaced', at => '2025-12-18 10:00+08', acting_as => 'A001');
SELECT cs_policy.record_repaired(:'repaired_in_house', 'board replaced', 'the part came from the maker late',
                                 at => '2025-12-18 10:00+08', acting_as => 'A001') IS NOT NULL AS repaired;
SELECT cs_policy.record_return(:'repaired_in_house', 'delivered by the engineer', at => '2025-12-19 15:00+08',
                               acting_as => 'A001') IS NOT NULL AS returned;
SELECT cs_policy.register_complaint('complaint', 'phone', 'the fridge does not cool', 'a repair', '钱先生',
                                    '13900000000', '闵行区', 'HOT-A', repair => true, received_at => '2025-12-01 09:00+08',
                                    acting_as => 'A001') AS sent_out \gset
SELECT cs_policy.record_diagnosis(:'sent_out', false, 'compressor: only the maker repairs it', at => '2025-12-01 15:00+08',
                                  acting_as => 'A001') IS NOT NULL AS diagnosed;
SELECT cs_policy.record_sent_out(:'sent_out', 'to the maker', at => '2025-12-05 10:00+08', acting_as => 'A001') IS NOT NULL AS sent;
SELECT number, target, started_at, due_at, met_at, state
  FROM cs_policy.complaint_sla_at('2025-12-20 12:00+08')
 WHERE number IN (:'repaired_in_house', :'sent_out') AND rule_id = 'CP-7' ORDER BY number, started_at, target;
