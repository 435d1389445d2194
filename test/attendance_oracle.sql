-- The C attendance engine agrees with the plain PL/pgSQL oracle of
-- bench/attendance_oracle.sql, line for line (date, kind, amount, points,
-- days of absence, flags), on the demo center: the month of its own
-- policies, then every preset's rulebook in turn on the same punches,
-- leave, exceptions and incidents (AT-1 to AT-14); periods closing on the
-- 25th, with runs of missed shifts across the close (AT-15, AT-9); leave
-- approved late, a team whose policy has settings only, a narrow punch
-- window and a department without rules (LV-1, AT-4); split shifts punched
-- window by window (AT-20); and every engine
-- line cites registered rules.
BEGIN;
SELECT plan(22);
SET LOCAL client_min_messages = warning;

\ir ../bench/attendance_oracle.sql

SELECT cs_policy.demo_center(agents => 60, month => '2025-10-01', seed => 11) > 0 AS loaded;
-- raises within the month (it is judged with them) and after it (it is
-- not): charges in days' wages follow the wages of the period's last day
SELECT count(cs_policy.set_wages(e.code, 9000 + 10 * (e.employee_id % 7),
                                 effective => CASE WHEN e.employee_id % 2 = 0 THEN date '2025-10-20' ELSE date '2025-11-05' END))
       AS raised
  FROM cs_policy.employee e WHERE e.role = 'agent' AND e.employee_id % 3 = 0;
-- the demo's own attendance policies, to come back to after the presets
CREATE TEMP TABLE own_policies AS SELECT policy_id, rulebook, settings FROM cs_policy.policy WHERE area = 'attendance';
-- what the engine's lines cite, for every comparison made (label)
CREATE TEMP TABLE citations (label text, period date, lines bigint, uncited bigint, uncharged_uncited bigint);
CREATE FUNCTION pg_temp.differences(label text, period date DEFAULT '2025-10-01') RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
    n bigint;
BEGIN
    PERFORM cs_policy_oracle.load_rules();
    CREATE TEMP TABLE IF NOT EXISTS engine_all AS SELECT * FROM cs_policy.period_penalty_lines('2025-10-01') WITH NO DATA;
    CREATE TEMP TABLE IF NOT EXISTS engine_lines AS
        SELECT employee_id, work_date, kind, amount, points, absence_days, flags FROM engine_all WITH NO DATA;
    CREATE TEMP TABLE IF NOT EXISTS oracle_result (LIKE engine_lines);
    TRUNCATE engine_all, engine_lines, oracle_result;
    INSERT INTO engine_all SELECT * FROM cs_policy.period_penalty_lines(period);
    INSERT INTO engine_lines SELECT employee_id, work_date, kind, amount, points, absence_days, flags FROM engine_all;
    INSERT INTO oracle_result
    SELECT e.employee_id, l.* FROM cs_policy.employee e, cs_policy_oracle.penalty_lines(e.employee_id, period, now()) l;
    -- a line cites a registered rule_id, and registered rules in also_cites;
    -- an incident no rule of the rulebook charges is counted apart
    INSERT INTO citations
    SELECT differences.label, differences.period, count(*),
           count(*) FILTER (WHERE NOT c.ok AND NOT c.uncharged), count(*) FILTER (WHERE NOT c.ok AND c.uncharged)
      FROM (SELECT coalesce(a.rule_id IN (SELECT r.id FROM cs_policy.rule r)
                            AND NOT EXISTS (SELECT FROM unnest(a.also_cites) AS x(id)
                                             WHERE x.id IS NULL OR x.id NOT IN (SELECT r.id FROM cs_policy.rule r)), false) AS ok,
                   a.kind = 'incident' AND a.explanation LIKE '%: no rule of the policy charges it%' AS uncharged
              FROM engine_all a) c;
    SELECT count(*) INTO n FROM ((SELECT * FROM engine_lines EXCEPT ALL SELECT * FROM oracle_result)
                                 UNION ALL (SELECT * FROM oracle_result EXCEPT ALL SELECT * FROM engine_lines)) d;
    RETURN n;
END
$$;

SELECT is(pg_temp.differences('own'), 0::bigint, 'the demo center''s own policies: engine and oracle agree line for line');
SELECT ok((SELECT count(*) FROM engine_lines) > 100, 'and there are lines to compare');

