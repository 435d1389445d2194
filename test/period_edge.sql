-- Attendance at a period's edge: a run of missed shifts across a month end
-- and across a 25th close (AT-9), a late on the 25th and on the 26th and a
-- night shift from the 25th into the 26th under a 25th close (AT-15), a
-- policy version changing mid-period, leave approved after it started
-- (LV-1), and the one input both reads judge.
BEGIN;
SELECT plan(27);
SET LOCAL timezone = 'Asia/Shanghai';

-- C closes on the calendar month under callcenter_2012 (AT-9: 3 shifts
-- missed in a row is resignation); S, a project of C, takes the 2023
-- handbook's close on the 25th (service_ladder_2023, seeds 003) and keeps
-- C's rules: a policy with settings only leaves the rules above it in
-- force. E, a center of its own, changes its rules on December 15th.
SELECT cs_policy.create_department('C', 'Center', 'center');
SELECT cs_policy.create_department('S', 'Service', 'project', 'C');
SELECT cs_policy.create_department('E', 'East', 'center');
SELECT cs_policy.hire_employee(c, c, d, r::cs_policy.staff_role, '2024-01-01', 6000)
  FROM (VALUES ('V1', 'C', 'supervisor'), ('V2', 'E', 'supervisor'),
               ('A1', 'C', 'agent'), ('A2', 'C', 'agent'), ('L1', 'C', 'agent'), ('L2', 'C', 'agent'), ('L3', 'C', 'agent'),
               ('B1', 'S', 'agent'), ('B2', 'S', 'agent'), ('B3', 'S', 'agent'), ('E1', 'E', 'agent')) AS x(c, d, r);
SELECT cs_policy.set_policy('center attendance', 'attendance', 'callcenter_2012', 'C', valid_from => '2024-01-01');
SELECT cs_policy.set_policy('service close', 'attendance', 'service_ladder_2023', 'S', valid_from => '2024-01-01');
SELECT cs_policy.set_policy('east attendance', 'attendance', 'attendance_tiered', 'E', valid_from => '2024-01-01',
                            valid_until => '2025-12-15') AS east_v1 \gset
SELECT cs_policy.set_policy('east attendance', 'attendance', 'punchcard_strict', 'E', valid_from => '2025-12-15') AS east_v2 \gset
SELECT cs_policy.define_shift_template('day', d, '08:30-17:30', 'cn_7x24') FROM unnest('{C,E}'::text[]) AS d;
SELECT cs_policy.define_shift_template('night', 'C', '20:00-08:00', 'cn_7x24');

CREATE FUNCTION pg_temp.id(code text) RETURNS bigint LANGUAGE sql AS $$
    SELECT employee_id FROM cs_policy.employee WHERE employee.code = id.code $$;
CREATE FUNCTION pg_temp.shifts(code text, template text, supervisor text, VARIADIC days date[]) RETURNS bigint LANGUAGE sql AS $$
    SELECT count(cs_policy.assign_shift(code, d, template, acting_as => supervisor)) FROM unnest(days) AS d $$;
CREATE FUNCTION pg_temp.clock(code text, day date, punches text) RETURNS bigint LANGUAGE sql AS $$
    WITH done AS (
        INSERT INTO cs_policy.punch (employee_id, at, kind, source)
        SELECT pg_temp.id(code), (day + split_part(btrim(p), ' ', 1)::interval) AT TIME ZONE 'Asia/Shanghai',
               split_part(btrim(p), ' ', 2)::cs_policy.punch_kind, 'time clock'
          FROM unnest(string_to_array(punches, ',')) AS p
        RETURNING 1)
    SELECT count(*) FROM done $$;
-- approved leave, asked and approved at the given times (LV-1)
CREATE FUNCTION pg_temp.leave(code text, kind cs_policy.leave_type, day date, asked timestamptz, approved timestamptz)
RETURNS void LANGUAGE sql AS $$
    INSERT INTO cs_policy.leave_request (employee_id, leave_type, first_day, last_day, days, reason, channel, approvers,
                                         approvals, state, requested_at, decided_at, documents_filed_at)
    VALUES (pg_temp.id(code), kind, day, day, 1, 'family matter', CASE WHEN kind = 'sick' THEN 'phone' ELSE 'form' END,
            '{team_lead}', 1, 'approved', asked, approved, CASE WHEN kind = 'sick' THEN approved END) $$;

