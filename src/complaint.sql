-- src/complaint.sql: complaints, their numbers and their life as an
-- append-only log of events (CP-1 to CP-5, CP-9, CP-10) (no C; the SLA
-- clock is src/sla.c)

-- CP-1: in rising severity, so that categories compare (category >= 'complaint').
CREATE TYPE cs_policy.complaint_category AS ENUM
    ('feedback', 'suggestion', 'dissatisfaction', 'complaint', 'dispute', 'incident');
COMMENT ON TYPE cs_policy.complaint_category IS
    'CP-1: what a contact is, in rising severity (they compare): feedback, suggestion, dissatisfaction, complaint, dispute (harm without fault and a refund demand), incident (a breach of procedure that harmed the customer)';

CREATE TYPE cs_policy.complaint_channel AS ENUM ('phone', 'chat', 'email', 'visit', 'letter');
COMMENT ON TYPE cs_policy.complaint_channel IS 'How a complaint came in: phone, chat, email, visit, letter';

CREATE TYPE cs_policy.complaint_state AS ENUM ('open', 'waiting', 'resolved', 'informed', 'closed');
COMMENT ON TYPE cs_policy.complaint_state IS
    'Where a complaint stands: open (being handled), waiting (for the customer), resolved, informed (the complainant told the result), closed';

-- The labels are the event names of src/sla_core.c, in the same order.
CREATE TYPE cs_policy.complaint_event_kind AS ENUM
    ('received', 'assigned', 'handed_on', 'waiting', 'resumed', 'resolved', 'informed', 'closed', 'reopened',
     'team_formed', 'manager_notified', 'report_filed', 'diagnosed_in_house', 'diagnosed_external', 'sent_out',
     'repaired', 'returned', 'called_back', 'inspected', 'found_valid');
COMMENT ON TYPE cs_policy.complaint_event_kind IS
    'What can happen to a complaint: received, assigned (routed to a department and person), handed_on (owner changes, with reason), waiting (for the customer), resumed, resolved, informed (the complainant told), closed, reopened; team_formed (CP-3), manager_notified (CP-4), report_filed (CP-5), diagnosed_in_house, diagnosed_external, sent_out, repaired, returned (CP-7), called_back (CP-8), inspected (CP-10), found_valid (CP-9)';

-- CP-5: numbers restart every month, YYYYMM-NNNNN. A small shared table
-- hands them out under a row lock: unique across all employees' complaints
-- (a unique constraint on a distributed table would have to include the
-- distribution column), in order, with no gaps and none given twice.
CREATE TABLE cs_policy.complaint_serial (
    month       date PRIMARY KEY CHECK (pg_catalog.date_part('day', month) OPERATOR(pg_catalog.=) 1),
    last_serial integer NOT NULL CHECK (last_serial BETWEEN 1 AND 99999)
);
COMMENT ON TABLE cs_policy.complaint_serial IS
    'CP-5: the last complaint number given in each month (local time of the complaint calendar); register_complaint takes the next under a row lock';
COMMENT ON COLUMN cs_policy.complaint_serial.month IS 'First day of the month';
COMMENT ON COLUMN cs_policy.complaint_serial.last_serial IS 'The serial of the last number given (1 to 99999)';
SELECT pg_catalog.pg_extension_config_dump('cs_policy.complaint_serial', '');

CREATE TABLE cs_policy.complaint (
    employee_id         bigint NOT NULL REFERENCES cs_policy.employee,
    complaint_id        bigint GENERATED ALWAYS AS IDENTITY,
    number              text NOT NULL CHECK (number OPERATOR(pg_catalog.~) '^[0-9]{6}-[0-9]{5}$'),
    category            cs_policy.complaint_category NOT NULL,
    channel             cs_policy.complaint_channel NOT NULL,
    complainant_name    text,
    complainant_contact text,
    complainant_address text,
    facts               text NOT NULL CHECK (pg_catalog.btrim(facts) OPERATOR(pg_catalog.<>) ''),
    request             text,
    department_id       bigint NOT NULL REFERENCES cs_policy.department,
    against_employee_id bigint,
    emergency           boolean NOT NULL DEFAULT false,
    repair              boolean NOT NULL DEFAULT false,
    order_amount        numeric(12,2) CHECK (order_amount BETWEEN 0 AND 9999999999.99),
    received_at         timestamptz NOT NULL,
    received_on         date NOT NULL,
    state               cs_policy.complaint_state NOT NULL DEFAULT 'open',
    owner_id            bigint NOT NULL,
    handling_department_id bigint REFERENCES cs_policy.department,
    -- its events as complaint_event holds them, packed for the SLA clocks
    -- (the commands append to both; empty: 12 zero bytes after the header)
    events              bytea NOT NULL DEFAULT '\x000000000000000000000000'::bytea,
    recorded_at         timestamptz NOT NULL DEFAULT pg_catalog.now(),
    -- SEC-3: what everyone reads but HR, auditors and the owner after an
    -- identity check (customer_contact); the raw columns are theirs alone
    complainant_name_masked    text GENERATED ALWAYS AS (cs_policy.mask_name(complainant_name)) STORED,
    complainant_contact_masked text GENERATED ALWAYS AS (cs_policy.mask_contact(complainant_contact)) STORED,
    complainant_address_masked text GENERATED ALWAYS AS (cs_policy.mask_address(complainant_address)) STORED,
    facts_masked               text GENERATED ALWAYS AS (cs_policy.mask_numbers(facts)) STORED,
    request_masked             text GENERATED ALWAYS AS (cs_policy.mask_numbers(request)) STORED,
    PRIMARY KEY (employee_id, complaint_id),
    UNIQUE (employee_id, number),
    -- CP-5: the number carries the month of receipt
    CHECK (pg_catalog.split_part(number, '-', 1)::integer OPERATOR(pg_catalog.=)
           (pg_catalog.date_part('year', received_on) OPERATOR(pg_catalog.*) 100
            OPERATOR(pg_catalog.+) pg_catalog.date_part('month', received_on))::integer),
    -- CP-2: a complaint (and worse) names its complainant and a concrete request ...
    CONSTRAINT complaint_names_complainant_and_request
        CHECK (category OPERATOR(pg_catalog.<) 'complaint'
               OR (coalesce(pg_catalog.btrim(complainant_name), '') OPERATOR(pg_catalog.<>) ''
                   AND coalesce(pg_catalog.btrim(request), '') OPERATOR(pg_catalog.<>) '')),
    -- ... and by phone also the caller's address and contact
    CONSTRAINT phone_complaint_gives_address_and_contact
        CHECK (channel OPERATOR(pg_catalog.<>) 'phone' OR category OPERATOR(pg_catalog.<) 'complaint'
               OR (coalesce(pg_catalog.btrim(complainant_contact), '') OPERATOR(pg_catalog.<>) ''
                   AND coalesce(pg_catalog.btrim(complainant_address), '') OPERATOR(pg_catalog.<>) ''))
);
CREATE INDEX complaint_number_idx ON cs_policy.complaint (number);
-- complaint_sla_at(as_of, only_complaints) and the commands that check a
-- complaint's clocks (record_repaired) pick complaints by id alone: without
-- it, each read scans every complaint (bench/sla's sample of 20,000 of
-- 1,000,000: 0.45 s, with it 0.27 s)
CREATE INDEX complaint_by_id ON cs_policy.complaint (complaint_id);
COMMENT ON TABLE cs_policy.complaint IS
    'Customer contacts of every category (CP-1), each owned by the employee who first took it (CP-4: the distribution column) and numbered per month (CP-5); what happened to it is in complaint_event. Change through register_complaint and the commands on complaints';
