-- src/handover.sql: written handover between shifts (SH-10 to SH-13) (no C)

CREATE TABLE cs_policy.handover (
    employee_id        bigint NOT NULL REFERENCES cs_policy.employee,
    handover_id        bigint GENERATED ALWAYS AS IDENTITY,
    department_id      bigint NOT NULL REFERENCES cs_policy.department,
    outgoing_date      date NOT NULL,
    incoming_id        bigint NOT NULL REFERENCES cs_policy.employee,
    incoming_date      date NOT NULL,
    opened_at          timestamptz NOT NULL DEFAULT pg_catalog.now(),
    outgoing_signed_at timestamptz,
    incoming_signed_at timestamptz,
    -- no UNIQUE (handover_id): the identity makes it unique, and a unique key
    -- without employee_id cannot exist on a distributed table
    PRIMARY KEY (employee_id, handover_id),
    CHECK (incoming_id OPERATOR(pg_catalog.<>) employee_id),
    CHECK (incoming_signed_at IS NULL OR outgoing_signed_at IS NOT NULL)
);
-- commands find a log by its number (then lock it by employee_id too)
CREATE INDEX handover_by_number ON cs_policy.handover (handover_id);
COMMENT ON TABLE cs_policy.handover IS
    'Handover logs from one shift to the next (SH-10): written by the outgoing person, signed by both; once both have signed it cannot be changed. Change through open_handover, add_handover_entry, sign_handover, refuse_handover';
COMMENT ON COLUMN cs_policy.handover.employee_id IS 'The outgoing person (the distribution column)';
COMMENT ON COLUMN cs_policy.handover.handover_id IS 'Log number';
COMMENT ON COLUMN cs_policy.handover.department_id IS 'Department whose shift is handed over';
COMMENT ON COLUMN cs_policy.handover.outgoing_date IS 'Work date of the outgoing shift';
COMMENT ON COLUMN cs_policy.handover.incoming_id IS 'The incoming person';
COMMENT ON COLUMN cs_policy.handover.incoming_date IS 'Work date of the incoming shift';
COMMENT ON COLUMN cs_policy.handover.opened_at IS 'When the log was opened';
COMMENT ON COLUMN cs_policy.handover.outgoing_signed_at IS 'When the outgoing person signed';
COMMENT ON COLUMN cs_policy.handover.incoming_signed_at IS 'When the incoming person signed: responsibility moves at this instant (SH-12)';

CREATE TYPE cs_policy.handover_entry_kind AS ENUM ('note', 'equipment', 'incident', 'follow_up');
COMMENT ON TYPE cs_policy.handover_entry_kind IS
    'What a handover entry is about: note, equipment, incident, or an unfinished follow_up (which needs the reason it is unfinished, SH-13)';

CREATE TABLE cs_policy.handover_entry (
    employee_id       bigint NOT NULL,
    handover_id       bigint NOT NULL,
    entry_no          integer NOT NULL CHECK (entry_no > 0),
    kind              cs_policy.handover_entry_kind NOT NULL,
    body              text NOT NULL CHECK (pg_catalog.btrim(body) OPERATOR(pg_catalog.<>) ''),
    unfinished_reason text CHECK (pg_catalog.btrim(unfinished_reason) OPERATOR(pg_catalog.<>) ''),
    written_at        timestamptz NOT NULL DEFAULT pg_catalog.now(),
    PRIMARY KEY (employee_id, handover_id, entry_no),
    FOREIGN KEY (employee_id, handover_id) REFERENCES cs_policy.handover,
    -- SH-13: an unfinished follow-up says why it is unfinished
    CHECK ((kind OPERATOR(pg_catalog.=) 'follow_up') OPERATOR(pg_catalog.=) (unfinished_reason IS NOT NULL))
);
COMMENT ON TABLE cs_policy.handover_entry IS 'The lines of a handover log (SH-10, SH-13)';
COMMENT ON COLUMN cs_policy.handover_entry.employee_id IS 'The outgoing person of the log';
COMMENT ON COLUMN cs_policy.handover_entry.handover_id IS 'The log';
COMMENT ON COLUMN cs_policy.handover_entry.entry_no IS 'Line number, from 1';
COMMENT ON COLUMN cs_policy.handover_entry.kind IS 'note, equipment, incident or follow_up';
COMMENT ON COLUMN cs_policy.handover_entry.body IS 'What is handed over';
COMMENT ON COLUMN cs_policy.handover_entry.unfinished_reason IS 'Why a follow-up is unfinished (required for follow_up, SH-13)';
COMMENT ON COLUMN cs_policy.handover_entry.written_at IS 'When written';

