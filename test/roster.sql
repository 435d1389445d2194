-- Shifts, templates, the roster, rest days, publishing and coverage
-- (SH-1 to SH-6).
BEGIN;
SELECT plan(76);
SET LOCAL timezone = 'Asia/Shanghai';

-- SH-1: shift times.
SELECT is('20:00-08:00'::cs_policy.shift::text, '20:00-08:00', 'SH-1: an overnight shift reads back as written');
SELECT is(cs_policy.shift_length('20:00-08:00'), interval '12 hours', 'SH-1: a night shift works 12 hours');
SELECT is(cs_policy.shift_length('08:30-12:00,13:00-17:00'), interval '7 hours 30 minutes',
          'SH-1: a split shift works its windows, not its break');
SELECT is(cs_policy.shift_length('18:30-24:00'), interval '5 hours 30 minutes', 'SH-1: a half shift until midnight');
SELECT is(cs_policy.shift_on('20:00-08:00', '2025-01-31', 'Asia/Shanghai')::text,
          '{["2025-01-31 20:00:00+08","2025-02-01 08:00:00+08")}', 'SH-1: a night shift crosses the month end');
SELECT is(cs_policy.shift_on('20:00-08:00', '2025-12-31', 'Asia/Shanghai')::text,
          '{["2025-12-31 20:00:00+08","2026-01-01 08:00:00+08")}', 'SH-1: and the year end');
SELECT is(cs_policy.shift_on('08:30-12:00,13:00-17:00', '2025-06-02', 'Asia/Shanghai')::text,
          '{["2025-06-02 08:30:00+08","2025-06-02 12:00:00+08"),["2025-06-02 13:00:00+08","2025-06-02 17:00:00+08")}',
          'SH-1: a split shift is two stretches of time');
SELECT is(upper(cs_policy.shift_on('20:00-08:00', '2025-03-29', 'Europe/Berlin'))
          - lower(cs_policy.shift_on('20:00-08:00', '2025-03-29', 'Europe/Berlin')), interval '11 hours',
          'SH-1: the night the clocks go forward is an hour shorter');
SELECT is(upper(cs_policy.shift_on('20:00-08:00', '2025-10-25', 'Europe/Berlin'))
          - lower(cs_policy.shift_on('20:00-08:00', '2025-10-25', 'Europe/Berlin')), interval '13 hours',
          'SH-1: the night they go back an hour longer');
SELECT ok('08:00-20:00'::cs_policy.shift OPERATOR(cs_policy.<) '09:00-21:00'::cs_policy.shift,
          'shifts order by their start');
SELECT throws_ok($$ SELECT '08:00-12:00,11:00-13:00'::cs_policy.shift $$, '22P02', NULL, 'overlapping windows are refused');
SELECT throws_ok($$ SELECT '08:00-08:00'::cs_policy.shift $$, '22007', NULL, 'an empty window is refused');
SELECT throws_ok($$ SELECT '08:00-20:00,21:00-09:00'::cs_policy.shift $$, '22P02', NULL, 'more than 24 hours is refused');
SELECT throws_ok($$ SELECT '8h-17h'::cs_policy.shift $$, '22P02', NULL, 'bad text is refused');
CREATE TEMP TABLE shift_values (s cs_policy.shift);
INSERT INTO shift_values VALUES ('08:30-17:30'), ('20:00-08:00'), ('08:30-12:00,13:00-17:00'), ('20:00-02:00,03:00-08:00'),
                                ('08:00-24:00,00:00-08:00');
CREATE TEMP TABLE shift_copy (LIKE shift_values);
DO $$
DECLARE
    f text := '/tmp/cs_policy_shift_' || pg_backend_pid() || '.copy';
BEGIN
    EXECUTE format('COPY shift_values TO %L (FORMAT binary)', f);
    EXECUTE format('COPY shift_copy FROM %L (FORMAT binary)', f);
    -- one window from 20:00 to 19:00: ends before it starts
    EXECUTE format($q$COPY (SELECT '\x000104b0047e'::bytea) TO %L (FORMAT binary)$q$, f);
END
$$;
SELECT set_eq($$ SELECT s::text FROM shift_copy $$, $$ SELECT s::text FROM shift_values $$,
              'shifts survive binary COPY unchanged');
SELECT throws_ok(format($$ COPY shift_copy FROM %L (FORMAT binary) $$, '/tmp/cs_policy_shift_' || pg_backend_pid() || '.copy'),
                 '22P03', 'invalid binary shift', 'binary input re-runs the checks of the text input');

