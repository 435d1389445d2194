-- AT-16: onboarding training (callcenter_2012, seeds 002): its schedule
-- rostered, the second unexcused late or more than 2 hours of unexcused
-- absence end it (one line, flag training_failed), an excused day does
-- not count, the outcome recorded (a failed trainee is not hired), and no
-- leave during training.
BEGIN;
SELECT plan(28);
SET LOCAL timezone = 'Asia/Shanghai';

SELECT cs_policy.create_department('C', 'Center', 'center');
SELECT cs_policy.hire_employee(c, c, 'C', r::cs_policy.staff_role, h::date, 6000)
  FROM (VALUES ('V1', 'supervisor', '2024-01-01'), ('A1', 'agent', '2024-01-01'),
               ('T1', 'agent', '2025-12-01'), ('T2', 'agent', '2025-12-01'), ('T3', 'agent', '2025-12-01'),
               ('T4', 'agent', '2025-12-01'), ('T5', 'agent', current_date::text)) AS x(c, r, h);
SELECT cs_policy.set_policy('center attendance', 'attendance', 'callcenter_2012', 'C', valid_from => '2024-01-01');

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
CREATE FUNCTION pg_temp.training_lines(code text)
RETURNS TABLE (work_date date, rule_id text, measure numeric, flags text[], explanation text) LANGUAGE sql AS $$
    SELECT l.work_date, l.rule_id, l.measure, l.flags, l.explanation
      FROM cs_policy.penalty_lines(pg_temp.id(code), '2025-12-01') l WHERE l.kind = 'training' $$;

-- Monday 1 to Friday 5 December 2025: five working days of training.
SELECT is(cs_policy.start_training(c, '2025-12-01', '2025-12-05', acting_as => 'V1'), 5,
          'AT-16: the training is rostered on the 5 working days')
  FROM unnest('{T1}'::text[]) AS c;
SELECT cs_policy.start_training(c, '2025-12-01', '2025-12-05', acting_as => 'V1') FROM unnest('{T2,T3,T4}'::text[]) AS c;
SELECT results_eq($$ SELECT shift::text, late_limit, absence_limit_minutes FROM cs_policy.onboarding_training
                      WHERE employee_id = pg_temp.id('T1') $$,
                  $$ VALUES ('09:00-12:00,13:00-17:30', 2, 120) $$,
                  'AT-16 (seeds 002): the schedule 9:00-12:00, 13:00-17:30, ended by the 2nd unexcused late or over 120 minutes away');
SELECT is((SELECT count(*) FROM cs_policy.roster WHERE employee_id = pg_temp.id('T1'))::integer, 5,
          'each training day is a rostered shift, measured like any other');

-- T1: late on Monday and on Wednesday.
SELECT pg_temp.clock('T1', d::date, p)
  FROM (VALUES ('2025-12-01', '09:05 in, 17:30 out'), ('2025-12-02', '08:58 in, 17:31 out'),
               ('2025-12-03', '09:10 in, 17:30 out'), ('2025-12-04', '08:55 in, 17:30 out'),
               ('2025-12-05', '08:55 in, 17:30 out')) AS x(d, p);
SELECT results_eq($$ SELECT work_date, rule_id, measure, flags FROM pg_temp.training_lines('T1') $$,
                  $$ VALUES ('2025-12-03'::date, 'AT-16', 2::numeric, '{training_failed}'::text[]) $$,
                  'AT-16: the second unexcused late ends the training: one line on its day, flag training_failed');
SELECT matches((SELECT explanation FROM pg_temp.training_lines('T1')),
               '^2nd unexcused late in the onboarding training \(late 10 min\): the training ends and the trainee is not hired \(AT-16',
               'and the line says why');

-- T2: leaves 90 minutes early on Monday and 40 on Tuesday: 130 minutes.
SELECT pg_temp.clock('T2', d::date, p)
  FROM (VALUES ('2025-12-01', '08:55 in, 16:00 out'), ('2025-12-02', '08:55 in, 16:50 out'),
               ('2025-12-03', '08:55 in, 17:30 out'), ('2025-12-04', '08:55 in, 17:30 out'),
               ('2025-12-05', '08:55 in, 17:30 out')) AS x(d, p);
SELECT results_eq($$ SELECT work_date, measure FROM pg_temp.training_lines('T2') $$,
                  $$ VALUES ('2025-12-02'::date, 130::numeric) $$,
                  'AT-16: more than 2 hours of unexcused absence (90 + 40 minutes) ends the training on the day it is crossed');

-- T3: late on Monday, excused (bad weather, AT-8), and on Tuesday.
SELECT pg_temp.clock('T3', d::date, p)
  FROM (VALUES ('2025-12-01', '09:20 in, 17:30 out'), ('2025-12-02', '09:05 in, 17:30 out'),
               ('2025-12-03', '08:55 in, 17:30 out'), ('2025-12-04', '08:55 in, 17:30 out'),
               ('2025-12-05', '08:55 in, 17:30 out')) AS x(d, p);
