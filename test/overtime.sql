-- AT-17: overtime orders (seeds 000, 002): paid only when ordered and
-- approved by the manager before the work, not paid as one's own
-- unfinished work or without an order, commission only when the day's
-- metrics stay below the center's average; explained like penalty lines.
BEGIN;
SELECT plan(24);
SET LOCAL timezone = 'Asia/Shanghai';

SELECT cs_policy.create_department('C', 'Center', 'center');
SELECT cs_policy.hire_employee(c, c, 'C', r::cs_policy.staff_role, '2024-01-01', 5220, 240)
  FROM (VALUES ('M1', 'manager'), ('V1', 'supervisor'), ('O1', 'agent'), ('O2', 'agent'), ('O3', 'agent'),
               ('O4', 'agent'), ('O5', 'agent')) AS x(c, r);
SELECT cs_policy.set_department_manager('C', 'M1');
SELECT cs_policy.set_policy('center attendance', 'attendance', 'callcenter_2012', 'C', valid_from => '2024-01-01');
SELECT cs_policy.define_shift_template('day', 'C', '08:30-17:30', 'cn_7x24');

CREATE FUNCTION pg_temp.id(code text) RETURNS bigint LANGUAGE sql AS $$
    SELECT employee_id FROM cs_policy.employee WHERE employee.code = id.code $$;
CREATE FUNCTION pg_temp.clock(code text, day date, punches text) RETURNS bigint LANGUAGE sql AS $$
    WITH done AS (
        INSERT INTO cs_policy.punch (employee_id, at, kind, source)
        SELECT pg_temp.id(code), (day + split_part(btrim(p), ' ', 1)::interval) AT TIME ZONE 'Asia/Shanghai',
               split_part(btrim(p), ' ', 2)::cs_policy.punch_kind, 'time clock'
          FROM unnest(string_to_array(punches, ',')) AS p
        RETURNING 1)
    SELECT count(*) FROM done $$;
-- an order of the past, as the commands would have left it
CREATE FUNCTION pg_temp.order_of(code text, day date, from_to text, state text, decided text, own boolean DEFAULT false)
RETURNS bigint LANGUAGE sql AS $$
    INSERT INTO cs_policy.overtime_order (employee_id, work_date, starts_at, ends_at, reason, own_unfinished_work, state,
                                          requested_at, decided_at, decided_by)
    VALUES (pg_temp.id(code), day, (day + split_part(from_to, '-', 1)::interval) AT TIME ZONE 'Asia/Shanghai',
            (day + split_part(from_to, '-', 2)::interval) AT TIME ZONE 'Asia/Shanghai', 'month-end backlog', own, state,
            (day - 1)::timestamp AT TIME ZONE 'Asia/Shanghai',
            (day + decided::interval) AT TIME ZONE 'Asia/Shanghai', CASE WHEN state <> 'requested' THEN pg_temp.id('M1') END)
    RETURNING order_id $$;
CREATE FUNCTION pg_temp.ot(code text)
RETURNS TABLE (work_date date, rule_id text, measure numeric, outcome text, amount numeric, from_pay boolean, explanation text)
LANGUAGE sql AS $$
    SELECT l.work_date, l.rule_id, l.measure, l.outcome, l.amount, l.from_pay, l.explanation
      FROM cs_policy.overtime_lines(pg_temp.id(code), '2025-12-01') l ORDER BY l.line $$;