CREATE TABLE cs_policy.handover_refusal (
    employee_id bigint NOT NULL,
    handover_id bigint NOT NULL,
    refused_at  timestamptz NOT NULL DEFAULT pg_catalog.now(),
    refused_by  bigint NOT NULL,
    reason      text NOT NULL CHECK (pg_catalog.btrim(reason) OPERATOR(pg_catalog.<>) ''),
    raised_to   bigint,
    PRIMARY KEY (employee_id, handover_id, refused_at),
    FOREIGN KEY (employee_id, handover_id) REFERENCES cs_policy.handover
);
COMMENT ON TABLE cs_policy.handover_refusal IS
    'Refusals to take over (SH-11), each with its reason and the shift lead it was raised to';
COMMENT ON COLUMN cs_policy.handover_refusal.employee_id IS 'The outgoing person of the log';
COMMENT ON COLUMN cs_policy.handover_refusal.handover_id IS 'The log';
COMMENT ON COLUMN cs_policy.handover_refusal.refused_at IS 'When';
COMMENT ON COLUMN cs_policy.handover_refusal.refused_by IS 'employee_id of the incoming person who refused';
COMMENT ON COLUMN cs_policy.handover_refusal.reason IS 'Why (log incomplete, equipment or follow-ups unexplained, incident in progress, ...)';
COMMENT ON COLUMN cs_policy.handover_refusal.raised_to IS 'employee_id of the shift lead the refusal went to';

CREATE TABLE cs_policy.handover_review (
    department_id bigint NOT NULL REFERENCES cs_policy.department,
    day           date NOT NULL,
    reviewed_by   bigint NOT NULL,
    reviewed_at   timestamptz NOT NULL DEFAULT pg_catalog.now(),
    logs          integer NOT NULL,
    note          text,
    PRIMARY KEY (department_id, day)
);
COMMENT ON TABLE cs_policy.handover_review IS 'The shift lead''s daily review of a department''s handover logs (SH-13)';
COMMENT ON COLUMN cs_policy.handover_review.department_id IS 'Department';
COMMENT ON COLUMN cs_policy.handover_review.day IS 'Day whose logs (by outgoing work date) were reviewed';
COMMENT ON COLUMN cs_policy.handover_review.reviewed_by IS 'employee_id of the lead';
COMMENT ON COLUMN cs_policy.handover_review.reviewed_at IS 'When';
COMMENT ON COLUMN cs_policy.handover_review.logs IS 'Number of logs of that day at the review';
COMMENT ON COLUMN cs_policy.handover_review.note IS 'The lead''s remarks';

