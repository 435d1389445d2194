-- src/overtime.sql: overtime orders and their pay (AT-17), no C.
--
-- Overtime is paid only when it was ordered and approved by the manager
-- before the work (request_overtime, approve_overtime); time worked beyond
-- a shift without such an order, or ordered as the employee's own
-- unfinished work, is not paid; overtime on a day whose metrics (calls per
-- hour, KPI: record_daily_metrics) all stay below the center's average
-- that day earns commission only. The engine judges it from the same
-- input as the penalty lines (src/overtime_core.c); overtime_lines reads
-- it, explained like penalty lines.

CREATE TABLE cs_policy.overtime_order (
    employee_id         bigint NOT NULL REFERENCES cs_policy.employee,
    order_id            bigint GENERATED ALWAYS AS IDENTITY,
    work_date           date NOT NULL,
    starts_at           timestamptz NOT NULL CHECK (pg_catalog.isfinite(starts_at)),
    ends_at             timestamptz NOT NULL,
    reason              text NOT NULL CHECK (pg_catalog.btrim(reason) OPERATOR(pg_catalog.<>) ''),
    own_unfinished_work boolean NOT NULL DEFAULT false,
    state               text NOT NULL DEFAULT 'requested'
                        CHECK (state IN ('requested', 'approved', 'refused', 'cancelled')),
    requested_at        timestamptz NOT NULL DEFAULT pg_catalog.now(),
    requested_by        bigint,
    decided_at          timestamptz,
    decided_by          bigint,
    decision_note       text,
    PRIMARY KEY (employee_id, order_id),
    CHECK (ends_at OPERATOR(pg_catalog.>) starts_at
           AND ends_at OPERATOR(pg_catalog.-) starts_at OPERATOR(pg_catalog.<=) interval '16 hours'),
    CHECK ((state IN ('requested', 'cancelled')) OPERATOR(pg_catalog.=) (decided_by IS NULL) OR state OPERATOR(pg_catalog.=) 'cancelled'),
    -- the same hours are ordered once: two orders would pay them twice
    CONSTRAINT overtime_orders_do_not_overlap EXCLUDE USING gist
        (employee_id WITH OPERATOR(pg_catalog.=), pg_catalog.tstzrange(starts_at, ends_at) WITH OPERATOR(pg_catalog.&&))
        WHERE (state IN ('requested', 'approved'))
);
COMMENT ON TABLE cs_policy.overtime_order IS
    'AT-17: overtime ordered for an employee: when, why, whether it is their own unfinished work, and the manager''s decision. Change through request_overtime, approve_overtime, refuse_overtime and cancel_overtime';
COMMENT ON COLUMN cs_policy.overtime_order.employee_id IS 'Who works it (the distribution column)';
COMMENT ON COLUMN cs_policy.overtime_order.order_id IS 'Surrogate key';
COMMENT ON COLUMN cs_policy.overtime_order.work_date IS 'The day it starts on, where the employee works';
COMMENT ON COLUMN cs_policy.overtime_order.starts_at IS 'Ordered from';
COMMENT ON COLUMN cs_policy.overtime_order.ends_at IS 'Ordered until';
COMMENT ON COLUMN cs_policy.overtime_order.reason IS 'Why';
COMMENT ON COLUMN cs_policy.overtime_order.own_unfinished_work IS 'The employee''s own unfinished work: not paid (AT-17)';
COMMENT ON COLUMN cs_policy.overtime_order.state IS 'requested, approved, refused or cancelled';
COMMENT ON COLUMN cs_policy.overtime_order.requested_at IS 'When it was requested';
COMMENT ON COLUMN cs_policy.overtime_order.requested_by IS 'employee_id of who requested it';
COMMENT ON COLUMN cs_policy.overtime_order.decided_at IS 'When the manager decided (approved before starts_at, or it is not paid)';
COMMENT ON COLUMN cs_policy.overtime_order.decided_by IS 'employee_id of the manager';
COMMENT ON COLUMN cs_policy.overtime_order.decision_note IS 'The manager''s note';
CREATE INDEX overtime_order_by_day ON cs_policy.overtime_order (employee_id, work_date);
SELECT pg_catalog.pg_extension_config_dump('cs_policy.overtime_order', '');
SELECT pg_catalog.pg_extension_config_dump('cs_policy.overtime_order_order_id_seq', '');