SELECT count(cs_policy.assign_shift(c, '2025-12-01', 'day', acting_as => 'V1')) FROM unnest('{O1,O2,O3,O4,O5}'::text[]) AS c;
SELECT cs_policy.assign_shift('O4', '2025-12-02', 'day', acting_as => 'V1');
SELECT pg_temp.clock(c, '2025-12-01', '08:25 in, 19:30 out') FROM unnest('{O1,O3,O5}'::text[]) AS c;
SELECT pg_temp.clock('O2', '2025-12-01', '08:25 in, 18:30 out');
SELECT pg_temp.clock('O4', '2025-12-01', '08:25 in, 18:30 out'), pg_temp.clock('O4', '2025-12-02', '08:25 in, 17:50 out');
-- O1, O3: 17:30-19:30 approved the day before at noon; O2: its own unfinished work; O5: approved at 18:00
SELECT pg_temp.order_of('O1', '2025-12-01', '17:30-19:30', 'approved', '-12 hours') AS o1 \gset
SELECT pg_temp.order_of('O2', '2025-12-01', '17:30-19:30', 'approved', '-12 hours', own => true);
SELECT pg_temp.order_of('O3', '2025-12-01', '17:30-19:30', 'approved', '-12 hours');
SELECT pg_temp.order_of('O5', '2025-12-01', '17:30-19:30', 'approved', '18 hours');
-- the day's calls per hour: O3 below the center's average (6 against 9.33)
SELECT cs_policy.record_daily_metrics(c, '2025-12-01', n, NULL, acting_as => 'V1')
  FROM (VALUES ('O1', 10), ('O2', 12), ('O3', 6)) AS x(c, n);

SELECT results_eq($$ SELECT work_date, rule_id, measure, outcome, amount, from_pay FROM pg_temp.ot('O1') $$,
                  $$ VALUES ('2025-12-01'::date, 'AT-17', 120::numeric, 'paid', -90.00::numeric, true) $$,
                  'AT-17: 2 hours worked under an order approved before the work are paid: 2 h x 240 / 8 x 1.5 = 90.00 (paid out)');
SELECT is((SELECT explanation FROM pg_temp.ot('O1')),
          format('overtime order %s, approved before the work: 120 min worked, 2 h x daily wage 240.00 / 8 x 1.5 = 90.00 paid (AT-17, callcenter_2012 v1)', :o1),
          'and the line explains the arithmetic');
SELECT results_eq($$ SELECT outcome, amount, explanation LIKE '%own unfinished work: not paid%' FROM pg_temp.ot('O2') $$,
                  $$ VALUES ('not_paid', 0.00::numeric, true) $$,
                  'AT-17: overtime on one''s own unfinished work is not paid');
SELECT results_eq($$ SELECT outcome, amount, explanation LIKE '%calls per hour 6 below the center''s 9.33 that day: commission only%'
                       FROM pg_temp.ot('O3') $$,
                  $$ VALUES ('commission_only', 0.00::numeric, true) $$,
                  'AT-17: overtime on a day whose calls per hour stay below the center''s average earns commission only');
SELECT results_eq($$ SELECT measure, outcome, explanation LIKE '%approved only after the work began: not paid%' FROM pg_temp.ot('O5') $$,
                  $$ VALUES (120::numeric, 'not_paid', true) $$,
                  'AT-17: an order approved after the work began is not paid');
SELECT results_eq($$ SELECT work_date, measure, outcome, explanation FROM pg_temp.ot('O4') $$,
                  $$ VALUES ('2025-12-01'::date, 60::numeric, 'not_paid',
                             '60 min worked beyond the shift without an overtime order: not paid (AT-17, callcenter_2012 v1)') $$,
                  'AT-17: an hour beyond the shift without an order is not paid; 20 minutes the next day is not overtime at all');
SELECT is((SELECT count(*) FROM cs_policy.period_overtime_lines('2025-12-01'))::integer, 5,
          'AT-17: five overtime lines in the center: four orders and the time beyond O4''s shift, nothing for 20 minutes');
-- AT-15: the close stores the same overtime lines, and pays them (AT-17)
SELECT cs_policy.close_period_now('2025-12-01') IS NOT NULL AS closed \gset
SELECT set_eq($$ SELECT employee_id, work_date, kind, rule_id, measure, outcome, amount, explanation FROM cs_policy.closed_overtime_line $$,
              $$ SELECT employee_id, work_date, kind, rule_id, measure, outcome, amount::numeric(12,2), explanation
                   FROM cs_policy.period_overtime_lines('2025-12-01') $$,
              'AT-15: the close stores the period''s overtime lines as period_overtime_lines gives them');
