-- callcenter_2012: the 2012 call-center operations manual, handbook 002
-- (AT-8 to AT-10), one month of two agents and their team's attendance.
\set preset callcenter_2012
\set shift '08:30-17:30'
\set calendar cn
\i sql/preset_month.psql

SELECT rulebook FROM cs_policy.preset_rulebook WHERE preset = 'callcenter_2012';

-- AT-8: any minute late is a late; more than 15 minutes is half a day's
-- absence, more than 30 a whole day's. Signing out under 5 minutes early
-- is not counted, 5 up to 15 is early leave, 15 or more half a day, 30 or
-- more a whole day. AT-9: the 3rd late or early leave of the month
-- withholds the performance bonus.
SELECT pg_temp.clock('A001', '2025-12-01', '08:40 in, 17:35 out');   -- 10 minutes late
SELECT pg_temp.clock('A001', '2025-12-02', '08:20 in, 17:26 out');   -- 4 minutes early: not counted
SELECT pg_temp.clock('A001', '2025-12-03', '08:20 in, 17:24 out');   -- 6 minutes early
SELECT pg_temp.clock('A001', '2025-12-04', '08:46 in, 17:35 out');   -- 16 minutes late: half a day
SELECT pg_temp.clock('A001', '2025-12-05', '08:39 in, 17:35 out');   -- 9 minutes late: the 3rd
SELECT pg_temp.clock('A001', '2025-12-08', '09:01 in, 17:35 out');   -- 31 minutes late: a day
SELECT pg_temp.clock('A001', '2025-12-09', '08:20 in, 17:15 out');   -- 15 minutes early: half a day
SELECT pg_temp.clock('A001', '2025-12-10', '08:20 in, 17:00 out');   -- 30 minutes early: a day
-- Bad weather or force majeure excuses only with an approved exception.
SELECT pg_temp.clock('A001', '2025-12-11', '09:10 in, 17:35 out');
SELECT cs_policy.decide_exception(
           cs_policy.request_exception('2025-12-11', 'force_majeure', 'road closed after an accident', 'A001',
                                       acting_as => 'S001'), true, acting_as => 'S001');
SELECT pg_temp.clock_normally('A001');

-- AT-9: any absence up to 2 days zeroes the month's performance and
-- withholds all bonuses; 3 days or more: no monthly wage.
SELECT * FROM pg_temp.lines('A001');
SELECT * FROM pg_temp.totals('A001');

-- AT-9: 3 shifts missed in a row are treated as resignation.
SELECT pg_temp.clock_normally('B001', '2025-12-22', '2025-12-23', '2025-12-24');
SELECT * FROM pg_temp.lines('B001');

-- AT-10: a team's attendance rate must stay at or above 95%.
SELECT * FROM cs_policy.team_attendance('2025-12-01');

-- SEC-6: asking about another person's pay, disclosing one's own or
-- another's pay, and leaking customer data without loss are a warning each;
-- the 2nd warning within 12 months is a dismissal review; stealing customer
-- data (or a leak that caused a loss) is one at once.
SELECT cs_policy.record_incident('A001', 'confidentiality', '2025-12-15', 'asked B001 what they earn',
                                 acting_as => 'S001') > 0 AS recorded;
SELECT cs_policy.record_incident('A001', 'confidentiality', '2025-12-18', 'told a customer their own salary',
                                 acting_as => 'S001') > 0 AS recorded;
SELECT cs_policy.record_incident('B001', 'customer_data_theft', '2025-12-19', 'copied the callback list to a USB stick',
                                 acting_as => 'S001') > 0 AS recorded;
SELECT e.code, l.* FROM cs_policy.employee e, cs_policy.penalty_lines(e.employee_id, '2025-12-01') l
 WHERE e.code IN ('A001', 'B001') AND l.rule_id = 'SEC-6' ORDER BY e.code, l.line;

-- SH-6: report 10 minutes before the shift for the briefing (提前10分钟到指定
-- 地点). C001 signs in at 08:25 on December 1, after 08:20 but before the
-- 08:30 start: late to the briefing, a line of its own that charges
-- nothing (the handbook gives no charge) and is not a late of AT-8; at 08:20
-- on the 2nd exactly in time; at 08:33 on the 3rd late to the shift, which
-- AT-8 judges, not to the briefing as well.
SELECT cs_policy.hire_employee('C001', '陈静', 'HOT-A', 'agent', '2024-01-01', 5220) > 0 AS hired;
SELECT count(cs_policy.assign_shift('C001', d, 'office', acting_as => 'S001')) AS shifts
  FROM unnest('{2025-12-01,2025-12-02,2025-12-03}'::date[]) AS d;
SELECT employee_code, work_date, report_by FROM cs_policy.roster_day WHERE employee_code = 'C001' ORDER BY work_date;
SELECT pg_temp.clock('C001', '2025-12-01', '08:25 in, 17:35 out'), pg_temp.clock('C001', '2025-12-02', '08:20 in, 17:35 out'),
       pg_temp.clock('C001', '2025-12-03', '08:33 in, 17:35 out');