CREATE TABLE cs_policy.daily_metric (
    employee_id    bigint NOT NULL REFERENCES cs_policy.employee,
    work_date      date NOT NULL,
    calls_per_hour numeric(7,2) CHECK (calls_per_hour BETWEEN 0 AND 1000),
    kpi_score      numeric(5,2) CHECK (kpi_score BETWEEN 0 AND 100),
    recorded_at    timestamptz NOT NULL DEFAULT pg_catalog.now(),
    recorded_by    bigint,
    PRIMARY KEY (employee_id, work_date),
    CHECK (calls_per_hour IS NOT NULL OR kpi_score IS NOT NULL)
);
COMMENT ON TABLE cs_policy.daily_metric IS
    'AT-17: an employee''s metrics of a day (calls per hour, KPI score), which the center''s average of the day is taken over. Change through record_daily_metrics';
COMMENT ON COLUMN cs_policy.daily_metric.employee_id IS 'Whose (the distribution column)';
COMMENT ON COLUMN cs_policy.daily_metric.work_date IS 'The day';
COMMENT ON COLUMN cs_policy.daily_metric.calls_per_hour IS 'Calls handled per logged hour';
COMMENT ON COLUMN cs_policy.daily_metric.kpi_score IS 'KPI score of the day, 0 to 100';
COMMENT ON COLUMN cs_policy.daily_metric.recorded_at IS 'When it was recorded';
COMMENT ON COLUMN cs_policy.daily_metric.recorded_by IS 'employee_id of who recorded it';
SELECT pg_catalog.pg_extension_config_dump('cs_policy.daily_metric', '');

CREATE FUNCTION cs_policy.request_overtime(starts_at timestamptz, ends_at timestamptz, reason text,
                                           own_unfinished_work boolean DEFAULT false, employee text DEFAULT NULL,
                                           acting_as text DEFAULT NULL)
RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    audit_overtime_order cs_policy.overtime_order;
    actor  cs_policy.employee := cs_policy.acting_employee(acting_as);
    person cs_policy.employee := CASE WHEN employee IS NULL THEN actor ELSE cs_policy.employee_by_code(employee) END;
BEGIN
    IF person.employee_id <> actor.employee_id THEN
        PERFORM cs_policy.check_in_charge(actor, person.department_id, 'request overtime for ' || person.code);
    END IF;
    IF starts_at IS NULL OR ends_at IS NULL OR reason IS NULL OR btrim(reason) = '' OR own_unfinished_work IS NULL THEN
        RAISE EXCEPTION 'an overtime order needs its start, its end and a reason' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF NOT isfinite(starts_at) OR NOT isfinite(ends_at) THEN
        RAISE EXCEPTION 'overtime runs between two instants, not from % to %', starts_at, ends_at
            USING ERRCODE = 'invalid_parameter_value', HINT = 'Overtime ends after it starts, at most 16 hours later.';
    END IF;
    IF ends_at <= starts_at OR ends_at - starts_at > interval '16 hours' THEN
        RAISE EXCEPTION 'invalid overtime from % to %', starts_at, ends_at
            USING ERRCODE = 'invalid_parameter_value', HINT = 'Overtime ends after it starts, at most 16 hours later.';
    END IF;
    IF starts_at <= now() THEN
        RAISE EXCEPTION 'overtime is ordered before the work, not at %', starts_at
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = 'AT-17: overtime is paid only when ordered and approved by the manager before the work.';
    END IF;
    IF EXISTS (SELECT FROM cs_policy.overtime_order o
                WHERE o.employee_id = person.employee_id AND o.state IN ('requested', 'approved')
                  AND tstzrange(o.starts_at, o.ends_at) && tstzrange(request_overtime.starts_at, request_overtime.ends_at)) THEN
        RAISE EXCEPTION 'overtime of % from % to % overlaps an order already made', person.code, starts_at, ends_at
            USING ERRCODE = 'exclusion_violation',
                  HINT = 'Cancel the other order first (cancel_overtime): the same hours are ordered once.';
    END IF;
    PERFORM cs_policy.check_employed(person, cs_policy.local_day(person.employee_id, starts_at), NULL, 'overtime');
    PERFORM cs_policy.refuse_if_closed(person.employee_id, cs_policy.local_day(person.employee_id, starts_at), NULL, 'an overtime order');
    INSERT INTO cs_policy.overtime_order AS x (employee_id, work_date, starts_at, ends_at, reason, own_unfinished_work,
                                               requested_by)
    VALUES (person.employee_id, cs_policy.local_day(person.employee_id, starts_at), starts_at, ends_at, reason,
            own_unfinished_work, actor.employee_id)
    RETURNING x.* INTO audit_overtime_order;
    PERFORM cs_policy.audit(actor.employee_id, 'request_overtime', 'overtime_order', NULL, to_jsonb(audit_overtime_order));
    RETURN audit_overtime_order.order_id;
