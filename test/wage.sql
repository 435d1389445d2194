-- Wages by the days they are in force (AT-15, SEC-2): a period is judged
-- and paid with the wages in force on its last day, so a raise from after
-- a closed period leaves it as it was closed, even when it is reopened and
-- closed again; a change of the wages that reaches into a closed period is
-- refused. Performance pay and bonuses (AT-9) are dated the same way.
BEGIN;
SELECT plan(25);
SET client_min_messages = warning;

SELECT cs_policy.demo_center();
-- the demo month; the first day of this month (after it, today at the
-- latest); someone of the demo with a charge in days' wages in it (AT-1, AT-3)
CREATE TEMP TABLE v AS
SELECT m.month, (m.month + interval '1 month - 1 day')::date AS last_day,
       date_trunc('month', current_date)::date AS this_month,
       e.employee_id AS paid_id, e.code AS paid, d.code AS team, e.monthly_wage, e.daily_wage, e.hired_on
  FROM (SELECT min(work_date) AS month FROM cs_policy.roster) m,
       LATERAL (SELECT min(l.employee_id) AS employee_id
                  FROM cs_policy.penalty_lines_in_scope(cs_policy.access_scope(), m.month, NULL) l WHERE l.from_pay) p
  JOIN cs_policy.employee e ON e.employee_id = p.employee_id
  JOIN cs_policy.department d ON d.department_id = e.department_id;
GRANT SELECT ON v TO PUBLIC;
SELECT month, last_day, this_month, paid_id, paid, team, monthly_wage, daily_wage, hired_on FROM v \gset
\ir lib/hint_of.sql
-- what a period is judged with, and what its wage-based lines charge
CREATE FUNCTION pg_temp.judged_wages() RETURNS TABLE (daily numeric, monthly numeric) LANGUAGE sql AS $$
    SELECT i.daily_wage, i.monthly_wage FROM v, cs_policy.attendance_input(v.month, v.paid_id) i $$;
CREATE FUNCTION pg_temp.wage_lines() RETURNS TABLE (amount numeric, explanation text) LANGUAGE sql AS $$
    SELECT l.amount, l.explanation FROM v, cs_policy.penalty_lines(v.paid_id, v.month) l WHERE l.from_pay ORDER BY l.line $$;
CREATE TEMP TABLE lines_before AS SELECT * FROM pg_temp.wage_lines();

-- ------------------------------------------------------------ the history

SELECT results_eq(format($$ SELECT w.in_force, w.monthly_wage, w.daily_wage, w.set_by FROM cs_policy.wage w WHERE w.employee_id = %s $$, :paid_id),
                  format($$ VALUES (daterange(%L, NULL), %s::numeric(12,2), %s::numeric(12,2), 'hire_employee') $$,
                         :'hired_on', :monthly_wage, :daily_wage),
                  'hire_employee: the wages are in force from the hiring day on');

-- a raise from the middle of the demo month: the month is judged with it
-- (in force on its last day), days' wages included (AT-1, AT-3)
SELECT cs_policy.set_wages(:'paid', 8700, effective => :'month'::date + 10);
SELECT results_eq(format($$ SELECT w.in_force, w.monthly_wage, w.set_by FROM cs_policy.wage w WHERE w.employee_id = %s ORDER BY w.in_force $$, :paid_id),
                  format($$ VALUES (daterange(%L, %L), %s::numeric(12,2), 'hire_employee'), (daterange(%L, NULL), 8700.00::numeric(12,2), 'set_wages') $$,
                         :'hired_on', :'month'::date + 10, :monthly_wage, :'month'::date + 10),
                  'set_wages from a day: the wages before end the day before, the new ones are in force from it on');
SELECT results_eq('SELECT * FROM pg_temp.judged_wages()', $$ VALUES (400.00::numeric, 8700.00::numeric) $$,
                  'a period is judged with the wages in force on its last day (daily wage 8700 / 21.75 = 400.00)');
SELECT ok((SELECT bool_and(l.explanation LIKE '%daily wage 400.00 =%') FROM pg_temp.wage_lines() l)
          AND (SELECT count(*) FROM pg_temp.wage_lines()) = (SELECT count(*) FROM lines_before),
          'AT-1, AT-3: its charges in days'' wages are counted in the daily wage of 400.00');
-- the wages again from the first day of the month: they replace the raise
SELECT cs_policy.set_wages(:'paid', :monthly_wage, :daily_wage, effective => :'month');
SELECT results_eq(format($$ SELECT w.in_force, w.monthly_wage, w.daily_wage FROM cs_policy.wage w WHERE w.employee_id = %s ORDER BY w.in_force $$, :paid_id),
                  format($$ VALUES (daterange(%L, %L), %s::numeric(12,2), %s::numeric(12,2)), (daterange(%L, NULL), %s::numeric(12,2), %s::numeric(12,2)) $$,
                         :'hired_on', :'month', :monthly_wage, :daily_wage, :'month', :monthly_wage, :daily_wage),
                  'wages set from an earlier day replace those set for the days after it');
SELECT results_eq('SELECT * FROM pg_temp.wage_lines()', 'SELECT * FROM lines_before',
                  'AT-1, AT-3: and the month is charged as before the raise');

SELECT throws_ok(format($$ SELECT cs_policy.set_wages(%L, 6000, effective => %L) $$, :'paid', :'hired_on'::date - 1),
                 '22023', format('the wages of %s cannot be set from %s', :'paid', :'hired_on'::date - 1),
                 'wages are not paid before the hiring day');
SELECT throws_ok(format($$ SELECT cs_policy.set_wages(%L, 6000, effective => current_date + 1) $$, :'paid'),
                 '22023', format('the wages of %s cannot be set from %s', :'paid', current_date + 1),
                 'nor set for a later day: employee''s wage columns are what is paid today');
