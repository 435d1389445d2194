-- points_2024: the points-based assessment of the e-commerce desk,
-- handbook 004 (AT-13, AT-14, AT-18), one month of a few agents on the early
-- shift. A month starts at 80 points; each point above or below moves pay
-- by 10; the score counts up to 110; under 60 is flagged.
\set preset points_2024
\set shift '08:00-13:00'
\set calendar cn
\i sql/preset_month.psql
SELECT count(cs_policy.hire_employee(code, name, 'HOT-A', 'agent', hired, 4800)) AS hired
  FROM (VALUES ('C001', '陈晨', date '2025-11-10'), ('D001', '刘洋', '2024-01-01'),
               ('E001', '黄雪', '2024-01-01')) AS x(code, name, hired);
SELECT count(cs_policy.assign_shift(code, d::date, 'office', acting_as => 'S001')) AS shifts
  FROM unnest('{C001,D001,E001}'::text[]) AS code,
       generate_series('2025-12-01'::date, '2025-12-31', interval '1 day') AS d
 WHERE cs_policy.is_working_day('cn', d::date);

SELECT rulebook FROM cs_policy.preset_rulebook WHERE preset = 'points_2024';

-- 王芳: late or early leave costs 2 points the first time in the month, 3
-- the second, 4 the third, 5 from the fourth; off post over 5 minutes
-- without notice 5. The trainer adds 3 points, with a written reason.
SELECT pg_temp.clock('A001', '2025-12-01', '08:03 in, 13:04 out');                        -- 3 minutes late
SELECT pg_temp.clock('A001', '2025-12-02', '08:08 in, 13:05 out');                        -- 8 minutes late
SELECT pg_temp.clock('A001', '2025-12-03', '07:50 in, 10:00 out, 10:08 in, 13:05 out');   -- 8 minutes off post
SELECT cs_policy.adjust_score('A001', '2025-12-01', 3, 'took over a colleague''s escalations for a week',
                              acting_as => 'T001');
SELECT pg_temp.clock_normally('A001');
SELECT * FROM pg_temp.lines('A001');
SELECT * FROM pg_temp.totals('A001');

-- 李强: a clean month and the trainer's most, 5 points: 85, +50 pay.
SELECT pg_temp.clock_normally('B001');
SELECT cs_policy.adjust_score('B001', '2025-12-01', 5, 'best customer ratings of the desk', acting_as => 'T001');
SELECT * FROM pg_temp.lines('B001');
-- More than 5 points is refused (AT-14).
SELECT cs_policy.adjust_score('B001', '2025-12-01', 6, 'even better', acting_as => 'T001');

-- 陈晨 joined on 2025-11-10: the first two months are scored, pay does not float.
SELECT pg_temp.clock('C001', '2025-12-01', '08:05 in, 13:05 out');
SELECT pg_temp.clock_normally('C001');
SELECT * FROM pg_temp.lines('C001');

-- 刘洋: two moderate violations cost 20 more; an emergency handled 12
-- minutes late 10; equipment taken out 20 and its cost; an absence 20.
-- Under 60 the contract may be ended.
SELECT cs_policy.record_incident('D001', k, d, n, m, acting_as => 'T001') > 0 AS recorded
  FROM (VALUES ('games_or_films', date '2025-12-04', 'watching a film on shift', NULL::numeric),
               ('meeting_missed', '2025-12-08', 'weekly meeting', NULL),
               ('emergency_late', '2025-12-09', 'outage report passed on late', 12),
               ('equipment_removed', '2025-12-10', 'took a headset home', 300)) AS x(k, d, n, m);
SELECT pg_temp.clock_normally('D001', '2025-12-11');
SELECT * FROM pg_temp.lines('D001');
SELECT * FROM pg_temp.totals('D001');

-- 黄雪: four minor violations in a month cost 20 more.
SELECT cs_policy.record_incident('E001', k, d, 'noted by the trainer', acting_as => 'T001') > 0 AS recorded
  FROM (VALUES ('no_mandarin', date '2025-12-02'), ('messy_desk', '2025-12-03'), ('data_entry_error', '2025-12-04'),
               ('slow_reply', '2025-12-05')) AS x(k, d);