SELECT is((SELECT sum(amount) FROM cs_policy.payroll_adjustment WHERE kind = 'overtime_pay'),
          -(SELECT sum(amount) FROM cs_policy.closed_overtime_line),
          'AT-17: and the payroll adjustments pay what they come to (a line''s amount is a charge: paid, it is negative)');
-- what the close judges: one reading of each input, the penalty lines and then the overtime lines
SELECT ok((SELECT count(*) FROM cs_policy.attendance_input('2025-12-01') i, cs_policy.judge_period(i) l WHERE l.overtime) > 0
          AND NOT EXISTS (
              (SELECT i.employee_id, l.overtime, l.line, l.work_date, l.kind, l.rule_id, l.also_cites, l.measure, l.outcome,
                      l.amount, l.points, l.flags, l.absence_days, l.explanation, l.policy_id, l.from_pay
                 FROM cs_policy.attendance_input('2025-12-01') i, cs_policy.judge_period(i) l
               EXCEPT ALL
               (SELECT i.employee_id, false, l.* FROM cs_policy.attendance_input('2025-12-01') i, cs_policy.judge_attendance(i) l
                UNION ALL
                SELECT i.employee_id, true, l.* FROM cs_policy.attendance_input('2025-12-01') i, cs_policy.judge_overtime(i) l))
              UNION ALL
              ((SELECT i.employee_id, false, l.* FROM cs_policy.attendance_input('2025-12-01') i, cs_policy.judge_attendance(i) l
                UNION ALL
                SELECT i.employee_id, true, l.* FROM cs_policy.attendance_input('2025-12-01') i, cs_policy.judge_overtime(i) l)
               EXCEPT ALL
               SELECT i.employee_id, l.overtime, l.line, l.work_date, l.kind, l.rule_id, l.also_cites, l.measure, l.outcome,
                      l.amount, l.points, l.flags, l.absence_days, l.explanation, l.policy_id, l.from_pay
                 FROM cs_policy.attendance_input('2025-12-01') i, cs_policy.judge_period(i) l)),
          'AT-17: judge_period, which the close stores, gives each period''s penalty lines and overtime lines as judge_attendance and judge_overtime give them');
-- and judge_for_close, what the close reads now, gives those lines in every column
SELECT is_empty($$ (SELECT i.employee_id, l.overtime, l.line, l.work_date, l.kind, l.rule_id, l.also_cites, l.measure, l.outcome,
                           l.amount, l.points, l.flags, l.absence_days, l.explanation, l.policy_id, l.from_pay
                      FROM cs_policy.attendance_input('2025-12-01') i, cs_policy.judge_period(i) l
                    EXCEPT ALL
                    SELECT i.employee_id, l.part = 'overtime', l.line, l.work_date, l.kind, l.rule_id, l.also_cites, l.measure,
                           l.outcome, l.amount, l.points, l.flags, l.absence_days, l.explanation, l.policy_id, l.from_pay
                      FROM cs_policy.attendance_input('2025-12-01') i, cs_policy.judge_for_close(i) l WHERE l.part <> 'team_member')
                   UNION ALL
                   (SELECT i.employee_id, l.part = 'overtime', l.line, l.work_date, l.kind, l.rule_id, l.also_cites, l.measure,
                           l.outcome, l.amount, l.points, l.flags, l.absence_days, l.explanation, l.policy_id, l.from_pay
                      FROM cs_policy.attendance_input('2025-12-01') i, cs_policy.judge_for_close(i) l WHERE l.part <> 'team_member'
                    EXCEPT ALL
                    SELECT i.employee_id, l.overtime, l.line, l.work_date, l.kind, l.rule_id, l.also_cites, l.measure, l.outcome,
                           l.amount, l.points, l.flags, l.absence_days, l.explanation, l.policy_id, l.from_pay
                      FROM cs_policy.attendance_input('2025-12-01') i, cs_policy.judge_period(i) l) $$,
                'AT-17: judge_for_close, which the close reads, gives judge_period''s penalty and overtime lines, every column');