-- AT-9 across a month end: Dec 30, Dec 31, Jan 2 and Jan 5 missed.
SELECT pg_temp.shifts('A1', 'day', 'V1', VARIADIC '{2025-12-29,2025-12-30,2025-12-31,2026-01-02,2026-01-05}');
SELECT pg_temp.clock('A1', '2025-12-29', '08:30 in, 17:30 out');
SELECT is((SELECT count(*) FROM cs_policy.penalty_lines(pg_temp.id('A1'), '2025-12-01') WHERE kind = 'consecutive_absence')::integer,
          0, 'AT-9: two shifts missed at the end of December raise nothing in December');
SELECT results_eq($$ SELECT work_date, kind, rule_id, measure, flags FROM cs_policy.penalty_lines(pg_temp.id('A1'), '2026-01-01')
                      WHERE kind = 'consecutive_absence' $$,
                  $$ VALUES ('2026-01-02'::date, 'consecutive_absence', 'AT-9', 4::numeric, '{wage_withheld,resignation}'::text[]) $$,
                  'AT-9: the run goes on in January: resignation on Jan 2, the 3rd shift missed in a row, charged to January (4 in a row by Jan 5)');
SELECT is((SELECT count(*) FROM cs_policy.penalty_lines(pg_temp.id('A1'), '2026-01-01') WHERE work_date < '2026-01-01')::integer,
          0, 'AT-15: no line of January''s period is dated in December');
SELECT is((SELECT i.lookback_first FROM cs_policy.attendance_input('2026-01-01', pg_temp.id('A1')) i),
          '2025-12-11'::date, 'AT-9: the engine looks back 21 days before the period: 7 for each of the 3 shifts of the longest run its rules charge');

-- AT-9: a new run in January is charged though the run carried from
-- December is longer: Dec 29-31 and Jan 2 missed, Jan 5 worked, Jan 12-14 missed.
SELECT pg_temp.shifts('A2', 'day', 'V1', VARIADIC '{2025-12-29,2025-12-30,2025-12-31,2026-01-02,2026-01-05,2026-01-12,2026-01-13,2026-01-14}');
SELECT pg_temp.clock('A2', '2026-01-05', '08:30 in, 17:30 out');
SELECT results_eq($$ SELECT work_date, measure FROM cs_policy.penalty_lines(pg_temp.id('A2'), '2025-12-01')
                      WHERE kind = 'consecutive_absence' $$,
                  $$ VALUES ('2025-12-31'::date, 3::numeric) $$,
                  'AT-9: the run of Dec 29 to 31 is resignation on the 31st, in December');
SELECT results_eq($$ SELECT work_date, measure FROM cs_policy.penalty_lines(pg_temp.id('A2'), '2026-01-01')
                      WHERE kind = 'consecutive_absence' $$,
                  $$ VALUES ('2026-01-14'::date, 3::numeric) $$,
                  'AT-9: in January the run carried on from December (4 by Jan 2) is not charged again, the new run of Jan 12 to 14 is');

-- AT-9 across a 25th close: Dec 24, 25 and 26 missed.
SELECT pg_temp.shifts('B1', 'day', 'V1', VARIADIC '{2025-12-23,2025-12-24,2025-12-25,2025-12-26}');
SELECT pg_temp.clock('B1', '2025-12-23', '08:30 in, 17:30 out');
SELECT is((SELECT row(p.*)::text FROM cs_policy.attendance_period(pg_temp.id('B1'), '2025-12-26') p),
          '(2025-12-26,2026-01-25,2026-01,2026-01-26)',
          'AT-15 (seeds 003): the 26th opens January''s period, reported on Monday the 26th (the 25th is a Sunday)');
SELECT is((SELECT count(*) FROM cs_policy.penalty_lines(pg_temp.id('B1'), '2025-12-25') WHERE kind = 'consecutive_absence')::integer,
          0, 'AT-9: two shifts missed up to the 25th raise nothing in the period closing on the 25th');
SELECT results_eq($$ SELECT work_date, measure FROM cs_policy.penalty_lines(pg_temp.id('B1'), '2025-12-26')
                      WHERE kind = 'consecutive_absence' $$,
                  $$ VALUES ('2025-12-26'::date, 3::numeric) $$,
                  'AT-9: the third, on the 26th, is resignation in the period that opens that day');