-- An organisation to roster.
SELECT cs_policy.create_department('C', 'Center', 'center');
SELECT cs_policy.create_department('P', 'Project', 'project', 'C');
SELECT cs_policy.create_department('T', 'Team', 'team', 'P');
SELECT cs_policy.hire_employee('S1', 'supervisor', 'P', 'supervisor', '2024-01-01', 9000);
SELECT cs_policy.hire_employee('L1', 'team lead', 'T', 'team_lead', '2024-01-01', 7000);
SELECT cs_policy.hire_employee('A' || i, 'agent ' || i, 'T', 'agent', '2024-01-01', 5000) FROM generate_series(1, 4) i;
SELECT cs_policy.set_policy('shifts', 'shift', 'callcenter_2012', 'C', valid_from => '2024-01-01');

-- SH-2: seasonal hours are two versions of one template.
SELECT cs_policy.define_shift_template('office', 'P', '08:30-12:00,13:00-17:00', 'cn_group_seasonal', NULL, '2025-05-01');
SELECT cs_policy.define_shift_template('office', 'P', '08:30-11:30,13:30-17:30', 'cn_group_seasonal', '2025-05-01', '2025-10-01');
SELECT cs_policy.define_shift_template('office', 'P', '08:30-12:00,13:00-17:00', 'cn_group_seasonal', '2025-10-01', NULL);
SELECT is((cs_policy.template_for((SELECT employee_id FROM cs_policy.employee WHERE code = 'A1'), '2025-04-30', 'office')).shift::text,
          '08:30-12:00,13:00-17:00', 'SH-2: winter hours until April 30');
SELECT is((cs_policy.template_for((SELECT employee_id FROM cs_policy.employee WHERE code = 'A1'), '2025-05-01', 'office')).shift::text,
          '08:30-11:30,13:30-17:30', 'SH-2: summer hours from May 1');
SELECT is((cs_policy.template_for((SELECT employee_id FROM cs_policy.employee WHERE code = 'A1'), '2025-10-01', 'office')).shift::text,
          '08:30-12:00,13:00-17:00', 'SH-2: winter hours again from October 1');
SELECT throws_ok($$ SELECT cs_policy.define_shift_template('office', 'P', '09:00-18:00', 'cn', '2025-09-01', '2025-12-01') $$,
                 '23P01', NULL, 'SH-2: versions of a template may not overlap');

-- SH-3: three overlapping shifts of a 7x24 center and minimum staffing.
SELECT cs_policy.define_shift_template('day', 'P', '08:00-20:00', 'cn_7x24');
SELECT cs_policy.define_shift_template('late', 'P', '09:00-21:00', 'cn_7x24');
SELECT cs_policy.define_shift_template('night', 'P', '20:00-08:00', 'cn_7x24');
SELECT cs_policy.define_shift_template('early', 'P', '06:00-14:00', 'cn_7x24');
SELECT cs_policy.set_staffing('P', 'peak', '10:00-12:00,14:00-17:00', 3, 'cn_7x24');
SELECT cs_policy.set_staffing('P', 'night', '20:00-08:00', 1, 'cn_7x24');
SELECT lives_ok($$ SELECT cs_policy.assign_shift('A1', '2025-12-31', 'day', acting_as => 'S1'),
                          cs_policy.assign_shift('A2', '2025-12-31', 'late', acting_as => 'S1'),
                          cs_policy.assign_shift('A3', '2025-12-31', 'night', acting_as => 'S1') $$,
                'a supervisor rosters the three shifts');
SELECT results_eq($$ SELECT rostered, required, shortfall FROM cs_policy.coverage('P', '2025-12-31 10:00+08', '2025-12-31 10:30+08') $$,
                  $$ VALUES (2, 3, 1) $$, 'SH-3: at peak 2 agents are on line where 3 are required');
SELECT results_eq($$ SELECT rostered, required, shortfall FROM cs_policy.coverage('P', '2025-12-31 20:00+08', '2025-12-31 21:00+08') $$,
                  $$ VALUES (2, 1, 0), (2, 1, 0) $$, 'SH-3: the late and the night shift overlap 20:00-21:00');
SELECT results_eq($$ SELECT rostered, required FROM cs_policy.coverage('P', '2026-01-01 07:30+08', '2026-01-01 08:30+08') $$,
                  $$ VALUES (1, 1), (0, 0) $$, 'SH-3: the night shift covers the New Year morning until 08:00');
