-- A transfer after a close (AT-15): the department that closed a period
-- keeps it. The person's facts of that period stay frozen although they
-- now work elsewhere, the new department's close leaves them out (before,
-- it failed on the stored key), the old department closes them again
-- after a reopening, and their shifts stay in that team's attendance
-- (AT-10). Where the two departments cut their periods on different days,
-- the new department takes the person from the day after the old one's
-- period: no day is stored twice, none is lost; a close with both periods
-- is refused (it would store the person twice), and closing them apart works.
BEGIN;
SELECT plan(39);
SET client_min_messages = warning;
\ir lib/hint_of.sql

SELECT cs_policy.demo_center();
CREATE TEMP TABLE v AS
SELECT m.month, (SELECT employee_id FROM cs_policy.employee WHERE code = 'E0015') AS moved,
       (SELECT department_id FROM cs_policy.department WHERE code = 'HOTLINE-T1') AS t1,
       (SELECT department_id FROM cs_policy.department WHERE code = 'HOTLINE-T2') AS t2
  FROM (SELECT min(work_date) AS month FROM cs_policy.roster) m;
SELECT month FROM v \gset

-- E-commerce team 2 and repair team 2 cut their periods on the 25th
-- (service_ladder_2023), their teams 1 at the end of the month (the last
-- parts below)
SELECT cs_policy.set_policy('close on the 25th', 'attendance', 'service_ladder_2023', t, valid_from => '2020-01-01')
       IS NOT NULL AS policy
  FROM unnest('{ECOM-T2,REPAIR-T2}'::text[]) AS t;
-- repair closes the month before (its team 2 to October 25th, its team 1
-- to the 31st); then E0212 moves from team 2 to team 1: the days from
-- October 26th are in no closed period of theirs
SELECT cs_policy.close_period_now(((SELECT month FROM v) - interval '1 month')::date, 'REPAIR') IS NOT NULL AS october;
SELECT cs_policy.transfer_employee('E0212', 'REPAIR-T1', 'rebalancing the teams', acting_as => 'E0001');

-- an overtime order of E0015 (team 1) on the 4th, loaded as a database
-- administrator would: the day's metrics judge it against the center's
-- average (AT-17)
INSERT INTO cs_policy.overtime_order (employee_id, work_date, starts_at, ends_at, reason, state, decided_by, decided_at)
SELECT v.moved, v.month + 3, (v.month + 3)::timestamp AT TIME ZONE 'Asia/Shanghai' + interval '18 hours',
       (v.month + 3)::timestamp AT TIME ZONE 'Asia/Shanghai' + interval '20 hours', 'the backlog', 'approved',
       (SELECT employee_id FROM cs_policy.employee WHERE code = 'E0005'), v.month
  FROM v;

-- team 1 closes the month; then E0015 moves to team 2 (new staff: the
-- director signs, PR-5)
SELECT cs_policy.close_period_now(:'month', 'HOTLINE-T1') IS NOT NULL AS closed;
CREATE TEMP TABLE before AS
SELECT t.charged, t.late, (SELECT count(*) FROM cs_policy.closed_penalty_line l
                            WHERE l.employee_id = t.employee_id AND l.revision = 1) AS lines,
       (SELECT shifts FROM cs_policy.closed_team_attendance a, v WHERE a.department_id = v.t1 AND a.revision = 1) AS team_shifts
  FROM cs_policy.closed_attendance_total t, v WHERE t.employee_id = v.moved;
-- a team's close freezes the team's days, and what the center's days decide
SELECT lives_ok($$ SELECT cs_policy.set_staffing('HOTLINE', 'extra peak', '10:00-12:00', 1, 'cn_7x24',
                                                 (SELECT month FROM v), ((SELECT month FROM v) + interval '1 month')::date) $$,
                'AT-15, SH-3: the project''s own staffing of the month may change while only a team''s period is closed');