SELECT throws_ok(format($$ SELECT cs_policy.set_wages(%L, 6000, effective => 'infinity') $$, :'paid'),
                 '22004', NULL, 'nor from an endless day');
SELECT throws_ok(format($$ SELECT cs_policy.set_pay_item(%L, 'bonus_pay', 300, effective => %L) $$, :'paid', :'hired_on'::date - 1),
                 '22023', format('the bonus_pay of %s cannot be set from %s', :'paid', :'hired_on'::date - 1),
                 'AT-9: nor a bonus before the hiring day');

-- ------------------------------------------------- closed means frozen

SELECT cs_policy.close_period_now(:'month', :'team') IS NOT NULL AS closed;
CREATE TEMP TABLE paid_first AS
SELECT a.item, a.kind, a.rule_id, a.amount, a.explanation FROM cs_policy.payroll_adjustment a, v
 WHERE a.employee_id = v.paid_id AND a.period_first = v.month AND a.revision = 1;

SELECT throws_like(format($$ SELECT cs_policy.set_wages(%L, 8700, effective => %L) $$, :'paid', :'month'::date + 10),
                   format('setting the wages of %s from %s is refused: the attendance period %% of %s %% is closed',
                          :'paid', :'month'::date + 10, :'team'),
                   'AT-15: wages from a day of a closed period are refused (its payroll paid the wages it had)');
SELECT is(pg_temp.hint_of(format($$ SELECT cs_policy.set_wages(%L, 8700, effective => %L) $$, :'paid', :'month'::date + 10)),
          format('HR reopens it with a reason: SELECT cs_policy.reopen_period(%L, %L, ''why'');', :'team', :'month'),
          'the hint says how HR reopens it');
SELECT throws_ok(format($$ SELECT cs_policy.set_wages(%L, 8700, effective => %L) $$, :'paid', :'month'::date - 40),
                 '55000', NULL, 'AT-15: so are wages from a day before it (they would be in force in it)');
SELECT throws_ok(format($$ SELECT cs_policy.set_pay_item(%L, 'performance_pay', 999, effective => %L) $$, :'paid', :'last_day'),
                 '55000', NULL, 'AT-15, AT-9: and a performance pay from its last day, which its withholding read');

-- a raise from after the closed period
SELECT lives_ok(format($$ SELECT cs_policy.set_wages(%L, 8700, effective => %L) $$, :'paid', :'this_month'),
                'AT-15: wages from a day after the closed period are set');
SELECT lives_ok(format($$ SELECT cs_policy.set_pay_item(%L, 'performance_pay', 999, effective => %L) $$, :'paid', :'this_month'),
                'AT-9: and so is a performance pay');
SELECT is((SELECT monthly_wage FROM cs_policy.employee WHERE employee_id = :paid_id), 8700.00,
          'employee''s wage column is the raise: what is paid today');
SELECT results_eq('SELECT * FROM pg_temp.judged_wages()', format($$ VALUES (%s::numeric, %s::numeric) $$, :daily_wage, :monthly_wage),
                  'the closed month is judged with the wages it was closed with');
SELECT results_eq(format($$ SELECT p.in_force, p.amount FROM cs_policy.pay_item p WHERE p.employee_id = %s $$, :paid_id),
                  format($$ VALUES (daterange(%L, NULL), 999.00::numeric(12,2)) $$, :'this_month'),
                  'AT-9: the performance pay is in force from the day it was set from');

-- HR reopens the month and it is closed again: the raise does not reach it
SELECT cs_policy.reopen_period(:'team', :'month', 'a punch correction was forgotten') AS reopened;
SELECT cs_policy.close_period_now(:'month', :'team') IS NOT NULL AS closed_again;
SELECT results_eq(format($$ SELECT a.item, a.kind, a.rule_id, a.amount, a.explanation FROM cs_policy.payroll_adjustment a
                             WHERE a.employee_id = %s AND a.period_first = %L AND a.revision = 2 ORDER BY a.item $$, :paid_id, :'month'),
                  'SELECT * FROM paid_first ORDER BY item',
                  'AT-15: closed again after a raise, the month''s payroll adjustments are those it was first closed with');
SELECT ok(EXISTS (SELECT FROM paid_first WHERE explanation LIKE '%daily wage ' || :'daily_wage' || ' =%'),
          'AT-1, AT-3: (among them charges in the daily wage of the month)');
SELECT is((SELECT count(*) FROM cs_policy.close_change c WHERE c.employee_id = :paid_id AND c.period_first = :'month'::date
              AND c.net_delta <> 0), 0::bigint,
          'AT-15: and the close records no change of pay against the revision before');

-- ------------------------------------------------------------- who reads

SELECT count(*) AS created FROM cs_policy.create_roles('tap_') \gset
CREATE ROLE tap_l_agent LOGIN;  GRANT tap_agent TO tap_l_agent;
SELECT cs_policy.set_employee_login(:'paid', 'tap_l_agent');
SET ROLE tap_l_agent;
SELECT throws_ok('SELECT monthly_wage FROM cs_policy.wage', '42501', NULL, 'SEC-2: an agent reads no wage amount of the history');
SELECT results_eq('SELECT DISTINCT employee_id FROM cs_policy.wage', format('VALUES (%s::bigint)', :paid_id),
                  'SEC-1: and of its rows only their own');
RESET ROLE;
SELECT ok(has_column_privilege('tap_hr', 'cs_policy.wage', 'monthly_wage', 'SELECT')
          AND NOT has_table_privilege('tap_hr', 'cs_policy.wage', 'INSERT,UPDATE,DELETE'),
          'SEC-2: HR reads the wages, and changes them only through set_wages');

SELECT * FROM finish();
ROLLBACK;