-- SEC-2: a reader who may not see the wage reads neither the amount nor the wage
SELECT results_eq($$ SELECT l.amount, l.explanation LIKE '%2 h x daily wage / 8 x 1.5 = withheld paid%'
                       FROM cs_policy.attendance_input_in_scope('viewer=0 all'::cs_policy.access_scope, '2025-12-01', pg_temp.id('O1')) i,
                            cs_policy.judge_overtime(i) l $$,
                  $$ VALUES (NULL::numeric, true) $$,
                  'SEC-2, AT-17: paid overtime derives from the wage: withheld from a reader who may not see it');
-- the overtime is not a penalty: the penalty lines do not have it
SELECT is((SELECT count(*) FROM cs_policy.penalty_lines(pg_temp.id('O1'), '2025-12-01') WHERE kind = 'overtime')::integer, 0,
          'overtime has its own lines, not penalty lines');

-- The commands.
SELECT throws_ok($$ SELECT cs_policy.request_overtime('2025-12-01 17:30+08', '2025-12-01 19:30+08', 'backlog', acting_as => 'O1') $$,
                 '55000', NULL, 'AT-17: overtime is requested before the work');
SELECT cs_policy.request_overtime(date_trunc('day', now()) + interval '2 days 18 hours', date_trunc('day', now()) + interval '2 days 20 hours',
                                  'queue backlog', acting_as => 'O1') AS future \gset
SELECT is((SELECT state FROM cs_policy.overtime_order WHERE order_id = :future), 'requested', 'a request waits for the manager');
SELECT throws_ok(format($$ SELECT cs_policy.decide_overtime(%s, true, acting_as => 'V1') $$, :future), '42501', NULL,
                 'AT-17: a supervisor does not approve overtime: the manager does');
SELECT lives_ok(format($$ SELECT cs_policy.decide_overtime(%s, true, 'ok', acting_as => 'M1') $$, :future),
                'AT-17: the manager approves it before the work');
SELECT throws_ok(format($$ SELECT cs_policy.decide_overtime(%s, false, acting_as => 'M1') $$, :future), '55000', NULL,
                 'an order is decided once');
SELECT throws_ok($$ SELECT cs_policy.request_overtime(now() + interval '1 day', now() + interval '1 day 2 hours', 'x',
                                                       employee => 'O2', acting_as => 'O1') $$,
                 '42501', NULL, 'an agent requests overtime for themself only');
SELECT throws_ok($$ SELECT cs_policy.request_overtime(now() + interval '1 day', now() + interval '1 day', 'x', acting_as => 'O1') $$,
                 '22023', NULL, 'overtime ends after it starts');
SELECT throws_ok($$ SELECT cs_policy.request_overtime(date_trunc('day', now()) + interval '2 days 19 hours',
                                                       date_trunc('day', now()) + interval '2 days 21 hours', 'more', acting_as => 'O1') $$,
                 '23P01', NULL, 'AT-17: the same hours are ordered once (two orders would pay them twice)');
SELECT lives_ok(format($$ SELECT cs_policy.cancel_overtime(%s, acting_as => 'O1') $$, :future), 'the employee cancels an order before it starts');
SELECT cs_policy.request_overtime(date_trunc('day', now()) + interval '3 days 18 hours', date_trunc('day', now()) + interval '3 days 19 hours',
                                  'catching up', acting_as => 'O2') AS own \gset
SELECT cs_policy.decide_overtime(:own, true, 'finishing his own backlog', own_unfinished_work => true, acting_as => 'M1');
SELECT is((SELECT own_unfinished_work FROM cs_policy.overtime_order WHERE order_id = :own), true,
          'AT-17: the manager decides that it is the employee''s own unfinished work');
SELECT throws_ok($$ SELECT cs_policy.record_daily_metrics('O1', '2025-12-01', 2000, NULL, acting_as => 'V1') $$,
                 '22023', NULL, 'metrics out of range are refused');

SELECT * FROM finish();
ROLLBACK;
