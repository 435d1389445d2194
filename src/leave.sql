-- src/leave.sql: leave requests, notice and the approval chain (LV-1, LV-2, LV-6) (no C)

CREATE TYPE cs_policy.leave_type AS ENUM ('personal', 'sick', 'annual', 'marriage', 'bereavement', 'other');
COMMENT ON TYPE cs_policy.leave_type IS 'Kinds of leave: personal, sick, annual, marriage, bereavement, other';

CREATE TABLE cs_policy.leave_request (
    employee_id     bigint NOT NULL REFERENCES cs_policy.employee,
    leave_id        bigint GENERATED ALWAYS AS IDENTITY,
    leave_type      cs_policy.leave_type NOT NULL,
    first_day       date NOT NULL,
    last_day        date NOT NULL,
    days            numeric(5,1) NOT NULL
                    CHECK (days > 0 AND days OPERATOR(pg_catalog.*) 2 OPERATOR(pg_catalog.=) pg_catalog.floor(days OPERATOR(pg_catalog.*) 2)),
    reason          text NOT NULL CHECK (pg_catalog.btrim(reason) OPERATOR(pg_catalog.<>) ''),
    channel         text NOT NULL DEFAULT 'form' CHECK (channel IN ('form', 'phone')),
    documents       text[],
    documents_filed_at timestamptz,
    requested_at    timestamptz NOT NULL DEFAULT pg_catalog.now(),
    requested_by    bigint,
    approvers       cs_policy.staff_role[] NOT NULL CHECK (pg_catalog.cardinality(approvers) OPERATOR(pg_catalog.>) 0),
    approvals       integer NOT NULL DEFAULT 0,
    state           text NOT NULL DEFAULT 'requested'
                    CHECK (state IN ('requested', 'approved', 'refused', 'cancelled', 'void')),
    decided_at      timestamptz,
    decision_note   text,
    -- the rule leave was voided under: LV-5 a false reason, LV-7 doing what its type rules out
    voided_under    text CHECK (voided_under IN ('LV-5', 'LV-7')),
    PRIMARY KEY (employee_id, leave_id),
    CHECK ((state OPERATOR(pg_catalog.=) 'void') OPERATOR(pg_catalog.=) (voided_under IS NOT NULL)),
    CHECK (last_day OPERATOR(pg_catalog.>=) first_day),
    -- LV-3: only sick leave is asked by phone
    CHECK (channel OPERATOR(pg_catalog.=) 'form' OR leave_type OPERATOR(pg_catalog.=) 'sick'),
    CHECK (approvals BETWEEN 0 AND pg_catalog.cardinality(approvers))
);
COMMENT ON TABLE cs_policy.leave_request IS
    'Leave requests with the chain of approvals their length and the requester''s role call for (LV-2, LV-6); leave counts only once approved (LV-1). Change through request_leave, approve_leave, refuse_leave, cancel_leave';
COMMENT ON COLUMN cs_policy.leave_request.employee_id IS 'Who takes leave (the distribution column)';
COMMENT ON COLUMN cs_policy.leave_request.leave_id IS 'Request number';
COMMENT ON COLUMN cs_policy.leave_request.leave_type IS 'personal, sick, annual, marriage, bereavement or other';
COMMENT ON COLUMN cs_policy.leave_request.first_day IS 'First day of leave';
COMMENT ON COLUMN cs_policy.leave_request.last_day IS 'Last day of leave';
COMMENT ON COLUMN cs_policy.leave_request.days IS 'Working days of leave, in half days';
COMMENT ON COLUMN cs_policy.leave_request.reason IS 'Why';
COMMENT ON COLUMN cs_policy.leave_request.channel IS 'form, or phone (sick leave only, LV-3)';
COMMENT ON COLUMN cs_policy.leave_request.documents IS 'Documents filed for sick leave: hospital_note, invoices, medical_record, and hospital_certificate when over 3 days (LV-3, LV-6)';
COMMENT ON COLUMN cs_policy.leave_request.documents_filed_at IS 'When the documents were filed';
COMMENT ON COLUMN cs_policy.leave_request.requested_at IS 'When requested';
COMMENT ON COLUMN cs_policy.leave_request.requested_by IS 'employee_id of who filed it';
COMMENT ON COLUMN cs_policy.leave_request.approvers IS 'Roles that approve, in order (LV-2), with hr last for long leave (LV-6)';
COMMENT ON COLUMN cs_policy.leave_request.approvals IS 'How many of them have approved';
COMMENT ON COLUMN cs_policy.leave_request.state IS 'requested, approved, refused, cancelled, or void (approved on a false reason, LV-5)';
COMMENT ON COLUMN cs_policy.leave_request.decided_at IS 'When the last approval, the refusal or the cancellation came';
COMMENT ON COLUMN cs_policy.leave_request.decision_note IS 'Reason for a refusal, or what was found when the leave was voided';
COMMENT ON COLUMN cs_policy.leave_request.voided_under IS 'Void leave only: LV-5 (taken on a false reason) or LV-7 (the person did during it what its type rules out)';

CREATE TABLE cs_policy.leave_approval (
    employee_id bigint NOT NULL,
    leave_id    bigint NOT NULL,
    step        integer NOT NULL CHECK (step > 0),
    role        cs_policy.staff_role NOT NULL,
    approved_by bigint NOT NULL,
    approved_at timestamptz NOT NULL DEFAULT pg_catalog.now(),
    PRIMARY KEY (employee_id, leave_id, step),
    FOREIGN KEY (employee_id, leave_id) REFERENCES cs_policy.leave_request
);
COMMENT ON TABLE cs_policy.leave_approval IS 'Each approval of a leave request, step by step (LV-2)';
COMMENT ON COLUMN cs_policy.leave_approval.employee_id IS 'Who takes leave';
COMMENT ON COLUMN cs_policy.leave_approval.leave_id IS 'The request';
COMMENT ON COLUMN cs_policy.leave_approval.step IS 'Position in the chain, from 1';
COMMENT ON COLUMN cs_policy.leave_approval.role IS 'The role the step called for';
COMMENT ON COLUMN cs_policy.leave_approval.approved_by IS 'employee_id of the approver';
COMMENT ON COLUMN cs_policy.leave_approval.approved_at IS 'When';

