-- The attendance engine: penalty lines and month totals under each preset
-- (AT-1 to AT-14), leave that does not count (LV-1, LV-3, LV-5, SH-8), the
-- floor of AT-5, refusals with their SQLSTATEs, and the awkward cases:
-- overnight shifts across a month end, DST, duplicate punches, punches
-- with no shift.
BEGIN;
SELECT plan(80);
SET LOCAL timezone = 'Asia/Shanghai';

SELECT cs_policy.create_department('C', 'Center', 'center');
SELECT cs_policy.create_department('P', 'Project', 'project', 'C');
SELECT cs_policy.create_department(t, 'team ' || t, 'team', 'P')
  FROM unnest('{TT,TG,TP,TC,TH,TS,TX,TD}'::text[]) AS t;
SELECT cs_policy.hire_employee(c, c, d, r::cs_policy.staff_role, '2024-01-01', w)
  FROM (VALUES ('M1', 'P', 'manager', 15000), ('S1', 'P', 'supervisor', 9000), ('R1', 'P', 'trainer', 8000),
               ('L1', 'TT', 'team_lead', 7000),
               ('T1', 'TT', 'agent', 5220), ('T2', 'TT', 'agent', 5220), ('T3', 'TT', 'agent', 5220),
               ('G1', 'TG', 'agent', 5220), ('G2', 'TG', 'agent', 5220),
               ('K1', 'TP', 'agent', 5220), ('K2', 'TP', 'agent', 5220),
               ('Q1', 'TC', 'agent', 5220), ('Q2', 'TC', 'agent', 5220),
               ('H1', 'TH', 'agent', 5220), ('D1', 'TS', 'agent', 5220),
               ('X1', 'TX', 'agent', 4800), ('X2', 'TX', 'agent', 4800), ('N1', 'TD', 'agent', 5220)) AS x(c, d, r, w);
SELECT cs_policy.set_department_manager('TT', 'L1');
SELECT cs_policy.set_policy(t || ' rules', 'attendance', p, t, valid_from => '2025-01-01')
  FROM (VALUES ('TT', 'attendance_tiered'), ('TG', 'group_seasonal'), ('TP', 'punchcard_strict'),
               ('TC', 'callcenter_2012'), ('TH', 'hotline_2009'), ('TS', 'sales_desk'), ('TX', 'points_2024')) AS x(t, p);
SELECT cs_policy.define_shift_template('office', 'P', '08:30-17:30', 'cn');
SELECT cs_policy.define_shift_template('split', 'P', '08:30-12:00,13:00-17:00', 'cn_group_seasonal');
SELECT cs_policy.define_shift_template('night', 'P', '20:00-08:00', 'cn_7x24');

CREATE FUNCTION pg_temp.shifts(code text, template text, VARIADIC days date[]) RETURNS bigint LANGUAGE sql AS $$
    SELECT count(cs_policy.assign_shift(code, d, template, acting_as => 'S1')) FROM unnest(days) AS d $$;
CREATE FUNCTION pg_temp.clock(code text, day date, punches text) RETURNS bigint LANGUAGE sql AS $$
    WITH done AS (
        INSERT INTO cs_policy.punch (employee_id, at, kind, source)
        SELECT e.employee_id, (day + split_part(btrim(p), ' ', 1)::interval) AT TIME ZONE 'Asia/Shanghai',
               split_part(btrim(p), ' ', 2)::cs_policy.punch_kind, 'time clock'
          FROM cs_policy.employee e, unnest(string_to_array(punches, ',')) AS p
         WHERE e.code = clock.code
        RETURNING 1)
    SELECT count(*) FROM done $$;
CREATE FUNCTION pg_temp.pl(code text, month date DEFAULT '2025-12-01')
RETURNS TABLE (line integer, work_date date, kind text, rule_id text, measure numeric, amount numeric, points numeric,
               flags text[], absence_days numeric, explanation text) LANGUAGE sql AS $$
    SELECT l.line, l.work_date, l.kind, l.rule_id, l.measure, l.amount, l.points, l.flags, l.absence_days, l.explanation
      FROM cs_policy.employee e, cs_policy.penalty_lines(e.employee_id, month) l WHERE e.code = pl.code ORDER BY l.line $$;

-- AT-1: the tiers and their boundaries (attendance_tiered, 240.00 a day).
SELECT pg_temp.shifts('T1', 'office', VARIADIC '{2025-12-01,2025-12-02,2025-12-03,2025-12-04,2025-12-05,2025-12-08}');
SELECT pg_temp.clock('T1', '2025-12-01', '08:40:59 in, 17:31 out'),   -- 10 min
       pg_temp.clock('T1', '2025-12-02', '08:41 in, 17:31 out'),      -- 11 min
       pg_temp.clock('T1', '2025-12-03', '09:00:30 in, 17:31 out'),   -- 30 min
       pg_temp.clock('T1', '2025-12-04', '09:01 in, 17:31 out'),      -- 31 min
       pg_temp.clock('T1', '2025-12-05', '09:29 in, 17:31 out'),      -- 59 min
       pg_temp.clock('T1', '2025-12-08', '09:30 in, 17:31 out');      -- 60 min
SELECT results_eq($$ SELECT measure, amount, absence_days FROM pg_temp.pl('T1') WHERE kind IN ('late', 'absence') ORDER BY line $$,
                  $$ VALUES (10::numeric, 40.00::numeric, 0::numeric), (11, 50.00, 0), (30, 50.00, 0), (31, 240.00, 0),
                            (59, 240.00, 0), (0.111111, 240.00, 0.111111) $$,
                  'AT-1: 4 a minute to 10 minutes (08:40:59 is 10), 50 over 10 to 30, a day''s wage over 30 and under 60, absence from 60');
SELECT is((SELECT explanation FROM pg_temp.pl('T1') WHERE kind = 'late' AND measure = 11),
          'late 11 min, step (10,30] -> 50.00 (AT-1, attendance_tiered v1)', 'AT-1: a line names the measure, the step, the rule and the policy version');
-- AT-2: from the 3rd late, early or away in the month, 100 more; 60 minutes was an absence, not a late.
SELECT results_eq($$ SELECT measure, amount FROM pg_temp.pl('T1') WHERE kind = 'count' ORDER BY line $$,
                  $$ VALUES (3::numeric, 100.00::numeric), (4, 100.00), (5, 100.00) $$,
                  'AT-2: the 3rd, 4th and 5th cost 100 more; the 6th late (60 minutes) became an absence and is not counted');