SELECT pg_temp.clock_normally('E001');
SELECT * FROM pg_temp.lines('E001');

-- AT-18, the rest of the list. 郑爽 (G001): duty cleaning skipped 2; work
-- not done promptly 2, then 3; chatting off topic 1, then 2; loud noise 2;
-- eating in the office 5; a spot-check error 2: eight minor violations,
-- 20 more at the fourth; two suggestions adopted after their trial add 5
-- each. 80 - 19 - 20 + 10 = 51, under 60.
SELECT count(cs_policy.hire_employee(code, name, 'HOT-A', 'agent', '2024-01-01', 4800)) AS hired
  FROM (VALUES ('G001', '郑爽'), ('H001', '冯刚')) AS x(code, name);
SELECT count(cs_policy.assign_shift(code, d::date, 'office', acting_as => 'S001')) AS shifts
  FROM unnest('{G001,H001}'::text[]) AS code,
       generate_series('2025-12-01'::date, '2025-12-31', interval '1 day') AS d
 WHERE cs_policy.is_working_day('cn', d::date);
SELECT count(cs_policy.record_incident('G001', k, d, n, acting_as => 'T001')) AS recorded
  FROM (VALUES ('duty_cleaning_missed', date '2025-12-01', 'the desk not cleaned after the late shift'),
               ('work_not_prompt', '2025-12-02', 'a refund left for the next day'),
               ('off_topic_chat', '2025-12-03', 'chatting about a drama on the floor'),
               ('work_not_prompt', '2025-12-04', 'a callback made two hours late'),
               ('suggestion_adopted', '2025-12-05', 'a shorter greeting script, adopted after a week''s trial'),
               ('off_topic_chat', '2025-12-08', 'chatting about a drama again'),
               ('loud_noise', '2025-12-09', 'shouting across the floor'),
               ('smoking_or_eating', '2025-12-10', 'lunch at the desk'),
               ('spot_check_error', '2025-12-11', 'a wrong tracking number found in the spot check'),
               ('suggestion_adopted', '2025-12-12', 'a refund checklist, adopted after its trial')) AS x(k, d, n);
SELECT pg_temp.clock_normally('G001');
SELECT * FROM pg_temp.lines('G001');
SELECT * FROM pg_temp.totals('G001');
-- 冯刚 (H001): an anomaly not reported, software installed without
-- approval and unprocessed issues skipped, 10 each: moderate, and the
-- second moderate violation costs 20 more. 80 - 30 - 20 = 30.
SELECT count(cs_policy.record_incident('H001', k, d, n, acting_as => 'T001')) AS recorded
  FROM (VALUES ('anomaly_not_reported', date '2025-12-02', 'a payment page down for an hour, not reported'),
               ('unapproved_software', '2025-12-09', 'a screen recorder installed'),
               ('issue_skipped', '2025-12-16', 'three open tickets closed unanswered')) AS x(k, d, n);
SELECT pg_temp.clock_normally('H001');
SELECT * FROM pg_temp.lines('H001');

-- SH-9: 换班双方必须交待清楚,若交待不清造成误班、空班的扣罚20元. 钱进
-- (J001) works December 15 and 孔丽 (K001) the 16th; J001 gives K001 the
-- 15th and takes the 16th, K001 consents, the supervisor approves. Nobody
-- of the two comes on the 15th (each thought the other had it): reported
-- against the swap, the punches bear it out, and each party is charged 20.
SELECT count(cs_policy.hire_employee(code, name, 'HOT-A', 'agent', '2024-01-01', 4800)) AS hired
  FROM (VALUES ('J001', '钱进'), ('K001', '孔丽')) AS x(code, name);
SELECT count(cs_policy.assign_shift(code, d, 'office', acting_as => 'S001')) AS shifts
  FROM (VALUES ('J001', date '2025-12-15'), ('K001', '2025-12-16')) AS x(code, d);
