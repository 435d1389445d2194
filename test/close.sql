-- Closing a period (AT-15) on the demo center: what the close stores agrees
-- with the live reads it is made of, the payroll adjustments add up, the
-- quarter's close keeps the promotion candidates and the demotion watch,
-- closed facts are frozen, and who may close, reopen and read what.
-- (The run log's live progress, two closes at once and a close killed
-- mid-way are test/close_race.sh: they need sessions of their own.)
BEGIN;
SELECT plan(72);
SET client_min_messages = warning;
\ir lib/hint_of.sql

SELECT cs_policy.demo_center();
-- the demo month, the last month of the quarter before it and that
-- quarter's grading day (the first day of the next)
CREATE TEMP TABLE v AS
SELECT m.month, (date_trunc('quarter', m.month) - interval '1 month')::date AS quarter_month,
       date_trunc('quarter', m.month)::date AS grading_day, NULL::bigint AS run, NULL::bigint AS agent_id
  FROM (SELECT min(work_date) AS month FROM cs_policy.roster) m;
GRANT SELECT ON v TO PUBLIC;
SELECT month, quarter_month, grading_day FROM v \gset
SELECT count(*) AS created FROM cs_policy.create_roles('tap_') \gset
CREATE ROLE tap_l_agent LOGIN;  GRANT tap_agent TO tap_l_agent;
CREATE ROLE tap_l_hot LOGIN;    GRANT tap_manager TO tap_l_hot;
CREATE ROLE tap_l_hr LOGIN;     GRANT tap_hr TO tap_l_hr;
SELECT cs_policy.set_employee_login(code, login)
  FROM (VALUES ('E0015', 'tap_l_agent'), ('E0005', 'tap_l_hot'), ('E0002', 'tap_l_hr')) v (code, login);
SELECT cs_policy.set_policy('around the clock', 'access', department => 'HOTLINE',
                            settings => '{"agents_on_shift_only": false}', valid_from => '2020-01-01');
UPDATE v SET agent_id = (SELECT employee_id FROM cs_policy.employee WHERE code = 'E0015');
-- a service desk on the 2023 ladder: its middle agent graded C last quarter
-- goes back to junior on the grading day (PR-2)
SELECT cs_policy.create_department('SRV', 'service desk', 'project', 'DEMO');
SELECT cs_policy.hire_employee(c, c, 'SRV', r::cs_policy.staff_role, '2023-01-01', 5000, grade => g)
  FROM (VALUES ('SRV-S1', 'supervisor', NULL), ('SRV-MC', 'agent', 'middle')) AS x (c, r, g);
SELECT cs_policy.set_policy('service ladder', 'promotion', 'service_ladder_2023', 'SRV', '2020-01-01');
SELECT cs_policy.record_quarter_grade('SRV-MC', (:'grading_day'::date - interval '3 months')::date, 'C',
                                      acting_as => 'SRV-S1');

-- a self-swap within the month, asked before the close
ALTER TABLE v ADD swap bigint;
UPDATE v SET swap = cs_policy.request_swap(x.give, x.take, 'a family matter', acting_as => 'E0015')
  FROM (SELECT min(r.work_date) AS give,
               (SELECT min(d)::date FROM generate_series(v.month, v.month + 27, '1 day') d
                 WHERE NOT EXISTS (SELECT FROM cs_policy.roster q WHERE q.employee_id = v.agent_id AND q.work_date = d::date)) AS take
          FROM cs_policy.roster r, v WHERE r.employee_id = v.agent_id AND r.work_date >= v.month + 1
         GROUP BY v.month, v.agent_id) x;

-- a new hire of the month's last days, not rostered yet
SELECT cs_policy.hire_employee('NEW-1', 'a new hire', 'HOTLINE-T1', 'agent', :'month'::date + 20, 5000);

-- ----------------------------------------------------------- who closes

SET ROLE tap_l_hot;
SELECT throws_ok($$ SELECT cs_policy.close_period_now((SELECT month FROM v)) $$, '42501', NULL,
                 'AT-15: a manager may not close a period: closing is HR''s');
SELECT throws_ok($$ CALL cs_policy.close_period('2000-01-01') $$, '42501', NULL, 'nor CALL close_period');
RESET ROLE;
SELECT throws_ok($$ SELECT cs_policy.close_period_now(current_date) $$, '55000', NULL,
                 'AT-15: a period that is not over is not closed');