COMMENT ON COLUMN cs_policy.complaint.employee_id IS 'The first-contact owner (CP-4): who took it first; never changes (the distribution column)';
COMMENT ON COLUMN cs_policy.complaint.complaint_id IS 'Surrogate key';
COMMENT ON COLUMN cs_policy.complaint.number IS 'CP-5: YYYYMM-NNNNN, the serial restarting every month';
COMMENT ON COLUMN cs_policy.complaint.category IS 'CP-1: feedback, suggestion, dissatisfaction, complaint, dispute or incident';
COMMENT ON COLUMN cs_policy.complaint.channel IS 'phone, chat, email, visit or letter';
COMMENT ON COLUMN cs_policy.complaint.complainant_name IS 'CP-2: the complainant''s real name (required from the category complaint up)';
COMMENT ON COLUMN cs_policy.complaint.complainant_contact IS 'CP-2: how to reach the complainant (required for a phone complaint)';
COMMENT ON COLUMN cs_policy.complaint.complainant_address IS 'CP-2: the complainant''s address (required for a phone complaint)';
COMMENT ON COLUMN cs_policy.complaint.facts IS 'What happened, in the complainant''s words (raw: HR and auditors only, SEC-3)';
COMMENT ON COLUMN cs_policy.complaint.complainant_name_masked IS 'SEC-3: the name as others see it (张**)';
COMMENT ON COLUMN cs_policy.complaint.complainant_contact_masked IS 'SEC-3: the contact as others see it (138****5678)';
COMMENT ON COLUMN cs_policy.complaint.complainant_address_masked IS 'SEC-3: the address as others see it (its first 6 characters)';
COMMENT ON COLUMN cs_policy.complaint.facts_masked IS 'SEC-3: the facts with phone, ID and bank card numbers masked';
COMMENT ON COLUMN cs_policy.complaint.request_masked IS 'SEC-3: the request with phone, ID and bank card numbers masked';
COMMENT ON COLUMN cs_policy.complaint.request IS 'CP-2: what the complainant asks for (required from the category complaint up)';
COMMENT ON COLUMN cs_policy.complaint.department_id IS 'The department concerned: its complaint policy sets the targets';
COMMENT ON COLUMN cs_policy.complaint.against_employee_id IS 'The agent the complaint is about, if any (CP-9 when found valid)';
COMMENT ON COLUMN cs_policy.complaint.emergency IS 'CP-4: an emergency, reported to the department manager within 1 hour';
COMMENT ON COLUMN cs_policy.complaint.repair IS 'CP-7: a repair case, with its diagnosis, send-out, repair and return targets';
COMMENT ON COLUMN cs_policy.complaint.order_amount IS 'CP-10: the amount of the order a return or exchange is about (CNY)';
COMMENT ON COLUMN cs_policy.complaint.received_at IS 'When it was received';
COMMENT ON COLUMN cs_policy.complaint.received_on IS 'The local day it was received on (the complaint calendar''s time zone), which numbers it';
COMMENT ON COLUMN cs_policy.complaint.state IS 'Where it stands now (the last state of its events)';
COMMENT ON COLUMN cs_policy.complaint.handling_department_id IS 'The department it was routed to (assign_complaint, CP-3); NULL until routed. The policy and its targets stay those of the department concerned';
COMMENT ON COLUMN cs_policy.complaint.owner_id IS 'employee_id of who answers for it now: the first-contact owner until it is assigned or handed on (CP-4)';
COMMENT ON COLUMN cs_policy.complaint.recorded_at IS 'When it was recorded';
COMMENT ON COLUMN cs_policy.complaint.events IS 'Its events as complaint_event holds them (kind, instant, event id, who it went to), packed for the SLA clocks (sla_clock, complaint_owner) and kept by the commands that append to complaint_event; complaint_event_list(events) reads it back. A load that writes complaint_event directly rebuilds it with collect_complaint_events(kind, at, event_id, owner_id)';
SELECT pg_catalog.pg_extension_config_dump('cs_policy.complaint', '');
SELECT pg_catalog.pg_extension_config_dump('cs_policy.complaint_complaint_id_seq', '');

-- Append-only: the commands only ever insert here.
CREATE TABLE cs_policy.complaint_event (
    employee_id   bigint NOT NULL,
    complaint_id  bigint NOT NULL,
    event_id      bigint GENERATED ALWAYS AS IDENTITY,
    kind          cs_policy.complaint_event_kind NOT NULL,
    at            timestamptz NOT NULL,
    by_id         bigint NOT NULL,
    owner_id      bigint,
    department_id bigint REFERENCES cs_policy.department,
    agent_id      bigint,
    outcome       text,
    reason        text,
    note          text,
    recorded_at   timestamptz NOT NULL DEFAULT pg_catalog.now(),
    PRIMARY KEY (employee_id, complaint_id, event_id),
    FOREIGN KEY (employee_id, complaint_id) REFERENCES cs_policy.complaint,
    CHECK (kind OPERATOR(pg_catalog.<>) ALL ('{handed_on,reopened,waiting}'::cs_policy.complaint_event_kind[])
           OR coalesce(pg_catalog.btrim(reason), '') OPERATOR(pg_catalog.<>) ''),
    CHECK ((kind OPERATOR(pg_catalog.=) ANY ('{assigned,handed_on}'::cs_policy.complaint_event_kind[]))
           OPERATOR(pg_catalog.=) (owner_id IS NOT NULL)),
    CHECK ((kind OPERATOR(pg_catalog.=) 'found_valid') OPERATOR(pg_catalog.=) (agent_id IS NOT NULL)),
    CHECK (kind OPERATOR(pg_catalog.<>) 'resolved'
           OR coalesce(outcome, '') OPERATOR(pg_catalog.=) ANY ('{refund,exchange,repair,explanation,apology,compensation,other}')),
    CHECK (kind OPERATOR(pg_catalog.<>) 'inspected' OR coalesce(outcome, '') OPERATOR(pg_catalog.=) ANY ('{passed,failed}'))
);
COMMENT ON TABLE cs_policy.complaint_event IS
    'The life of each complaint, one row an event, never changed: what happened, when, by whom, and to whom it went. The SLA clocks (complaint_sla) read it';
COMMENT ON COLUMN cs_policy.complaint_event.employee_id IS 'The complaint''s first-contact owner (the distribution column, with the complaint)';
COMMENT ON COLUMN cs_policy.complaint_event.complaint_id IS 'The complaint';
COMMENT ON COLUMN cs_policy.complaint_event.event_id IS 'Order of recording';
COMMENT ON COLUMN cs_policy.complaint_event.kind IS 'What happened (complaint_event_kind)';
COMMENT ON COLUMN cs_policy.complaint_event.at IS 'When it happened';
COMMENT ON COLUMN cs_policy.complaint_event.by_id IS 'employee_id of who did it';
COMMENT ON COLUMN cs_policy.complaint_event.owner_id IS 'assigned, handed_on: employee_id of the new owner';
COMMENT ON COLUMN cs_policy.complaint_event.department_id IS 'assigned: the department that handles it';
COMMENT ON COLUMN cs_policy.complaint_event.agent_id IS 'found_valid: employee_id of the agent the complaint is valid against (CP-9)';
COMMENT ON COLUMN cs_policy.complaint_event.outcome IS 'resolved: refund, exchange, repair, explanation, apology, compensation or other (CP-10); inspected: passed or failed';
COMMENT ON COLUMN cs_policy.complaint_event.reason IS 'handed_on, waiting, reopened: why; repaired: why late (CP-7)';
COMMENT ON COLUMN cs_policy.complaint_event.note IS 'What was done or said';
COMMENT ON COLUMN cs_policy.complaint_event.recorded_at IS 'When it was recorded';
SELECT pg_catalog.pg_extension_config_dump('cs_policy.complaint_event', '');
SELECT pg_catalog.pg_extension_config_dump('cs_policy.complaint_event_event_id_seq', '');

-- What may happen in each state, as data: the commands refuse anything else.
CREATE TABLE cs_policy.complaint_transition (
    from_state cs_policy.complaint_state NOT NULL,
    event      cs_policy.complaint_event_kind NOT NULL,
    to_state   cs_policy.complaint_state NOT NULL,
    requires   cs_policy.complaint_event_kind[],
    PRIMARY KEY (from_state, event)
);
COMMENT ON TABLE cs_policy.complaint_transition IS
    'The lifecycle of a complaint: in each state, the events that may happen and the state they lead to; requires lists events of which one must have happened before (the repair stages of CP-7, the callback of CP-8)';
COMMENT ON COLUMN cs_policy.complaint_transition.from_state IS 'State before';
COMMENT ON COLUMN cs_policy.complaint_transition.event IS 'What happens';
COMMENT ON COLUMN cs_policy.complaint_transition.to_state IS 'State after';
COMMENT ON COLUMN cs_policy.complaint_transition.requires IS 'Events of which one must have happened before (NULL: none)';
INSERT INTO cs_policy.complaint_transition (from_state, event, to_state, requires)
SELECT s::cs_policy.complaint_state, e::cs_policy.complaint_event_kind,
       coalesce(t, s)::cs_policy.complaint_state, r::cs_policy.complaint_event_kind[]
  FROM (VALUES
    -- the lifecycle
    ('open', 'assigned', NULL, NULL), ('open', 'handed_on', NULL, NULL), ('waiting', 'handed_on', NULL, NULL),
    ('open', 'waiting', 'waiting', NULL), ('waiting', 'resumed', 'open', NULL),
    ('open', 'resolved', 'resolved', NULL), ('resolved', 'informed', 'informed', NULL),
    ('informed', 'closed', 'closed', NULL),
    ('resolved', 'reopened', 'open', NULL), ('informed', 'reopened', 'open', NULL), ('closed', 'reopened', 'open', NULL),
    -- CP-3, CP-4, CP-5: while it is handled (and a late report after)
    ('open', 'team_formed', NULL, NULL), ('waiting', 'team_formed', NULL, NULL),
    ('open', 'manager_notified', NULL, NULL), ('waiting', 'manager_notified', NULL, NULL),
    ('open', 'report_filed', NULL, NULL), ('waiting', 'report_filed', NULL, NULL),
    ('resolved', 'report_filed', NULL, NULL), ('informed', 'report_filed', NULL, NULL), ('closed', 'report_filed', NULL, NULL),
    -- CP-7: diagnosis, sent out, repaired, returned, in that order
    ('open', 'diagnosed_in_house', NULL, NULL), ('open', 'diagnosed_external', NULL, NULL),
    ('open', 'sent_out', NULL, '{diagnosed_external}'),
    ('open', 'repaired', NULL, '{diagnosed_in_house,sent_out}'),
    ('open', 'returned', NULL, '{repaired}'),
    -- CP-8: the customer is called back once the repair is back with them
    ('open', 'called_back', NULL, '{returned}'), ('resolved', 'called_back', NULL, '{returned}'),
    ('informed', 'called_back', NULL, '{returned}'), ('closed', 'called_back', NULL, '{returned}'),
    -- CP-10: returned goods are inspected while the complaint is handled
    ('open', 'inspected', NULL, NULL), ('waiting', 'inspected', NULL, NULL),
    -- CP-9: found valid against an agent, at any time after receipt
    ('open', 'found_valid', NULL, NULL), ('waiting', 'found_valid', NULL, NULL), ('resolved', 'found_valid', NULL, NULL),
    ('informed', 'found_valid', NULL, NULL), ('closed', 'found_valid', NULL, NULL)
  ) AS x(s, e, t, r);

