-- close: closing December 2025 of the callcenter_2012 center (AT-15): the
-- stored results, the payroll adjustments with what AT-9 withholds, a late
-- correction refused, HR's reopening, and the difference payroll posts.
\set preset callcenter_2012
\set shift '08:30-17:30'
\set calendar cn
\i sql/preset_month.psql
SELECT cs_policy.hire_employee('H001', '钱红', 'ACME', 'hr', '2024-01-01', 8000) > 0 AS hr;

-- A001: late on the 1st (AT-8: 10 minutes, 20), away without a word on
-- the 15th to the 17th (AT-9: 3 days of absence withhold the bonuses, the
-- performance pay and the monthly wage). B001: an ordinary month.
SELECT pg_temp.clock('A001', '2025-12-01', '08:40 in, 17:35 out');
SELECT pg_temp.clock_normally('A001', '2025-12-15', '2025-12-16', '2025-12-17');
SELECT pg_temp.clock_normally('B001');
-- What AT-9 withholds in money: A001's own performance pay and bonus
SELECT cs_policy.set_pay_item('A001', 'performance_pay', 800, effective => '2025-12-01');
SELECT cs_policy.set_pay_item('A001', 'bonus_pay', 300, effective => '2025-12-01');

-- The close: in one transaction, logged in close_run
CALL cs_policy.close_period('2025-12-01');
SELECT run_id, department_code, state, step, departments_total, departments_done, result_rows, policy_versions, error
  FROM cs_policy.close_progress;
SELECT department_code, period_label, period_first, period_last, state, revision FROM cs_policy.period_closes ORDER BY 1;

-- What payroll reads: each item with its rule, and the net (positive paid,
-- negative deducted)
SELECT employee_code, item, kind, rule_id, amount, explanation
  FROM cs_policy.payroll_adjustments ORDER BY employee_code, item;
SELECT employee_code, team_code, project_code, late, absences, days_absent, charged, bonus, flags
  FROM cs_policy.period_employee_totals ORDER BY 1;
SELECT grouped_by, project_code, team_code, headcount, late, absences, days_absent, charged FROM cs_policy.period_team_totals ORDER BY grouped_by DESC, team_code;
SELECT team_code, period_label, shifts, days_absent, attendance_rate, minimum, below_minimum, rule_id
  FROM cs_policy.period_team_attendance ORDER BY 1;

-- Closed means frozen: the road closure that made A001 late on the 1st and
-- kept them away on the 15th to the 17th is reported late
\set VERBOSITY default
SELECT cs_policy.request_exception('2025-12-15', 'force_majeure', 'the road to the center was closed', 'A001', acting_as => 'S001');
\set VERBOSITY terse
-- A period is paid with the wages in force on its last day: a raise from
-- within the closed December is refused, one from January (and a new
-- performance pay) is set and leaves December as it was closed
\set VERBOSITY default
SELECT cs_policy.set_wages('A001', 9000, effective => '2025-12-20');
\set VERBOSITY terse
SELECT cs_policy.set_wages('A001', 9000, effective => '2026-01-01');
SELECT cs_policy.set_pay_item('A001', 'performance_pay', 1000, effective => '2026-01-01');
SELECT w.in_force, w.monthly_wage, w.daily_wage, w.set_by
  FROM cs_policy.wage w JOIN cs_policy.employee e USING (employee_id) WHERE e.code = 'A001' ORDER BY w.in_force;
SELECT i.employee_code, i.daily_wage, i.monthly_wage
  FROM cs_policy.employee e, cs_policy.attendance_input('2025-12-01', e.employee_id) i WHERE e.code = 'A001';
-- a re-run replaces, never doubles
CALL cs_policy.close_period('2025-12-01');
SELECT count(*) AS lines, count(DISTINCT revision) AS revisions FROM cs_policy.closed_penalty_line;
-- (and pays December's wage and performance pay, not January's)
SELECT employee_code, item, kind, rule_id, amount FROM cs_policy.payroll_adjustments
 WHERE employee_code = 'A001' AND kind <> 'charge' ORDER BY item;

-- HR reopens, with a reason; the exceptions go through, and the next
-- close is revision 2 with what changed
SELECT cs_policy.reopen_period('ACME', '2025-12-01', '', acting_as => 'H001');
SELECT cs_policy.reopen_period('ACME', '2025-12-01', 'road closure on 1 and 15-17 December reported late', acting_as => 'H001') AS reopened;
SELECT count(cs_policy.decide_exception(
           cs_policy.request_exception(d, 'force_majeure', 'the road to the center was closed', 'A001', acting_as => 'S001'),
           true, acting_as => 'S001')) AS excused
  FROM unnest('{2025-12-01,2025-12-15,2025-12-16,2025-12-17}'::date[]) AS d;
CALL cs_policy.close_period('2025-12-01');
SELECT department_code, state, revision, last_reopening_reason FROM cs_policy.period_closes WHERE department_code = 'HOT-A';
SELECT employee_code, revision, lines_added, lines_removed, net_before, net_after, net_delta FROM cs_policy.period_changes;
SELECT employee_code, item, kind, rule_id, amount FROM cs_policy.payroll_adjustments WHERE employee_code = 'A001' ORDER BY item;

-- A period not yet over cannot be closed
CALL cs_policy.close_period(current_date);
SELECT state, error FROM cs_policy.close_progress ORDER BY run_id DESC LIMIT 1;