SELECT throws_like($$ SELECT cs_policy.record_daily_metrics('E0026', (SELECT month FROM v) + 3, 5, 80, acting_as => 'E0007') $$,
                   'daily metrics of E0026 (the center''s average judges overtime ordered that day) is refused: the attendance period % of HOTLINE-T1 %',
                   'AT-15, AT-17: a colleague''s metrics of a day with overtime ordered in a closed team are refused (the center''s average judged it)');
SELECT lives_ok($$ SELECT cs_policy.record_daily_metrics('E0026', (SELECT month FROM v) + 4, 5, 80, acting_as => 'E0007') $$,
                'AT-15, AT-17: those of another day of their open team are taken');
-- someone of team 3, whose month no close has judged, into the closed
-- team 1: neither team would judge their month
SELECT code AS t3_agent FROM cs_policy.employee
 WHERE department_id = (SELECT department_id FROM cs_policy.department WHERE code = 'HOTLINE-T3') AND role = 'agent' AND active
 ORDER BY employee_id LIMIT 1 \gset
SELECT throws_like(format($$ SELECT cs_policy.transfer_employee(%L, 'HOTLINE-T1', 'rebalancing the teams', acting_as => 'E0001') $$, :'t3_agent'),
                   format('moving %s to HOTLINE-T1 is refused: HOTLINE-T1 has closed the attendance period %% without them, and no close has judged their days of it yet', :'t3_agent'),
                   'AT-15: a move into a team that closed the month without the person, while nobody has closed their month, is refused (neither team would judge it)');
SELECT is(pg_temp.hint_of(format($$ SELECT cs_policy.transfer_employee(%L, 'HOTLINE-T1', 'rebalancing the teams', acting_as => 'E0001') $$, :'t3_agent')),
          format('HR closes HOTLINE-T3''s period with them first: SELECT cs_policy.close_period_now(''%s'', ''HOTLINE-T3''); or reopens HOTLINE-T1''s periods from %s on: SELECT cs_policy.reopen_period(''HOTLINE-T1'', ''%s'', ''why'');',
                 :'month', :'month', :'month'),
          'the hint says to close their team''s period first, or to reopen the closed one');
SAVEPOINT t3_closed;
SELECT cs_policy.close_period_now(:'month', 'HOTLINE-T3') IS NOT NULL AS t3_closed;
SELECT lives_ok(format($$ SELECT cs_policy.transfer_employee(%L, 'HOTLINE-T1', 'rebalancing the teams', acting_as => 'E0001') $$, :'t3_agent'),
                'AT-15: once their team has closed the month with them, they move (it keeps their month)');
ROLLBACK TO SAVEPOINT t3_closed;
-- stored by their team two months before, moved away, and back after the
-- team closed the month between without them: that month too would be
-- judged by neither (a close reaches back only to days stored elsewhere)
SAVEPOINT moved_back;
SELECT cs_policy.close_period_now((:'month'::date - interval '2 months')::date, 'HOTLINE-T3') IS NOT NULL AS stored;
SELECT cs_policy.transfer_employee(:'t3_agent', 'HOTLINE-T4', 'rebalancing the teams', acting_as => 'E0001');
SELECT cs_policy.close_period_now((:'month'::date - interval '1 month')::date, 'HOTLINE-T3') IS NOT NULL AS closed_without;
SELECT throws_like(format($$ SELECT cs_policy.transfer_employee(%L, 'HOTLINE-T3', 'back to the old team', acting_as => 'E0001') $$, :'t3_agent'),
                   format('moving %s to HOTLINE-T3 is refused: HOTLINE-T3 has closed the attendance period %s %%', :'t3_agent',
                          to_char(:'month'::date - interval '1 month', 'YYYY-MM')),
                   'AT-15: so is a move back into the old team after it closed a month without the person');