SELECT pg_catalog.pg_extension_config_dump('cs_policy.leave_request', '');
SELECT pg_catalog.pg_extension_config_dump('cs_policy.leave_request_leave_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('cs_policy.leave_approval', '');

-- LV-2 as data: for a kind of requester, the chains by length ("up to"
-- days; null = longer). LV-1 and LV-6 notice and the HR step likewise.
INSERT INTO cs_policy.preset_setting (preset, area, settings, note) VALUES
    (NULL, 'leave',
     '{"notice_days": 1, "personal_short_notice_days": 3, "personal_long_notice_days": 7, "hr_over_days": 3,
       "supervisor_grants_per_day": 1, "long_leave_over_days": 3, "long_leave_lock_over": 11, "leave_call_every_days": 3,
       "chains": {"staff": [[1, ["team_lead"]], [2, ["supervisor"]], [3, ["manager"]], [null, ["manager", "director"]]],
                  "team_lead": [[1, ["supervisor"]], [2, ["manager"]], [null, ["director"]]],
                  "personal": [[1, ["supervisor"]], [3, ["manager"]], [null, ["director"]]]}}',
     'LV-1: apply at least one day ahead (sick leave excepted); LV-6: personal leave of 1 day 3 days ahead, longer a week ahead, over 3 days also HR; LV-2: approval by length and by the requester''s role; LV-4: a supervisor grants leave to 1 person a day, and with more than 11 people on long leave the operations manager no longer approves; LV-5: the team lead calls a person on long leave every 3 days'),
    ('callcenter_2012', 'leave', '{}', 'LV-2 is the callcenter_2012 chain (the defaults)');

CREATE FUNCTION cs_policy.leave_chain(settings jsonb, requester cs_policy.employee, leave_type cs_policy.leave_type,
                                      days numeric)
RETURNS cs_policy.staff_role[]
LANGUAGE plpgsql IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    which text := CASE WHEN leave_type = 'personal' THEN 'personal'
                       WHEN requester.role = 'team_lead' THEN 'team_lead'
                       ELSE 'staff' END;
    step  jsonb;
    chain cs_policy.staff_role[];
BEGIN
    FOR step IN SELECT * FROM jsonb_array_elements(settings -> 'chains' -> which) LOOP
        IF step -> 0 = 'null'::jsonb OR days <= (step ->> 0)::numeric THEN
            SELECT array_agg(r::cs_policy.staff_role) INTO chain FROM jsonb_array_elements_text(step -> 1) AS r;
            EXIT;
        END IF;
    END LOOP;
    IF chain IS NULL THEN
        RAISE EXCEPTION 'the leave policy has no approval chain for % leave of % days', which, days
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    -- LV-6: long leave also goes to HR
    IF days > (settings ->> 'hr_over_days')::numeric THEN
        chain := chain || 'hr'::cs_policy.staff_role;
    END IF;
    RETURN chain;
END
$$;
COMMENT ON FUNCTION cs_policy.leave_chain(jsonb, cs_policy.employee, cs_policy.leave_type, numeric) IS
    'The roles that approve a leave, in order: by the requester''s role and the length (LV-2), with hr last for long leave (LV-6)';

-- Who may approve step role for the requester: that role (or above, in the
-- line of authority) over the requester's department; hr of the center.
CREATE FUNCTION cs_policy.may_approve_leave(approver cs_policy.employee, requester cs_policy.employee,
                                            role cs_policy.staff_role, requester_path bigint[], approver_path bigint[])
RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN coalesce(approver.active AND approver.employee_id OPERATOR(pg_catalog.<>) requester.employee_id
       AND CASE
             WHEN role OPERATOR(pg_catalog.=) 'hr' THEN
                  approver.role OPERATOR(pg_catalog.=) 'hr' AND approver_path[1] OPERATOR(pg_catalog.=) requester_path[1]
             WHEN role OPERATOR(pg_catalog.=) 'team_lead' THEN
                  (approver.role OPERATOR(pg_catalog.=) 'team_lead'
                   AND approver.department_id OPERATOR(pg_catalog.=) requester.department_id)
                  OR cs_policy.in_charge_of(approver, requester_path)
             ELSE approver.role OPERATOR(pg_catalog.>=) role
              AND approver.role OPERATOR(pg_catalog.<=) 'director'
              AND cs_policy.in_charge_of(approver, requester_path)
           END, false);
COMMENT ON FUNCTION cs_policy.may_approve_leave(cs_policy.employee, cs_policy.employee, cs_policy.staff_role, bigint[], bigint[]) IS
    'True when the approver holds the role the step calls for (or a higher one in the line) over the requester''s department (requester_path); hr steps need hr of the same center (approver_path: the approver''s department''s path)';

CREATE FUNCTION cs_policy.may_approve_leave(approver cs_policy.employee, requester cs_policy.employee,
                                            role cs_policy.staff_role)
RETURNS boolean
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RETURN cs_policy.may_approve_leave(approver, requester, role,
                                       (SELECT d.path FROM cs_policy.department d WHERE d.department_id = requester.department_id),
                                       (SELECT d.path FROM cs_policy.department d WHERE d.department_id = approver.department_id));
END
$$;
COMMENT ON FUNCTION cs_policy.may_approve_leave(cs_policy.employee, cs_policy.employee, cs_policy.staff_role) IS
    'True when the approver holds the role the step calls for (or a higher one in the line) over the requester''s department; hr steps need hr of the same center';

