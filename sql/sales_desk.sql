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

-- PR-4: regular status after 60,000 of sales; spending more than 3 % over
-- the budget in a month excludes. A001 sold 62,000 and kept to budget;
-- B001 sold as much but overspent 4 % in November.
SELECT cs_policy.set_policy('regular status', 'promotion', 'sales_desk', 'ACME', valid_from => '2025-01-01') > 0 AS policy;
UPDATE cs_policy.employee SET grade = 'probation' WHERE code IN ('A001', 'B001');
SELECT count(cs_policy.record_sales(code, m::date, 20666.67, 5000, CASE WHEN code = 'B001' AND m = '2025-11-01' THEN 5200 ELSE 5100 END,
                                    acting_as => 'S001')) AS months
  FROM unnest('{A001,B001}'::text[]) AS code, unnest('{2025-10-01,2025-11-01,2025-12-01}'::text[]) AS m;
SELECT e.code, c.level_sought, c.criterion, c.required, c.actual, c.met
  FROM cs_policy.employee e, cs_policy.promotion_check(e.employee_id, '2026-01-01') c
 WHERE e.code IN ('A001', 'B001') ORDER BY e.code, c.criterion;