ROLLBACK TO SAVEPOINT moved_back;
SELECT cs_policy.transfer_employee('E0015', 'HOTLINE-T2', 'rebalancing the teams', acting_as => 'E0001');
SELECT throws_like($$ SELECT cs_policy.roster_rotation('HOTLINE-T2', (SELECT month FROM v), '{day}', acting_as => 'E0005') $$,
                   'a rotation of HOTLINE-T2 for % is refused: the attendance period % of HOTLINE-T1 %',
                   'AT-15: a rotation of the new team''s month is refused: it would change the moved person''s closed days');

SELECT throws_ok($$ SELECT cs_policy.request_exception((SELECT month FROM v) + 2, 'force_majeure', 'road closed', 'E0015',
                                                       acting_as => 'E0015') $$,
                 '55000', NULL, 'AT-15: a period closed by the old team stays frozen for the person transferred since');
SELECT throws_like($$ SELECT cs_policy.request_exception((SELECT month FROM v) + 2, 'force_majeure', 'road closed', 'E0015',
                                                         acting_as => 'E0015') $$,
                   '% of HOTLINE-T1 %', 'the refusal names the team that closed it');

-- team 2 closes the same month: without E0015, whose month team 1 holds
SELECT lives_ok($$ SELECT cs_policy.close_period_now((SELECT month FROM v), 'HOTLINE-T2') $$,
                'AT-15: the new team closes the month (the person''s stored key no longer stops it)');
SELECT results_eq($$ SELECT t.department_id, t.revision, t.charged, t.late FROM cs_policy.closed_attendance_total t, v
                      WHERE t.employee_id = v.moved $$,
                  $$ SELECT v.t1, 1, b.charged, b.late FROM v, before b $$,
                  'AT-15: the transferred person''s month is stored once, with the team that closed it');
SELECT is((SELECT a.shifts FROM cs_policy.closed_team_attendance a, v WHERE a.department_id = v.t2),
          (SELECT sum(m.shifts)::bigint FROM cs_policy.attendance_input((SELECT month FROM v)) i
            CROSS JOIN LATERAL cs_policy.team_member_of(i) m
             JOIN cs_policy.employee e ON e.employee_id = i.employee_id, v
            WHERE e.department_id = v.t2 AND e.employee_id <> v.moved),
          'AT-10: the new team''s attendance counts its own people''s shifts only');

-- the whole center closes the month again: nothing moves
SELECT lives_ok($$ SELECT cs_policy.close_period_now((SELECT month FROM v)) $$, 'AT-15: and so does the whole center');
SELECT results_eq($$ SELECT t.department_id, t.revision, t.charged FROM cs_policy.closed_attendance_total t, v
                      WHERE t.employee_id = v.moved $$,
                  $$ SELECT v.t1, 1, b.charged FROM v, before b $$,
                  'AT-15: the center''s close keeps the person with the team that closed their month');

-- repair team 1's November (closed with the center's above) took E0212
-- from October 26th, the day after their last day stored with team 2
SELECT results_eq($$ SELECT d.code, t.period_first, t.judged_from FROM cs_policy.closed_attendance_total t
                       JOIN cs_policy.department d USING (department_id)
                      WHERE t.employee_id = (SELECT employee_id FROM cs_policy.employee WHERE code = 'E0212')
                      ORDER BY t.period_first $$,
                  $$ VALUES ('REPAIR-T2', ((SELECT month FROM v) - interval '2 months' + interval '25 days')::date, NULL::date),
                            ('REPAIR-T1', (SELECT month FROM v), ((SELECT month FROM v) - interval '1 month' + interval '25 days')::date) $$,
                  'AT-15: a person moved in after both teams closed the month is taken from the day after their last stored day: no day lost');
