-- Swaps: consent, approval, limits and the refusals (SH-7, SH-8, SH-9).
BEGIN;
SELECT plan(45);
SET LOCAL timezone = 'Asia/Shanghai';

SELECT cs_policy.create_department('C', 'Center', 'center');
SELECT cs_policy.create_department('P', 'Project', 'project', 'C');
SELECT cs_policy.create_department('Q', 'Other project', 'project', 'C');
SELECT cs_policy.create_department('T', 'Team', 'team', 'P');
SELECT cs_policy.hire_employee('S1', 'supervisor', 'P', 'supervisor', '2024-01-01', 9000);
SELECT cs_policy.hire_employee('S2', 'supervisor elsewhere', 'Q', 'supervisor', '2024-01-01', 9000);
SELECT cs_policy.hire_employee('A' || i, 'agent ' || i, 'T', 'agent', '2024-01-01', 5000) FROM generate_series(1, 6) i;
SELECT cs_policy.set_policy('shifts', 'shift', 'callcenter_2012', 'C', valid_from => '2024-01-01');
SELECT cs_policy.define_shift_template('day', 'P', '08:00-20:00', 'cn_7x24');
SELECT cs_policy.define_shift_template('night', 'P', '20:00-08:00', 'cn_7x24');
SELECT cs_policy.set_staffing('P', 'day', '08:00-20:00', 2, 'cn_7x24');
-- A1..A6 five on, two off, staggered; day and night blocks
SELECT cs_policy.roster_rotation('P', '2025-12-01', '{day,night}', 5, 2, acting_as => 'S1');
CREATE FUNCTION pg_temp.works(code text, d date) RETURNS text LANGUAGE sql AS $$
    SELECT string_agg(template, ',') FROM cs_policy.roster_day WHERE employee_code = code AND work_date = d $$;

-- SH-7, SH-8: a self-swap needs no consent; a supervisor of the department approves.
SELECT cs_policy.request_swap('2025-12-01', '2025-12-06', 'family visit', acting_as => 'A1') AS self_swap \gset
SELECT throws_ok(format($$ SELECT cs_policy.approve_swap(%s, acting_as => 'S2') $$, :self_swap), '42501',
                 'supervisor S2 may not approve swaps of A1',
                 'SH-8: a supervisor of another project has no authority');
SELECT throws_ok(format($$ SELECT cs_policy.approve_swap(%s, acting_as => 'A2') $$, :self_swap), '42501', NULL,
                 'SH-8: an agent has no authority');
SELECT lives_ok(format($$ SELECT cs_policy.approve_swap(%s, acting_as => 'S1') $$, :self_swap),
                'SH-7: the supervisor approves the self-swap');
SELECT is(pg_temp.works('A1', '2025-12-01'), NULL, 'SH-7: A1 no longer works December 1');
SELECT is(pg_temp.works('A1', '2025-12-06'), 'day', 'SH-7: the shift moved to December 6');

-- SH-7: one self-swap day a month in callcenter_2012.
SELECT cs_policy.request_swap('2025-12-02', '2025-12-07', 'again', acting_as => 'A1') AS second_self \gset
SELECT throws_ok(format($$ SELECT cs_policy.approve_swap(%s, acting_as => 'S1') $$, :second_self), '23514', NULL,
                 'SH-7: a second self-swap day in the month is refused');
SELECT cs_policy.cancel_swap(:second_self, acting_as => 'A1');

-- SH-8: chained swaps.
SELECT throws_ok($$ SELECT cs_policy.request_swap('2025-12-06', '2025-12-13', 'chain', acting_as => 'A1') $$, '55000', NULL,
                 'SH-8: a shift that came from a swap is not swapped again');

-- SH-8: consent of the colleague first.
-- A3 gives A5 the day shift of December 3 and works A5's night of December 4 instead.
SELECT cs_policy.request_swap('2025-12-03', '2025-12-04', 'exchange', colleague => 'A5', acting_as => 'A3') AS exchange \gset
SELECT throws_ok(format($$ SELECT cs_policy.approve_swap(%s, acting_as => 'S1') $$, :exchange), '55000', NULL,
                 'SH-8: no approval before the colleague consents');
