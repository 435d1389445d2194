-- sales_desk: the enrolment call desk of handbook 001 (AT-12, AT-19): the n-th
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

-- AT-19, the rest of the desk's fines, on 李强 (B001): eating at the desk
-- 100; a film on the desk phone a notice and 100; an idle group chat 500
-- for each person in it (王芳 was in it too); a false account 3000, and the
-- second a dismissal review; fighting over one sale with 王芳 100 each, the
-- second time 500 each; faked fund figures a notice (the agent bears next
-- month's), then 2000; a late weekly plan 200; plan errors 100, then 200; a
-- failed follow-up 1000; missed after-sales records 100, 200, 300.
SELECT pg_temp.clock_normally('B001');
SELECT count(cs_policy.record_incident(c, k, d, n, acting_as => 'S001')) AS recorded
  FROM (VALUES ('B001', 'makeup_eating_sleeping', date '2025-12-01', 'eating noodles at the desk'),
               ('B001', 'desk_phone_misuse', '2025-12-02', 'a film on the desk phone'),
               ('B001', 'idle_group_chat', '2025-12-03', 'the desk group chatting about a match'),
               ('A001', 'idle_group_chat', '2025-12-03', 'the desk group chatting about a match'),
               ('B001', 'false_account', '2025-12-04', 'an enrolment booked for a customer who never called'),
               ('B001', 'sale_dispute', '2025-12-05', 'fought with 王芳 over one enrolment'),
               ('A001', 'sale_dispute', '2025-12-05', 'fought with 李强 over one enrolment'),
               ('B001', 'fund_figures_faked', '2025-12-08', 'the week''s fund figures inflated'),
               ('B001', 'plan_late', '2025-12-11', 'the weekly plan handed in at 22:10 on Thursday'),
               ('B001', 'plan_error', '2025-12-12', 'the weekly plan adds up wrong'),
               ('B001', 'follow_up_failed', '2025-12-15', 'own customer not called back'),
               ('B001', 'after_sales_record_missed', '2025-12-16', 'no record of the visit'),
               ('B001', 'sale_dispute', '2025-12-17', 'fought with 王芳 over one enrolment again'),
               ('A001', 'sale_dispute', '2025-12-17', 'fought with 李强 over one enrolment again'),
               ('B001', 'plan_error', '2025-12-18', 'the monthly plan adds up wrong'),
               ('B001', 'fund_figures_faked', '2025-12-19', 'the fund figures inflated again'),
               ('B001', 'after_sales_record_missed', '2025-12-22', 'no record of the visit'),
               ('B001', 'after_sales_record_missed', '2025-12-23', 'no record of the visit'),
               ('B001', 'false_account', '2025-12-24', 'a second invented enrolment')) AS x(c, k, d, n);
SELECT * FROM pg_temp.lines('B001');
SELECT * FROM pg_temp.totals('B001');
-- 王芳's share: the group chat 500, the two fights 100 and 500.
SELECT day, rule_id, amount, flags, explanation FROM pg_temp.lines('A001') WHERE rule_id = 'AT-19';
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
