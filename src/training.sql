-- src/training.sql: onboarding training of new hires (AT-16), no C.
--
-- A new hire's training is data: its days, its schedule (rostered as
-- shifts, so that the attendance engine measures it like any shift) and
-- the limits that end it, taken from the attendance policy when it starts.
-- The engine (src/attendance_core.c, judge_training) charges the late or
-- the absence that crosses a limit as one line with the flag
-- training_failed; record_training_outcome writes down the outcome, and a
-- failed trainee is not hired. A trainee takes no leave (request_leave).

INSERT INTO cs_policy.preset_setting (preset, area, settings, note) VALUES
    ('callcenter_2012', 'attendance',
     '{"training_shift": "09:00-12:00,13:00-17:30", "training_late_limit": 2, "training_absence_limit_minutes": 120}',
     'AT-16: onboarding training 9:00-12:00 and 13:00-17:30; two unexcused lates, or more than 2 hours of unexcused absence, end it'),
    ('points_2024', 'attendance', '{"training_resignation_unpaid_months": 1}',
     'AT-18: whoever resigns within a month of starting work after the training is not paid for that time (培训结束上岗后一个月内提出辞职,将不结算工资)');

CREATE TABLE cs_policy.onboarding_training (
    employee_id           bigint PRIMARY KEY REFERENCES cs_policy.employee,
    first_day             date NOT NULL CHECK (pg_catalog.isfinite(first_day)),
    last_day              date NOT NULL,
    shift                 cs_policy.shift NOT NULL,
    late_limit            integer NOT NULL CHECK (late_limit BETWEEN 1 AND 100),
    absence_limit_minutes integer NOT NULL CHECK (absence_limit_minutes BETWEEN 0 AND 100000),
    started_at            timestamptz NOT NULL DEFAULT pg_catalog.now(),
    started_by            bigint,
    outcome               text CHECK (outcome IN ('passed', 'failed')),
    outcome_note          text,
    decided_at            timestamptz,
    decided_by            bigint,
    CHECK (last_day OPERATOR(pg_catalog.>=) first_day
           AND last_day OPERATOR(pg_catalog.-) first_day OPERATOR(pg_catalog.<=) 92),
    CHECK ((outcome IS NULL) OPERATOR(pg_catalog.=) (decided_at IS NULL))
);
COMMENT ON TABLE cs_policy.onboarding_training IS
    'AT-16: the onboarding training of a new hire: its days, its schedule, the limits that end it (from the attendance policy when it started) and its outcome. Change through start_training and record_training_outcome';
COMMENT ON COLUMN cs_policy.onboarding_training.employee_id IS 'The trainee (the distribution column)';
COMMENT ON COLUMN cs_policy.onboarding_training.first_day IS 'First day of the training';
COMMENT ON COLUMN cs_policy.onboarding_training.last_day IS 'Last day of the training';
COMMENT ON COLUMN cs_policy.onboarding_training.shift IS 'The schedule of each training day (callcenter_2012: 09:00-12:00,13:00-17:30), rostered on the calendar''s working days';
COMMENT ON COLUMN cs_policy.onboarding_training.late_limit IS 'The unexcused late that ends the training (2: the second)';
COMMENT ON COLUMN cs_policy.onboarding_training.absence_limit_minutes IS 'Unexcused absence beyond which the training ends (120 minutes)';
COMMENT ON COLUMN cs_policy.onboarding_training.started_at IS 'When it was recorded';
COMMENT ON COLUMN cs_policy.onboarding_training.started_by IS 'employee_id of who recorded it';
COMMENT ON COLUMN cs_policy.onboarding_training.outcome IS 'passed or failed; NULL while it runs';
COMMENT ON COLUMN cs_policy.onboarding_training.outcome_note IS 'Why, in words';
COMMENT ON COLUMN cs_policy.onboarding_training.decided_at IS 'When the outcome was recorded';
COMMENT ON COLUMN cs_policy.onboarding_training.decided_by IS 'employee_id of who recorded it';
SELECT pg_catalog.pg_extension_config_dump('cs_policy.onboarding_training', '');

-- The training line the engine charged for a trainee (AT-16), if any: the
-- late or absence that ended the training. A command, not a per-row read.
CREATE FUNCTION cs_policy.training_failure(employee_id bigint)
RETURNS TABLE (work_date date, explanation text)
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
DECLARE
    t cs_policy.onboarding_training;
    d date;
BEGIN
    SELECT * INTO t FROM cs_policy.onboarding_training x WHERE x.employee_id = training_failure.employee_id;
    IF NOT FOUND THEN
        RETURN;
    END IF;
    -- every period the training touches
    d := t.first_day;
    WHILE d <= t.last_day LOOP
        RETURN QUERY
        SELECT l.work_date, l.explanation
          FROM cs_policy.penalty_lines_in_scope('viewer=0 all'::cs_policy.access_scope, d, t.employee_id) l
         WHERE l.kind = 'training' AND 'training_failed' = ANY (l.flags);
        IF FOUND THEN
            RETURN;
        END IF;
        d := (SELECT p.last_day FROM cs_policy.attendance_period(t.employee_id, d) p) + 1;
    END LOOP;