SELECT pg_catalog.pg_extension_config_dump('cs_policy.handover', '');
SELECT pg_catalog.pg_extension_config_dump('cs_policy.handover_handover_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('cs_policy.handover_entry', '');
SELECT pg_catalog.pg_extension_config_dump('cs_policy.handover_refusal', '');
SELECT pg_catalog.pg_extension_config_dump('cs_policy.handover_review', '');

CREATE FUNCTION cs_policy.handover_by_id(handover_id bigint)
RETURNS cs_policy.handover
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    its_employee bigint;
    h cs_policy.handover;
BEGIN
    -- by employee_id first: on Citus a row lock must name its shard
    SELECT x.employee_id INTO its_employee FROM cs_policy.handover x WHERE x.handover_id = handover_by_id.handover_id;
    SELECT * INTO h FROM cs_policy.handover x
     WHERE x.employee_id = its_employee AND x.handover_id = handover_by_id.handover_id FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'handover % does not exist', handover_id USING ERRCODE = 'no_data_found';
    END IF;
    RETURN h;
END
$$;
COMMENT ON FUNCTION cs_policy.handover_by_id(bigint) IS 'The handover log, locked for update, or P0002';
REVOKE EXECUTE ON FUNCTION cs_policy.handover_by_id(bigint) FROM PUBLIC;

CREATE FUNCTION cs_policy.refuse_if_signed(h cs_policy.handover)
RETURNS void
LANGUAGE plpgsql IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF h.incoming_signed_at IS NOT NULL THEN
        RAISE EXCEPTION 'handover % is signed by both and cannot be changed', h.handover_id
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = 'SH-10: log pages may not be removed or altered.';
    END IF;
END
$$;
COMMENT ON FUNCTION cs_policy.refuse_if_signed(cs_policy.handover) IS 'Raises 55000 once both have signed (SH-10)';

CREATE FUNCTION cs_policy.open_handover(incoming text, outgoing_date date, incoming_date date,
                                        acting_as text DEFAULT NULL)
RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    audit_handover cs_policy.handover;
    actor  cs_policy.employee := cs_policy.acting_employee(acting_as);
    relief cs_policy.employee := cs_policy.employee_by_code(incoming);
    new_id bigint;
    after_row jsonb;
BEGIN
    IF relief.employee_id = actor.employee_id THEN
        RAISE EXCEPTION 'a handover goes to another person' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM cs_policy.roster r WHERE r.employee_id = actor.employee_id AND r.work_date = outgoing_date) THEN
        RAISE EXCEPTION '% has no shift on % to hand over', actor.code, outgoing_date
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM cs_policy.roster r WHERE r.employee_id = relief.employee_id AND r.work_date = incoming_date) THEN
        RAISE EXCEPTION '% has no shift on % to take over', relief.code, incoming_date
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    INSERT INTO cs_policy.handover AS x (employee_id, department_id, outgoing_date, incoming_id, incoming_date)
    VALUES (actor.employee_id, actor.department_id, outgoing_date, relief.employee_id, incoming_date)
    RETURNING x.* INTO audit_handover;
    new_id := audit_handover.handover_id;
    after_row := to_jsonb(audit_handover);
    PERFORM cs_policy.audit(actor.employee_id, 'open_handover', 'handover', NULL, after_row);
    RETURN new_id;
END
$$;
COMMENT ON FUNCTION cs_policy.open_handover(text, date, date, text) IS
    'The outgoing person (acting) opens a written handover log to the incoming person, both on the roster (SH-10); returns handover_id';
REVOKE EXECUTE ON FUNCTION cs_policy.open_handover(text, date, date, text) FROM PUBLIC;

CREATE FUNCTION cs_policy.add_handover_entry(handover_id bigint, kind cs_policy.handover_entry_kind, body text,
                                             unfinished_reason text DEFAULT NULL, acting_as text DEFAULT NULL)
RETURNS integer
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    audit_handover_entry cs_policy.handover_entry;
    actor cs_policy.employee := cs_policy.acting_employee(acting_as);
    h     cs_policy.handover := cs_policy.handover_by_id(handover_id);
    n     integer;
    after_row jsonb;
BEGIN
    PERFORM cs_policy.refuse_if_signed(h);
    IF actor.employee_id <> h.employee_id THEN
        RAISE EXCEPTION 'only the outgoing person writes handover %', handover_id USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF h.outgoing_signed_at IS NOT NULL THEN
        RAISE EXCEPTION 'handover % is signed by the outgoing person; it can no longer be written to', handover_id
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  HINT = 'If the incoming person refused it, the refusal reopens the log.';
    END IF;
    IF body IS NULL OR btrim(body) = '' OR kind IS NULL THEN
        RAISE EXCEPTION 'a handover entry needs a kind and a text' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF (kind = 'follow_up') <> (unfinished_reason IS NOT NULL AND btrim(unfinished_reason) <> '') THEN
        RAISE EXCEPTION '%', CASE WHEN kind = 'follow_up' THEN 'an unfinished follow-up needs the reason it is unfinished'
                                  ELSE 'only a follow-up has an unfinished reason' END
            USING ERRCODE = 'invalid_parameter_value', DETAIL = 'SH-13.';
    END IF;
    SELECT coalesce(max(x.entry_no), 0) + 1 INTO n FROM cs_policy.handover_entry x
     WHERE x.employee_id = h.employee_id AND x.handover_id = h.handover_id;
    INSERT INTO cs_policy.handover_entry AS x (employee_id, handover_id, entry_no, kind, body, unfinished_reason)
    VALUES (h.employee_id, h.handover_id, n, kind, body, unfinished_reason)
    RETURNING x.* INTO audit_handover_entry;
    after_row := to_jsonb(audit_handover_entry);
    PERFORM cs_policy.audit(actor.employee_id, 'add_handover_entry', 'handover_entry', NULL, after_row);
    RETURN n;
