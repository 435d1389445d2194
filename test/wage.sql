-- Wages by the days they are in force (AT-15, SEC-2): a period is judged
-- and paid with the wages in force on its last day of employment, so a
-- raise from after a closed period leaves it as it was closed, even when it
-- is reopened and closed again; a change of the wages over a day of a
-- closed period is refused. Wages are set for days: from a day until a day
-- (a correction), until the next change recorded, or on. Performance pay
-- and bonuses (AT-9) are dated the same way.
BEGIN;
SELECT plan(47);
SET client_min_messages = warning;

SELECT cs_policy.demo_center();
-- the demo month; the first day of this month (after it, today at the
-- latest); someone of the demo with a charge in days' wages in it (AT-1,
-- AT-3), hired well before it
CREATE TEMP TABLE v AS
SELECT m.month, (m.month + interval '1 month - 1 day')::date AS last_day,
       date_trunc('month', current_date)::date AS this_month,
       e.employee_id AS paid_id, e.code AS paid, d.code AS team, e.monthly_wage, e.daily_wage, e.hired_on
  FROM (SELECT min(work_date) AS month FROM cs_policy.roster) m,
       LATERAL (SELECT min(l.employee_id) AS employee_id
                  FROM cs_policy.penalty_lines_in_scope(cs_policy.access_scope(), m.month, NULL) l
                  JOIN cs_policy.employee x ON x.employee_id = l.employee_id
                 WHERE l.from_pay AND x.hired_on < m.month - 40) p
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
SELECT is((SELECT a.after ->> 'wages_set_for' FROM cs_policy.audit_log a
            WHERE a.command = 'set_wages' AND a.target = 'employee' ORDER BY a.audit_id DESC LIMIT 1),
          format('[%s,)', :'month'::date + 10),
          'SEC-5: the audit row of a wage change names the days it was for');
SELECT ok((SELECT NOT (a.after ?| '{monthly_wage,daily_wage}') AND NOT (a.before ?| '{monthly_wage,daily_wage}') FROM cs_policy.audit_log a
            WHERE a.command = 'set_wages' AND a.target = 'employee' ORDER BY a.audit_id DESC LIMIT 1),
          'SEC-2: not the amounts');
SELECT results_eq('SELECT * FROM pg_temp.judged_wages()', $$ VALUES (400.00::numeric, 8700.00::numeric) $$,
                  'a period is judged with the wages in force on its last day (daily wage 8700 / 21.75 = 400.00)');
SELECT ok((SELECT bool_and(l.explanation LIKE '%daily wage 400.00 =%') FROM pg_temp.wage_lines() l)
          AND (SELECT count(*) FROM pg_temp.wage_lines()) = (SELECT count(*) FROM lines_before),
          'AT-1, AT-3: its charges in days'' wages are counted in the daily wage of 400.00');
-- the same day set again: the raise is undone
SELECT cs_policy.set_wages(:'paid', :monthly_wage, :daily_wage, effective => :'month'::date + 10);
SELECT results_eq(format($$ SELECT w.in_force, w.monthly_wage, w.daily_wage FROM cs_policy.wage w WHERE w.employee_id = %s ORDER BY w.in_force $$, :paid_id),
                  format($$ VALUES (daterange(%L, %L), %s::numeric(12,2), %s::numeric(12,2)), (daterange(%L, NULL), %s::numeric(12,2), %s::numeric(12,2)) $$,
                         :'hired_on', :'month'::date + 10, :monthly_wage, :daily_wage, :'month'::date + 10, :monthly_wage, :daily_wage),
                  'wages set again from the same day replace those set from it');
SELECT results_eq('SELECT * FROM pg_temp.wage_lines()', 'SELECT * FROM lines_before',
                  'AT-1, AT-3: and the month is charged as before the raise');
-- wages from an earlier day hold until the next change recorded; until
-- says how long a correction of past days holds
SELECT is(cs_policy.set_wages(:'paid', 7000, effective => :'month'::date + 5), daterange(:'month'::date + 5, :'month'::date + 10),
          'wages set from a day before a change recorded hold until it (set_wages returns the days)');
SELECT is((SELECT monthly_wage FROM cs_policy.employee WHERE employee_id = :paid_id), :monthly_wage::numeric,
          'employee''s wage columns stay the latest wages');
SELECT is(cs_policy.set_wages(:'paid', 6500, effective => :'month'::date + 6, until => :'month'::date + 7),
          daterange(:'month'::date + 6, :'month'::date + 8), 'a correction holds until the day until');
SELECT results_eq(format($$ SELECT w.in_force, w.monthly_wage FROM cs_policy.wage w WHERE w.employee_id = %s AND w.in_force && daterange(%L, %L)
                             ORDER BY w.in_force $$, :paid_id, :'month'::date + 5, :'month'::date + 10),
                  format($$ VALUES (daterange(%L, %L), 7000.00::numeric(12,2)), (daterange(%L, %L), 6500.00::numeric(12,2)),
                                   (daterange(%L, %L), 7000.00::numeric(12,2)) $$,
                         :'month'::date + 5, :'month'::date + 6, :'month'::date + 6, :'month'::date + 8, :'month'::date + 8, :'month'::date + 10),
                  'the wages it was set over hold again after it');
