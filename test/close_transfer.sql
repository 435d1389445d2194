-- A transfer after a close (AT-15): the department that closed a period
-- keeps it. The person's facts of that period stay frozen although they
-- now work elsewhere, the new department's close leaves them out (before,
-- it failed on the stored key), the old department closes them again
-- after a reopening, and their shifts stay in that team's attendance
-- (AT-10). Where the two departments cut their periods on different days,
-- the person's next period is their new department's.
BEGIN;
SELECT plan(13);
SET client_min_messages = warning;

SELECT cs_policy.demo_center();
CREATE TEMP TABLE v AS
SELECT m.month, (SELECT employee_id FROM cs_policy.employee WHERE code = 'E0015') AS moved,
       (SELECT department_id FROM cs_policy.department WHERE code = 'HOTLINE-T1') AS t1,
       (SELECT department_id FROM cs_policy.department WHERE code = 'HOTLINE-T2') AS t2
  FROM (SELECT min(work_date) AS month FROM cs_policy.roster) m;
SELECT month FROM v \gset

-- E-commerce team 2 cuts its periods on the 25th (service_ladder_2023);
-- team 1 closes October with E0129, who then moves to team 2: team 2's
-- period that closes in November (from October 26) is theirs, though it
-- overlaps the October team 1 holds
SELECT cs_policy.set_policy('close on the 25th', 'attendance', 'service_ladder_2023', 'ECOM-T2', valid_from => '2020-01-01')
       IS NOT NULL AS policy;
SELECT cs_policy.close_period_now((:'month'::date - interval '1 month')::date, 'ECOM-T1') IS NOT NULL AS october;
SELECT cs_policy.transfer_employee('E0129', 'ECOM-T2', 'rebalancing the teams', acting_as => 'E0001');
SELECT cs_policy.close_period_now(:'month', 'ECOM-T2') IS NOT NULL AS november;
SELECT results_eq($$ SELECT d.code, t.period_label, t.period_first FROM cs_policy.closed_attendance_total t
                       JOIN cs_policy.department d USING (department_id)
                      WHERE t.employee_id = (SELECT employee_id FROM cs_policy.employee WHERE code = 'E0129')
                      ORDER BY t.period_first $$,
                  $$ VALUES ('ECOM-T1', to_char((SELECT month FROM v) - 1, 'YYYY-MM'), ((SELECT month FROM v) - interval '1 month')::date),
                            ('ECOM-T2', to_char((SELECT month FROM v), 'YYYY-MM'), (SELECT month FROM v) - 6) $$,
                  'AT-15: the old team holds the period it closed, not the next one: that is the new team''s, from its own first day');

-- team 1 closes the month; then E0015 moves to team 2 (new staff: the
-- director signs, PR-5)
SELECT cs_policy.close_period_now(:'month', 'HOTLINE-T1') IS NOT NULL AS closed;
CREATE TEMP TABLE before AS
SELECT t.charged, t.late, (SELECT count(*) FROM cs_policy.closed_penalty_line l
                            WHERE l.employee_id = t.employee_id AND l.revision = 1) AS lines,
       (SELECT shifts FROM cs_policy.closed_team_attendance a, v WHERE a.department_id = v.t1 AND a.revision = 1) AS team_shifts
  FROM cs_policy.closed_attendance_total t, v WHERE t.employee_id = v.moved;
SELECT cs_policy.transfer_employee('E0015', 'HOTLINE-T2', 'rebalancing the teams', acting_as => 'E0001');

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

SELECT * FROM finish();
ROLLBACK;
