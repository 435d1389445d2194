-- sales_desk: the enrolment call desk of handbook 001 (AT-12): the n-th
-- offence of a kind in the month costs more. One month of one agent.
\set preset sales_desk
\set shift '09:00-12:00,13:00-17:30'
\set calendar cn
\i sql/preset_month.psql

SELECT rulebook FROM cs_policy.preset_rulebook WHERE preset = 'sales_desk';

SELECT cs_policy.record_incident('A001', k, d, n, acting_as => 'S001') > 0 AS recorded
  FROM (VALUES ('private_call', date '2025-12-02', 'a private call of 12 minutes at the desk'),
               ('daily_report_missed', '2025-12-03', 'no 21:00 report'),
               ('duplicate_contact', '2025-12-04', 'called a customer booked by a colleague'),
               ('after_sales_visit_missed', '2025-12-05', 'first-week visit not made'),
               ('private_call', '2025-12-09', 'a private call in the work area'),
               ('daily_report_missed', '2025-12-10', 'no 21:00 report'),
               ('duplicate_contact', '2025-12-11', 'called a customer booked by a colleague'),
               ('after_sales_visit_missed', '2025-12-12', 'second visit not made'),
               ('private_call', '2025-12-16', 'a private call of 20 minutes'),
               ('daily_report_missed', '2025-12-17', 'no 21:00 report'),
               ('duplicate_contact', '2025-12-18', 'called a customer booked by a colleague'),
               ('after_sales_visit_missed', '2025-12-19', 'visit not made'),
               ('after_sales_visit_missed', '2025-12-26', 'visit not made')) AS x(k, d, n);
-- The desk has no lateness rules: punches alone charge nothing.
SELECT pg_temp.clock('A001', '2025-12-01', '09:20 in, 17:35 out');
SELECT pg_temp.clock_normally('A001');

-- A private call: a notice, 50, 100. The daily report: a warning, 100,
-- 500. A customer contacted twice: 500, 2000 (each with a notice), then
-- dismissal. An after-sales visit: 100, 200, 300, ... ("accumulating").
SELECT * FROM pg_temp.lines('A001');
SELECT * FROM pg_temp.totals('A001');
-- Kinds the rules do not name are refused, listing those they do.
SELECT cs_policy.record_incident('A001', 'lost_card', '2025-12-22', 'lost it', acting_as => 'S001');
-- An agent does not record incidents of a colleague.
SELECT cs_policy.record_incident('B001', 'private_call', '2025-12-22', 'long call', acting_as => 'A001');