SELECT pg_temp.shifts('T2', 'office', VARIADIC ARRAY(SELECT d::date FROM generate_series('2025-12-01'::date, '2025-12-19', '1 day') d
                                                       WHERE cs_policy.is_working_day('cn', d::date)));
SELECT count(pg_temp.clock('T2', d::date, '08:35 in, 17:31 out'))
  FROM generate_series('2025-12-01'::date, '2025-12-19', '1 day') d WHERE cs_policy.is_working_day('cn', d::date);
SELECT results_eq($$ SELECT measure, flags FROM pg_temp.pl('T2') WHERE kind = 'count' AND measure >= 14 ORDER BY line $$,
                  $$ VALUES (14::numeric, '{}'::text[]), (15, '{dismissal_review}') $$,
                  'AT-2: the 15th late of the month raises dismissal_review');

-- AT-3: absence charges, and half the monthly wage for 2 days or more when that is more.
SELECT pg_temp.shifts('T3', 'office', VARIADIC '{2025-12-01,2025-12-02,2025-12-03}');
SELECT pg_temp.clock('T3', '2025-12-03', '08:25 in, 13:00 out');   -- 270 minutes early: 0.5 day
SELECT results_eq($$ SELECT work_date, amount, absence_days FROM pg_temp.pl('T3') WHERE kind IN ('absence', 'month_absence') ORDER BY line $$,
                  $$ VALUES ('2025-12-01'::date, 720.00::numeric, 1::numeric), ('2025-12-02', 720.00, 1),
                            ('2025-12-03', 480.00, 0.5), ('2025-12-31', 690.00, 0) $$,
                  'AT-3: a day''s absence costs three days'' wages, half a day two; 2.5 days cost half the monthly wage (2610) instead: +690');
SELECT is((SELECT amount FROM cs_policy.attendance_totals((SELECT employee_id FROM cs_policy.employee WHERE code = 'T3'), '2025-12-01')),
          2610.00::numeric(12,2), 'AT-3: the month''s total for that absence is half the monthly wage');

-- AT-4: a missed punch; the handbook's charges are cut off, a policy sets them.
SELECT cs_policy.set_policy('TD rules', 'attendance', 'attendance_tiered', 'TD', valid_from => '2025-01-01',
                            settings => '{"rules": "missing_punch (AT-4) = occurrences: [1,2] none; [3,) 50\nincident punch_correction (AT-4) = occurrences: [1,1] none; [2,) 30"}');
SELECT pg_temp.shifts('N1', 'office', VARIADIC '{2025-12-01,2025-12-02,2025-12-03,2025-12-04}');
SELECT pg_temp.clock('N1', d, '08:20 in') FROM unnest('{2025-12-01,2025-12-02,2025-12-03}'::date[]) d;
SELECT pg_temp.clock('N1', '2025-12-04', '17:35 out');
SELECT results_eq($$ SELECT measure, amount FROM pg_temp.pl('N1') WHERE kind = 'missing_punch' ORDER BY line $$,
                  $$ VALUES (1::numeric, 0.00::numeric), (2, 0.00), (3, 50.00), (4, 50.00) $$,
                  'AT-4: missed punches beyond the policy''s monthly allowance (2) are charged');
INSERT INTO cs_policy.punch_correction (employee_id, at, work_date, kind, reason, requested_at, deadline, state)
SELECT employee_id, '2025-12-01 17:35+08', '2025-12-01', 'out', 'badge reader down', '2025-12-02 09:00+08', '2025-12-03 18:00+08', 'approved'
  FROM cs_policy.employee WHERE code = 'N1' RETURNING correction_id AS fix \gset
INSERT INTO cs_policy.punch (employee_id, at, kind, source, correction_id)
SELECT employee_id, '2025-12-01 17:35+08', 'out', 'correction', :fix FROM cs_policy.employee WHERE code = 'N1';
SELECT is((SELECT count(*) FROM pg_temp.pl('N1') WHERE kind = 'missing_punch')::integer, 3,
          'AT-4: an approved correction supplies the punch: it is no longer missing');
-- AT-4: corrections beyond the policy's monthly allowance are charged (the
-- handbook's table is cut off: here one a month is free, each one more 30).
INSERT INTO cs_policy.punch_correction (employee_id, at, work_date, kind, reason, requested_at, deadline, state)
SELECT employee_id, '2025-12-02 17:35+08', '2025-12-02', 'out', 'forgot', '2025-12-03 09:00+08', '2025-12-04 18:00+08', 'approved'
  FROM cs_policy.employee WHERE code = 'N1' RETURNING correction_id AS fix2 \gset
INSERT INTO cs_policy.punch (employee_id, at, kind, source, correction_id)
SELECT employee_id, '2025-12-02 17:35+08', 'out', 'correction', :fix2 FROM cs_policy.employee WHERE code = 'N1';
SELECT results_eq($$ SELECT work_date, measure, amount, rule_id FROM pg_temp.pl('N1') WHERE kind = 'incident' ORDER BY line $$,
                  $$ VALUES ('2025-12-01'::date, 1::numeric, 0.00::numeric, 'AT-4'), ('2025-12-02', 2, 30.00, 'AT-4') $$,
                  'AT-4: the first correction of the month is within the allowance, the second is charged 30');
SELECT matches((SELECT explanation FROM pg_temp.pl('N1') WHERE kind = 'incident' ORDER BY line DESC LIMIT 1),
               '^incident punch_correction \(2nd in the period\), step \[2,\) -> 30.*missed out punch supplied by an approved correction: forgot$',
               'AT-4: the line says which correction of the month it is, the step and why');

-- SH-6: signing in after the time to report for the briefing (10 minutes
-- before the start) but by the start is a late to the briefing, judged by
-- the rules that name it (here: the 1st of the month free, then 10 each); a
-- sign-in after the start is the shift's lateness only.
SELECT cs_policy.create_department('TB', 'team TB', 'team', 'P');
SELECT cs_policy.hire_employee('N2', 'N2', 'TB', 'agent', '2024-01-01', 5220);
SELECT cs_policy.set_policy('TB rules', 'attendance', 'attendance_tiered', 'TB', valid_from => '2025-01-01',
                            settings => '{"rules": "incident briefing_late (SH-6) = occurrences: [1,1] none; [2,) 10"}');
SELECT pg_temp.shifts('N2', 'office', VARIADIC '{2025-12-01,2025-12-02,2025-12-03,2025-12-04}');
SELECT pg_temp.clock('N2', d::date, t || ' in, 17:35 out')
  FROM (VALUES ('2025-12-01', '08:25'), ('2025-12-02', '08:29:30'), ('2025-12-03', '08:20'), ('2025-12-04', '08:33')) AS x(d, t);