END
$$;
COMMENT ON FUNCTION cs_policy.request_overtime(timestamptz, timestamptz, text, boolean, text, text) IS
    'AT-17: the acting employee (or a supervisor or above for one of theirs: employee) asks for overtime before the work, saying why and whether it is their own unfinished work (not paid); returns order_id';
REVOKE EXECUTE ON FUNCTION cs_policy.request_overtime(timestamptz, timestamptz, text, boolean, text, text) FROM PUBLIC;

-- The order and its employee, locked by both (Citus: employee_id first).
CREATE FUNCTION cs_policy.overtime_order_for_update(order_id bigint)
RETURNS cs_policy.overtime_order
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    who bigint;
    o   cs_policy.overtime_order;
BEGIN
    SELECT x.employee_id INTO who FROM cs_policy.overtime_order x WHERE x.order_id = overtime_order_for_update.order_id;
    SELECT * INTO o FROM cs_policy.overtime_order x
     WHERE x.employee_id = who AND x.order_id = overtime_order_for_update.order_id FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'overtime order % does not exist', order_id USING ERRCODE = 'no_data_found';
    END IF;
    RETURN o;
END
$$;
COMMENT ON FUNCTION cs_policy.overtime_order_for_update(bigint) IS 'Internal: an overtime order, locked';
REVOKE EXECUTE ON FUNCTION cs_policy.overtime_order_for_update(bigint) FROM PUBLIC;

CREATE FUNCTION cs_policy.decide_overtime(order_id bigint, approve boolean, note text DEFAULT NULL,
                                          own_unfinished_work boolean DEFAULT NULL, acting_as text DEFAULT NULL)
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    audit_overtime_order cs_policy.overtime_order;
    actor  cs_policy.employee := cs_policy.acting_employee(acting_as);
    before cs_policy.overtime_order := cs_policy.overtime_order_for_update(order_id);
    person cs_policy.employee;
BEGIN
    SELECT * INTO person FROM cs_policy.employee e WHERE e.employee_id = before.employee_id;
    IF approve IS NULL THEN
        RAISE EXCEPTION 'approve or not' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    -- AT-17: the manager decides
    IF NOT cs_policy.may_approve_leave(actor, person, 'manager') THEN
        RAISE EXCEPTION '% % may not decide overtime of %', actor.role, actor.code, person.code
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = 'AT-17: overtime is approved by the manager (or above) of the employee''s department.';
    END IF;
    IF before.state <> 'requested' THEN
        RAISE EXCEPTION 'overtime order % is %', order_id, before.state USING ERRCODE = 'object_not_in_prerequisite_state';
    END IF;
    IF approve AND now() >= before.starts_at THEN
        RAISE EXCEPTION 'overtime order % started at %: it is approved before the work', order_id, before.starts_at
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = 'AT-17: overtime is paid only when ordered and approved by the manager before the work.',
                  HINT = 'Refuse it; the time worked is reported as not paid.';
    END IF;
    PERFORM cs_policy.refuse_if_closed(before.employee_id, before.work_date, NULL, 'deciding an overtime order');
    UPDATE cs_policy.overtime_order x
       SET state = CASE WHEN approve THEN 'approved' ELSE 'refused' END, decided_at = now(), decided_by = actor.employee_id,
           decision_note = note,
           -- AT-17: the manager says whether it is the employee's own unfinished work
           own_unfinished_work = coalesce(decide_overtime.own_unfinished_work, x.own_unfinished_work)
     WHERE x.employee_id = before.employee_id AND x.order_id = before.order_id
    RETURNING x.* INTO audit_overtime_order;
    PERFORM cs_policy.audit(actor.employee_id, 'decide_overtime', 'overtime_order', to_jsonb(before),
                            to_jsonb(audit_overtime_order));