INSERT INTO cs_policy.attendance_exception (employee_id, work_date, kind, reason, state, requested_at)
VALUES (pg_temp.id('T3'), '2025-12-01', 'bad_weather', 'typhoon warning', 'approved', '2025-12-01 07:00');
SELECT is((SELECT count(*) FROM pg_temp.training_lines('T3'))::integer, 0,
          'AT-16: an excused late does not count: one unexcused late leaves the training running');

-- The outcomes.
SELECT throws_ok($$ SELECT cs_policy.record_training_outcome('T1', true, 'good progress', acting_as => 'V1') $$,
                 '55000', NULL, 'AT-16: a training that the engine ended cannot be recorded as passed');
SELECT is(cs_policy.record_training_outcome('T1', false, 'two lates in the training', acting_as => 'V1'), 'failed',
          'AT-16: it is recorded as failed');
SELECT results_eq($$ SELECT active, left_on FROM cs_policy.employee WHERE code = 'T1' $$,
                  $$ VALUES (false, '2025-12-03'::date) $$,
                  'AT-16: the trainee is not hired: the employment ends the day the training did');
SELECT is((SELECT count(*) FROM pg_temp.training_lines('T1'))::integer, 1,
          'the line that ended the training stays, to explain the outcome');
SELECT is((SELECT count(*) FROM cs_policy.roster WHERE employee_id = pg_temp.id('T1') AND work_date > '2025-12-03')::integer, 0,
          'AT-16: the sessions after the day the training ended are off the roster, not days missed');
SELECT is((SELECT array_agg(DISTINCT briefing_minutes) FROM cs_policy.roster WHERE employee_id = pg_temp.id('T3')), '{0}'::integer[],
          'SH-6: a training session has no pre-shift briefing (the shift policy''s 10 minutes are the floor''s)');
SELECT is(cs_policy.record_training_outcome('T3', true, 'completed', acting_as => 'V1'), 'passed',
          'AT-16: a training without such a line is passed');
SELECT throws_ok($$ SELECT cs_policy.record_training_outcome('T3', false, 'again', acting_as => 'V1') $$,
                 '55000', NULL, 'an outcome is recorded once');

-- No leave during training, and who may run one.
SELECT throws_ok($$ SELECT cs_policy.request_leave('personal', '2025-12-04', '2025-12-04', 1, 'family', acting_as => 'T4') $$,
                 '55000', 'no leave during the onboarding training (2025-12-01 to 2025-12-05)',
                 'AT-16: a trainee may not ask for leave during the training');
SELECT throws_ok($$ SELECT cs_policy.start_training('T4', '2025-12-08', '2025-12-12', acting_as => 'V1') $$,
                 '55000', NULL, 'a new hire is trained once');
SELECT throws_ok($$ SELECT cs_policy.start_training('A1', '2025-12-08', '2025-12-12', acting_as => 'T4') $$,
                 '42501', NULL, 'an agent does not start a training');
SELECT throws_ok($$ SELECT cs_policy.record_training_outcome('A1', true, 'x', acting_as => 'V1') $$,
                 'P0002', NULL, 'an outcome needs a training');
SELECT throws_ok($$ SELECT cs_policy.start_training('A1', '2025-12-08', '2025-12-12', acting_as => 'V1') $$,
                 '55000', NULL, 'AT-16: the onboarding training is a new hire''s: not that of an agent hired in 2024');
SELECT cs_policy.start_training('T5', current_date + 1, current_date + 7, acting_as => 'V1');
SELECT throws_ok($$ SELECT cs_policy.record_training_outcome('T5', true, 'early', acting_as => 'V1') $$,
                 '55000', NULL, 'a training is passed once its last day is over');
SELECT is(cs_policy.record_training_outcome('T5', false, 'did not keep up', acting_as => 'V1'), 'failed',
          'a training may be recorded as failed for another reason');
SELECT is((SELECT active FROM cs_policy.employee WHERE code = 'T5'), true,
          'but then ending the employment is HR''s: only a failure under AT-16''s limits ends it here');

-- AT-18 (points_2024, seeds 004): 培训结束上岗后一个月内提出辞职,将不结算工资.
-- On the e-commerce desk T6 and T7 pass a three-day training and work
-- three shifts; T6 resigns, T7 is dismissed. T3 (callcenter_2012, which
-- has no such rule) resigns after a shift too. The close of December
-- withholds T6's pay for the three shifts, and nobody else's.
SELECT cs_policy.create_department('E', 'E-commerce desk', 'center');
SELECT cs_policy.set_policy('desk points', 'attendance', 'points_2024', 'E', valid_from => '2024-01-01');
SELECT cs_policy.hire_employee('V2', 'V2', 'E', 'supervisor', '2024-01-01', 6000);
SELECT cs_policy.hire_employee(c, c, 'E', 'agent', '2025-12-01', 4350) FROM unnest('{T6,T7}'::text[]) AS c;
SELECT cs_policy.start_training(c, '2025-12-01', '2025-12-03', acting_as => 'V2') FROM unnest('{T6,T7}'::text[]) AS c;
-- T8 was trained in October and resigns in December, past the month
SELECT cs_policy.hire_employee('T8', 'T8', 'E', 'agent', '2025-10-01', 4350);
SELECT cs_policy.start_training('T8', '2025-10-08', '2025-10-10', acting_as => 'V2');
SELECT pg_temp.clock('T8', d::date, '08:55 in, 12:01 out, 12:55 in, 17:31 out')
  FROM generate_series('2025-10-08'::date, '2025-10-10', '1 day') AS d;