END
$$;
COMMENT ON FUNCTION cs_policy.add_handover_entry(bigint, cs_policy.handover_entry_kind, text, text, text) IS
    'The outgoing person adds a line to a log not yet signed; an unfinished follow-up needs its reason (SH-13); returns the line number';
REVOKE EXECUTE ON FUNCTION cs_policy.add_handover_entry(bigint, cs_policy.handover_entry_kind, text, text, text) FROM PUBLIC;

CREATE FUNCTION cs_policy.sign_handover(handover_id bigint, acting_as text DEFAULT NULL)
RETURNS text
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    audit_handover cs_policy.handover;
    actor cs_policy.employee := cs_policy.acting_employee(acting_as);
    h     cs_policy.handover := cs_policy.handover_by_id(handover_id);
    -- the instant of the signature, as a value: Citus refuses a VOLATILE
    -- function in an UPDATE of a distributed table
    signed_at timestamptz := clock_timestamp();
    after_row jsonb;
BEGIN
    PERFORM cs_policy.refuse_if_signed(h);
    IF actor.employee_id = h.employee_id THEN
        IF h.outgoing_signed_at IS NOT NULL THEN
            RAISE EXCEPTION 'handover % is already signed by the outgoing person', handover_id
                USING ERRCODE = 'object_not_in_prerequisite_state';
        END IF;
        IF NOT EXISTS (SELECT 1 FROM cs_policy.handover_entry x
                        WHERE x.employee_id = h.employee_id AND x.handover_id = h.handover_id) THEN
            RAISE EXCEPTION 'handover % is empty: write what is handed over first', handover_id
                USING ERRCODE = 'object_not_in_prerequisite_state',
                      DETAIL = 'SH-10: handover is written, never oral.';
        END IF;
        UPDATE cs_policy.handover x SET outgoing_signed_at = signed_at
         WHERE x.employee_id = h.employee_id AND x.handover_id = h.handover_id
        RETURNING x.* INTO audit_handover;
        after_row := to_jsonb(audit_handover);
        PERFORM cs_policy.audit(actor.employee_id, 'sign_handover', 'handover', to_jsonb(h), after_row);
        RETURN 'signed by the outgoing person; waiting for the incoming person';
    ELSIF actor.employee_id = h.incoming_id THEN
        IF h.outgoing_signed_at IS NULL THEN
            RAISE EXCEPTION 'the outgoing person has not signed handover % yet', handover_id
                USING ERRCODE = 'object_not_in_prerequisite_state';
        END IF;
        UPDATE cs_policy.handover x SET incoming_signed_at = signed_at
         WHERE x.employee_id = h.employee_id AND x.handover_id = h.handover_id
        RETURNING x.* INTO audit_handover;
        after_row := to_jsonb(audit_handover);
        PERFORM cs_policy.audit(actor.employee_id, 'sign_handover', 'handover', to_jsonb(h), after_row);
        RETURN 'signed by both: the incoming person now answers for the shift';
    END IF;
    RAISE EXCEPTION 'only the outgoing and the incoming person sign handover %', handover_id
        USING ERRCODE = 'insufficient_privilege';
END
$$;
COMMENT ON FUNCTION cs_policy.sign_handover(bigint, text) IS
    'The outgoing, then the incoming person signs a log; with the second signature responsibility moves (SH-12) and the log is closed for good (SH-10)';
REVOKE EXECUTE ON FUNCTION cs_policy.sign_handover(bigint, text) FROM PUBLIC;

CREATE FUNCTION cs_policy.refuse_handover(handover_id bigint, reason text, acting_as text DEFAULT NULL)
RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    audit_handover cs_policy.handover;
    audit_handover_refusal cs_policy.handover_refusal;
    actor cs_policy.employee := cs_policy.acting_employee(acting_as);
    h     cs_policy.handover := cs_policy.handover_by_id(handover_id);
    lead  bigint;
    after_row jsonb;