SELECT throws_ok(format($$ SELECT cs_policy.consent_swap(%s, acting_as => 'A4') $$, :exchange), '42501', NULL,
                 'SH-8: only the colleague asked may consent');
SELECT lives_ok(format($$ SELECT cs_policy.consent_swap(%s, acting_as => 'A5') $$, :exchange), 'SH-8: the colleague consents');
SELECT throws_ok($$ SELECT cs_policy.request_swap('2025-12-03', '2025-12-05', 'double', colleague => 'A4', acting_as => 'A3') $$,
                 '55000', NULL, 'SH-8: a day already in another open swap is not swapped again');
SELECT lives_ok(format($$ SELECT cs_policy.approve_swap(%s, acting_as => 'S1') $$, :exchange), 'SH-8: then the supervisor approves');
SELECT is(concat_ws('/', pg_temp.works('A3', '2025-12-03'), pg_temp.works('A3', '2025-12-04'),
                        pg_temp.works('A5', '2025-12-03'), pg_temp.works('A5', '2025-12-04')),
          'night/day', 'SH-8: the two exchanged their shifts atomically (A3 now works the night of the 4th, A5 the day of the 3rd)');

-- SH-8: no back-to-back shifts created by a swap.
-- A2 would give the night of the 17th to A4 and work A4's day of the 19th,
-- right after A2's own night of the 18th.
SELECT cs_policy.request_swap('2025-12-17', '2025-12-19', 'back to back', colleague => 'A4', acting_as => 'A2') AS b2b \gset
SELECT cs_policy.consent_swap(:b2b, acting_as => 'A4');
SELECT throws_ok(format($$ SELECT cs_policy.approve_swap(%s, acting_as => 'S1') $$, :b2b), '23514', NULL,
                 'SH-8: a swap that leaves someone working two shifts back to back is refused');
SELECT is(concat_ws('/', pg_temp.works('A2', '2025-12-17'), pg_temp.works('A4', '2025-12-19')), 'night/day',
          'and nothing changed');

-- SH-8: "back to back" is the shift policy's min_rest_hours_between_shifts
-- (callcenter_2012: 8). U1 and V1 work December 10 and 12, 08:00-20:00;
-- each moves the 12th to the 11th, leaving 12 hours between the shifts of
-- the 10th and the 11th: enough under 8 hours, back to back where a
-- project's policy asks for 13.
SELECT cs_policy.create_department(c, c, 'project', 'C') FROM unnest('{U,V}'::text[]) c;
SELECT cs_policy.set_policy('long rest', 'shift', 'callcenter_2012', 'U', valid_from => '2024-01-01',
                            settings => '{"min_rest_hours_between_shifts": 13}');
SELECT cs_policy.hire_employee(d || '9', 'supervisor', d, 'supervisor', '2024-01-01', 9000) FROM unnest('{U,V}'::text[]) d;
SELECT cs_policy.hire_employee(d || '1', 'agent', d, 'agent', '2024-01-01', 5000) FROM unnest('{U,V}'::text[]) d;
SELECT cs_policy.define_shift_template('day', d, '08:00-20:00', 'cn_7x24') FROM unnest('{U,V}'::text[]) d;
SELECT count(cs_policy.assign_shift(d || '1', w, 'day', acting_as => d || '9'))
  FROM unnest('{U,V}'::text[]) d, unnest('{2025-12-10,2025-12-12}'::date[]) w;
SELECT cs_policy.request_swap('2025-12-12', '2025-12-11', 'earlier', acting_as => 'U1') AS rest_13 \gset
SELECT cs_policy.request_swap('2025-12-12', '2025-12-11', 'earlier', acting_as => 'V1') AS rest_8 \gset
SELECT throws_like(format($$ SELECT cs_policy.approve_swap(%s, acting_as => 'U9') $$, :rest_13),
                   'the swap would make U1 work back to back: 08:00-20:00 on 2025-12-10 and 08:00-20:00 on 2025-12-11 are 12:00:00 apart',
                   'SH-8: 12 hours between two shifts are back to back where the policy asks for 13 hours of rest');