CREATE FUNCTION cs_policy.request_leave(leave_type cs_policy.leave_type, first_day date, last_day date, days numeric,
                                        reason text, channel text DEFAULT 'form', acting_as text DEFAULT NULL)
RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    audit_leave_request cs_policy.leave_request;
    actor    cs_policy.employee := cs_policy.acting_employee(acting_as);
    settings jsonb;
    notice   integer;
    new_id   bigint;
    after_row jsonb;
    training_first date;
    training_last  date;
BEGIN
    IF leave_type IS NULL OR first_day IS NULL OR last_day IS NULL OR days IS NULL OR reason IS NULL OR btrim(reason) = '' THEN
        RAISE EXCEPTION 'a leave request needs a type, its days and a reason' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF NOT isfinite(first_day) OR NOT isfinite(last_day) THEN
        RAISE EXCEPTION 'leave runs from a day to a day, not from % to %', first_day, last_day
            USING ERRCODE = 'invalid_parameter_value', HINT = 'e.g. request_leave(''annual'', ''2026-12-10'', ''2026-12-11'', 2, ''trip'').';
    END IF;
    IF last_day < first_day OR days <= 0 OR days * 2 <> floor(days * 2) OR days > last_day - first_day + 1 THEN
        RAISE EXCEPTION 'invalid leave: % days from % to %', days, first_day, last_day
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'days counts working days in half days, at most the days from first_day to last_day.';
    END IF;
    -- LV-3: sick leave may be asked by phone, never by text message; other
    -- leave on the form
    IF channel IS NULL OR channel NOT IN ('form', 'phone') OR (channel = 'phone' AND leave_type <> 'sick') THEN
        RAISE EXCEPTION 'leave cannot be asked by %', coalesce(channel, 'nothing')
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'LV-3: sick leave may be asked by phone (never by text message); other leave on the form.';
    END IF;
    -- AT-16: no leave during the onboarding training
    SELECT t.first_day, t.last_day INTO training_first, training_last FROM cs_policy.onboarding_training t
     WHERE t.employee_id = actor.employee_id AND t.outcome IS NULL
       AND t.first_day <= request_leave.last_day AND t.last_day >= request_leave.first_day;
    IF FOUND THEN
        RAISE EXCEPTION 'no leave during the onboarding training (% to %)', training_first, training_last
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = 'AT-16: a trainee takes no leave during the onboarding training.',
                  HINT = format('Ask for days after %s, or ask the trainer to excuse a day (request_exception).', training_last);
    END IF;
    settings := cs_policy.settings_for(actor.employee_id, first_day, 'leave');
    -- LV-1: ask at least a day ahead, sick leave excepted; LV-6: personal
    -- leave of one day three days ahead, longer personal leave a week ahead
    notice := CASE WHEN leave_type = 'sick' THEN 0
                   WHEN leave_type = 'personal' AND days <= 1 THEN (settings ->> 'personal_short_notice_days')::integer
                   WHEN leave_type = 'personal' THEN (settings ->> 'personal_long_notice_days')::integer
                   ELSE (settings ->> 'notice_days')::integer END;
    IF first_day < current_date + notice THEN
        RAISE EXCEPTION '% leave of % day(s) starting % needs % day(s) notice', leave_type, days, first_day, notice
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = CASE WHEN leave_type = 'personal'
                                THEN 'LV-6: personal leave of 1 day needs 3 days'' notice, longer leave one week''s.'
                                ELSE 'LV-1: leave is asked at least one day ahead (no same-day leave), sick leave excepted.' END,
                  HINT = format('The earliest first day is %s.', current_date + notice);
    END IF;
    PERFORM cs_policy.check_employed(actor, first_day, last_day, 'leave');
    PERFORM cs_policy.refuse_if_closed(actor.employee_id, first_day, last_day, 'leave');
    INSERT INTO cs_policy.leave_request AS x (employee_id, leave_type, first_day, last_day, days, reason, channel,
                                              requested_by, approvers)
    VALUES (actor.employee_id, request_leave.leave_type, request_leave.first_day, request_leave.last_day,
            request_leave.days, request_leave.reason, request_leave.channel, actor.employee_id,
            cs_policy.leave_chain(settings, actor, request_leave.leave_type, request_leave.days))
    RETURNING x.* INTO audit_leave_request;
    new_id := audit_leave_request.leave_id;
    after_row := to_jsonb(audit_leave_request);
    PERFORM cs_policy.audit(actor.employee_id, 'request_leave', 'leave_request', NULL, after_row);
    RETURN new_id;
END
$$;
COMMENT ON FUNCTION cs_policy.request_leave(cs_policy.leave_type, date, date, numeric, text, text, text) IS
    'The acting employee asks for leave (channel form, or phone for sick leave, LV-3); the notice rules (LV-1, LV-6) are checked and the approval chain (LV-2, LV-6) is fixed; returns leave_id';
REVOKE EXECUTE ON FUNCTION cs_policy.request_leave(cs_policy.leave_type, date, date, numeric, text, text, text) FROM PUBLIC;

CREATE FUNCTION cs_policy.leave_by_id(leave_id bigint)
RETURNS cs_policy.leave_request
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    its_employee bigint;
    l cs_policy.leave_request;
BEGIN
    -- by employee_id first: on Citus a row lock must name its shard
    SELECT x.employee_id INTO its_employee FROM cs_policy.leave_request x WHERE x.leave_id = leave_by_id.leave_id;
    SELECT * INTO l FROM cs_policy.leave_request x
     WHERE x.employee_id = its_employee AND x.leave_id = leave_by_id.leave_id FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'leave request % does not exist', leave_id USING ERRCODE = 'no_data_found';
    END IF;
    PERFORM cs_policy.check_sees(l.employee_id, format('leave request %s', leave_id));
    RETURN l;