BEGIN
    PERFORM cs_policy.refuse_if_signed(h);
    IF actor.employee_id <> h.incoming_id THEN
        RAISE EXCEPTION 'only the incoming person may refuse handover %', handover_id
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF reason IS NULL OR btrim(reason) = '' THEN
        RAISE EXCEPTION 'a refusal needs its reason' USING ERRCODE = 'invalid_parameter_value', DETAIL = 'SH-11.';
    END IF;
    -- the shift lead: the team lead of the department, else its manager
    SELECT coalesce((SELECT e.employee_id FROM cs_policy.employee e
                      WHERE e.department_id = h.department_id AND e.role = 'team_lead' AND e.active
                      ORDER BY e.code LIMIT 1),
                    (SELECT d.manager_id FROM cs_policy.department d WHERE d.department_id = h.department_id))
      INTO lead;
    INSERT INTO cs_policy.handover_refusal AS x (employee_id, handover_id, refused_by, reason, raised_to)
    VALUES (h.employee_id, h.handover_id, actor.employee_id, reason, lead)
    RETURNING x.* INTO audit_handover_refusal;
    after_row := to_jsonb(audit_handover_refusal);
    PERFORM cs_policy.audit(actor.employee_id, 'refuse_handover', 'handover_refusal', NULL, after_row);
    -- the log reopens so that the outgoing person can complete it
    UPDATE cs_policy.handover x SET outgoing_signed_at = NULL
     WHERE x.employee_id = h.employee_id AND x.handover_id = h.handover_id
    RETURNING x.* INTO audit_handover;
    after_row := to_jsonb(audit_handover);
    PERFORM cs_policy.audit(actor.employee_id, 'refuse_handover', 'handover', to_jsonb(h), after_row);
    PERFORM pg_notify('cs_policy_handover',
                      json_build_object('handover_id', h.handover_id, 'refused_by', actor.code,
                                        'raised_to', lead, 'reason', reason)::text);
    RETURN lead;
END
$$;
COMMENT ON FUNCTION cs_policy.refuse_handover(bigint, text, text) IS
    'The incoming person refuses to take over, with a reason (SH-11): recorded, raised to the shift lead (returned, and sent with NOTIFY cs_policy_handover), and the log reopens for the outgoing person';
REVOKE EXECUTE ON FUNCTION cs_policy.refuse_handover(bigint, text, text) FROM PUBLIC;

-- SH-12 as a pure function of the handover row, so that a query over many
-- handovers can ask it row by row (no query inside: Citus runs it on the
-- shards).
CREATE FUNCTION cs_policy.responsible_for(h cs_policy.handover, at timestamptz)
RETURNS bigint
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN CASE WHEN h.incoming_signed_at IS NOT NULL AND at OPERATOR(pg_catalog.>=) h.incoming_signed_at
            THEN h.incoming_id ELSE h.employee_id END;
COMMENT ON FUNCTION cs_policy.responsible_for(cs_policy.handover, timestamptz) IS
    'SH-12: who answers for the shift at that moment: the outgoing person until both have signed, the incoming person from the second signature on (employee_id)';

CREATE FUNCTION cs_policy.responsible_for(handover_id bigint, at timestamptz)
RETURNS bigint
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RETURN (SELECT cs_policy.responsible_for(h, at) FROM cs_policy.handover h
             WHERE h.handover_id = responsible_for.handover_id);
END
$$;
COMMENT ON FUNCTION cs_policy.responsible_for(bigint, timestamptz) IS
    'SH-12: who answers for one handover''s shift at that moment (responsible_for of its row)';

CREATE FUNCTION cs_policy.review_handovers(department text, day date, note text DEFAULT NULL, acting_as text DEFAULT NULL)
RETURNS integer
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
-- It reads shards, then writes a shared (reference) table: on Citus its
-- multi-shard reads must then take one connection per node (without Citus
-- the setting is an unused placeholder).
SET citus.multi_shard_modify_mode = sequential
AS $$
DECLARE
    audit_handover_review cs_policy.handover_review;
    actor cs_policy.employee := cs_policy.acting_employee(acting_as);
    dept  cs_policy.department := cs_policy.department_by_code(department);
    n     integer;
    open_logs integer;
    before_row jsonb;
    after_row  jsonb;