SELECT lives_ok(format($$ SELECT cs_policy.approve_swap(%s, acting_as => 'V9') $$, :rest_8),
                'SH-8: and not where it asks for 8 (callcenter_2012)');
SELECT is(concat_ws('/', pg_temp.works('V1', '2025-12-11'), pg_temp.works('V1', '2025-12-12')), 'day',
          'SH-8: V1 now works the 11th instead of the 12th');

-- SH-8: approved before it takes effect. Through the application (not a
-- superuser loading past records), a swap of a shift that has begun is
-- refused; one of next week's is approved.
SELECT count(*) AS roles FROM cs_policy.create_roles('sw_') \gset
CREATE ROLE sw_l_app LOGIN;
GRANT sw_app TO sw_l_app;
SELECT cs_policy.cancel_swap(:rest_13, acting_as => 'U1');
SELECT cs_policy.request_swap('2025-12-12', '2025-12-14', 'too late', acting_as => 'U1') AS late_swap \gset
SELECT count(cs_policy.assign_shift('U1', current_date + 7, 'day', acting_as => 'U9')) AS next_week;
SELECT cs_policy.request_swap(current_date + 7, current_date + 8, 'in advance', acting_as => 'U1') AS early_swap \gset
SET ROLE sw_l_app;
SELECT cs_policy.act_as('U9');
SELECT throws_ok(format($$ SELECT cs_policy.approve_swap(%s) $$, :late_swap), '55000',
                 format('swap %s comes too late to approve: the shift of 2025-12-12 began at 2025-12-12 08:00:00+08', :late_swap),
                 'SH-8: a swap whose shift has begun is not approved after the fact');
SELECT lives_ok(format($$ SELECT cs_policy.approve_swap(%s) $$, :early_swap), 'SH-8: a swap of next week is approved in advance');
RESET ROLE;
-- (a self-swap of U2 onto today, whose shift began at midnight)
SELECT cs_policy.hire_employee('U2', 'agent', 'U', 'agent', '2024-01-01', 5000) IS NOT NULL AS hired;
SELECT cs_policy.define_shift_template('allday', 'U', '00:00-23:59', 'cn_7x24') IS NOT NULL AS allday;
SELECT count(cs_policy.assign_shift('U2', current_date + 3, 'allday', acting_as => 'U9')) AS in_three_days;
SELECT cs_policy.request_swap(current_date + 3, current_date, 'today', acting_as => 'U2') AS today_swap \gset
SET ROLE sw_l_app;
SELECT throws_like(format($$ SELECT cs_policy.approve_swap(%s) $$, :today_swap),
                   format('swap %s comes too late to approve: the shift of %s began at %%', :today_swap, current_date),
                   'SH-8: nor a swap onto a shift of today that has begun');
RESET ROLE;
SELECT is(pg_temp.works('U1', current_date + 8), 'day', 'SH-8: and the shift moved');
-- a swap of someone who has left is not approved
SELECT cs_policy.end_employment('U2', current_date, 'resigned');
SELECT throws_ok(format($$ SELECT cs_policy.approve_swap(%s, acting_as => 'U9') $$, :today_swap), '55000',
                 format('swap %s cannot be approved: U2 left on %s', :today_swap, current_date),
                 'a swap of someone who has left is refused');

-- SH-9: a swap may not leave a shift uncovered or double-booked.
SELECT cs_policy.set_staffing('P', 'strict day', '08:00-20:00', 3, 'cn_7x24');
SELECT is((SELECT min(rostered) FROM cs_policy.coverage('P', '2025-12-17 08:00+08', '2025-12-17 20:00+08')), 3,
          'three agents work the day shift of December 17');
SELECT cs_policy.request_swap('2025-12-17', '2025-12-18', 'leaves the day short', acting_as => 'A3') AS short \gset
SELECT throws_ok(format($$ SELECT cs_policy.approve_swap(%s, acting_as => 'S1') $$, :short), '23514', NULL,
                 'SH-9: a swap that leaves the day below its minimum staffing is refused');
SELECT throws_ok($$ SELECT cs_policy.request_swap('2025-12-18', '2025-12-19', 'double', acting_as => 'A5') $$,
                 '23P01', NULL, 'SH-9: a self-swap onto a day already worked would double-book it');