SELECT results_eq($$ SELECT work_date, kind, rule_id, amount FROM pg_temp.pl('N2') WHERE kind IN ('incident', 'late') ORDER BY line $$,
                  $$ VALUES ('2025-12-01'::date, 'incident', 'SH-6', 0.00::numeric), ('2025-12-02', 'incident', 'SH-6', 10.00),
                            ('2025-12-04', 'late', 'AT-1', 12.00) $$,
                  'SH-6: 5 and 9.5 minutes after reporting time are lates to the briefing (the 2nd charged), exactly at 08:20 is in time, 08:33 is a late to the shift only');
SELECT matches((SELECT explanation FROM pg_temp.pl('N2') WHERE kind = 'incident' ORDER BY line LIMIT 1),
               'briefing_late.*signed in 5.0 min after the time to report for the 10-minute briefing, 5.0 min before the shift$',
               'SH-6: the line says how late to the briefing and how long before the shift');
SELECT is((SELECT late FROM cs_policy.attendance_totals((SELECT employee_id FROM cs_policy.employee WHERE code = 'N2'), '2025-12-01')),
          1, 'SH-6: a late to the briefing is not a late of the shift');

-- AT-5: the floor. A department may be stricter, never more lenient, on
-- any day both are in force (in a center of its own).
SELECT cs_policy.create_department('C5', 'Center 5', 'center');
SELECT cs_policy.create_department('P5', 'Project 5', 'project', 'C5');
SELECT cs_policy.create_department('T5', 'Team 5', 'team', 'P5');
SELECT cs_policy.set_policy('floor 5', 'attendance', 'attendance_tiered', 'C5', valid_from => '2025-01-01');
SELECT throws_ok($$ SELECT cs_policy.set_policy('lenient', 'attendance', 'punchcard_strict', 'T5', valid_from => '2026-01-01') $$,
                 '23514', NULL, 'AT-5: punchcard_strict is more lenient than attendance_tiered: refused (23514)');
SELECT throws_like($$ SELECT cs_policy.set_policy('T5 lenient', 'attendance', 'attendance_tiered', 'T5', valid_from => '2026-02-01',
                         settings => '{"rules": "late (AT-1) = minutes: (0,10] 3 per unit; (10,30] 50; (30,60) 1 daily_wage; [60,) absence"}') $$,
                   '%would be more lenient than "floor 5" v1 for C5%', 'AT-5: a team''s rules below the center''s are refused, naming them');
SELECT lives_ok($$ SELECT cs_policy.set_policy('T5 stricter', 'attendance', 'attendance_tiered', 'T5', valid_from => '2026-02-01',
                      settings => '{"rules": "missing_punch (AT-4) = occurrences: [1,) 50"}') $$,
                'AT-5: rules at least as strict as every rule above them are accepted');
SELECT throws_ok($$ SELECT cs_policy.set_policy('strict project', 'attendance', 'attendance_tiered', 'P5', valid_from => '2026-03-01',
                       settings => '{"rules": "missing_punch (AT-4) = occurrences: [1,) 80"}') $$,
                 '23514', NULL, 'AT-5: a stricter rule above that would leave a department''s rules below it is refused too');
-- AT-5: a manager who covers up for lateness pays three times the employee's penalty.
SELECT cs_policy.report_cover_up('L1', 'T1', '2025-12-02', 'signed T1 in as on time', acting_as => 'S1') AS cover \gset
SELECT results_eq($$ SELECT measure, amount, rule_id FROM pg_temp.pl('L1') $$,
                  $$ VALUES (50::numeric, 150.00::numeric, 'AT-5'::text) $$, 'AT-5: the team lead pays 3 x 50.00 for covering up an 11-minute late');
SELECT throws_ok($$ SELECT cs_policy.report_cover_up('S1', 'T1', '2025-12-02', 'x', acting_as => 'L1') $$,
                 '42501', NULL, 'AT-5: only someone above the one who covered up reports it');
SELECT throws_ok($$ SELECT cs_policy.report_cover_up('L1', 'T1', '2025-12-10', 'x', acting_as => 'S1') $$,
                 '22023', NULL, 'AT-5: a day without a charge for lateness has nothing to cover up');

-- AT-6 (group_seasonal, winter hours 08:30-12:00 and 13:00-17:00), with
-- AT-20: below manager level each half day is punched in and out, and
-- judged on its own.
SELECT pg_temp.shifts('G1', 'split', VARIADIC '{2025-12-01,2025-12-02,2025-12-03,2025-12-04,2025-12-05,2025-12-08}');
SELECT pg_temp.clock('G1', '2025-12-01', '08:45:10 in, 12:02 out, 12:55 in, 17:02 out'),  -- 15 min late
       pg_temp.clock('G1', '2025-12-02', '08:46 in, 12:02 out, 12:55 in, 17:02 out'),     -- 16 min late
       pg_temp.clock('G1', '2025-12-03', '08:20 in, 12:03 out'),                          -- gone after the morning
       pg_temp.clock('G1', '2025-12-04', '12:02 out, 12:55 in, 17:02 out'),               -- no sign-in in the morning
       pg_temp.clock('G1', '2025-12-05', '08:20 in, 12:01 out, 12:59 in, 17:01 out'),     -- an ordinary day
       pg_temp.clock('G1', '2025-12-08', '08:20 in, 12:01 out, 13:07 in, 17:01 out');     -- 7 min late after lunch
SELECT results_eq($$ SELECT work_date, kind, rule_id, amount, absence_days FROM pg_temp.pl('G1') ORDER BY line $$,
                  $$ VALUES ('2025-12-01'::date, 'late'::text, 'AT-6'::text, 20.00::numeric, 0::numeric),
                            ('2025-12-02', 'absence', 'AT-6', 0.00, 0.5), ('2025-12-03', 'absence', 'AT-20', 0.00, 0.5),
                            ('2025-12-04', 'absence', 'AT-6', 0.00, 0.5), ('2025-12-08', 'late', 'AT-6', 20.00, 0) $$,
                  'AT-6, AT-20: 15 minutes late 20; over 15 a half day; a half day without a punch half a day''s absence; a missing punch a half day; late after lunch is a late');
SELECT results_eq($$ SELECT work_date, late_minutes, early_minutes, missing_in, missing_out FROM cs_policy.attendance_day('2025-12-01')
                      WHERE employee_code = 'G1' AND work_date IN ('2025-12-03', '2025-12-04', '2025-12-08') ORDER BY work_date $$,
                  $$ VALUES ('2025-12-03'::date, 0, 0, false, false), ('2025-12-04', 0, 0, true, false), ('2025-12-08', 7, 0, false, false) $$,
                  'AT-20: the day''s measures are those of its half days: a sign-in missing in one, minutes late after lunch');