-- Every preset's rules on the same month (the floor of AT-5 is not at issue here).
CREATE TEMP TABLE presets AS SELECT preset, rulebook FROM cs_policy.preset_rulebook WHERE area = 'attendance';
UPDATE cs_policy.policy SET rulebook = (SELECT rulebook FROM presets WHERE preset = 'attendance_tiered') WHERE area = 'attendance';
SELECT is(pg_temp.differences('attendance_tiered'), 0::bigint, 'attendance_tiered: engine and oracle agree');
UPDATE cs_policy.policy SET rulebook = (SELECT rulebook FROM presets WHERE preset = 'group_seasonal') WHERE area = 'attendance';
SELECT is(pg_temp.differences('group_seasonal'), 0::bigint, 'group_seasonal: engine and oracle agree');
UPDATE cs_policy.policy SET rulebook = (SELECT rulebook FROM presets WHERE preset = 'callcenter_2012') WHERE area = 'attendance';
SELECT is(pg_temp.differences('callcenter_2012'), 0::bigint, 'callcenter_2012: engine and oracle agree');
UPDATE cs_policy.policy SET rulebook = (SELECT rulebook FROM presets WHERE preset = 'hotline_2009') WHERE area = 'attendance';
SELECT is(pg_temp.differences('hotline_2009'), 0::bigint, 'hotline_2009: engine and oracle agree');
UPDATE cs_policy.policy SET rulebook = cs_policy.rulebook_merge((SELECT rulebook FROM presets WHERE preset = 'points_2024'),
                                                                (SELECT rulebook FROM presets WHERE preset = 'punchcard_strict'))
 WHERE area = 'attendance';
SELECT is(pg_temp.differences('points_2024+punchcard_strict'), 0::bigint,
          'points_2024 with punchcard_strict''s rules on top: engine and oracle agree');
UPDATE cs_policy.policy SET rulebook = cs_policy.rulebook_merge((SELECT rulebook FROM presets WHERE preset = 'sales_desk'),
                                                                (SELECT rulebook FROM presets WHERE preset = 'group_seasonal'))
 WHERE area = 'attendance';
SELECT is(pg_temp.differences('sales_desk+group_seasonal'), 0::bigint,
          'sales_desk with group_seasonal''s rules on top: engine and oracle agree');

-- AT-15, AT-9: every attendance policy closes on the 25th, and two agents
-- who were at work on time every day from the 15th stop coming around the
-- close: the first misses the last 2 shifts up to the 25th and the first 2
-- from the 26th (the run reaches 3 on the first, in the period opening on
-- the 26th), the second the last 3 up to the 25th and the first from the
-- 26th (it reaches 3 in the period closing on the 25th, and is not charged
-- again in the next).
UPDATE cs_policy.policy p SET rulebook = o.rulebook, settings = o.settings || '{"period_close_day": 25}'
  FROM own_policies o WHERE o.policy_id = p.policy_id;
CREATE TEMP TABLE missed AS
SELECT q.n, r.employee_id, r.work_date, r.instants
  FROM (SELECT e.employee_id, row_number() OVER (ORDER BY e.employee_id)::integer AS n
          FROM cs_policy.employee e
         WHERE EXISTS (SELECT FROM cs_policy.roster r WHERE r.employee_id = e.employee_id
                          AND r.work_date BETWEEN '2025-10-26' AND '2025-10-31')
           AND NOT EXISTS (SELECT FROM cs_policy.leave_request l WHERE l.employee_id = e.employee_id AND l.last_day >= '2025-10-15')
           AND NOT EXISTS (SELECT FROM cs_policy.attendance_exception x WHERE x.employee_id = e.employee_id
                              AND x.work_date >= '2025-10-15')
           AND NOT EXISTS (SELECT FROM cs_policy.incident i WHERE i.employee_id = e.employee_id
                              AND (i.work_date >= '2025-10-15' OR i.punch_id IS NOT NULL))
           -- every shift from the 15th: signed in by 5 minutes after the start, out after the end, nothing between
           AND NOT EXISTS (SELECT FROM cs_policy.roster r WHERE r.employee_id = e.employee_id AND r.work_date >= '2025-10-15'
                              AND (r.swap_id IS NOT NULL
                                   OR NOT EXISTS (SELECT FROM cs_policy.punch p WHERE p.employee_id = r.employee_id AND p.kind = 'in'
                                                     AND p.at BETWEEN lower(r.instants) - interval '3 hours'
                                                                  AND lower(r.instants) + interval '5 minutes')
                                   OR NOT EXISTS (SELECT FROM cs_policy.punch p WHERE p.employee_id = r.employee_id AND p.kind = 'out'
                                                     AND p.at BETWEEN upper(r.instants) AND upper(r.instants) + interval '3 hours')
                                   OR EXISTS (SELECT FROM cs_policy.punch p WHERE p.employee_id = r.employee_id
                                                 AND p.at > lower(r.instants) + interval '5 minutes' AND p.at < upper(r.instants))))
         ORDER BY e.employee_id LIMIT 2) q
 CROSS JOIN LATERAL ((SELECT * FROM cs_policy.roster r WHERE r.employee_id = q.employee_id AND r.work_date <= '2025-10-25'
                       ORDER BY r.work_date DESC LIMIT q.n + 1)
                     UNION ALL
                     (SELECT * FROM cs_policy.roster r WHERE r.employee_id = q.employee_id AND r.work_date >= '2025-10-26'
                       ORDER BY r.work_date LIMIT 3 - q.n)) r;