SELECT throws_ok($$ SELECT cs_policy.request_swap('2025-12-15', '2025-12-17', 'both busy', colleague => 'A6', acting_as => 'A2') $$,
                 '23P01', NULL, 'SH-9: an exchange onto a day the taker already works would double-book it');
SELECT throws_ok($$ SELECT cs_policy.request_swap('2025-12-27', '2025-12-28', 'nothing', acting_as => 'A1') $$,
                 '22023', NULL, 'a day without a shift has nothing to swap');

-- The colleague may decline; a refused swap stays on record.
SELECT cs_policy.request_swap('2025-12-31', '2025-12-30', 'please', colleague => 'A4', acting_as => 'A6') AS declined \gset
SELECT lives_ok(format($$ SELECT cs_policy.refuse_swap(%s, 'not this week', acting_as => 'A4') $$, :declined),
                'the colleague declines');
SELECT is((SELECT state FROM cs_policy.swap WHERE swap_id = :declined), 'refused', 'and the swap is recorded as refused');
SELECT is((SELECT count(*) FROM cs_policy.swap WHERE state = 'approved')::integer, 4, 'four swaps were approved in all');

-- SH-7: with colleagues 2 days a month in callcenter_2012 (each exchange is
-- a day for each of the two); the third is refused.
SELECT cs_policy.create_department('R', 'Rota project', 'project', 'C');
SELECT cs_policy.hire_employee('S3', 'supervisor', 'R', 'supervisor', '2024-01-01', 9000);
SELECT cs_policy.hire_employee(c, c, 'R', 'agent', '2024-01-01', 5000) FROM unnest('{B1,B2}'::text[]) c;
SELECT cs_policy.define_shift_template('rday', 'R', '08:00-20:00', 'cn_7x24');
SELECT count(cs_policy.assign_shift(c, d, 'rday', acting_as => 'S3'))
  FROM (VALUES ('B1', date '2025-12-01'), ('B1', '2025-12-03'), ('B1', '2025-12-05'),
               ('B2', '2025-12-02'), ('B2', '2025-12-04'), ('B2', '2025-12-09')) x(c, d);
CREATE FUNCTION pg_temp.exchange(give date, take date) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
    id bigint := cs_policy.request_swap(give, take, 'exchange', colleague => 'B2', acting_as => 'B1');
BEGIN
    PERFORM cs_policy.consent_swap(id, acting_as => 'B2');
    PERFORM cs_policy.approve_swap(id, acting_as => 'S3');
    RETURN id;
END
$$;
SELECT lives_ok($$ SELECT pg_temp.exchange('2025-12-01', '2025-12-02') $$, 'SH-7: a first day exchanged with a colleague');
SELECT lives_ok($$ SELECT pg_temp.exchange('2025-12-03', '2025-12-04') $$, 'SH-7: a second');
SELECT throws_ok($$ SELECT pg_temp.exchange('2025-12-05', '2025-12-09') $$, '23514',
                 'B1 would swap more days in 2025-12 than allowed: 0 by self-swap (at most 1), 3 with colleagues (at most 2)',
                 'SH-7: a third day exchanged with colleagues in the month is refused');
SELECT results_eq($$ SELECT e.code, t.colleague_days FROM cs_policy.swap_tally t JOIN cs_policy.employee e USING (employee_id)
                      WHERE e.code IN ('B1', 'B2') ORDER BY e.code $$,
                  $$ VALUES ('B1', 2), ('B2', 2) $$, 'SH-7: each exchange counted a day for each of the two');

-- SH-9: a swap handed over so unclearly that its shift stood empty costs
-- each party what the attendance rules name (points_2024: 20), reported
-- against the swap and borne out by the punches (none here: nobody came).
SELECT cs_policy.set_policy('rota points', 'attendance', 'points_2024', 'R', valid_from => '2025-01-01');
SELECT s.swap_id AS first_exchange FROM cs_policy.swap s JOIN cs_policy.employee e USING (employee_id)
 WHERE e.code = 'B1' AND s.give_date = '2025-12-01' \gset