-- Settings of the complaint area (every complaint policy starts from them).
INSERT INTO cs_policy.preset_setting (preset, area, settings, note) VALUES
    (NULL, 'complaint',
     '{"calendar": "cn", "at_risk_share": 0.25, "refund_needs_inspection": true, "exchange_without_inspection_below": 500,
       "greeting_seconds": 15, "reply_seconds": 20, "pickup_before_ring": 3}',
     'SLA clocks on the cn calendar, at risk with under a quarter of the time left; CP-10: returns are inspected before any refund, exchanges under 500 go straight to an exchange order; CP-6: greet a chat within 15 s, answer within 20 s, pick up before the 3rd ring');

-- ------------------------------------------------------------- helpers

-- An enum label from text, or 22023 listing the labels.
CREATE FUNCTION cs_policy.check_label(what text, value text, labels text[])
RETURNS text
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF value IS NULL OR NOT value = ANY (labels) THEN
        RAISE EXCEPTION 'unknown % "%"', what, coalesce(value, 'NULL')
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = format('The %ss are %s.', what, array_to_string(labels, ', '));
    END IF;
    RETURN value;
END
$$;
COMMENT ON FUNCTION cs_policy.check_label(text, text, text[]) IS
    'Returns value when it is one of labels, else raises 22023 naming what it should be and listing them';

-- When an event happened: now, or (for a superuser loading records, like
-- acting_as) a time given, never in the future.
CREATE FUNCTION cs_policy.event_time(at timestamptz)
RETURNS timestamptz
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    caller name := CASE WHEN current_setting('role') = 'none' THEN session_user
                        ELSE current_setting('role')::name END;
BEGIN
    IF at IS NULL THEN
        RETURN now();
    END IF;
    IF NOT coalesce((SELECT r.rolsuper FROM pg_catalog.pg_roles r WHERE r.rolname = caller), false) THEN
        RAISE EXCEPTION 'only a superuser loading records may give the time of an event'
            USING ERRCODE = 'insufficient_privilege',
                  HINT = 'Leave at out: the event happens now.';
    END IF;
    IF NOT isfinite(at) OR at > now() + interval '1 minute' THEN
        RAISE EXCEPTION 'an event at % has not happened yet', at USING ERRCODE = 'invalid_parameter_value';
    END IF;
    RETURN at;
END
$$;
COMMENT ON FUNCTION cs_policy.event_time(timestamptz) IS
    'The time of an event a command records: now(); a superuser loading past records may give one (not in the future)';
REVOKE EXECUTE ON FUNCTION cs_policy.event_time(timestamptz) FROM PUBLIC;

CREATE FUNCTION cs_policy.complaint_by_number(number text, for_update boolean DEFAULT true)
RETURNS cs_policy.complaint
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    its_employee bigint;
    hit cs_policy.complaint;
BEGIN
    IF for_update THEN
        -- by employee_id first: on Citus a row lock must name its shard
        SELECT c.employee_id INTO its_employee FROM cs_policy.complaint c WHERE c.number = complaint_by_number.number;
        SELECT * INTO hit FROM cs_policy.complaint c
         WHERE c.employee_id = its_employee AND c.number = complaint_by_number.number FOR UPDATE;
    ELSE
        SELECT * INTO hit FROM cs_policy.complaint c WHERE c.number = complaint_by_number.number;
    END IF;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'complaint % does not exist', coalesce(number, 'NULL')
            USING ERRCODE = 'no_data_found',
                  HINT = 'Numbers are YYYYMM-NNNNN; SELECT number FROM cs_policy.complaint_overview lists them.';
    END IF;
    RETURN hit;
END
$$;
COMMENT ON FUNCTION cs_policy.complaint_by_number(text, boolean) IS
    'The complaint with this number, locked for the command that changes it (unless for_update is false: a command that only reads it or adds beside it); raises P0002 with a hint';
REVOKE EXECUTE ON FUNCTION cs_policy.complaint_by_number(text, boolean) FROM PUBLIC;

-- QA staff of a department or of one above it.
CREATE FUNCTION cs_policy.is_quality_of(person cs_policy.employee, department_id bigint)
RETURNS boolean
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
BEGIN
    RETURN (
        SELECT person.active AND person.role OPERATOR(pg_catalog.=) 'qa'
           AND EXISTS (SELECT 1 FROM cs_policy.department d
                        WHERE d.department_id OPERATOR(pg_catalog.=) is_quality_of.department_id
                          AND person.department_id OPERATOR(pg_catalog.=) ANY (d.path)));
END
$$;
COMMENT ON FUNCTION cs_policy.is_quality_of(cs_policy.employee, bigint) IS
    'True when the person is active QA staff of the department or of one above it';

-- Who may act on a complaint: whoever answers for it now, and the
-- supervisors and above of the department concerned or of the owner's.
CREATE FUNCTION cs_policy.check_may_handle_complaint(actor cs_policy.employee, c cs_policy.complaint)
RETURNS void
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    owner cs_policy.employee;
BEGIN
    SELECT * INTO owner FROM cs_policy.employee e WHERE e.employee_id = c.owner_id;
    IF actor.employee_id = c.owner_id OR cs_policy.in_charge_of(actor, c.department_id)
       OR cs_policy.in_charge_of(actor, owner.department_id)
       OR (c.handling_department_id IS NOT NULL AND cs_policy.in_charge_of(actor, c.handling_department_id)) THEN
        RETURN;
    END IF;
    RAISE EXCEPTION '% may not act on complaint %', actor.code, c.number
        USING ERRCODE = 'insufficient_privilege',
              DETAIL = format('CP-4: %s %s answers for it now.', owner.code, owner.name),
              HINT = 'Its owner acts on it, or a supervisor or above of the department concerned or of the owner''s: '
                     || cs_policy.who_is_in_charge_of(c.department_id) || '.';
END
$$;
COMMENT ON FUNCTION cs_policy.check_may_handle_complaint(cs_policy.employee, cs_policy.complaint) IS
    'Raises 42501, naming who may, unless the actor owns the complaint now or is a supervisor or above of the department concerned or of the owner''s';
REVOKE EXECUTE ON FUNCTION cs_policy.check_may_handle_complaint(cs_policy.employee, cs_policy.complaint) FROM PUBLIC;

-- One step of a complaint's life: the transition is checked against
-- complaint_transition, the time against the events before, and the event
-- is appended; the complaint's state and owner follow. Returns event_id.
CREATE FUNCTION cs_policy.complaint_step(c cs_policy.complaint, kind cs_policy.complaint_event_kind, at timestamptz,
                                         actor cs_policy.employee, new_owner bigint DEFAULT NULL,
                                         department_id bigint DEFAULT NULL, agent_id bigint DEFAULT NULL,
                                         outcome text DEFAULT NULL, reason text DEFAULT NULL, note text DEFAULT NULL)
RETURNS bigint
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    audit_complaint cs_policy.complaint;
    audit_complaint_event cs_policy.complaint_event;
    step   cs_policy.complaint_transition;
    last   timestamptz;
    new_id bigint;
    before_row jsonb;
    after_row  jsonb;