DELETE FROM cs_policy.punch p USING missed m
 WHERE p.employee_id = m.employee_id
   AND p.at BETWEEN lower(m.instants) - interval '3 hours' AND upper(m.instants) + interval '3 hours';
SELECT is((SELECT array_agg(DISTINCT (p.first_day, p.last_day)::text ORDER BY (p.first_day, p.last_day)::text)
             FROM (SELECT DISTINCT employee_id FROM cs_policy.roster) r,
                  unnest('{2025-10-20,2025-10-28}'::date[]) AS d, cs_policy.attendance_period(r.employee_id, d) p),
          '{"(2025-09-26,2025-10-25)","(2025-10-26,2025-11-25)"}'::text[],
          'AT-15: with a 25th close, every rostered employee''s periods containing 2025-10-20 and 2025-10-28 run from the 26th to the 25th');
SELECT is(pg_temp.differences('own, 25th close', '2025-10-20'), 0::bigint,
          'the demo''s own policies closing on the 25th, the period containing 2025-10-20: engine and oracle agree');
SELECT is(pg_temp.differences('own, 25th close', '2025-10-28'), 0::bigint,
          'and the period containing 2025-10-28: engine and oracle agree');
UPDATE cs_policy.policy SET rulebook = (SELECT rulebook FROM presets WHERE preset = 'callcenter_2012') WHERE area = 'attendance';
SELECT is(pg_temp.differences('callcenter_2012, 25th close', '2025-10-20'), 0::bigint,
          'callcenter_2012 closing on the 25th, the period containing 2025-10-20: engine and oracle agree');
CREATE TEMP TABLE runs AS
SELECT '2025-10-20'::date AS period, l.employee_id, l.work_date, l.measure
  FROM engine_all l WHERE l.kind = 'consecutive_absence';
SELECT is(pg_temp.differences('callcenter_2012, 25th close', '2025-10-28'), 0::bigint,
          'and the period containing 2025-10-28, which follows runs of missed shifts back before it: engine and oracle agree');
INSERT INTO runs SELECT '2025-10-28', l.employee_id, l.work_date, l.measure FROM engine_all l WHERE l.kind = 'consecutive_absence';
SELECT results_eq($$ SELECT period, employee_id, work_date, measure FROM runs ORDER BY period, employee_id $$,
                  $$ SELECT '2025-10-20'::date, employee_id, max(work_date), 3::numeric FROM missed
                      WHERE n = 2 AND work_date <= '2025-10-25' GROUP BY employee_id
                     UNION ALL
                     SELECT '2025-10-28', employee_id, min(work_date), 4 FROM missed
                      WHERE n = 1 AND work_date >= '2025-10-26' GROUP BY employee_id $$,
                  'AT-9 across the close: a run of missed shifts is charged once, on the day it reached 3, in that day''s period, measured by its length there (4 and 3)');
UPDATE cs_policy.policy SET rulebook = (SELECT rulebook FROM presets WHERE preset = 'points_2024') WHERE area = 'attendance';
SELECT is(pg_temp.differences('points_2024, 25th close', '2025-10-20'), 0::bigint,
          'points_2024 closing on the 25th, the period containing 2025-10-20 (October''s adjustments, pay by the closing month): engine and oracle agree');
SELECT is(pg_temp.differences('points_2024, 25th close', '2025-10-28'), 0::bigint,
          'and the period containing 2025-10-28: engine and oracle agree');

