-- A week of a small 7x24 team: templates, staffing, a rotating roster,
-- coverage, a swap and a written handover (SH-1 to SH-13).
SET client_min_messages = warning;
SET intervalstyle = postgres;
SET timezone = 'Asia/Shanghai';
SET datestyle = 'ISO';
\set SHOW_CONTEXT never
DROP EXTENSION cs_policy;
CREATE EXTENSION cs_policy;

SELECT cs_policy.create_department('C', 'Center', 'center') IS NOT NULL AS ok;
SELECT cs_policy.create_department('HOT', 'Hotline', 'project', 'C') IS NOT NULL AS ok;
SELECT cs_policy.hire_employee('S1', '周敏', 'HOT', 'supervisor', '2024-01-01', 9500) IS NOT NULL AS ok;
SELECT count(cs_policy.hire_employee(code, name, 'HOT', 'agent', '2024-03-01', 5200))
  FROM (VALUES ('A1', '王芳'), ('A2', '李强'), ('A3', '张伟'), ('A4', '刘洋'), ('A5', '陈静'), ('A6', '杨磊')) AS p(code, name);
SELECT cs_policy.set_policy('hotline shifts', 'shift', 'callcenter_2012', 'C', valid_from => '2024-01-01') IS NOT NULL AS ok;

-- SH-3: the three overlapping shifts and the minimum staffing.
SELECT cs_policy.define_shift_template('day', 'HOT', '08:00-20:00', 'cn_7x24') IS NOT NULL AS ok;
SELECT cs_policy.define_shift_template('late', 'HOT', '09:00-21:00', 'cn_7x24') IS NOT NULL AS ok;
SELECT cs_policy.define_shift_template('night', 'HOT', '20:00-08:00', 'cn_7x24') IS NOT NULL AS ok;
SELECT cs_policy.set_staffing('HOT', 'peak', '10:00-12:00,14:00-17:00', 3, 'cn_7x24') IS NOT NULL AS ok;
SELECT cs_policy.set_staffing('HOT', 'night', '20:00-08:00', 1, 'cn_7x24') IS NOT NULL AS ok;

-- A rotation: five days on, two off, staggered; blocks of day, late, night.
SELECT cs_policy.roster_rotation('HOT', '2025-12-01', '{day,late,night}', 5, 2, acting_as => 'S1') AS shifts;
SELECT employee_code AS who,
       string_agg(to_char(work_date, 'DD') || ' ' || rpad(template, 5), ' | ' ORDER BY work_date) AS first_week
  FROM cs_policy.roster_day WHERE work_date BETWEEN '2025-12-01' AND '2025-12-07'
 GROUP BY employee_code ORDER BY employee_code;

-- SH-6: report 10 minutes early for the briefing (callcenter_2012).
SELECT employee_code, work_date, shift, starts_at, ends_at, report_by
  FROM cs_policy.roster_day WHERE employee_code = 'A1' AND work_date <= '2025-12-03' ORDER BY work_date;

-- SH-3: coverage of December 1, hour by hour (the first night has no shift
-- from the day before to cover it).
SELECT to_char(slot_start, 'HH24:MI') AS slot, rostered, required, shortfall
  FROM cs_policy.coverage('HOT', '2025-12-01 00:00', '2025-12-02 00:00')
 WHERE extract(minute FROM slot_start) = 0 ORDER BY slot_start;

-- SH-4: nobody lacks rest days.
SELECT count(*) AS rest_violations FROM cs_policy.rest_violations('2025-12-01');

-- SH-9: A1 asks to move the day shift of December 2 to December 6, but that
-- would leave the peak of the 2nd below its minimum: refused.
SELECT cs_policy.request_swap('2025-12-02', '2025-12-06', 'exam on the 2nd', acting_as => 'A1') AS swap_id \gset
SELECT cs_policy.approve_swap(:swap_id, acting_as => 'S1');
SELECT cs_policy.refuse_swap(:swap_id, 'the peak of the 2nd would be short', acting_as => 'S1');
-- SH-7, SH-8: December 1 has one agent to spare: that move is approved.
SELECT cs_policy.request_swap('2025-12-01', '2025-12-06', 'family visit', acting_as => 'A1') AS swap_id \gset
SELECT cs_policy.approve_swap(:swap_id, acting_as => 'S1');
SELECT work_date, template, from_swap FROM cs_policy.roster_day
 WHERE employee_code = 'A1' AND work_date BETWEEN '2025-12-01' AND '2025-12-07' ORDER BY work_date;
-- the moved shift is not swapped again (SH-8), and a second self-swap day
-- in the month is over the callcenter_2012 limit of one (SH-7)
SELECT cs_policy.request_swap('2025-12-06', '2025-12-07', 'again', acting_as => 'A1');
SELECT cs_policy.request_swap('2025-12-03', '2025-12-07', 'and again', acting_as => 'A1') AS swap_id \gset
SELECT cs_policy.approve_swap(:swap_id, acting_as => 'S1');
SELECT swap_id, give_date, take_date, state, decision_note FROM cs_policy.swap ORDER BY swap_id;

-- SH-5: the supervisor publishes the month; direct changes stop.
SELECT cs_policy.publish_roster('HOT', '2025-12-01', acting_as => 'S1');
SELECT cs_policy.assign_shift('A2', '2025-12-31', 'day', acting_as => 'S1');

-- SH-10 to SH-12: the day shift hands over to the night in writing.
SELECT cs_policy.open_handover('A3', '2025-12-01', '2025-12-01', acting_as => 'A1') AS log \gset
SELECT cs_policy.add_handover_entry(:log, 'note', 'Queue normal, IT ticket 4471 open', acting_as => 'A1');
SELECT cs_policy.add_handover_entry(:log, 'follow_up', 'Call back customer about a late refund',
                                    'Customer asked for a call after 20:30', acting_as => 'A1');
SELECT cs_policy.sign_handover(:log, acting_as => 'A1');
SELECT cs_policy.sign_handover(:log, acting_as => 'A3');
SELECT state, open_follow_ups FROM cs_policy.handover_log;
SELECT cs_policy.add_handover_entry(:log, 'note', 'one more thing', acting_as => 'A1');
