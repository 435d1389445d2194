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
COMMENT ON COLUMN cs_policy.punch_refusal.claimed_at IS 'The time the punch claimed';
COMMENT ON COLUMN cs_policy.punch_refusal.kind IS 'in or out';
COMMENT ON COLUMN cs_policy.punch_refusal.source IS 'Device or channel';
COMMENT ON COLUMN cs_policy.punch_refusal.reason IS 'Why it was refused';

CREATE TABLE cs_policy.punch_correction (
    employee_id   bigint NOT NULL REFERENCES cs_policy.employee,
    correction_id bigint GENERATED ALWAYS AS IDENTITY,
    at            timestamptz NOT NULL,
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
    (NULL, 'attendance', '{"correction_working_days": 2, "calendar": "cn", "punch_clock_tolerance_seconds": 120}',
     'AT-4: a missed punch is corrected by request within 2 working days; punches are taken at the time they are made');

CREATE FUNCTION cs_policy.record_punch(kind cs_policy.punch_kind, source text, at timestamptz DEFAULT NULL,
                                       acting_as text DEFAULT NULL)
RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    actor     cs_policy.employee := cs_policy.acting_employee(acting_as);
    now_      timestamptz := clock_timestamp();
    claimed   timestamptz := coalesce(at, now_);
    tolerance interval := make_interval(secs => coalesce(
                  (cs_policy.settings_for(actor.employee_id, now_::date, 'attendance') ->> 'punch_clock_tolerance_seconds')::integer, 120));
    new_id    bigint;
BEGIN
    IF kind IS NULL OR source IS NULL OR btrim(source) = '' THEN
        RAISE EXCEPTION 'a punch needs a kind (in or out) and a source' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    -- A punch is taken when it is made. A back-dated (or future) punch is
    -- an attempt to alter the record: it is refused, and the refusal is
    -- kept, which is why this returns NULL with a warning instead of
    -- raising an error that would roll the log back.
    IF claimed < now_ - tolerance OR claimed > now_ + tolerance THEN
        INSERT INTO cs_policy.punch_refusal (employee_id, claimed_at, kind, source, reason)
        VALUES (actor.employee_id, claimed, kind, source,
                format('punch for %s refused at %s: more than %s from the time it was made', claimed, now_, tolerance));
        RAISE WARNING 'punch refused and logged: % is not now', claimed
            USING DETAIL = 'Punches are taken when they are made; a missed punch is corrected by request (AT-4).',
                  HINT = 'File cs_policy.request_punch_correction(at, kind, reason).';
        RETURN NULL;
    END IF;
    INSERT INTO cs_policy.punch (employee_id, at, kind, source, recorded_by)
    VALUES (actor.employee_id, claimed, kind, source, actor.employee_id)
    RETURNING punch_id INTO new_id;
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
    actor    cs_policy.employee := cs_policy.acting_employee(acting_as);
    settings jsonb;
    window_days integer;
    cal      cs_policy.calendar;
    due      timestamptz;
    new_id   bigint;
BEGIN
    IF at IS NULL OR kind IS NULL OR reason IS NULL OR btrim(reason) = '' THEN
        RAISE EXCEPTION 'a correction needs the time of the missed punch, its kind and a reason'
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF at > clock_timestamp() THEN
        RAISE EXCEPTION 'a punch at % has not been missed yet', at USING ERRCODE = 'invalid_parameter_value';
    END IF;
    settings := cs_policy.settings_for(actor.employee_id, (at AT TIME ZONE 'UTC')::date, 'attendance');
    window_days := (settings ->> 'correction_working_days')::integer;
    SELECT * INTO cal FROM cs_policy.calendar c WHERE c.name = coalesce(settings ->> 'calendar', 'cn');
    IF NOT FOUND THEN
        RAISE EXCEPTION 'calendar "%" of the attendance policy does not exist', settings ->> 'calendar'
            USING ERRCODE = 'no_data_found';
    END IF;
    -- AT-4: within n working days of the missed punch, by the calendar
    due := cs_policy.add_working_days(cal.value, at, window_days);
    IF clock_timestamp() > due THEN
        RAISE EXCEPTION 'the correction of a punch at % had to be filed by %', at, due
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = format('AT-4: a missed punch is corrected by request within %s working days (calendar %s); later requests are void.',
                                  window_days, cal.name);
    END IF;
    INSERT INTO cs_policy.punch_correction (employee_id, at, kind, reason, deadline)
    VALUES (actor.employee_id, request_punch_correction.at, request_punch_correction.kind,
            request_punch_correction.reason, due)
    RETURNING correction_id INTO new_id;
    RETURN new_id;
END
$$;
COMMENT ON FUNCTION cs_policy.request_punch_correction(timestamptz, cs_policy.punch_kind, text, text) IS
    'The acting employee asks to supply a missed punch; refused (55000) after the policy''s window of working days (AT-4: 2); returns correction_id';
REVOKE EXECUTE ON FUNCTION cs_policy.request_punch_correction(timestamptz, cs_policy.punch_kind, text, text) FROM PUBLIC;

CREATE FUNCTION cs_policy.decide_punch_correction(correction_id bigint, approve boolean, note text DEFAULT NULL,
                                                  acting_as text DEFAULT NULL)
RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    actor  cs_policy.employee := cs_policy.acting_employee(acting_as);
    c      cs_policy.punch_correction;
    new_id bigint;
BEGIN
    SELECT * INTO c FROM cs_policy.punch_correction x
     WHERE x.correction_id = decide_punch_correction.correction_id FOR UPDATE;
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
        INSERT INTO cs_policy.punch (employee_id, at, kind, source, recorded_by, correction_id)
        VALUES (c.employee_id, c.at, c.kind, 'correction', actor.employee_id, c.correction_id)
        RETURNING punch_id INTO new_id;
    END IF;
    UPDATE cs_policy.punch_correction x
       SET state = CASE WHEN approve THEN 'approved' ELSE 'refused' END,
           decided_at = now(), decided_by = actor.employee_id, decision_note = note
     WHERE x.employee_id = c.employee_id AND x.correction_id = c.correction_id;
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
    kind          text NOT NULL CHECK (kind IN ('force_majeure', 'bad_weather', 'business_trip', 'other')),
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
COMMENT ON COLUMN cs_policy.attendance_exception.kind IS 'force_majeure, bad_weather, business_trip or other';
COMMENT ON COLUMN cs_policy.attendance_exception.reason IS 'What happened';
COMMENT ON COLUMN cs_policy.attendance_exception.requested_at IS 'When requested';
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
    actor  cs_policy.employee := cs_policy.acting_employee(acting_as);
    person cs_policy.employee := CASE WHEN employee IS NULL THEN actor ELSE cs_policy.employee_by_code(employee) END;
    new_id bigint;
BEGIN
    IF person.employee_id <> actor.employee_id AND NOT cs_policy.in_charge_of(actor, person.department_id) THEN
        RAISE EXCEPTION '% may not ask for an exception for %', actor.code, person.code
            USING ERRCODE = 'insufficient_privilege', DETAIL = 'The person or a supervisor or above may.';
    END IF;
    IF work_date IS NULL OR kind IS NULL OR NOT kind = ANY ('{force_majeure,bad_weather,business_trip,other}') THEN
        RAISE EXCEPTION 'an exception needs a work date and a kind' USING ERRCODE = 'invalid_parameter_value',
              HINT = 'kind is force_majeure, bad_weather, business_trip or other.';
    END IF;
    IF reason IS NULL OR btrim(reason) = '' THEN
        RAISE EXCEPTION 'an exception needs a reason' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    INSERT INTO cs_policy.attendance_exception (employee_id, work_date, kind, reason, requested_by)
    VALUES (person.employee_id, request_exception.work_date, request_exception.kind, request_exception.reason,
            actor.employee_id)
    RETURNING exception_id INTO new_id;
    RETURN new_id;
END
$$;
COMMENT ON FUNCTION cs_policy.request_exception(date, text, text, text, text) IS
    'Asks to excuse a work date (AT-8: bad weather, force majeure, a business trip); for oneself, or by a supervisor for someone; returns exception_id';
REVOKE EXECUTE ON FUNCTION cs_policy.request_exception(date, text, text, text, text) FROM PUBLIC;

CREATE FUNCTION cs_policy.decide_exception(exception_id bigint, approve boolean, note text DEFAULT NULL,
                                           acting_as text DEFAULT NULL)
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    actor cs_policy.employee := cs_policy.acting_employee(acting_as);
    x     cs_policy.attendance_exception;
BEGIN
    SELECT * INTO x FROM cs_policy.attendance_exception a
     WHERE a.exception_id = decide_exception.exception_id FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'exception % does not exist', exception_id USING ERRCODE = 'no_data_found';
    END IF;
    IF x.state <> 'requested' THEN
        RAISE EXCEPTION 'exception % is already %', exception_id, x.state USING ERRCODE = 'object_not_in_prerequisite_state';
    END IF;
    PERFORM cs_policy.check_in_charge(actor, (SELECT e.department_id FROM cs_policy.employee e
                                               WHERE e.employee_id = x.employee_id), 'decide attendance exceptions');
    UPDATE cs_policy.attendance_exception a
       SET state = CASE WHEN approve THEN 'approved' ELSE 'refused' END,
           decided_at = now(), decided_by = actor.employee_id, decision_note = note
     WHERE a.employee_id = x.employee_id AND a.exception_id = x.exception_id;
END
$$;
COMMENT ON FUNCTION cs_policy.decide_exception(bigint, boolean, text, text) IS
    'A supervisor or above approves or refuses an attendance exception (AT-8)';
REVOKE EXECUTE ON FUNCTION cs_policy.decide_exception(bigint, boolean, text, text) FROM PUBLIC;

-- One row per rostered shift with what its punches measure. Lateness is
-- whole minutes after the start, rounded down (08:30:59 is 0 minutes); a
-- split shift is judged at its first start and its last end. A sign-in
-- belongs to a shift from 3 hours before its start until its end, a
-- sign-out from its start until 3 hours after its end.
CREATE VIEW cs_policy.attendance_day WITH (security_invoker = true) AS
SELECT r.employee_id,
       e.code AS employee_code,
       r.work_date,
       r.shift,
       pg_catalog.lower(r.instants) AS starts_at,
       pg_catalog.upper(r.instants) AS ends_at,
       p.first_in,
       p.last_out,
       CASE WHEN p.first_in OPERATOR(pg_catalog.>) pg_catalog.lower(r.instants)
            THEN pg_catalog.floor(pg_catalog.date_part('epoch', p.first_in OPERATOR(pg_catalog.-) pg_catalog.lower(r.instants))
                                  OPERATOR(pg_catalog./) 60::double precision)::integer
            ELSE 0 END AS late_minutes,
       CASE WHEN p.last_out OPERATOR(pg_catalog.<) pg_catalog.upper(r.instants)
            THEN pg_catalog.floor(pg_catalog.date_part('epoch', pg_catalog.upper(r.instants) OPERATOR(pg_catalog.-) p.last_out)
                                  OPERATOR(pg_catalog./) 60::double precision)::integer
            ELSE 0 END AS early_minutes,
       p.first_in IS NULL AS missing_in,
       p.last_out IS NULL AS missing_out,
       p.first_in IS NULL AND p.last_out IS NULL AS no_punch,
       pg_catalog.floor(p.away_seconds OPERATOR(pg_catalog./) 60::double precision)::integer AS away_minutes,
       p.corrected,
       f.excused,
       f.on_leave,
       -- no punch at all on a shift that is over, neither excused nor on leave
       (p.first_in IS NULL AND p.last_out IS NULL AND NOT f.excused AND NOT f.on_leave
        AND pg_catalog.upper(r.instants) OPERATOR(pg_catalog.<) pg_catalog.now()) AS absent
  FROM cs_policy.roster r
  JOIN cs_policy.employee e ON e.employee_id OPERATOR(pg_catalog.=) r.employee_id
 CROSS JOIN LATERAL (
    SELECT pg_catalog.min(x.at) FILTER (WHERE x.kind OPERATOR(pg_catalog.=) 'in'
                                          AND x.at OPERATOR(pg_catalog.>=) (pg_catalog.lower(r.instants) OPERATOR(pg_catalog.-) interval '3 hours')
                                          AND x.at OPERATOR(pg_catalog.<) pg_catalog.upper(r.instants)) AS first_in,
           pg_catalog.max(x.at) FILTER (WHERE x.kind OPERATOR(pg_catalog.=) 'out'
                                          AND x.at OPERATOR(pg_catalog.>) pg_catalog.lower(r.instants)
                                          AND x.at OPERATOR(pg_catalog.<=) (pg_catalog.upper(r.instants) OPERATOR(pg_catalog.+) interval '3 hours')) AS last_out,
           pg_catalog.bool_or(x.correction_id IS NOT NULL) AS corrected,
           -- away from post: from a sign-out inside the shift to the next sign-in inside it
           coalesce(pg_catalog.sum(pg_catalog.date_part('epoch', x.next_at OPERATOR(pg_catalog.-) x.at))
                        FILTER (WHERE x.kind OPERATOR(pg_catalog.=) 'out' AND x.next_kind OPERATOR(pg_catalog.=) 'in'
                                  AND x.at OPERATOR(pg_catalog.>) pg_catalog.lower(r.instants)
                                  AND x.next_at OPERATOR(pg_catalog.<) pg_catalog.upper(r.instants)), 0) AS away_seconds
      FROM (SELECT q.*, pg_catalog.lead(q.at) OVER w AS next_at, pg_catalog.lead(q.kind) OVER w AS next_kind
              FROM cs_policy.punch q
             WHERE q.employee_id OPERATOR(pg_catalog.=) r.employee_id
               AND q.at OPERATOR(pg_catalog.>=) (pg_catalog.lower(r.instants) OPERATOR(pg_catalog.-) interval '3 hours')
               AND q.at OPERATOR(pg_catalog.<=) (pg_catalog.upper(r.instants) OPERATOR(pg_catalog.+) interval '3 hours')
            WINDOW w AS (ORDER BY q.at, q.punch_id)) x
    ) p
 CROSS JOIN LATERAL (
    SELECT EXISTS (SELECT FROM cs_policy.attendance_exception x
                    WHERE x.employee_id OPERATOR(pg_catalog.=) r.employee_id
                      AND x.work_date OPERATOR(pg_catalog.=) r.work_date
                      AND x.state OPERATOR(pg_catalog.=) 'approved') AS excused,
           -- LV-1: only approved leave is leave (void leave is not, LV-5)
           EXISTS (SELECT FROM cs_policy.leave_request l
                    WHERE l.employee_id OPERATOR(pg_catalog.=) r.employee_id
                      AND l.state OPERATOR(pg_catalog.=) 'approved'
                      AND r.work_date BETWEEN l.first_day AND l.last_day) AS on_leave) f;
COMMENT ON VIEW cs_policy.attendance_day IS
    'One row per rostered shift with its first sign-in, last sign-out, late, early and away minutes (whole minutes, rounded down), missing punches, whether an approved exception excuses it or approved leave covers it, and whether it was missed altogether; approved corrections count as punches. Half-day absences by lateness are the presets'' business (the attendance engine)';
COMMENT ON COLUMN cs_policy.attendance_day.employee_id IS 'Who';
COMMENT ON COLUMN cs_policy.attendance_day.employee_code IS 'Staff number';
COMMENT ON COLUMN cs_policy.attendance_day.work_date IS 'Date the shift starts on';
COMMENT ON COLUMN cs_policy.attendance_day.shift IS 'Shift times';
COMMENT ON COLUMN cs_policy.attendance_day.starts_at IS 'Scheduled start (first window)';
COMMENT ON COLUMN cs_policy.attendance_day.ends_at IS 'Scheduled end (last window)';
COMMENT ON COLUMN cs_policy.attendance_day.first_in IS 'First sign-in that belongs to the shift';
COMMENT ON COLUMN cs_policy.attendance_day.last_out IS 'Last sign-out that belongs to the shift';
COMMENT ON COLUMN cs_policy.attendance_day.late_minutes IS 'Whole minutes from the start to the first sign-in';
COMMENT ON COLUMN cs_policy.attendance_day.early_minutes IS 'Whole minutes from the last sign-out to the end';
COMMENT ON COLUMN cs_policy.attendance_day.missing_in IS 'No sign-in';
COMMENT ON COLUMN cs_policy.attendance_day.missing_out IS 'No sign-out';
COMMENT ON COLUMN cs_policy.attendance_day.no_punch IS 'Neither';
COMMENT ON COLUMN cs_policy.attendance_day.away_minutes IS 'Whole minutes away from post: from each sign-out inside the shift to the next sign-in inside it';
COMMENT ON COLUMN cs_policy.attendance_day.corrected IS 'A punch of the shift came from an approved correction (AT-4)';
COMMENT ON COLUMN cs_policy.attendance_day.excused IS 'An approved exception excuses the day (AT-8)';
COMMENT ON COLUMN cs_policy.attendance_day.on_leave IS 'Approved leave covers the day (LV-1: only approved leave counts)';
COMMENT ON COLUMN cs_policy.attendance_day.absent IS 'The shift is over with no punch at all, neither excused nor on leave (a full day''s absence)';