-- LV-1, AT-4, the rules in force: every leave approved the day after it
-- began; HOTLINE-T1's policy keeps its settings only (and a punch window
-- of 600 minutes, which is not that of the rules in force), so HOTLINE's
-- rules judge it, with HOTLINE's punch window of 10 minutes; ECOM's policy
-- has settings only, and nothing above it has rules: its teams are judged
-- by no rules.
UPDATE cs_policy.policy p SET rulebook = o.rulebook, settings = o.settings
  FROM own_policies o WHERE o.policy_id = p.policy_id;
CREATE TEMP TABLE before_edges AS SELECT * FROM cs_policy.period_penalty_lines('2025-10-01');
UPDATE cs_policy.leave_request SET decided_at = first_day + interval '1 day';
UPDATE cs_policy.policy p SET rulebook = NULL, settings = p.settings - 'rules' || '{"punch_window_minutes": 600}'
  FROM cs_policy.department d WHERE d.department_id = p.department_id AND p.area = 'attendance' AND d.code IN ('HOTLINE-T1', 'ECOM');
UPDATE cs_policy.policy p SET settings = p.settings || '{"punch_window_minutes": 10}'
  FROM cs_policy.department d WHERE d.department_id = p.department_id AND p.area = 'attendance' AND d.code = 'HOTLINE';
SELECT is(pg_temp.differences('late approvals, settings only, 10-minute window, no rules'), 0::bigint,
          'leave approved after it began, a team whose policy has settings only, a 10-minute punch window and teams without rules: engine and oracle agree');
SELECT ok((SELECT count(*) FROM engine_all WHERE kind = 'absence' AND explanation LIKE '%leave approved only after the shift began%') > 0
          AND (SELECT count(*) FROM engine_all l JOIN cs_policy.employee e USING (employee_id)
                 JOIN cs_policy.department d USING (department_id) WHERE d.code LIKE 'ECOM%' AND l.policy_id IS NULL) > 0
          AND (SELECT count(*) FROM engine_all l JOIN cs_policy.employee e USING (employee_id)
                 JOIN cs_policy.department d USING (department_id) WHERE d.code LIKE 'ECOM%' AND l.policy_id IS NOT NULL) = 0
          AND (SELECT array_agg(DISTINCT l.policy_id) FROM engine_all l JOIN cs_policy.employee e USING (employee_id)
                 JOIN cs_policy.department d USING (department_id) WHERE d.code = 'HOTLINE-T1')
              = (SELECT array_agg(p.policy_id) FROM cs_policy.policy p JOIN cs_policy.department d USING (department_id)
                  WHERE p.area = 'attendance' AND d.code = 'HOTLINE' AND p.valid_during @> '2025-10-01'::date)
          AND (SELECT count(*) FROM engine_all l JOIN cs_policy.employee e USING (employee_id)
                 JOIN cs_policy.department d USING (department_id) WHERE d.code = 'HOTLINE-T1' AND l.kind = 'missing_punch')
              > (SELECT count(*) FROM before_edges l JOIN cs_policy.employee e USING (employee_id)
                   JOIN cs_policy.department d USING (department_id) WHERE d.code = 'HOTLINE-T1' AND l.kind = 'missing_punch'),
          'and that judged LV-1 absences, ECOM''s teams by no rules (policy NULL), HOTLINE-T1 by HOTLINE''s policy, with more missing punches in the narrow window');

-- AT-20 (group_seasonal): below manager level each window of a split
-- shift has its own sign-in and sign-out and is judged as a shift of its
-- own. Six agents and a manager of HOTLINE-T2 work the split office hours
-- every working day of the month; their punches vary by day: in time, late
-- into the afternoon, no afternoon punch (half a day), no sign-out at noon,
-- early at noon, away in the morning, only in and out, 40 minutes late.
UPDATE cs_policy.policy p SET rulebook = (SELECT rulebook FROM presets WHERE preset = 'group_seasonal'), settings = o.settings
  FROM own_policies o WHERE o.policy_id = p.policy_id;
SELECT cs_policy.define_shift_template('split office', 'HOTLINE', '08:30-12:00,13:00-17:00', 'cn_group_seasonal') > 0 AS template;
SELECT count(cs_policy.hire_employee(c, c, 'HOTLINE-T2', r::cs_policy.staff_role, '2025-01-01', 5220)) AS hired
  FROM (VALUES ('W1', 'agent'), ('W2', 'agent'), ('W3', 'agent'), ('W4', 'agent'), ('W5', 'agent'), ('W6', 'agent'),
               ('WM', 'manager')) AS x(c, r);
