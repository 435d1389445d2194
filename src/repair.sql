-- src/repair.sql: the repair stages of a complaint (CP-7) and the call
-- back after a repair (CP-8) (no C)

CREATE FUNCTION cs_policy.check_repair_case(c cs_policy.complaint)
RETURNS void
LANGUAGE plpgsql IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF NOT c.repair THEN
        RAISE EXCEPTION 'complaint % is not a repair case', c.number
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'A repair is registered with repair => true (CP-7).';
    END IF;
END
$$;
COMMENT ON FUNCTION cs_policy.check_repair_case(cs_policy.complaint) IS 'Raises 22023 unless the complaint is a repair case';

-- CP-7: diagnosed within 3 days, in house or to be sent out.
CREATE FUNCTION cs_policy.record_diagnosis(number text, in_house boolean, note text, at timestamptz DEFAULT NULL,
                                           acting_as text DEFAULT NULL)
RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    actor cs_policy.employee := cs_policy.acting_employee(acting_as);
    c     cs_policy.complaint := cs_policy.complaint_by_number(number);
BEGIN
    PERFORM cs_policy.check_may_handle_complaint(actor, c);
    PERFORM cs_policy.check_repair_case(c);
    IF in_house IS NULL OR note IS NULL OR btrim(note) = '' THEN
        RAISE EXCEPTION 'a diagnosis says what the fault is and whether it is repaired in house'
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF EXISTS (SELECT 1 FROM cs_policy.complaint_event e
                WHERE e.employee_id = c.employee_id AND e.complaint_id = c.complaint_id
                  AND e.kind IN ('diagnosed_in_house', 'diagnosed_external')) THEN
        RAISE EXCEPTION 'complaint % is diagnosed already', c.number USING ERRCODE = 'unique_violation';
    END IF;
    RETURN cs_policy.complaint_step(c, CASE WHEN in_house THEN 'diagnosed_in_house' ELSE 'diagnosed_external' END::cs_policy.complaint_event_kind,
                                    cs_policy.event_time(at), actor, note => note);
END
$$;
COMMENT ON FUNCTION cs_policy.record_diagnosis(text, boolean, text, timestamptz, text) IS
    'CP-7: the fault of a repair case is diagnosed (due within 3 days): repaired in house (10 working days) or sent out (within 3 days)';
REVOKE EXECUTE ON FUNCTION cs_policy.record_diagnosis(text, boolean, text, timestamptz, text) FROM PUBLIC;

CREATE FUNCTION cs_policy.record_sent_out(number text, note text, at timestamptz DEFAULT NULL,
                                          acting_as text DEFAULT NULL)
RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    actor cs_policy.employee := cs_policy.acting_employee(acting_as);
    c     cs_policy.complaint := cs_policy.complaint_by_number(number);
BEGIN
    PERFORM cs_policy.check_may_handle_complaint(actor, c);
    PERFORM cs_policy.check_repair_case(c);
    IF note IS NULL OR btrim(note) = '' THEN
        RAISE EXCEPTION 'say where the equipment was sent' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    RETURN cs_policy.complaint_step(c, 'sent_out', cs_policy.event_time(at), actor, note => note);
END
$$;
COMMENT ON FUNCTION cs_policy.record_sent_out(text, text, timestamptz, text) IS
    'CP-7: equipment that cannot be repaired in house is sent out for repair (due within 3 days of the diagnosis)';
REVOKE EXECUTE ON FUNCTION cs_policy.record_sent_out(text, text, timestamptz, text) FROM PUBLIC;

-- CP-7: an in-house repair is done within 10 working days, else a written reason.
CREATE FUNCTION cs_policy.record_repaired(number text, note text, late_reason text DEFAULT NULL,
                                          at timestamptz DEFAULT NULL, acting_as text DEFAULT NULL)
RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    actor cs_policy.employee := cs_policy.acting_employee(acting_as);
    c     cs_policy.complaint := cs_policy.complaint_by_number(number);
    when_ timestamptz := cs_policy.event_time(at);
    late  record;
BEGIN
    PERFORM cs_policy.check_may_handle_complaint(actor, c);
    PERFORM cs_policy.check_repair_case(c);
    IF note IS NULL OR btrim(note) = '' THEN
        RAISE EXCEPTION 'say what was repaired' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    -- a target that this repair stops, already past due
    SELECT s.target, s.due_at, s.rule_id INTO late
      FROM cs_policy.complaint_sla_at(when_, ARRAY[c.complaint_id]) s
     WHERE s.employee_id = c.employee_id AND s.complaint_id = c.complaint_id
       AND s.met_at IS NULL AND s.due_at < when_
       AND 'repaired' = ANY ((cs_policy.sla_target_parts(s.sla)).stops)
     LIMIT 1;
    IF late.target IS NOT NULL AND (late_reason IS NULL OR btrim(late_reason) = '') THEN
        RAISE EXCEPTION 'complaint % was due to be repaired by %: give the reason in writing', c.number, late.due_at
            USING ERRCODE = 'null_value_not_allowed',
                  DETAIL = 'CP-7: an in-house repair is done within 10 working days, else a written reason is given.',
                  HINT = 'Pass late_reason => why the repair took longer.';
    END IF;
    RETURN cs_policy.complaint_step(c, 'repaired', when_, actor, reason => nullif(btrim(late_reason), ''), note => note);