SELECT pg_temp.shifts('G2', 'split', VARIADIC '{2025-12-01,2025-12-02}');
SELECT pg_temp.clock('G2', d, '08:20 in, 12:01 out, 12:50 in, 17:02 out') FROM unnest('{2025-12-01,2025-12-02}'::date[]) d;
SELECT results_eq($$ SELECT kind, amount FROM pg_temp.pl('G2') $$, $$ VALUES ('full_attendance'::text, -50.00::numeric) $$,
                  'AT-6: a month of full attendance earns a bonus of 50');
-- AT-20, SEC-5: punching for someone else is a major demerit the first
-- time and a dismissal review the second (代人或授人打卡者,一经发现即予以记大
-- 过处分,再次发现即予以开除); the punch made for G3 does not count.
SELECT cs_policy.hire_employee(c, c, 'TG', 'agent', '2024-01-01', 5220) FROM unnest('{G3,G4}'::text[]) c;
SELECT pg_temp.shifts('G3', 'split', VARIADIC '{2025-12-10,2025-12-11}');
SELECT pg_temp.clock('G3', '2025-12-10', '08:20 in');
SELECT cs_policy.report_proxy_punch((SELECT max(punch_id) FROM cs_policy.punch), 'G4', 'seen on camera', acting_as => 'S1');
SELECT pg_temp.clock('G3', '2025-12-11', '08:21 in');
SELECT cs_policy.report_proxy_punch((SELECT max(punch_id) FROM cs_policy.punch), 'G4', 'seen on camera again', acting_as => 'S1');
SELECT results_eq($$ SELECT work_date, rule_id, flags FROM pg_temp.pl('G4') WHERE kind = 'incident' ORDER BY line $$,
                  $$ VALUES ('2025-12-10'::date, 'AT-20'::text, '{major_demerit}'::text[]), ('2025-12-11', 'AT-20', '{dismissal_review}') $$,
                  'AT-20, SEC-5: who punched for another gets a major demerit the first time, a dismissal review the second');
-- AT-20: managers and above punch twice a day: the whole shift is judged.
SELECT cs_policy.hire_employee('GM', 'group manager', 'TG', 'manager', '2024-01-01', 15000);
SELECT pg_temp.shifts('GM', 'split', VARIADIC '{2025-12-01,2025-12-02,2025-12-03}');
SELECT pg_temp.clock('GM', '2025-12-01', '08:20 in, 17:02 out'),
       pg_temp.clock('GM', '2025-12-02', '08:20 in, 12:59 out'),                            -- 241 min early
       pg_temp.clock('GM', '2025-12-03', '08:20 in, 17:02 out');
SELECT results_eq($$ SELECT work_date, kind, amount, absence_days FROM pg_temp.pl('GM') ORDER BY line $$,
                  $$ VALUES ('2025-12-02'::date, 'absence'::text, 0.00::numeric, 1::numeric) $$,
                  'AT-20: a manager punches in and out once a day, and over 4 hours early is a day''s absence (AT-6)');

-- AT-7 (punchcard_strict).
SELECT pg_temp.shifts('K1', 'office', VARIADIC '{2025-12-01,2025-12-02,2025-12-03,2025-12-04}');
SELECT pg_temp.clock('K1', '2025-12-01', '08:34 in, 17:31 out'), pg_temp.clock('K1', '2025-12-02', '08:35:50 in, 17:31 out'),
       pg_temp.clock('K1', '2025-12-03', '08:33 in, 17:31 out');
SELECT results_eq($$ SELECT kind, amount FROM pg_temp.pl('K1') WHERE work_date <= '2025-12-03' ORDER BY line $$,
                  $$ VALUES ('forgiven'::text, 0.00::numeric), ('forgiven', 0.00), ('late', 20.00) $$,
                  'AT-7: two lates of at most 5 minutes a month are forgiven, the third is 20');
SELECT pg_temp.clock('K1', '2025-12-04', '08:21 in') AS proxy_punches;
SELECT cs_policy.report_proxy_punch((SELECT max(punch_id) FROM cs_policy.punch), 'K2', 'seen on camera', acting_as => 'S1');
SELECT results_eq($$ SELECT e.code, l.amount, l.flags FROM cs_policy.employee e, cs_policy.penalty_lines(e.employee_id, '2025-12-01') l
                      WHERE e.code IN ('K1', 'K2') AND l.kind = 'incident' ORDER BY e.code $$,
                  $$ VALUES ('K1'::text, 100.00::numeric, '{notice}'::text[]), ('K2', 100.00, '{notice}') $$,
                  'AT-7: punching for somebody else costs 100 for each of the two');
SELECT is((SELECT absence FROM cs_policy.attendance_day('2025-12-01') WHERE employee_code = 'K1' AND work_date = '2025-12-04'), 'full_day',
          'AT-7: the punch made by someone else does not count: the day is missed');
SELECT throws_ok($$ SELECT cs_policy.report_proxy_punch((SELECT max(punch_id) FROM cs_policy.punch), 'K2', 'again', acting_as => 'S1') $$,
                 '23505', NULL, 'a proxy punch is reported once');
SELECT cs_policy.record_incident('K2', 'lost_card', d, 'lost it', acting_as => 'S1') FROM unnest('{2025-12-05,2025-12-06}'::date[]) d;
SELECT results_eq($$ SELECT amount FROM pg_temp.pl('K2') WHERE explanation LIKE '%lost_card%' ORDER BY line $$,
                  $$ VALUES (50.00::numeric), (100.00) $$, 'AT-7: a lost punch card costs 50 the first time, 100 after');
INSERT INTO cs_policy.punch_refusal (employee_id, refused_at, work_date, claimed_at, kind, source, reason)
SELECT employee_id, '2025-12-08 09:00+08', '2025-12-08', '2025-12-08 08:20+08', 'in', 'app', 'back-dated'
  FROM cs_policy.employee WHERE code = 'K2';
SELECT is((SELECT amount FROM pg_temp.pl('K2') WHERE explanation LIKE '%record_altered%'), 50.00::numeric,
          'AT-7: a punch claiming another time than when it was made is an attempt to alter the record: 50');