-- SH-3: a department without staffing rules of its own is held to its
-- shift policy's (callcenter_7x24: 8 agents at peak, 2 at night).
SELECT cs_policy.set_policy('team 7x24', 'shift', 'callcenter_7x24', 'T', valid_from => '2025-12-31', valid_until => '2026-01-01');
SELECT results_eq($$ SELECT name, hours::text, min_on_line, source FROM cs_policy.staffing WHERE department_code = 'T' ORDER BY name $$,
                  $$ VALUES ('night', '20:00-08:00', 2, 'shift policy'), ('peak', '10:00-12:00,14:00-17:00', 8, 'shift policy') $$,
                  'SH-3: the 7x24 preset''s staffing: 8 agents at peak, 2 on the night shift''s hours');
SELECT results_eq($$ SELECT rostered, required, shortfall FROM cs_policy.coverage('T', '2025-12-31 10:00+08', '2025-12-31 10:30+08') $$,
                  $$ VALUES (2, 8, 6) $$, 'SH-3: the team''s 2 agents at peak fall 6 short of the preset''s 8');
SELECT results_eq($$ SELECT rostered, required, shortfall FROM cs_policy.coverage('T', '2025-12-31 22:00+08', '2025-12-31 22:30+08') $$,
                  $$ VALUES (1, 2, 1) $$, 'SH-3: 1 agent at night where the preset wants 2');
SELECT results_eq($$ SELECT rostered, required FROM cs_policy.coverage('T', '2025-12-31 08:30+08', '2025-12-31 09:00+08') $$,
                  $$ VALUES (1, 0) $$, 'SH-3: outside the peak and the night no minimum applies');
SELECT results_eq($$ SELECT required FROM cs_policy.coverage('T', '2026-01-01 10:00+08', '2026-01-01 10:30+08') $$,
                  $$ VALUES (0) $$, 'SH-3: the preset''s staffing holds on the days its policy is in force');
SELECT cs_policy.set_staffing('T', 'peak', '10:00-12:00', 1, 'cn_7x24', '2025-12-31', '2026-01-01');
SELECT results_eq($$ SELECT c.required FROM (VALUES (timestamptz '2025-12-31 10:00+08'), ('2025-12-31 22:00+08')) AS t(at)
                      CROSS JOIN LATERAL cs_policy.coverage('T', t.at, t.at + interval '30 minutes') c $$,
                  $$ VALUES (1), (0) $$, 'SH-3: rules of its own replace the preset''s altogether');
-- on the days it has none, the policy's hold again
SELECT cs_policy.set_policy('team 7x24', 'shift', 'callcenter_7x24', 'T', valid_from => '2026-01-05', valid_until => '2026-01-06');
SELECT results_eq($$ SELECT name, days::text FROM cs_policy.staffing WHERE department_code = 'T' AND source = 'shift policy' ORDER BY name $$,
                  $$ VALUES ('night', '{[2026-01-05,2026-01-06)}'), ('peak', '{[2026-01-05,2026-01-06)}') $$,
                  'SH-3: the shift policy holds on the days the department has no rules of its own');
SELECT results_eq($$ SELECT required FROM cs_policy.coverage('T', '2026-01-05 10:00+08', '2026-01-05 10:30+08') $$,
                  $$ VALUES (8) $$, 'SH-3: there coverage counts against the preset''s 8 at peak');

-- SH-1: no employee works two shifts at once, overnight ones included.
SELECT throws_ok($$ SELECT cs_policy.assign_shift('A3', '2026-01-01', 'early', acting_as => 'S1') $$,
                 '23P01', NULL, 'SH-1: an early shift cannot start before the night shift of the day before has ended');
SELECT lives_ok($$ SELECT cs_policy.assign_shift('A3', '2026-01-01', 'day', acting_as => 'S1') $$,
                'SH-1: a day shift starting as the night shift ends does not overlap it');
SELECT throws_ok($$ INSERT INTO cs_policy.roster (employee_id, work_date, template_id, department_id, shift, instants)
                    SELECT r.employee_id, '2026-01-01', r.template_id, r.department_id, r.shift,
                           cs_policy.shift_on('06:00-09:00', '2026-01-01', 'Asia/Shanghai')
                      FROM cs_policy.roster r JOIN cs_policy.employee e USING (employee_id) WHERE e.code = 'A3' $$,
                 '23P01', NULL, 'the exclusion constraint holds even for writes that bypass the commands');