END
$$;
COMMENT ON FUNCTION cs_policy.leave_by_id(bigint) IS 'The leave request, locked for update, if the caller may see it, or an error';
REVOKE EXECUTE ON FUNCTION cs_policy.leave_by_id(bigint) FROM PUBLIC;

-- Asked only once the caller's permission is checked: its state is not
-- told to someone who may not act on it.
CREATE FUNCTION cs_policy.check_leave_open(l cs_policy.leave_request)
RETURNS void
LANGUAGE plpgsql IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF l.state <> 'requested' THEN
        RAISE EXCEPTION 'leave request % is already %', l.leave_id, l.state
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  HINT = 'Only a request still waiting for a decision can be approved, refused or cancelled.';
    END IF;
END
$$;
COMMENT ON FUNCTION cs_policy.check_leave_open(cs_policy.leave_request) IS 'Raises 55000 unless the leave request still waits for a decision';
REVOKE EXECUTE ON FUNCTION cs_policy.check_leave_open(cs_policy.leave_request) FROM PUBLIC;

CREATE FUNCTION cs_policy.check_leave_approver(l cs_policy.leave_request, actor cs_policy.employee)
RETURNS cs_policy.staff_role
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    requester cs_policy.employee;
    step_role cs_policy.staff_role := l.approvers[l.approvals + 1];
    may       text;
BEGIN
    SELECT * INTO STRICT requester FROM cs_policy.employee e WHERE e.employee_id = l.employee_id;
    IF NOT cs_policy.may_approve_leave(actor, requester, step_role) THEN
        SELECT coalesce(string_agg(e.code || ' ' || e.name || ' (' || e.role || ')', ', ' ORDER BY e.role, e.code), 'nobody')
          INTO may
          FROM cs_policy.employee e
          JOIN cs_policy.department ad ON ad.department_id = e.department_id
          JOIN cs_policy.department rd ON rd.department_id = requester.department_id
         WHERE cs_policy.may_approve_leave(ROW(e.*)::cs_policy.employee, requester, step_role, rd.path, ad.path);
        RAISE EXCEPTION '% % may not approve step % (%) of leave request %', actor.role, actor.code,
                        l.approvals + 1, step_role, l.leave_id
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = format('LV-2: %s days of %s leave by %s %s go to %s; this step may be approved by: %s.',
                                  l.days, l.leave_type, requester.role, requester.code,
                                  array_to_string(l.approvers, ' then '), may);
    END IF;
    RETURN step_role;
END
$$;
COMMENT ON FUNCTION cs_policy.check_leave_approver(cs_policy.leave_request, cs_policy.employee) IS
    'Raises 42501, naming who may, unless the actor may approve the next step of the request (LV-2)';

CREATE FUNCTION cs_policy.approve_leave(leave_id bigint, acting_as text DEFAULT NULL)
RETURNS text
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    audit_leave_request cs_policy.leave_request;
    audit_leave_approval cs_policy.leave_approval;
    -- now() as a value: Citus refuses a non-IMMUTABLE function inside CASE in an UPDATE
    statement_time timestamptz := now();
    actor cs_policy.employee := cs_policy.acting_employee(acting_as);
    l     cs_policy.leave_request := cs_policy.leave_by_id(leave_id);
    step_role cs_policy.staff_role := cs_policy.check_leave_approver(l, actor);
    settings  jsonb := cs_policy.settings_for(l.employee_id, l.first_day, 'leave');
    granted   integer;
    on_long   integer;
    after_row jsonb;