SELECT is((SELECT array_agg(DISTINCT work_date ORDER BY work_date) FROM cs_policy.penalty_lines(pg_temp.id('B1'), '2025-12-25')
            WHERE kind = 'absence'),
          '{2025-12-24,2025-12-25}'::date[], 'each missed shift is an absence of the period of its work date');

-- A late on the 25th and on the 26th under a 25th close (AT-8: more than
-- 15 minutes is half a day's absence).
SELECT pg_temp.shifts('B2', 'day', 'V1', VARIADIC '{2025-12-25,2025-12-26}');
SELECT pg_temp.clock('B2', '2025-12-25', '08:50 in, 17:30 out'), pg_temp.clock('B2', '2025-12-26', '08:40 in, 17:30 out');
SELECT results_eq($$ SELECT work_date, kind, absence_days FROM cs_policy.penalty_lines(pg_temp.id('B2'), '2025-12-25')
                      WHERE kind IN ('late', 'absence') $$,
                  $$ VALUES ('2025-12-25'::date, 'absence', 0.5) $$,
                  'AT-15, AT-8: 20 minutes late on the 25th is half a day''s absence in the period closing that day');
SELECT results_eq($$ SELECT work_date, kind FROM cs_policy.penalty_lines(pg_temp.id('B2'), '2026-01-10')
                      WHERE kind IN ('late', 'absence') $$,
                  $$ VALUES ('2025-12-26'::date, 'late') $$,
                  'AT-15, AT-8: 10 minutes late on the 26th is a late of the next period');

-- A night shift from the 25th into the 26th belongs to the 25th's period.
SELECT pg_temp.shifts('B3', 'night', 'V1', VARIADIC '{2025-12-25}');
SELECT pg_temp.clock('B3', '2025-12-25', '20:10 in, 32:00 out');
SELECT results_eq($$ SELECT work_date, late_minutes, period_label FROM cs_policy.attendance_day('2025-12-25', pg_temp.id('B3')) $$,
                  $$ VALUES ('2025-12-25'::date, 10, '2025-12') $$,
                  'AT-15: the night shift of the 25th, 10 minutes late, is in the period closing on the 25th');
SELECT is((SELECT count(*) FROM cs_policy.attendance_day('2025-12-26', pg_temp.id('B3')))::integer, 0,
          'and not in the next one, though it ends on the 26th');
SELECT is((SELECT array_agg(work_date) FROM cs_policy.penalty_lines(pg_temp.id('B3'), '2025-12-25') WHERE kind = 'late'),
          '{2025-12-25}'::date[], 'its late is charged in the period closing on the 25th');

-- A policy that closes on the 25th and ends on October 10th with nothing
-- after it: its last period ends on the 9th, the calendar month takes over.
SELECT cs_policy.create_department('G', 'Gap center', 'center');
SELECT cs_policy.set_policy('gap close', 'attendance', 'service_ladder_2023', 'G', valid_from => '2025-01-01',
                            valid_until => '2025-10-10');
SELECT cs_policy.hire_employee('G1', 'G1', 'G', 'agent', '2024-01-01', 6000);
SELECT is((SELECT row(p.*)::text FROM cs_policy.attendance_period(pg_temp.id('G1'), '2025-10-05') p),
          '(2025-09-26,2025-10-09,2025-10,2025-10-27)',
          'AT-15: a closing policy that ends with none after it ends its period that day (reported when its close would have been, Monday the 27th)');
SELECT is((SELECT row(p.*)::text FROM cs_policy.attendance_period(pg_temp.id('G1'), '2025-10-15') p),
          '(2025-10-10,2025-10-31,2025-10,)', 'and the days after are the rest of the calendar month: no day in two periods');

-- A policy version changing mid-period: one period, each day by its rules.
SELECT pg_temp.shifts('E1', 'day', 'V2', VARIADIC '{2025-12-10,2025-12-16}');
SELECT pg_temp.clock('E1', '2025-12-10', '08:38 in, 17:30 out'), pg_temp.clock('E1', '2025-12-16', '08:38 in, 17:30 out');
SELECT is((SELECT row(p.*)::text FROM cs_policy.attendance_period(pg_temp.id('E1'), '2025-12-20') p),
          '(2025-12-01,2025-12-31,2025-12,)', 'AT-15: new rules from the 15th with the same close leave December one period');
SELECT results_eq($$ SELECT work_date, rule_id, amount, policy_id FROM cs_policy.penalty_lines(pg_temp.id('E1'), '2025-12-01')
                      WHERE kind = 'late' ORDER BY work_date $$,
                  format($$ VALUES ('2025-12-10'::date, 'AT-1', 32.00::numeric(12,2), %s::bigint),
                                   ('2025-12-16', 'AT-7', 20.00, %s) $$, :east_v1, :east_v2),
                  'AT-1 then AT-7: 8 minutes late costs 4 a minute under the old version, 20 under punchcard_strict from the 15th');

-- LV-1: leave asked on 12-28 and approved on 12-31 for a 12-30 shift.
SELECT pg_temp.shifts(c, 'day', 'V1', VARIADIC '{2025-12-30}') FROM unnest('{L1,L2,L3}'::text[]) AS c;
SELECT pg_temp.leave('L1', 'personal', '2025-12-30', '2025-12-28 10:00', '2025-12-31 09:00');
SELECT pg_temp.leave('L2', 'sick', '2025-12-30', '2025-12-30 07:50', '2025-12-31 09:00');
SELECT pg_temp.leave('L3', 'personal', '2025-12-30', '2025-12-28 10:00', '2025-12-29 16:00');
SELECT results_eq($$ SELECT kind, rule_id, absence_days, explanation LIKE '%leave approved only after the shift began, LV-1%'
                       FROM cs_policy.penalty_lines(pg_temp.id('L1'), '2025-12-01') WHERE work_date = '2025-12-30' $$,
                  $$ VALUES ('absence', 'LV-1', 1::numeric, true) $$,
                  'LV-1: leave approved on the 31st for a shift of the 30th is a day''s absence, and the line says why');
SELECT results_eq($$ SELECT employee_code, on_leave, absence FROM cs_policy.attendance_day('2025-12-01')
                      WHERE work_date = '2025-12-30' AND employee_code LIKE 'L%' ORDER BY employee_code $$,
                  $$ VALUES ('L1', false, 'full_day'), ('L2', true, 'none'), ('L3', true, 'none') $$,
                  'LV-1: attendance_day agrees; sick leave asked by phone may be approved afterwards (LV-3); leave approved the day before counts');
SELECT is((SELECT count(*) FROM unnest('{L2,L3}'::text[]) AS c, cs_policy.penalty_lines(pg_temp.id(c), '2025-12-01') l
            WHERE l.work_date = '2025-12-30')::integer, 0, 'LV-1: leave approved in time charges nothing');

-- One input: the engine's lines and attendance_day read the same value.
SELECT is((SELECT sum(absence_days) FROM cs_policy.attendance_day('2025-12-25') WHERE employee_code LIKE 'B%'),
          (SELECT sum(absence_days) FROM cs_policy.period_penalty_lines('2025-12-25')
            WHERE employee_code LIKE 'B%' AND kind = 'absence'),
          'attendance_day and the penalty lines count the same absence in a period closing on the 25th');
SELECT is((SELECT array_agg(DISTINCT period_label ORDER BY period_label) FROM cs_policy.period_penalty_lines('2025-12-20')),
          '{2025-12}'::text[], 'AT-15: a read of every employee takes each one''s own period containing the date');
SELECT is((SELECT array_agg(DISTINCT (period_first, period_last)::text ORDER BY (period_first, period_last)::text)
             FROM cs_policy.period_penalty_lines('2025-12-20')),
          '{"(2025-11-26,2025-12-25)","(2025-12-01,2025-12-31)"}'::text[],
          'AT-15: the calendar month for C and E, the 26th to the 25th for S');
SELECT throws_ok($$ SELECT * FROM cs_policy.period_penalty_lines(NULL) $$, '22004', NULL, 'a read needs a period');
-- A rollup next to a parallel scan: a parallel query refuses to start a
-- subtransaction, so nothing on the read's path may catch an exception.
SET LOCAL parallel_setup_cost = 0;
SET LOCAL parallel_tuple_cost = 0;
SET LOCAL min_parallel_table_scan_size = 0;
SELECT lives_ok($$ SELECT (SELECT count(*) FROM cs_policy.roster), (SELECT count(*) FROM cs_policy.period_penalty_lines('2025-12-20')) $$,
                'a period''s read runs beside a parallel scan');
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;

SELECT * FROM finish();
ROLLBACK;