BEGIN
    IF c.complaint_id IS NULL OR kind IS NULL OR actor.employee_id IS NULL THEN
        RAISE EXCEPTION 'a complaint step needs the complaint, the event and who acts'
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    SELECT * INTO step FROM cs_policy.complaint_transition t WHERE t.from_state = c.state AND t.event = kind;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'complaint % is %: it cannot be %', c.number, c.state, replace(kind::text, '_', ' ')
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = 'In state ' || c.state || ' it may be: '
                           || (SELECT string_agg(replace(t.event::text, '_', ' '), ', ' ORDER BY t.event)
                                 FROM cs_policy.complaint_transition t WHERE t.from_state = c.state) || '.',
                  HINT = 'SELECT * FROM cs_policy.complaint_transition shows the lifecycle.';
    END IF;
    IF step.requires IS NOT NULL AND NOT EXISTS (
            SELECT FROM cs_policy.complaint_event e
             WHERE e.employee_id = c.employee_id AND e.complaint_id = c.complaint_id AND e.kind = ANY (step.requires)) THEN
        RAISE EXCEPTION 'complaint % cannot be % before it is %', c.number, replace(kind::text, '_', ' '),
                        replace(array_to_string(step.requires, ' or '), '_', ' ')
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = CASE WHEN kind = 'called_back' THEN 'CP-8: the customer is called back after the repair is returned.'
                                ELSE 'CP-7: a repair is diagnosed, sent out if it cannot be repaired in house, repaired, then returned.' END;
    END IF;
    SELECT max(e.at) INTO last FROM cs_policy.complaint_event e
     WHERE e.employee_id = c.employee_id AND e.complaint_id = c.complaint_id;
    IF at < last THEN
        RAISE EXCEPTION 'complaint % has an event at %: the next cannot be earlier (%)', c.number, last, at
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Events are recorded in the order they happen.';
    END IF;
    INSERT INTO cs_policy.complaint_event AS e (employee_id, complaint_id, kind, at, by_id, owner_id, department_id, agent_id,
                                                outcome, reason, note)
    VALUES (c.employee_id, c.complaint_id, kind, at, actor.employee_id, new_owner, complaint_step.department_id,
            complaint_step.agent_id, complaint_step.outcome, complaint_step.reason, complaint_step.note)
    RETURNING e.* INTO audit_complaint_event;
    new_id := audit_complaint_event.event_id;
    after_row := to_jsonb(audit_complaint_event);
    -- SEC-5: the command calling is not known here: the event kind names it
    PERFORM cs_policy.audit(actor.employee_id, 'complaint_step:' || kind::text, 'complaint_event', NULL, after_row);
    -- (its events are audited as complaint_event rows, not again packed)
    SELECT to_jsonb(x) - 'events' INTO before_row FROM cs_policy.complaint x
     WHERE x.employee_id = c.employee_id AND x.complaint_id = c.complaint_id;
    UPDATE cs_policy.complaint x
       SET state = step.to_state, owner_id = coalesce(new_owner, x.owner_id),
           handling_department_id = coalesce(complaint_step.department_id, x.handling_department_id),
           events = cs_policy.complaint_events_add(x.events, kind::text, at, new_id, new_owner)
     WHERE x.employee_id = c.employee_id AND x.complaint_id = c.complaint_id
    RETURNING x.* INTO audit_complaint;
    after_row := to_jsonb(audit_complaint) - 'events';
    PERFORM cs_policy.audit(actor.employee_id, 'complaint_step:' || kind::text, 'complaint', before_row, after_row);
    RETURN new_id;
END
$$;
COMMENT ON FUNCTION cs_policy.complaint_step(cs_policy.complaint, cs_policy.complaint_event_kind, timestamptz, cs_policy.employee, bigint, bigint, bigint, text, text, text) IS
    'Appends an event to a complaint''s log after checking it against complaint_transition (55000 naming what may happen instead) and against the time of the events before (22023); moves the complaint''s state and owner';
REVOKE EXECUTE ON FUNCTION cs_policy.complaint_step(cs_policy.complaint, cs_policy.complaint_event_kind, timestamptz, cs_policy.employee, bigint, bigint, bigint, text, text, text) FROM PUBLIC;

-- ----------------------------------------------------------- commands

-- CP-2, CP-4, CP-5: registered with what the rules require, owned by the
-- person who took it, numbered in the month of receipt.
CREATE FUNCTION cs_policy.register_complaint(category text, channel text, facts text, request text,
                                             complainant_name text, complainant_contact text,
                                             complainant_address text, department text,
                                             against text DEFAULT NULL, emergency boolean DEFAULT false,
                                             repair boolean DEFAULT false, order_amount numeric DEFAULT NULL,
                                             received_at timestamptz DEFAULT NULL, acting_as text DEFAULT NULL)
RETURNS text
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    audit_complaint_event cs_policy.complaint_event;
    audit_complaint_serial cs_policy.complaint_serial;
    actor    cs_policy.employee := cs_policy.acting_employee(acting_as);
    kind     cs_policy.complaint_category := cs_policy.check_label('complaint category', category,
                                                enum_range(NULL::cs_policy.complaint_category)::text[]);
    way      cs_policy.complaint_channel := cs_policy.check_label('channel', channel,
                                                enum_range(NULL::cs_policy.complaint_channel)::text[]);
    concerned cs_policy.department := cs_policy.department_by_code(department);
    subject  cs_policy.employee;
    at       timestamptz := cs_policy.event_time(received_at);
    zone     text;
    day      date;
    serial   integer;
    c        cs_policy.complaint;
    missing  text[];
    after_row jsonb;
BEGIN
    IF facts IS NULL OR btrim(facts) = '' THEN
        RAISE EXCEPTION 'a % is registered with its facts', kind
            USING ERRCODE = 'check_violation',
                  HINT = 'Write down what happened in the customer''s words.';
    END IF;
    -- CP-2: an identified complainant, a concrete request; by phone the caller's address and contact too
    IF kind >= 'complaint' THEN
        missing := array_remove(ARRAY[CASE WHEN coalesce(btrim(complainant_name), '') = '' THEN 'real name' END,
                                      CASE WHEN coalesce(btrim(request), '') = '' THEN 'request' END,
                                      CASE WHEN way = 'phone' AND coalesce(btrim(complainant_address), '') = '' THEN 'address' END,
                                      CASE WHEN way = 'phone' AND coalesce(btrim(complainant_contact), '') = '' THEN 'contact' END],
                                NULL);
        IF cardinality(missing) > 0 THEN
            RAISE EXCEPTION 'a % by % is not accepted without the complainant''s %', kind, way,
                            CASE WHEN cardinality(missing) = 1 THEN missing[1]
                                 ELSE array_to_string(missing[1:cardinality(missing) - 1], ', ') || ' and '
                                      || missing[cardinality(missing)] END
                USING ERRCODE = 'check_violation',
                      DETAIL = 'CP-2: a complaint is accepted only with an identified complainant, facts and a concrete request; by phone the caller gives real name, address and contact.',
                      HINT = 'Ask the caller for them, or register the contact as feedback, suggestion or dissatisfaction.';
        END IF;
    END IF;
    IF against IS NOT NULL THEN
        subject := cs_policy.employee_by_code(against);
    END IF;
    IF order_amount IS NOT NULL AND (order_amount < 0 OR order_amount > 9999999999.99) THEN
        RAISE EXCEPTION 'an order amount of % is out of range', order_amount USING ERRCODE = 'numeric_value_out_of_range';
    END IF;
    -- CP-5: the month of the number is the local month of receipt
    SELECT cal.time_zone INTO zone FROM cs_policy.calendar cal
     WHERE cal.name = coalesce(cs_policy.department_settings(concerned.department_id, (at AT TIME ZONE 'UTC')::date,
                                                             'complaint') ->> 'calendar', 'cn');
    day := (at AT TIME ZONE coalesce(zone, 'Asia/Shanghai'))::date;
    INSERT INTO cs_policy.complaint_serial AS s (month, last_serial)
    VALUES (date_trunc('month', day)::date, 1)
    ON CONFLICT (month) DO UPDATE SET last_serial = s.last_serial + 1
    RETURNING s.* INTO audit_complaint_serial;
    serial := audit_complaint_serial.last_serial;
    after_row := to_jsonb(audit_complaint_serial);
    -- the row before, from the row after and under its lock: the month's
    -- first number made the row, every later one added 1
    PERFORM cs_policy.audit(actor.employee_id, 'register_complaint', 'complaint_serial',
                            CASE WHEN serial > 1 THEN jsonb_set(after_row, '{last_serial}', to_jsonb(serial - 1)) END,
                            after_row);
    INSERT INTO cs_policy.complaint (employee_id, number, category, channel, complainant_name, complainant_contact,
                                     complainant_address, facts, request, department_id, against_employee_id,
                                     emergency, repair, order_amount, received_at, received_on, owner_id)
    VALUES (actor.employee_id, to_char(day, 'YYYYMM') || '-' || lpad(serial::text, 5, '0'), kind, way,
            complainant_name, complainant_contact, complainant_address, facts, request, concerned.department_id,
            subject.employee_id, coalesce(emergency, false), coalesce(repair, false), order_amount, at, day,
            actor.employee_id)
    RETURNING * INTO c;
    -- (its events are audited as complaint_event rows, not again packed)
    PERFORM cs_policy.audit(actor.employee_id, 'register_complaint', 'complaint', NULL, to_jsonb(c) - 'events');
    INSERT INTO cs_policy.complaint_event AS e (employee_id, complaint_id, kind, at, by_id, note)
    VALUES (c.employee_id, c.complaint_id, 'received', at, actor.employee_id, 'by ' || way)
    RETURNING e.* INTO audit_complaint_event;
    after_row := to_jsonb(audit_complaint_event);
    PERFORM cs_policy.audit(actor.employee_id, 'register_complaint', 'complaint_event', NULL, after_row);
    UPDATE cs_policy.complaint x
       SET events = cs_policy.complaint_events_add(x.events, 'received', at, audit_complaint_event.event_id, NULL)
     WHERE x.employee_id = c.employee_id AND x.complaint_id = c.complaint_id;
    RETURN c.number;