SELECT results_eq('SELECT * FROM pg_temp.wage_lines()', 'SELECT * FROM lines_before',
                  'AT-1, AT-3: corrections of days before the last leave the month''s charges as they were');

SELECT throws_ok(format($$ SELECT cs_policy.set_wages(%L, 6000, effective => %L) $$, :'paid', :'hired_on'::date - 1),
                 '22023', format('the wages of %s cannot be set from %s', :'paid', :'hired_on'::date - 1),
                 'wages are not paid before the hiring day');
SELECT throws_ok(format($$ SELECT cs_policy.set_wages(%L, 6000, effective => current_date + 1) $$, :'paid'),
                 '22023', format('the wages of %s cannot be set from %s', :'paid', current_date + 1),
                 'nor set for a later day: employee''s wage columns are what is paid today');
SELECT throws_ok(format($$ SELECT cs_policy.set_wages(%L, 6000, effective => 'infinity') $$, :'paid'),
                 '22023', NULL, 'nor from an endless day');
SELECT throws_ok(format($$ SELECT cs_policy.set_wages(%L, 6000, effective => %L, until => current_date) $$, :'paid', :'month'),
                 '22023', format('the wages of %s cannot be set until %s', :'paid', current_date),
                 'a correction with an end ends before today');
SELECT throws_ok(format($$ SELECT cs_policy.set_wages(%L, 6000, effective => %L, until => %L) $$, :'paid', :'month', :'month'::date - 1),
                 '22023', NULL, 'and not before it begins');
SELECT throws_ok(format($$ SELECT cs_policy.set_pay_item(%L, 'bonus_pay', 300, effective => %L) $$, :'paid', :'hired_on'::date - 1),
                 '22023', format('the bonus_pay of %s cannot be set from %s', :'paid', :'hired_on'::date - 1),
                 'AT-9: nor a bonus before the hiring day');
SELECT throws_ok(format($$ SELECT cs_policy.set_wages(%L, 6000, effective => %L, until => 'infinity') $$, :'paid', :'month'),
                 '22023', format('the wages of %s cannot be set until infinity', :'paid'), 'and not until an endless day');
-- a performance pay, ended, then set again from before its end: it holds
-- until that end (the end recorded is a change too); a bonus corrected
-- for days holds for them only
SELECT is(cs_policy.set_pay_item(:'paid', 'performance_pay', 800, effective => :'month'::date - 30), daterange(:'month'::date - 30, NULL),
          'AT-9: a performance pay is set from a day on');
SELECT is(cs_policy.set_pay_item(:'paid', 'performance_pay', NULL, effective => :'month'::date - 10), daterange(:'month'::date - 10, NULL),
          'AT-9: and ended from a day (NULL: none of their own)');
SELECT is(cs_policy.set_pay_item(:'paid', 'performance_pay', 900, effective => :'month'::date - 20), daterange(:'month'::date - 20, :'month'::date - 10),
          'AT-9: set again from a day before the end, it holds until the end');
SELECT results_eq(format($$ SELECT p.in_force, p.amount FROM cs_policy.pay_item p WHERE p.employee_id = %s AND p.item = 'performance_pay'
                             ORDER BY p.in_force $$, :paid_id),
                  format($$ VALUES (daterange(%L, %L), 800.00::numeric(12,2)), (daterange(%L, %L), 900.00::numeric(12,2)) $$,
                         :'month'::date - 30, :'month'::date - 20, :'month'::date - 20, :'month'::date - 10),
                  'AT-9: (the days after the end have none)');
SELECT cs_policy.set_pay_item(:'paid', 'performance_pay', NULL, effective => :'month'::date - 30, until => :'month'::date - 11) AS removed;
-- a future hire's wages are set from the hiring day
SELECT cs_policy.hire_employee('FUT-1', 'hired next month', :'team', 'agent', current_date + 30, 5000) > 0 AS hired;
SELECT is(pg_temp.hint_of($$ SELECT cs_policy.set_wages('FUT-1', 6000, effective => current_date) $$, '22023'),
          format('Pass effective => the hiring day (%s): a future hire''s pay is set from it.', current_date + 30),
          'a future hire''s pay is set from the hiring day, the hint says');
SELECT is(cs_policy.set_wages('FUT-1', 6000), daterange(current_date + 30, NULL), 'and by default it is');
-- someone who left: their last period is paid with the wages of their
-- last day, and none are set after it
CREATE TEMP TABLE leaver AS
SELECT e.code, e.daily_wage FROM cs_policy.employee e, v
 WHERE e.role = 'agent' AND e.active AND e.department_id <> (SELECT department_id FROM cs_policy.department WHERE code = v.team)
 ORDER BY e.employee_id LIMIT 1;
