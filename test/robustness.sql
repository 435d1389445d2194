-- Robustness (issue 16): each finding, as it was found, refused with a
-- specific SQLSTATE and a message that says what was wrong; no internal
-- error (XX000), no endless work, no state told before permission.
BEGIN;
SELECT plan(34);

-- Text input: what the text form cannot mean is refused where it is read.
SELECT throws_ok($$ SELECT 'week=Mon-Fri 09:00-18:00; off=0000-06-01'::cs_policy.business_calendar $$,
                 '22007', NULL, 'the year 0000 is no date (PostgreSQL''s date refuses it too)');
SELECT throws_ok($$ SELECT 'tz=localtime; week=Mon-Fri 09:00-18:00'::cs_policy.business_calendar $$,
                 '22P02', NULL, '"localtime" is the server''s setting, not a zone of a place');
SELECT throws_ok($$ SELECT 'tz=posixrules; week=Mon-Fri 09:00-18:00'::cs_policy.business_calendar $$,
                 '22P02', NULL, '"posixrules" is a file of the tz database, not a zone');
SELECT throws_ok($$ SELECT 'tz=Factory; week=Mon-Fri 09:00-18:00'::cs_policy.business_calendar $$,
                 '22P02', NULL, '"Factory" is no zone anyone keeps');
-- Bounded work: day lists sort in O(n log n) (80,000 dates took 1.8 s),
-- and past the documented limit the text is refused with 54000.
SELECT lives_ok($$ SELECT ('week=Mon-Fri 09:00-18:00; off=' || string_agg((date '1800-01-01' + i)::text, ',' ORDER BY random())
                           || '; on=' || string_agg((date '1800-01-01' + 80000 + i)::text, ',' ORDER BY random()))::cs_policy.business_calendar
                     FROM generate_series(0, 79999) i $$,
                'a calendar listing 80,000 days off and 80,000 make-up days, in any order, is read');
SELECT throws_ok($$ SELECT ('week=Mon-Fri 09:00-18:00; off=' || string_agg((date '1700-01-01' + i)::text, ','))::cs_policy.business_calendar
                     FROM generate_series(0, 100000) i $$,
                 '54000', NULL, 'a day list past 100,000 items is refused with 54000 (program limit exceeded)');
SELECT throws_ok($$ SELECT 'resolved -> received within 3 days'::cs_policy.sla_target $$,
                 '22P02', 'invalid input syntax for type sla_target: "resolved -> received within 3 days"',
                 'an SLA target cannot run backwards: received starts clocks, it stops none');
SELECT throws_ok($$ SELECT 'score_base (AT-14) = 99999999999'::cs_policy.rulebook $$,
                 '22P02', NULL, 'a rulebook parameter past a million is refused (score_base = 99999999999)');
SELECT throws_ok($$ SELECT 'minutes: [0,0] 5'::cs_policy.ladder $$,
                 '22P02', NULL, 'a ladder step charging for 0 minutes late is refused');
SELECT is('minutes: [0,10] none; (10,) 5'::cs_policy.ladder::text, 'minutes: [0,10] none; (10,) 5',
          'a step that holds 0 minutes and charges nothing is fine');
SELECT throws_ok($$ SELECT 'points: (0,) 9999999999999 points'::cs_policy.ladder $$,
                 '22P02', NULL, 'a number past 999999999999.999999 is refused in text (and in binary: binary_input.sql)');
SELECT throws_ok($$ SELECT 'forgive late within (5,0] = 2'::cs_policy.rulebook $$,
                 '22P02', NULL, 'a range "within" that runs backwards is refused');
-- rule IDs are those of POLICY.md's areas, and the message quotes the whole ID
SELECT throws_ok($$ SELECT 'late (ZZ-1) = minutes: (0,) 5'::cs_policy.rulebook $$,
                 '22P02', NULL, 'ZZ-1 is no rule ID (the areas are SH, AT, LV, CP, PR and SEC)');