SELECT throws_ok($$ SELECT cs_policy.close_period_now((SELECT month FROM v), run => 999999) $$, '22023',
                 'close run 999999 is not one this session started and is running',
                 'a close does not take a run log row that is not there');

SET ROLE tap_l_hr;
SELECT cs_policy.close_period_now(:'month') AS run \gset
RESET ROLE;
UPDATE v SET run = :run;
SELECT throws_ok($$ SELECT cs_policy.close_period_now((SELECT month FROM v), run => (SELECT run FROM v)) $$, '22023', NULL,
                 'nor one of another close, over (close_period passes the one it opened in the same session)');
SELECT results_eq($$ SELECT state, run_by = 'tap_l_hr', departments_done = departments_total FROM cs_policy.close_run WHERE run_id = (SELECT run FROM v) $$,
                  $$ VALUES ('succeeded', true, true) $$,
                  'AT-15: HR closes the demo month; the run log names who and how far it got');
SELECT ok((SELECT r.step_seconds ?& '{periods,attendance lines and totals,payroll adjustments}'::text[]
                   AND (SELECT sum(x.value::numeric) FROM jsonb_each_text(r.step_seconds) x)
                       <= extract(epoch FROM r.finished_at - r.started_at) + 0.01  -- each rounded to ms
                   AND NOT EXISTS (SELECT FROM jsonb_each_text(r.step_seconds) x WHERE x.value::numeric < 0)
              FROM cs_policy.close_run r WHERE r.run_id = :run),
          'AT-15: the run log says how long each step took, within the run''s duration');
SELECT is((SELECT count(*) FROM cs_policy.period_close WHERE run_id = :run)::integer,
          (SELECT count(*) FROM cs_policy.department)::integer, 'every department''s period is closed');

-- ------------------------------------------- stored = what the reads say

SELECT set_eq($$ SELECT employee_id, work_date, kind, rule_id, amount, explanation FROM cs_policy.closed_penalty_line $$,
              $$ SELECT employee_id, work_date, kind, rule_id, amount, explanation FROM cs_policy.period_penalty_lines((SELECT month FROM v)) $$,
              'the stored penalty lines are those penalty_lines gives');
SELECT set_eq($$ SELECT employee_id, late, early, away, absences, days_absent, missing_punches, forgiven, incidents,
                        charged, bonus, points_score, flags
                   FROM cs_policy.closed_attendance_total t
                  WHERE EXISTS (SELECT FROM cs_policy.closed_penalty_line l WHERE l.employee_id = t.employee_id) $$,
              $$ SELECT employee_id, late, early, away, absences, coalesce(days_absent, 0), missing_punches, forgiven, incidents,
                        amount, bonus, points_score, flags
                   FROM cs_policy.period_attendance_totals((SELECT month FROM v)) $$,
              'the stored totals add the lines up as attendance_totals does');
SELECT is_empty($$ SELECT e.code FROM cs_policy.employee e
                     JOIN cs_policy.period_close c ON c.department_id = e.department_id AND c.run_id = (SELECT run FROM v)
                    WHERE e.hired_on <= c.period_last AND (e.left_on IS NULL OR e.left_on >= c.period_first)
                      AND NOT EXISTS (SELECT FROM cs_policy.closed_attendance_total t WHERE t.employee_id = e.employee_id) $$,
                'everyone employed in the period has a totals row, zeros when nothing was charged');
-- (no foreign keys on the rows stored per employee: the close counts what
-- one would refuse, and fails on any)
SELECT is_empty($$ SELECT l.employee_id, l.period_first, l.revision, l.department_id
                     FROM (SELECT employee_id, period_first, revision, department_id FROM cs_policy.closed_penalty_line
                           UNION ALL
                           SELECT employee_id, period_first, revision, department_id FROM cs_policy.closed_overtime_line
                           UNION ALL
                           SELECT employee_id, period_first, revision, department_id FROM cs_policy.payroll_adjustment) l
                    WHERE NOT EXISTS (SELECT FROM cs_policy.closed_attendance_total t
                                       WHERE (t.employee_id, t.period_first, t.revision, t.department_id)
                                           = (l.employee_id, l.period_first, l.revision, l.department_id)) $$,
                'AT-15: every stored line and payroll item belongs to a totals row of its period, revision and department');