SELECT throws_ok(format($$ SELECT cs_policy.report_unclear_swap(%s, '2025-12-01', 'double_booked', 'both came', acting_as => 'S3') $$,
                        :first_exchange),
                 '55000', 'the punches do not show the shift of 2025-12-01 double-booked',
                 'SH-9: the punches must show what is reported (nobody signed in: not double-booked)');
SELECT throws_ok(format($$ SELECT cs_policy.report_unclear_swap(%s, '2025-12-05', 'empty', 'nobody came', acting_as => 'S3') $$,
                        :first_exchange),
                 '22023', 'swap ' || :first_exchange || ' moved no shift to 2025-12-05',
                 'SH-9: only a shift the swap moved');
SELECT throws_ok(format($$ SELECT cs_policy.report_unclear_swap(%s, '2025-12-01', 'empty', 'nobody came', acting_as => 'B2') $$,
                        :first_exchange),
                 '42501', NULL, 'SH-9: an agent does not report it');
SELECT is(cs_policy.report_unclear_swap(:first_exchange, '2025-12-01', 'empty', 'each thought the other had the 1st', acting_as => 'S3'),
          2, 'SH-9: both parties are charged');
SELECT results_eq($$ SELECT e.code, l.work_date, l.amount FROM cs_policy.employee e,
                            cs_policy.penalty_lines(e.employee_id, '2025-12-01') l
                      WHERE e.code IN ('B1', 'B2') AND l.rule_id = 'SH-9' ORDER BY e.code $$,
                  $$ VALUES ('B1', date '2025-12-01', 20.00::numeric), ('B2', '2025-12-01', 20.00) $$,
                  'SH-9 (points_2024): 20 to each of the two, on the day of the empty shift');
SELECT throws_ok(format($$ SELECT cs_policy.report_unclear_swap(%s, '2025-12-01', 'empty', 'again', acting_as => 'S3') $$,
                        :first_exchange),
                 '23505', NULL, 'SH-9: once per party and day');
SELECT throws_ok($$ SELECT cs_policy.record_incident('B1', 'unclear_swap', '2025-12-03', 'by hand', acting_as => 'S3') $$,
                 '22023', 'unclear_swap is reported with its own command',
                 'SH-9: not recorded by hand, without a swap');
-- where the attendance rules name no charge for it (callcenter_2012), none
SELECT cs_policy.set_policy('project attendance', 'attendance', 'callcenter_2012', 'P', valid_from => '2025-01-01');
SELECT throws_like(format($$ SELECT cs_policy.report_unclear_swap(%s, '2025-12-03', 'empty', 'nobody came', acting_as => 'S1') $$,
                          :exchange),
                   '%have no incident "unclear_swap"', 'SH-9: refused where the rules in force name no incident unclear_swap');
-- the punches decide: B1 and B2's second exchange moved B1's day of the
-- 3rd to B2; B2 signed in for it, so it was not empty; when B1 came too,
-- it was double-booked
SELECT s.swap_id AS second_exchange FROM cs_policy.swap s JOIN cs_policy.employee e USING (employee_id)
 WHERE e.code = 'B1' AND s.give_date = '2025-12-03' \gset
INSERT INTO cs_policy.punch (employee_id, at, kind, source)
SELECT employee_id, '2025-12-03 07:55+08', 'in', 'time clock' FROM cs_policy.employee WHERE code = 'B2';
SELECT throws_ok(format($$ SELECT cs_policy.report_unclear_swap(%s, '2025-12-03', 'empty', 'nobody came', acting_as => 'S3') $$,
                        :second_exchange),
                 '55000', 'the punches do not show the shift of 2025-12-03 left empty',
                 'SH-9: a shift one of the two signed in for was not left empty');
INSERT INTO cs_policy.punch (employee_id, at, kind, source)
SELECT employee_id, '2025-12-03 07:58+08', 'in', 'time clock' FROM cs_policy.employee WHERE code = 'B1';
SELECT is(cs_policy.report_unclear_swap(:second_exchange, '2025-12-03', 'double_booked', 'both came', acting_as => 'S3'), 2,
          'SH-9: both signed in: double-booked, both charged');

SELECT * FROM finish();
ROLLBACK;