END
$$;
COMMENT ON FUNCTION cs_policy.training_failure(bigint) IS
    'Internal: the penalty line that ended a trainee''s onboarding training (AT-16: the late or the absence that crossed a limit), if any';
REVOKE EXECUTE ON FUNCTION cs_policy.training_failure(bigint) FROM PUBLIC;

CREATE FUNCTION cs_policy.start_training(employee text, first_day date, last_day date, acting_as text DEFAULT NULL)
RETURNS integer
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    audit_onboarding_training cs_policy.onboarding_training;
    actor    cs_policy.employee := cs_policy.acting_employee(acting_as);
    person   cs_policy.employee := cs_policy.employee_by_code(employee);
    settings jsonb;
    calendar_name text;
    dept     cs_policy.department;
    sessions integer := 0;
    d        date;
    after_rows jsonb;
BEGIN
    PERFORM cs_policy.check_in_charge(actor, person.department_id, 'start the onboarding training of ' || person.code);
    IF first_day IS NULL OR last_day IS NULL THEN
        RAISE EXCEPTION 'an onboarding training needs its first and last day' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF NOT isfinite(first_day) OR NOT isfinite(last_day) THEN
        RAISE EXCEPTION 'an onboarding training runs from a day to a day, not from % to %', first_day, last_day
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF last_day < first_day OR last_day - first_day > 92 OR first_day < person.hired_on THEN
        RAISE EXCEPTION 'invalid onboarding training from % to % for % (hired %)', first_day, last_day, person.code, person.hired_on
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'A training runs from the hiring date on, for at most three months.';
    END IF;
    -- AT-16 trains new hires: it starts within a month of hiring, before any other shift
    IF first_day > person.hired_on + 31
       OR EXISTS (SELECT FROM cs_policy.roster r WHERE r.employee_id = person.employee_id AND r.work_date < first_day) THEN
        RAISE EXCEPTION '% is not a new hire: hired on %, with shifts before %', person.code, person.hired_on, first_day
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = 'AT-16: the onboarding training is that of a new hire, before their first shift.',
                  HINT = 'Start it within a month of the hiring date, before the employee is rostered.';
    END IF;
    -- AT-15, AT-16: the training's days are judged by its limits
    PERFORM cs_policy.check_employed(person, first_day, last_day, 'onboarding training');
    PERFORM cs_policy.refuse_if_closed(person.employee_id, first_day, last_day, 'an onboarding training');
    IF EXISTS (SELECT FROM cs_policy.onboarding_training t WHERE t.employee_id = person.employee_id) THEN
        RAISE EXCEPTION '% already has an onboarding training', person.code
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  HINT = 'A new hire is trained once (AT-16); record its outcome with record_training_outcome.';
    END IF;
    settings := cs_policy.settings_for(person.employee_id, first_day, 'attendance');
    INSERT INTO cs_policy.onboarding_training AS x (employee_id, first_day, last_day, shift, late_limit, absence_limit_minutes,
                                                    started_by)
    VALUES (person.employee_id, first_day, last_day,
            coalesce(settings ->> 'training_shift', '09:00-12:00,13:00-17:30')::cs_policy.shift,
            coalesce((settings ->> 'training_late_limit')::integer, 2),
            coalesce((settings ->> 'training_absence_limit_minutes')::integer, 120),
            actor.employee_id)
    RETURNING x.* INTO audit_onboarding_training;
    PERFORM cs_policy.audit(actor.employee_id, 'start_training', 'onboarding_training', NULL,
                            to_jsonb(audit_onboarding_training));
    -- the schedule, rostered on the working days of the attendance calendar
    calendar_name := coalesce(settings ->> 'calendar', 'cn');
    SELECT * INTO dept FROM cs_policy.department x WHERE x.department_id = person.department_id;
    IF NOT EXISTS (SELECT FROM cs_policy.shift_template t
                    WHERE t.department_id = dept.department_id AND t.name = 'onboarding training') THEN
        PERFORM cs_policy.define_shift_template('onboarding training', dept.code, audit_onboarding_training.shift,
                                                calendar_name);
    END IF;
    d := first_day;
    WHILE d <= last_day LOOP
        IF cs_policy.is_working_day(calendar_name, d) THEN
            PERFORM cs_policy.assign_shift(person.code, d, 'onboarding training', acting_as);
            sessions := sessions + 1;
        END IF;
        d := d + 1;
    END LOOP;
    -- the pre-shift briefing (SH-6) is the floor's, not the classroom's
    WITH changed AS (
        UPDATE cs_policy.roster r SET briefing_minutes = 0
          FROM cs_policy.shift_template t
         WHERE r.employee_id = person.employee_id AND r.template_id = t.template_id
           AND t.name = 'onboarding training' AND r.briefing_minutes <> 0
        RETURNING r.*)
    SELECT jsonb_agg(to_jsonb(c) ORDER BY c.work_date) INTO after_rows FROM changed c;
    IF after_rows IS NOT NULL THEN
        PERFORM cs_policy.audit(actor.employee_id, 'start_training', 'roster', NULL, after_rows);
    END IF;
    RETURN sessions;