BEGIN
    PERFORM cs_policy.check_leave_open(l);
    -- LV-4 counts other approvals: the supervisor's of the day, the long
    -- leave of the manager's departments (which an approval that completes
    -- a long leave adds to). Decided one at a time (src/serialize.sql), so
    -- that two sessions cannot both pass.
    PERFORM cs_policy.decide_on(
        CASE WHEN actor.role = 'supervisor' THEN ARRAY['leave grants ' || actor.employee_id || ' ' || current_date] END
        || CASE WHEN actor.role = 'manager' THEN ARRAY['long leave ' || actor.department_id] END
        || CASE WHEN l.approvals + 1 = cardinality(l.approvers) AND l.days > (settings ->> 'long_leave_over_days')::numeric
                THEN ARRAY(SELECT 'long leave ' || p.department_id
                             FROM cs_policy.employee e, cs_policy.department d, unnest(d.path) AS p(department_id)
                            WHERE e.employee_id = l.employee_id AND d.department_id = e.department_id) END);
    -- LV-4: a duty supervisor grants leave to at most one person a day; more
    -- goes to the operations manager.
    IF actor.role = 'supervisor' THEN
        SELECT count(DISTINCT a.employee_id) INTO granted FROM cs_policy.leave_approval a
         WHERE a.approved_by = actor.employee_id AND a.approved_at::date = current_date
           AND a.employee_id <> l.employee_id;
        IF granted >= (settings ->> 'supervisor_grants_per_day')::integer THEN
            RAISE EXCEPTION 'supervisor % has already granted leave to % person(s) today', actor.code, granted
                USING ERRCODE = 'insufficient_privilege',
                      DETAIL = format('LV-4: each duty supervisor grants leave to at most %s person a day; more goes to the operations manager: %s.',
                                      settings ->> 'supervisor_grants_per_day',
                                      (SELECT coalesce(string_agg(e.code || ' ' || e.name, ', '), 'nobody')
                                         FROM cs_policy.employee e, cs_policy.employee r, cs_policy.department d
                                        WHERE r.employee_id = l.employee_id AND d.department_id = r.department_id
                                          AND e.role = 'manager' AND cs_policy.in_charge_of(ROW(e.*)::cs_policy.employee, d.path)));
        END IF;
    END IF;
    -- LV-4: with more than 11 people on long leave the operations manager
    -- may no longer approve leave.
    IF actor.role = 'manager' THEN
        SELECT count(DISTINCT x.employee_id) INTO on_long
          FROM cs_policy.leave_request x
          JOIN cs_policy.employee e ON e.employee_id = x.employee_id
          JOIN cs_policy.department d ON d.department_id = e.department_id
         WHERE x.state = 'approved' AND x.days > (settings ->> 'long_leave_over_days')::numeric
           AND current_date BETWEEN x.first_day AND x.last_day
           AND actor.department_id = ANY (d.path);
        IF on_long > (settings ->> 'long_leave_lock_over')::integer THEN
            RAISE EXCEPTION '% people of % are on long leave: the operations manager may no longer approve leave', on_long,
                            (SELECT dd.code FROM cs_policy.department dd WHERE dd.department_id = actor.department_id)
                USING ERRCODE = 'insufficient_privilege',
                      DETAIL = format('LV-4: with more than %s people on long leave, leave goes to the director.',
                                      settings ->> 'long_leave_lock_over');
        END IF;
    END IF;
    PERFORM cs_policy.refuse_if_closed(l.employee_id, l.first_day, l.last_day, 'approving leave');
    INSERT INTO cs_policy.leave_approval AS a (employee_id, leave_id, step, role, approved_by)
    VALUES (l.employee_id, l.leave_id, l.approvals + 1, step_role, actor.employee_id)
    RETURNING a.* INTO audit_leave_approval;
    after_row := to_jsonb(audit_leave_approval);
    PERFORM cs_policy.audit(actor.employee_id, 'approve_leave', 'leave_approval', NULL, after_row);
    UPDATE cs_policy.leave_request x
       SET approvals = approvals + 1,
           state = CASE WHEN l.approvals + 1 = cardinality(l.approvers) THEN 'approved' ELSE 'requested' END,
           decided_at = CASE WHEN l.approvals + 1 = cardinality(l.approvers) THEN statement_time END
     WHERE x.employee_id = l.employee_id AND x.leave_id = l.leave_id
    RETURNING x.* INTO audit_leave_request;
    after_row := to_jsonb(audit_leave_request);
    PERFORM cs_policy.audit(actor.employee_id, 'approve_leave', 'leave_request', to_jsonb(l), after_row);
    RETURN CASE WHEN l.approvals + 1 = cardinality(l.approvers) THEN 'approved'
                ELSE format('approved by the %s; next: %s', step_role, l.approvers[l.approvals + 2]) END;
END
$$;
COMMENT ON FUNCTION cs_policy.approve_leave(bigint, text) IS
    'The next approver in the chain approves a leave request (LV-2); the last approval makes it approved';
REVOKE EXECUTE ON FUNCTION cs_policy.approve_leave(bigint, text) FROM PUBLIC;

CREATE FUNCTION cs_policy.refuse_leave(leave_id bigint, reason text, acting_as text DEFAULT NULL)
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    audit_leave_request cs_policy.leave_request;
    actor cs_policy.employee := cs_policy.acting_employee(acting_as);
    l     cs_policy.leave_request := cs_policy.leave_by_id(leave_id);
    after_row jsonb;
BEGIN
    PERFORM cs_policy.check_leave_approver(l, actor);
    PERFORM cs_policy.check_leave_open(l);
    IF reason IS NULL OR btrim(reason) = '' THEN
        RAISE EXCEPTION 'a refusal needs a reason' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    UPDATE cs_policy.leave_request x SET state = 'refused', decided_at = now(), decision_note = refuse_leave.reason
     WHERE x.employee_id = l.employee_id AND x.leave_id = l.leave_id
    RETURNING x.* INTO audit_leave_request;
    after_row := to_jsonb(audit_leave_request);
    PERFORM cs_policy.audit(actor.employee_id, 'refuse_leave', 'leave_request', to_jsonb(l), after_row);
END
$$;
COMMENT ON FUNCTION cs_policy.refuse_leave(bigint, text, text) IS 'The approver of the current step refuses a leave request, with a reason';
REVOKE EXECUTE ON FUNCTION cs_policy.refuse_leave(bigint, text, text) FROM PUBLIC;

CREATE FUNCTION cs_policy.cancel_leave(leave_id bigint, acting_as text DEFAULT NULL)
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    audit_leave_request cs_policy.leave_request;
    actor cs_policy.employee := cs_policy.acting_employee(acting_as);
    l     cs_policy.leave_request := cs_policy.leave_by_id(leave_id);
    after_row jsonb;
BEGIN
    IF actor.employee_id <> l.employee_id THEN
        RAISE EXCEPTION 'only the requester may cancel leave request %', leave_id USING ERRCODE = 'insufficient_privilege';
    END IF;
    PERFORM cs_policy.check_leave_open(l);
    PERFORM cs_policy.refuse_if_closed(l.employee_id, l.first_day, l.last_day, 'cancelling leave');
    UPDATE cs_policy.leave_request x SET state = 'cancelled', decided_at = now()
     WHERE x.employee_id = l.employee_id AND x.leave_id = l.leave_id
    RETURNING x.* INTO audit_leave_request;
    after_row := to_jsonb(audit_leave_request);
    PERFORM cs_policy.audit(actor.employee_id, 'cancel_leave', 'leave_request', to_jsonb(l), after_row);
END
$$;
COMMENT ON FUNCTION cs_policy.cancel_leave(bigint, text) IS 'The requester withdraws a leave request before it is decided';
REVOKE EXECUTE ON FUNCTION cs_policy.cancel_leave(bigint, text) FROM PUBLIC;