-- (the month's roster is published: as the roster was, before)
INSERT INTO cs_policy.roster (employee_id, work_date, template_id, department_id, shift, instants)
SELECT e.employee_id, d::date, t.template_id, e.department_id, t.shift, cs_policy.shift_on(t.shift, d::date, 'Asia/Shanghai')
  FROM cs_policy.employee e, cs_policy.shift_template t, generate_series('2025-10-01'::date, '2025-10-31', '1 day') AS d
 WHERE e.code IN ('W1', 'W2', 'W3', 'W4', 'W5', 'W6', 'WM') AND t.name = 'split office'
   AND cs_policy.is_working_day('cn_group_seasonal', d::date);
INSERT INTO cs_policy.punch (employee_id, at, kind, source)
SELECT r.employee_id, (r.work_date + t.at::time) AT TIME ZONE 'Asia/Shanghai', t.kind::cs_policy.punch_kind, 'time clock'
  FROM cs_policy.roster r JOIN cs_policy.employee e USING (employee_id)
 CROSS JOIN LATERAL (SELECT (right(e.code, 1) = 'M')::integer * 3 + coalesce(nullif(right(e.code, 1), 'M'), '0')::integer
                            + extract(day FROM r.work_date)::integer AS k) pick
 CROSS JOIN LATERAL unnest(CASE pick.k % 8
        WHEN 0 THEN '{08:20 in,12:02 out,12:55 in,17:05 out}'::text[]
        WHEN 1 THEN '{08:20 in,12:02 out,13:07 in,17:05 out}'
        WHEN 2 THEN '{08:20 in,12:02 out}'
        WHEN 3 THEN '{08:20 in,12:55 in,17:05 out}'
        WHEN 4 THEN '{08:20 in,11:50 out,12:55 in,17:05 out}'
        WHEN 5 THEN '{08:20 in,10:00 out,10:20 in,12:02 out,12:55 in,17:05 out}'
        WHEN 6 THEN '{08:20 in,17:05 out}'
        ELSE '{09:10 in,12:02 out,12:55 in,17:05 out}' END) AS p(punch)
 CROSS JOIN LATERAL (SELECT split_part(p.punch, ' ', 1) AS at, split_part(p.punch, ' ', 2) AS kind) t
 WHERE e.code LIKE 'W%';
SELECT is(pg_temp.differences('group_seasonal, split shifts'), 0::bigint,
          'AT-20: group_seasonal with split shifts punched window by window: engine and oracle agree');
SELECT ok((SELECT count(*) FROM engine_all l JOIN cs_policy.employee e USING (employee_id)
            WHERE e.code LIKE 'W_' AND l.explanation LIKE '%window 2 of 2, AT-20%') > 0
          AND (SELECT count(*) FROM engine_all l JOIN cs_policy.employee e USING (employee_id)
                WHERE e.code LIKE 'W_' AND l.kind = 'absence' AND l.absence_days = 0.5) > 0
          AND (SELECT count(*) FROM engine_all l JOIN cs_policy.employee e USING (employee_id)
                WHERE e.code = 'WM' AND l.explanation LIKE '%AT-20%') = 0,
          'and that compared windows judged apart (a late into the afternoon, half a day for a window without a punch), the manager''s shifts whole');

-- Every line cites registered rules: rule_id, and each of also_cites.
SELECT results_eq($$ SELECT label, sum(uncited)::bigint FROM citations GROUP BY label ORDER BY label COLLATE "C" $$,
                  $$ VALUES ('attendance_tiered', 0::bigint), ('callcenter_2012', 0), ('callcenter_2012, 25th close', 0),
                            ('group_seasonal', 0), ('group_seasonal, split shifts', 0), ('hotline_2009', 0),
                            ('late approvals, settings only, 10-minute window, no rules', 0), ('own', 0),
                            ('own, 25th close', 0), ('points_2024+punchcard_strict', 0), ('points_2024, 25th close', 0),
                            ('sales_desk+group_seasonal', 0) $$,
                  'under every rulebook compared above, every engine line that applies a rule cites a registered rule_id, and only registered rules in also_cites');
SELECT is((SELECT sum(uncharged_uncited) FROM citations), 0::numeric,
          'and so does every line of an incident of a kind no rule of the rulebook charges (the rule that names the kind)');

SELECT * FROM finish();
ROLLBACK;
