-- src/transfer.sql: moving people between departments (PR-5, PR-6; no C)
--
-- Inside the call center (the person's center and everything below it) a
-- supervisor or above over both departments, or HR, moves a person with
-- transfer_employee; new staff only with the director's signature (PR-5).
-- Out of the call center's operations, to a department of another center,
-- a move is a request (PR-6): the receiving department's written request
-- (request_transfer), the call-center director's approval
-- (approve_transfer, or refuse_transfer), then HR's transfer order
-- (issue_transfer_order), which moves the person.

CREATE TABLE cs_policy.transfer_request (
    employee_id     bigint NOT NULL REFERENCES cs_policy.employee,
    request_id      bigint GENERATED ALWAYS AS IDENTITY,
    from_department bigint NOT NULL REFERENCES cs_policy.department,
    to_department   bigint NOT NULL REFERENCES cs_policy.department,
    written_request text NOT NULL CHECK (pg_catalog.btrim(written_request) OPERATOR(pg_catalog.<>) ''),
    requested_by    bigint NOT NULL REFERENCES cs_policy.employee,
    requested_at    timestamptz NOT NULL DEFAULT pg_catalog.now(),
    state           text NOT NULL DEFAULT 'requested' CHECK (state IN ('requested', 'approved', 'refused', 'issued')),
    decided_by      bigint REFERENCES cs_policy.employee,
    decided_at      timestamptz,
    refusal_reason  text,
    issued_by       bigint REFERENCES cs_policy.employee,
    issued_at       timestamptz,
    PRIMARY KEY (employee_id, request_id),
    CHECK (from_department OPERATOR(pg_catalog.<>) to_department),
    CHECK ((state OPERATOR(pg_catalog.<>) 'requested') OPERATOR(pg_catalog.=) (decided_by IS NOT NULL)),
    CHECK ((state OPERATOR(pg_catalog.=) 'refused') OPERATOR(pg_catalog.=) (refusal_reason IS NOT NULL)),
    CHECK ((state OPERATOR(pg_catalog.=) 'issued') OPERATOR(pg_catalog.=) (issued_by IS NOT NULL))
);
COMMENT ON TABLE cs_policy.transfer_request IS
    'PR-6: transfers out of the call center''s operations: the receiving department''s written request, the call-center director''s decision and HR''s transfer order. Change through request_transfer, approve_transfer, refuse_transfer, issue_transfer_order';
COMMENT ON COLUMN cs_policy.transfer_request.employee_id IS 'Who is to move (the distribution column)';
COMMENT ON COLUMN cs_policy.transfer_request.request_id IS 'Request number';
COMMENT ON COLUMN cs_policy.transfer_request.from_department IS 'The department the person works in when the request is made';
COMMENT ON COLUMN cs_policy.transfer_request.to_department IS 'The receiving department (of another center)';
COMMENT ON COLUMN cs_policy.transfer_request.written_request IS 'The receiving department''s written request: its text or the reference of the signed document';
COMMENT ON COLUMN cs_policy.transfer_request.requested_by IS 'employee_id of the supervisor or above of the receiving department who made it';
COMMENT ON COLUMN cs_policy.transfer_request.requested_at IS 'When it was made';
COMMENT ON COLUMN cs_policy.transfer_request.state IS 'requested, approved or refused by the director, issued by HR';
COMMENT ON COLUMN cs_policy.transfer_request.decided_by IS 'employee_id of the call-center director who approved or refused it';
COMMENT ON COLUMN cs_policy.transfer_request.decided_at IS 'When the director decided';
COMMENT ON COLUMN cs_policy.transfer_request.refusal_reason IS 'Why the director refused it';
COMMENT ON COLUMN cs_policy.transfer_request.issued_by IS 'employee_id of HR who issued the transfer order';
COMMENT ON COLUMN cs_policy.transfer_request.issued_at IS 'When the order was issued (and the person moved)';
SELECT pg_catalog.pg_extension_config_dump('cs_policy.transfer_request', '');
SELECT pg_catalog.pg_extension_config_dump('cs_policy.transfer_request_request_id_seq', '');

-- The move itself, for transfer_employee and issue_transfer_order: the
-- department, its audit, and the career history.
CREATE FUNCTION cs_policy.move_employee(person cs_policy.employee, target cs_policy.department, actor cs_policy.employee,
                                        command text, note text)
RETURNS void
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    audit_career_history cs_policy.career_history;
    audit_employee cs_policy.employee;
    after_row jsonb;
    unjudged cs_policy.period_close;
    last_stored record;
    source   text;
BEGIN
    -- AT-15: a close judges the people in the department then. The next
    -- close of someone transferred takes them from the day after the last
    -- day stored for them, where that was stored by another department
    -- within 62 days of its period (close_transfers); otherwise, a period
    -- the receiving department has closed since would be judged by
    -- neither department: the old one no longer has them, the new one
    -- closed it without them.
    SELECT t.department_id, t.period_last INTO last_stored FROM cs_policy.closed_attendance_total t
     WHERE t.employee_id = person.employee_id ORDER BY t.period_last DESC LIMIT 1;
    SELECT p.* INTO unjudged FROM cs_policy.period_close p
     WHERE p.department_id = target.department_id AND p.state = 'closed'
       AND p.period_last >= greatest(person.hired_on, last_stored.period_last + 1)
       AND (person.left_on IS NULL OR p.period_first <= person.left_on)
     ORDER BY p.period_first LIMIT 1;
    IF FOUND AND (last_stored.department_id IS NULL OR last_stored.department_id = target.department_id
                  OR last_stored.period_last < (SELECT max(p.period_last) FROM cs_policy.period_close p
                                                 WHERE p.department_id = target.department_id AND p.state = 'closed') + 1 - 62) THEN
        SELECT d.code INTO source FROM cs_policy.department d WHERE d.department_id = person.department_id;
        RAISE EXCEPTION 'moving % to % is refused: % has closed the attendance period % (% to %) without them, and no close has judged their days of it yet',
                        person.code, target.code, target.code, unjudged.period_label, unjudged.period_first, unjudged.period_last
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = format('AT-15: %s would judge them no more, and %s''s next close would not reach back to those days: they would be paid by neither.',
                                  source, target.code),
                  HINT = format('HR closes %s''s period with them first: SELECT cs_policy.close_period_now(%L, %L); or reopens %s''s periods from %s on: SELECT cs_policy.reopen_period(%L, %L, ''why'');',
                                source, greatest(unjudged.period_first, person.hired_on, last_stored.period_last + 1), source,
                                target.code, unjudged.period_first, target.code, unjudged.period_first);
    END IF;
    UPDATE cs_policy.employee e SET department_id = target.department_id WHERE e.employee_id = person.employee_id
    RETURNING e.* INTO audit_employee;
    after_row := to_jsonb(audit_employee);
    PERFORM cs_policy.audit(actor.employee_id, command, 'employee', to_jsonb(person), after_row);
    INSERT INTO cs_policy.career_history AS h (employee_id, kind, from_level, to_level, from_pay, to_pay, from_department,
                                               to_department, signed_by, note)
    VALUES (person.employee_id, 'transfer', person.grade, person.grade, person.monthly_wage, person.monthly_wage,
            person.department_id, target.department_id, actor.employee_id, note)
    RETURNING h.* INTO audit_career_history;
    after_row := to_jsonb(audit_career_history);
    PERFORM cs_policy.audit(actor.employee_id, command, 'career_history', NULL, after_row);
END
$$;
COMMENT ON FUNCTION cs_policy.move_employee(cs_policy.employee, cs_policy.department, cs_policy.employee, text, text) IS
    'Internal: moves a person to a department, audited and kept in career_history (transfer_employee, issue_transfer_order); AT-15: refused (55000) into a department that closed a period without them whose days no close has stored and its next close would not reach back to (they would be judged by neither)';
REVOKE EXECUTE ON FUNCTION cs_policy.move_employee(cs_policy.employee, cs_policy.department, cs_policy.employee, text, text) FROM PUBLIC;

-- PR-6: the call center a department belongs to (the top of its path)
CREATE FUNCTION cs_policy.center_of(department_id bigint)
RETURNS bigint
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RETURN (SELECT d.path[1] FROM cs_policy.department d WHERE d.department_id = center_of.department_id);
END
$$;
COMMENT ON FUNCTION cs_policy.center_of(bigint) IS 'The center a department belongs to (itself for a center): a transfer to another center''s department leaves the call center''s operations (PR-6)';

-- PR-5: new staff in training or on probation move only with the
-- director's signature.
CREATE FUNCTION cs_policy.transfer_employee(employee text, to_department text, reason text, acting_as text DEFAULT NULL)
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
-- It reads shards, then writes a shared (reference) table: on Citus its
-- multi-shard reads must then take one connection per node (without Citus
-- the setting is an unused placeholder).
SET citus.multi_shard_modify_mode = sequential
AS $$
DECLARE
    actor    cs_policy.employee := cs_policy.acting_employee(acting_as);
    person   cs_policy.employee := cs_policy.employee_by_code(employee);
    target   cs_policy.department := cs_policy.department_by_code(to_department);
    ladder   text;
    new_staff boolean;
BEGIN
    IF reason IS NULL OR btrim(reason) = '' THEN
        RAISE EXCEPTION 'a transfer gives its reason' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF target.department_id = person.department_id THEN
        RAISE EXCEPTION '% works in % already', person.code, target.code USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF cs_policy.center_of(target.department_id) IS DISTINCT FROM cs_policy.center_of(person.department_id) THEN
        RAISE EXCEPTION '% is a department of another center: moving % there takes a transfer request', target.code, person.code
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = 'PR-6: a transfer out of the call center''s operations needs the receiving department''s written request and the call-center director''s approval; HR then issues the transfer order.',
                  HINT = format('The receiving department asks: cs_policy.request_transfer(%L, %L, written_request).', person.code, target.code);
    END IF;
    IF NOT (cs_policy.in_charge_of(actor, person.department_id) AND cs_policy.in_charge_of(actor, target.department_id))
       AND actor.role <> 'hr' THEN
        RAISE EXCEPTION '% may not transfer % to %', actor.code, person.code, target.code
            USING ERRCODE = 'insufficient_privilege',
                  HINT = 'A supervisor or above over both departments, or HR, transfers.';
    END IF;
    ladder := (SELECT cs_policy.ladder_of(x.settings, x.preset)
                     FROM cs_policy.policy_for(person.employee_id, current_date, 'promotion') x);
    new_staff := coalesce(person.probation_ends >= current_date, false)
                 OR coalesce(cs_policy.career_position(ladder, person.grade) = 0, false);
    IF new_staff AND actor.role <> 'director' THEN
        RAISE EXCEPTION '% is new staff (in training or on probation): only the director signs a transfer', person.code
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = 'PR-5: new staff in training or on probation cannot be transferred without the director''s signature.',
                  HINT = 'The director: ' || cs_policy.who_may_sign('director', person) || '.';
    END IF;
    PERFORM cs_policy.move_employee(person, target, actor, 'transfer_employee', reason);
END
$$;
COMMENT ON FUNCTION cs_policy.transfer_employee(text, text, text, text) IS
    'Moves an employee to another department of the same center (by a supervisor or above over both, or HR), kept in career_history; PR-5: staff on probation or at the first level of their ladder only with the director''s signature (42501); PR-6: to another center''s department only through request_transfer (55000)';
REVOKE EXECUTE ON FUNCTION cs_policy.transfer_employee(text, text, text, text) FROM PUBLIC;

-- PR-6: the receiving department's written request
CREATE FUNCTION cs_policy.request_transfer(employee text, to_department text, written_request text,
                                           acting_as text DEFAULT NULL)
RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    audit_transfer_request cs_policy.transfer_request;
    actor    cs_policy.employee := cs_policy.acting_employee(acting_as);
    person   cs_policy.employee := cs_policy.employee_by_code(employee);
    target   cs_policy.department := cs_policy.department_by_code(to_department);
    pending  bigint;
BEGIN
    IF written_request IS NULL OR btrim(written_request) = '' THEN
        RAISE EXCEPTION 'a transfer request is the receiving department''s written request'
            USING ERRCODE = 'null_value_not_allowed',
                  HINT = 'Give its text, or the reference of the signed document.';
    END IF;
    IF cs_policy.center_of(target.department_id) IS NOT DISTINCT FROM cs_policy.center_of(person.department_id) THEN
        RAISE EXCEPTION '% is in the center % works in: that is not a transfer out of its operations', target.code, person.code
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Inside the call center a supervisor or above over both departments moves people with cs_policy.transfer_employee.';
    END IF;
    IF NOT cs_policy.in_charge_of(actor, target.department_id) THEN
        RAISE EXCEPTION '% may not request a transfer to %', actor.code, target.code
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = 'PR-6: the written request comes from the receiving department.',
                  HINT = format('A supervisor or above of %s makes it.', target.code);
    END IF;
    SELECT t.request_id INTO pending FROM cs_policy.transfer_request t
     WHERE t.employee_id = person.employee_id AND t.state IN ('requested', 'approved');
    IF FOUND THEN
        RAISE EXCEPTION 'transfer request % for % is still open', pending, person.code
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  HINT = 'The director decides it, or HR issues its order, before another is made.';
    END IF;
    INSERT INTO cs_policy.transfer_request AS t (employee_id, from_department, to_department, written_request, requested_by)
    VALUES (person.employee_id, person.department_id, target.department_id, request_transfer.written_request, actor.employee_id)
    RETURNING t.* INTO audit_transfer_request;
    PERFORM cs_policy.audit(actor.employee_id, 'request_transfer', 'transfer_request', NULL, to_jsonb(audit_transfer_request));
    RETURN audit_transfer_request.request_id;
END
$$;
COMMENT ON FUNCTION cs_policy.request_transfer(text, text, text, text) IS
    'PR-6: a supervisor or above of a department of another center asks in writing for a person of the call center; the call-center director decides (approve_transfer, refuse_transfer) and HR issues the order (issue_transfer_order); returns request_id';
REVOKE EXECUTE ON FUNCTION cs_policy.request_transfer(text, text, text, text) FROM PUBLIC;

-- A request, locked, and the person it is for, as they are now; only in
-- the state given.
CREATE FUNCTION cs_policy.open_transfer_request(request_id bigint, in_state text, OUT request cs_policy.transfer_request,
                                                OUT person cs_policy.employee)
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    its_employee bigint;
BEGIN
    -- by employee_id first: on Citus a row lock must name its shard
    SELECT t.employee_id INTO its_employee FROM cs_policy.transfer_request t WHERE t.request_id = open_transfer_request.request_id;
    SELECT * INTO request FROM cs_policy.transfer_request t
     WHERE t.employee_id = its_employee AND t.request_id = open_transfer_request.request_id FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'transfer request % does not exist', open_transfer_request.request_id USING ERRCODE = 'no_data_found';
    END IF;
    IF request.state <> in_state THEN
        RAISE EXCEPTION 'transfer request % is %, not %', request.request_id, request.state, in_state
            USING ERRCODE = 'object_not_in_prerequisite_state';
    END IF;
    SELECT * INTO person FROM cs_policy.employee e WHERE e.employee_id = request.employee_id;
END
$$;
COMMENT ON FUNCTION cs_policy.open_transfer_request(bigint, text) IS
    'Internal: a transfer request locked for a decision, refused unless it is in the state given, and the person it is for';
REVOKE EXECUTE ON FUNCTION cs_policy.open_transfer_request(bigint, text) FROM PUBLIC;

-- PR-6: only the call center's director decides
CREATE FUNCTION cs_policy.check_call_center_director(actor cs_policy.employee, person cs_policy.employee, what text)
RETURNS void
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF actor.role <> 'director' OR NOT cs_policy.in_charge_of(actor, person.department_id) THEN
        RAISE EXCEPTION '% may not % a transfer of % out of the call center', actor.code, what, person.code
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = 'PR-6: a transfer out of the call center''s operations needs the call-center director''s approval.',
                  HINT = 'The director: ' || cs_policy.who_may_sign('director', person) || '.';
    END IF;
END
$$;
COMMENT ON FUNCTION cs_policy.check_call_center_director(cs_policy.employee, cs_policy.employee, text) IS
    'Internal: refuses (42501) unless the actor is the director over the person''s department';
REVOKE EXECUTE ON FUNCTION cs_policy.check_call_center_director(cs_policy.employee, cs_policy.employee, text) FROM PUBLIC;

CREATE FUNCTION cs_policy.approve_transfer(request_id bigint, acting_as text DEFAULT NULL)
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    audit_transfer_request cs_policy.transfer_request;
    actor    cs_policy.employee := cs_policy.acting_employee(acting_as);
    opened   record;
BEGIN
    opened := cs_policy.open_transfer_request(request_id, 'requested');
    PERFORM cs_policy.check_call_center_director(actor, opened.person, 'approve');
    UPDATE cs_policy.transfer_request t SET state = 'approved', decided_by = actor.employee_id, decided_at = now()
     WHERE t.employee_id = (opened.request).employee_id AND t.request_id = (opened.request).request_id
    RETURNING t.* INTO audit_transfer_request;
    PERFORM cs_policy.audit(actor.employee_id, 'approve_transfer', 'transfer_request', to_jsonb(opened.request),
                            to_jsonb(audit_transfer_request));
END
$$;
COMMENT ON FUNCTION cs_policy.approve_transfer(bigint, text) IS
    'PR-6: the call-center director approves a transfer request; HR then issues the order (issue_transfer_order)';
REVOKE EXECUTE ON FUNCTION cs_policy.approve_transfer(bigint, text) FROM PUBLIC;

CREATE FUNCTION cs_policy.refuse_transfer(request_id bigint, reason text, acting_as text DEFAULT NULL)
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    audit_transfer_request cs_policy.transfer_request;
    actor    cs_policy.employee := cs_policy.acting_employee(acting_as);
    opened   record;
BEGIN
    opened := cs_policy.open_transfer_request(request_id, 'requested');
    PERFORM cs_policy.check_call_center_director(actor, opened.person, 'refuse');
    IF reason IS NULL OR btrim(reason) = '' THEN
        RAISE EXCEPTION 'refusing a transfer gives the reason' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    UPDATE cs_policy.transfer_request t
       SET state = 'refused', decided_by = actor.employee_id, decided_at = now(), refusal_reason = refuse_transfer.reason
     WHERE t.employee_id = (opened.request).employee_id AND t.request_id = (opened.request).request_id
    RETURNING t.* INTO audit_transfer_request;
    PERFORM cs_policy.audit(actor.employee_id, 'refuse_transfer', 'transfer_request', to_jsonb(opened.request),
                            to_jsonb(audit_transfer_request));
END
$$;
COMMENT ON FUNCTION cs_policy.refuse_transfer(bigint, text, text) IS 'PR-6: the call-center director refuses a transfer request, with a reason';
REVOKE EXECUTE ON FUNCTION cs_policy.refuse_transfer(bigint, text, text) FROM PUBLIC;

CREATE FUNCTION cs_policy.issue_transfer_order(request_id bigint, acting_as text DEFAULT NULL)
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
-- reads a shard, then writes the shared employee table (see transfer_employee)
SET citus.multi_shard_modify_mode = sequential
AS $$
DECLARE
    audit_transfer_request cs_policy.transfer_request;
    actor    cs_policy.employee := cs_policy.acting_employee(acting_as);
    opened   record;
    target   cs_policy.department;
BEGIN
    IF actor.role <> 'hr' THEN
        RAISE EXCEPTION '% may not issue a transfer order', actor.code
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = 'PR-6: HR issues the transfer order once the call-center director has approved.';
    END IF;
    opened := cs_policy.open_transfer_request(request_id, 'approved');
    IF (opened.person).department_id <> (opened.request).from_department THEN
        RAISE EXCEPTION '% has moved since transfer request % was made', (opened.person).code, request_id
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  HINT = 'The receiving department makes a new request.';
    END IF;
    SELECT * INTO target FROM cs_policy.department d WHERE d.department_id = (opened.request).to_department;
    PERFORM cs_policy.move_employee(opened.person, target, actor, 'issue_transfer_order',
                                    format('PR-6 transfer order for request %s: %s', request_id, (opened.request).written_request));
    UPDATE cs_policy.transfer_request t SET state = 'issued', issued_by = actor.employee_id, issued_at = now()
     WHERE t.employee_id = (opened.request).employee_id AND t.request_id = (opened.request).request_id
    RETURNING t.* INTO audit_transfer_request;
    PERFORM cs_policy.audit(actor.employee_id, 'issue_transfer_order', 'transfer_request', to_jsonb(opened.request),
                            to_jsonb(audit_transfer_request));
END
$$;
COMMENT ON FUNCTION cs_policy.issue_transfer_order(bigint, text) IS
    'PR-6: HR issues the order of an approved transfer request: the person moves to the receiving department, kept in career_history';
REVOKE EXECUTE ON FUNCTION cs_policy.issue_transfer_order(bigint, text) FROM PUBLIC;
