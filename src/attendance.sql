-- src/attendance.sql: punches, corrections of missed punches (AT-4) and the day's measures (no C)

CREATE TYPE cs_policy.punch_kind AS ENUM ('in', 'out');
COMMENT ON TYPE cs_policy.punch_kind IS 'in: signing in at the start of work; out: signing out at the end';

CREATE TABLE cs_policy.punch (
    employee_id   bigint NOT NULL REFERENCES cs_policy.employee,
    punch_id      bigint GENERATED ALWAYS AS IDENTITY,
    at            timestamptz NOT NULL CHECK (pg_catalog.isfinite(at)),
    kind          cs_policy.punch_kind NOT NULL,
    source        text NOT NULL CHECK (pg_catalog.btrim(source) OPERATOR(pg_catalog.<>) ''),
    recorded_at   timestamptz NOT NULL DEFAULT pg_catalog.now(),
    recorded_by   bigint,
    correction_id bigint,
    PRIMARY KEY (employee_id, punch_id)
);
CREATE INDEX punch_by_time ON cs_policy.punch (employee_id, at);
COMMENT ON TABLE cs_policy.punch IS
    'Sign-ins and sign-outs, append-only: written by record_punch and by approved corrections, never changed or deleted';
COMMENT ON COLUMN cs_policy.punch.employee_id IS 'Whose punch (the distribution column)';
COMMENT ON COLUMN cs_policy.punch.punch_id IS 'Punch number';
COMMENT ON COLUMN cs_policy.punch.at IS 'When the person signed in or out';
COMMENT ON COLUMN cs_policy.punch.kind IS 'in or out';
COMMENT ON COLUMN cs_policy.punch.source IS 'Device or channel (time clock, badge reader, correction)';
COMMENT ON COLUMN cs_policy.punch.recorded_at IS 'When the row was written';
COMMENT ON COLUMN cs_policy.punch.recorded_by IS 'employee_id of who wrote it (the person, or the approver of a correction)';
COMMENT ON COLUMN cs_policy.punch.correction_id IS 'The approved correction that supplied a missed punch (AT-4)';

CREATE TABLE cs_policy.punch_refusal (
    employee_id  bigint NOT NULL REFERENCES cs_policy.employee,
    refused_at   timestamptz NOT NULL DEFAULT pg_catalog.clock_timestamp(),
    work_date    date NOT NULL,
    claimed_at   timestamptz,
    kind         cs_policy.punch_kind,
    source       text,
    reason       text NOT NULL,
    PRIMARY KEY (employee_id, refused_at)
);
COMMENT ON TABLE cs_policy.punch_refusal IS
    'Punches that were refused and logged: back-dated or future punches (an attempt to alter an attendance record, AT-7)';
COMMENT ON COLUMN cs_policy.punch_refusal.employee_id IS 'Who tried';
COMMENT ON COLUMN cs_policy.punch_refusal.refused_at IS 'When';
COMMENT ON COLUMN cs_policy.punch_refusal.work_date IS 'The day it was refused, in the time zone of the attendance calendar (the day its record_altered charge falls on, AT-7)';
COMMENT ON COLUMN cs_policy.punch_refusal.claimed_at IS 'The time the punch claimed';
COMMENT ON COLUMN cs_policy.punch_refusal.kind IS 'in or out';
COMMENT ON COLUMN cs_policy.punch_refusal.source IS 'Device or channel';
COMMENT ON COLUMN cs_policy.punch_refusal.reason IS 'Why it was refused';

CREATE TABLE cs_policy.punch_correction (
    employee_id   bigint NOT NULL REFERENCES cs_policy.employee,
    correction_id bigint GENERATED ALWAYS AS IDENTITY,
    at            timestamptz NOT NULL,
    -- the local day of the missed punch: the month whose allowance it uses (AT-4)
    work_date     date NOT NULL,
    kind          cs_policy.punch_kind NOT NULL,
    reason        text NOT NULL CHECK (pg_catalog.btrim(reason) OPERATOR(pg_catalog.<>) ''),
    requested_at  timestamptz NOT NULL DEFAULT pg_catalog.now(),
    deadline      timestamptz NOT NULL,
    state         text NOT NULL DEFAULT 'requested' CHECK (state IN ('requested', 'approved', 'refused')),
    decided_at    timestamptz,
    decided_by    bigint,
    decision_note text,
    PRIMARY KEY (employee_id, correction_id),
    CHECK (requested_at OPERATOR(pg_catalog.<=) deadline)
);
COMMENT ON TABLE cs_policy.punch_correction IS
    'Requests to supply a missed punch, filed within the policy''s window of working days (AT-4) and approved by a supervisor or above';
COMMENT ON COLUMN cs_policy.punch_correction.employee_id IS 'Whose punch was missed';
COMMENT ON COLUMN cs_policy.punch_correction.correction_id IS 'Request number';
COMMENT ON COLUMN cs_policy.punch_correction.at IS 'When the missed punch should have been';
COMMENT ON COLUMN cs_policy.punch_correction.work_date IS 'The local day of the missed punch (on the attendance calendar): an approved correction counts against that month''s allowance where the rules charge incident punch_correction (AT-4)';
COMMENT ON COLUMN cs_policy.punch_correction.kind IS 'in or out';
COMMENT ON COLUMN cs_policy.punch_correction.reason IS 'Why it was missed';
COMMENT ON COLUMN cs_policy.punch_correction.requested_at IS 'When requested';
COMMENT ON COLUMN cs_policy.punch_correction.deadline IS 'The last moment the request could be filed: the end of hours of the n-th working day after the missed punch';
COMMENT ON COLUMN cs_policy.punch_correction.state IS 'requested, approved or refused';
COMMENT ON COLUMN cs_policy.punch_correction.decided_at IS 'When decided';
COMMENT ON COLUMN cs_policy.punch_correction.decided_by IS 'employee_id of the supervisor who decided';
COMMENT ON COLUMN cs_policy.punch_correction.decision_note IS 'Reason for a refusal';

SELECT pg_catalog.pg_extension_config_dump('cs_policy.punch', '');
SELECT pg_catalog.pg_extension_config_dump('cs_policy.punch_punch_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('cs_policy.punch_refusal', '');
SELECT pg_catalog.pg_extension_config_dump('cs_policy.punch_correction', '');
SELECT pg_catalog.pg_extension_config_dump('cs_policy.punch_correction_correction_id_seq', '');

INSERT INTO cs_policy.preset_setting (preset, area, settings, note) VALUES
    (NULL, 'attendance', '{"correction_working_days": 2, "calendar": "cn", "punch_clock_tolerance_seconds": 120, "punch_window_minutes": 180,
                           "overtime_rate": 1.5, "overtime_hours_per_day": 8, "overtime_min_minutes": 30}',
     'AT-4: a missed punch is corrected by request within 2 working days; punches are taken at the time they are made; a punch belongs to a shift from 3 hours before its start to 3 hours after its end; AT-17: ordered overtime is paid at 1.5 times the hourly wage (the daily wage over 8 hours), and time beyond a shift of 30 minutes or more without an order is reported as not paid');

-- The day an instant falls on where the employee works: in the time zone
-- of the calendar of the attendance policy (cn: Asia/Shanghai), whatever
-- the session's TimeZone.
CREATE FUNCTION cs_policy.local_day(employee_id bigint, at timestamptz)
RETURNS date
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    zone text;
BEGIN
    -- the calendar is found by the UTC day: the zone is what it gives
    SELECT c.time_zone INTO zone FROM cs_policy.calendar c
     WHERE c.name = coalesce(cs_policy.settings_for(local_day.employee_id, (at AT TIME ZONE 'UTC')::date, 'attendance')
                             ->> 'calendar', 'cn');
    RETURN (at AT TIME ZONE coalesce(zone, 'Asia/Shanghai'))::date;
END
$$;
COMMENT ON FUNCTION cs_policy.local_day(bigint, timestamptz) IS
    'The date of an instant in the time zone of the employee''s attendance calendar';

CREATE FUNCTION cs_policy.record_punch(kind cs_policy.punch_kind, source text, at timestamptz DEFAULT NULL,
                                       acting_as text DEFAULT NULL)
RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    audit_punch cs_policy.punch;
    audit_punch_refusal cs_policy.punch_refusal;
    actor     cs_policy.employee := cs_policy.acting_employee(acting_as);
    now_      timestamptz := clock_timestamp();
    claimed   timestamptz := coalesce(at, now_);
    tolerance interval := make_interval(secs => coalesce(
                  (cs_policy.settings_for(actor.employee_id, now_::date, 'attendance') ->> 'punch_clock_tolerance_seconds')::integer, 120));
    new_id    bigint;
    after_row jsonb;
BEGIN
    IF kind IS NULL OR source IS NULL OR btrim(source) = '' THEN
        RAISE EXCEPTION 'a punch needs a kind (in or out) and a source' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF NOT isfinite(claimed) THEN
        RAISE EXCEPTION 'a punch is made at a finite time, not %', claimed
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Leave at out: a punch is taken now.';
    END IF;
    -- A punch is taken when it is made. A back-dated (or future) punch is
    -- an attempt to alter the record: it is refused, and the refusal is
    -- kept, which is why this returns NULL with a warning instead of
    -- raising an error that would roll the log back.
    IF claimed < now_ - tolerance OR claimed > now_ + tolerance THEN
        INSERT INTO cs_policy.punch_refusal AS x (employee_id, refused_at, work_date, claimed_at, kind, source, reason)
        VALUES (actor.employee_id, now_, cs_policy.local_day(actor.employee_id, now_), claimed, kind, source,
                format('punch for %s refused at %s: more than %s from the time it was made', claimed, now_, tolerance))
        RETURNING x.* INTO audit_punch_refusal;
        after_row := to_jsonb(audit_punch_refusal);
        PERFORM cs_policy.audit(actor.employee_id, 'record_punch', 'punch_refusal', NULL, after_row);
        RAISE WARNING 'punch refused and logged: % is not now', claimed
            USING DETAIL = 'Punches are taken when they are made; a missed punch is corrected by request (AT-4).',
                  HINT = 'File cs_policy.request_punch_correction(at, kind, reason).';
        RETURN NULL;
    END IF;
    INSERT INTO cs_policy.punch AS x (employee_id, at, kind, source, recorded_by)
    VALUES (actor.employee_id, claimed, kind, source, actor.employee_id)
    RETURNING x.* INTO audit_punch;
    new_id := audit_punch.punch_id;
    after_row := to_jsonb(audit_punch);
    PERFORM cs_policy.audit(actor.employee_id, 'record_punch', 'punch', NULL, after_row);
    RETURN new_id;
END
$$;
COMMENT ON FUNCTION cs_policy.record_punch(cs_policy.punch_kind, text, timestamptz, text) IS
    'The acting employee signs in or out now; a punch claiming another time is refused and logged in punch_refusal (NULL is returned, with a warning); returns punch_id';
REVOKE EXECUTE ON FUNCTION cs_policy.record_punch(cs_policy.punch_kind, text, timestamptz, text) FROM PUBLIC;

CREATE FUNCTION cs_policy.request_punch_correction(at timestamptz, kind cs_policy.punch_kind, reason text,
                                                   acting_as text DEFAULT NULL)
RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    audit_punch_correction cs_policy.punch_correction;
    actor    cs_policy.employee := cs_policy.acting_employee(acting_as);
    settings jsonb;
    window_days integer;
    cal      cs_policy.calendar;
    due      timestamptz;
    punch_day date;
    trip_last date;
    new_id   bigint;
    after_row jsonb;
BEGIN
    IF at IS NULL OR kind IS NULL OR reason IS NULL OR btrim(reason) = '' THEN
        RAISE EXCEPTION 'a correction needs the time of the missed punch, its kind and a reason'
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF at > clock_timestamp() THEN
        RAISE EXCEPTION 'a punch at % has not been missed yet', at USING ERRCODE = 'invalid_parameter_value';
    END IF;
    -- the rules in force on the local day of the missed punch
    punch_day := cs_policy.local_day(actor.employee_id, at);
    settings := cs_policy.settings_for(actor.employee_id, punch_day, 'attendance');
    window_days := (settings ->> 'correction_working_days')::integer;
    SELECT * INTO cal FROM cs_policy.calendar c WHERE c.name = coalesce(settings ->> 'calendar', 'cn');
    IF NOT FOUND THEN
        RAISE EXCEPTION 'calendar "%" of the attendance policy does not exist', settings ->> 'calendar'
            USING ERRCODE = 'no_data_found';
    END IF;
    -- AT-4: within n working days of the missed punch, by the calendar
    due := cs_policy.add_working_days(cal.value, at, window_days);
    -- AT-4: on a business trip (an exception asked for the day, not
    -- refused), within n working days of the return: the last day of the
    -- run of trip days that holds the punch's
    SELECT max(x.work_date) INTO trip_last
      FROM (SELECT x.work_date, x.work_date - (row_number() OVER (ORDER BY x.work_date))::integer AS run
              FROM (SELECT DISTINCT x.work_date FROM cs_policy.attendance_exception x
                     WHERE x.employee_id = actor.employee_id AND x.kind = 'business_trip' AND x.state <> 'refused'
                       AND x.work_date >= punch_day) x) x
     GROUP BY x.run
    HAVING min(x.work_date) = punch_day;
    IF trip_last IS NOT NULL THEN
        due := greatest(due, cs_policy.add_working_days(cal.value, at + make_interval(days => trip_last - punch_day), window_days));
    END IF;
    IF clock_timestamp() > due THEN
        RAISE EXCEPTION 'the correction of a punch at % had to be filed by %', at, due
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = format('AT-4: a missed punch is corrected by request within %s working days (calendar %s)%s; later requests are void.',
                                  window_days, cal.name,
                                  CASE WHEN trip_last IS NOT NULL THEN format(', on a business trip of the return (%s)', trip_last) ELSE '' END);
    END IF;
    PERFORM cs_policy.check_employed(actor, punch_day, NULL, 'punch correction', punch => true);
    PERFORM cs_policy.refuse_if_closed(actor.employee_id, punch_day, NULL, 'a punch correction');
    INSERT INTO cs_policy.punch_correction AS x (employee_id, at, work_date, kind, reason, deadline)
    VALUES (actor.employee_id, request_punch_correction.at, punch_day, request_punch_correction.kind,
            request_punch_correction.reason, due)
    RETURNING x.* INTO audit_punch_correction;
    new_id := audit_punch_correction.correction_id;
    after_row := to_jsonb(audit_punch_correction);
    PERFORM cs_policy.audit(actor.employee_id, 'request_punch_correction', 'punch_correction', NULL, after_row);
    RETURN new_id;