SELECT results_eq($$ SELECT l.work_date, l.kind, l.rule_id, l.amount FROM cs_policy.closed_penalty_line l
                      WHERE l.employee_id = (SELECT employee_id FROM cs_policy.employee WHERE code = 'E0212')
                        AND l.period_first = (SELECT month FROM v) ORDER BY l.line $$,
                  $$ SELECT l.work_date, l.kind, l.rule_id, l.amount
                       FROM cs_policy.attendance_input_in_scope('viewer=0 all pay', (SELECT month FROM v),
                                                                (SELECT employee_id FROM cs_policy.employee WHERE code = 'E0212'),
                                                                (SELECT ARRAY[employee_id] FROM cs_policy.employee WHERE code = 'E0212'),
                                                                (SELECT ARRAY[department_id] FROM cs_policy.department WHERE code = 'REPAIR-T1'),
                                                                ARRAY[((SELECT month FROM v) - interval '1 month' + interval '25 days')::date]) i,
                            cs_policy.judge_attendance(i) l ORDER BY l.line $$,
                  'AT-15: its lines are the engine''s over those days');
SELECT ok((SELECT count(*) FROM cs_policy.closed_penalty_line l
            WHERE l.employee_id = (SELECT employee_id FROM cs_policy.employee WHERE code = 'E0212')) > 0,
          'AT-15: (and there are some)');
SELECT throws_like($$ SELECT cs_policy.request_exception(((SELECT month FROM v) - interval '3 days')::date, 'force_majeure', 'road closed',
                                                         'E0212', acting_as => 'E0212') $$,
                   '% of REPAIR-T1 %',
                   'AT-15: and the days it judged before its period''s first are frozen with it');
SELECT cs_policy.reopen_period('REPAIR-T1', ((SELECT month FROM v) - interval '1 month')::date, 'another agent', acting_as => 'E0002')
       AS reopened_october;
SELECT throws_like($$ SELECT cs_policy.roster_rotation('REPAIR-T1', ((SELECT month FROM v) - interval '1 month')::date, '{day}',
                                                       acting_as => 'E0001') $$,
                   'a rotation of REPAIR-T1 for % is refused: the attendance period % is closed',
                   'AT-15: a rotation of the month before, reopened, is refused where it would change the moved person''s frozen days');

-- HR reopens team 1's month: E0015's facts of it may change again, though
-- team 2 (their team now) has its month closed
SELECT is(cs_policy.reopen_period('HOTLINE-T1', :'month', 'a late sick note', acting_as => 'E0002'), 1,
          'AT-15: HR reopens the old team''s month');
SELECT lives_ok($$ SELECT cs_policy.request_exception((SELECT month FROM v) + 2, 'force_majeure', 'road closed', 'E0015',
                                                      acting_as => 'E0015') $$,
                'AT-15: the person''s facts of the reopened month may change, their new team''s close notwithstanding');
-- team 1 closes it again: the next revision, with E0015
SELECT cs_policy.close_period_now(:'month', 'HOTLINE-T1') IS NOT NULL AS closed_again;
SELECT results_eq($$ SELECT t.department_id, t.revision, t.charged,
                            (SELECT count(*) FROM cs_policy.closed_penalty_line l
                              WHERE l.employee_id = t.employee_id AND l.revision = t.revision)
                       FROM cs_policy.closed_attendance_total t, v
                      WHERE t.employee_id = v.moved ORDER BY t.revision $$,
                  $$ SELECT v.t1, r, b.charged, b.lines FROM v, before b, (VALUES (1), (2)) AS x (r) ORDER BY r $$,
                  'AT-15: the old team closes the person''s month again, as revision 2: the same lines');
SELECT is((SELECT a.shifts FROM cs_policy.closed_team_attendance a, v WHERE a.department_id = v.t1 AND a.revision = 2),
          (SELECT team_shifts FROM before),
          'AT-10: and its team attendance still counts the person''s shifts');
SELECT is_empty($$ SELECT * FROM cs_policy.close_change c, v WHERE c.employee_id = v.moved $$,
                'AT-15: the revision records no change for the person: nothing changed');

