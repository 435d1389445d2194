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
