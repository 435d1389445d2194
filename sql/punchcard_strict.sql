-- punchcard_strict: the punch-card rules of handbook 000 (AT-7, LV-7), one month
-- of one agent, and the colleague who punched in for her.
\set preset punchcard_strict
\set shift '08:30-17:30'
\set calendar cn
\i sql/preset_month.psql

SELECT rulebook FROM cs_policy.preset_rulebook WHERE preset = 'punchcard_strict';

-- Late under 30 minutes: 20 each time, but two lates of at most 5 minutes
-- a month are forgiven; 30 minutes or more: a day's absence. Early leave
-- under 30 minutes: 50; 30 or more: a day's absence.
SELECT pg_temp.clock('A001', '2025-12-01', '08:33 in, 17:35 out');   -- 3 minutes: forgiven
SELECT pg_temp.clock('A001', '2025-12-02', '08:35:40 in, 17:35 out'); -- 5 minutes: forgiven
SELECT pg_temp.clock('A001', '2025-12-03', '08:34 in, 17:35 out');   -- 4 minutes: the third, charged
SELECT pg_temp.clock('A001', '2025-12-04', '08:59 in, 17:35 out');   -- 29 minutes
SELECT pg_temp.clock('A001', '2025-12-05', '09:00 in, 17:35 out');   -- 30 minutes: absence
SELECT pg_temp.clock('A001', '2025-12-08', '08:20 in, 17:20 out');   -- 10 minutes early
SELECT pg_temp.clock('A001', '2025-12-09', '08:20 in, 16:55 out');   -- 35 minutes early: absence
-- A lost punch card: 50 the first time, 100 after.
SELECT cs_policy.record_incident('A001', 'lost_card', d, 'asked for a new card', acting_as => 'S001') > 0 AS recorded
  FROM unnest('{2025-12-10,2025-12-17}'::date[]) AS d;
-- Altering a record: 50. A punch that claims another time than when it
-- was made is such an attempt: refused and logged by record_punch.
INSERT INTO cs_policy.punch_refusal (employee_id, refused_at, work_date, claimed_at, kind, source, reason)
SELECT employee_id, '2025-12-11 09:02+08', '2025-12-11', '2025-12-11 08:25+08', 'in', 'time clock', 'punch for 08:25 refused at 09:02'
  FROM cs_policy.employee WHERE code = 'A001';
-- Punching for somebody else: 100 for each of the two (and a notice). On
-- 12-12 李强 (B001) punched in for 王芳, who did not come.
SELECT pg_temp.clock('A001', '2025-12-12', '08:21 in');
SELECT cs_policy.report_proxy_punch((SELECT max(punch_id) FROM cs_policy.punch), 'B001',
                                    'seen on the camera of the time clock', acting_as => 'S001') > 0 AS reported;
SELECT pg_temp.clock_normally('A001', '2025-12-12');
SELECT pg_temp.clock_normally('B001');

SELECT * FROM pg_temp.lines('A001');
SELECT * FROM pg_temp.totals('A001');
SELECT * FROM pg_temp.lines('B001');

-- The punch made for her no longer counts: 12-12 is a day missed.
SELECT work_date, first_in, no_punch, absence FROM cs_policy.attendance_day('2025-12-01')
 WHERE employee_code = 'A001' AND work_date = '2025-12-12';

-- LV-7: doing during leave what its type rules out turns it into absence.
-- 李强 (B001) was on sick leave on 12-22 and worked that day at another
-- company; the supervisor voids the leave under LV-7.
DELETE FROM cs_policy.punch WHERE employee_id = (SELECT employee_id FROM cs_policy.employee WHERE code = 'B001')
   AND (at AT TIME ZONE 'Asia/Shanghai')::date = '2025-12-22';
INSERT INTO cs_policy.leave_request (employee_id, leave_type, first_day, last_day, days, reason, approvers, approvals, state, channel)
SELECT employee_id, 'sick', '2025-12-22', '2025-12-22', 1, 'a cold', '{team_lead}', 1, 'approved', 'phone'
  FROM cs_policy.employee WHERE code = 'B001';
SELECT cs_policy.void_leave(max(leave_id), 'worked the day at a training school across the street', acting_as => 'S001',
                            under => 'LV-7')
  FROM cs_policy.leave_request;
SELECT day, rule_id, amount, flags, explanation FROM pg_temp.lines('B001') WHERE day = '2025-12-22';
SELECT leave_type, state, counts_as FROM cs_policy.leave_overview WHERE employee_code = 'B001';