-- E-commerce: the center's close above closed team 2's period (October 26
-- to November 25) with one of its agents, who now moves to team 1
CREATE TEMP TABLE x AS
SELECT e.employee_id AS moved, e.code,
       (SELECT department_id FROM cs_policy.department WHERE code = 'ECOM-T1') AS t1,
       (SELECT department_id FROM cs_policy.department WHERE code = 'ECOM-T2') AS t2,
       (SELECT count(*) FROM cs_policy.closed_penalty_line l WHERE l.employee_id = e.employee_id) AS t2_lines
  FROM cs_policy.employee e JOIN cs_policy.department d USING (department_id)
 WHERE d.code = 'ECOM-T2' AND e.role = 'agent'
   AND EXISTS (SELECT FROM cs_policy.closed_penalty_line l WHERE l.employee_id = e.employee_id)
 ORDER BY e.code LIMIT 1;
SELECT code AS ecom_moved FROM x \gset
SELECT results_eq($$ SELECT t.period_first, t.period_last FROM cs_policy.closed_attendance_total t, x WHERE t.employee_id = x.moved $$,
                  $$ VALUES (((SELECT month FROM v) - interval '1 month' + interval '25 days')::date, (SELECT month FROM v) + 24) $$,
                  'AT-15: (team 2''s period of the month runs from the 26th before to the 25th)');
SELECT cs_policy.transfer_employee(:'ecom_moved', 'ECOM-T1', 'rebalancing the teams', acting_as => 'E0001');
SELECT lives_ok($$ SELECT cs_policy.close_period_now((SELECT month FROM v), 'ECOM-T1') $$,
                'AT-15: team 1 closes its month again, with the person moved in');
SELECT results_eq($$ SELECT d.code, t.period_first FROM cs_policy.closed_attendance_total t JOIN cs_policy.department d USING (department_id), x
                      WHERE t.employee_id = x.moved ORDER BY t.period_first $$,
                  $$ VALUES ('ECOM-T2', ((SELECT month FROM v) - interval '1 month' + interval '25 days')::date), ('ECOM-T1', (SELECT month FROM v)) $$,
                  'AT-15: the person has a period with each team');
SELECT results_eq($$ SELECT l.work_date, l.kind, l.rule_id, l.amount FROM cs_policy.closed_penalty_line l, x
                      WHERE l.employee_id = x.moved AND l.department_id = x.t1 ORDER BY l.line $$,
                  $$ SELECT l.work_date, l.kind, l.rule_id, l.amount
                       FROM x, cs_policy.attendance_input_in_scope('viewer=0 all pay', (SELECT month FROM v), x.moved,
                                                                   ARRAY[x.moved], ARRAY[x.t1], ARRAY[(SELECT month FROM v) + 25]) i,
                            cs_policy.judge_attendance(i) l
                      WHERE i.period_first = (SELECT month FROM v) + 25 ORDER BY l.line $$,
                  'AT-15: team 1 judged them from the day after team 2''s period, the 26th');
SELECT is_empty($$ SELECT l.work_date FROM cs_policy.closed_penalty_line l, x
                    WHERE l.employee_id = x.moved AND l.department_id = x.t1 AND l.work_date <= (SELECT month FROM v) + 24 $$,
                'AT-15: so team 1 stores none of the days team 2 stored');
SELECT is((SELECT count(*) FROM cs_policy.closed_penalty_line l, x WHERE l.employee_id = x.moved AND l.department_id = x.t2),
          (SELECT t2_lines FROM x),
          'AT-15: and team 2 keeps the lines it stored of them');
-- team 2 reopens its period; a close of the whole center would hold both
SELECT is(cs_policy.reopen_period('ECOM-T2', ((SELECT month FROM v) - interval '1 month' + interval '25 days')::date, 'a late sick note', acting_as => 'E0002'), 1,
          'AT-15: HR reopens team 2''s period');
SELECT lives_ok($$ SELECT cs_policy.request_exception((SELECT month FROM v) + 9, 'force_majeure', 'road closed', (SELECT code FROM x),
                                                      acting_as => (SELECT code FROM x)) $$,
                'AT-15: the days team 2 judged may change again, though team 1 (which took the person from the 26th) is closed');