END
$$;
COMMENT ON FUNCTION cs_policy.decide_overtime(bigint, boolean, text, boolean, text) IS
    'AT-17: the manager (or above) of the employee''s department approves or refuses an overtime order, and says whether it is the employee''s own unfinished work (not paid; NULL keeps what the request said); approval is refused (55000) once the ordered time has begun';
REVOKE EXECUTE ON FUNCTION cs_policy.decide_overtime(bigint, boolean, text, boolean, text) FROM PUBLIC;

CREATE FUNCTION cs_policy.cancel_overtime(order_id bigint, acting_as text DEFAULT NULL)
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    audit_overtime_order cs_policy.overtime_order;
    actor  cs_policy.employee := cs_policy.acting_employee(acting_as);
    before cs_policy.overtime_order := cs_policy.overtime_order_for_update(order_id);
BEGIN
    IF before.employee_id <> actor.employee_id AND before.requested_by IS DISTINCT FROM actor.employee_id THEN
        RAISE EXCEPTION '% may not cancel overtime order %', actor.code, order_id USING ERRCODE = 'insufficient_privilege',
            DETAIL = 'The employee or who requested it cancels an order.';
    END IF;
    IF before.state NOT IN ('requested', 'approved') OR now() >= before.starts_at THEN
        RAISE EXCEPTION 'overtime order % cannot be cancelled: it is % and starts at %', order_id, before.state, before.starts_at
            USING ERRCODE = 'object_not_in_prerequisite_state';
    END IF;
    PERFORM cs_policy.refuse_if_closed(before.employee_id, before.work_date, NULL, 'cancelling an overtime order');
    UPDATE cs_policy.overtime_order x SET state = 'cancelled'
     WHERE x.employee_id = before.employee_id AND x.order_id = before.order_id
    RETURNING x.* INTO audit_overtime_order;
    PERFORM cs_policy.audit(actor.employee_id, 'cancel_overtime', 'overtime_order', to_jsonb(before),
                            to_jsonb(audit_overtime_order));
END
$$;
COMMENT ON FUNCTION cs_policy.cancel_overtime(bigint, text) IS
    'AT-17: the employee (or who requested it) cancels an overtime order before it starts';
REVOKE EXECUTE ON FUNCTION cs_policy.cancel_overtime(bigint, text) FROM PUBLIC;

CREATE FUNCTION cs_policy.record_daily_metrics(employee text, work_date date, calls_per_hour numeric, kpi_score numeric,
                                               acting_as text DEFAULT NULL)
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    audit_daily_metric cs_policy.daily_metric;
    actor  cs_policy.employee := cs_policy.acting_employee(acting_as);
    person cs_policy.employee := cs_policy.employee_by_code(employee);
    before cs_policy.daily_metric;
    -- into a variable: Citus refuses now() in ON CONFLICT DO UPDATE
    recorded timestamptz := now();
    colleague bigint;
    center    bigint := cs_policy.center_of(person.department_id);