-- AT-8, AT-9, AT-10 (callcenter_2012).
SELECT pg_temp.shifts('Q1', 'office', VARIADIC '{2025-12-01,2025-12-02,2025-12-03,2025-12-04,2025-12-05,2025-12-08}');
SELECT pg_temp.clock('Q1', '2025-12-01', '08:45 in, 17:31 out'),   -- 15 min: a late
       pg_temp.clock('Q1', '2025-12-02', '08:46 in, 17:31 out'),   -- 16 min: half a day
       pg_temp.clock('Q1', '2025-12-03', '08:20 in, 17:26 out'),   -- 4 min early: nothing
       pg_temp.clock('Q1', '2025-12-04', '08:20 in, 17:25 out'),   -- 5 min early: early leave
       pg_temp.clock('Q1', '2025-12-05', '08:31 in, 17:31 out'),   -- 1 min: the 3rd
       pg_temp.clock('Q1', '2025-12-08', '09:30 in, 17:31 out');   -- excused below
SELECT results_eq($$ SELECT work_date, kind, absence_days, flags FROM pg_temp.pl('Q1') WHERE kind <> 'month_absence' ORDER BY line $$,
                  $$ VALUES ('2025-12-01'::date, 'late'::text, 0::numeric, '{}'::text[]), ('2025-12-02', 'absence', 0.5, '{}'),
                            ('2025-12-04', 'early', 0, '{}'), ('2025-12-05', 'late', 0, '{}'),
                            ('2025-12-05', 'count', 0, '{bonus_withheld}'), ('2025-12-08', 'absence', 1, '{}') $$,
                  'AT-8: any minute late is a late, over 15 half a day, over 30 a day; under 5 minutes early is not counted; AT-9: the 3rd withholds the bonus');
SELECT cs_policy.decide_exception(cs_policy.request_exception('2025-12-08', 'force_majeure', 'road closed', 'Q1', acting_as => 'S1'),
                                  true, acting_as => 'S1');
SELECT is((SELECT count(*) FROM pg_temp.pl('Q1') WHERE work_date = '2025-12-08')::integer, 0,
          'AT-8: an approved exception for force majeure excuses the day');
SELECT is((SELECT flags FROM pg_temp.pl('Q1') WHERE kind = 'month_absence'), '{bonus_withheld,performance_zero}'::text[],
          'AT-9: half a day of absence zeroes the month''s performance and withholds the bonuses');
SELECT pg_temp.shifts('Q2', 'office', VARIADIC '{2025-12-01,2025-12-02,2025-12-03,2025-12-04,2025-12-05,2025-12-08,2025-12-09}');
SELECT pg_temp.clock('Q2', d, '08:20 in, 17:31 out') FROM unnest('{2025-12-01,2025-12-02,2025-12-09}'::date[]) d;
SELECT results_eq($$ SELECT kind, measure, flags FROM pg_temp.pl('Q2') WHERE kind IN ('consecutive_absence', 'month_absence') ORDER BY line $$,
                  $$ VALUES ('consecutive_absence'::text, 4::numeric, '{wage_withheld,resignation}'::text[]),
                            ('month_absence', 4, '{bonus_withheld,performance_zero,wage_withheld}') $$,
                  'AT-9: shifts missed in a row (Wednesday to Monday: the weekend without shifts does not break the run) are resignation; 3 days or more: no monthly wage');
SELECT results_eq($$ SELECT department_code, attendance_rate, minimum, below_minimum FROM cs_policy.team_attendance('2025-12-01')
                      WHERE department_code = 'TC' $$,
                  $$ VALUES ('TC'::text, 0.6538::numeric, 0.95::numeric, true) $$,
                  'AT-10: the team''s attendance rate (1 - 4.5 days absent / 13 shifts) is below 95%');

-- AT-11 (hotline_2009): lateness classes from the 2nd time, field workers' calls, meetings, phones.
SELECT pg_temp.shifts('H1', 'office', VARIADIC '{2025-12-01,2025-12-02,2025-12-03,2025-12-04,2025-12-05,2025-12-08}');
SELECT pg_temp.clock('H1', '2025-12-01', '08:40 in, 17:31 out'), pg_temp.clock('H1', '2025-12-02', '08:45 in, 17:31 out'),
       pg_temp.clock('H1', '2025-12-03', '08:50 in, 17:31 out'), pg_temp.clock('H1', '2025-12-04', '09:00 in, 17:31 out');
INSERT INTO cs_policy.attendance_exception (employee_id, work_date, kind, reason, requested_at, state)
SELECT employee_id, d, 'field_work', 'went straight to a site', c, 'approved'
  FROM cs_policy.employee, (VALUES ('2025-12-05'::date, '2025-12-05 08:25+08'::timestamptz), ('2025-12-08', '2025-12-08 08:50+08')) x(d, c)
 WHERE code = 'H1';
SELECT results_eq($$ SELECT work_date, measure, amount FROM pg_temp.pl('H1') WHERE kind = 'count' ORDER BY line $$,
                  $$ VALUES ('2025-12-02'::date, 2::numeric, 20.00::numeric), ('2025-12-04', 2, 30.00), ('2025-12-08', 3, 30.00) $$,
                  'AT-11: class A (to 15 minutes) 20 and class B 30 from the 2nd; a field worker who calls at 08:50 is 20 minutes late, one who calls at 08:25 is not');
SELECT cs_policy.record_incident('H1', 'meeting_missed', '2025-12-09', 'monthly review', acting_as => 'M1');
SELECT is((SELECT amount || ' ' || flags::text FROM pg_temp.pl('H1') WHERE kind = 'incident'), '100.00 {warning}',
          'AT-11: missing a meeting costs 100 and a written warning');
SELECT throws_ok($$ SELECT cs_policy.record_incident('H1', 'phone_unreachable', '2025-12-10', 'no answer', 60, acting_as => 'M1') $$,
                 '22023', NULL, 'AT-11: an unreachable phone costs 20 to 50, not 60');

-- AT-12 (sales_desk): the n-th offence of a kind costs more.
SELECT cs_policy.record_incident('D1', 'duplicate_contact', d, 'booked twice', acting_as => 'S1')
  FROM unnest('{2025-12-02,2025-12-09,2025-12-16}'::date[]) d;
SELECT cs_policy.record_incident('D1', 'after_sales_visit_missed', d, 'not made', acting_as => 'S1')
  FROM unnest('{2025-12-03,2025-12-10,2025-12-17}'::date[]) d;
SELECT results_eq($$ SELECT amount, flags FROM pg_temp.pl('D1') ORDER BY line $$,
                  $$ VALUES (500.00::numeric, '{notice}'::text[]), (100.00, '{}'), (2000.00, '{notice}'), (200.00, '{}'),
                            (0.00, '{dismissal_review}'), (300.00, '{}') $$,
                  'AT-12: a duplicate contact 500, 2000, then dismissal; a missed visit 100, 200, 300 (accumulating)');