EXCEPTION WHEN check_violation THEN
    IF SQLERRM LIKE '%complaint_serial_last_serial_check%' THEN
        RAISE EXCEPTION 'the complaint numbers of % are used up (99999 a month)', to_char(day, 'YYYY-MM')
            USING ERRCODE = 'program_limit_exceeded',
                  DETAIL = 'CP-5: a number is YYYYMM-NNNNN.';
    END IF;
    RAISE;
END
$$;
COMMENT ON FUNCTION cs_policy.register_complaint(text, text, text, text, text, text, text, text, text, boolean, boolean, numeric, timestamptz, text) IS
    'Registers a customer contact (CP-1 category, channel, facts, request, complainant) for the department concerned, owned by the acting employee who took it (CP-4); a complaint, dispute or incident needs the complainant''s real name and request, by phone also address and contact (CP-2, 23514); returns its number YYYYMM-NNNNN, the serial restarting every month (CP-5)';
REVOKE EXECUTE ON FUNCTION cs_policy.register_complaint(text, text, text, text, text, text, text, text, text, boolean, boolean, numeric, timestamptz, text) FROM PUBLIC;

-- CP-3: routed to the department and person that handle it.
CREATE FUNCTION cs_policy.assign_complaint(number text, department text, owner text, note text DEFAULT NULL,
                                           at timestamptz DEFAULT NULL, acting_as text DEFAULT NULL)
RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    actor cs_policy.employee := cs_policy.acting_employee(acting_as);
    c     cs_policy.complaint := cs_policy.complaint_by_number(number);
    dept  cs_policy.department := cs_policy.department_by_code(department);
    who   cs_policy.employee := cs_policy.employee_by_code(owner);
BEGIN
    PERFORM cs_policy.check_may_handle_complaint(actor, c);
    IF NOT who.active THEN
        RAISE EXCEPTION '% no longer works here', who.code USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM cs_policy.department w
                    WHERE w.department_id = who.department_id AND dept.department_id = ANY (w.path)) THEN
        RAISE EXCEPTION '% does not work in %', who.code, dept.code
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Route it to someone of that department, or of a team under it.';
    END IF;
    RETURN cs_policy.complaint_step(c, 'assigned', cs_policy.event_time(at), actor, new_owner => who.employee_id,
                                    department_id => dept.department_id, note => note);
END
$$;
COMMENT ON FUNCTION cs_policy.assign_complaint(text, text, text, text, timestamptz, text) IS
    'Routes a complaint to the department and the person who handle it (CP-3); they answer for it from now on (CP-4)';
REVOKE EXECUTE ON FUNCTION cs_policy.assign_complaint(text, text, text, text, timestamptz, text) FROM PUBLIC;

-- CP-4: the owner answers for it until it is handed on, with a reason.
CREATE FUNCTION cs_policy.hand_on_complaint(number text, to_employee text, reason text, at timestamptz DEFAULT NULL,
                                            acting_as text DEFAULT NULL)
RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    actor cs_policy.employee := cs_policy.acting_employee(acting_as);
    c     cs_policy.complaint := cs_policy.complaint_by_number(number);
    who   cs_policy.employee := cs_policy.employee_by_code(to_employee);
BEGIN
    PERFORM cs_policy.check_may_handle_complaint(actor, c);
    IF reason IS NULL OR btrim(reason) = '' THEN
        RAISE EXCEPTION 'a complaint is handed on with a reason'
            USING ERRCODE = 'null_value_not_allowed',
                  DETAIL = 'CP-4: the first person who receives a request owns it until it is handed on.';
    END IF;
    IF who.employee_id = c.owner_id OR NOT who.active THEN
        RAISE EXCEPTION 'complaint % cannot be handed on to %', c.number, who.code
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = CASE WHEN who.active THEN who.code || ' owns it already.' ELSE who.code || ' no longer works here.' END;
    END IF;
    RETURN cs_policy.complaint_step(c, 'handed_on', cs_policy.event_time(at), actor, new_owner => who.employee_id,
                                    reason => reason);
END
$$;
COMMENT ON FUNCTION cs_policy.hand_on_complaint(text, text, text, timestamptz, text) IS
    'The owner (or a supervisor or above) hands a complaint on to someone else, with a reason; the new owner answers for it from now on (CP-4)';
REVOKE EXECUTE ON FUNCTION cs_policy.hand_on_complaint(text, text, text, timestamptz, text) FROM PUBLIC;