END
$$;
COMMENT ON FUNCTION cs_policy.start_training(text, date, date, text) IS
    'AT-16: a supervisor or above starts a new hire''s onboarding training (within a month of hiring, before any other shift; 55000 otherwise): records it with the schedule and limits of the attendance policy (callcenter_2012: 09:00-12:00,13:00-17:30; the 2nd unexcused late or more than 120 minutes of unexcused absence end it) and rosters the schedule on the calendar''s working days (template "onboarding training"); returns the sessions rostered; 55000 for a second training';
REVOKE EXECUTE ON FUNCTION cs_policy.start_training(text, date, date, text) FROM PUBLIC;

CREATE FUNCTION cs_policy.record_training_outcome(employee text, passed boolean, note text, acting_as text DEFAULT NULL)
RETURNS text
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    audit_onboarding_training cs_policy.onboarding_training;
    actor   cs_policy.employee := cs_policy.acting_employee(acting_as);
    person  cs_policy.employee := cs_policy.employee_by_code(employee);
    before  cs_policy.onboarding_training;
    failure record;
BEGIN
    PERFORM cs_policy.check_in_charge(actor, person.department_id, 'record the onboarding training of ' || person.code);
    IF passed IS NULL OR note IS NULL OR btrim(note) = '' THEN
        RAISE EXCEPTION 'a training outcome needs passed or not, and a note' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    SELECT * INTO before FROM cs_policy.onboarding_training t WHERE t.employee_id = person.employee_id FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION '% has no onboarding training', person.code
            USING ERRCODE = 'no_data_found', HINT = 'Start it with start_training.';
    END IF;
    IF before.outcome IS NOT NULL THEN
        RAISE EXCEPTION 'the onboarding training of % was recorded as % on %', person.code, before.outcome, before.decided_at
            USING ERRCODE = 'object_not_in_prerequisite_state';
    END IF;
    SELECT * INTO failure FROM cs_policy.training_failure(person.employee_id) LIMIT 1;
    IF passed AND failure.work_date IS NOT NULL THEN
        RAISE EXCEPTION 'the onboarding training of % failed on %: %', person.code, failure.work_date, failure.explanation
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = 'AT-16: two unexcused lates, or more than 2 hours of unexcused absence, end the training.',
                  HINT = 'Excuse the day with an approved exception (AT-8) if it was excused, or record passed => false.';
    END IF;
    IF passed AND current_date <= before.last_day THEN
        RAISE EXCEPTION 'the onboarding training of % runs until %', person.code, before.last_day
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  HINT = 'A training is passed once its last day is over.';
    END IF;
    UPDATE cs_policy.onboarding_training t
       SET outcome = CASE WHEN passed THEN 'passed' ELSE 'failed' END, outcome_note = note,
           decided_at = now(), decided_by = actor.employee_id
     WHERE t.employee_id = person.employee_id
    RETURNING t.* INTO audit_onboarding_training;
    PERFORM cs_policy.audit(actor.employee_id, 'record_training_outcome', 'onboarding_training', to_jsonb(before),
                            to_jsonb(audit_onboarding_training));
    -- AT-16: a trainee whom the rule failed is not hired: the employment ends the day the
    -- training did. A failure for other reasons is recorded; ending that employment is HR's.
    IF NOT passed AND person.active AND failure.work_date IS NOT NULL THEN
        PERFORM cs_policy.end_employment(person.code, greatest(person.hired_on, least(failure.work_date, current_date)),
                                         'training_failed');
    END IF;
    RETURN audit_onboarding_training.outcome;
END
$$;
COMMENT ON FUNCTION cs_policy.record_training_outcome(text, boolean, text, text) IS
    'AT-16: a supervisor or above records whether a trainee passed the onboarding training, with a note; passed is refused (55000, naming the line) when the engine charged a late or absence that ended the training, or before its last day is over; a trainee whom the rule failed is not hired: the employment ends on the day the training ended (a failure recorded for another reason leaves the employment to HR, end_employment)';
REVOKE EXECUTE ON FUNCTION cs_policy.record_training_outcome(text, boolean, text, text) FROM PUBLIC;