BEGIN
    PERFORM cs_policy.check_in_charge(actor, person.department_id, 'record the metrics of ' || person.code);
    IF work_date IS NULL OR (calls_per_hour IS NULL AND kpi_score IS NULL) THEN
        RAISE EXCEPTION 'daily metrics need a day and calls per hour or a KPI score' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF calls_per_hour NOT BETWEEN 0 AND 1000 OR kpi_score NOT BETWEEN 0 AND 100 THEN
        RAISE EXCEPTION 'invalid metrics: % calls per hour, KPI %', calls_per_hour, kpi_score
            USING ERRCODE = 'invalid_parameter_value', HINT = 'Calls per hour are 0 to 1000, a KPI score 0 to 100.';
    END IF;
    -- AT-15, AT-17: a day's metrics decide how its overtime is paid, and
    -- the center's average of them how colleagues' overtime orders of that
    -- day are (found first, then each asked apart: no query inside a query)
    PERFORM cs_policy.check_employed(person, work_date, NULL, 'daily metrics');
    PERFORM cs_policy.refuse_if_closed(person.employee_id, work_date, NULL, 'daily metrics');
    FOREACH colleague IN ARRAY ARRAY(
        SELECT DISTINCT o.employee_id
          FROM cs_policy.overtime_order o
          JOIN cs_policy.employee e ON e.employee_id = o.employee_id
          JOIN cs_policy.department d ON d.department_id = e.department_id
         WHERE o.work_date = record_daily_metrics.work_date AND o.employee_id <> person.employee_id
           AND d.path[1] = center)
    LOOP
        PERFORM cs_policy.refuse_if_closed(colleague, work_date, NULL,
                                           format('daily metrics of %s (the center''s average judges overtime ordered that day)', person.code));
    END LOOP;
    SELECT * INTO before FROM cs_policy.daily_metric m
     WHERE m.employee_id = person.employee_id AND m.work_date = record_daily_metrics.work_date FOR UPDATE;
    INSERT INTO cs_policy.daily_metric AS m (employee_id, work_date, calls_per_hour, kpi_score, recorded_by)
    VALUES (person.employee_id, record_daily_metrics.work_date, record_daily_metrics.calls_per_hour,
            record_daily_metrics.kpi_score, actor.employee_id)
    ON CONFLICT ON CONSTRAINT daily_metric_pkey DO UPDATE
       SET calls_per_hour = excluded.calls_per_hour, kpi_score = excluded.kpi_score, recorded_at = recorded,
           recorded_by = excluded.recorded_by
    RETURNING m.* INTO audit_daily_metric;
    PERFORM cs_policy.audit(actor.employee_id, 'record_daily_metrics', 'daily_metric',
                            CASE WHEN before.employee_id IS NOT NULL THEN to_jsonb(before) END, to_jsonb(audit_daily_metric));
END
$$;
COMMENT ON FUNCTION cs_policy.record_daily_metrics(text, date, numeric, numeric, text) IS
    'AT-17: a supervisor or above records an employee''s calls per hour and KPI score of a day (replacing those recorded before); overtime on a day whose metrics all stay below the center''s average earns commission only';
REVOKE EXECUTE ON FUNCTION cs_policy.record_daily_metrics(text, date, numeric, numeric, text) FROM PUBLIC;

-- The reads: like the penalty lines, from the same input, with the same
-- scope (SEC-1) and pay withheld from those who may not see it (SEC-2).
CREATE FUNCTION cs_policy.period_overtime_lines(period date, only_employee bigint DEFAULT NULL)
RETURNS TABLE (employee_id bigint, employee_code text, period_first date, period_last date, period_label text,
               period_deadline date, line integer, work_date date, kind text, rule_id text, also_cites text[],
               measure numeric, outcome text, amount numeric(12,2), points numeric, flags text[], absence_days numeric,
               explanation text, policy_id bigint, from_pay boolean)
LANGUAGE plpgsql STABLE PARALLEL RESTRICTED SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RETURN QUERY
    SELECT i.employee_id, i.employee_code, i.period_first, i.period_last, i.period_label, i.period_deadline,
           l.line, l.work_date, l.kind, l.rule_id, l.also_cites, l.measure, l.outcome, l.amount, l.points, l.flags,
           l.absence_days, l.explanation, l.policy_id, l.from_pay
      FROM cs_policy.attendance_input_in_scope(cs_policy.access_scope(), period, only_employee) i
     CROSS JOIN LATERAL cs_policy.judge_overtime(i) l;
END
$$;
COMMENT ON FUNCTION cs_policy.period_overtime_lines(date, bigint) IS
    'AT-17: every employee''s overtime of their attendance period containing the date, or only one employee''s (see overtime_lines)';

CREATE FUNCTION cs_policy.overtime_lines(employee_id bigint, period date)
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
      FROM cs_policy.period_overtime_lines(overtime_lines.period, overtime_lines.employee_id) m
     ORDER BY m.line;
END
$$;
COMMENT ON FUNCTION cs_policy.overtime_lines(bigint, date) IS
    'AT-17: one row per overtime of an employee''s attendance period (any date in it), explained like a penalty line (kind overtime, rule AT-17): minutes worked (measure), and outcome paid (amount: negative, paid out, at the overtime rate of the hourly wage; from_pay, withheld from anyone but the person and HR, SEC-2), not_paid (no order approved before the work, the employee''s own unfinished work, or time beyond a shift without an order) or commission_only (the day''s metrics below the center''s average)';