BEGIN
    IF NOT (cs_policy.in_charge_of(actor, dept.department_id)
            OR (actor.role = 'team_lead' AND actor.department_id = dept.department_id)) THEN
        RAISE EXCEPTION '% may not review the handover logs of %', actor.code, dept.code
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = 'The shift lead (team lead of the department) or a supervisor or above reviews them (SH-13).';
    END IF;
    SELECT count(*), count(*) FILTER (WHERE h.incoming_signed_at IS NULL) INTO n, open_logs
      FROM cs_policy.handover h WHERE h.department_id = dept.department_id AND h.outgoing_date = review_handovers.day;
    SELECT to_jsonb(x) INTO before_row FROM cs_policy.handover_review x
     WHERE x.department_id = dept.department_id AND x.day = review_handovers.day;
    INSERT INTO cs_policy.handover_review AS x (department_id, day, reviewed_by, logs, note)
    VALUES (dept.department_id, review_handovers.day, actor.employee_id, n,
            concat_ws('; ', review_handovers.note, CASE WHEN open_logs > 0 THEN open_logs || ' log(s) not signed by both' END))
    ON CONFLICT ON CONSTRAINT handover_review_pkey DO UPDATE
       SET reviewed_by = excluded.reviewed_by, reviewed_at = excluded.reviewed_at, logs = excluded.logs, note = excluded.note
    RETURNING x.* INTO audit_handover_review;
    after_row := to_jsonb(audit_handover_review);
    PERFORM cs_policy.audit(actor.employee_id, 'review_handovers', 'handover_review', before_row, after_row);
    RETURN n;
END
$$;
COMMENT ON FUNCTION cs_policy.review_handovers(text, date, text, text) IS
    'The shift lead records the daily review of a department''s handover logs (SH-13); returns the number of logs of that day';
REVOKE EXECUTE ON FUNCTION cs_policy.review_handovers(text, date, text, text) FROM PUBLIC;

CREATE VIEW cs_policy.handover_log WITH (security_invoker = true) AS
SELECT h.handover_id,
       d.code AS department_code,
       o.code AS outgoing_code,
       o.name AS outgoing_name,
       h.outgoing_date,
       i.code AS incoming_code,
       i.name AS incoming_name,
       h.incoming_date,
       h.opened_at,
       h.outgoing_signed_at,
       h.incoming_signed_at,
       CASE WHEN h.incoming_signed_at IS NOT NULL THEN 'signed'
            WHEN EXISTS (SELECT 1 FROM cs_policy.handover_refusal f
                          WHERE f.employee_id OPERATOR(pg_catalog.=) h.employee_id
                            AND f.handover_id OPERATOR(pg_catalog.=) h.handover_id) THEN 'refused'
            WHEN h.outgoing_signed_at IS NOT NULL THEN 'waiting for the incoming signature'
            ELSE 'being written' END AS state,
       (SELECT pg_catalog.count(*) FROM cs_policy.handover_entry x
         WHERE x.employee_id OPERATOR(pg_catalog.=) h.employee_id AND x.handover_id OPERATOR(pg_catalog.=) h.handover_id
           AND x.kind OPERATOR(pg_catalog.=) 'follow_up') AS open_follow_ups,
       gone.at AS outgoing_signed_out_at,
       -- SH-12: the outgoing person may not leave before the relief has signed
       coalesce(gone.at OPERATOR(pg_catalog.<) coalesce(h.incoming_signed_at, 'infinity'), false) AS left_before_relief,
       -- SH-6: and leaves the floor within leave_floor_minutes of handing over
       CASE WHEN gone.at OPERATOR(pg_catalog.>=) h.incoming_signed_at THEN
           pg_catalog.round((pg_catalog.date_part('epoch', gone.at OPERATOR(pg_catalog.-) h.incoming_signed_at)::numeric
                             OPERATOR(pg_catalog./) 60), 1) END AS minutes_to_leave,
       (sp.parameters OPERATOR(pg_catalog.->>) 'leave_floor_minutes')::integer AS leave_floor_minutes,
       (pg_catalog.date_part('epoch', gone.at OPERATOR(pg_catalog.-) h.incoming_signed_at)
            OPERATOR(pg_catalog.>) (60 OPERATOR(pg_catalog.*) (sp.parameters OPERATOR(pg_catalog.->>) 'leave_floor_minutes')::integer))
           AS left_floor_late
  FROM cs_policy.handover h
  JOIN cs_policy.department d ON d.department_id OPERATOR(pg_catalog.=) h.department_id
  LEFT JOIN cs_policy.employee o ON o.employee_id OPERATOR(pg_catalog.=) h.employee_id
  LEFT JOIN cs_policy.employee i ON i.employee_id OPERATOR(pg_catalog.=) h.incoming_id
  -- the punch window of the attendance rules in force for the outgoing person that day
  LEFT JOIN (SELECT f.department_id, f.in_force, f.parameters FROM cs_policy.policy_in_force f
              WHERE f.area OPERATOR(pg_catalog.=) 'attendance') pw
         ON pw.department_id OPERATOR(pg_catalog.=) o.department_id AND pw.in_force OPERATOR(pg_catalog.@>) h.outgoing_date
 CROSS JOIN (SELECT q.settings FROM cs_policy.preset_setting q
              WHERE q.preset IS NULL AND q.area OPERATOR(pg_catalog.=) 'attendance') dflt
  -- the shift rules in force for the outgoing person that day (SH-6)
  LEFT JOIN (SELECT f.department_id, f.in_force, f.parameters FROM cs_policy.policy_in_force f
              WHERE f.area OPERATOR(pg_catalog.=) 'shift') sp
         ON sp.department_id OPERATOR(pg_catalog.=) o.department_id AND sp.in_force OPERATOR(pg_catalog.@>) h.outgoing_date
 -- the outgoing person's last sign-out of the outgoing shift (grouped:
 -- Citus cannot push down an aggregate without GROUP BY in a correlated
 -- subquery)
  LEFT JOIN LATERAL (
        SELECT pg_catalog.max(p.at) AS at
          FROM cs_policy.roster r
          JOIN cs_policy.punch p ON p.employee_id OPERATOR(pg_catalog.=) r.employee_id
                                AND p.kind OPERATOR(pg_catalog.=) 'out'
                                AND p.at OPERATOR(pg_catalog.>=) pg_catalog.lower(r.instants)
                                AND p.at OPERATOR(pg_catalog.<=) (pg_catalog.upper(r.instants) OPERATOR(pg_catalog.+)
                                    pg_catalog.make_interval(mins => (coalesce(pw.parameters, dflt.settings)
                                                                      OPERATOR(pg_catalog.->>) 'punch_window_minutes')::integer))
         WHERE r.employee_id OPERATOR(pg_catalog.=) h.employee_id AND r.work_date OPERATOR(pg_catalog.=) h.outgoing_date
         GROUP BY r.employee_id, r.work_date) gone ON true;