SELECT code AS leaver, daily_wage AS leaver_daily FROM leaver \gset
SELECT cs_policy.set_wages(:'leaver', 9000, effective => :'month'::date + 25) IS NOT NULL AS raised;
SELECT cs_policy.end_employment(:'leaver', :'month'::date + 20, 'contract_ended');
SELECT is((SELECT i.daily_wage FROM cs_policy.employee e, cs_policy.attendance_input(:'month', e.employee_id) i WHERE e.code = :'leaver'),
          :leaver_daily::numeric, 'a period is paid with the wages in force on the last day of employment in it');
SELECT throws_ok(format($$ SELECT cs_policy.set_wages(%L, 9500) $$, :'leaver'), '22004',
                 format('a change of the wages of %s, who left on %s, names its first day', :'leaver', :'month'::date + 20),
                 'a change of the wages of someone who left names its first day (neither today nor their last day)');
SELECT throws_ok(format($$ SELECT cs_policy.set_wages(%L, 9500, effective => %L, until => %L) $$, :'leaver', :'month'::date + 10, :'month'::date + 21),
                 '22023', NULL, 'nor holds until a day after the employment');
SELECT is(pg_temp.hint_of(format($$ SELECT cs_policy.set_wages(%L, 9500, effective => %L) $$, :'leaver', :'month'::date + 21), '22023'),
          format('Pass effective => a day from the hiring day (%s) to %s, the last day of employment.',
                 (SELECT hired_on FROM cs_policy.employee WHERE code = :'leaver'), :'month'::date + 20),
          'wages are not set from after the last day of employment');

-- ------------------------------------------------- closed means frozen

SELECT cs_policy.close_period_now(:'month', :'team') IS NOT NULL AS closed;
CREATE TEMP TABLE paid_first AS
SELECT a.item, a.kind, a.rule_id, a.amount, a.explanation FROM cs_policy.payroll_adjustment a, v
 WHERE a.employee_id = v.paid_id AND a.period_first = v.month AND a.revision = 1;

SELECT throws_like(format($$ SELECT cs_policy.set_wages(%L, 8700, effective => %L) $$, :'paid', :'month'::date + 10),
                   format('setting the wages of %s from %s on is refused: the attendance period %% of %s %% is closed',
                          :'paid', :'month'::date + 10, :'team'),
                   'AT-15: wages from a day of a closed period are refused (its payroll paid the wages it had)');
SELECT is(pg_temp.hint_of(format($$ SELECT cs_policy.set_wages(%L, 8700, effective => %L) $$, :'paid', :'month'::date + 10)),
          format('HR reopens it with a reason: SELECT cs_policy.reopen_period(%L, %L, ''why'');', :'team', :'month'),
          'the hint says how HR reopens it');
SELECT throws_like(format($$ SELECT cs_policy.set_wages(%L, 8700, effective => %L) $$, :'paid', :'month'::date - 40),
                   format('setting the wages of %s for %s to %s is refused: %%', :'paid', :'month'::date - 40, :'month'::date + 4),
                   'AT-15: so are wages from a day before it until the next change, in it');
SELECT lives_ok(format($$ SELECT cs_policy.set_wages(%L, 8700, effective => %L, until => %L) $$, :'paid', :'month'::date - 40, :'month'::date - 1),
                'AT-15: a correction of days before it that ends before it is set');
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
-- the supervisor of the paid employee's project
CREATE ROLE tap_l_sup LOGIN;  GRANT tap_supervisor TO tap_l_sup;
SELECT cs_policy.set_employee_login(
           (SELECT s.code FROM cs_policy.employee s, v
             WHERE s.role = 'supervisor' AND s.active
               AND s.department_id = ANY ((SELECT t.path FROM cs_policy.department t WHERE t.code = v.team)::bigint[])
             ORDER BY s.employee_id LIMIT 1),
           'tap_l_sup');
SET ROLE tap_l_sup;
SELECT ok((SELECT count(*) FROM cs_policy.wage WHERE employee_id = :paid_id)
          + (SELECT count(*) FROM cs_policy.pay_item WHERE employee_id = :paid_id) = 0
          AND (SELECT count(*) FROM cs_policy.roster WHERE employee_id = :paid_id) > 0,
          'SEC-2: their supervisor, who reads their roster, does not even read when their pay changed');
RESET ROLE;
SELECT ok(has_column_privilege('tap_hr', 'cs_policy.wage', 'monthly_wage', 'SELECT')
          AND NOT has_table_privilege('tap_hr', 'cs_policy.wage', 'INSERT,UPDATE,DELETE'),
          'SEC-2: HR reads the wages, and changes them only through set_wages');

SELECT * FROM finish();
ROLLBACK;