-- the center closes the month again: team 2's next revision judges the
-- person again, team 1's closed period keeps what it stored of them
SELECT lives_ok($$ SELECT cs_policy.close_period_now((SELECT month FROM v)) $$,
                'AT-15: a close of both teams, one reopened, closes');
SELECT results_eq($$ SELECT d.code, t.revision, t.judged_from,
                            (SELECT count(*) FROM cs_policy.closed_penalty_line l
                              WHERE l.employee_id = t.employee_id AND l.period_first = t.period_first AND l.revision = t.revision)
                       FROM cs_policy.closed_attendance_total t JOIN cs_policy.department d USING (department_id), x
                      WHERE t.employee_id = x.moved AND (t.department_id, t.period_first, t.revision) IN
                            (SELECT c.department_id, c.period_first, c.revision FROM cs_policy.period_close c)
                      ORDER BY t.period_first $$,
                  $$ SELECT 'ECOM-T2', 2, NULL::date, (SELECT t2_lines FROM x)
                     UNION ALL
                     SELECT 'ECOM-T1', 1, (SELECT month FROM v) + 25,
                            (SELECT count(*) FROM cs_policy.closed_penalty_line l, x WHERE l.employee_id = x.moved AND l.department_id = x.t1) $$,
                  'AT-15: team 2''s next revision has the person''s lines again, and team 1 keeps their last days as stored');
-- and back to team 2: its next close judges them over its whole period again
SELECT cs_policy.transfer_employee((SELECT code FROM x), 'ECOM-T2', 'back to the old team', acting_as => 'E0001');
SELECT cs_policy.reopen_period('ECOM-T2', ((SELECT month FROM v) - interval '1 month' + interval '25 days')::date, 'the transfer back', acting_as => 'E0002') AS reopened;
SELECT cs_policy.close_period_now((SELECT month FROM v), 'ECOM-T2') IS NOT NULL AS closed_again;
SELECT results_eq($$ SELECT t.revision, t.judged_from FROM cs_policy.closed_attendance_total t, x
                      WHERE t.employee_id = x.moved AND t.department_id = x.t2 ORDER BY t.revision DESC LIMIT 1 $$,
                  $$ VALUES (3, NULL::date) $$,
                  'AT-15: moved back, the person is in team 2''s next revision, from its first day');
-- both teams reopened: a close of both would judge them in two periods
SELECT cs_policy.reopen_period(t, p, 'a late sick note', acting_as => 'E0002') AS reopened
  FROM (VALUES ('ECOM-T1', (SELECT month FROM v)),
               ('ECOM-T2', ((SELECT month FROM v) - interval '1 month' + interval '25 days')::date)) AS r (t, p);
SELECT throws_like($$ SELECT cs_policy.close_period_now((SELECT month FROM v), 'ECOM') $$,
                   '% was transferred between departments of this close (%) and has days in more than one of its periods',
                   'AT-15: with both periods open again, a close of both, which would judge the person in each, is refused');
SELECT lives_ok(format($$ SELECT cs_policy.close_period_now(%L, departments => ARRAY[%s]),
                                 cs_policy.close_period_now(%L, departments => ARRAY[%s]) $$,
                       (SELECT month FROM v), (SELECT t1 FROM x), (SELECT month FROM v), (SELECT t2 FROM x)),
                'AT-15: closed apart, as the hint says, both close');
SELECT results_eq($$ SELECT d.code, t.judged_from FROM cs_policy.closed_attendance_total t JOIN cs_policy.department d USING (department_id), x
                      WHERE t.employee_id = x.moved AND (t.department_id, t.period_first, t.revision) IN
                            (SELECT c.department_id, c.period_first, c.revision FROM cs_policy.period_close c)
                      ORDER BY t.period_first $$,
                  $$ VALUES ('ECOM-T2', NULL::date), ('ECOM-T1', (SELECT month FROM v) + 25) $$,
                  'AT-15: each keeps its days of the person');

SELECT * FROM finish();
ROLLBACK;