-- (one employee's totals row gone, undone with the error: their lines
-- of this run are what a foreign key would have refused)
SELECT l.employee_id AS orphaned, count(*) AS orphan_lines
  FROM cs_policy.closed_penalty_line l JOIN cs_policy.period_close c
    ON c.department_id = l.department_id AND c.period_first = l.period_first AND c.revision = l.revision
 WHERE c.run_id = (SELECT run FROM v)
 GROUP BY l.employee_id ORDER BY count(*) DESC, l.employee_id LIMIT 1 \gset
CREATE FUNCTION pg_temp.orphaned(who bigint) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM cs_policy.closed_attendance_total t WHERE t.employee_id = who;
    PERFORM cs_policy.check_close_stored((SELECT run FROM v), 'cs_policy.closed_penalty_line');
END
$$;
SELECT throws_ok(format('SELECT pg_temp.orphaned(%s)', :orphaned), '23503',
                 format('the close stored %s rows of cs_policy.closed_penalty_line without their employee''s totals row', :orphan_lines),
                 'AT-15: a close that stored lines without their totals row fails (what a foreign key would refuse)');
SELECT lives_ok($$ SELECT cs_policy.check_close_stored((SELECT run FROM v), 'cs_policy.payroll_adjustment') $$,
                'AT-15: a close with every row in place goes on');