END
$$;
COMMENT ON FUNCTION cs_policy.request_punch_correction(timestamptz, cs_policy.punch_kind, text, text) IS
    'The acting employee asks to supply a missed punch; refused (55000) after the policy''s window of working days (AT-4: 2), counted on a business trip (an exception of kind business_trip for the day, not refused, and the days after it in a row) from the trip''s last day; returns correction_id';
REVOKE EXECUTE ON FUNCTION cs_policy.request_punch_correction(timestamptz, cs_policy.punch_kind, text, text) FROM PUBLIC;

CREATE FUNCTION cs_policy.decide_punch_correction(correction_id bigint, approve boolean, note text DEFAULT NULL,
                                                  acting_as text DEFAULT NULL)
RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    audit_punch_correction cs_policy.punch_correction;
    audit_punch cs_policy.punch;
    its_employee bigint;
    actor  cs_policy.employee := cs_policy.acting_employee(acting_as);
    c      cs_policy.punch_correction;
    new_id bigint;
    after_row jsonb;
BEGIN
    -- by employee_id first: on Citus a row lock must name its shard
    SELECT x.employee_id INTO its_employee FROM cs_policy.punch_correction x WHERE x.correction_id = decide_punch_correction.correction_id;
    SELECT * INTO c FROM cs_policy.punch_correction x
     WHERE x.employee_id = its_employee AND x.correction_id = decide_punch_correction.correction_id FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'punch correction % does not exist', correction_id USING ERRCODE = 'no_data_found';
    END IF;
    IF c.state <> 'requested' THEN
        RAISE EXCEPTION 'punch correction % is already %', correction_id, c.state
            USING ERRCODE = 'object_not_in_prerequisite_state';
    END IF;
    PERFORM cs_policy.check_in_charge(actor, (SELECT e.department_id FROM cs_policy.employee e
                                               WHERE e.employee_id = c.employee_id), 'decide punch corrections');
    IF approve THEN
        PERFORM cs_policy.refuse_if_closed(c.employee_id, cs_policy.local_day(c.employee_id, c.at), NULL, 'deciding a punch correction');
    INSERT INTO cs_policy.punch AS p (employee_id, at, kind, source, recorded_by, correction_id)
        VALUES (c.employee_id, c.at, c.kind, 'correction', actor.employee_id, c.correction_id)
        RETURNING p.* INTO audit_punch;
        new_id := audit_punch.punch_id;
        after_row := to_jsonb(audit_punch);
        PERFORM cs_policy.audit(actor.employee_id, 'decide_punch_correction', 'punch', NULL, after_row);
    END IF;
    UPDATE cs_policy.punch_correction x
       SET state = CASE WHEN approve THEN 'approved' ELSE 'refused' END,
           decided_at = now(), decided_by = actor.employee_id, decision_note = note
     WHERE x.employee_id = c.employee_id AND x.correction_id = c.correction_id
    RETURNING x.* INTO audit_punch_correction;
    after_row := to_jsonb(audit_punch_correction);
    PERFORM cs_policy.audit(actor.employee_id, 'decide_punch_correction', 'punch_correction', to_jsonb(c), after_row);
    RETURN new_id;
END
$$;
COMMENT ON FUNCTION cs_policy.decide_punch_correction(bigint, boolean, text, text) IS
    'A supervisor or above approves a correction (the missed punch is added, marked as corrected) or refuses it; returns the new punch_id';
REVOKE EXECUTE ON FUNCTION cs_policy.decide_punch_correction(bigint, boolean, text, text) FROM PUBLIC;

CREATE TABLE cs_policy.attendance_exception (
    employee_id   bigint NOT NULL REFERENCES cs_policy.employee,
    exception_id  bigint GENERATED ALWAYS AS IDENTITY,
    work_date     date NOT NULL,
    kind          text NOT NULL CHECK (kind IN ('force_majeure', 'bad_weather', 'business_trip', 'field_work', 'other')),
    reason        text NOT NULL CHECK (pg_catalog.btrim(reason) OPERATOR(pg_catalog.<>) ''),
    requested_at  timestamptz NOT NULL DEFAULT pg_catalog.now(),
    requested_by  bigint,
    state         text NOT NULL DEFAULT 'requested' CHECK (state IN ('requested', 'approved', 'refused')),
    decided_at    timestamptz,
    decided_by    bigint,
    decision_note text,
    PRIMARY KEY (employee_id, exception_id)
);
COMMENT ON TABLE cs_policy.attendance_exception IS
    'Approved exceptions excuse a rostered day''s lateness, early leave and missing punches (AT-8: bad weather or force majeure, with approval)';
COMMENT ON COLUMN cs_policy.attendance_exception.employee_id IS 'Who is excused';
COMMENT ON COLUMN cs_policy.attendance_exception.exception_id IS 'Request number';
COMMENT ON COLUMN cs_policy.attendance_exception.work_date IS 'Work date of the shift excused';
COMMENT ON COLUMN cs_policy.attendance_exception.kind IS 'force_majeure, bad_weather, business_trip, field_work (went straight to a site and called the manager, AT-11) or other';
COMMENT ON COLUMN cs_policy.attendance_exception.reason IS 'What happened';
COMMENT ON COLUMN cs_policy.attendance_exception.requested_at IS 'When requested (for field work: when the manager was called, AT-11)';
COMMENT ON COLUMN cs_policy.attendance_exception.requested_by IS 'employee_id of the requester (the person or their supervisor)';
COMMENT ON COLUMN cs_policy.attendance_exception.state IS 'requested, approved or refused';
COMMENT ON COLUMN cs_policy.attendance_exception.decided_at IS 'When decided';
COMMENT ON COLUMN cs_policy.attendance_exception.decided_by IS 'employee_id of the supervisor who decided';
COMMENT ON COLUMN cs_policy.attendance_exception.decision_note IS 'Reason for a refusal';

SELECT pg_catalog.pg_extension_config_dump('cs_policy.attendance_exception', '');
SELECT pg_catalog.pg_extension_config_dump('cs_policy.attendance_exception_exception_id_seq', '');

CREATE FUNCTION cs_policy.request_exception(work_date date, kind text, reason text, employee text DEFAULT NULL,
                                            acting_as text DEFAULT NULL)
RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    audit_attendance_exception cs_policy.attendance_exception;
    actor  cs_policy.employee := cs_policy.acting_employee(acting_as);
    person cs_policy.employee := CASE WHEN employee IS NULL THEN actor ELSE cs_policy.employee_by_code(employee) END;
    new_id bigint;
    after_row jsonb;
BEGIN
    IF person.employee_id <> actor.employee_id AND NOT cs_policy.in_charge_of(actor, person.department_id) THEN
        RAISE EXCEPTION '% may not ask for an exception for %', actor.code, person.code
            USING ERRCODE = 'insufficient_privilege', DETAIL = 'The person or a supervisor or above may.';
    END IF;
    IF work_date IS NULL OR kind IS NULL OR NOT kind = ANY ('{force_majeure,bad_weather,business_trip,field_work,other}') THEN
        RAISE EXCEPTION 'an exception needs a work date and a kind' USING ERRCODE = 'invalid_parameter_value',
              HINT = 'kind is force_majeure, bad_weather, business_trip, field_work or other.';
    END IF;
    IF reason IS NULL OR btrim(reason) = '' THEN
        RAISE EXCEPTION 'an exception needs a reason' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    PERFORM cs_policy.check_employed(person, work_date, NULL, 'attendance exception');
    PERFORM cs_policy.refuse_if_closed(person.employee_id, work_date, NULL, 'an attendance exception');
    INSERT INTO cs_policy.attendance_exception AS x (employee_id, work_date, kind, reason, requested_by)
    VALUES (person.employee_id, request_exception.work_date, request_exception.kind, request_exception.reason,
            actor.employee_id)
    RETURNING x.* INTO audit_attendance_exception;
    new_id := audit_attendance_exception.exception_id;
    after_row := to_jsonb(audit_attendance_exception);
    PERFORM cs_policy.audit(actor.employee_id, 'request_exception', 'attendance_exception', NULL, after_row);
    RETURN new_id;
END
$$;
COMMENT ON FUNCTION cs_policy.request_exception(date, text, text, text, text) IS
    'Asks to excuse a work date (AT-8: bad weather, force majeure, a business trip; AT-11: field work, asked by calling the manager, late when called after the start where the rules say so); for oneself, or by a supervisor for someone; returns exception_id';
REVOKE EXECUTE ON FUNCTION cs_policy.request_exception(date, text, text, text, text) FROM PUBLIC;

CREATE FUNCTION cs_policy.decide_exception(exception_id bigint, approve boolean, note text DEFAULT NULL,
                                           acting_as text DEFAULT NULL)
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    audit_attendance_exception cs_policy.attendance_exception;
    its_employee bigint;
    actor cs_policy.employee := cs_policy.acting_employee(acting_as);
    x     cs_policy.attendance_exception;
    after_row jsonb;
BEGIN
    -- by employee_id first: on Citus a row lock must name its shard
    SELECT a.employee_id INTO its_employee FROM cs_policy.attendance_exception a WHERE a.exception_id = decide_exception.exception_id;
    SELECT * INTO x FROM cs_policy.attendance_exception a
     WHERE a.employee_id = its_employee AND a.exception_id = decide_exception.exception_id FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'exception % does not exist', exception_id USING ERRCODE = 'no_data_found';
    END IF;
    IF x.state <> 'requested' THEN
        RAISE EXCEPTION 'exception % is already %', exception_id, x.state USING ERRCODE = 'object_not_in_prerequisite_state';
    END IF;
    PERFORM cs_policy.check_in_charge(actor, (SELECT e.department_id FROM cs_policy.employee e
                                               WHERE e.employee_id = x.employee_id), 'decide attendance exceptions');
    PERFORM cs_policy.refuse_if_closed(x.employee_id, x.work_date, NULL, 'deciding an attendance exception');
    UPDATE cs_policy.attendance_exception a
       SET state = CASE WHEN approve THEN 'approved' ELSE 'refused' END,
           decided_at = now(), decided_by = actor.employee_id, decision_note = note
     WHERE a.employee_id = x.employee_id AND a.exception_id = x.exception_id
    RETURNING a.* INTO audit_attendance_exception;
    after_row := to_jsonb(audit_attendance_exception);
    PERFORM cs_policy.audit(actor.employee_id, 'decide_exception', 'attendance_exception', to_jsonb(x), after_row);
END
$$;
COMMENT ON FUNCTION cs_policy.decide_exception(bigint, boolean, text, text) IS
    'A supervisor or above approves or refuses an attendance exception (AT-8)';
REVOKE EXECUTE ON FUNCTION cs_policy.decide_exception(bigint, boolean, text, text) FROM PUBLIC;

-- Incidents: what a person records against an employee, each kind charged
-- by the rulebook in force (AT-5, AT-7, AT-11, AT-12, AT-13).
CREATE TABLE cs_policy.incident (
    employee_id       bigint NOT NULL REFERENCES cs_policy.employee,
    incident_id       bigint GENERATED ALWAYS AS IDENTITY,
    work_date         date NOT NULL CHECK (pg_catalog.isfinite(work_date)),
    kind              text NOT NULL CHECK (kind OPERATOR(pg_catalog.~) '^[a-z][a-z0-9_]{0,30}$'),
    -- BETWEEN also refuses NaN
    measure           numeric CHECK (measure BETWEEN 0 AND 1000000000),
    note              text NOT NULL CHECK (pg_catalog.btrim(note) OPERATOR(pg_catalog.<>) ''),
    punch_id          bigint,
    other_employee_id bigint,
    complaint_number  text,
    recorded_at       timestamptz NOT NULL DEFAULT pg_catalog.now(),
    recorded_by       bigint,
    withdrawn_at      timestamptz,
    withdrawn_by      bigint,
    withdrawal_reason text,
    PRIMARY KEY (employee_id, incident_id),
    CHECK ((withdrawn_at IS NULL) OPERATOR(pg_catalog.=) (withdrawal_reason IS NULL)),
    CHECK ((kind OPERATOR(pg_catalog.=) 'valid_complaint') OPERATOR(pg_catalog.=) (complaint_number IS NOT NULL))
);
COMMENT ON TABLE cs_policy.incident IS
    'Incidents recorded against an employee (a lost punch card, a missed meeting, proxy punching, a cover-up, a points deduction), charged by the kind of the same name in the rulebook in force on the work date; withdrawn incidents stay, marked. Change through record_incident, report_proxy_punch, report_cover_up, mark_complaint_valid, withdraw_incident';