-- Waiting for the customer, and back: targets that pause stand still meanwhile.
CREATE FUNCTION cs_policy.wait_for_customer(number text, reason text, at timestamptz DEFAULT NULL,
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
    IF reason IS NULL OR btrim(reason) = '' THEN
        RAISE EXCEPTION 'say what the customer is to provide' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    RETURN cs_policy.complaint_step(c, 'waiting', cs_policy.event_time(at), actor, reason => reason);
END
$$;
COMMENT ON FUNCTION cs_policy.wait_for_customer(text, text, timestamptz, text) IS
    'The complaint waits for the customer (documents, an answer, an appointment); targets that pause while waiting stand still until resume_complaint';
REVOKE EXECUTE ON FUNCTION cs_policy.wait_for_customer(text, text, timestamptz, text) FROM PUBLIC;

CREATE FUNCTION cs_policy.resume_complaint(number text, note text DEFAULT NULL, at timestamptz DEFAULT NULL,
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
    RETURN cs_policy.complaint_step(c, 'resumed', cs_policy.event_time(at), actor, note => note);
END
$$;
COMMENT ON FUNCTION cs_policy.resume_complaint(text, text, timestamptz, text) IS
    'The customer has answered: the complaint is handled again and paused targets run again';
REVOKE EXECUTE ON FUNCTION cs_policy.resume_complaint(text, text, timestamptz, text) FROM PUBLIC;

-- CP-3 (resolved, then the result told, then closed) and CP-10 (no refund
-- before the returned goods passed inspection; an exchange of an order
-- under 500 goes straight to an exchange order).
CREATE FUNCTION cs_policy.resolve_complaint(number text, resolution text, outcome text DEFAULT 'other',
                                            inform boolean DEFAULT false, close boolean DEFAULT false,
                                            at timestamptz DEFAULT NULL, acting_as text DEFAULT NULL)
RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    actor    cs_policy.employee := cs_policy.acting_employee(acting_as);
    c        cs_policy.complaint := cs_policy.complaint_by_number(number);
    how      text := cs_policy.check_label('outcome', outcome,
                                           '{refund,exchange,repair,explanation,apology,compensation,other}');
    when_    timestamptz := cs_policy.event_time(at);
    settings jsonb := cs_policy.department_settings(c.department_id, c.received_on, 'complaint');
    passed   boolean;
    new_id   bigint;
BEGIN
    PERFORM cs_policy.check_may_handle_complaint(actor, c);
    IF resolution IS NULL OR btrim(resolution) = '' THEN
        RAISE EXCEPTION 'say how the complaint was resolved' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF how IN ('refund', 'exchange') THEN
        SELECT e.outcome = 'passed' INTO passed FROM cs_policy.complaint_event e
         WHERE e.employee_id = c.employee_id AND e.complaint_id = c.complaint_id AND e.kind = 'inspected'
         ORDER BY e.event_id DESC LIMIT 1;
        IF how = 'refund' AND coalesce((settings ->> 'refund_needs_inspection')::boolean, true)
           AND passed IS DISTINCT FROM true THEN
            RAISE EXCEPTION 'complaint %: no refund before the returned goods pass inspection', c.number
                USING ERRCODE = 'object_not_in_prerequisite_state',
                      DETAIL = 'CP-10: returns are inspected before any refund'
                               || CASE WHEN passed IS NULL THEN '; no inspection is recorded.' ELSE '; the inspection failed.' END,
                      HINT = 'Record the inspection with cs_policy.record_inspection(number, passed, note).';
        END IF;
        IF how = 'exchange' AND passed IS DISTINCT FROM true
           AND (c.order_amount IS NULL
                OR c.order_amount >= coalesce((settings ->> 'exchange_without_inspection_below')::numeric, 0)) THEN
            RAISE EXCEPTION 'complaint %: an exchange of an order of % goes through inspection', c.number,
                            coalesce(c.order_amount::text, 'unknown amount')
                USING ERRCODE = 'object_not_in_prerequisite_state',
                      DETAIL = format('CP-10: only orders under %s go straight to an exchange order.',
                                      settings ->> 'exchange_without_inspection_below'),
                      HINT = 'Record the inspection of the returned goods first (cs_policy.record_inspection).';
        END IF;
    END IF;
    new_id := cs_policy.complaint_step(c, 'resolved', when_, actor, outcome => how, note => resolution);
    IF inform OR close THEN
        c := cs_policy.complaint_by_number(number);
        new_id := cs_policy.complaint_step(c, 'informed', when_, actor, note => 'the result told on resolution');
    END IF;
    IF close THEN
        c := cs_policy.complaint_by_number(number);
        new_id := cs_policy.complaint_step(c, 'closed', when_, actor, note => 'closed on resolution');
    END IF;
    RETURN new_id;
END
$$;
COMMENT ON FUNCTION cs_policy.resolve_complaint(text, text, text, boolean, boolean, timestamptz, text) IS
    'Records how a complaint was resolved (outcome refund, exchange, repair, explanation, apology, compensation or other); inform and close also record that the complainant was told and close it, as when it is handled on the spot (CP-3). CP-10: a refund needs returned goods that passed inspection, an exchange too unless the order is under 500 (55000)';
REVOKE EXECUTE ON FUNCTION cs_policy.resolve_complaint(text, text, text, boolean, boolean, timestamptz, text) FROM PUBLIC;

CREATE FUNCTION cs_policy.inform_complainant(number text, note text, at timestamptz DEFAULT NULL,
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
    IF note IS NULL OR btrim(note) = '' THEN
        RAISE EXCEPTION 'say how and what the complainant was told' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    RETURN cs_policy.complaint_step(c, 'informed', cs_policy.event_time(at), actor, note => note);
END
$$;
COMMENT ON FUNCTION cs_policy.inform_complainant(text, text, timestamptz, text) IS
    'The complainant has been told the result (CP-3); only a resolved complaint';
REVOKE EXECUTE ON FUNCTION cs_policy.inform_complainant(text, text, timestamptz, text) FROM PUBLIC;

CREATE FUNCTION cs_policy.close_complaint(number text, note text DEFAULT NULL, at timestamptz DEFAULT NULL,
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
    RETURN cs_policy.complaint_step(c, 'closed', cs_policy.event_time(at), actor, note => note);
END
$$;
COMMENT ON FUNCTION cs_policy.close_complaint(text, text, timestamptz, text) IS
    'Closes a complaint whose complainant has been told the result';
REVOKE EXECUTE ON FUNCTION cs_policy.close_complaint(text, text, timestamptz, text) FROM PUBLIC;

CREATE FUNCTION cs_policy.reopen_complaint(number text, reason text, at timestamptz DEFAULT NULL,
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
    IF reason IS NULL OR btrim(reason) = '' THEN
        RAISE EXCEPTION 'a complaint is reopened with a reason' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    RETURN cs_policy.complaint_step(c, 'reopened', cs_policy.event_time(at), actor, reason => reason);
END
$$;
COMMENT ON FUNCTION cs_policy.reopen_complaint(text, text, timestamptz, text) IS
    'Reopens a resolved, informed or closed complaint, with a reason; its resolution targets run on from where they stopped (the time it stood resolved does not count)';
REVOKE EXECUTE ON FUNCTION cs_policy.reopen_complaint(text, text, timestamptz, text) FROM PUBLIC;

-- CP-3: a dispute or an incident gets an incident team at once.
CREATE FUNCTION cs_policy.form_incident_team(number text, members text, at timestamptz DEFAULT NULL,
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
    IF members IS NULL OR btrim(members) = '' THEN
        RAISE EXCEPTION 'name the members of the incident team' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    RETURN cs_policy.complaint_step(c, 'team_formed', cs_policy.event_time(at), actor, note => members);
END
$$;
COMMENT ON FUNCTION cs_policy.form_incident_team(text, text, timestamptz, text) IS
    'CP-3: records the incident team formed for a dispute or incident (its members)';
REVOKE EXECUTE ON FUNCTION cs_policy.form_incident_team(text, text, timestamptz, text) FROM PUBLIC;

-- CP-4: an emergency is reported to the department manager within 1 hour.
CREATE FUNCTION cs_policy.notify_manager(number text, note text DEFAULT NULL, at timestamptz DEFAULT NULL,
                                         acting_as text DEFAULT NULL)
RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    actor   cs_policy.employee := cs_policy.acting_employee(acting_as);
    c       cs_policy.complaint := cs_policy.complaint_by_number(number);
    manager cs_policy.employee;
BEGIN
    PERFORM cs_policy.check_may_handle_complaint(actor, c);
    -- the manager of the department concerned, or of the nearest department above it that has one
    SELECT e.* INTO manager
      FROM cs_policy.department d
      JOIN cs_policy.department up ON up.department_id = ANY (d.path)
      JOIN cs_policy.employee e ON e.employee_id = up.manager_id
     WHERE d.department_id = c.department_id
     ORDER BY array_position(d.path, up.department_id) DESC
     LIMIT 1;
    RETURN cs_policy.complaint_step(c, 'manager_notified', cs_policy.event_time(at), actor,
                                    note => concat_ws(': ', 'reported to ' || coalesce(manager.code || ' ' || manager.name,
                                                                                'the department manager'), note));
END
$$;
COMMENT ON FUNCTION cs_policy.notify_manager(text, text, timestamptz, text) IS
    'CP-4: records that the department manager was told of the complaint (an emergency within 1 hour); the note names the manager';
REVOKE EXECUTE ON FUNCTION cs_policy.notify_manager(text, text, timestamptz, text) FROM PUBLIC;

-- CP-5: the quality investigation report.
CREATE FUNCTION cs_policy.file_investigation_report(number text, summary text, at timestamptz DEFAULT NULL,
                                                    acting_as text DEFAULT NULL)
RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    actor cs_policy.employee := cs_policy.acting_employee(acting_as);
    c     cs_policy.complaint := cs_policy.complaint_by_number(number);
BEGIN
    IF summary IS NULL OR btrim(summary) = '' THEN
        RAISE EXCEPTION 'a report has a summary' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    -- the quality staff of the department concerned (or above it) write it as well as those in charge
    IF NOT cs_policy.is_quality_of(actor, c.department_id) THEN
        PERFORM cs_policy.check_may_handle_complaint(actor, c);
    END IF;
    RETURN cs_policy.complaint_step(c, 'report_filed', cs_policy.event_time(at), actor, note => summary);
END
$$;
COMMENT ON FUNCTION cs_policy.file_investigation_report(text, text, timestamptz, text) IS
    'CP-5: files the quality investigation report of a complaint (due within 3 days); by QA, the owner or those in charge';
REVOKE EXECUTE ON FUNCTION cs_policy.file_investigation_report(text, text, timestamptz, text) FROM PUBLIC;

-- CP-10: returned goods are inspected before any refund.
CREATE FUNCTION cs_policy.record_inspection(number text, passed boolean, note text, at timestamptz DEFAULT NULL,
                                            acting_as text DEFAULT NULL)
RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    actor cs_policy.employee := cs_policy.acting_employee(acting_as);
    c     cs_policy.complaint := cs_policy.complaint_by_number(number);
BEGIN
    IF NOT cs_policy.is_quality_of(actor, c.department_id) THEN
        PERFORM cs_policy.check_may_handle_complaint(actor, c);
    END IF;
    IF passed IS NULL OR note IS NULL OR btrim(note) = '' THEN
        RAISE EXCEPTION 'an inspection passes or fails, with a note of what was found' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    RETURN cs_policy.complaint_step(c, 'inspected', cs_policy.event_time(at), actor,
                                    outcome => CASE WHEN passed THEN 'passed' ELSE 'failed' END, note => note);
END
$$;
COMMENT ON FUNCTION cs_policy.record_inspection(text, boolean, text, timestamptz, text) IS
    'CP-10: the returned goods of a complaint were inspected and passed or failed; a refund needs a passed inspection';
REVOKE EXECUTE ON FUNCTION cs_policy.record_inspection(text, boolean, text, timestamptz, text) FROM PUBLIC;

-- CP-9: a complaint found valid against an agent is an incident of the
-- agent's, charged by the agent's rulebook like any other (penalty_lines).
CREATE FUNCTION cs_policy.mark_complaint_valid(number text, agent text DEFAULT NULL, amount numeric DEFAULT NULL,
                                               note text DEFAULT NULL, at timestamptz DEFAULT NULL,
                                               acting_as text DEFAULT NULL)
RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    audit_incident cs_policy.incident;
    actor   cs_policy.employee := cs_policy.acting_employee(acting_as);
    c       cs_policy.complaint := cs_policy.complaint_by_number(number);
    person  cs_policy.employee;
    when_   timestamptz := cs_policy.event_time(at);
    day     date;
    new_id  bigint;
    after_row jsonb;
BEGIN
    IF agent IS NULL AND c.against_employee_id IS NULL THEN
        RAISE EXCEPTION 'complaint % names no agent', c.number
            USING ERRCODE = 'null_value_not_allowed',
                  HINT = 'Pass agent => the staff number of the agent it is valid against.';
    END IF;
    IF agent IS NOT NULL THEN
        person := cs_policy.employee_by_code(agent);
    ELSE
        SELECT * INTO STRICT person FROM cs_policy.employee e WHERE e.employee_id = c.against_employee_id;
    END IF;
    IF c.category < 'complaint' THEN
        RAISE EXCEPTION 'a % is not a complaint against an agent', c.category
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'CP-9 charges valid complaints (the categories complaint, dispute and incident).';
    END IF;
    IF EXISTS (SELECT 1 FROM cs_policy.incident i
                WHERE i.employee_id = person.employee_id AND i.complaint_number = c.number AND i.withdrawn_at IS NULL) THEN
        RAISE EXCEPTION 'complaint % was found valid against % already', c.number, person.code
            USING ERRCODE = 'unique_violation';
    END IF;
    PERFORM cs_policy.check_may_record_incident(actor, person);
    day := cs_policy.local_day(person.employee_id, when_);
    -- the amount where the agent's rules charge by severity (hotline_2009); none where they count
    IF EXISTS (SELECT 1 FROM cs_policy.rulebook_rules((cs_policy.policy_for(person.employee_id, day, 'attendance')).rulebook) r
                WHERE r.kind = 'incident' AND r.name = 'valid_complaint') THEN
        PERFORM cs_policy.check_incident_measure(person, 'valid_complaint', day, amount);
    ELSIF amount IS NOT NULL THEN
        RAISE EXCEPTION 'the rules in force for % do not charge a valid complaint by amount', person.code
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Leave amount out: the rules count valid complaints, or do not charge them.';
    END IF;
    PERFORM cs_policy.complaint_step(c, 'found_valid', when_, actor, agent_id => person.employee_id, note => note);
    PERFORM cs_policy.refuse_if_closed(person.employee_id, day, NULL, 'marking a complaint valid');
    INSERT INTO cs_policy.incident AS x (employee_id, work_date, kind, measure, note, recorded_at, recorded_by, complaint_number)
    VALUES (person.employee_id, day, 'valid_complaint', amount,
            'complaint ' || c.number || coalesce(': ' || nullif(btrim(note), ''), ''), when_, actor.employee_id, c.number)
    RETURNING x.* INTO audit_incident;
    new_id := audit_incident.incident_id;
    after_row := to_jsonb(audit_incident);
    PERFORM cs_policy.audit(actor.employee_id, 'mark_complaint_valid', 'incident', NULL, after_row);
    RETURN new_id;
END
$$;
COMMENT ON FUNCTION cs_policy.mark_complaint_valid(text, text, numeric, text, timestamptz, text) IS
    'CP-9: a supervisor or above of the agent''s department (or QA, a trainer) marks a complaint valid against an agent: the complaint''s log records it and the agent gets an incident valid_complaint on the day, charged by the agent''s rulebook in penalty_lines (hotline_2009: 20 to 100 by severity, given as amount, with a self-review, and a transfer review from the 5th in 12 months; points_2024: 30, then 60, then a dismissal review, and 20 points); withdraw_incident undoes it; returns incident_id';
REVOKE EXECUTE ON FUNCTION cs_policy.mark_complaint_valid(text, text, numeric, text, timestamptz, text) FROM PUBLIC;

-- ------------------------------------------------------------- reading

CREATE VIEW cs_policy.complaint_overview WITH (security_invoker = true) AS
SELECT c.number,
       c.category,
       c.channel,
       c.state,
       d.code AS department_code,
       h.code AS handling_department_code,
       first.code AS first_contact,
       owner.code AS owner,
       owner.name AS owner_name,
       against.code AS against,
       c.emergency,
       c.repair,
       c.received_at,
       c.received_on,
       (SELECT max(e.at) FROM cs_policy.complaint_event e
         WHERE e.employee_id OPERATOR(pg_catalog.=) c.employee_id
           AND e.complaint_id OPERATOR(pg_catalog.=) c.complaint_id) AS last_event_at,
       c.complainant_name_masked AS complainant_name,
       c.complainant_contact_masked AS complainant_contact,
       c.complainant_address_masked AS complainant_address,
       c.facts_masked AS facts,
       c.request_masked AS request,
       c.employee_id,
       c.complaint_id
  FROM cs_policy.complaint c
  JOIN cs_policy.department d ON d.department_id OPERATOR(pg_catalog.=) c.department_id
  LEFT JOIN cs_policy.department h ON h.department_id OPERATOR(pg_catalog.=) c.handling_department_id
  -- (left joins: a reader may see a complaint but not the people on it, SEC-1)
  LEFT JOIN cs_policy.employee first ON first.employee_id OPERATOR(pg_catalog.=) c.employee_id
  LEFT JOIN cs_policy.employee owner ON owner.employee_id OPERATOR(pg_catalog.=) c.owner_id
  LEFT JOIN cs_policy.employee against ON against.employee_id OPERATOR(pg_catalog.=) c.against_employee_id;
COMMENT ON VIEW cs_policy.complaint_overview IS
    'Every complaint the caller may see with its number, category, state, department and who took it and answers for it now; the complainant''s name, contact and address, and numbers in the facts, masked (SEC-3: the owner reads them with customer_contact after verify_customer_identity)';
COMMENT ON COLUMN cs_policy.complaint_overview.number IS 'CP-5: YYYYMM-NNNNN';
COMMENT ON COLUMN cs_policy.complaint_overview.category IS 'CP-1 category';
COMMENT ON COLUMN cs_policy.complaint_overview.channel IS 'How it came in';
COMMENT ON COLUMN cs_policy.complaint_overview.state IS 'open, waiting, resolved, informed or closed';
COMMENT ON COLUMN cs_policy.complaint_overview.department_code IS 'Department concerned';
COMMENT ON COLUMN cs_policy.complaint_overview.handling_department_code IS 'The department it was routed to (NULL: not routed)';
COMMENT ON COLUMN cs_policy.complaint_overview.first_contact IS 'CP-4: staff number of who took it first';
COMMENT ON COLUMN cs_policy.complaint_overview.owner IS 'CP-4: staff number of who answers for it now';
COMMENT ON COLUMN cs_policy.complaint_overview.owner_name IS 'Their name';
COMMENT ON COLUMN cs_policy.complaint_overview.against IS 'Staff number of the agent it is about, if any';
COMMENT ON COLUMN cs_policy.complaint_overview.emergency IS 'CP-4: an emergency';
COMMENT ON COLUMN cs_policy.complaint_overview.repair IS 'CP-7: a repair case';
COMMENT ON COLUMN cs_policy.complaint_overview.received_at IS 'When received';
COMMENT ON COLUMN cs_policy.complaint_overview.received_on IS 'Local day of receipt';
COMMENT ON COLUMN cs_policy.complaint_overview.last_event_at IS 'When something last happened to it';
COMMENT ON COLUMN cs_policy.complaint_overview.complainant_name IS 'SEC-3: masked (张**)';
COMMENT ON COLUMN cs_policy.complaint_overview.complainant_contact IS 'SEC-3: masked (138****5678)';
COMMENT ON COLUMN cs_policy.complaint_overview.complainant_address IS 'SEC-3: masked (the first 6 characters)';
COMMENT ON COLUMN cs_policy.complaint_overview.facts IS 'What happened (phone, ID and card numbers masked, SEC-3)';
COMMENT ON COLUMN cs_policy.complaint_overview.request IS 'What the complainant asks for (numbers masked, SEC-3)';
COMMENT ON COLUMN cs_policy.complaint_overview.employee_id IS 'employee_id of the first-contact owner (the key with complaint_id)';
COMMENT ON COLUMN cs_policy.complaint_overview.complaint_id IS 'Surrogate key';

CREATE VIEW cs_policy.complaint_history WITH (security_invoker = true) AS
SELECT c.number,
       e.event_id,
       e.kind,
       e.at,
       who.code AS by_employee,
       owner.code AS new_owner,
       d.code AS department_code,
       agent.code AS agent,
       e.outcome,
       e.reason,
       e.note,
       e.recorded_at
  FROM cs_policy.complaint_event e
  JOIN cs_policy.complaint c ON c.employee_id OPERATOR(pg_catalog.=) e.employee_id
                            AND c.complaint_id OPERATOR(pg_catalog.=) e.complaint_id
  LEFT JOIN cs_policy.employee who ON who.employee_id OPERATOR(pg_catalog.=) e.by_id
  LEFT JOIN cs_policy.employee owner ON owner.employee_id OPERATOR(pg_catalog.=) e.owner_id
  LEFT JOIN cs_policy.employee agent ON agent.employee_id OPERATOR(pg_catalog.=) e.agent_id
  LEFT JOIN cs_policy.department d ON d.department_id OPERATOR(pg_catalog.=) e.department_id;
COMMENT ON VIEW cs_policy.complaint_history IS 'The log of every complaint, event by event, with staff numbers';
COMMENT ON COLUMN cs_policy.complaint_history.number IS 'Complaint number';
COMMENT ON COLUMN cs_policy.complaint_history.event_id IS 'Order of recording';
COMMENT ON COLUMN cs_policy.complaint_history.kind IS 'What happened';
COMMENT ON COLUMN cs_policy.complaint_history.at IS 'When';
COMMENT ON COLUMN cs_policy.complaint_history.by_employee IS 'Staff number of who did it';
COMMENT ON COLUMN cs_policy.complaint_history.new_owner IS 'assigned, handed_on: the new owner';
COMMENT ON COLUMN cs_policy.complaint_history.department_code IS 'assigned: the department that handles it';
COMMENT ON COLUMN cs_policy.complaint_history.agent IS 'found_valid: the agent it is valid against';
COMMENT ON COLUMN cs_policy.complaint_history.outcome IS 'resolved: how; inspected: passed or failed';
COMMENT ON COLUMN cs_policy.complaint_history.reason IS 'Why (handed on, waiting, reopened, late repair)';
COMMENT ON COLUMN cs_policy.complaint_history.note IS 'What was done or said';
COMMENT ON COLUMN cs_policy.complaint_history.recorded_at IS 'When recorded';

-- --------------------------------------------------- the customer's data

-- SEC-3: a customer's data is shown only to the agent serving them, after
-- their identity is verified. The check is recorded for the owner who made
-- it (employee_id, the distribution column) and opens the data to that
-- owner for identity_check_minutes of the access policy.
CREATE TABLE cs_policy.identity_check (
    employee_id            bigint NOT NULL REFERENCES cs_policy.employee,
    check_id               bigint GENERATED ALWAYS AS IDENTITY,
    complaint_employee_id  bigint NOT NULL,
    complaint_id           bigint NOT NULL,
    method                 text NOT NULL
                           CHECK (method OPERATOR(pg_catalog.=) ANY ('{caller_id,security_question,order_number,sms_code,id_document}')),
    at                     timestamptz NOT NULL DEFAULT pg_catalog.now(),
    PRIMARY KEY (employee_id, check_id)
);
COMMENT ON TABLE cs_policy.identity_check IS
    'SEC-3: the owner of a complaint verified the customer''s identity for this contact; opens the customer''s data to that owner for identity_check_minutes (access policy, default 30). Written by verify_customer_identity';
COMMENT ON COLUMN cs_policy.identity_check.employee_id IS 'The owner who verified';
COMMENT ON COLUMN cs_policy.identity_check.check_id IS 'Surrogate key';
COMMENT ON COLUMN cs_policy.identity_check.complaint_employee_id IS 'The complaint''s first-contact owner (its key with complaint_id)';
COMMENT ON COLUMN cs_policy.identity_check.complaint_id IS 'The complaint';
COMMENT ON COLUMN cs_policy.identity_check.method IS 'caller_id, security_question, order_number, sms_code or id_document';
COMMENT ON COLUMN cs_policy.identity_check.at IS 'When';
SELECT pg_catalog.pg_extension_config_dump('cs_policy.identity_check', '');
SELECT pg_catalog.pg_extension_config_dump('cs_policy.identity_check_check_id_seq', '');

CREATE FUNCTION cs_policy.check_owns_complaint(actor cs_policy.employee, c cs_policy.complaint)
RETURNS void
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF actor.employee_id IS DISTINCT FROM c.owner_id THEN
        RAISE EXCEPTION '% does not own complaint % and may not read its customer''s data', actor.code, c.number
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = 'SEC-3: a customer''s data is shown only to the employee serving them, after verifying their identity.',
                  HINT = 'Its owner reads it (complaint_overview shows it masked to everyone); HR and auditors read the raw columns.';
    END IF;
END
$$;
COMMENT ON FUNCTION cs_policy.check_owns_complaint(cs_policy.employee, cs_policy.complaint) IS
    'SEC-3: raises 42501 unless the actor owns the complaint now';
REVOKE EXECUTE ON FUNCTION cs_policy.check_owns_complaint(cs_policy.employee, cs_policy.complaint) FROM PUBLIC;

CREATE FUNCTION cs_policy.verify_customer_identity(number text, method text, acting_as text DEFAULT NULL)
RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    actor cs_policy.employee := cs_policy.acting_employee(acting_as);
    c     cs_policy.complaint;
    how   text := cs_policy.check_label('identity check method', method,
                                        '{caller_id,security_question,order_number,sms_code,id_document}');
    new_id bigint;
BEGIN
    c := cs_policy.complaint_by_number(number, for_update => false);
    PERFORM cs_policy.check_owns_complaint(actor, c);
    INSERT INTO cs_policy.identity_check (employee_id, complaint_employee_id, complaint_id, method)
    VALUES (actor.employee_id, c.employee_id, c.complaint_id, how)
    RETURNING check_id INTO new_id;
    PERFORM cs_policy.audit(actor.employee_id, 'verify_customer_identity', 'identity_check', NULL,
                            jsonb_build_object('check_id', new_id, 'number', c.number, 'method', how));
    RETURN new_id;
END
$$;
COMMENT ON FUNCTION cs_policy.verify_customer_identity(text, text, text) IS
    'SEC-3: the owner of a complaint records that they verified the customer''s identity (caller_id, security_question, order_number, sms_code or id_document); for identity_check_minutes after it, customer_contact shows them the customer''s data; returns check_id';
REVOKE EXECUTE ON FUNCTION cs_policy.verify_customer_identity(text, text, text) FROM PUBLIC;

-- The one door to a customer's unmasked data for anyone but HR and
-- auditors, and every passage through it is logged.
CREATE FUNCTION cs_policy.customer_contact(number text, acting_as text DEFAULT NULL)
RETURNS TABLE (complainant_name text, complainant_contact text, complainant_address text, facts text, request text)
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    actor  cs_policy.employee := cs_policy.acting_employee(acting_as);
    c      cs_policy.complaint;
    opened_for interval := make_interval(mins => coalesce((cs_policy.settings_for(actor.employee_id, CURRENT_DATE, 'access')
                                                        ->> 'identity_check_minutes')::integer, 30));
BEGIN
    c := cs_policy.complaint_by_number(number, for_update => false);
    PERFORM cs_policy.check_owns_complaint(actor, c);
    IF NOT EXISTS (SELECT 1 FROM cs_policy.identity_check v
                    WHERE v.employee_id = actor.employee_id
                      AND v.complaint_employee_id = c.employee_id AND v.complaint_id = c.complaint_id
                      AND v.at > now() - opened_for) THEN
        RAISE EXCEPTION 'the customer of complaint % has not been verified in this contact', c.number
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = format('SEC-3: a customer''s data is shown after their identity is verified; a check opens it for %s.', opened_for),
                  HINT = format('SELECT cs_policy.verify_customer_identity(%L, ''security_question'') first.', c.number);
    END IF;
    PERFORM cs_policy.audit(actor.employee_id, 'customer_contact', 'complaint', NULL,
                            jsonb_build_object('number', c.number, 'employee_id', c.employee_id, 'complaint_id', c.complaint_id));
    RETURN QUERY SELECT c.complainant_name, c.complainant_contact, c.complainant_address, c.facts, c.request;
END
$$;
COMMENT ON FUNCTION cs_policy.customer_contact(text, text) IS
    'SEC-3: the complainant''s name, contact, address, facts and request unmasked, for the owner of the complaint within identity_check_minutes of verify_customer_identity (and on shift, SEC-4); every read is written to the audit log';
REVOKE EXECUTE ON FUNCTION cs_policy.customer_contact(text, text) FROM PUBLIC;

CREATE VIEW cs_policy.customer_data_reads WITH (security_invoker = true) AS
SELECT a.at,
       a.login,
       e.code AS employee_code,
       a.after ->> 'number' AS complaint_number
  FROM cs_policy.audit_log a
  LEFT JOIN cs_policy.employee e ON e.employee_id OPERATOR(pg_catalog.=) a.employee_id
 WHERE a.command OPERATOR(pg_catalog.=) 'customer_contact';
COMMENT ON VIEW cs_policy.customer_data_reads IS 'SEC-3: every unmasked read of a customer''s data: who, when, which complaint (auditors)';
COMMENT ON COLUMN cs_policy.customer_data_reads.at IS 'When';
COMMENT ON COLUMN cs_policy.customer_data_reads.login IS 'The login (session user)';
COMMENT ON COLUMN cs_policy.customer_data_reads.employee_code IS 'The employee it acted for';
COMMENT ON COLUMN cs_policy.customer_data_reads.complaint_number IS 'Whose data';