END
$$;
COMMENT ON FUNCTION cs_policy.record_repaired(text, text, text, timestamptz, text) IS
    'CP-7: the equipment is repaired (in house, or back from the outside repairer); past the repair target''s due time a written late_reason is required (22004)';
REVOKE EXECUTE ON FUNCTION cs_policy.record_repaired(text, text, text, timestamptz, text) FROM PUBLIC;

CREATE FUNCTION cs_policy.record_return(number text, note text, at timestamptz DEFAULT NULL,
                                        acting_as text DEFAULT NULL)
RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    actor cs_policy.employee := cs_policy.acting_employee(acting_as);
    c     cs_policy.complaint := cs_policy.complaint_by_number(number);
BEGIN
    PERFORM cs_policy.check_may_handle_complaint(actor, c);
    PERFORM cs_policy.check_repair_case(c);
    IF note IS NULL OR btrim(note) = '' THEN
        RAISE EXCEPTION 'say how the equipment went back to the customer' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    RETURN cs_policy.complaint_step(c, 'returned', cs_policy.event_time(at), actor, note => note);
END
$$;
COMMENT ON FUNCTION cs_policy.record_return(text, text, timestamptz, text) IS
    'CP-7: the repaired equipment is back with the customer (due within 3 days of the repair)';
REVOKE EXECUTE ON FUNCTION cs_policy.record_return(text, text, timestamptz, text) FROM PUBLIC;

-- CP-8: the survey of the call back after a repair.
CREATE TABLE cs_policy.repair_callback (
    employee_id  bigint NOT NULL,
    complaint_id bigint NOT NULL,
    callback_id  bigint GENERATED ALWAYS AS IDENTITY,
    called_at    timestamptz NOT NULL,
    called_by    bigint NOT NULL,
    solved       boolean NOT NULL,
    attitude     text NOT NULL CHECK (attitude OPERATOR(pg_catalog.=) ANY ('{satisfied,average,unsatisfied}')),
    charged      boolean NOT NULL,
    score        smallint NOT NULL CHECK (score BETWEEN 1 AND 10),
    comment      text CHECK (pg_catalog.btrim(comment) OPERATOR(pg_catalog.<>) ''
                             AND pg_catalog.length(comment) OPERATOR(pg_catalog.<=) 2000),
    PRIMARY KEY (employee_id, complaint_id, callback_id),
    FOREIGN KEY (employee_id, complaint_id) REFERENCES cs_policy.complaint
);
COMMENT ON TABLE cs_policy.repair_callback IS
    'CP-8: the customer called back after a repair: solved, the repairer''s attitude, whether they were charged, a score and comments. Change through record_callback';
COMMENT ON COLUMN cs_policy.repair_callback.employee_id IS 'The complaint''s first-contact owner (the distribution column, with the complaint)';
COMMENT ON COLUMN cs_policy.repair_callback.complaint_id IS 'The repair case';
COMMENT ON COLUMN cs_policy.repair_callback.callback_id IS 'Surrogate key';
COMMENT ON COLUMN cs_policy.repair_callback.called_at IS 'When the customer was called';
COMMENT ON COLUMN cs_policy.repair_callback.called_by IS 'employee_id of who called';
COMMENT ON COLUMN cs_policy.repair_callback.solved IS 'Was the problem solved?';
COMMENT ON COLUMN cs_policy.repair_callback.attitude IS 'The repairer''s attitude: satisfied, average or unsatisfied';
COMMENT ON COLUMN cs_policy.repair_callback.charged IS 'Was the customer charged?';
COMMENT ON COLUMN cs_policy.repair_callback.score IS 'The customer''s score of the service, 1 to 10';
COMMENT ON COLUMN cs_policy.repair_callback.comment IS 'Suggestions or comments (at most 2000 characters)';
SELECT pg_catalog.pg_extension_config_dump('cs_policy.repair_callback', '');
SELECT pg_catalog.pg_extension_config_dump('cs_policy.repair_callback_callback_id_seq', '');

CREATE FUNCTION cs_policy.record_callback(number text, solved boolean, attitude text, charged boolean, score integer,
                                          comment text DEFAULT NULL, at timestamptz DEFAULT NULL,
                                          acting_as text DEFAULT NULL)
RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    audit_repair_callback cs_policy.repair_callback;
    actor    cs_policy.employee := cs_policy.acting_employee(acting_as);
    c        cs_policy.complaint := cs_policy.complaint_by_number(number);
    when_    timestamptz := cs_policy.event_time(at);
    returned timestamptz;
    new_id   bigint;
    after_row jsonb;