SELECT throws_ok($$ SELECT cs_policy.assign_shift('A4', '2025-12-31', 'day', acting_as => 'A1') $$,
                 '42501', NULL, 'an agent may not make the roster');
-- Commands act for the employee whose login calls them.
CREATE ROLE cs_test_supervisor;
CREATE ROLE cs_test_agent;
SELECT cs_policy.set_employee_login('S1', 'cs_test_supervisor');
SELECT cs_policy.set_employee_login('A4', 'cs_test_agent');
GRANT EXECUTE ON FUNCTION cs_policy.assign_shift(text, date, text, text) TO cs_test_supervisor, cs_test_agent;
SET ROLE cs_test_supervisor;
SELECT lives_ok($$ SELECT cs_policy.assign_shift('A4', '2025-12-31', 'day') $$,
                'the supervisor''s own login rosters without naming anyone');
RESET ROLE;
SET ROLE cs_test_agent;
SELECT throws_ok($$ SELECT cs_policy.assign_shift('A4', '2026-01-02', 'day', acting_as => 'S1') $$,
                 '42501', 'login "cs_test_agent" acts for employee A4, not for S1',
                 'a login cannot act as somebody else');
RESET ROLE;

-- SH-6: report for the briefing 10 minutes before the shift (callcenter_2012).
SELECT is((SELECT report_by FROM cs_policy.roster_day WHERE employee_code = 'A1' AND work_date = '2025-12-31'),
          '2025-12-31 07:50+08'::timestamptz, 'SH-6: the day shift reports at 07:50 for the briefing');

-- SH-3: who is on line is counted in one pass over the shifts: a piece is
-- on line for the half hours it covers whole (08:10-12:00 from 08:30, a
-- split shift in two pieces, one too short for any slot), the slots are
-- those asked, and slot boundaries are on the half-hour grid.
SELECT is((SELECT cs_policy.count_on_line(x.instants, '2025-11-03 08:00+08', 8)
             FROM (VALUES (tstzmultirange(tstzrange('2025-11-03 08:10+08', '2025-11-03 12:00+08'))),
                          (tstzmultirange(tstzrange('2025-11-03 08:00+08', '2025-11-03 09:00+08'),
                                          tstzrange('2025-11-03 10:00+08', '2025-11-03 11:15+08'))),
                          (tstzmultirange(tstzrange('2025-11-03 09:05+08', '2025-11-03 09:25+08'))),
                          (tstzmultirange(tstzrange('2025-11-03 07:00+08', '2025-11-03 23:00+08'))),
                          ('{}'::tstzmultirange), (NULL)) AS x(instants)),
          ARRAY[2, 3, 2, 2, 3, 3, 2, 2],
          'SH-3: count_on_line: a piece counts for the half hours it covers whole, from the first boundary after its start to the last before its end');
SELECT throws_ok($$ SELECT cs_policy.count_on_line(tstzmultirange(tstzrange('2025-11-03 08:00+08', '2025-11-03 09:00+08')),
                                                   '2025-11-03 08:10+08', 4) $$,
                 '22023', NULL, 'the first slot is a boundary of the half-hour grid');
SELECT throws_ok($$ SELECT cs_policy.count_on_line(tstzmultirange(tstzrange('2025-11-03 08:00+08', '2025-11-03 09:00+08')),
                                                   '2025-11-03 08:00+08', 1000000) $$,
                 '22023', NULL, 'and the slots are at most 400 days of them');