CREATE FUNCTION cs_policy.file_sick_documents(leave_id bigint, documents text[], acting_as text DEFAULT NULL)
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    audit_leave_request cs_policy.leave_request;
    its_employee bigint;
    actor    cs_policy.employee := cs_policy.acting_employee(acting_as);
    l        cs_policy.leave_request;
    needed   text[] := '{hospital_note,invoices,medical_record}';
    missing  text[];
    after_row jsonb;
BEGIN
    -- by employee_id first: on Citus a row lock must name its shard
    SELECT x.employee_id INTO its_employee FROM cs_policy.leave_request x WHERE x.leave_id = file_sick_documents.leave_id;
    SELECT * INTO l FROM cs_policy.leave_request x
     WHERE x.employee_id = its_employee AND x.leave_id = file_sick_documents.leave_id FOR UPDATE;
    IF NOT FOUND OR l.leave_type <> 'sick' THEN
        RAISE EXCEPTION 'leave request % is not sick leave', leave_id USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF actor.employee_id <> l.employee_id THEN
        RAISE EXCEPTION 'only the person on sick leave files its documents' USING ERRCODE = 'insufficient_privilege';
    END IF;
    -- AT-15, LV-3: the documents decide how the leave's days are judged
    PERFORM cs_policy.refuse_if_closed(l.employee_id, l.first_day, l.last_day, 'filing the documents of a sick leave');
    -- LV-6: sick leave over 3 days needs a hospital certificate too
    IF l.days > (cs_policy.settings_for(l.employee_id, l.first_day, 'leave') ->> 'hr_over_days')::numeric THEN
        needed := needed || 'hospital_certificate'::text;
    END IF;
    SELECT array_agg(n) INTO missing FROM unnest(needed) AS n WHERE NOT n = ANY (coalesce(documents, '{}'));
    IF missing IS NOT NULL THEN
        RAISE EXCEPTION 'sick leave % still lacks: %', leave_id, array_to_string(missing, ', ')
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'LV-3: on return the form comes with a hospital note, invoices and the medical record; LV-6: over 3 days also a hospital certificate.';
    END IF;
    UPDATE cs_policy.leave_request x SET documents = file_sick_documents.documents, documents_filed_at = now()
     WHERE x.employee_id = l.employee_id AND x.leave_id = l.leave_id
    RETURNING x.* INTO audit_leave_request;
    after_row := to_jsonb(audit_leave_request);
    PERFORM cs_policy.audit(actor.employee_id, 'file_sick_documents', 'leave_request', to_jsonb(l), after_row);
END
$$;
COMMENT ON FUNCTION cs_policy.file_sick_documents(bigint, text[], text) IS
    'The person back from sick leave files the documents (LV-3: hospital_note, invoices, medical_record; LV-6: hospital_certificate when over 3 days)';
REVOKE EXECUTE ON FUNCTION cs_policy.file_sick_documents(bigint, text[], text) FROM PUBLIC;

CREATE VIEW cs_policy.leave_overview WITH (security_invoker = true) AS
SELECT l.leave_id,
       e.code AS employee_code,
       e.name AS employee_name,
       l.leave_type,
       l.first_day,
       l.last_day,
       l.days,
       l.channel,
       l.state,
       pg_catalog.array_to_string(l.approvers, ' then ') AS approval_chain,
       l.approvals,
       CASE WHEN l.state NOT IN ('approved', 'void') THEN 'not leave: ' OPERATOR(pg_catalog.||) l.state
            WHEN l.state OPERATOR(pg_catalog.=) 'void' AND l.voided_under OPERATOR(pg_catalog.=) 'LV-7'
                 THEN 'absence: the person did during it what the leave type rules out (LV-7)'
            WHEN l.state OPERATOR(pg_catalog.=) 'void' THEN 'absence: the reason was false (LV-5)'
            WHEN l.leave_type OPERATOR(pg_catalog.=) 'sick' AND l.documents_filed_at IS NULL
                 AND l.last_day OPERATOR(pg_catalog.<) (SELECT CURRENT_DATE)
                 THEN 'absence: sick-leave documents not filed after return (LV-3)'
            WHEN l.leave_type OPERATOR(pg_catalog.=) 'sick' AND l.documents_filed_at IS NULL
                 THEN 'leave, documents due on return (LV-3)'
            ELSE 'leave' END AS counts_as
  FROM cs_policy.leave_request l
  JOIN cs_policy.employee e ON e.employee_id OPERATOR(pg_catalog.=) l.employee_id;
COMMENT ON VIEW cs_policy.leave_overview IS 'Leave requests with their chain and how their days count (LV-1: only approved leave is leave; LV-3: sick leave without documents after return is absence)';
COMMENT ON COLUMN cs_policy.leave_overview.leave_id IS 'Request number';
COMMENT ON COLUMN cs_policy.leave_overview.employee_code IS 'Staff number';
COMMENT ON COLUMN cs_policy.leave_overview.employee_name IS 'Name';
COMMENT ON COLUMN cs_policy.leave_overview.leave_type IS 'Kind of leave';
COMMENT ON COLUMN cs_policy.leave_overview.first_day IS 'First day';
COMMENT ON COLUMN cs_policy.leave_overview.last_day IS 'Last day';
COMMENT ON COLUMN cs_policy.leave_overview.days IS 'Working days';
COMMENT ON COLUMN cs_policy.leave_overview.channel IS 'form or phone';
COMMENT ON COLUMN cs_policy.leave_overview.state IS 'requested, approved, refused or cancelled';
COMMENT ON COLUMN cs_policy.leave_overview.approval_chain IS 'Who approves, in order';
COMMENT ON COLUMN cs_policy.leave_overview.approvals IS 'Approvals so far';
COMMENT ON COLUMN cs_policy.leave_overview.counts_as IS 'leave, leave with documents due, absence (LV-3, LV-5), or not leave';