COMMENT ON COLUMN cs_policy.incident.employee_id IS 'Who is charged (the distribution column)';
COMMENT ON COLUMN cs_policy.incident.incident_id IS 'Incident number';
COMMENT ON COLUMN cs_policy.incident.work_date IS 'The day it happened';
COMMENT ON COLUMN cs_policy.incident.kind IS 'Kind, as the rulebook names it: lost_card, meeting_missed, proxy_punch, cover_up, ...';
COMMENT ON COLUMN cs_policy.incident.measure IS 'What the rule measures when it is not a count: minutes late, an amount (a cost, a fine chosen within the rule''s range, the penalty covered up)';
COMMENT ON COLUMN cs_policy.incident.note IS 'What happened, in the recorder''s words (shown in the penalty line)';
COMMENT ON COLUMN cs_policy.incident.punch_id IS 'proxy_punch: the punch made for this employee by someone else (it no longer counts as a punch)';
COMMENT ON COLUMN cs_policy.incident.other_employee_id IS 'proxy_punch: the other person; cover_up: the employee covered for';
COMMENT ON COLUMN cs_policy.incident.complaint_number IS 'valid_complaint: the complaint found valid against the employee (CP-9, mark_complaint_valid)';
COMMENT ON COLUMN cs_policy.incident.recorded_at IS 'When recorded';
COMMENT ON COLUMN cs_policy.incident.recorded_by IS 'employee_id of who recorded it';
COMMENT ON COLUMN cs_policy.incident.withdrawn_at IS 'When withdrawn (it then charges nothing)';
COMMENT ON COLUMN cs_policy.incident.withdrawn_by IS 'employee_id of who withdrew it';
COMMENT ON COLUMN cs_policy.incident.withdrawal_reason IS 'Why it was withdrawn';
SELECT pg_catalog.pg_extension_config_dump('cs_policy.incident', '');
SELECT pg_catalog.pg_extension_config_dump('cs_policy.incident_incident_id_seq', '');

-- Who records incidents: a supervisor or above of the person's department,
-- or a trainer or QA of a department above it (AT-13: the trainer scores).
CREATE FUNCTION cs_policy.may_record_incident(recorder cs_policy.employee, person cs_policy.employee,
                                              person_department_path bigint[])
RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN recorder.employee_id OPERATOR(pg_catalog.<>) person.employee_id
   AND (cs_policy.in_charge_of(recorder, person_department_path)
        OR coalesce(recorder.active
                    AND recorder.role OPERATOR(pg_catalog.=) ANY ('{trainer,qa}'::cs_policy.staff_role[])
                    AND recorder.department_id OPERATOR(pg_catalog.=) ANY (person_department_path), false));
COMMENT ON FUNCTION cs_policy.may_record_incident(cs_policy.employee, cs_policy.employee, bigint[]) IS
    'True when the recorder is a supervisor or above of the person''s department (whose path is given), or a trainer or QA of it or of a department above it, and not the person';

CREATE FUNCTION cs_policy.may_record_incident(recorder cs_policy.employee, person cs_policy.employee)
RETURNS boolean
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RETURN cs_policy.may_record_incident(recorder, person, (SELECT d.path FROM cs_policy.department d
                                                             WHERE d.department_id = person.department_id));
END
$$;
COMMENT ON FUNCTION cs_policy.may_record_incident(cs_policy.employee, cs_policy.employee) IS
    'True when the recorder is a supervisor or above of the person''s department, or a trainer or QA of it or of a department above it, and not the person';

CREATE FUNCTION cs_policy.check_may_record_incident(recorder cs_policy.employee, person cs_policy.employee)
RETURNS void
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF NOT cs_policy.may_record_incident(recorder, person) THEN
        RAISE EXCEPTION '% % may not record incidents of %', recorder.role, recorder.code, person.code
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = 'Supervisors and above of the department, and its trainers and QA, may: '
                           || coalesce((SELECT string_agg(e.code || ' ' || e.name || ' (' || e.role || ')', ', '
                                                          ORDER BY e.role DESC, e.code)
                                          FROM cs_policy.employee e, cs_policy.department d
                                         WHERE d.department_id = person.department_id
                                           AND cs_policy.may_record_incident(ROW(e.*)::cs_policy.employee, person, d.path)),
                                       'nobody') || '.';
    END IF;
END
$$;
COMMENT ON FUNCTION cs_policy.check_may_record_incident(cs_policy.employee, cs_policy.employee) IS
    'Raises 42501, naming who may, unless the recorder may record incidents of the person';

-- The rule of an incident kind in the rulebook in force for a person on a day.
CREATE FUNCTION cs_policy.incident_rule(person cs_policy.employee, kind text, on_date date)
RETURNS cs_policy.ladder
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    pol   cs_policy.policy := cs_policy.policy_for(person.employee_id, on_date, 'attendance');
    found cs_policy.ladder;
BEGIN
    IF pol.rulebook IS NULL THEN
        RAISE EXCEPTION 'no attendance rules are in force for % on %', person.code, on_date
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Set an attendance policy for the department (cs_policy.set_policy).';
    END IF;
    SELECT r.ladder INTO found FROM cs_policy.rulebook_rules(pol.rulebook) r
     WHERE r.kind = 'incident' AND r.name = incident_rule.kind;
    IF found IS NULL THEN
        RAISE EXCEPTION 'the rules of "%" v% have no incident "%"', pol.name, pol.version, kind
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'Kinds of incident in force for ' || person.code || ' on ' || on_date || ': '
                           || coalesce((SELECT string_agg(r.name, ', ' ORDER BY r.name)
                                          FROM cs_policy.rulebook_rules(pol.rulebook) r WHERE r.kind = 'incident'),
                                       'none') || '.',
                  HINT = 'A policy adds kinds in settings->''rules'', e.g. "incident lost_card = occurrences: [1,) 50".';
    END IF;
    RETURN found;
END
$$;
COMMENT ON FUNCTION cs_policy.incident_rule(cs_policy.employee, text, date) IS
    'The ladder of an incident kind in the attendance rulebook in force for the person on the day; raises 22023 listing the kinds there are';

-- An incident's measure against its rule: none where the rule counts,
-- one that falls in a step where it measures.
CREATE FUNCTION cs_policy.check_incident_measure(person cs_policy.employee, kind text, work_date date, measure numeric)
RETURNS void
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    rule cs_policy.ladder := cs_policy.incident_rule(person, kind, work_date);
BEGIN
    IF cs_policy.ladder_measure(rule) = 'occurrences' THEN
        IF measure IS NOT NULL THEN
            RAISE EXCEPTION 'incident % is counted, not measured', kind
                USING ERRCODE = 'invalid_parameter_value',
                      DETAIL = format('Its rule charges the n-th in the month: %s.', rule),
                      HINT = 'Leave the measure (the amount, the minutes) out.';
        END IF;
    ELSIF measure IS NULL THEN
        RAISE EXCEPTION 'incident % needs its %', kind, cs_policy.ladder_measure(rule)
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = format('Its rule: %s.', rule),
                  HINT = format('Give the %s, inside one of the rule''s steps.', cs_policy.ladder_measure(rule));
    ELSIF (cs_policy.ladder_apply(rule, measure)).step IS NULL THEN
        RAISE EXCEPTION '% % is outside the rule of incident %', cs_policy.ladder_measure(rule), measure, kind
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = format('Its rule: %s.', rule),
                  HINT = 'Give a value inside one of the rule''s steps.';
    END IF;
END
$$;
COMMENT ON FUNCTION cs_policy.check_incident_measure(cs_policy.employee, text, date, numeric) IS
    'Raises 22023 unless the measure fits the rule of the incident kind in force for the person that day: none where the rule counts occurrences, one inside a step where it measures minutes or an amount';
REVOKE EXECUTE ON FUNCTION cs_policy.check_incident_measure(cs_policy.employee, text, date, numeric) FROM PUBLIC;

CREATE FUNCTION cs_policy.record_incident(employee text, kind text, work_date date, note text,
                                          measure numeric DEFAULT NULL, acting_as text DEFAULT NULL)
RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    audit_incident cs_policy.incident;
    actor  cs_policy.employee := cs_policy.acting_employee(acting_as);
    person cs_policy.employee := cs_policy.employee_by_code(employee);
    new_id bigint;
    after_row jsonb;
BEGIN
    IF kind IS NULL OR work_date IS NULL OR note IS NULL OR btrim(note) = '' THEN
        RAISE EXCEPTION 'an incident needs a kind, a work date and a note of what happened'
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF kind IN ('proxy_punch', 'cover_up', 'valid_complaint', 'unclear_swap') THEN
        RAISE EXCEPTION '% is reported with its own command', kind
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = CASE kind WHEN 'proxy_punch' THEN 'cs_policy.report_proxy_punch(punch_id, punched_by, note) charges both people.'
                              WHEN 'valid_complaint' THEN 'cs_policy.mark_complaint_valid(number, agent, amount, note) ties it to the complaint (CP-9).'
                              WHEN 'unclear_swap' THEN 'cs_policy.report_unclear_swap(swap_id, work_date, outcome, note) ties it to the swap and its shift (SH-9).'
                              ELSE 'cs_policy.report_cover_up(manager, employee, work_date, note) charges three times the penalty.' END;
    END IF;
    IF work_date > current_date THEN
        RAISE EXCEPTION 'an incident on % has not happened yet', work_date USING ERRCODE = 'invalid_parameter_value';
    END IF;
    PERFORM cs_policy.check_may_record_incident(actor, person);
    PERFORM cs_policy.check_incident_measure(person, kind, work_date, measure);
    PERFORM cs_policy.check_employed(person, work_date, NULL, 'incident');
    PERFORM cs_policy.refuse_if_closed(person.employee_id, work_date, NULL, 'an incident');
    INSERT INTO cs_policy.incident AS x (employee_id, work_date, kind, measure, note, recorded_by)
    VALUES (person.employee_id, record_incident.work_date, record_incident.kind, record_incident.measure,
            record_incident.note, actor.employee_id)
    RETURNING x.* INTO audit_incident;
    new_id := audit_incident.incident_id;
    after_row := to_jsonb(audit_incident);
    PERFORM cs_policy.audit(actor.employee_id, 'record_incident', 'incident', NULL, after_row);
    RETURN new_id;
END
$$;
COMMENT ON FUNCTION cs_policy.record_incident(text, text, date, text, numeric, text) IS
    'A supervisor or above (or a trainer or QA) records an incident of a kind the person''s attendance rulebook names (AT-7 lost_card, AT-11 meeting_missed, AT-12 private_call, AT-13 messy_desk, ...); measure is required where the rule measures (minutes, an amount) and must fall in a step; returns incident_id';
REVOKE EXECUTE ON FUNCTION cs_policy.record_incident(text, text, date, text, numeric, text) FROM PUBLIC;

CREATE FUNCTION cs_policy.report_proxy_punch(punch_id bigint, punched_by text, note text, acting_as text DEFAULT NULL)
RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    audit_incident cs_policy.incident;
    actor  cs_policy.employee := cs_policy.acting_employee(acting_as);
    p      cs_policy.punch;
    owner  cs_policy.employee;
    other  cs_policy.employee := cs_policy.employee_by_code(punched_by);
    zone   text;
    punch_day date;
    new_id bigint;
    after_row jsonb;
BEGIN
    SELECT * INTO p FROM cs_policy.punch q WHERE q.punch_id = report_proxy_punch.punch_id;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'punch % does not exist', punch_id USING ERRCODE = 'no_data_found';
    END IF;
    IF note IS NULL OR btrim(note) = '' THEN
        RAISE EXCEPTION 'a report needs a note of what was found' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    SELECT * INTO STRICT owner FROM cs_policy.employee e WHERE e.employee_id = p.employee_id;
    punch_day := cs_policy.local_day(owner.employee_id, p.at);
    SELECT c.time_zone INTO zone FROM cs_policy.calendar c
     WHERE c.name = coalesce(cs_policy.settings_for(owner.employee_id, punch_day, 'attendance') ->> 'calendar', 'cn');
    zone := coalesce(zone, 'Asia/Shanghai');
    IF other.employee_id = owner.employee_id THEN
        RAISE EXCEPTION 'a punch of % cannot be made for % by %', owner.code, owner.code, other.code
            USING ERRCODE = 'invalid_parameter_value', HINT = 'punched_by is the person who made the punch for the owner.';
    END IF;
    PERFORM cs_policy.check_may_record_incident(actor, owner);
    PERFORM cs_policy.check_may_record_incident(actor, other);
    -- AT-15: the incidents fall on the punch's day, for both
    PERFORM cs_policy.check_employed(owner, punch_day, NULL, 'proxy punch incident', punch => true);
    PERFORM cs_policy.check_employed(other, punch_day, NULL, 'proxy punch incident', punch => true);
    PERFORM cs_policy.refuse_if_closed(owner.employee_id, punch_day, NULL, 'a proxy punch report');
    PERFORM cs_policy.refuse_if_closed(other.employee_id, punch_day, NULL, 'a proxy punch report');
    -- lock the punch's owner: two reports of one punch do not both pass
    PERFORM FROM cs_policy.employee e WHERE e.employee_id = owner.employee_id FOR UPDATE;
    IF EXISTS (SELECT 1 FROM cs_policy.incident i
                WHERE i.employee_id = owner.employee_id AND i.punch_id = p.punch_id
                  AND i.kind = 'proxy_punch' AND i.withdrawn_at IS NULL) THEN
        RAISE EXCEPTION 'punch % is already reported as made by someone else', punch_id
            USING ERRCODE = 'unique_violation';
    END IF;
    -- AT-7: 100 for each of the two; the punch no longer counts for its owner
    INSERT INTO cs_policy.incident AS x (employee_id, work_date, kind, note, punch_id, other_employee_id, recorded_by)
    VALUES (owner.employee_id, punch_day, 'proxy_punch',
            format('punch %s at %s made by %s: %s', p.punch_id, to_char(p.at AT TIME ZONE zone, 'YYYY-MM-DD HH24:MI'), other.code, note),
            p.punch_id, other.employee_id, actor.employee_id)
    RETURNING x.* INTO audit_incident;
    new_id := audit_incident.incident_id;
    after_row := to_jsonb(audit_incident);
    PERFORM cs_policy.audit(actor.employee_id, 'report_proxy_punch', 'incident', NULL, after_row);
    INSERT INTO cs_policy.incident AS x (employee_id, work_date, kind, note, other_employee_id, recorded_by)
    VALUES (other.employee_id, punch_day, 'proxy_punch',
            format('punched %s for %s at %s: %s', p.kind, owner.code, to_char(p.at AT TIME ZONE zone, 'YYYY-MM-DD HH24:MI'), note),
            owner.employee_id, actor.employee_id)
    RETURNING x.* INTO audit_incident;
    after_row := to_jsonb(audit_incident);
    PERFORM cs_policy.audit(actor.employee_id, 'report_proxy_punch', 'incident', NULL, after_row);
    RETURN new_id;