BEGIN
    PERFORM cs_policy.check_repair_case(c);
    -- anyone at the desk (the department concerned or under it) may make the call
    IF NOT EXISTS (SELECT 1 FROM cs_policy.department a
                    WHERE a.department_id = actor.department_id AND c.department_id = ANY (a.path)) THEN
        PERFORM cs_policy.check_may_handle_complaint(actor, c);
    END IF;
    IF solved IS NULL OR charged IS NULL OR score IS NULL THEN
        RAISE EXCEPTION 'a call back records whether it was solved, whether the customer was charged and a score'
            USING ERRCODE = 'null_value_not_allowed',
                  DETAIL = 'CP-8: solved (y/n), attitude (satisfied/average/unsatisfied), charged (y/n), score 1-10, comments.';
    END IF;
    PERFORM cs_policy.check_label('attitude', attitude, '{satisfied,average,unsatisfied}');
    IF score NOT BETWEEN 1 AND 10 THEN
        RAISE EXCEPTION 'a score is 1 to 10, not %', score
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'CP-8: the customer scores the service from 1 to 10.';
    END IF;
    IF comment IS NOT NULL AND (btrim(comment) = '' OR length(comment) > 2000) THEN
        RAISE EXCEPTION 'a comment is left out, or has 1 to 2000 characters' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    SELECT max(e.at) INTO returned FROM cs_policy.complaint_event e
     WHERE e.employee_id = c.employee_id AND e.complaint_id = c.complaint_id AND e.kind = 'returned';
    IF EXISTS (SELECT 1 FROM cs_policy.complaint_event e
                WHERE e.employee_id = c.employee_id AND e.complaint_id = c.complaint_id AND e.kind = 'called_back'
                  AND e.at >= returned) THEN
        RAISE EXCEPTION 'complaint % was called back already after its return', c.number USING ERRCODE = 'unique_violation';
    END IF;
    PERFORM cs_policy.complaint_step(c, 'called_back', when_, actor,
                                     note => format('solved %s, attitude %s, charged %s, score %s',
                                                    CASE WHEN solved THEN 'yes' ELSE 'no' END, attitude,
                                                    CASE WHEN charged THEN 'yes' ELSE 'no' END, score));
    INSERT INTO cs_policy.repair_callback AS x (employee_id, complaint_id, called_at, called_by, solved, attitude, charged,
                                                score, comment)
    VALUES (c.employee_id, c.complaint_id, when_, actor.employee_id, record_callback.solved, record_callback.attitude,
            record_callback.charged, record_callback.score, record_callback.comment)
    RETURNING x.* INTO audit_repair_callback;
    new_id := audit_repair_callback.callback_id;
    after_row := to_jsonb(audit_repair_callback);
    PERFORM cs_policy.audit(actor.employee_id, 'record_callback', 'repair_callback', NULL, after_row);
    RETURN new_id;
END
$$;
COMMENT ON FUNCTION cs_policy.record_callback(text, boolean, text, boolean, integer, text, timestamptz, text) IS
    'CP-8: records the call back after a repair was returned (refused before, 55000): solved, attitude (satisfied, average, unsatisfied), charged, score 1-10 (22023 otherwise) and an optional comment; once per return; returns callback_id';
REVOKE EXECUTE ON FUNCTION cs_policy.record_callback(text, boolean, text, boolean, integer, text, timestamptz, text) FROM PUBLIC;

CREATE VIEW cs_policy.repair_callback_overview WITH (security_invoker = true) AS
SELECT c.number,
       d.code AS department_code,
       k.called_at,
       caller.code AS called_by,
       k.solved,
       k.attitude,
       k.charged,
       k.score,
       k.comment
  FROM cs_policy.repair_callback k
  JOIN cs_policy.complaint c ON c.employee_id OPERATOR(pg_catalog.=) k.employee_id
                            AND c.complaint_id OPERATOR(pg_catalog.=) k.complaint_id
  JOIN cs_policy.department d ON d.department_id OPERATOR(pg_catalog.=) c.department_id
  LEFT JOIN cs_policy.employee caller ON caller.employee_id OPERATOR(pg_catalog.=) k.called_by;
COMMENT ON VIEW cs_policy.repair_callback_overview IS 'CP-8: the call backs after repairs, with the repair case''s number and department';
COMMENT ON COLUMN cs_policy.repair_callback_overview.number IS 'Complaint number of the repair case';
COMMENT ON COLUMN cs_policy.repair_callback_overview.department_code IS 'Department concerned';
COMMENT ON COLUMN cs_policy.repair_callback_overview.called_at IS 'When called';
COMMENT ON COLUMN cs_policy.repair_callback_overview.called_by IS 'Staff number of who called';
COMMENT ON COLUMN cs_policy.repair_callback_overview.solved IS 'Solved?';
COMMENT ON COLUMN cs_policy.repair_callback_overview.attitude IS 'satisfied, average or unsatisfied';
COMMENT ON COLUMN cs_policy.repair_callback_overview.charged IS 'Charged?';
COMMENT ON COLUMN cs_policy.repair_callback_overview.score IS 'Score 1-10';
COMMENT ON COLUMN cs_policy.repair_callback_overview.comment IS 'Comments';