-- AT-13, AT-14 (points_2024).
SELECT pg_temp.shifts('X1', 'office', VARIADIC '{2025-12-01,2025-12-02,2025-12-03}');
SELECT pg_temp.clock('X1', '2025-12-01', '08:31 in, 17:31 out'), pg_temp.clock('X1', '2025-12-02', '08:31 in, 17:31 out');
SELECT cs_policy.record_incident('X1', k, '2025-12-03', 'noted', acting_as => 'R1')
  FROM unnest('{games_or_films,exam_failed}'::text[]) k;
SELECT results_eq($$ SELECT kind, points FROM pg_temp.pl('X1') WHERE points <> 0 ORDER BY line $$,
                  $$ VALUES ('count'::text, 2::numeric), ('count', 3), ('absence', 20), ('incident', 10), ('incident', 10), ('count', 20) $$,
                  'AT-13: late 2 then 3 points, absence 20, a moderate violation 10, the second moderate 20 more');
SELECT results_eq($$ SELECT measure, amount, flags FROM pg_temp.pl('X1') WHERE kind = 'score' $$,
                  $$ VALUES (15::numeric, 650.00::numeric, '{dismissal_review}'::text[]) $$,
                  'AT-14: 80 - 65 = 15 points: 65 below 80 costs 650; under 60 is flagged');
SELECT throws_ok($$ SELECT cs_policy.adjust_score('X1', '2025-12-01', 5.5, 'why not', acting_as => 'R1') $$,
                 '22023', NULL, 'AT-14: the trainer adjusts by at most 5 points');
SELECT throws_ok($$ SELECT cs_policy.adjust_score('X1', '2025-12-01', 2, '', acting_as => 'R1') $$,
                 '22004', NULL, 'AT-14: an adjustment needs a written reason');
SELECT throws_ok($$ SELECT cs_policy.adjust_score('X1', '2025-12-01', 2, 'nice', acting_as => 'X2') $$,
                 '42501', NULL, 'AT-14: an agent does not adjust a colleague''s score');
SELECT cs_policy.end_policy((SELECT policy_id FROM cs_policy.policy WHERE name = 'TX rules'), '2026-01-01');
SELECT cs_policy.set_policy('TX more', 'attendance', 'points_2024', 'TX', valid_from => '2026-01-01',
                            settings => '{"rules": "incident top_of_desk (AT-14) = occurrences: [1,) -40 points"}');
SELECT pg_temp.shifts('X2', 'office', VARIADIC '{2026-01-05}');
SELECT pg_temp.clock('X2', '2026-01-05', '08:20 in, 17:31 out');
SELECT cs_policy.record_incident('X2', 'top_of_desk', '2026-01-05', 'best of the desk', acting_as => 'R1');
SELECT results_eq($$ SELECT measure, amount FROM pg_temp.pl('X2', '2026-01-01') WHERE kind = 'score' $$,
                  $$ VALUES (110::numeric, -300.00::numeric) $$, 'AT-14: the score counts up to 110 (+300 pay), not 120');
UPDATE cs_policy.employee SET hired_on = '2025-11-20' WHERE code = 'X1';
SELECT is((SELECT amount FROM pg_temp.pl('X1') WHERE kind = 'score'), 0.00::numeric,
          'AT-14: in the first two months the score does not move pay');

-- Leave that does not count (LV-1, LV-3, LV-5, SH-8).
SELECT pg_temp.shifts('T3', 'office', VARIADIC '{2025-12-08,2025-12-09,2025-12-10,2025-12-11}');
INSERT INTO cs_policy.leave_request (employee_id, leave_type, first_day, last_day, days, reason, approvers, approvals, state,
                                     channel, documents_filed_at, voided_under)
SELECT employee_id, t::cs_policy.leave_type, d, d, 1, 'x', '{team_lead}', a, s, c, f, CASE WHEN s = 'void' THEN 'LV-5' END
  FROM cs_policy.employee,
       (VALUES ('annual', date '2025-12-08', 0, 'requested', 'form', NULL::timestamptz),
               ('sick', '2025-12-09', 1, 'approved', 'phone', NULL),
               ('annual', '2025-12-10', 1, 'void', 'form', NULL),
               ('sick', '2025-12-11', 1, 'approved', 'phone', '2025-12-12 09:00+08')) AS x(t, d, a, s, c, f)
 WHERE code = 'T3';
SELECT results_eq($$ SELECT work_date, absence_days, explanation ~ 'no punch|LV-3|LV-5' FROM pg_temp.pl('T3')
                      WHERE kind = 'absence' AND work_date >= '2025-12-08' ORDER BY line $$,
                  $$ VALUES ('2025-12-08'::date, 1::numeric, true), ('2025-12-09', 1, true), ('2025-12-10', 1, true) $$,
                  'LV-1, LV-3, LV-5: leave not yet approved, sick leave whose documents never came and leave on a false reason are absence; documented sick leave is leave');
SELECT is((SELECT explanation FROM pg_temp.pl('T3') WHERE work_date = '2025-12-10'),
          'absent 1 day (leave taken on a false reason, LV-5), step [1,) -> 3 x daily wage 240.00 = 720.00 (AT-3, attendance_tiered v1)',
          'LV-5: the line says why the leave counts as absence');
-- LV-7: sick leave during which she worked a shift at another company is voided under LV-7: absence, and the line says so.
SELECT pg_temp.shifts('T3', 'office', VARIADIC '{2025-12-12}');
INSERT INTO cs_policy.leave_request (employee_id, leave_type, first_day, last_day, days, reason, approvers, approvals, state, channel)
SELECT employee_id, 'sick', '2025-12-12', '2025-12-12', 1, 'back pain', '{team_lead}', 1, 'approved', 'phone'
  FROM cs_policy.employee WHERE code = 'T3'
RETURNING leave_id AS lv7 \gset
SELECT throws_ok(format($$ SELECT cs_policy.void_leave(%s, 'worked elsewhere', acting_as => 'S1', under => 'LV-9') $$, :lv7),
                 '22023', 'leave is voided under LV-5 or LV-7, not LV-9', 'LV-7: leave is voided under LV-5 or LV-7 only');
SELECT lives_ok(format($$ SELECT cs_policy.void_leave(%s, 'worked a shift at a logistics company that day', acting_as => 'S1',
                                                      under => 'LV-7') $$, :lv7),
                'LV-7: a supervisor voids leave whose type the person''s activity contradicts');