END
$$;
COMMENT ON FUNCTION cs_policy.report_proxy_punch(bigint, text, text, text) IS
    'A supervisor or above finds that a punch was made by someone else (AT-7, SEC-5): an incident proxy_punch is recorded for each of the two, and the punch no longer counts for its owner; returns the owner''s incident_id';
REVOKE EXECUTE ON FUNCTION cs_policy.report_proxy_punch(bigint, text, text, text) FROM PUBLIC;

CREATE FUNCTION cs_policy.withdraw_incident(incident_id bigint, reason text, acting_as text DEFAULT NULL)
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    audit_incident cs_policy.incident;
    its_employee bigint;
    actor  cs_policy.employee := cs_policy.acting_employee(acting_as);
    i      cs_policy.incident;
    person cs_policy.employee;
    after_row jsonb;
BEGIN
    -- by employee_id first: on Citus a row lock must name its shard
    SELECT x.employee_id INTO its_employee FROM cs_policy.incident x WHERE x.incident_id = withdraw_incident.incident_id;
    SELECT * INTO i FROM cs_policy.incident x
     WHERE x.employee_id = its_employee AND x.incident_id = withdraw_incident.incident_id FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'incident % does not exist', incident_id USING ERRCODE = 'no_data_found';
    END IF;
    IF i.withdrawn_at IS NOT NULL THEN
        RAISE EXCEPTION 'incident % was withdrawn on %', incident_id, i.withdrawn_at
            USING ERRCODE = 'object_not_in_prerequisite_state';
    END IF;
    IF reason IS NULL OR btrim(reason) = '' THEN
        RAISE EXCEPTION 'withdrawing an incident needs a reason' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    SELECT * INTO STRICT person FROM cs_policy.employee e WHERE e.employee_id = i.employee_id;
    PERFORM cs_policy.check_in_charge(actor, person.department_id, 'withdraw incidents');
    PERFORM cs_policy.refuse_if_closed(i.employee_id, i.work_date, NULL, 'withdrawing an incident');
    UPDATE cs_policy.incident x
       SET withdrawn_at = now(), withdrawn_by = actor.employee_id, withdrawal_reason = withdraw_incident.reason
     WHERE x.employee_id = i.employee_id AND x.incident_id = i.incident_id
    RETURNING x.* INTO audit_incident;
    after_row := to_jsonb(audit_incident);
    PERFORM cs_policy.audit(actor.employee_id, 'withdraw_incident', 'incident', to_jsonb(i), after_row);
END
$$;
COMMENT ON FUNCTION cs_policy.withdraw_incident(bigint, text, text) IS
    'A supervisor or above withdraws an incident recorded in error, with a reason; it stays in the table, marked, and charges nothing';
REVOKE EXECUTE ON FUNCTION cs_policy.withdraw_incident(bigint, text, text) FROM PUBLIC;

-- AT-5: a manager who covers up for lateness pays three times the
-- employee's penalty. The penalty is the one the day's lateness cost (its
-- late, early, away, count and absence lines), fixed when reported.
CREATE FUNCTION cs_policy.report_cover_up(manager text, employee text, work_date date, note text,
                                          penalty numeric DEFAULT NULL, acting_as text DEFAULT NULL)
RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    audit_incident cs_policy.incident;
    actor   cs_policy.employee := cs_policy.acting_employee(acting_as);
    boss    cs_policy.employee := cs_policy.employee_by_code(manager);
    person  cs_policy.employee := cs_policy.employee_by_code(employee);
    charged numeric := penalty;
    new_id  bigint;
    after_row jsonb;
BEGIN
    IF work_date IS NULL OR note IS NULL OR btrim(note) = '' THEN
        RAISE EXCEPTION 'a cover-up needs the day and a note of what was covered up'
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    -- whoever answers for the person: a supervisor or above of the
    -- department, or the team lead of the person's team
    IF NOT (cs_policy.in_charge_of(boss, person.department_id)
            OR (boss.role = 'team_lead' AND boss.department_id = person.department_id)) THEN
        RAISE EXCEPTION '% % does not answer for %', boss.role, boss.code, person.code
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'manager is the team lead, supervisor or manager who covered up for the employee.';
    END IF;
    -- reported by someone above the one who covered up
    IF actor.employee_id = boss.employee_id OR NOT cs_policy.in_charge_of(actor, boss.department_id)
       OR actor.role <= boss.role THEN
        RAISE EXCEPTION '% % may not report a cover-up by % %', actor.role, actor.code, boss.role, boss.code
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = 'A supervisor or above of the department, in a higher role than the one reported, may.';
    END IF;
    PERFORM cs_policy.incident_rule(boss, 'cover_up', work_date);
    -- AT-15: the incident falls on the day covered up
    PERFORM cs_policy.check_employed(boss, work_date, NULL, 'cover-up incident');
    PERFORM cs_policy.refuse_if_closed(boss.employee_id, work_date, NULL, 'a cover-up report');
    IF charged IS NULL THEN
        -- the whole charge, wages included: the reporter may not see them
        -- (SEC-2), but the rule charges three times what it was
        SELECT sum(l.amount) INTO charged
          FROM cs_policy.penalty_lines_in_scope('viewer=0 all pay', work_date, person.employee_id) l
         WHERE l.work_date = report_cover_up.work_date AND l.kind IN ('late', 'early', 'away', 'count', 'absence');
    END IF;
    IF charged IS NULL OR charged <= 0 THEN
        RAISE EXCEPTION 'nothing was charged to % for lateness on %', person.code, work_date
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Pass penalty => what the lateness should have cost, when the record was covered up.';
    END IF;
    INSERT INTO cs_policy.incident AS x (employee_id, work_date, kind, measure, note, other_employee_id, recorded_by)
    VALUES (boss.employee_id, report_cover_up.work_date, 'cover_up', charged,
            format('covered up for %s on %s (charged %s): %s', person.code, report_cover_up.work_date, charged, note),
            person.employee_id, actor.employee_id)
    RETURNING x.* INTO audit_incident;
    new_id := audit_incident.incident_id;
    after_row := to_jsonb(audit_incident);
    PERFORM cs_policy.audit(actor.employee_id, 'report_cover_up', 'incident', NULL, after_row);
    RETURN new_id;
END
$$;
COMMENT ON FUNCTION cs_policy.report_cover_up(text, text, date, text, numeric, text) IS
    'Someone above a team lead, supervisor or manager reports that they covered up an employee''s lateness (AT-5, SEC-5): an incident cover_up is recorded against them, measured by the penalty of that day''s lateness (from penalty_lines, or given), which their rulebook charges three times; returns incident_id';
REVOKE EXECUTE ON FUNCTION cs_policy.report_cover_up(text, text, date, text, numeric, text) FROM PUBLIC;

-- AT-14: the trainer may add or remove up to a few points a month, with a
-- written reason.
CREATE TABLE cs_policy.score_adjustment (
    employee_id bigint NOT NULL REFERENCES cs_policy.employee,
    month       date NOT NULL CHECK (pg_catalog.date_trunc('month', month)::date OPERATOR(pg_catalog.=) month),
    points      numeric(4,1) NOT NULL CHECK (points BETWEEN -100 AND 100 AND points OPERATOR(pg_catalog.<>) 0),
    reason      text NOT NULL CHECK (pg_catalog.btrim(reason) OPERATOR(pg_catalog.<>) ''),
    adjusted_at timestamptz NOT NULL DEFAULT pg_catalog.now(),
    adjusted_by bigint NOT NULL,
    PRIMARY KEY (employee_id, month)
);
COMMENT ON TABLE cs_policy.score_adjustment IS
    'A trainer''s adjustment of a month''s points score, with its written reason (AT-14); one a month, the latest standing. Change through adjust_score';
COMMENT ON COLUMN cs_policy.score_adjustment.employee_id IS 'Whose score';
COMMENT ON COLUMN cs_policy.score_adjustment.month IS 'First day of the month';
COMMENT ON COLUMN cs_policy.score_adjustment.points IS 'Points added (negative: removed), within the rulebook''s score_adjust_max';
COMMENT ON COLUMN cs_policy.score_adjustment.reason IS 'The written reason';
COMMENT ON COLUMN cs_policy.score_adjustment.adjusted_at IS 'When';
COMMENT ON COLUMN cs_policy.score_adjustment.adjusted_by IS 'employee_id of the trainer (or supervisor)';
SELECT pg_catalog.pg_extension_config_dump('cs_policy.score_adjustment', '');

CREATE FUNCTION cs_policy.adjust_score(employee text, month date, points numeric, reason text,
                                       acting_as text DEFAULT NULL)
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    audit_score_adjustment cs_policy.score_adjustment;
    actor  cs_policy.employee := cs_policy.acting_employee(acting_as);
    person cs_policy.employee := cs_policy.employee_by_code(employee);
    first  date := date_trunc('month', month)::date;
    pol    cs_policy.policy;
    most   numeric;
    before_row jsonb;
    after_row  jsonb;
BEGIN
    IF month IS NULL OR points IS NULL OR reason IS NULL OR btrim(reason) = '' THEN
        RAISE EXCEPTION 'an adjustment needs a month, points and a written reason'
            USING ERRCODE = 'null_value_not_allowed', DETAIL = 'AT-14: the trainer states the reason in writing.';
    END IF;
    PERFORM cs_policy.check_may_record_incident(actor, person);
    pol := cs_policy.policy_for(person.employee_id, (first + interval '1 month' - interval '1 day')::date, 'attendance');
    SELECT r.value INTO most FROM cs_policy.rulebook_rules(pol.rulebook) r WHERE r.name = 'score_adjust_max';
    IF most IS NULL THEN
        RAISE EXCEPTION 'the attendance rules of % in % have no points score to adjust', person.code, to_char(first, 'YYYY-MM')
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Points scores come with points_2024 (AT-13, AT-14) or a rulebook with score_adjust_max.';
    END IF;
    IF points = 0 OR abs(points) > most OR points <> round(points, 1) THEN
        RAISE EXCEPTION 'an adjustment of % points is not allowed', points
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = format('AT-14: the trainer adds or removes at most %s points a month.', most);
    END IF;
    PERFORM cs_policy.check_employed(person, first, (first + interval '1 month' - interval '1 day')::date, 'score adjustment', any_day => true);
    PERFORM cs_policy.refuse_if_closed(person.employee_id, (first + interval '1 month' - interval '1 day')::date, NULL, 'a score adjustment');
    SELECT to_jsonb(x) INTO before_row FROM cs_policy.score_adjustment x
     WHERE x.employee_id = person.employee_id AND x.month = first;
    INSERT INTO cs_policy.score_adjustment AS x (employee_id, month, points, reason, adjusted_by)
    VALUES (person.employee_id, first, adjust_score.points, adjust_score.reason, actor.employee_id)
    ON CONFLICT ON CONSTRAINT score_adjustment_pkey DO UPDATE
       SET points = excluded.points, reason = excluded.reason, adjusted_at = excluded.adjusted_at, adjusted_by = excluded.adjusted_by
    RETURNING x.* INTO audit_score_adjustment;
    after_row := to_jsonb(audit_score_adjustment);
    PERFORM cs_policy.audit(actor.employee_id, 'adjust_score', 'score_adjustment', before_row, after_row);
END
$$;
COMMENT ON FUNCTION cs_policy.adjust_score(text, date, numeric, text, text) IS
    'A trainer (or a supervisor or above) adds or removes points of a month''s score, within score_adjust_max of the rulebook (AT-14: 5), with a written reason; replaces an earlier adjustment of the month';
REVOKE EXECUTE ON FUNCTION cs_policy.adjust_score(text, date, numeric, text, text) FROM PUBLIC;

-- The engine (C: src/attendance.c, src/attendance_core.c).
-- Each employee's punches and shifts packed into one value each, in one
-- pass over the rows (partial lists combine: parallel plans, Citus).
CREATE FUNCTION cs_policy.collect_punches_step(list bytea, at timestamptz, is_in boolean) RETURNS bytea
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION cs_policy.collect_shifts_step(list bytea, work_date date, instants tstzmultirange, swapped boolean)
RETURNS bytea
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION cs_policy.collect_combine(a bytea, b bytea) RETURNS bytea
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION cs_policy.collect_punches_step(bytea, timestamptz, boolean) IS 'Transition function of collect_punches';
COMMENT ON FUNCTION cs_policy.collect_shifts_step(bytea, date, tstzmultirange, boolean) IS 'Transition function of collect_shifts';
COMMENT ON FUNCTION cs_policy.collect_combine(bytea, bytea) IS 'Combine function of collect_punches, collect_shifts and collect_complaint_events: both lists in one';
-- Only the aggregates call them (with their owner's right, not the caller's)
REVOKE EXECUTE ON FUNCTION cs_policy.collect_punches_step(bytea, timestamptz, boolean) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION cs_policy.collect_shifts_step(bytea, date, tstzmultirange, boolean) FROM PUBLIC;
REVOKE EXECUTE ON FUNCTION cs_policy.collect_combine(bytea, bytea) FROM PUBLIC;
CREATE AGGREGATE cs_policy.collect_punches(at timestamptz, is_in boolean) (
    SFUNC = cs_policy.collect_punches_step, STYPE = bytea,
    COMBINEFUNC = cs_policy.collect_combine, PARALLEL = SAFE
);
CREATE AGGREGATE cs_policy.collect_shifts(work_date date, instants tstzmultirange, swapped boolean) (
    SFUNC = cs_policy.collect_shifts_step, STYPE = bytea,
    COMBINEFUNC = cs_policy.collect_combine, PARALLEL = SAFE
);
COMMENT ON AGGREGATE cs_policy.collect_punches(timestamptz, boolean) IS
    'One employee''s punches (instant, sign-in or not) packed into one value, in any order, for the attendance_input that judge_attendance reads';