COMMENT ON VIEW cs_policy.handover_log IS 'Handover logs with the two people, their signatures and the state of the log';
COMMENT ON COLUMN cs_policy.handover_log.handover_id IS 'Log number';
COMMENT ON COLUMN cs_policy.handover_log.department_code IS 'Department';
COMMENT ON COLUMN cs_policy.handover_log.outgoing_code IS 'Outgoing person';
COMMENT ON COLUMN cs_policy.handover_log.outgoing_name IS 'Outgoing person''s name';
COMMENT ON COLUMN cs_policy.handover_log.outgoing_date IS 'Work date of the outgoing shift';
COMMENT ON COLUMN cs_policy.handover_log.incoming_code IS 'Incoming person';
COMMENT ON COLUMN cs_policy.handover_log.incoming_name IS 'Incoming person''s name';
COMMENT ON COLUMN cs_policy.handover_log.incoming_date IS 'Work date of the incoming shift';
COMMENT ON COLUMN cs_policy.handover_log.opened_at IS 'When opened';
COMMENT ON COLUMN cs_policy.handover_log.outgoing_signed_at IS 'Outgoing signature';
COMMENT ON COLUMN cs_policy.handover_log.incoming_signed_at IS 'Incoming signature (responsibility moves here)';
COMMENT ON COLUMN cs_policy.handover_log.state IS 'being written, waiting for the incoming signature, refused, or signed';
COMMENT ON COLUMN cs_policy.handover_log.open_follow_ups IS 'Unfinished follow-ups handed over';
COMMENT ON COLUMN cs_policy.handover_log.outgoing_signed_out_at IS 'The outgoing person''s last sign-out of the outgoing shift (within the punch window after its end)';
COMMENT ON COLUMN cs_policy.handover_log.minutes_to_leave IS 'SH-6: minutes from the incoming signature (the handover done) to the outgoing person''s sign-out (NULL when the sign-out came before it: left_before_relief)';
COMMENT ON COLUMN cs_policy.handover_log.leave_floor_minutes IS 'SH-6: the minutes the shift policy gives to leave the floor after handing over (callcenter_2012: 5; NULL where it sets none)';
COMMENT ON COLUMN cs_policy.handover_log.left_floor_late IS 'SH-6: the outgoing person signed out more than leave_floor_minutes after handing over (NULL where the policy sets no limit or a signature or sign-out is missing)';
COMMENT ON COLUMN cs_policy.handover_log.left_before_relief IS 'SH-12: the outgoing person signed out before the incoming person signed the log (or it is still unsigned): left before the relief had arrived and signed';