SELECT throws_ok($$ SELECT 'late (AT-0) = minutes: (0,) 5'::cs_policy.rulebook $$,
                 '22P02', NULL, 'AT-0 is no rule ID (they count from 1)');
CREATE FUNCTION pg_temp.detail_of(statement text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    detail text;
BEGIN
    EXECUTE statement;
    RETURN NULL;
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS detail = PG_EXCEPTION_DETAIL;
    RETURN detail;
END
$$;
SELECT matches(pg_temp.detail_of($$ SELECT 'late (AT-99999) = minutes: (0,) 5'::cs_policy.rulebook $$),
               '"AT-99999" at character 7',
               'a rule ID of five digits is quoted whole ("AT-99999", not "A")');

-- Internal functions: not executable by PUBLIC, and a proper SQLSTATE
-- when the owner calls one outside its aggregate.
SELECT ok(NOT has_function_privilege('public', 'cs_policy.collect_punches_step(bytea, timestamptz, boolean)', 'execute')
          AND NOT has_function_privilege('public', 'cs_policy.collect_shifts_step(bytea, date, tstzmultirange, boolean)', 'execute')
          AND NOT has_function_privilege('public', 'cs_policy.collect_complaint_events_step(bytea, text, timestamptz, bigint)', 'execute')
          AND NOT has_function_privilege('public', 'cs_policy.collect_combine(bytea, bytea)', 'execute'),
          'the aggregates'' transition and combine functions are not executable by PUBLIC');
SELECT throws_ok($$ SELECT cs_policy.collect_punches_step(NULL, now(), true) $$,
                 '0A000', 'collect_punches_step is the transition function of an aggregate',
                 'a transition function called on its own says what it is (0A000, not XX000)');
SELECT throws_ok($$ SELECT * FROM cs_policy.sla_clock('received -> resolved within 3 days', 'week=Mon-Fri 09:00-18:00',
                                                       '\x000000200000000000000000'::bytea, now()) $$,
                 '22023', NULL, 'a forged packed list whose count does not match its bytes is refused (no 8 GB allocation)');
SELECT throws_ok($$ SELECT cs_policy.complaint_events_add('\x000000200000000000000000'::bytea, 'resolved', now(), 2, NULL) $$,
                 '22023', NULL, 'complaint_events_add checks the list it extends the same way');
-- (bytes 36 to 39 of a list of one event are its kind)
SELECT throws_ok($$ SELECT cs_policy.complaint_owner(set_byte(cs_policy.complaint_events_add(NULL, 'received', now(), 1, NULL),
                                                              36, 99), now(), 1) $$,
                 '22023', NULL, 'an entry that is no event (kind 99) is refused where a list is read (complaint_owner)');
SELECT throws_ok($$ SELECT cs_policy.complaint_events_add(
                            (SELECT cs_policy.collect_complaint_events('received', '2026-01-01'::timestamptz + g * interval '1 second', g, NULL)
                               FROM generate_series(1, 100000) g),
                            'resolved', '2027-01-01', 100001, NULL) $$,
                 '54000', 'a complaint holds at most 100000 events', 'a complaint''s packed events are bounded (54000 past 100,000)');
-- 100,000 events in reverse order: sorted in O(n log n), where the insertion
-- sort of before took minutes
SELECT is((SELECT s.met_at FROM cs_policy.sla_clock('received -> resolved within 3 days', 'tz=UTC; week=Mon-Fri 09:00-18:00',
                   (SELECT cs_policy.collect_complaint_events(CASE WHEN g = 1 THEN 'received' ELSE 'resumed' END,
                                                              '2026-01-05 10:00+00'::timestamptz + (100000 - g) * interval '1 second', g)
                      FROM generate_series(1, 100000) g), '2026-03-01') s), NULL::timestamptz,
          'a target over 100,000 events given in reverse order answers (sorted in O(n log n))');

-- A center to act in
SELECT cs_policy.create_department('C', 'Center', 'center');
SELECT cs_policy.create_department('P', 'Project', 'project', 'C');
SELECT cs_policy.create_department('T', 'Team', 'team', 'P');
SELECT cs_policy.hire_employee(c, c, d, r::cs_policy.staff_role, '2024-01-01', 6000)
  FROM (VALUES ('D1', 'C', 'director'), ('H1', 'C', 'hr'), ('M1', 'P', 'manager'), ('S1', 'P', 'supervisor'),
               ('L1', 'T', 'team_lead'), ('A1', 'T', 'agent'), ('A2', 'T', 'agent')) AS x(c, d, r);
SELECT cs_policy.set_policy('leave', 'leave', 'callcenter_2012', 'C', valid_from => '2024-01-01');
SELECT cs_policy.request_leave('annual', current_date + 10, current_date + 10, 1, 'trip', acting_as => 'A1') AS leave_id \gset
SELECT cs_policy.approve_leave(:leave_id, acting_as => 'L1') IS NOT NULL AS approved;

-- Permission before state: who may not act is told so, not the request's state.
SELECT throws_ok(format($$ SELECT cs_policy.approve_leave(%s, acting_as => 'A1') $$, :leave_id),
                 '42501', NULL, 'the requester approving their own (already approved) leave is refused for permission, not told it is approved');
SELECT throws_ok(format($$ SELECT cs_policy.cancel_leave(%s, acting_as => 'A2') $$, :leave_id),
                 '42501', NULL, 'another agent cancelling it is refused for permission (and may not even see it)');
SELECT throws_ok(format($$ SELECT cs_policy.cancel_leave(%s, acting_as => 'A1') $$, :leave_id),
                 '55000', NULL, 'the requester is told it is already decided');

-- NULLs and infinities: a clear message with a specific SQLSTATE.
SELECT throws_ok($$ SELECT cs_policy.end_employment('A2', NULL) $$,
                 '22004', 'an employment ends on a day: last_day is NULL', 'end_employment without a day says so');
SELECT throws_ok($$ SELECT cs_policy.end_employment('A2', 'infinity') $$,
                 '22023', NULL, 'end_employment on an infinite day is refused');
SELECT throws_ok($$ SELECT cs_policy.set_wages('A2', -1) $$,
                 '22023', 'monthly_wage must be between 0 and 9999999999.99, not -1', 'a negative wage is a bad argument (22023), not a table constraint');
SELECT throws_ok($$ SELECT cs_policy.record_punch('in', 'app', 'infinity', acting_as => 'A2') $$,
                 '22023', 'a punch is made at a finite time, not infinity', 'a punch at infinity is refused, not logged as a refusal');
SELECT is((SELECT count(*) FROM cs_policy.punch_refusal), 0::bigint, '... and leaves no refusal row');
SELECT throws_ok($$ SELECT * FROM cs_policy.coverage('P', '-infinity', '2026-11-10 10:00+08') $$,
                 '22023', NULL, 'coverage from -infinity is refused at once (it counted slots until a timeout)');
SELECT throws_ok($$ SELECT * FROM cs_policy.coverage_of((SELECT department_id FROM cs_policy.department WHERE code = 'P'),
                                                        '2026-11-10 08:00+08', 'infinity') $$,
                 '22023', NULL, 'coverage_of to infinity is refused at once (not a raw 22008)');
SELECT throws_ok($$ SELECT * FROM cs_policy.coverage_of((SELECT department_id FROM cs_policy.department WHERE code = 'P'),
                                                        '0001-01-01 00:00+00', '2026-11-10 08:00+08') $$,
                 '22023', NULL, 'coverage_of over two thousand years is refused (at most 400 days)');
SELECT throws_ok($$ SELECT cs_policy.complaint_step(NULL, 'assigned', now(), NULL) $$,
                 '22004', 'a complaint step needs the complaint, the event and who acts',
                 'complaint_step(NULL, ...) says what is missing (not "RAISE statement option cannot be null")');

SELECT * FROM finish();
ROLLBACK;