COMMENT ON AGGREGATE cs_policy.collect_shifts(date, tstzmultirange, boolean) IS
    'One employee''s shifts (work date, real instants, from a swap or not) packed into one value, in any order, for the attendance_input that judge_attendance reads';

-- What the engine reads: one value per employee and period, gathered by
-- attendance_input() (below), judged by judge_attendance into penalty
-- lines and by judge_attendance_shifts into what each shift came to.
CREATE TYPE cs_policy.attendance_leave AS (first_day date, last_day date, state integer, sick boolean,
                                           approved_at timestamptz);
COMMENT ON TYPE cs_policy.attendance_leave IS
    'Approved (or voided) leave as the engine reads it: its days, state 0 leave, 1 void (a false reason, LV-5), 2 sick leave without documents after return (LV-3), 3 void (the person did what its type rules out, LV-7), whether it is sick leave (which may be approved after it starts, LV-1) and when it was approved';
CREATE TYPE cs_policy.attendance_excuse AS (work_date date, field_work boolean, notified_at timestamptz);
COMMENT ON TYPE cs_policy.attendance_excuse IS
    'An approved attendance exception as the engine reads it (AT-8); a field worker''s with the time they called (AT-11)';
CREATE TYPE cs_policy.attendance_incident AS (work_date date, kind text, measure numeric, note text, rule_id text);
COMMENT ON TYPE cs_policy.attendance_incident IS
    'An incident as the engine reads it: its day, kind, measure (NULL: none), note, and the rule that names its kind (cited when no rule in force charges it); those before the period only for the counts that look back (CP-9)';
CREATE TYPE cs_policy.attendance_policy AS (policy_id bigint, label text, valid_from date, valid_until date,
                                            rulebook cs_policy.rulebook, punch_window interval);
COMMENT ON TYPE cs_policy.attendance_policy IS
    'Attendance rules in force for some days [valid_from, valid_until) (NULL until: open): the policy version, its label (attendance_tiered v2), its rulebook and its punch window (punch_window_minutes)';
CREATE TYPE cs_policy.attendance_overtime_order AS (order_id bigint, work_date date, starts_at timestamptz,
                                                    ends_at timestamptz, state text, decided_at timestamptz,
                                                    own_work boolean);
COMMENT ON TYPE cs_policy.attendance_overtime_order IS
    'AT-17: an overtime order as the engine reads it: the ordered time, its state (requested, approved, refused, cancelled), when it was decided and whether it is the employee''s own unfinished work';
CREATE TYPE cs_policy.attendance_metric AS (work_date date, calls_per_hour numeric, center_calls_per_hour numeric,
                                            kpi_score numeric, center_kpi_score numeric);
COMMENT ON TYPE cs_policy.attendance_metric IS
    'AT-17: an employee''s metrics of a day beside the average of their center that day';
CREATE TYPE cs_policy.attendance_input AS (
    employee_id       bigint,
    employee_code     text,
    period_first      date,
    period_last       date,
    period_label      text,
    period_deadline   date,
    lookback_first    date,
    as_of             timestamptz,
    daily_wage        numeric,
    monthly_wage      numeric,
    withhold_pay      boolean,
    hired_on          date,
    adjustment        numeric,
    adjustment_reason text,
    shifts            bytea,
    punches           bytea,
    voided_punches    bytea,
    corrected_punches bytea,
    leave             cs_policy.attendance_leave[],
    excuses           cs_policy.attendance_excuse[],
    incidents         cs_policy.attendance_incident[],
    policies          cs_policy.attendance_policy[],
    training_first    date,
    training_last     date,
    training_late_limit    integer,
    training_absence_limit integer,
    overtime_orders   cs_policy.attendance_overtime_order[],
    metrics           cs_policy.attendance_metric[],
    overtime_rate     numeric,
    overtime_hours_per_day integer,
    overtime_min_minutes   integer,
    manager_or_above  boolean);
COMMENT ON TYPE cs_policy.attendance_input IS
    'Everything the attendance engine judges for one employee''s period (AT-15), gathered once by attendance_input(): the period and its deadline, the days before it looked back over (lookback_first: a run of missed shifts, AT-9), the clock (as_of), wages (NULL and withhold_pay where the reader may not see them, SEC-2), the hiring date, the trainer''s adjustment, shifts and punches packed by collect_shifts and collect_punches (those made by someone else, AT-7, and those from corrections, AT-4, apart), leave with its approval time, approved exceptions, incidents, the attendance rules in force, and the onboarding training with its limits (AT-16: the unexcused late that ends it, the minutes of unexcused absence beyond which it ends), and for AT-17 the overtime orders, the days'' metrics beside the center''s, and the overtime pay settings; manager_or_above: a manager or director, who punches once in and once out a day where the rules have each window of a split shift punched (AT-20)';

CREATE FUNCTION cs_policy.judge_attendance(input cs_policy.attendance_input)
RETURNS TABLE (line integer, work_date date, kind text, rule_id text, also_cites text[], measure numeric,
               outcome text, amount numeric, points numeric, flags text[], absence_days numeric, explanation text,
               policy_id bigint, from_pay boolean)
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE ROWS 10;
COMMENT ON FUNCTION cs_policy.judge_attendance(cs_policy.attendance_input) IS
    'The attendance engine: one employee''s attendance period judged into penalty lines, in the order judged; runs no query. Each line cites one rule (rule_id) and the others it touches (also_cites); from_pay marks a line whose amount derives from a wage: with withhold_pay (SEC-2) its amount is NULL and its explanation names the wage without its figure (''3 x daily wage = withheld'')';

CREATE FUNCTION cs_policy.judge_attendance_shifts(input cs_policy.attendance_input)
RETURNS TABLE (work_date date, starts_at timestamptz, ends_at timestamptz, first_in timestamptz,
               last_out timestamptz, late_minutes integer, early_minutes integer, away_minutes integer,
               missing_in boolean, missing_out boolean, corrected boolean, excused boolean, on_leave boolean,
               absence_days numeric, policy_id bigint)
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE ROWS 22;
COMMENT ON FUNCTION cs_policy.judge_attendance_shifts(cs_policy.attendance_input) IS
    'What each shift of an attendance period came to, judged by the same engine from the same input as judge_attendance: its punches, minutes, whether excused or on leave, and its days of absence (NULL until its sign-out window is over); runs no query';

CREATE FUNCTION cs_policy.judge_overtime(input cs_policy.attendance_input)
RETURNS TABLE (line integer, work_date date, kind text, rule_id text, also_cites text[], measure numeric,
               outcome text, amount numeric, points numeric, flags text[], absence_days numeric, explanation text,
               policy_id bigint, from_pay boolean)
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE ROWS 2;
COMMENT ON FUNCTION cs_policy.judge_overtime(cs_policy.attendance_input) IS
    'AT-17: the overtime of one employee''s attendance period judged into lines like the penalty lines (src/overtime_core.c): paid (ordered and approved before the work), not_paid (not approved in time, the employee''s own unfinished work, or beyond a shift without an order) or commission_only (the day''s metrics below the center''s average); runs no query';

CREATE FUNCTION cs_policy.judge_period(input cs_policy.attendance_input)
RETURNS TABLE (line integer, work_date date, kind text, rule_id text, also_cites text[], measure numeric,
               outcome text, amount numeric, points numeric, flags text[], absence_days numeric, explanation text,
               policy_id bigint, from_pay boolean, overtime boolean)
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE ROWS 12;
COMMENT ON FUNCTION cs_policy.judge_period(cs_policy.attendance_input) IS
    'What the close stores of one employee''s attendance period, from one reading of the input: the lines of judge_attendance (overtime false), then those of judge_overtime (AT-17, overtime true), each numbered as those functions number them; runs no query';