SELECT cs_policy.request_swap('2025-12-15', '2025-12-16', 'a dentist on Monday', colleague => 'K001', acting_as => 'J001')
       AS unclear \gset
SELECT count(cs_policy.consent_swap(:unclear, acting_as => 'K001')) AS consented,
       count(cs_policy.approve_swap(:unclear, acting_as => 'S001')) AS approved;
SELECT pg_temp.clock_normally('J001'), pg_temp.clock_normally('K001', '2025-12-15');
-- a swap whose shift was worked is not an unclear one
SELECT cs_policy.report_unclear_swap(:unclear, '2025-12-16', 'empty', 'no one came', acting_as => 'S001');
SELECT cs_policy.report_unclear_swap(:unclear, '2025-12-15', 'empty', 'agreed by chat, each thought the other had the 15th',
                                     acting_as => 'S001') AS charged;
SELECT e.code, l.work_date, l.rule_id, l.amount, l.explanation
  FROM cs_policy.employee e, cs_policy.penalty_lines(e.employee_id, '2025-12-01') l
 WHERE e.code IN ('J001', 'K001') AND l.rule_id = 'SH-9' ORDER BY e.code;

-- A desk that adds points for the month's best work with no violation
-- (AT-18: the handbook gives no number, so the policy sets it): 91
-- points, +110.
SELECT cs_policy.create_department('HOT-B', 'Hotline team B', 'team', parent => 'HOT') > 0 AS team;
SELECT cs_policy.set_policy('team B points', 'attendance', 'points_2024', 'HOT-B', valid_from => '2025-01-01',
                            settings => '{"rules": "incident top_of_desk (AT-18) = occurrences: [1,1] -6 points"}') > 0 AS policy;
SELECT cs_policy.hire_employee('F001', '张伟', 'HOT-B', 'agent', '2024-01-01', 4800) > 0 AS hired;
SELECT count(cs_policy.assign_shift('F001', d::date, 'office', acting_as => 'S001')) AS shifts
  FROM generate_series('2025-12-01'::date, '2025-12-31', interval '1 day') AS d
 WHERE cs_policy.is_working_day('cn', d::date);
SELECT pg_temp.clock_normally('F001');
SELECT cs_policy.record_incident('F001', 'top_of_desk', '2025-12-31', 'first in workload and quality, no violation',
                                 acting_as => 'T001') > 0 AS recorded;
SELECT cs_policy.adjust_score('F001', '2025-12-01', 5, 'mentored the new hires', acting_as => 'T001');
SELECT * FROM pg_temp.lines('F001');

-- CP-9: on this desk a valid complaint costs 30, the second in 12 months
-- 60, and the third brings a dismissal review (besides the 20 points of
-- the serious incident it is, AT-13).
SELECT count(cs_policy.mark_complaint_valid(
           cs_policy.register_complaint('complaint', 'chat', facts, 'a refund', '钱先生', 'chat:qian', NULL, 'HOT-A',
                                        received_at => at, acting_as => 'A001'),
           'B001', note => facts, at => at + interval '2 hours', acting_as => 'T001')) AS found_valid
  FROM (VALUES (timestamptz '2025-12-02 10:00+08', 'promised free shipping'),
               ('2025-12-09 10:00+08', 'closed the chat on the customer'),
               ('2025-12-16 10:00+08', 'gave out another customer''s address')) AS x(at, facts);
SELECT line, work_date, rule_id, amount, points, flags, explanation FROM cs_policy.penalty_lines(
    (SELECT employee_id FROM cs_policy.employee WHERE code = 'B001'), '2025-12-01')
 WHERE rule_id IN ('CP-9', 'AT-14') OR explanation LIKE '%valid_complaint%' ORDER BY line;
-- The rules count valid complaints here; there is no amount to give.
SELECT cs_policy.mark_complaint_valid(
    cs_policy.register_complaint('complaint', 'chat', 'slow', 'faster answers', '钱先生', 'chat:qian', NULL, 'HOT-A',
                                 received_at => '2025-12-17 10:00+08', acting_as => 'A001'),
    'B001', 50, at => '2025-12-17 12:00+08', acting_as => 'T001');