CREATE TABLE cs_policy.leave_call (
    employee_id bigint NOT NULL,
    leave_id    bigint NOT NULL,
    called_at   timestamptz NOT NULL DEFAULT pg_catalog.clock_timestamp(),
    called_by   bigint NOT NULL,
    note        text NOT NULL CHECK (pg_catalog.btrim(note) OPERATOR(pg_catalog.<>) ''),
    PRIMARY KEY (employee_id, leave_id, called_at),
    FOREIGN KEY (employee_id, leave_id) REFERENCES cs_policy.leave_request
);
COMMENT ON TABLE cs_policy.leave_call IS 'Calls of the team lead to a person on long leave (LV-5: every 3 days)';
COMMENT ON COLUMN cs_policy.leave_call.employee_id IS 'The person on leave';
COMMENT ON COLUMN cs_policy.leave_call.leave_id IS 'The leave';
COMMENT ON COLUMN cs_policy.leave_call.called_at IS 'When';
COMMENT ON COLUMN cs_policy.leave_call.called_by IS 'employee_id of the caller';
COMMENT ON COLUMN cs_policy.leave_call.note IS 'What was said';
SELECT pg_catalog.pg_extension_config_dump('cs_policy.leave_call', '');

CREATE FUNCTION cs_policy.record_leave_call(leave_id bigint, note text, acting_as text DEFAULT NULL)
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    audit_leave_call cs_policy.leave_call;
    actor  cs_policy.employee := cs_policy.acting_employee(acting_as);
    person cs_policy.employee;
    l      cs_policy.leave_request;
    after_row jsonb;
BEGIN
    SELECT * INTO l FROM cs_policy.leave_request x WHERE x.leave_id = record_leave_call.leave_id;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'leave request % does not exist', leave_id USING ERRCODE = 'no_data_found';
    END IF;
    SELECT * INTO STRICT person FROM cs_policy.employee e WHERE e.employee_id = l.employee_id;
    IF NOT ((actor.role = 'team_lead' AND actor.department_id = person.department_id)
            OR cs_policy.in_charge_of(actor, person.department_id)) THEN
        RAISE EXCEPTION '% is not the team lead or a supervisor of %', actor.code, person.code
            USING ERRCODE = 'insufficient_privilege', DETAIL = 'LV-5: the team lead calls people on long leave.';
    END IF;
    IF note IS NULL OR btrim(note) = '' THEN
        RAISE EXCEPTION 'a call needs a note of what was said' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    INSERT INTO cs_policy.leave_call AS x (employee_id, leave_id, called_by, note)
    VALUES (l.employee_id, l.leave_id, actor.employee_id, record_leave_call.note)
    RETURNING x.* INTO audit_leave_call;
    after_row := to_jsonb(audit_leave_call);
    PERFORM cs_policy.audit(actor.employee_id, 'record_leave_call', 'leave_call', NULL, after_row);
END
$$;
COMMENT ON FUNCTION cs_policy.record_leave_call(bigint, text, text) IS 'The team lead records a call to a person on leave (LV-5)';
REVOKE EXECUTE ON FUNCTION cs_policy.record_leave_call(bigint, text, text) FROM PUBLIC;

CREATE FUNCTION cs_policy.void_leave(leave_id bigint, reason text, acting_as text DEFAULT NULL, under text DEFAULT 'LV-5',
                                     penalty numeric DEFAULT NULL)
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    audit_leave_request cs_policy.leave_request;
    its_employee bigint;
    actor cs_policy.employee := cs_policy.acting_employee(acting_as);
    l     cs_policy.leave_request;
    person cs_policy.employee;
    charged boolean;
    after_row jsonb;
BEGIN
    -- by employee_id first: on Citus a row lock must name its shard
    SELECT x.employee_id INTO its_employee FROM cs_policy.leave_request x WHERE x.leave_id = void_leave.leave_id;
    SELECT * INTO l FROM cs_policy.leave_request x
     WHERE x.employee_id = its_employee AND x.leave_id = void_leave.leave_id FOR UPDATE;
    IF NOT FOUND OR l.state <> 'approved' THEN
        RAISE EXCEPTION 'leave request % is not approved leave', leave_id USING ERRCODE = 'object_not_in_prerequisite_state';
    END IF;
    SELECT * INTO STRICT person FROM cs_policy.employee e WHERE e.employee_id = l.employee_id;
    PERFORM cs_policy.check_in_charge(actor, person.department_id, 'void leave');
    IF under IS NULL OR under NOT IN ('LV-5', 'LV-7') THEN
        RAISE EXCEPTION 'leave is voided under LV-5 or LV-7, not %', coalesce(under, 'NULL')
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'LV-5: the reason given was false. LV-7: the person did during the leave what its type rules out (working elsewhere on sick leave).',
                  HINT = 'Pass under => ''LV-5'' or under => ''LV-7''.';
    END IF;
    IF reason IS NULL OR btrim(reason) = '' THEN
        RAISE EXCEPTION 'voiding leave needs what was found'
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = CASE under WHEN 'LV-7' THEN 'Say what the person did that the leave type rules out, e.g. ''worked a shift at another company''.'
                                    ELSE 'Say which reason was false and how it was found.' END;
    END IF;
    PERFORM cs_policy.refuse_if_closed(l.employee_id, l.first_day, l.last_day, 'voiding leave');
    -- LV-5: a false reason is absence plus a penalty, the rulebook's
    -- (incident false_leave_reason, where the rules in force name one);
    -- where they charge by severity (an amount), the penalty is that amount
    charged := under = 'LV-5' AND EXISTS (
           SELECT FROM cs_policy.policy_for(l.employee_id, l.first_day, 'attendance') pol,
                       cs_policy.rulebook_rules(pol.rulebook) r
            WHERE r.kind = 'incident' AND r.name = 'false_leave_reason');
    IF charged THEN
        PERFORM cs_policy.check_incident_measure(person, 'false_leave_reason', l.first_day, penalty);
    ELSIF penalty IS NOT NULL AND under = 'LV-7' THEN
        RAISE EXCEPTION 'leave voided under LV-7 carries no penalty beside the absence'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'LV-5 (a false reason) adds the penalty the rules name; LV-7 counts the days as absence only.',
                  HINT = 'Leave penalty out, or void under LV-5 if the reason was false.';
    ELSIF penalty IS NOT NULL THEN
        RAISE EXCEPTION 'the rules in force for % name no penalty for leave voided under %', person.code, under
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'A penalty beside the absence is charged where the attendance rules name an incident false_leave_reason (LV-5).',
                  HINT = 'Leave penalty out: the days count as absence.';
    END IF;
    UPDATE cs_policy.leave_request x SET state = 'void', decided_at = now(), decision_note = void_leave.reason,
                                         voided_under = void_leave.under
     WHERE x.employee_id = l.employee_id AND x.leave_id = l.leave_id
    RETURNING x.* INTO audit_leave_request;
    after_row := to_jsonb(audit_leave_request);
    PERFORM cs_policy.audit(actor.employee_id, 'void_leave', 'leave_request', to_jsonb(l), after_row);
    IF charged THEN
        INSERT INTO cs_policy.incident AS i (employee_id, work_date, kind, measure, note, recorded_by)
        VALUES (l.employee_id, l.first_day, 'false_leave_reason', penalty,
                format('leave %s (%s to %s) voided: %s', l.leave_id, l.first_day, l.last_day, reason), actor.employee_id)
        RETURNING to_jsonb(i.*) INTO after_row;
        PERFORM cs_policy.audit(actor.employee_id, 'void_leave', 'incident', NULL, after_row);
    END IF;