SELECT results_eq($$ SELECT kind, absence_days, amount, also_cites, explanation FROM cs_policy.penalty_lines(
                             (SELECT employee_id FROM cs_policy.employee WHERE code = 'T3'), '2025-12-01')
                      WHERE work_date = '2025-12-12' $$,
                  $$ VALUES ('absence', 1::numeric, 720.00::numeric, '{LV-7}'::text[],
                             'absent 1 day (leave voided: the person did what its type rules out, LV-7), step [1,) -> 3 x daily wage 240.00 = 720.00 (AT-3, attendance_tiered v1)') $$,
                  'LV-7: leave voided because the activity contradicts its type is a day''s absence, and the line says why');
SELECT is((SELECT counts_as FROM cs_policy.leave_overview WHERE leave_id = :lv7),
          'absence: the person did during it what the leave type rules out (LV-7)', 'LV-7: the leave overview says how its days count');
-- LV-5: a false reason is absence plus a penalty, where the rules name one (incident false_leave_reason).
SELECT cs_policy.create_department('TL', 'team TL', 'team', 'P');
SELECT cs_policy.set_policy('TL rules', 'attendance', 'attendance_tiered', 'TL', valid_from => '2025-01-01',
                            settings => '{"rules": "incident false_leave_reason (LV-5) = occurrences: [1,) 200"}');
SELECT cs_policy.hire_employee('V1', 'V1', 'TL', 'agent', '2024-01-01', 5220);
SELECT pg_temp.shifts('V1', 'office', VARIADIC '{2025-12-15}');
INSERT INTO cs_policy.leave_request (employee_id, leave_type, first_day, last_day, days, reason, approvers, approvals, state)
SELECT employee_id, 'personal', '2025-12-15', '2025-12-15', 1, 'a family wedding', '{team_lead}', 1, 'approved'
  FROM cs_policy.employee WHERE code = 'V1'
RETURNING leave_id AS lv5 \gset
SELECT cs_policy.void_leave(:lv5, 'the wedding was the week before', acting_as => 'S1');
SELECT results_eq($$ SELECT kind, rule_id, amount, absence_days FROM pg_temp.pl('V1') ORDER BY line $$,
                  $$ VALUES ('absence'::text, 'AT-3'::text, 720.00::numeric, 1::numeric),
                            ('incident', 'LV-5', 200.00, 0) $$,
                  'LV-5: leave voided for a false reason is a day''s absence plus the penalty the rules name');
-- LV-5 under callcenter_2012: the penalty is "by the circumstances"
-- (根据情节轻重予以惩处), an amount the supervisor names when voiding.
SELECT pg_temp.shifts('Q2', 'office', VARIADIC '{2025-12-16}');
INSERT INTO cs_policy.leave_request (employee_id, leave_type, first_day, last_day, days, reason, approvers, approvals, state)
SELECT employee_id, 'personal', '2025-12-16', '2025-12-16', 1, 'moving house', '{team_lead}', 1, 'approved'
  FROM cs_policy.employee WHERE code = 'Q2'
RETURNING leave_id AS lv5_2012 \gset
SELECT throws_ok(format($$ SELECT cs_policy.void_leave(%s, 'moved the month before', acting_as => 'S1') $$, :lv5_2012),
                 '22023', 'incident false_leave_reason needs its amount',
                 'LV-5 (callcenter_2012): voiding leave for a false reason needs the penalty decided');
SELECT cs_policy.void_leave(:lv5_2012, 'moved the month before', acting_as => 'S1', penalty => 150);
SELECT results_eq($$ SELECT kind, rule_id, amount, absence_days FROM pg_temp.pl('Q2') WHERE work_date = '2025-12-16' ORDER BY line $$,
                  $$ VALUES ('absence'::text, 'LV-5'::text, 0.00::numeric, 1::numeric),
                            ('incident', 'LV-5', 150.00, 0) $$,
                  'LV-5 (callcenter_2012): the day is absence and the penalty named is charged beside it');
-- where the rules name no penalty, none may be given
INSERT INTO cs_policy.leave_request (employee_id, leave_type, first_day, last_day, days, reason, approvers, approvals, state)
SELECT employee_id, 'personal', '2025-12-17', '2025-12-17', 1, 'a visit', '{team_lead}', 1, 'approved'
  FROM cs_policy.employee WHERE code = 'T2'
RETURNING leave_id AS lv5_tiered \gset
SELECT throws_ok(format($$ SELECT cs_policy.void_leave(%s, 'no visit', acting_as => 'S1', penalty => 100) $$, :lv5_tiered),
                 '22023', 'the rules in force for T2 name no penalty for leave voided under LV-5',
                 'LV-5: a penalty is refused where the rules in force name none (attendance_tiered)');
UPDATE cs_policy.roster SET swap_id = 1 WHERE employee_id = (SELECT employee_id FROM cs_policy.employee WHERE code = 'T3')
   AND work_date = '2025-12-11';
SELECT ok((SELECT explanation LIKE '%leave on a swapped day, SH-8%' FROM pg_temp.pl('T3') WHERE work_date = '2025-12-11'),
          'SH-8: no leave may be taken on a swapped day: it counts as absence');

-- An overnight shift across the month end belongs to the month it starts in.
SELECT pg_temp.shifts('N1', 'night', VARIADIC '{2025-12-31}');
SELECT pg_temp.clock('N1', '2025-12-31', '20:12 in, 32:01 out');   -- out at 08:01 on January 1
SELECT results_eq($$ SELECT late_minutes, early_minutes, missing_out FROM cs_policy.attendance_day('2025-12-01')
                      WHERE employee_code = 'N1' AND work_date = '2025-12-31' $$,
                  $$ VALUES (12, 0, false) $$, 'a night shift from December 31 collects its sign-out of January 1');
SELECT is((SELECT amount FROM pg_temp.pl('N1') WHERE work_date = '2025-12-31' AND kind = 'late'), 50.00::numeric,
          'and its lateness is charged in December');
SELECT is((SELECT count(*) FROM pg_temp.pl('N1', '2026-01-01'))::integer, 0, 'January has nothing of it');

-- DST: a night shift in Berlin on the night the clocks go forward is 11 real hours.
SELECT cs_policy.create_calendar('berlin', 'Europe/Berlin', week => 'Mon-Sun 00:00-24:00');
SELECT cs_policy.define_shift_template('berlin night', 'P', '20:00-08:00', 'berlin');
SELECT cs_policy.assign_shift('N1', '2025-03-29', 'berlin night', acting_as => 'S1');
INSERT INTO cs_policy.punch (employee_id, at, kind, source)
SELECT employee_id, t, k::cs_policy.punch_kind, 'test' FROM cs_policy.employee,
       (VALUES ('2025-03-29 20:05+01'::timestamptz, 'in'), ('2025-03-30 07:50+02', 'out')) x(t, k) WHERE code = 'N1';