-- what team attendance reads of each member: their judged shifts summed
-- up beside the engine, as the shifts judge_attendance_shifts gives add up
SELECT ok((SELECT count(*) FROM cs_policy.attendance_input((SELECT month FROM v))) > 50
          AND NOT EXISTS (
              SELECT FROM cs_policy.attendance_input((SELECT month FROM v)) i, cs_policy.team_member_of(i) m,
                     LATERAL (SELECT count(*) AS shifts, sum(j.absence_days) AS days_absent,
                                     count(*) FILTER (WHERE j.on_leave) AS shifts_on_leave,
                                     (max(ARRAY[j.work_date - DATE '2000-01-01', j.policy_id]))[2] AS policy_id,
                                     max(j.work_date) AS last_shift
                                FROM cs_policy.judge_attendance_shifts(i) j WHERE j.absence_days IS NOT NULL) q
               -- (the days as text: written with as many decimals, as the team's rate shows them)
               WHERE (m.shifts, m.days_absent::text, m.shifts_on_leave, m.policy_id, m.last_shift)
                     IS DISTINCT FROM (q.shifts, q.days_absent::text, q.shifts_on_leave, q.policy_id, q.last_shift)),
          'AT-10: team_member_of sums each member''s judged shifts as judge_attendance_shifts judges them');
SELECT results_eq($$ SELECT * FROM cs_policy.team_member_of(NULL) $$,
                  $$ VALUES (0::bigint, NULL::numeric, 0::bigint, NULL::bigint, NULL::date) $$,
                  'AT-10: no input is a member of no shifts, as a sum of none reads');
SELECT ok(NOT EXISTS (
              SELECT FROM cs_policy.attendance_input((SELECT month FROM v)) i,
                     LATERAL (SELECT array_agg(ROW(l.line, l.work_date, l.kind, l.amount, l.explanation, l.overtime)::text
                                               ORDER BY l.overtime, l.line) AS lines
                                FROM cs_policy.judge_period(i) l) p,
                     LATERAL (SELECT array_agg(ROW(c.line, c.work_date, c.kind, c.amount, c.explanation, c.part = 'overtime')::text
                                               ORDER BY c.part = 'overtime', c.line) FILTER (WHERE c.part <> 'team_member') AS lines,
                                     (array_agg(ROW(c.shifts, c.absence_days::text, c.shifts_on_leave, c.policy_id, c.work_date)::text)
                                         FILTER (WHERE c.part = 'team_member'))[1] AS member,
                                     count(*) FILTER (WHERE c.part = 'team_member') AS members
                                FROM cs_policy.judge_for_close(i) c) f,
                     cs_policy.team_member_of(i) m
               WHERE p.lines IS DISTINCT FROM f.lines OR f.members <> 1
                  OR f.member IS DISTINCT FROM ROW(m.shifts, m.days_absent::text, m.shifts_on_leave, m.policy_id, m.last_shift)::text),
          'AT-10, AT-15: judge_for_close, what the close reads, gives judge_period''s lines and one row of team_member_of''s sums, from one reading');
SELECT results_eq($$ SELECT part, shifts, absence_days, shifts_on_leave, line FROM cs_policy.judge_for_close(NULL) $$,
                  $$ VALUES ('team_member', 0::bigint, NULL::numeric, 0::bigint, NULL::integer) $$,
                  'AT-10: no input: a member of no shifts');
SELECT set_eq($$ SELECT department_id, shifts, days_absent, attendance_rate, below_minimum FROM cs_policy.closed_team_attendance $$,
              $$ SELECT d.department_id, t.shifts, coalesce(t.days_absent, 0), t.attendance_rate, t.below_minimum
                   FROM cs_policy.team_attendance((SELECT month FROM v)) t JOIN cs_policy.department d ON d.code = t.department_code $$,
              'AT-10: the stored team attendance is team_attendance''s');

-- ------------------------------------------------------------- payroll

SELECT is_empty($$ SELECT t.employee_id FROM cs_policy.closed_attendance_total t
                    WHERE (SELECT count(*) FROM cs_policy.payroll_adjustment a
                            WHERE a.employee_id = t.employee_id AND a.kind = 'net') <> 1 $$,
                'every employee judged has one net row');
SELECT is_empty($$ SELECT n.employee_id FROM cs_policy.payroll_adjustment n
                    WHERE n.kind = 'net'
                      AND (n.amount <> (SELECT coalesce(sum(a.amount), 0) FROM cs_policy.payroll_adjustment a
                                         WHERE a.employee_id = n.employee_id AND a.kind <> 'net')
                           OR n.item <> (SELECT max(a.item) FROM cs_policy.payroll_adjustment a
                                          WHERE a.employee_id = n.employee_id)) $$,
                'the net is the sum of the items, and comes last');
SELECT is_empty($$ SELECT t.employee_id FROM cs_policy.closed_attendance_total t
                    WHERE t.bonus - t.charged
                          <> (SELECT coalesce(sum(a.amount), 0) FROM cs_policy.payroll_adjustment a
                               WHERE a.employee_id = t.employee_id AND a.kind IN ('charge', 'bonus', 'points_pay')) $$,
                'the charges, bonuses and points pay are the totals charged and paid out, with the sign payroll uses (negative: deducted)');
SELECT results_eq($$ SELECT count(*)::integer, sum(a.amount) FROM cs_policy.payroll_adjustment a
                      WHERE a.kind = 'charge' AND a.rule_id = 'CP-9' $$,
                  $$ SELECT count(*)::integer, -sum(l.amount) FROM cs_policy.closed_penalty_line l
                      WHERE l.rule_id = 'CP-9' AND l.amount <> 0 $$,
                  'CP-9: each valid complaint charged is a payroll deduction of its own, with its rule');
SELECT ok((SELECT count(*) FROM cs_policy.payroll_adjustment WHERE rule_id = 'CP-9') > 0,
          'CP-9: (the demo month has some)');
SELECT is_empty($$ SELECT a.employee_id FROM cs_policy.payroll_adjustment a
                     JOIN cs_policy.closed_penalty_line l ON l.employee_id = a.employee_id AND l.kind = 'score'
                    WHERE a.kind = 'points_pay' AND a.amount <> -l.amount $$,
                'AT-14: the points pay is the score line''s amount, paid (positive) above the base and deducted below');

-- ------------------------------------------------------------- re-run

-- A re-run replaces its revision: the same rows, once each, and the totals
-- row of someone no longer judged nor employed goes.
SELECT current_user AS was \gset
RESET ROLE;
CREATE TEMP TABLE stored AS
SELECT (SELECT count(*) FROM cs_policy.closed_penalty_line) AS lines,
       (SELECT count(*) FROM cs_policy.closed_attendance_total) AS totals,
       (SELECT count(*) FROM cs_policy.payroll_adjustment) AS items,
       (SELECT sum(amount) FROM cs_policy.payroll_adjustment WHERE kind = 'net') AS net;
SELECT cs_policy.hire_employee('E-LATE', 'hired after the month', 'HOTLINE', 'agent', :'month'::date + 100, 5000);
INSERT INTO cs_policy.closed_attendance_total
SELECT e.employee_id, c.period_first, c.revision, c.department_id, c.period_last, c.period_label,
       0, 0, 0, 0, 0, 0, 0, 0, 0, 0, NULL, '{}'
  FROM cs_policy.employee e JOIN cs_policy.period_close c ON c.department_id = e.department_id AND c.run_id = :run
 WHERE e.code = 'E-LATE';
SET ROLE tap_l_hr;
SELECT cs_policy.close_period_now(:'month') AS run \gset
RESET ROLE;
UPDATE v SET run = :run;
SELECT results_eq($$ SELECT (SELECT count(*) FROM cs_policy.closed_penalty_line), (SELECT count(*) FROM cs_policy.closed_attendance_total),
                            (SELECT count(*) FROM cs_policy.payroll_adjustment),
                            (SELECT sum(amount) FROM cs_policy.payroll_adjustment WHERE kind = 'net') $$,
                  $$ SELECT * FROM stored $$,
                  'AT-15: a re-run of the close replaces its revision, never doubles (and drops the totals of someone it no longer judges)');
SET ROLE :was;

-- --------------------------------------------------------- service levels

SELECT set_eq($$ SELECT department_id, target, rule_id, sum(complaints)::integer AS complaints, sum(met)::integer AS met,
                        sum(breached)::integer AS breached, sum(still_open)::integer AS still_open
                   FROM cs_policy.closed_sla_compliance GROUP BY 1, 2, 3 $$,
              $$ SELECT k.department_id, s.target, s.rule_id, count(*)::integer AS complaints,
                        count(*) FILTER (WHERE s.state = 'met')::integer AS met,
                        count(*) FILTER (WHERE s.state = 'breached')::integer AS breached,
                        count(*) FILTER (WHERE s.state IN ('running', 'at_risk'))::integer AS still_open
                   FROM cs_policy.complaint_sla s
                   JOIN cs_policy.complaint k USING (employee_id, complaint_id)
                   JOIN cs_policy.period_close c ON c.department_id = k.department_id AND c.run_id = (SELECT run FROM v)
                  WHERE k.received_on BETWEEN c.period_first AND c.period_last
                  GROUP BY 1, 2, 3 $$,
              'CP-3 to CP-7: the stored service levels count complaint_sla''s states of the complaints the period received');
SELECT is_empty($$ SELECT * FROM cs_policy.period_sla
                    WHERE compliance IS DISTINCT FROM round(met::numeric / nullif(met + breached, 0), 4)
                       OR complaints <> met + breached + still_open $$,
                'period_sla: compliance is met / (met + breached), and every complaint is met, breached or still open');
SELECT is((SELECT count(DISTINCT grouped_by) FROM cs_policy.period_sla)::integer, 3,
          'period_sla: by department, by category and by agent');

-- --------------------------------------------------------------- coverage

SELECT set_eq($$ SELECT x.slot_start, x.rostered, x.required, x.shortfall FROM cs_policy.closed_coverage_shortfall x
                   JOIN cs_policy.department d USING (department_id) WHERE d.code = 'REPAIR' $$,
              $$ SELECT v.slot_start, v.rostered, v.required, v.shortfall
                   FROM cs_policy.period_close c JOIN cs_policy.department d USING (department_id),
                        cs_policy.coverage('REPAIR', c.period_first::timestamp AT TIME ZONE 'Asia/Shanghai',
                                           (c.period_last + 1)::timestamp AT TIME ZONE 'Asia/Shanghai') v
                  WHERE d.code = 'REPAIR' AND c.run_id = (SELECT run FROM v) AND v.shortfall > 0 $$,
              'SH-3: the stored shortfalls are the half hours coverage finds below the minimum');
SELECT ok((SELECT count(*) FROM cs_policy.period_coverage) > 0, 'SH-3: (the demo month has some)');
SELECT is((SELECT count(*) FROM cs_policy.closed_promotion_check)::integer, 0,
          'PR-1: a month that does not end a quarter stores no promotion candidates');

-- ------------------------------------------------------ a quarter's close

SELECT cs_policy.close_period_now(:'quarter_month') AS quarter_run \gset
SELECT set_eq($$ SELECT employee_id, ladder, level_sought, eligible, criteria_met, criteria_missing
                   FROM cs_policy.closed_promotion_check $$,
              $$ SELECT employee_id, ladder, level_sought, eligible, criteria_met, criteria_missing
                   FROM cs_policy.promotion_candidates_at((SELECT grading_day FROM v)) $$,
              'PR-1, PR-4: the quarter''s close stores the candidates of the next grading day');
SELECT ok((SELECT count(*) FILTER (WHERE eligible) FROM cs_policy.period_promotion_candidates) > 0,
          'PR-1: (some are eligible)');
SELECT results_eq($$ SELECT criterion, demoted_to, actual, demotion_due, rule_id FROM cs_policy.period_demotion_watch
                      WHERE employee_code = 'SRV-MC' AND criterion = 'grade_below_b_count' $$,
                  $$ VALUES ('grade_below_b_count', 'junior', 1, true, 'PR-2') $$,
                  'PR-2: and the demotion watch: the middle agent graded C goes back to junior');

-- ------------------------------------------------------ closed is frozen

SELECT throws_ok($$ SELECT cs_policy.request_exception((SELECT month FROM v) + 2, 'force_majeure', 'road closed', 'E0015',
                                                       acting_as => 'E0015') $$,
                 '55000', NULL, 'AT-15: an exception for a day of a closed period is refused');
SELECT throws_ok($$ SELECT cs_policy.assign_shift('E0015', (SELECT month FROM v) + 2, 'day', acting_as => 'E0005') $$,
                 '55000', NULL, 'AT-15: so is a roster change');
SELECT throws_ok($$ SELECT cs_policy.approve_swap((SELECT swap FROM v), acting_as => 'E0005') $$,
                 '55000', NULL, 'AT-15: and approving a swap of days in a closed period, though asked before the close');
SELECT throws_like($$ SELECT cs_policy.approve_swap((SELECT swap FROM v), acting_as => 'E0005') $$,
                   'approving a swap is refused: the attendance period % is closed', 'the refusal says why');
SELECT throws_ok($$ SELECT cs_policy.report_proxy_punch(
                              (SELECT min(p.punch_id) FROM cs_policy.punch p, v WHERE p.employee_id = v.agent_id AND p.at >= v.month + 1),
                              'E0016', 'seen on the camera', acting_as => 'E0007') $$,
                 '55000', NULL, 'AT-15, AT-7: a punch found made by someone else, in a closed period, is refused');
SELECT throws_ok($$ SELECT cs_policy.report_cover_up('E0012', 'E0015',
                              (SELECT min(l.work_date) FROM cs_policy.closed_penalty_line l, v WHERE l.employee_id = v.agent_id AND l.kind = 'late'),
                              'kept it quiet', acting_as => 'E0005') $$,
                 '55000', NULL, 'AT-15, AT-5: so is a cover-up found of a closed day');
SELECT throws_ok($$ SELECT cs_policy.file_sick_documents(
                              (SELECT l.leave_id FROM cs_policy.leave_request l, v WHERE l.leave_type = 'sick' AND l.documents_filed_at IS NULL
                                  AND l.first_day BETWEEN v.month AND v.month + 27 ORDER BY l.leave_id LIMIT 1),
                              '{hospital_note,invoices,medical_record}',
                              acting_as => (SELECT e.code FROM cs_policy.leave_request l JOIN cs_policy.employee e USING (employee_id), v
                                             WHERE l.leave_type = 'sick' AND l.documents_filed_at IS NULL
                                               AND l.first_day BETWEEN v.month AND v.month + 27 ORDER BY l.leave_id LIMIT 1)) $$,
                 '55000', NULL, 'AT-15, LV-3: and a sick leave''s documents filed after the close (they decide how its days are judged)');
SELECT throws_ok($$ SELECT cs_policy.record_daily_metrics('E0015', (SELECT month FROM v) + 3, 5, 80, acting_as => 'E0007') $$,
                 '55000', NULL, 'AT-15, AT-17: and a closed day''s metrics, which decide how its overtime is paid');
SELECT throws_ok($$ SELECT cs_policy.start_training('NEW-1', (SELECT month FROM v) + 20, (SELECT month FROM v) + 40,
                                                    acting_as => 'E0007') $$,
                 '55000', NULL, 'AT-15, AT-16: and an onboarding training over closed days');
SELECT throws_like($$ SELECT cs_policy.hire_employee('NEW-2', 'hired late', 'HOTLINE-T1', 'agent', (SELECT month FROM v) + 5, 5000) $$,
                   'hiring NEW-2 from % is refused: the attendance period % of HOTLINE-T1 % is closed',
                   'AT-15: a hire dated into a closed period is refused: the close counted who was employed');
SELECT throws_ok($$ SELECT cs_policy.hire_employee('NEW-2', 'hired late', 'HOTLINE-T1', 'agent', (SELECT month FROM v) - 40, 5000) $$,
                 '55000', NULL, 'AT-15: so is one dated before it');
-- (the quarter's last month is closed too, and the month between not)
SELECT is(pg_temp.hint_of($$ SELECT cs_policy.hire_employee('NEW-2', 'hired late', 'HOTLINE-T1', 'agent', (SELECT quarter_month FROM v) + 3, 5000) $$),
          format('Let the change take effect after %s, or have HR reopen the periods first: SELECT cs_policy.reopen_period(''HOTLINE-T1'', %L, ''why'');',
                 (:'month'::date + interval '1 month - 1 day')::date, :'quarter_month'),
          'AT-15: the hint names the last closed day the hire would reach, and the first period to reopen');
SELECT lives_ok($$ SELECT cs_policy.hire_employee('NEW-3', 'hired after', 'HOTLINE-T1', 'agent',
                                                 ((SELECT month FROM v) + interval '1 month')::date, 5000) $$,
                'AT-15: a hire from the day after the closed period is not');
SELECT throws_like($$ SELECT cs_policy.end_employment('NEW-1', (SELECT month FROM v) + 25, 'contract_ended') $$,
                   'ending the employment of NEW-1 on % is refused: the attendance period % is closed',
                   'AT-15: an employment ended before the last day of a closed period is refused: the close counted its days');
SELECT throws_ok($$ SELECT cs_policy.end_employment('NEW-1', ((SELECT month FROM v) + interval '1 month - 1 day')::date, 'resigned') $$,
                 '55000', NULL, 'AT-15, AT-18: so is a resignation on its last day (AT-18 withholds that period''s pay)');
SELECT lives_ok($$ SELECT cs_policy.end_employment('NEW-1', ((SELECT month FROM v) + interval '1 month - 1 day')::date, 'contract_ended') $$,
                'AT-15: a contract that ended on the last day changes nothing closed');
SELECT throws_like($$ SELECT cs_policy.roster_rotation('HOTLINE', (SELECT month FROM v), '{day}', acting_as => 'E0005') $$,
                   'a rotation of HOTLINE for % is refused: the attendance period % is closed',
                   'AT-15: and a rotation of a closed month');
SELECT throws_ok($$ SELECT cs_policy.approve_roster_change(
                              cs_policy.request_roster_change('E0015', (SELECT month FROM v) + 2, 'day', 'asked late', acting_as => 'E0015'),
                              acting_as => 'E0005') $$,
                 '55000', NULL, 'AT-15, SH-5: approving a roster change of a closed day is refused (even where a superuser calls it)');
-- the rules it was judged by too
SELECT throws_ok($$ SELECT cs_policy.set_policy('team 1 ladder', 'promotion', 'service_ladder_2023', 'HOTLINE-T1',
                                                 valid_from => (SELECT grading_day FROM v), valid_until => (SELECT grading_day FROM v) + 1) $$,
                 '55000', NULL, 'AT-15, PR-1: promotion rules from the grading day after a closed quarter are refused (its close read them)');
SELECT lives_ok($$ SELECT cs_policy.set_policy('team 1 ladder', 'promotion', 'service_ladder_2023', 'HOTLINE-T1',
                                               valid_from => (SELECT (month + interval '1 month')::date
                                                                          + (extract(month FROM month) IN (3, 6, 9, 12))::integer FROM v)) $$,
                'AT-15, PR-1: from the day after a closed month that ends no quarter (or after its grading day) they are taken');
SELECT throws_ok($$ SELECT cs_policy.set_policy('team 2 attendance', 'attendance', 'attendance_tiered', 'HOTLINE-T2',
                                                 valid_from => (SELECT month FROM v) + 10) $$,
                 '55000', NULL, 'AT-15: a policy version that would be in force in a closed period is refused');
SELECT throws_like($$ SELECT cs_policy.end_policy((SELECT policy_id FROM cs_policy.policy WHERE name = 'team 1 attendance'),
                                                  (SELECT month FROM v) + 10) $$,
                   'ending policy % is refused: the attendance period % of HOTLINE-T1 % is closed',
                   'AT-15: and so is ending one within a closed period');
SELECT lives_ok($$ SELECT cs_policy.end_policy((SELECT policy_id FROM cs_policy.policy WHERE name = 'team 1 attendance'),
                                               ((SELECT month FROM v) + interval '1 month')::date) $$,
                'AT-15: a change of the rules after the closed period is taken');
SELECT throws_ok($$ SELECT cs_policy.set_staffing('HOTLINE-T2', 'peak', '10:00-12:00', 3, 'cn_7x24') $$,
                 '55000', NULL, 'AT-15, SH-3: a staffing minimum over the days of a closed period is refused');
SELECT lives_ok($$ SELECT cs_policy.set_staffing('HOTLINE-T2', 'peak', '10:00-12:00', 3, 'cn_7x24',
                                                 valid_from => ((SELECT month FROM v) + interval '1 month')::date) $$,
                'AT-15, SH-3: one from after it is taken');
SELECT lives_ok($$ SELECT cs_policy.set_policy('center access', 'access', 'callcenter_2012', 'HOTLINE-T2',
                                               valid_from => (SELECT month FROM v) + 10) $$,
                'AT-15: as are the access rules, which the close does not read');
SELECT throws_ok($$ SELECT cs_policy.reopen_period('HOTLINE', (SELECT month FROM v), 'late sick notes', acting_as => 'E0005') $$,
                 '42501', NULL, 'AT-15: a manager may not reopen a period');
SELECT throws_ok($$ SELECT cs_policy.reopen_period('HOTLINE', (SELECT month FROM v), ' ', acting_as => 'E0002') $$,
                 '22004', NULL, 'AT-15: HR reopens only with a reason');
-- the BI totals per team, per project (teams and the project's own staff)
-- and for the center (everyone judged), from the stored totals
SELECT set_eq($$ SELECT grouped_by, project_code, team_code, period_label, headcount, charged FROM cs_policy.period_team_totals $$,
              $$ SELECT CASE WHEN grouping(tm.code) = 0 THEN 'team' WHEN grouping(pr.code) = 0 THEN 'project' ELSE 'center' END,
                        pr.code AS project_code, tm.code AS team_code, t.period_label, count(*), sum(t.charged)
                   FROM cs_policy.closed_attendance_total t
                   JOIN cs_policy.period_close c ON c.department_id = t.department_id AND c.period_first = t.period_first
                                                AND c.revision = t.revision
                   JOIN cs_policy.department d ON d.department_id = t.department_id
                   LEFT JOIN cs_policy.department pr ON pr.department_id = d.path[2]
                   LEFT JOIN cs_policy.department tm ON tm.department_id = d.path[3]
                  GROUP BY GROUPING SETS ((pr.code, tm.code, t.period_label), (pr.code, t.period_label), (t.period_label))
                 HAVING (grouping(tm.code) = 1 OR tm.code IS NOT NULL) AND (grouping(pr.code) = 1 OR pr.code IS NOT NULL) $$,
              'AT-15: period_team_totals adds the stored totals up per team, per project and for the center');
SELECT is((SELECT headcount FROM cs_policy.period_team_totals WHERE grouped_by = 'center' AND period_label = to_char((SELECT month FROM v), 'YYYY-MM')),
          (SELECT count(*) FROM cs_policy.employee e
            WHERE e.hired_on <= (SELECT (month + interval '1 month - 1 day')::date FROM v) AND (e.left_on IS NULL OR e.left_on >= (SELECT month FROM v))),
          'the center''s row counts everyone employed in the month');
SELECT is(cs_policy.reopen_period('HOTLINE', :'month', 'late sick notes', acting_as => 'E0002') > 0, true,
          'AT-15: HR reopens the hotline''s periods with a reason');

-- ------------------------------------------------------------ who reads

SET ROLE tap_l_agent;
SELECT is_empty($$ SELECT * FROM cs_policy.payroll_adjustments WHERE employee_id <> (SELECT agent_id FROM v) $$,
                'SEC-2: an agent reads no one else''s payroll adjustments');
SELECT ok((SELECT count(*) FROM cs_policy.payroll_adjustments WHERE kind = 'net') >= 1, 'SEC-2: and their own');
RESET ROLE;
SET ROLE tap_l_hot;
SELECT is_empty($$ SELECT * FROM cs_policy.period_penalty_line WHERE from_pay AND (amount IS NOT NULL OR explanation ~ '[0-9]') $$,
                'SEC-2: a manager reads the lines of their people, with the amounts that come from a wage withheld');
SELECT throws_ok($$ SELECT net_delta FROM cs_policy.period_changes $$, '42501', NULL,
                 'SEC-2: what a reopening changed in pay is HR''s');
RESET ROLE;

-- close_analyze (internal) analyses one of cs_policy's tables: given no
-- table it does nothing (ANALYZE alone would analyse the whole database),
-- and it refuses any other table
SELECT is(cs_policy.close_analyze(NULL)::text, NULL, 'close_analyze(NULL) does nothing (STRICT: not run at all)');
SELECT throws_ok($$ SELECT cs_policy.close_analyze('pg_catalog.pg_class') $$, '22023', NULL,
                 'close_analyze refuses a table that is not cs_policy''s');

SELECT * FROM finish();
ROLLBACK;