-- counted apart (on Citus's shards, in parallel workers) and combined: a
-- part without shifts adds nothing, and parts of other slots do not add up
CREATE AGGREGATE pg_temp.on_line_state(tstzmultirange, timestamptz, integer) (
    SFUNC = cs_policy.count_on_line_step, STYPE = bytea);
CREATE AGGREGATE pg_temp.on_line_combined(bytea) (
    SFUNC = cs_policy.count_on_line_combine, STYPE = bytea, FINALFUNC = cs_policy.count_on_line_final);
SELECT is((SELECT pg_temp.on_line_combined(p.state ORDER BY p.n)
             FROM (VALUES (1, NULL::bytea),
                          (2, (SELECT pg_temp.on_line_state(tstzmultirange(tstzrange('2025-11-03 08:10+08', '2025-11-03 12:00+08')),
                                                            '2025-11-03 08:00+08', 8))),
                          (3, NULL),
                          (4, (SELECT pg_temp.on_line_state(tstzmultirange(tstzrange('2025-11-03 07:00+08', '2025-11-03 09:30+08')),
                                                            '2025-11-03 08:00+08', 8)))) AS p(n, state)),
          ARRAY[1, 2, 2, 1, 1, 1, 1, 1],
          'SH-3: count_on_line counted in parts adds the parts up; a part without shifts adds nothing');
SELECT throws_ok($$ SELECT pg_temp.on_line_combined(p.state)
                     FROM (VALUES ((SELECT pg_temp.on_line_state(NULL, '2025-11-03 08:00+08', 8))),
                                  ((SELECT pg_temp.on_line_state(NULL, '2025-11-03 08:00+08', 9)))) AS p(state) $$,
                 '22023', NULL, 'parts of other slots do not add up');
-- far from the slots counted, a shift counts nothing (no arithmetic runs
-- past the end of time); a state forged with another first slot is refused
SELECT is((SELECT cs_policy.count_on_line(tstzmultirange(tstzrange('294276-12-31 00:00+00', '294276-12-31 12:00+00')),
                                          '1999-12-01 00:00+00', 2)),
          ARRAY[0, 0], 'count_on_line: a shift in the year 294276 is not on line in December 1999');
CREATE AGGREGATE pg_temp.forged_on_line(tstzmultirange, timestamptz, integer) (
    SFUNC = cs_policy.count_on_line_step, STYPE = bytea, FINALFUNC = cs_policy.count_on_line_final,
    INITCOND = '\x0100000000000000000000800000000000000000');   -- 1 slot from -infinity
SELECT throws_ok($$ SELECT pg_temp.forged_on_line(tstzmultirange(tstzrange('2025-11-03 08:00+08', '2025-11-03 09:00+08')),
                                                  '2025-11-03 08:00+08', 1) $$,
                 '22023', NULL, 'a state whose first slot is not a time on the grid is refused');
SELECT is((SELECT count(*) FROM cs_policy.coverage('T', '2025-01-01 08:10+08', '2026-02-05 08:10+08'))::integer, 19201,
          'SH-3: coverage of 400 days from inside a half hour counts its 19,201 slots');
SELECT throws_ok($$ SELECT cs_policy.count_on_line_final('\x00'::bytea) $$, '22023', NULL,
                 'a state that is not count_on_line''s is refused');

-- A hire of the month is rostered from the hiring day: a shift before it
-- would be judged as absence (AT-3)
SAVEPOINT hire_of_month;
SELECT cs_policy.hire_employee('A8', 'hired on the 10th', 'T', 'agent', '2025-11-10', 5000) IS NOT NULL AS hired;
SELECT cs_policy.roster_rotation('T', '2025-11-01', '{day}', 5, 2, acting_as => 'S1');
SELECT is((SELECT min(r.work_date) >= '2025-11-10' FROM cs_policy.roster r JOIN cs_policy.employee e USING (employee_id) WHERE e.code = 'A8'),
          true, 'a rotation rosters a hire of the month from the hiring day');
SELECT throws_ok($$ SELECT cs_policy.assign_shift('A8', '2025-11-05', 'day', acting_as => 'S1') $$,
                 '22023', 'A8 works from 2025-11-10 to now: no shift on 2025-11-05', 'a shift before the hiring day is refused');
ROLLBACK TO SAVEPOINT hire_of_month;

-- SH-4: rest days.
SELECT cs_policy.roster_rotation('T', '2025-11-01', '{day}', 5, 2, acting_as => 'S1');
SELECT is((SELECT count(*) FROM cs_policy.rest_violations('2025-11-01'))::integer, 0,
          'SH-4: five on, two off meets one rest day a week and four a month');
SELECT cs_policy.assign_shift('A1', d::date, 'day', acting_as => 'S1')
  FROM generate_series('2025-11-01'::date, '2025-11-30', '1 day') d
 WHERE NOT EXISTS (SELECT FROM cs_policy.roster r JOIN cs_policy.employee e USING (employee_id)
                    WHERE e.code = 'A1' AND r.work_date = d::date);
SELECT results_eq($$ SELECT employee_code, period, rest_days, required FROM cs_policy.rest_violations('2025-11-01')
                      WHERE period LIKE 'month%' $$,
                  $$ VALUES ('A1', 'month 2025-11', 0, 4) $$,
                  'SH-4: working every day of November breaks the four rest days a month');
SELECT is((SELECT count(*) FROM cs_policy.rest_violations('2025-11-01') WHERE employee_code = 'A1' AND period LIKE 'week%')::integer,
          4, 'SH-4: and the rest day of each of its four whole weeks');
-- Public holidays are not rest days. A2 works nights from 9 October, after
-- the National Day holidays (1 to 8 October in calendar cn): the week of 6
-- October has 3 holidays and 4 days worked (a night uses the next morning
-- too), so no rest day; nor has the month (31 days, 8 holidays, 23 worked).
SELECT count(cs_policy.assign_shift('A2', d::date, 'night', acting_as => 'S1')) AS nights
  FROM generate_series('2025-10-09'::date, '2025-10-31', '1 day') d;
SELECT results_eq($$ SELECT period, rest_days, required FROM cs_policy.rest_violations('2025-10-01')
                      WHERE employee_code = 'A2' AND period IN ('month 2025-10', 'week of 2025-10-06')
                      ORDER BY period_start $$,
                  $$ VALUES ('month 2025-10', 0, 4), ('week of 2025-10-06', 0, 1) $$,
                  'SH-4: holidays do not count as rest days, in the week or in the month');
-- A week is checked with the month its Sunday falls in: the week of 27
-- October ends on 2 November, so November checks it, its October days
-- included. A2's nights of 27 to 31 October use the mornings up to 1
-- November; a shift on 2 November leaves that week no rest day.
SELECT count(cs_policy.assign_shift('A2', '2025-11-02', 'day', acting_as => 'S1')) AS shifts
 WHERE NOT EXISTS (SELECT FROM cs_policy.roster r JOIN cs_policy.employee e USING (employee_id)
                    WHERE e.code = 'A2' AND r.work_date = '2025-11-02');
SELECT results_eq($$ SELECT period, period_start, period_end, rest_days, required FROM cs_policy.rest_violations('2025-11-01')
                      WHERE employee_code = 'A2' AND period LIKE 'week%' AND period_start < '2025-11-01' $$,
                  $$ VALUES ('week of 2025-10-27', '2025-10-27'::date, '2025-11-02'::date, 0, 1) $$,
                  'SH-4: a week that crosses into the month is checked with it, its days in the month before included');
SELECT is((SELECT count(*) FROM cs_policy.rest_violations('2025-10-01') WHERE employee_code = 'A2' AND period = 'week of 2025-10-27')::integer,
          0, 'SH-4: and only there: October does not check the week that ends in November');

-- The days worked, as rest_violations reads them: bit 63 - k for the day
-- base + k in the calendar's zone (shift_local_days, OR-ed per person).
SELECT results_eq($$ SELECT cs_policy.shift_local_days(tstzmultirange(tstzrange('2025-11-03 22:00+08', '2025-11-04 08:00+08')),
                                                       'Asia/Shanghai', '2025-11-03')::bit(64)::bit(4),
                            cs_policy.shift_local_days(tstzmultirange(tstzrange('2025-11-03 16:00+08', '2025-11-04 00:00+08')),
                                                       'Asia/Shanghai', '2025-11-03')::bit(64)::bit(4),
                            cs_policy.shift_local_days(tstzmultirange(tstzrange('2025-11-04 09:00+08', '2025-11-04 12:00+08'),
                                                                      tstzrange('2025-11-04 13:00+08', '2025-11-04 18:00+08')),
                                                       'Asia/Shanghai', '2025-11-03')::bit(64)::bit(4) $$,
                  $$ VALUES (B'1100', B'1000', B'0100') $$,
                  'SH-4: a night shift uses the next morning too; one ending at midnight does not; a split shift is one day');
SELECT results_eq($$ SELECT cs_policy.shift_local_days(tstzmultirange(tstzrange('2025-11-03 23:00+00', '2025-11-04 02:00+00')),
                                                       'Asia/Shanghai', '2025-11-03')::bit(64)::bit(4),
                            cs_policy.shift_local_days(tstzmultirange(tstzrange('2025-11-03 23:00+00', '2025-11-04 02:00+00')),
                                                       'UTC', '2025-11-03')::bit(64)::bit(4),
                            cs_policy.shift_local_days(tstzmultirange(tstzrange('2025-11-02 22:00+08', '2025-11-03 06:00+08')),
                                                       'Asia/Shanghai', '2025-11-03')::bit(64)::bit(4),
                            cs_policy.shift_local_days('{}'::tstzmultirange, 'Asia/Shanghai', '2025-11-03') $$,
                  $$ VALUES (B'0100', B'1100', B'1000', 0::bigint) $$,
                  'SH-4: the days are local to the zone; those before base are left out; no instants, no days');
SELECT throws_ok($$ SELECT cs_policy.shift_local_days(tstzmultirange(tstzrange('2025-11-03 08:00+08', '2025-11-03 17:00+08')),
                                                      'Mars/Olympus', '2025-11-03') $$,
                 '22023', NULL, 'a zone that does not exist is refused');
SELECT throws_ok($$ SELECT cs_policy.shift_local_days(tstzmultirange(tstzrange('2025-11-03 08:00+08', NULL)),
                                                      'Asia/Shanghai', '2025-11-03') $$,
                 '22023', NULL, 'so are instants without an end');

-- SH-4: a roster that leaves someone short of rest is not published, but
-- by a manager or above with a reason, kept with the people and why.
SELECT cs_policy.hire_employee('M1', 'manager', 'P', 'manager', '2024-01-01', 15000);
SELECT throws_ok($$ SELECT cs_policy.publish_roster('P', '2025-11-01', acting_as => 'S1') $$,
                 '23514', 'the roster of P for 2025-11 leaves 6 person-periods short of rest',
                 'SH-4: November is not published while A1 works every day of it and A2 has no rest day in the week of 27 October');
SELECT throws_ok($$ SELECT cs_policy.publish_roster('P', '2025-11-01', 'the client''s launch week', acting_as => 'S1') $$,
                 '42501', 'S1 may not publish a roster over its rest violations', 'SH-4: a supervisor does not override the rest days');
SELECT lives_ok($$ SELECT cs_policy.publish_roster('P', '2025-11-01', 'the client''s launch week; rest made up in December',
                                                   acting_as => 'M1') $$,
                'SH-4: the manager publishes over it, with a reason');
SELECT results_eq($$ SELECT p.rest_override, p.rest_violations FROM cs_policy.roster_publication p JOIN cs_policy.department d USING (department_id)
                      WHERE d.code = 'P' AND p.month = '2025-11-01' $$,
                  $$ VALUES ('the client''s launch week; rest made up in December',
                             '[{"period": "month 2025-11", "employee": "A1", "required": 4, "rest_days": 0},
                               {"period": "week of 2025-11-03", "employee": "A1", "required": 1, "rest_days": 0},
                               {"period": "week of 2025-11-10", "employee": "A1", "required": 1, "rest_days": 0},
                               {"period": "week of 2025-11-17", "employee": "A1", "required": 1, "rest_days": 0},
                               {"period": "week of 2025-11-24", "employee": "A1", "required": 1, "rest_days": 0},
                               {"period": "week of 2025-10-27", "employee": "A2", "required": 1, "rest_days": 0}]'::jsonb) $$,
                  'SH-4: the publication keeps who was short of rest, in which week, and the manager''s reason');

-- SH-5: publishing, then changes only with approval.
SELECT lives_ok($$ SELECT cs_policy.publish_roster('P', '2025-12-01', acting_as => 'S1') $$, 'SH-5: a supervisor publishes December');
SELECT results_eq($$ SELECT due_by, late FROM cs_policy.roster_publication p JOIN cs_policy.department d USING (department_id)
                      WHERE d.code = 'P' AND p.month = '2025-12-01' $$,
                  $$ VALUES (NULL::date, false) $$, 'SH-5: callcenter_2012 sets no day a roster is due by');
-- SH-5 under service_ladder_2023: before the month, a holiday roster a week ahead; late is published and reported.
SELECT cs_policy.create_department('Q', 'Ladder project', 'project', 'C');
-- (months ahead of today, on a calendar whose only holiday is the test's:
-- fixed months would be late once their day had passed)
SELECT (date_trunc('month', current_date) + interval '2 months')::date AS plain_month,
       (date_trunc('month', current_date) + interval '3 months')::date AS holiday_month \gset
SELECT cs_policy.create_calendar('cn_ladder');
SELECT cs_policy.set_calendar_day('cn_ladder', :'holiday_month'::date + 1, 'holiday', 'a test holiday');
SELECT cs_policy.set_policy('ladder shifts', 'shift', 'service_ladder_2023', 'Q', valid_from => '2024-01-01',
                            settings => '{"calendar": "cn_ladder"}');
SELECT cs_policy.hire_employee('SQ', 'ladder supervisor', 'Q', 'supervisor', '2024-01-01', 9000);
SELECT cs_policy.publish_roster('Q', m, acting_as => 'SQ')
  FROM unnest(ARRAY['2025-12-01', :'plain_month', :'holiday_month']::date[]) m;
SELECT results_eq($$ SELECT p.month, p.due_by, p.late FROM cs_policy.roster_publication p JOIN cs_policy.department d USING (department_id)
                      WHERE d.code = 'Q' ORDER BY p.month $$,
                  format($$ VALUES ('2025-12-01'::date, '2025-11-30'::date, true), (%L::date, %L::date - 1, false),
                                   (%L::date, %L::date + 1 - 7, false) $$, :'plain_month', :'plain_month', :'holiday_month', :'holiday_month'),
                  'SH-5: due before the month (a December published in the next year is late), and a week before a holiday in it');
SELECT throws_ok($$ SELECT cs_policy.assign_shift('A4', '2025-12-30', 'day', acting_as => 'S1') $$,
                 '55000', NULL, 'SH-5: a published roster is not changed directly');
SELECT cs_policy.request_roster_change('A4', '2025-12-30', 'day', 'cover for a colleague', acting_as => 'L1') AS change_id \gset
SELECT throws_ok(format($$ SELECT cs_policy.approve_roster_change(%s, acting_as => 'L1') $$, :change_id),
                 '42501', NULL, 'SH-5: a team lead may ask but not approve');
SELECT lives_ok(format($$ SELECT cs_policy.approve_roster_change(%s, acting_as => 'S1') $$, :change_id),
                'SH-5: the supervisor approves the change');
SELECT is((SELECT template FROM cs_policy.roster_day WHERE employee_code = 'A4' AND work_date = '2025-12-30'), 'day',
          'SH-5: and the roster changes with the approval');

SELECT cs_policy.request_roster_change('A4', '2025-12-29', NULL, 'wants a rest day', acting_as => 'A4') AS refused_change \gset
SELECT lives_ok(format($$ SELECT cs_policy.refuse_roster_change(%s, 'short of staff', acting_as => 'S1') $$, :refused_change),
                'SH-5: the supervisor may refuse a change');
SELECT is((SELECT state || ': ' || decision_note FROM cs_policy.roster_change WHERE change_id = :refused_change),
          'refused: short of staff', 'SH-5: the refusal and its reason are recorded');

-- SH-5: approved in advance. Through the supervisor's own login (not a
-- superuser loading past records), a change of a day gone by is refused,
-- and one of next week is approved.
SELECT cs_policy.request_roster_change('A4', '2025-12-28', 'day', 'too late', acting_as => 'L1') AS late_change \gset
SELECT cs_policy.request_roster_change('A4', current_date + 5, 'day', 'in advance', acting_as => 'L1') AS early_change \gset
GRANT EXECUTE ON FUNCTION cs_policy.approve_roster_change(bigint, text) TO cs_test_supervisor;
SET ROLE cs_test_supervisor;
SELECT throws_ok(format($$ SELECT cs_policy.approve_roster_change(%s) $$, :late_change), '55000',
                 format('roster change %s of A4 on 2025-12-28 comes too late to approve', :late_change),
                 'SH-5: a change of a day gone by is not approved after the fact');
SELECT lives_ok(format($$ SELECT cs_policy.approve_roster_change(%s) $$, :early_change),
                'SH-5: a change of next week is approved in advance');
RESET ROLE;
-- a change of someone who has left is not approved (nor put back on the roster)
SELECT cs_policy.hire_employee('A9', 'leaver', 'T', 'agent', '2024-01-01', 5000) IS NOT NULL AS hired;
SELECT cs_policy.request_roster_change('A9', current_date + 6, 'day', 'cover', acting_as => 'L1') AS leaver_change \gset
SELECT cs_policy.end_employment('A9', current_date, 'resigned');
SELECT throws_ok(format($$ SELECT cs_policy.approve_roster_change(%s, acting_as => 'S1') $$, :leaver_change), '55000',
                 format('roster change %s cannot be approved: A9 left on %s', :leaver_change, current_date),
                 'a roster change of someone who has left is refused');

SELECT * FROM finish();
ROLLBACK;