SELECT l.work_date, l.kind, l.rule_id, l.measure, l.amount, l.explanation
  FROM cs_policy.employee e, cs_policy.penalty_lines(e.employee_id, '2025-12-01') l
 WHERE e.code = 'C001' AND l.kind IN ('incident', 'late') ORDER BY l.line;

-- LV-5: leave whose reason proves false is absence, and "is punished by
-- the circumstances" (除...按曠工處理外,還將根據情節輕重予以懲處): the
-- supervisor voiding it names the amount. D001 took personal leave on
-- December 4 for a funeral that never was: the day is absence (AT-9 then
-- zeroes the month's performance) and the penalty a line of its own.
SELECT cs_policy.hire_employee('D001', '邓强', 'HOT-A', 'agent', '2024-01-01', 5220) > 0 AS hired;
SELECT count(cs_policy.assign_shift('D001', '2025-12-04', 'office', acting_as => 'S001')) AS shifts;
INSERT INTO cs_policy.leave_request (employee_id, leave_type, first_day, last_day, days, reason, approvers, approvals, state)
SELECT employee_id, 'personal', '2025-12-04', '2025-12-04', 1, 'a funeral in the family', '{team_lead}', 1, 'approved'
  FROM cs_policy.employee WHERE code = 'D001';
SELECT max(leave_id) AS false_leave FROM cs_policy.leave_request \gset
-- the amount is the supervisor's to decide: leaving it out is refused
SELECT cs_policy.void_leave(:false_leave, 'there was no funeral: the agent posted photos of a concert', acting_as => 'S001');
SELECT count(cs_policy.void_leave(:false_leave, 'there was no funeral: the agent posted photos of a concert', acting_as => 'S001',
                                  penalty => 200)) AS voided;
SELECT l.work_date, l.kind, l.rule_id, l.measure, l.amount, l.absence_days, l.explanation
  FROM cs_policy.employee e, cs_policy.penalty_lines(e.employee_id, '2025-12-01') l
 WHERE e.code = 'D001' ORDER BY l.line;

-- LV-2: who approves leave, by its length. An agent's: 1 day the team
-- lead, 2 days the supervisor, 3 the manager, more the manager and then
-- the director. A team lead's: 1 day the supervisor, 2 the manager, 3 or
-- more the director. Personal leave of anyone: up to 1 day the
-- supervisor, up to 3 the operations manager, more the director. (LV-6:
-- over 3 days HR signs last.)
SELECT cs_policy.set_policy('center leave', 'leave', 'callcenter_2012', 'ACME', '2024-01-01') > 0 AS policy;
SELECT e.code, e.role, x.leave_type, x.days,
       cs_policy.leave_chain(cs_policy.settings_for(e.employee_id, '2025-12-01', 'leave'), e, x.leave_type, x.days) AS approvers
  FROM cs_policy.employee e,
       (VALUES ('annual'::cs_policy.leave_type, 1::numeric), ('annual', 2), ('annual', 3), ('annual', 5),
               ('personal', 1), ('personal', 3), ('personal', 4)) AS x(leave_type, days)
 WHERE e.code IN ('A001', 'L001') ORDER BY e.code, x.leave_type, x.days;

-- AT-16: the onboarding training, 9:00-12:00 and 13:00-17:30; the second
-- unexcused late, or more than 2 hours of unexcused absence, ends it and
-- the trainee is not hired. 何亮 (X001), hired on December 1, is late on
-- the 1st and the 3rd (the briefing of SH-6 is the floor's: arriving at
-- 08:55 on the 2nd is in time for a training session).
SELECT cs_policy.hire_employee('X001', '何亮', 'HOT-A', 'agent', '2025-12-01', 5220) > 0 AS hired;
SELECT cs_policy.start_training('X001', '2025-12-01', '2025-12-05', acting_as => 'S001') AS sessions;
SELECT pg_temp.clock('X001', '2025-12-01', '09:05 in, 12:00 out, 12:55 in, 17:31 out'),
       pg_temp.clock('X001', '2025-12-02', '08:55 in, 12:00 out, 12:55 in, 17:31 out'),
       pg_temp.clock('X001', '2025-12-03', '09:12 in, 12:00 out, 12:55 in, 17:31 out');
SELECT cs_policy.record_training_outcome('X001', false, 'the second late', acting_as => 'S001') AS outcome;
SELECT code, active, left_on, left_because FROM cs_policy.employee WHERE code = 'X001';
SELECT l.work_date, l.kind, l.rule_id, l.measure, l.flags, l.explanation
  FROM cs_policy.employee e, cs_policy.penalty_lines(e.employee_id, '2025-12-01') l
 WHERE e.code = 'X001' ORDER BY l.line;

-- SH-7: a swap with a colleague is 2 days a month (each exchange a day for
-- each of the two), with oneself 1. 曹阳 (P001) works Mondays, Wednesdays
-- and Fridays, 魏琳 (Q001) Tuesdays and Thursdays; their third exchange in
-- December is refused.
SELECT count(cs_policy.hire_employee(c, n, 'HOT-A', 'agent', '2024-01-01', 5220)) AS hired
  FROM (VALUES ('P001', '曹阳'), ('Q001', '魏琳')) AS x(c, n);
SELECT count(cs_policy.assign_shift(c, d, 'office', acting_as => 'S001')) AS shifts
  FROM (VALUES ('P001', date '2025-12-01'), ('P001', '2025-12-03'), ('P001', '2025-12-05'),
               ('Q001', '2025-12-02'), ('Q001', '2025-12-04'), ('Q001', '2025-12-09')) AS x(c, d);
CREATE FUNCTION pg_temp.exchange(give date, take date) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    id bigint := cs_policy.request_swap(give, take, 'exchange', colleague => 'Q001', acting_as => 'P001');
BEGIN
    PERFORM cs_policy.consent_swap(id, acting_as => 'Q001');
    PERFORM cs_policy.approve_swap(id, acting_as => 'S001');
    RETURN format('%s for %s: approved', give, take);
END
$$;
SELECT pg_temp.exchange('2025-12-01', '2025-12-02');
SELECT pg_temp.exchange('2025-12-03', '2025-12-04');
SELECT pg_temp.exchange('2025-12-05', '2025-12-09');
SELECT e.code, t.month, t.self_days, t.colleague_days FROM cs_policy.swap_tally t JOIN cs_policy.employee e USING (employee_id)
 WHERE e.code IN ('P001', 'Q001') ORDER BY e.code;

-- PR-1: the quarterly grading of 2026-01-01. A001 (grade C) had a quarter
-- of October to December at the B standard: KPI 90, 15 calls an hour, 60 %
-- success; B001 (a trainee) passed both exams and met the C standard but
-- for the success rate.
SELECT cs_policy.set_policy('telesales grades', 'promotion', 'callcenter_2012', 'ACME', valid_from => '2025-01-01') > 0 AS policy;
UPDATE cs_policy.employee SET grade = 'C' WHERE code = 'A001';
SELECT count(cs_policy.record_performance(code, m::date, kpi, calls, 160, ok, acting_as => 'S001')) AS months
  FROM (VALUES ('A001', 91, 2400, 1440), ('B001', 86, 2100, 1200)) AS x(code, kpi, calls, ok),
       unnest('{2025-10-01,2025-11-01,2025-12-01}'::text[]) AS m;
SELECT count(cs_policy.record_exam('B001', e, d::date, 80, true, acting_as => 'S001')) AS exams
  FROM (VALUES ('onboarding', '2024-01-20'), ('regular_staff', '2025-06-10')) AS x(e, d);
SELECT e.code, c.level_sought, c.criterion, c.param, c.required, c.actual, c.met, c.period_from, c.period_to
  FROM cs_policy.employee e, cs_policy.promotion_check(e.employee_id, '2026-01-01') c
 WHERE e.code IN ('A001', 'B001') ORDER BY e.code, c.criterion, c.param;
SELECT code, cs_policy.is_eligible(employee_id, '2026-01-01') AS eligible FROM cs_policy.employee
 WHERE code IN ('A001', 'B001') ORDER BY code;

-- PR-1, PR-3: being made regular. N001, a trainee hired 2025-09-15, passed
-- the onboarding exam and had October to December at KPI 80, 12 calls an
-- hour and 55 % success. On 2026-01-01 (3 months and 17 days of service)
-- every trainee criterion is met; on 2026-04-01 (6 months and 17 days:
-- the 7th month begun) the trainee stage of 3 to 6 months is over, and
-- January to March have no figures.
SELECT cs_policy.hire_employee('N001', '陈晨', 'HOT-A', 'agent', '2025-09-15', 3000, grade => 'trainee',
                               probation_ends => '2026-03-14') > 0 AS hired;
SELECT count(cs_policy.record_performance('N001', m::date, 80, 1920, 160, 1056, acting_as => 'S001')) AS months
  FROM unnest('{2025-10-01,2025-11-01,2025-12-01}'::text[]) AS m;
SELECT count(cs_policy.record_exam('N001', 'onboarding', '2025-09-30', 85, true, acting_as => 'S001')) AS exams;
SELECT d AS as_of, c.level, c.criterion, c.param, c.required, c.actual, c.met, c.period_from, c.period_to
  FROM cs_policy.employee e, unnest('{2026-01-01,2026-04-01}'::date[]) AS d, cs_policy.confirmation_check(e.employee_id, d) c
 WHERE e.code = 'N001' ORDER BY d, c.criterion;