SELECT results_eq($$ SELECT late_minutes, early_minutes, ends_at - starts_at FROM cs_policy.attendance_day('2025-03-29')
                      WHERE employee_code = 'N1' AND work_date = '2025-03-29' $$,
                  $$ VALUES (5, 10, interval '11 hours') $$, 'DST: 5 minutes late and 10 early on a shift of 11 real hours');
SELECT throws_ok($$ SELECT * FROM cs_policy.judge_attendance(ROW(1, 'x', NULL, '2025-12-31', NULL, NULL, NULL, now(), 1, 1,
                        false, '2025-01-01', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)::cs_policy.attendance_input) $$,
                 '22004', NULL, 'the engine refuses an input without its period''s first day');

-- Duplicate punches: the first sign-in and the last sign-out count; time
-- away runs from the first sign-out.
SELECT pg_temp.shifts('T2', 'office', VARIADIC '{2025-12-22}');
SELECT pg_temp.clock('T2', '2025-12-22', '08:33 in, 08:33:20 in, 10:00 out, 10:00:40 out, 10:12 in, 10:12:05 in, 17:31 out, 17:31:30 out');
SELECT results_eq($$ SELECT late_minutes, away_minutes, early_minutes FROM cs_policy.attendance_day('2025-12-01')
                      WHERE employee_code = 'T2' AND work_date = '2025-12-22' $$,
                  $$ VALUES (3, 12, 0) $$, 'duplicate punches are harmless: late 3, away 12');
-- Punches with no shift: nothing to judge.
SELECT pg_temp.clock('T2', '2025-12-27', '08:40 in, 12:00 out');
SELECT is((SELECT count(*) FROM pg_temp.pl('T2') WHERE work_date = '2025-12-27')::integer, 0, 'punches on a day without a shift charge nothing');
SELECT is((SELECT count(*) FROM cs_policy.attendance_day('2025-12-01') WHERE employee_code = 'T2' AND work_date = '2025-12-27')::integer, 0,
          'and attendance_day has no row for them');

-- Refusals and their SQLSTATEs.
SELECT throws_ok($$ SELECT cs_policy.record_incident('D1', 'lost_card', '2025-12-05', 'x', acting_as => 'S1') $$,
                 '22023', NULL, 'an incident kind the rules do not name is refused');
SELECT throws_ok($$ SELECT cs_policy.record_incident('D1', 'private_call', '2025-12-05', 'x', acting_as => 'T1') $$,
                 '42501', NULL, 'an agent does not record incidents of others');
SELECT throws_ok($$ SELECT cs_policy.record_incident('D1', 'private_call', '2025-12-05', 'x', 12, acting_as => 'S1') $$,
                 '22023', NULL, 'a counted incident takes no measure');
SELECT throws_ok($$ SELECT cs_policy.record_incident('D1', 'private_call', current_date + 1, 'x', acting_as => 'S1') $$,
                 '22023', NULL, 'an incident of tomorrow is refused');
SELECT throws_ok($$ SELECT cs_policy.record_incident('D1', 'proxy_punch', '2025-12-05', 'x', acting_as => 'S1') $$,
                 '22023', NULL, 'proxy punching is reported with report_proxy_punch');
SELECT cs_policy.record_incident('D1', 'private_call', '2025-12-20', 'recorded in error', acting_as => 'S1') AS wrong \gset
SELECT cs_policy.withdraw_incident(:wrong, 'it was a customer call', acting_as => 'S1');
SELECT is((SELECT count(*) FROM pg_temp.pl('D1') WHERE work_date = '2025-12-20')::integer, 0,
          'a withdrawn incident charges nothing');
SELECT throws_ok(format($$ SELECT cs_policy.withdraw_incident(%s, 'again', acting_as => 'S1') $$, :wrong), '55000', NULL,
                 'an incident is withdrawn once');
SELECT throws_ok($$ SELECT * FROM cs_policy.judge_attendance(ROW(1, 'x', '2025-12-31', '2025-12-01', NULL, NULL, NULL, now(), 1, 1,
                        false, '2025-01-01', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)::cs_policy.attendance_input) $$,
                 '22023', NULL, 'the engine refuses a period that ends before it starts');

-- Writes go through commands only.
CREATE ROLE cs_test_app;
GRANT USAGE ON SCHEMA cs_policy TO cs_test_app;
GRANT SELECT ON ALL TABLES IN SCHEMA cs_policy TO cs_test_app;
SET LOCAL ROLE cs_test_app;
SELECT throws_ok($$ INSERT INTO cs_policy.incident (employee_id, work_date, kind, note) VALUES (1, '2025-12-01', 'x', 'y') $$,
                 '42501', NULL, 'an application role cannot write incidents directly');
SELECT throws_ok($$ UPDATE cs_policy.incident SET withdrawn_at = now(), withdrawal_reason = 'x' $$,
                 '42501', NULL, 'nor withdraw them');
SELECT throws_ok($$ SELECT cs_policy.record_incident('D1', 'private_call', '2025-12-05', 'x') $$,
                 '42501', NULL, 'nor call the command without a grant');
RESET ROLE;

-- One pass for the whole month agrees with each employee's lines, and
-- attendance_day with the lines' absence.
SELECT set_eq($$ SELECT employee_id, line, amount, explanation FROM cs_policy.period_penalty_lines('2025-12-01') $$,
              $$ SELECT e.employee_id, l.line, l.amount, l.explanation FROM cs_policy.employee e,
                        cs_policy.penalty_lines(e.employee_id, '2025-12-01') l $$,
              'period_penalty_lines is every employee''s penalty_lines');
SELECT set_eq($$ SELECT employee_id, work_date, absence_days FROM cs_policy.attendance_day('2025-12-01')
                  WHERE work_date BETWEEN '2025-12-01' AND '2025-12-31' AND absence_days > 0 AND policy_id IS NOT NULL $$,
              $$ SELECT employee_id, work_date, sum(absence_days) FROM cs_policy.period_penalty_lines('2025-12-01')
                  WHERE absence_days > 0 GROUP BY employee_id, work_date $$,
              'attendance_day shows the absence the penalty lines charge, day by day');
SELECT is((SELECT sum(amount) FILTER (WHERE amount > 0) FROM pg_temp.pl('T1')),
          (SELECT amount FROM cs_policy.attendance_totals((SELECT employee_id FROM cs_policy.employee WHERE code = 'T1'), '2025-12-01')),
          'attendance_totals totals the lines');

SELECT * FROM finish();
ROLLBACK;