-- Every employee's attendance input for a period in one pass: one grouped
-- pass over each table, so that all employees' period costs about a scan
-- of their rows. PL/pgSQL rather than an inlined SQL function, so that
-- Citus plans the query (ARCHITECTURE.md); every per-employee subquery is
-- grouped by, and filtered on, employee_id, so that it runs on the shards
-- in parallel, and on one shard for one employee. Planned for each call
-- (force_custom_plan): only_employee then prunes to one employee's rows.
--
-- Each department has its period (the policy in force on the date says
-- where it closes, AT-15): the departments' periods are computed first,
-- on the small shared tables, and the rows read are those of all of them;
-- the engine takes each employee's own.
--
-- The caller's scope is applied through the same sees() the row-level
-- policies use (SEC-1); wages only where sees_pay (SEC-2).
--
-- held_employees, held_by and held_from (the close's, AT-15): employees
-- transferred after a close, each read with the department given (the one
-- that closed their period before; 0: none) and from the day given (NULL:
-- the period's first; another day where the days before are stored, or
-- stored nowhere, with another department's periods).
--
-- No JIT: the query has many expressions and its estimated cost passes
-- jit_above_cost from about 50,000 employees, where compiling it takes
-- longer (seconds) than running it.
CREATE FUNCTION cs_policy.attendance_input_in_scope(scope cs_policy.access_scope, period date, only_employee bigint,
                                                     held_employees bigint[] DEFAULT NULL,
                                                     held_by bigint[] DEFAULT NULL,
                                                     held_from date[] DEFAULT NULL)
RETURNS SETOF cs_policy.attendance_input
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
SET plan_cache_mode = force_custom_plan
SET jit = off
AS $$
#variable_conflict use_column
DECLARE
    as_of        timestamptz := now();
    -- each department's period, as arrays the main query joins as a
    -- relation (unnest): AT-15 period, AT-9 look-back in days, and the
    -- month the period closes in (AT-14 adjustments)
    period_departments bigint[];
    period_firsts      date[];
    period_lasts       date[];
    period_labels      text[];
    period_deadlines   date[];
    period_lookbacks   integer[];
    period_months      date[];
    read_from    date;      -- the earliest department's first day
    read_until   date;      -- the latest department's last day
    lookback     integer;   -- AT-9: days before the period a run of missed shifts is followed back (the longest)
    window_months integer;  -- CP-9: months a count of incidents looks back over
    shifts_from  date;      -- the first day of shifts read: read_from less the lookback
    incidents_from date;    -- the first day of incidents read
    incident_kinds text[];  -- the kinds of incident the rulebooks name ...
    incident_rules text[];  -- ... and the first rule that names each
    center_days  text[];    -- AT-17: "center day" of the centers' average metrics ...
    center_calls numeric[];
    center_kpis  numeric[];
    order_days   date[];
    -- SH-6: the departments and days whose rules in force charge incident briefing_late
    briefing_departments bigint[];
    briefing_days        datemultirange[];
    -- a shift's punch window where the rules in force do not set one: the default of the settings
    default_window integer := cs_policy.default_setting('attendance', 'punch_window_minutes')::integer;
BEGIN
    IF period IS NULL THEN
        RAISE EXCEPTION 'an attendance read needs a period'
            USING ERRCODE = 'null_value_not_allowed',
                  HINT = 'Pass any day of the period, e.g. current_date.';
    END IF;
    -- each department's period, and how far back the rules in force over
    -- the days read look there (a run of n missed shifts spans at most n weeks)
    WITH p AS MATERIALIZED (
        SELECT * FROM cs_policy.department_periods(period,
                          (SELECT e.department_id FROM cs_policy.employee e WHERE e.employee_id = only_employee))),
    days_read AS (SELECT pg_catalog.daterange(pg_catalog.min(p.first_day) - 31, pg_catalog.max(p.last_day), '[]') AS days FROM p)
    SELECT pg_catalog.array_agg(p.department_id), pg_catalog.array_agg(p.first_day), pg_catalog.array_agg(p.last_day),
           pg_catalog.array_agg(p.label), pg_catalog.array_agg(p.deadline), pg_catalog.array_agg(coalesce(w.days, 0)),
           pg_catalog.array_agg(pg_catalog.date_trunc('month', p.last_day)::date),
           pg_catalog.min(p.first_day), pg_catalog.max(p.last_day),
           coalesce(pg_catalog.max(w.window_months), 1), coalesce(pg_catalog.max(w.days), 0)
      INTO period_departments, period_firsts, period_lasts, period_labels, period_deadlines, period_lookbacks,
           period_months, read_from, read_until, window_months, lookback
      FROM p
      LEFT JOIN (SELECT f.department_id, pg_catalog.max(b.window_months) AS window_months, pg_catalog.max(b.days) AS days
                   FROM cs_policy.policy_in_force f
                  CROSS JOIN LATERAL pg_catalog.unnest(f.rules_in_force) piece
                   -- each rulebook read once, not once per department
                   JOIN (SELECT q.policy_id, pg_catalog.max(cs_policy.rulebook_window_months(q.rulebook)) AS window_months,
                                7 * coalesce(pg_catalog.ceil(pg_catalog.max(st.lower)), 0)::integer AS days
                           FROM cs_policy.policy q
                           LEFT JOIN LATERAL cs_policy.rulebook_rules(q.rulebook) r ON r.kind = 'consecutive_absence'
                           LEFT JOIN LATERAL cs_policy.ladder_steps(r.ladder) st ON true
                          WHERE q.area = 'attendance' AND q.rulebook IS NOT NULL
                          GROUP BY q.policy_id) b ON b.policy_id = f.policy_id
                  WHERE f.area = 'attendance' AND piece && (SELECT days_read.days FROM days_read)
                  GROUP BY f.department_id) w ON w.department_id = p.department_id;
    SELECT pg_catalog.array_agg(k.name ORDER BY k.name), pg_catalog.array_agg(k.rule_id ORDER BY k.name)
      INTO incident_kinds, incident_rules
      FROM (SELECT r.name, pg_catalog.min(pg_catalog.split_part(r.rule_ids, ',', 1)) AS rule_id
              FROM (SELECT b.rulebook FROM cs_policy.preset_rulebook b WHERE b.area = 'attendance'
                    UNION ALL
                    SELECT q.rulebook FROM cs_policy.policy q WHERE q.area = 'attendance' AND q.rulebook IS NOT NULL) b
             CROSS JOIN LATERAL cs_policy.rulebook_rules(b.rulebook) r
             WHERE r.kind = 'incident' AND r.rule_ids <> ''
             GROUP BY r.name) k;
    -- (AT-15: the close may take a transferred person from an earlier day)
    read_from := least(read_from, (SELECT pg_catalog.min(f) FROM pg_catalog.unnest(held_from) f));
    shifts_from := read_from - lookback;
    -- SH-6: only where a rulebook in force names it are shifts matched to
    -- their first sign-in here (the engine judges lateness to the shift)
    SELECT pg_catalog.array_agg(f.department_id), pg_catalog.array_agg(f.rules_in_force)
      INTO briefing_departments, briefing_days
      FROM cs_policy.policy_in_force f
     WHERE f.area = 'attendance' AND f.department_id = ANY (period_departments)
       AND f.rules_in_force && pg_catalog.datemultirange(pg_catalog.daterange(read_from, read_until, '[]'))
       AND EXISTS (SELECT FROM cs_policy.rulebook_rules(f.rulebook) r
                    WHERE r.kind = 'incident' AND r.name = 'briefing_late');
    -- AT-17: each center's average metrics of the days with overtime
    -- orders; only then are colleagues' rows read (one employee's read
    -- without orders stays on that employee's shard)
    SELECT pg_catalog.array_agg(DISTINCT o.work_date) INTO order_days
      FROM cs_policy.overtime_order o
     WHERE (only_employee IS NULL OR o.employee_id = only_employee)
       AND o.work_date BETWEEN read_from AND read_until;
    IF order_days IS NOT NULL THEN
        SELECT pg_catalog.array_agg(c.key), pg_catalog.array_agg(c.calls), pg_catalog.array_agg(c.kpi)
          INTO center_days, center_calls, center_kpis
          FROM (SELECT d.path[1]::text || ' ' || m.work_date::text AS key,
                       pg_catalog.round(pg_catalog.avg(m.calls_per_hour), 2) AS calls,
                       pg_catalog.round(pg_catalog.avg(m.kpi_score), 2) AS kpi
                  FROM cs_policy.daily_metric m
                  JOIN cs_policy.employee e ON e.employee_id = m.employee_id
                  JOIN cs_policy.department d ON d.department_id = e.department_id
                 WHERE m.work_date = ANY (order_days)
                 GROUP BY d.path[1], m.work_date) c;
    END IF;
    -- AT-16: a training that started before goes on counting from its first day
    SELECT least(shifts_from, pg_catalog.min(t.first_day)) INTO shifts_from
      FROM cs_policy.onboarding_training t
     WHERE (only_employee IS NULL OR t.employee_id = only_employee)
       AND t.first_day < shifts_from AND t.last_day >= read_from;
    incidents_from := least(shifts_from, (date_trunc('month', read_from) - (window_months - 1) * interval '1 month')::date);

    RETURN QUERY
    SELECT e.employee_id, e.code,
           coalesce(held.first_day, ep.first_day), ep.last_day, ep.label, ep.deadline,
           least(coalesce(held.first_day, ep.first_day) - ep.lookback,
                 CASE WHEN tr.last_day >= coalesce(held.first_day, ep.first_day) THEN tr.first_day END),
           as_of,
           CASE WHEN cs_policy.sees_pay(scope, e.employee_id) THEN w.daily_wage END,
           CASE WHEN cs_policy.sees_pay(scope, e.employee_id) THEN w.monthly_wage END,
           NOT cs_policy.sees_pay(scope, e.employee_id),
           e.hired_on, adj.points, adj.reason,
           s.shifts, pu.punches, vp.punches, pu.corrected,
           lv.leave, x.excuses, i.incidents, pol.policies,
           tr.first_day, tr.last_day, tr.late_limit, tr.absence_limit_minutes,
           ot.orders, mt.metrics,
           (pol.parameters OPERATOR(pg_catalog.->>) 'overtime_rate')::numeric,
           (pol.parameters OPERATOR(pg_catalog.->>) 'overtime_hours_per_day')::integer,
           (pol.parameters OPERATOR(pg_catalog.->>) 'overtime_min_minutes')::integer,
           e.role OPERATOR(pg_catalog.=) ANY ('{manager,director}'::cs_policy.staff_role[])
      FROM cs_policy.employee e
      -- the department whose period this is: the employee's own, or the one holding it
      LEFT JOIN ROWS FROM (pg_catalog.unnest(held_employees), pg_catalog.unnest(held_by), pg_catalog.unnest(held_from))
           AS held(employee_id, department_id, first_day)
        ON held.employee_id OPERATOR(pg_catalog.=) e.employee_id
      -- the employee's period (that department's)
      JOIN ROWS FROM (pg_catalog.unnest(period_departments), pg_catalog.unnest(period_firsts),
                      pg_catalog.unnest(period_lasts), pg_catalog.unnest(period_labels),
                      pg_catalog.unnest(period_deadlines), pg_catalog.unnest(period_lookbacks),
                      pg_catalog.unnest(period_months))
           AS ep(department_id, first_day, last_day, label, deadline, lookback, close_month)
        ON ep.department_id OPERATOR(pg_catalog.=) coalesce(held.department_id, e.department_id)
      -- the wages in force on the period's last day of employment (the
      -- history starts on the hiring day)
      LEFT JOIN cs_policy.wage w ON w.employee_id OPERATOR(pg_catalog.=) e.employee_id
                                AND w.in_force OPERATOR(pg_catalog.@>) cs_policy.pay_day_of(ep.last_day, e.hired_on, e.left_on)
      -- the attendance rules in force over the days read, by department
      LEFT JOIN (SELECT f.department_id,
                   pg_catalog.array_agg(ROW(f.policy_id,
                       -- "attendance_tiered v2"; a policy with rules of its own is cited by its name
                       CASE WHEN f.preset IS NULL OR f.settings OPERATOR(pg_catalog.?) 'rules' THEN f.name
                            ELSE f.preset END OPERATOR(pg_catalog.||) ' v' OPERATOR(pg_catalog.||) f.version,
                       pg_catalog.lower(piece), pg_catalog.upper(piece), f.rulebook,
                       pg_catalog.make_interval(mins => coalesce((f.parameters OPERATOR(pg_catalog.->>) 'punch_window_minutes')::integer, default_window))
                   )::cs_policy.attendance_policy ORDER BY pg_catalog.lower(piece)) AS policies,
                   -- the settings of the rules in force last
                   (pg_catalog.array_agg(f.parameters ORDER BY pg_catalog.lower(piece) DESC))[1] AS parameters
              FROM cs_policy.policy_in_force f
             CROSS JOIN LATERAL pg_catalog.unnest(f.rules_in_force) piece
             WHERE f.area OPERATOR(pg_catalog.=) 'attendance'
               AND piece OPERATOR(pg_catalog.&&) pg_catalog.daterange(shifts_from, read_until, '[]')
             GROUP BY f.department_id) pol ON pol.department_id OPERATOR(pg_catalog.=) coalesce(held.department_id, e.department_id)
      -- shifts and punches in any order: the engine sorts them
      LEFT JOIN (SELECT r.employee_id, cs_policy.collect_shifts(r.work_date, r.instants, r.swap_id IS NOT NULL) AS shifts
                   FROM cs_policy.roster r
                  WHERE (only_employee IS NULL OR r.employee_id OPERATOR(pg_catalog.=) only_employee) AND cs_policy.sees(scope, r.employee_id)
                    AND r.work_date OPERATOR(pg_catalog.>=) shifts_from
                    AND r.work_date OPERATOR(pg_catalog.<=) read_until
                  GROUP BY r.employee_id) s ON s.employee_id OPERATOR(pg_catalog.=) e.employee_id
      LEFT JOIN (SELECT q.employee_id, cs_policy.collect_punches(q.at, q.kind OPERATOR(pg_catalog.=) 'in') AS punches,
                        -- those from approved corrections (AT-4), for attendance_day's corrected
                        cs_policy.collect_punches(q.at, q.kind OPERATOR(pg_catalog.=) 'in')
                            FILTER (WHERE q.correction_id IS NOT NULL) AS corrected
                   FROM cs_policy.punch q
                  -- the shifts start from the first day read and end at most a day after the
                  -- last; a day more each side for time zones and the punch window. Bounds
                  -- in UTC are immutable: computed once, not for every punch.
                  WHERE (only_employee IS NULL OR q.employee_id OPERATOR(pg_catalog.=) only_employee) AND cs_policy.sees(scope, q.employee_id)
                    AND q.at OPERATOR(pg_catalog.>=) ((shifts_from OPERATOR(pg_catalog.-) 2)::timestamp AT TIME ZONE 'UTC')
                    AND q.at OPERATOR(pg_catalog.<) ((read_until OPERATOR(pg_catalog.+) 3)::timestamp AT TIME ZONE 'UTC')
                  GROUP BY q.employee_id) pu ON pu.employee_id OPERATOR(pg_catalog.=) e.employee_id
      -- punches made by someone else do not count (AT-7): few, so the engine drops them
      LEFT JOIN (SELECT q.employee_id, cs_policy.collect_punches(q.at, q.kind OPERATOR(pg_catalog.=) 'in') AS punches
                   FROM cs_policy.incident v
                   JOIN cs_policy.punch q ON q.employee_id OPERATOR(pg_catalog.=) v.employee_id
                                         AND q.punch_id OPERATOR(pg_catalog.=) v.punch_id
                  WHERE (only_employee IS NULL OR v.employee_id OPERATOR(pg_catalog.=) only_employee) AND cs_policy.sees(scope, v.employee_id)
                    AND v.kind OPERATOR(pg_catalog.=) 'proxy_punch' AND v.withdrawn_at IS NULL
                  GROUP BY q.employee_id) vp ON vp.employee_id OPERATOR(pg_catalog.=) e.employee_id
      LEFT JOIN (SELECT l.employee_id,
                        pg_catalog.array_agg(ROW(l.first_day, l.last_day,
                            -- void leave (LV-5, LV-7), LV-3 sick leave without documents after return (as of now)
                            CASE WHEN l.state OPERATOR(pg_catalog.=) 'void' AND l.voided_under OPERATOR(pg_catalog.=) 'LV-7' THEN 3
                                 WHEN l.state OPERATOR(pg_catalog.=) 'void' THEN 1
                                 WHEN l.leave_type OPERATOR(pg_catalog.=) 'sick' AND l.documents_filed_at IS NULL
                                      AND l.last_day OPERATOR(pg_catalog.<) as_of::date THEN 2
                                 ELSE 0 END,
                            l.leave_type OPERATOR(pg_catalog.=) 'sick',
                            -- LV-1: when it was approved (voided leave: its days are absence anyway)
                            l.decided_at)::cs_policy.attendance_leave ORDER BY l.leave_id) AS leave
                   FROM cs_policy.leave_request l
                  WHERE (only_employee IS NULL OR l.employee_id OPERATOR(pg_catalog.=) only_employee) AND cs_policy.sees(scope, l.employee_id)
                    AND l.state OPERATOR(pg_catalog.=) ANY ('{approved,void}')
                    AND l.last_day OPERATOR(pg_catalog.>=) shifts_from
                    AND l.first_day OPERATOR(pg_catalog.<=) read_until
                  GROUP BY l.employee_id) lv ON lv.employee_id OPERATOR(pg_catalog.=) e.employee_id
      LEFT JOIN (SELECT x.employee_id,
                        pg_catalog.array_agg(ROW(x.work_date, x.kind OPERATOR(pg_catalog.=) 'field_work', x.requested_at)::cs_policy.attendance_excuse
                                             ORDER BY x.exception_id) AS excuses
                   FROM cs_policy.attendance_exception x
                  WHERE (only_employee IS NULL OR x.employee_id OPERATOR(pg_catalog.=) only_employee) AND cs_policy.sees(scope, x.employee_id)
                    AND x.state OPERATOR(pg_catalog.=) 'approved'
                    AND x.work_date OPERATOR(pg_catalog.>=) shifts_from
                    AND x.work_date OPERATOR(pg_catalog.<=) read_until
                  GROUP BY x.employee_id) x ON x.employee_id OPERATOR(pg_catalog.=) e.employee_id
      -- incidents of the days read, and those before that a count looks back over (CP-9)
      LEFT JOIN (SELECT k.employee_id,
                        pg_catalog.array_agg(ROW(k.work_date, k.kind, k.measure, k.note,
                                                 incident_rules[pg_catalog.array_position(incident_kinds, k.kind)])::cs_policy.attendance_incident
                                             ORDER BY k.work_date, k.at, k.kind, k.note) AS incidents
                   FROM (SELECT n.employee_id, n.work_date, n.recorded_at AS at, n.kind, n.measure, n.note
                           FROM cs_policy.incident n
                          WHERE (only_employee IS NULL OR n.employee_id OPERATOR(pg_catalog.=) only_employee) AND cs_policy.sees(scope, n.employee_id)
                            AND n.withdrawn_at IS NULL
                            AND n.work_date OPERATOR(pg_catalog.>=) incidents_from
                            AND n.work_date OPERATOR(pg_catalog.<=) read_until
                         UNION ALL
                         -- AT-4: each approved correction, where a rulebook charges them
                         -- (incident punch_correction: the monthly allowance and the charge
                         -- beyond it are the policy's; no shipped preset states them)
                         SELECT c.employee_id, c.work_date, c.decided_at, 'punch_correction', NULL,
                                'missed ' OPERATOR(pg_catalog.||) c.kind::text OPERATOR(pg_catalog.||) ' punch supplied by an approved correction: '
                                OPERATOR(pg_catalog.||) c.reason
                           FROM cs_policy.punch_correction c
                          WHERE 'punch_correction' OPERATOR(pg_catalog.=) ANY (incident_kinds)
                            AND (only_employee IS NULL OR c.employee_id OPERATOR(pg_catalog.=) only_employee) AND cs_policy.sees(scope, c.employee_id)
                            AND c.state OPERATOR(pg_catalog.=) 'approved'
                            AND c.work_date OPERATOR(pg_catalog.>=) incidents_from
                            AND c.work_date OPERATOR(pg_catalog.<=) read_until
                         UNION ALL
                         -- SH-6: signed in after the time to report for the briefing
                         -- (briefing_minutes before the start) but by the start: late to the
                         -- briefing, its own line (signed in after the start is the shift's
                         -- lateness, which the engine judges). The first sign-in of the punch
                         -- window before the briefing up to the start counts.
                         SELECT b.employee_id, b.work_date, b.first_in, 'briefing_late',
                                pg_catalog.round(pg_catalog.date_part('epoch', b.first_in OPERATOR(pg_catalog.-) b.report_by)::numeric
                                                 OPERATOR(pg_catalog./) 60, 1),
                                pg_catalog.format('signed in %s min after the time to report for the %s-minute briefing, %s min before the shift',
                                                  pg_catalog.round(pg_catalog.date_part('epoch', b.first_in OPERATOR(pg_catalog.-) b.report_by)::numeric
                                                                   OPERATOR(pg_catalog./) 60, 1),
                                                  b.briefing_minutes,
                                                  pg_catalog.round(pg_catalog.date_part('epoch', b.starts_at OPERATOR(pg_catalog.-) b.first_in)::numeric
                                                                   OPERATOR(pg_catalog./) 60, 1))
                           FROM (SELECT r.employee_id, r.work_date, r.briefing_minutes, pg_catalog.lower(r.instants) AS starts_at,
                                        pg_catalog.lower(r.instants) OPERATOR(pg_catalog.-) pg_catalog.make_interval(mins => r.briefing_minutes) AS report_by,
                                        pg_catalog.min(q.at) AS first_in
                                   FROM cs_policy.roster r
                                   JOIN cs_policy.employee who ON who.employee_id OPERATOR(pg_catalog.=) r.employee_id
                                   -- (the department whose rules judge them: the close's held_by)
                                   LEFT JOIN ROWS FROM (pg_catalog.unnest(held_employees), pg_catalog.unnest(held_by)) AS hb(employee_id, department_id)
                                     ON hb.employee_id OPERATOR(pg_catalog.=) who.employee_id
                                   JOIN ROWS FROM (pg_catalog.unnest(briefing_departments), pg_catalog.unnest(briefing_days)) AS bd(department_id, days)
                                     ON bd.department_id OPERATOR(pg_catalog.=) coalesce(hb.department_id, who.department_id)
                                    AND bd.days OPERATOR(pg_catalog.@>) r.work_date
                                   JOIN cs_policy.punch q
                                     ON q.employee_id OPERATOR(pg_catalog.=) r.employee_id AND q.kind OPERATOR(pg_catalog.=) 'in'
                                    AND q.at OPERATOR(pg_catalog.<=) pg_catalog.lower(r.instants)
                                    AND q.at OPERATOR(pg_catalog.>=) (pg_catalog.lower(r.instants)
                                            OPERATOR(pg_catalog.-) pg_catalog.make_interval(mins => r.briefing_minutes OPERATOR(pg_catalog.+) default_window))
                                  WHERE briefing_departments IS NOT NULL AND r.briefing_minutes OPERATOR(pg_catalog.>) 0
                                    AND (only_employee IS NULL OR r.employee_id OPERATOR(pg_catalog.=) only_employee) AND cs_policy.sees(scope, r.employee_id)
                                    AND r.work_date OPERATOR(pg_catalog.>=) read_from AND r.work_date OPERATOR(pg_catalog.<=) read_until
                                  GROUP BY r.employee_id, r.work_date, r.template_id, r.instants, r.briefing_minutes) b
                          WHERE b.first_in OPERATOR(pg_catalog.>) b.report_by
                         UNION ALL
                         -- a punch that claimed another time than its own is an attempt to alter the record (AT-7)
                         SELECT f.employee_id, f.work_date, f.refused_at, 'record_altered', NULL,
                                'a punch claiming another time than when it was made was refused: ' OPERATOR(pg_catalog.||) f.reason
                           FROM cs_policy.punch_refusal f
                          WHERE (only_employee IS NULL OR f.employee_id OPERATOR(pg_catalog.=) only_employee) AND cs_policy.sees(scope, f.employee_id)
                            AND f.work_date OPERATOR(pg_catalog.>=) read_from
                            AND f.work_date OPERATOR(pg_catalog.<=) read_until) k
                  GROUP BY k.employee_id) i ON i.employee_id OPERATOR(pg_catalog.=) e.employee_id
      -- AT-17: overtime orders, and the days' metrics beside the center's average
      LEFT JOIN (SELECT o.employee_id,
                        pg_catalog.array_agg(ROW(o.order_id, o.work_date, o.starts_at, o.ends_at, o.state, o.decided_at,
                                                 o.own_unfinished_work)::cs_policy.attendance_overtime_order
                                             ORDER BY o.work_date, o.starts_at, o.order_id) AS orders
                   FROM cs_policy.overtime_order o
                  WHERE (only_employee IS NULL OR o.employee_id OPERATOR(pg_catalog.=) only_employee) AND cs_policy.sees(scope, o.employee_id)
                    AND o.work_date OPERATOR(pg_catalog.>=) read_from AND o.work_date OPERATOR(pg_catalog.<=) read_until
                  GROUP BY o.employee_id) ot ON ot.employee_id OPERATOR(pg_catalog.=) e.employee_id
      LEFT JOIN (SELECT m.employee_id,
                        pg_catalog.array_agg(ROW(m.work_date, m.calls_per_hour,
                            center_calls[pg_catalog.array_position(center_days, md.path[1]::text OPERATOR(pg_catalog.||) ' ' OPERATOR(pg_catalog.||) m.work_date::text)],
                            m.kpi_score,
                            center_kpis[pg_catalog.array_position(center_days, md.path[1]::text OPERATOR(pg_catalog.||) ' ' OPERATOR(pg_catalog.||) m.work_date::text)]
                        )::cs_policy.attendance_metric ORDER BY m.work_date) AS metrics
                   FROM cs_policy.daily_metric m
                   JOIN cs_policy.employee me ON me.employee_id OPERATOR(pg_catalog.=) m.employee_id
                   JOIN cs_policy.department md ON md.department_id OPERATOR(pg_catalog.=) me.department_id
                  WHERE (only_employee IS NULL OR m.employee_id OPERATOR(pg_catalog.=) only_employee) AND cs_policy.sees(scope, m.employee_id)
                    AND m.work_date OPERATOR(pg_catalog.=) ANY (order_days)
                  GROUP BY m.employee_id) mt ON mt.employee_id OPERATOR(pg_catalog.=) e.employee_id
      -- AT-16: the onboarding training (its outcome recorded or not: the line that ended it stays)
      LEFT JOIN cs_policy.onboarding_training tr
             ON tr.employee_id OPERATOR(pg_catalog.=) e.employee_id
            AND tr.first_day OPERATOR(pg_catalog.<=) read_until AND tr.last_day OPERATOR(pg_catalog.>=) shifts_from
      -- AT-14: the trainer's adjustment of the month the period closes in
      LEFT JOIN cs_policy.score_adjustment adj
             ON adj.employee_id OPERATOR(pg_catalog.=) e.employee_id
            AND adj.month OPERATOR(pg_catalog.=) ep.close_month
     WHERE (s.employee_id IS NOT NULL OR i.employee_id IS NOT NULL OR adj.employee_id IS NOT NULL OR ot.employee_id IS NOT NULL)
       AND (only_employee IS NULL OR e.employee_id OPERATOR(pg_catalog.=) only_employee)
       -- SEC-1: what the caller's row-level policies would let them read
       AND cs_policy.sees(scope, e.employee_id);
END
$$;
COMMENT ON FUNCTION cs_policy.attendance_input_in_scope(cs_policy.access_scope, date, bigint, bigint[], bigint[], date[]) IS
    'Internal: attendance_input for the employees a scope sees (called with the caller''s scope by attendance_input, penalty_lines and attendance_day, and by the analyst''s team_report)';
REVOKE EXECUTE ON FUNCTION cs_policy.attendance_input_in_scope(cs_policy.access_scope, date, bigint, bigint[], bigint[], date[]) FROM PUBLIC;

-- SECURITY DEFINER because the engine needs the wages, which only HR may
-- read (SEC-2): it reads as the owner, applies the caller's access scope
-- itself and gives wages only to the person and HR.
CREATE FUNCTION cs_policy.attendance_input(period date, only_employee bigint DEFAULT NULL)
RETURNS SETOF cs_policy.attendance_input
LANGUAGE plpgsql STABLE PARALLEL RESTRICTED SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RETURN QUERY SELECT * FROM cs_policy.attendance_input_in_scope(cs_policy.access_scope(), period, only_employee);
END
$$;
COMMENT ON FUNCTION cs_policy.attendance_input(date, bigint) IS
    'What the attendance engine judges, one row per employee the caller may see (SEC-1) with shifts, incidents or a score adjustment in their attendance period containing the date (AT-15), or only one employee''s: the one input that penalty_lines and attendance_day both judge (see the type attendance_input); wages only for the person and HR (SEC-2)';

CREATE FUNCTION cs_policy.penalty_lines_in_scope(scope cs_policy.access_scope, period date, only_employee bigint)
RETURNS TABLE (employee_id bigint, employee_code text, period_first date, period_last date, period_label text,
               period_deadline date, line integer, work_date date, kind text, rule_id text, also_cites text[],
               measure numeric, outcome text, amount numeric(12,2), points numeric, flags text[], absence_days numeric,
               explanation text, policy_id bigint, from_pay boolean)
-- SQL, so that its callers' queries inline it (one set of lines
-- materialized less)
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT i.employee_id, i.employee_code, i.period_first, i.period_last, i.period_label, i.period_deadline,
           l.line, l.work_date, l.kind, l.rule_id, l.also_cites, l.measure, l.outcome, l.amount, l.points, l.flags,
           l.absence_days, l.explanation, l.policy_id, l.from_pay
      FROM cs_policy.attendance_input_in_scope(scope, period, only_employee) i
     CROSS JOIN LATERAL cs_policy.judge_attendance(i) l;
END;
COMMENT ON FUNCTION cs_policy.penalty_lines_in_scope(cs_policy.access_scope, date, bigint) IS
    'Internal: the penalty lines of period_penalty_lines for the employees a scope sees, amounts from wages it may not see withheld (called by period_penalty_lines with the caller''s scope, and by the analyst''s team_report)';
REVOKE EXECUTE ON FUNCTION cs_policy.penalty_lines_in_scope(cs_policy.access_scope, date, bigint) FROM PUBLIC;

CREATE FUNCTION cs_policy.period_penalty_lines(period date, only_employee bigint DEFAULT NULL)
RETURNS TABLE (employee_id bigint, employee_code text, period_first date, period_last date, period_label text,
               period_deadline date, line integer, work_date date, kind text, rule_id text, also_cites text[],
               measure numeric, outcome text, amount numeric(12,2), points numeric, flags text[], absence_days numeric,
               explanation text, policy_id bigint, from_pay boolean)
LANGUAGE plpgsql STABLE PARALLEL RESTRICTED SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RETURN QUERY SELECT * FROM cs_policy.penalty_lines_in_scope(cs_policy.access_scope(), period, only_employee);
END
$$;
COMMENT ON FUNCTION cs_policy.period_penalty_lines(date, bigint) IS
    'Every employee''s penalty lines for their attendance period containing the date (AT-15: the calendar month, or to the policy''s closing day), or only one employee''s, in one pass: what a rollup or a BI extract reads. Each row names the employee''s period (first and last day, label, reporting deadline) and one line (see penalty_lines); judges attendance_input with judge_attendance';

CREATE FUNCTION cs_policy.penalty_lines(employee_id bigint, period date)
RETURNS TABLE (line integer, work_date date, kind text, rule_id text, also_cites text[], measure numeric,
               outcome text, amount numeric(12,2), points numeric, flags text[], absence_days numeric,
               explanation text, policy_id bigint, from_pay boolean)
LANGUAGE plpgsql STABLE PARALLEL RESTRICTED
SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
BEGIN
    RETURN QUERY
    SELECT m.line, m.work_date, m.kind, m.rule_id, m.also_cites, m.measure, m.outcome, m.amount, m.points, m.flags,
           m.absence_days, m.explanation, m.policy_id, m.from_pay
      FROM cs_policy.period_penalty_lines(penalty_lines.period, penalty_lines.employee_id) m
     ORDER BY m.line;
END
$$;
COMMENT ON FUNCTION cs_policy.penalty_lines(bigint, date) IS
    'One row per charge of an employee''s attendance period (any date in it; AT-15), in the order they were judged (line): the work date (the period''s last day for the period''s own rules; a night shift belongs to the day it starts), what it is about (late, early, away, missing_punch, absence, forgiven, count, incident, month_absence, consecutive_absence, full_attendance, adjustment, score), the one rule it applies (rule_id) and the others it touches (also_cites), the measure, the step that applied, the amount (CNY; negative: paid out, a bonus), points deducted, flags, days of absence, a one-line explanation with the arithmetic, the policy version, and whether the amount derives from a wage (from_pay): then only the person and HR see the amount and the wage in the explanation; anyone else reads NULL and ''3 x daily wage = withheld'' (SEC-2). Shows only the employees the caller may see (SEC-1)';

CREATE FUNCTION cs_policy.period_attendance_totals(period date, only_employee bigint DEFAULT NULL)
RETURNS TABLE (employee_id bigint, employee_code text, period_first date, period_last date, period_label text,
               period_deadline date, late integer, early integer, away integer,
               absences integer, days_absent numeric, missing_punches integer, forgiven integer, incidents integer,
               amount numeric(12,2), bonus numeric(12,2), points_score numeric, flags text[], withheld integer)
LANGUAGE plpgsql STABLE PARALLEL RESTRICTED
SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
BEGIN
    RETURN QUERY
SELECT l.employee_id, l.employee_code, l.period_first, l.period_last, l.period_label, l.period_deadline,
       (pg_catalog.count(*) FILTER (WHERE l.kind OPERATOR(pg_catalog.=) 'late'))::integer,
       (pg_catalog.count(*) FILTER (WHERE l.kind OPERATOR(pg_catalog.=) 'early'))::integer,
       (pg_catalog.count(*) FILTER (WHERE l.kind OPERATOR(pg_catalog.=) 'away'))::integer,
       (pg_catalog.count(*) FILTER (WHERE l.kind OPERATOR(pg_catalog.=) 'absence'))::integer,
       pg_catalog.sum(l.absence_days),
       (pg_catalog.count(*) FILTER (WHERE l.kind OPERATOR(pg_catalog.=) 'missing_punch'
                                       OR (l.kind OPERATOR(pg_catalog.=) 'absence'
                                           AND l.explanation OPERATOR(pg_catalog.~~) '%missing %')))::integer,
       (pg_catalog.count(*) FILTER (WHERE l.kind OPERATOR(pg_catalog.=) 'forgiven'))::integer,
       (pg_catalog.count(*) FILTER (WHERE l.kind OPERATOR(pg_catalog.=) 'incident'))::integer,
       -- SEC-2: a total over a withheld amount would give it away
       CASE WHEN pg_catalog.bool_or(l.from_pay AND l.amount IS NULL) THEN NULL
            ELSE coalesce(pg_catalog.sum(l.amount) FILTER (WHERE l.amount OPERATOR(pg_catalog.>) 0), 0) END::numeric(12,2),
       CASE WHEN pg_catalog.bool_or(l.from_pay AND l.amount IS NULL) THEN NULL
            ELSE coalesce(OPERATOR(pg_catalog.-) pg_catalog.sum(l.amount) FILTER (WHERE l.amount OPERATOR(pg_catalog.<) 0), 0) END::numeric(12,2),
       pg_catalog.max(l.measure) FILTER (WHERE l.kind OPERATOR(pg_catalog.=) 'score'),
       -- the distinct flags of all lines
       coalesce((SELECT pg_catalog.array_agg(DISTINCT f ORDER BY f)
                   FROM pg_catalog.unnest(pg_catalog.string_to_array(
                            pg_catalog.string_agg(pg_catalog.array_to_string(l.flags, ','), ','), ',')) AS f
                  WHERE f OPERATOR(pg_catalog.<>) ''), '{}'),
       (pg_catalog.count(*) FILTER (WHERE l.from_pay AND l.amount IS NULL))::integer
  FROM cs_policy.period_penalty_lines(period_attendance_totals.period, period_attendance_totals.only_employee) l
 GROUP BY l.employee_id, l.employee_code, l.period_first, l.period_last, l.period_label, l.period_deadline;
END
$$;
COMMENT ON FUNCTION cs_policy.period_attendance_totals(date, bigint) IS
    'Every employee''s attendance totals for their period containing the date (see attendance_totals), or only one employee''s, in one pass';

CREATE FUNCTION cs_policy.attendance_totals(employee_id bigint, period date)
RETURNS TABLE (period_first date, period_last date, period_label text, period_deadline date,
               late integer, early integer, away integer, absences integer,
               days_absent numeric, missing_punches integer, forgiven integer, incidents integer,
               amount numeric(12,2), bonus numeric(12,2), points_score numeric, flags text[], withheld integer)
LANGUAGE plpgsql STABLE PARALLEL RESTRICTED
SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
BEGIN
    RETURN QUERY
SELECT m.period_first, m.period_last, m.period_label, m.period_deadline,
       m.late, m.early, m.away, m.absences, m.days_absent, m.missing_punches, m.forgiven,
       m.incidents, m.amount, m.bonus, m.points_score, m.flags, m.withheld
  FROM cs_policy.period_attendance_totals(attendance_totals.period, attendance_totals.employee_id) m;
END
$$;
COMMENT ON FUNCTION cs_policy.attendance_totals(bigint, date) IS
    'The totals of an employee''s penalty lines for their attendance period containing the date (AT-15): the period, lates, early leaves and times away charged or counted, absences and days absent, missing punches, forgiven lates, incidents, the amount charged (CNY), the bonus paid out (full attendance, points above the base), the points score (AT-13, AT-14), every flag raised, and how many lines'' amounts are withheld from the caller because they derive from a wage (SEC-2: then amount and bonus are NULL too); no row when nothing was judged';

-- One row per rostered shift of the period, judged by the engine from the
-- same input as the penalty lines: so that the two never disagree.
CREATE FUNCTION cs_policy.attendance_day(period date, only_employee bigint DEFAULT NULL)
RETURNS TABLE (employee_id bigint, employee_code text, period_label text, work_date date,
               starts_at timestamptz, ends_at timestamptz, first_in timestamptz, last_out timestamptz,
               late_minutes integer, early_minutes integer, away_minutes integer,
               missing_in boolean, missing_out boolean, no_punch boolean, corrected boolean, excused boolean,
               on_leave boolean, absence_days numeric, absence text, absent boolean, policy_id bigint)
LANGUAGE plpgsql STABLE PARALLEL RESTRICTED
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RETURN QUERY
    SELECT i.employee_id, i.employee_code, i.period_label, a.work_date, a.starts_at, a.ends_at, a.first_in, a.last_out,
           a.late_minutes, a.early_minutes, a.away_minutes, a.missing_in, a.missing_out,
           a.missing_in AND a.missing_out,
           a.corrected, a.excused, a.on_leave, a.absence_days,
           CASE WHEN a.absence_days IS NULL THEN NULL
                WHEN a.absence_days = 0 THEN 'none'
                WHEN a.absence_days >= 1 THEN 'full_day'
                WHEN a.absence_days = 0.5 THEN 'half_day'
                ELSE 'part_day' END,
           coalesce(a.absence_days >= 1, false),
           a.policy_id
      FROM cs_policy.attendance_input(period, only_employee) i
     CROSS JOIN LATERAL cs_policy.judge_attendance_shifts(i) a;
END
$$;
COMMENT ON FUNCTION cs_policy.attendance_day(date, bigint) IS
    'One row per rostered shift of the attendance period containing the date (AT-15), for every employee the caller may see (SEC-1) or only one: its start and end, first sign-in and last sign-out (a sign-in belongs to a shift from the punch window, 3 hours, before its start until its end, a sign-out from its start until the window after its end), late, early and away minutes (whole minutes, rounded down; away time counts only the shift''s windows), missing punches, whether a punch came from an approved correction (AT-4), whether an approved exception excuses it (AT-8, AT-11) or approved leave covers it (LV-1: approved before the shift began), the days of absence it comes to (NULL until its sign-out window is over; 1 when missed, or on void leave, LV-5, sick leave without documents, LV-3, leave on a swapped day, SH-8, leave approved too late, LV-1; 0.5 or a share when lateness or early leave turn into absence), none/part_day/half_day/full_day, and the attendance policy whose rules judged it; judged by the engine of penalty_lines from the same input';

-- AT-10: a team's attendance rate, from its members' shifts judged as
-- attendance_day judges them, against the minimum of the rules that judged
-- its latest shift. Each member's shifts are summed up beside the engine
-- (team_member_of: no row per shift leaves it), then the members by team
-- (team_attendance_of: the close reads the same members from the inputs it
-- has gathered).
CREATE TYPE cs_policy.team_member AS (employee_id bigint, period_label text, shifts bigint, days_absent numeric,
                                      shifts_on_leave bigint, policy_id bigint, last_shift date, team_id bigint);
COMMENT ON TYPE cs_policy.team_member IS
    'AT-10: what one employee''s judged shifts of an attendance period come to (shifts whose days of absence are known): how many, the days of absence, those on leave, the policy that judged the latest and its date; and the team whose period it is (NULL: the employee''s own department; the close gives the department that closed it before a transfer)';

-- (in C, beside the engine: called once per employee, it runs no query,
-- and sums the shifts as they are judged)
CREATE FUNCTION cs_policy.team_member_of(input cs_policy.attendance_input)
RETURNS TABLE (shifts bigint, days_absent numeric, shifts_on_leave bigint, policy_id bigint, last_shift date)
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE ROWS 1;
COMMENT ON FUNCTION cs_policy.team_member_of(cs_policy.attendance_input) IS
    'AT-10: one employee''s judged shifts of the period summed up for the team''s rate, as judge_attendance_shifts judges them (those whose sign-out window is over): how many, days of absence, how many on leave, the policy of the latest shift and its day (the fields of team_member after the employee and period); runs no query';

-- What the close needs of one period, from one reading of the input
CREATE FUNCTION cs_policy.judge_for_close(input cs_policy.attendance_input)
RETURNS TABLE (line integer, work_date date, kind text, rule_id text, also_cites text[], measure numeric,
               outcome text, amount numeric, points numeric, flags text[], absence_days numeric, explanation text,
               policy_id bigint, from_pay boolean, part text, shifts bigint, shifts_on_leave bigint)
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE PARALLEL SAFE ROWS 13;
COMMENT ON FUNCTION cs_policy.judge_for_close(cs_policy.attendance_input) IS
    'What the close stores of one employee''s attendance period and sums for the team''s rate, from one reading of the input: the rows of judge_period (part penalty, then part overtime, numbered as judge_period numbers them), then one row of part team_member with what team_member_of gives (AT-10: shifts, shifts_on_leave, absence_days the days of absence, work_date the latest shift''s day, policy_id its policy; the line columns NULL); runs no query';

CREATE FUNCTION cs_policy.team_attendance_of(members cs_policy.team_member[])
RETURNS TABLE (department_code text, period_label text, shifts bigint, days_absent numeric, shifts_on_leave bigint,
               attendance_rate numeric, minimum numeric, below_minimum boolean, rule_id text)
-- (PL/pgSQL: on Citus a SQL function that reads its tables with a
-- parameter cannot be planned)
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
BEGIN
    RETURN QUERY
SELECT t.code, t.period_label, t.shifts, t.days_absent, t.on_leave, t.rate, rule.value, t.rate < rule.value,
       pg_catalog.split_part(rule.rule_ids, ',', 1)
  FROM (SELECT d.code, m.period_label,
               pg_catalog.sum(m.shifts)::bigint AS shifts,
               pg_catalog.sum(m.days_absent) AS days_absent,
               pg_catalog.sum(m.shifts_on_leave)::bigint AS on_leave,
               pg_catalog.round(1 - ((pg_catalog.sum(m.days_absent) + pg_catalog.sum(m.shifts_on_leave))
                                     / pg_catalog.sum(m.shifts)), 4) AS rate,
               (pg_catalog.array_agg(m.policy_id ORDER BY m.last_shift DESC))[1] AS policy_id
          FROM pg_catalog.unnest(team_attendance_of.members) m
          JOIN cs_policy.employee e ON e.employee_id = m.employee_id
          JOIN cs_policy.department d ON d.department_id = coalesce(m.team_id, e.department_id)
         WHERE m.shifts > 0
         GROUP BY d.code, m.period_label) t
  LEFT JOIN LATERAL (
    SELECT r.value, r.rule_ids
      FROM cs_policy.policy q
     CROSS JOIN LATERAL cs_policy.rulebook_rules(q.rulebook) r
     WHERE q.policy_id = t.policy_id AND r.name = 'team_attendance_min') rule ON true;
END
$$;
COMMENT ON FUNCTION cs_policy.team_attendance_of(cs_policy.team_member[]) IS
    'AT-10: team_attendance of the members given (team_member_of each): their teams'' shifts, days of absence, shifts on leave and rate against the minimum of the rules that judged the latest shift';

CREATE FUNCTION cs_policy.team_attendance(period date)
RETURNS TABLE (department_code text, period_label text, shifts bigint, days_absent numeric, shifts_on_leave bigint,
               attendance_rate numeric, minimum numeric, below_minimum boolean, rule_id text)
LANGUAGE plpgsql STABLE PARALLEL RESTRICTED
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    members cs_policy.team_member[] := ARRAY(
        SELECT ROW(i.employee_id, i.period_label, m.shifts, m.days_absent, m.shifts_on_leave, m.policy_id,
                   m.last_shift, NULL)::cs_policy.team_member
          FROM cs_policy.attendance_input(team_attendance.period) i
         CROSS JOIN LATERAL cs_policy.team_member_of(i) m);
BEGIN
    RETURN QUERY SELECT * FROM cs_policy.team_attendance_of(members);
END
$$;
COMMENT ON FUNCTION cs_policy.team_attendance(date) IS
    'AT-10: per team (the employees'' department), the attendance period''s judged shifts, days of absence, shifts on leave, the attendance rate (1 - (days absent + shifts on leave) / shifts), the minimum of the rules in force (team_attendance_min: 0.95 in callcenter_2012) and whether it is below';
