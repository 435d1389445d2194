-- Attendance periods (AT-15): the calendar month by default, a closing day
-- of the policy, the reporting deadline, the presets that set them, and
-- settings that are not days.
BEGIN;
SELECT plan(17);

SELECT cs_policy.create_department('C', 'Center', 'center');
SELECT cs_policy.create_department('S', 'Service', 'project', 'C');
SELECT cs_policy.hire_employee(c, c, d, 'agent', '2024-01-01', 6000)
  FROM (VALUES ('A1', 'C'), ('B1', 'S')) AS x(c, d);
SELECT cs_policy.set_policy('center attendance', 'attendance', 'callcenter_2012', 'C', valid_from => '2024-01-01');
-- the service department takes the 2023 handbook's close on the 25th from
-- November 20th, 2026 (AT-15, seeds 003)
SELECT cs_policy.set_policy('service attendance', 'attendance', 'service_ladder_2023', 'S', valid_from => '2026-11-20');
SELECT employee_id AS a1 FROM cs_policy.employee WHERE code = 'A1' \gset
SELECT employee_id AS b1 FROM cs_policy.employee WHERE code = 'B1' \gset

SELECT is((SELECT row(p.*)::text FROM cs_policy.attendance_period(:a1, '2026-12-02') p),
          '(2026-12-01,2026-12-31,2026-12,)',
          'AT-15: by default the period is the calendar month, with no deadline set');
SELECT is((SELECT row(p.*)::text FROM cs_policy.attendance_period(:b1, '2026-12-25') p),
          '(2026-11-26,2026-12-25,2026-12,2026-12-25)',
          'AT-15 (seeds 003): under service_ladder_2023 the 25th is the last day of the period named after its month, reported that day');
SELECT is((SELECT row(p.*)::text FROM cs_policy.attendance_period(:b1, '2026-12-26') p),
          '(2026-12-26,2027-01-25,2027-01,2027-01-25)',
          'AT-15: the 26th opens the next period, January''s');
SELECT is((SELECT row(p.*)::text FROM cs_policy.attendance_period(:b1, '2026-11-22') p),
          '(2026-11-20,2026-11-25,2026-11,2026-11-25)',
          'AT-15: a policy that starts inside a period starts its first period that day');
SELECT is((SELECT row(p.*)::text FROM cs_policy.attendance_period(:b1, '2026-11-19') p),
          '(2026-11-01,2026-11-19,2026-11,)',
          'AT-15: and ends the old policy''s calendar month the day before: no day is in two periods');
-- the deadline on the business calendar: 2026-10-25 is a Sunday
SELECT is((SELECT p.deadline FROM cs_policy.period_of('{"period_close_day": 25, "report_deadline_working_days": 0}', '2026-10-10') p),
          '2026-10-26'::date, 'AT-15: a deadline of 0 working days after a close on a Sunday is the Monday');
SELECT is((SELECT p.deadline FROM cs_policy.period_of('{"period_close_day": 25, "report_deadline_working_days": 2}', '2026-10-10') p),
          '2026-10-27'::date, 'AT-15: 2 working days after Sunday the 25th: Tuesday the 27th');
SELECT is((SELECT p.deadline FROM cs_policy.period_of('{"report_deadline_day": 5}', '2026-12-31') p),
          '2027-01-05'::date, 'AT-15: reported by the 5th of the next month');
-- a closing day past a month's end closes that month on its last day
SELECT is((SELECT row(p.*)::text FROM cs_policy.period_of('{"period_close_day": 30}', '2027-02-28') p),
          '(2027-01-31,2027-02-28,2027-02,)', 'AT-15: closing on the 30th, February closes on the 28th');
SELECT is((SELECT row(p.*)::text FROM cs_policy.period_of('{"period_close_day": 30}', '2027-03-01') p),
          '(2027-03-01,2027-03-30,2027-03,)', 'and March runs from the 1st to the 30th');

-- the presets (AT-15): group_seasonal reports by the 5th; a round-the-clock calendar's day ends at 24:00
SELECT is((SELECT p.deadline FROM cs_policy.preset_setting s,
                  cs_policy.period_of(s.settings, '2026-12-15') p
            WHERE s.preset = 'group_seasonal' AND s.area = 'attendance'),
          '2027-01-05'::date, 'AT-15 (seeds 000): under group_seasonal December is reported by January 5th');
SELECT is((SELECT p.deadline FROM cs_policy.period_of('{"period_close_day": 25, "report_deadline_working_days": 0, "calendar": "cn_7x24"}', '2026-10-10') p),
          '2026-10-25'::date, 'AT-15: on a 7x24 calendar a Sunday close is reported that Sunday');

SELECT throws_ok($$ SELECT * FROM cs_policy.period_of('{"period_close_day": "25th"}', '2026-12-01') $$,
                 '22023', 'the attendance period settings must be whole numbers', 'a closing day that is not a number is refused');
SELECT throws_ok($$ SELECT * FROM cs_policy.period_of('{"period_close_day": 0}', '2026-12-01') $$,
                 '22023', NULL, 'a closing day outside 1 to 31 is refused');
SELECT throws_ok($$ SELECT * FROM cs_policy.period_of('{"report_deadline_day": 5, "report_deadline_working_days": 2}', '2026-12-01') $$,
                 '22023', 'an attendance policy sets report_deadline_day or report_deadline_working_days, not both',
                 'two deadlines are refused');
SELECT throws_ok($$ SELECT * FROM cs_policy.attendance_period(1, NULL) $$, '22004', NULL, 'a period needs a date');
SELECT throws_ok($$ SELECT * FROM cs_policy.period_of('{}', NULL) $$, '22004', NULL, 'so does period_of');

SELECT * FROM finish();
ROLLBACK;