SELECT cs_policy.record_training_outcome('T8', true, 'completed', acting_as => 'V2');
SELECT pg_temp.clock(c, d::date, '08:55 in, 12:01 out, 12:55 in, 17:31 out')
  FROM unnest('{T6,T7}'::text[]) AS c, generate_series('2025-12-01'::date, '2025-12-03', '1 day') AS d;
SELECT cs_policy.record_training_outcome(c, true, 'completed', acting_as => 'V2') FROM unnest('{T6,T7}'::text[]) AS c;
SELECT cs_policy.define_shift_template('desk', d, '09:00-18:00', 'cn') FROM unnest('{E,C}'::text[]) AS d;
SELECT cs_policy.assign_shift(c, d::date, 'desk', acting_as => 'V2')
  FROM unnest('{T6,T7,T8}'::text[]) AS c, unnest('{2025-12-04,2025-12-05,2025-12-08}'::date[]) AS d;
-- T6 also misses a shift (the 9th, charged as absence, not withheld again)
SELECT cs_policy.assign_shift('T6', '2025-12-09', 'desk', acting_as => 'V2');
SELECT cs_policy.assign_shift('T3', '2025-12-08', 'desk', acting_as => 'V1');
SELECT pg_temp.clock(c, d::date, '08:55 in, 18:01 out')
  FROM unnest('{T6,T7,T8}'::text[]) AS c, unnest('{2025-12-04,2025-12-05,2025-12-08}'::date[]) AS d;
SELECT pg_temp.clock('T3', '2025-12-08', '08:55 in, 18:01 out');
SELECT throws_ok($$ SELECT cs_policy.end_employment('T6', '2025-12-08', 'quit') $$, '22023', NULL,
                 'an employment ends for a reason of the list');
SELECT cs_policy.end_employment(c, d::date, r)
  FROM (VALUES ('T6', '2025-12-09', 'resigned'), ('T7', '2025-12-08', 'dismissed'), ('T3', '2025-12-08', 'resigned'),
               ('T8', '2025-12-08', 'resigned')) AS x(c, d, r);
SELECT cs_policy.close_period_now('2025-12-01') IS NOT NULL AS closed;
SELECT results_eq($$ SELECT e.code, a.kind, a.amount, a.from_pay FROM cs_policy.payroll_adjustment a
                      JOIN cs_policy.employee e USING (employee_id) WHERE a.rule_id = 'AT-18' $$,
                  $$ VALUES ('T6', 'wage_withheld', -600.00::numeric(12,2), true) $$,
                  'AT-18: resigning within a month of the training withholds the pay of the 3 shifts worked since it (3 x 200.00; not the day missed), and nobody else''s (dismissed, under callcenter_2012, or past the month)');
SELECT is((SELECT a.explanation FROM cs_policy.payroll_adjustment a JOIN cs_policy.employee e USING (employee_id)
            WHERE e.code = 'T6' AND a.rule_id = 'AT-18'),
          'no pay for the 3 shifts worked since the onboarding training ended on 2025-12-03: resigned, last day 2025-12-09, within 1 month(s) of it (AT-18, desk points v1: setting training_resignation_unpaid_months): 3 x daily wage 200.00 = 600.00',
          'AT-18: the item explains the training, the resignation, the setting and the arithmetic');
-- a raise from the 8th, set after HR reopened December: each shift is
-- withheld at the daily wage of its day
SELECT cs_policy.reopen_period('E', '2025-12-01', 'the raise of the 8th was forgotten') AS reopened;
SELECT cs_policy.set_wages('T6', 5220, effective => '2025-12-08');
SELECT cs_policy.close_period_now('2025-12-01', 'E') IS NOT NULL AS closed_again;
SELECT results_eq($$ SELECT a.amount, a.explanation FROM cs_policy.payroll_adjustment a JOIN cs_policy.employee e USING (employee_id)
                      WHERE e.code = 'T6' AND a.rule_id = 'AT-18' AND a.revision = 2 $$,
                  $$ VALUES (-640.00::numeric(12,2), 'no pay for the 3 shifts worked since the onboarding training ended on 2025-12-03: resigned, last day 2025-12-09, within 1 month(s) of it (AT-18, desk points v1: setting training_resignation_unpaid_months): 3 shifts at the daily wage of their days (200.00 to 240.00) = 640.00') $$,
                  'AT-18: with a raise between them, each shift is withheld at the daily wage of its day (200.00 + 200.00 + 240.00 = 640.00)');
SELECT is((SELECT left_because FROM cs_policy.employee WHERE code = 'T1'), 'training_failed',
          'AT-16: a trainee the rule failed leaves as training_failed');

SELECT * FROM finish();
ROLLBACK;