END
$$;
COMMENT ON FUNCTION cs_policy.void_leave(bigint, text, text, text, numeric) IS
    'A supervisor or above voids approved leave: taken on a false reason (under LV-5, the default), or the person did during it what its type rules out, such as working elsewhere on sick leave (under LV-7); its days become absence, and the penalty lines say which rule. LV-5: where the attendance rules in force name an incident false_leave_reason, it is recorded on the leave''s first day and charged as they say; where they charge by severity (callcenter_2012: an amount), penalty is the amount decided (0: none), and it is refused where they name none';
REVOKE EXECUTE ON FUNCTION cs_policy.void_leave(bigint, text, text, text, numeric) FROM PUBLIC;

CREATE VIEW cs_policy.leave_calls_due WITH (security_invoker = true) AS
SELECT l.leave_id,
       e.code AS employee_code,
       e.name AS employee_name,
       l.first_day,
       l.last_day,
       last_call.at AS last_call,
       (coalesce(last_call.at::date, l.first_day) OPERATOR(pg_catalog.+) every.days) AS call_due
  FROM cs_policy.leave_request l
  JOIN cs_policy.employee e ON e.employee_id OPERATOR(pg_catalog.=) l.employee_id
 CROSS JOIN LATERAL (SELECT pg_catalog.max(c.called_at) AS at FROM cs_policy.leave_call c
                      WHERE c.employee_id OPERATOR(pg_catalog.=) l.employee_id
                        AND c.leave_id OPERATOR(pg_catalog.=) l.leave_id) last_call
 -- LV-5 as settings: what counts as long leave, and how often the team lead calls
 -- (the leave policy in force in the department today, else the defaults)
  LEFT JOIN (SELECT f.department_id, f.parameters FROM cs_policy.policy_in_force f
              WHERE f.area OPERATOR(pg_catalog.=) 'leave' AND f.in_force OPERATOR(pg_catalog.@>) (SELECT CURRENT_DATE)) p
         ON p.department_id OPERATOR(pg_catalog.=) e.department_id
 CROSS JOIN (SELECT d.settings FROM cs_policy.preset_setting d
              WHERE d.preset IS NULL AND d.area OPERATOR(pg_catalog.=) 'leave') dflt
 CROSS JOIN LATERAL (SELECT coalesce(p.parameters, dflt.settings) AS settings) s
 CROSS JOIN LATERAL (SELECT (s.settings OPERATOR(pg_catalog.->>) 'leave_call_every_days')::integer AS days) every
 WHERE l.state OPERATOR(pg_catalog.=) 'approved'
   AND l.days OPERATOR(pg_catalog.>) (s.settings OPERATOR(pg_catalog.->>) 'long_leave_over_days')::numeric
   AND (SELECT CURRENT_DATE) BETWEEN l.first_day AND l.last_day
   AND (coalesce(last_call.at::date, l.first_day) OPERATOR(pg_catalog.+) every.days) OPERATOR(pg_catalog.<=) (SELECT CURRENT_DATE);
COMMENT ON VIEW cs_policy.leave_calls_due IS 'People on long leave (over long_leave_over_days, 3) whom the team lead has not called for leave_call_every_days (3): LV-5, settings of the leave policy';
COMMENT ON COLUMN cs_policy.leave_calls_due.leave_id IS 'The leave';
COMMENT ON COLUMN cs_policy.leave_calls_due.employee_code IS 'Staff number';
COMMENT ON COLUMN cs_policy.leave_calls_due.employee_name IS 'Name';
COMMENT ON COLUMN cs_policy.leave_calls_due.first_day IS 'First day of leave';
COMMENT ON COLUMN cs_policy.leave_calls_due.last_day IS 'Last day of leave';
COMMENT ON COLUMN cs_policy.leave_calls_due.last_call IS 'Last call, if any';
COMMENT ON COLUMN cs_policy.leave_calls_due.call_due IS 'Day the next call was due';
