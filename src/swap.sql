-- src/swap.sql: shift swaps with consent and approval (SH-7, SH-8, SH-9) (no C)

CREATE TABLE cs_policy.swap (
    employee_id   bigint NOT NULL REFERENCES cs_policy.employee,
    swap_id       bigint GENERATED ALWAYS AS IDENTITY,
    kind          text NOT NULL CHECK (kind IN ('self', 'colleague')),
    give_date     date NOT NULL,
    colleague_id  bigint REFERENCES cs_policy.employee,
    take_date     date NOT NULL,
    reason        text NOT NULL CHECK (pg_catalog.btrim(reason) OPERATOR(pg_catalog.<>) ''),
    state         text NOT NULL DEFAULT 'requested'
                  CHECK (state IN ('requested', 'consented', 'approved', 'refused', 'cancelled')),
    requested_at  timestamptz NOT NULL DEFAULT pg_catalog.now(),
    consented_at  timestamptz,
    decided_at    timestamptz,
    decided_by    bigint,
    decision_note text,
    PRIMARY KEY (employee_id, swap_id),
    CHECK ((kind OPERATOR(pg_catalog.=) 'self') OPERATOR(pg_catalog.=) (colleague_id IS NULL)),
    CHECK (colleague_id IS DISTINCT FROM employee_id),
    CHECK (kind OPERATOR(pg_catalog.=) 'colleague' OR give_date OPERATOR(pg_catalog.<>) take_date)
);
COMMENT ON TABLE cs_policy.swap IS
    'Shift swaps (SH-7, SH-8): a self-swap moves the requester''s shift to another day; a swap with a colleague gives the requester''s shift on give_date to the colleague, who gives theirs on take_date back. Change through request_swap, consent_swap, approve_swap, refuse_swap, cancel_swap';
COMMENT ON COLUMN cs_policy.swap.employee_id IS 'The requester (the distribution column)';
COMMENT ON COLUMN cs_policy.swap.swap_id IS 'Swap number';
COMMENT ON COLUMN cs_policy.swap.kind IS 'self (move one''s own shift) or colleague';
COMMENT ON COLUMN cs_policy.swap.give_date IS 'Date of the requester''s shift that is given away or moved';
COMMENT ON COLUMN cs_policy.swap.colleague_id IS 'The colleague (kind colleague)';
COMMENT ON COLUMN cs_policy.swap.take_date IS 'Self-swap: the date the shift moves to. Colleague: the date of the colleague''s shift the requester works in return';
COMMENT ON COLUMN cs_policy.swap.reason IS 'Why';
COMMENT ON COLUMN cs_policy.swap.state IS 'requested, consented (by the colleague), approved, refused or cancelled';
COMMENT ON COLUMN cs_policy.swap.requested_at IS 'When requested';
COMMENT ON COLUMN cs_policy.swap.consented_at IS 'When the colleague consented';
COMMENT ON COLUMN cs_policy.swap.decided_at IS 'When approved, refused or cancelled';
COMMENT ON COLUMN cs_policy.swap.decided_by IS 'employee_id of who decided';
COMMENT ON COLUMN cs_policy.swap.decision_note IS 'Reason for a refusal';

-- Approved swap days per person and month, counted under a row lock, so
-- that two approvals racing in two sessions cannot both pass a limit.
CREATE TABLE cs_policy.swap_tally (
    employee_id    bigint NOT NULL REFERENCES cs_policy.employee,
    month          date NOT NULL,
    self_days      integer NOT NULL DEFAULT 0 CHECK (self_days >= 0),
    colleague_days integer NOT NULL DEFAULT 0 CHECK (colleague_days >= 0),
    PRIMARY KEY (employee_id, month)
);
COMMENT ON TABLE cs_policy.swap_tally IS 'Approved swap days per person and month (SH-7 limits), kept by approve_swap';
COMMENT ON COLUMN cs_policy.swap_tally.employee_id IS 'Who swapped';
COMMENT ON COLUMN cs_policy.swap_tally.month IS 'Month of the day the person gave away';
COMMENT ON COLUMN cs_policy.swap_tally.self_days IS 'Days moved by self-swaps';
COMMENT ON COLUMN cs_policy.swap_tally.colleague_days IS 'Days swapped with colleagues (requester and colleague alike)';

SELECT pg_catalog.pg_extension_config_dump('cs_policy.swap', '');
SELECT pg_catalog.pg_extension_config_dump('cs_policy.swap_swap_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('cs_policy.swap_tally', '');

-- Whether an employee is rostered on a day, and the shift came from a
-- swap: one employee's rows, one query (on Citus, one shard).
CREATE FUNCTION cs_policy.rostered_on(employee_id bigint, day date, OUT rostered boolean, OUT from_swap boolean)
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    SELECT count(*) > 0, coalesce(bool_or(r.swap_id IS NOT NULL), false) INTO rostered, from_swap
      FROM cs_policy.roster r
     WHERE r.employee_id = rostered_on.employee_id AND r.work_date = day;
END
$$;
COMMENT ON FUNCTION cs_policy.rostered_on(bigint, date) IS
    'Whether the employee has a shift on the day, and whether one of them came from a swap';

-- Checks that hold at request and again at approval. Each party's roster
-- is asked on its own: one query over two employees' rows would span two
-- shards on Citus.
CREATE FUNCTION cs_policy.check_swap(s cs_policy.swap)
RETURNS void
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    requester text := (SELECT e.code FROM cs_policy.employee e WHERE e.employee_id = s.employee_id);
    colleague text := (SELECT e.code FROM cs_policy.employee e WHERE e.employee_id = s.colleague_id);
    -- the requester's shift given, the requester on the day taken, the
    -- colleague's shift given back, the colleague on the day given
    gives     boolean;
    gives_swapped boolean;
    stays     boolean;
    returned  boolean := false;
    returned_swapped boolean := false;
    busy      boolean := false;
    the_swap      bigint;
    the_requester bigint;
    the_colleague bigint;
    the_give      date;
    the_take      date;
BEGIN
    SELECT r.rostered, r.from_swap INTO gives, gives_swapped FROM cs_policy.rostered_on(s.employee_id, s.give_date) r;
    SELECT r.rostered INTO stays FROM cs_policy.rostered_on(s.employee_id, s.take_date) r;
    IF s.kind = 'colleague' THEN
        SELECT r.rostered, r.from_swap INTO returned, returned_swapped FROM cs_policy.rostered_on(s.colleague_id, s.take_date) r;
        SELECT r.rostered INTO busy FROM cs_policy.rostered_on(s.colleague_id, s.give_date) r;
    END IF;
    IF NOT gives THEN
        RAISE EXCEPTION '% has no shift on % to swap', requester, s.give_date
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF s.kind = 'colleague' AND NOT returned THEN
        RAISE EXCEPTION '% has no shift on % to give in return', colleague, s.take_date
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF s.kind = 'colleague' AND s.give_date <> s.take_date AND (busy OR stays) THEN
        RAISE EXCEPTION '% and % would each work two shifts on one day: each must be off on the day taken over', requester, colleague
            USING ERRCODE = 'exclusion_violation',
                  DETAIL = format('%s gives %s and takes %s; SH-9: a swap may not leave a shift double-booked.',
                                  requester, s.give_date, s.take_date);
    END IF;
    IF s.kind = 'self' AND stays THEN
        RAISE EXCEPTION '% already works on %: moving the shift there would double-book the day', requester, s.take_date
            USING ERRCODE = 'exclusion_violation',
                  DETAIL = 'SH-9: a swap may not leave a shift double-booked.';
    END IF;
    -- SH-8: no chained swaps: a shift that came from a swap, or a day that
    -- is part of another open or approved swap, is not swapped again.
    IF gives_swapped OR returned_swapped THEN
        RAISE EXCEPTION 'the shift was already swapped once and cannot be swapped again'
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = 'SH-8: no chained swaps.';
    END IF;
    -- (the swap's fields as plain values: Citus cannot send a query a row
    -- variable's fields)
    the_swap := s.swap_id; the_requester := s.employee_id; the_colleague := s.colleague_id;
    the_give := s.give_date; the_take := s.take_date;
    IF EXISTS (SELECT 1 FROM cs_policy.swap o
                WHERE o.swap_id <> the_swap AND o.state IN ('requested', 'consented', 'approved')
                  AND ((o.employee_id = the_requester
                        AND (the_give IN (o.give_date, o.take_date) OR the_take IN (o.give_date, o.take_date)))
                       OR (o.colleague_id = the_requester AND o.take_date = the_give)
                       OR (the_colleague IS NOT NULL
                           AND ((o.employee_id = the_colleague AND the_take IN (o.give_date, o.take_date))
                                OR (o.colleague_id = the_colleague AND o.take_date = the_take))))) THEN
        RAISE EXCEPTION 'one of these days is already part of another swap'
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = 'SH-8: no chained swaps.',
                  HINT = 'Cancel or finish the other swap first.';
    END IF;
END
$$;
COMMENT ON FUNCTION cs_policy.check_swap(cs_policy.swap) IS
    'The checks of a swap that hold at request and at approval: shifts exist, no double-booking (SH-9), no chained swaps (SH-8)';

CREATE FUNCTION cs_policy.request_swap(give_date date, take_date date, reason text, colleague text DEFAULT NULL,
                                       acting_as text DEFAULT NULL)
RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    audit_swap cs_policy.swap;
    actor cs_policy.employee := cs_policy.acting_employee(acting_as);
    other cs_policy.employee;
    s     cs_policy.swap;
    after_row jsonb;
BEGIN
    IF give_date IS NULL OR take_date IS NULL THEN
        RAISE EXCEPTION 'a swap needs the date given and the date taken' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF reason IS NULL OR btrim(reason) = '' THEN
        RAISE EXCEPTION 'a swap needs a reason' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF colleague IS NOT NULL THEN
        other := cs_policy.employee_by_code(colleague);
        IF other.employee_id = actor.employee_id THEN
            RAISE EXCEPTION 'a swap with oneself is a self-swap: leave colleague out'
                USING ERRCODE = 'invalid_parameter_value';
        END IF;
    ELSIF give_date = take_date THEN
        RAISE EXCEPTION 'a self-swap moves the shift to another day' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    s.employee_id := actor.employee_id;
    s.swap_id := 0;
    s.kind := CASE WHEN other.employee_id IS NULL THEN 'self' ELSE 'colleague' END;
    s.give_date := give_date;
    s.take_date := take_date;
    s.colleague_id := other.employee_id;
    PERFORM cs_policy.check_swap(s);
    INSERT INTO cs_policy.swap AS w (employee_id, kind, give_date, colleague_id, take_date, reason)
    VALUES (s.employee_id, s.kind, s.give_date, s.colleague_id, s.take_date, request_swap.reason)
    RETURNING w.* INTO audit_swap;
    s.swap_id := audit_swap.swap_id;
    after_row := to_jsonb(audit_swap);
    PERFORM cs_policy.audit(actor.employee_id, 'request_swap', 'swap', NULL, after_row);
    RETURN s.swap_id;
END
$$;
COMMENT ON FUNCTION cs_policy.request_swap(date, date, text, text, text) IS
    'The acting employee asks to swap: without colleague, moves their shift of give_date to take_date (self-swap); with a colleague, gives their shift of give_date to the colleague and works the colleague''s shift of take_date (SH-7, SH-8); returns swap_id';
REVOKE EXECUTE ON FUNCTION cs_policy.request_swap(date, date, text, text, text) FROM PUBLIC;

CREATE FUNCTION cs_policy.swap_by_id(swap_id bigint)
RETURNS cs_policy.swap
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    its_employee bigint;
    s cs_policy.swap;
BEGIN
    -- by employee_id first: on Citus a row lock must name its shard
    SELECT w.employee_id INTO its_employee FROM cs_policy.swap w WHERE w.swap_id = swap_by_id.swap_id;
    SELECT * INTO s FROM cs_policy.swap w
     WHERE w.employee_id = its_employee AND w.swap_id = swap_by_id.swap_id FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'swap % does not exist', swap_id USING ERRCODE = 'no_data_found';
    END IF;
    RETURN s;
END
$$;
COMMENT ON FUNCTION cs_policy.swap_by_id(bigint) IS 'The swap, locked for update, or P0002';
REVOKE EXECUTE ON FUNCTION cs_policy.swap_by_id(bigint) FROM PUBLIC;

CREATE FUNCTION cs_policy.consent_swap(swap_id bigint, acting_as text DEFAULT NULL)
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    audit_swap cs_policy.swap;
    actor cs_policy.employee := cs_policy.acting_employee(acting_as);
    s     cs_policy.swap := cs_policy.swap_by_id(swap_id);
    after_row jsonb;
BEGIN
    IF s.kind <> 'colleague' OR actor.employee_id IS DISTINCT FROM s.colleague_id THEN
        RAISE EXCEPTION 'only the colleague asked may consent to swap %', swap_id
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = 'SH-8: a swap needs both parties'' consent.';
    END IF;
    IF s.state <> 'requested' THEN
        RAISE EXCEPTION 'swap % is %, not waiting for consent', swap_id, s.state
            USING ERRCODE = 'object_not_in_prerequisite_state';
    END IF;
    UPDATE cs_policy.swap w SET state = 'consented', consented_at = now()
     WHERE w.employee_id = s.employee_id AND w.swap_id = s.swap_id
    RETURNING w.* INTO audit_swap;
    after_row := to_jsonb(audit_swap);
    PERFORM cs_policy.audit(actor.employee_id, 'consent_swap', 'swap', to_jsonb(s), after_row);
END
$$;
COMMENT ON FUNCTION cs_policy.consent_swap(bigint, text) IS 'The colleague consents to a swap (SH-8)';
REVOKE EXECUTE ON FUNCTION cs_policy.consent_swap(bigint, text) FROM PUBLIC;

-- After the swap: nobody works two shifts less than min_rest_hours apart
-- (SH-8), and no slot falls below its staffing minimum because of it (SH-9).
CREATE TYPE cs_policy.coverage_slot AS (department_id bigint, slot_start timestamptz, rostered integer, required integer);
COMMENT ON TYPE cs_policy.coverage_slot IS 'Agents on line in one 30-minute slot of a department and the minimum required, remembered across a change';

-- Coverage of the hours a swap may empty, before it changes anything.
-- Coverage is asked department by department and piece by piece, each a
-- query of its own (coverage_of), never from inside a query over the
-- departments: on Citus a query run for each row of a shard fails.
CREATE FUNCTION cs_policy.coverage_snapshot(s cs_policy.swap, hours tstzmultirange)
RETURNS cs_policy.coverage_slot[]
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    above    bigint[] := (SELECT d.path FROM cs_policy.employee who
                            JOIN cs_policy.department d ON d.department_id = who.department_id
                           WHERE who.employee_id = s.employee_id);
    up       bigint;
    piece    tstzrange;
    snapshot cs_policy.coverage_slot[] := '{}';
BEGIN
    FOREACH up IN ARRAY coalesce(above, '{}') LOOP
        FOR piece IN SELECT x FROM unnest(hours) AS x LOOP
            snapshot := snapshot || ARRAY(SELECT ROW(up, c.slot_start, c.rostered, c.required)::cs_policy.coverage_slot
                                            FROM cs_policy.coverage_of(up, lower(piece), upper(piece)) c);
        END LOOP;
    END LOOP;
    RETURN snapshot;
END
$$;
COMMENT ON FUNCTION cs_policy.coverage_snapshot(cs_policy.swap, tstzmultirange) IS
    'Agents on line, per department above the requester and 30-minute slot, in the given hours';

CREATE FUNCTION cs_policy.check_swapped_roster(s cs_policy.swap, before tstzmultirange,
                                               coverage_before cs_policy.coverage_slot[])
RETURNS void
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    party      bigint;
    hours      numeric;
    close_pair record;
    gap        record;
    after      cs_policy.coverage_slot[];
BEGIN
    -- SH-8, each party's own roster on its own (one shard each on Citus)
    FOREACH party IN ARRAY array_remove(ARRAY[s.employee_id, s.colleague_id], NULL) LOOP
        hours := (cs_policy.settings_for(party, s.give_date, 'shift') ->> 'min_rest_hours_between_shifts')::numeric;
        SELECT e.code, a.work_date AS first_date, a.shift AS first_shift, b.work_date AS second_date, b.shift AS second_shift,
               lower(b.instants) - upper(a.instants) AS rest
          INTO close_pair
          FROM cs_policy.roster a
          JOIN cs_policy.roster b ON b.employee_id = a.employee_id
          JOIN cs_policy.employee e ON e.employee_id = a.employee_id
         WHERE a.employee_id = party AND b.employee_id = party
           AND a.work_date BETWEEN least(s.give_date, s.take_date) - 2 AND greatest(s.give_date, s.take_date) + 2
           AND lower(b.instants) >= upper(a.instants)
           AND lower(b.instants) - upper(a.instants) < hours * interval '1 hour'
           AND (a.swap_id = s.swap_id OR b.swap_id = s.swap_id)
         LIMIT 1;
        IF FOUND THEN
            RAISE EXCEPTION 'the swap would make % work back to back: % on % and % on % are % apart',
                            close_pair.code, close_pair.first_shift, close_pair.first_date,
                            close_pair.second_shift, close_pair.second_date, close_pair.rest
                USING ERRCODE = 'check_violation',
                      DETAIL = format('SH-8: the swapper and the one repaying may not work two shifts back to back (less than %s hours apart).', hours);
        END IF;
    END LOOP;

    -- every 30 minutes of the shifts the swap took away, for every
    -- department above the requester that has staffing rules
    after := cs_policy.coverage_snapshot(s, before);
    SELECT c.slot_start, c.rostered, c.required INTO gap
      FROM unnest(after) AS c
      JOIN unnest(coverage_before) AS cb ON cb.slot_start = c.slot_start AND cb.department_id = c.department_id
     WHERE c.rostered < c.required AND c.rostered < cb.rostered
     ORDER BY c.slot_start
     LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'the swap would leave % with % agents on line where % are required', gap.slot_start, gap.rostered, gap.required
            USING ERRCODE = 'check_violation',
                  DETAIL = 'SH-9: a swap may not leave a shift uncovered (SH-3 sets the minimum staffing).';
    END IF;
END
$$;
COMMENT ON FUNCTION cs_policy.check_swapped_roster(cs_policy.swap, tstzmultirange, cs_policy.coverage_slot[]) IS
    'Checks the roster after a swap: no back-to-back shifts for either party (SH-8), no slot the swap emptied below its staffing minimum and below what it had before (SH-9)';

CREATE FUNCTION cs_policy.approve_swap(swap_id bigint, acting_as text DEFAULT NULL)
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    audit_swap cs_policy.swap;
    actor     cs_policy.employee := cs_policy.acting_employee(acting_as);
    s         cs_policy.swap := cs_policy.swap_by_id(swap_id);
    requester cs_policy.employee;
    party     record;
    tally     cs_policy.swap_tally;
    limits    jsonb;
    given_up  tstzmultirange;
    before    cs_policy.coverage_slot[];
    moving    cs_policy.roster[];
    template_name text;
    begun     record;
    leaver    record;
    partner   cs_policy.employee;
    party_id  bigint;
    before_rows jsonb;
    after_row   jsonb;
BEGIN
    SELECT * INTO STRICT requester FROM cs_policy.employee e WHERE e.employee_id = s.employee_id;
    PERFORM cs_policy.check_in_charge(actor, requester.department_id, 'approve swaps of ' || requester.code);
    -- a party who has left works no more shifts (end_employment took them off the roster)
    SELECT e.code, e.left_on INTO leaver FROM cs_policy.employee e
     WHERE e.employee_id = ANY (array_remove(ARRAY[s.employee_id, s.colleague_id], NULL)) AND NOT e.active
     ORDER BY e.code LIMIT 1;
    IF leaver.code IS NOT NULL THEN
        RAISE EXCEPTION 'swap % cannot be approved: % left on %', swap_id, leaver.code, leaver.left_on
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  HINT = 'Refuse it (refuse_swap).';
    END IF;
    -- the shifts a colleague swap hands over are written below as they are
    -- (not through put_on_roster): each within the employment of who takes it
    IF s.colleague_id IS NOT NULL THEN
        SELECT * INTO STRICT partner FROM cs_policy.employee e WHERE e.employee_id = s.colleague_id;
        PERFORM cs_policy.check_employed(requester, s.take_date, NULL, 'shift');
        PERFORM cs_policy.check_employed(partner, s.give_date, NULL, 'shift');
    END IF;
    IF s.state = 'requested' AND s.kind = 'colleague' THEN
        RAISE EXCEPTION 'swap % needs the colleague''s consent before approval', swap_id
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = 'SH-8: both parties consent, then the manager approves.';
    END IF;
    IF s.state NOT IN ('requested', 'consented') THEN
        RAISE EXCEPTION 'swap % is already %', swap_id, s.state USING ERRCODE = 'object_not_in_prerequisite_state';
    END IF;
    -- SH-9 counts the agents other swaps leave on line: swaps under one
    -- center are decided one at a time (src/serialize.sql), so that two
    -- cannot each take the last agent of a slot. On Citus the reference
    -- row written here must be read over the same connections as the
    -- roster after it: one per node.
    PERFORM set_config('citus.multi_shard_modify_mode', 'sequential', true);
    PERFORM cs_policy.decide_on(ARRAY(SELECT 'staffing ' || d.path[1] FROM cs_policy.department d
                                       WHERE d.department_id = requester.department_id));
    -- AT-15: a swap changes the roster of both days, for both parties
    PERFORM cs_policy.refuse_if_closed(p.employee_id, p.day, NULL, 'approving a swap')
       FROM (VALUES (s.employee_id), (s.colleague_id)) AS p0(employee_id)
      CROSS JOIN LATERAL (VALUES (p0.employee_id, s.give_date), (p0.employee_id, s.take_date)) AS p(employee_id, day)
      WHERE p.employee_id IS NOT NULL;
    -- SH-8: approved before it takes effect: not once a shift it moves has
    -- begun, nor onto a day gone by (a superuser loading past records aside)
    IF NOT cs_policy.caller_is_superuser() THEN
        SELECT r.work_date, lower(r.instants) AS starts_at INTO begun FROM cs_policy.roster r
         WHERE r.employee_id = s.employee_id AND r.work_date = s.give_date AND lower(r.instants) <= now()
         LIMIT 1;
        IF NOT FOUND AND s.colleague_id IS NOT NULL THEN
            SELECT r.work_date, lower(r.instants) AS starts_at INTO begun FROM cs_policy.roster r
             WHERE r.employee_id = s.colleague_id AND r.work_date = s.take_date AND lower(r.instants) <= now()
             LIMIT 1;
        END IF;
        IF begun.work_date IS NOT NULL OR s.take_date < cs_policy.local_day(s.employee_id, now()) THEN
            RAISE EXCEPTION 'swap % comes too late to approve: %', swap_id,
                            CASE WHEN begun.work_date IS NOT NULL
                                 THEN format('the shift of %s began at %s', begun.work_date, begun.starts_at)
                                 ELSE format('%s is past', s.take_date) END
                USING ERRCODE = 'object_not_in_prerequisite_state',
                      DETAIL = 'SH-8: a swap is approved before it takes effect.',
                      HINT = 'Refuse it (refuse_swap); what was worked is corrected through the roster and the punches.';
        END IF;
    END IF;
    PERFORM cs_policy.check_swap(s);

    -- SH-7: count the days under the tally rows' locks (in id order: no deadlock)
    FOR party IN
        SELECT p.employee_id, p.given FROM (VALUES (s.employee_id, s.give_date), (s.colleague_id, s.take_date)) AS p(employee_id, given)
         WHERE p.employee_id IS NOT NULL ORDER BY p.employee_id
    LOOP
        INSERT INTO cs_policy.swap_tally AS t (employee_id, month, self_days, colleague_days)
        VALUES (party.employee_id, date_trunc('month', party.given)::date,
                (s.kind = 'self')::integer, (s.kind = 'colleague')::integer)
        ON CONFLICT (employee_id, month) DO UPDATE
           SET self_days = t.self_days + excluded.self_days, colleague_days = t.colleague_days + excluded.colleague_days
        RETURNING * INTO tally;
        -- the row before, from the row after and under its lock: this
        -- approval added its day to it (NULL: the approval made the row)
        PERFORM cs_policy.audit(actor.employee_id, 'approve_swap', 'swap_tally',
                                CASE WHEN tally.self_days <> (s.kind = 'self')::integer
                                          OR tally.colleague_days <> (s.kind = 'colleague')::integer
                                     THEN to_jsonb(tally)
                                          || jsonb_build_object('self_days', tally.self_days - (s.kind = 'self')::integer,
                                                                'colleague_days', tally.colleague_days - (s.kind = 'colleague')::integer)
                                END,
                                to_jsonb(tally));
        limits := cs_policy.settings_for(party.employee_id, party.given, 'shift');
        IF tally.self_days > (limits ->> 'self_swaps_per_month')::integer
           OR tally.colleague_days > (limits ->> 'colleague_swaps_per_month')::integer THEN
            RAISE EXCEPTION '% would swap more days in % than allowed: % by self-swap (at most %), % with colleagues (at most %)',
                            (SELECT e.code FROM cs_policy.employee e WHERE e.employee_id = party.employee_id),
                            to_char(party.given, 'YYYY-MM'),
                            tally.self_days, limits ->> 'self_swaps_per_month',
                            tally.colleague_days, limits ->> 'colleague_swaps_per_month'
                USING ERRCODE = 'check_violation',
                      DETAIL = format('SH-7 limits of policy %s (%s).', coalesce(limits ->> 'policy', 'defaults'),
                                      coalesce(limits ->> 'preset', 'no preset'));
        END IF;
    END LOOP;

    -- the roster changes in this transaction, all of it or nothing
    SELECT range_agg(x) INTO given_up
      FROM cs_policy.roster r, unnest(r.instants) AS x
     WHERE r.employee_id = s.employee_id AND r.work_date = s.give_date;
    IF s.kind = 'self' THEN
        before := cs_policy.coverage_snapshot(s, given_up);
        -- the shifts' templates first, then one call each: a command is
        -- never called from inside a query over the roster (on Citus it
        -- would run on a shard)
        FOR template_name IN
            SELECT t.name FROM cs_policy.roster r JOIN cs_policy.shift_template t ON t.template_id = r.template_id
             WHERE r.employee_id = s.employee_id AND r.work_date = s.give_date
        LOOP
            PERFORM cs_policy.put_on_roster(requester, s.take_date, template_name, actor.employee_id, s.swap_id);
        END LOOP;
        -- (put_on_roster writes the audit rows of the shifts it puts on)
        before_rows := (SELECT jsonb_agg(to_jsonb(r) ORDER BY r.employee_id, r.work_date, r.template_id) FROM cs_policy.roster r
                         WHERE r.employee_id = s.employee_id AND r.work_date = s.give_date);
        DELETE FROM cs_policy.roster r WHERE r.employee_id = s.employee_id AND r.work_date = s.give_date;
        PERFORM cs_policy.audit(actor.employee_id, 'approve_swap', 'roster', before_rows, NULL);
    ELSE
        -- each party's rows on their own (one shard each on Citus)
        given_up := coalesce(given_up, '{}'::tstzmultirange)
                    + coalesce((SELECT range_agg(x) FROM cs_policy.roster r, unnest(r.instants) AS x
                                 WHERE r.employee_id = s.colleague_id AND r.work_date = s.take_date), '{}'::tstzmultirange);
        before := cs_policy.coverage_snapshot(s, given_up);
        -- Exchange the two days' shifts by deleting and inserting them:
        -- employee_id is the distribution column, which Citus does not
        -- let an UPDATE change. (ROW(r.*)::cs_policy.roster, not r: on
        -- Citus r has the shard's row type.)
        moving := ARRAY(SELECT ROW(r.*)::cs_policy.roster FROM cs_policy.roster r
                         WHERE r.employee_id = s.employee_id AND r.work_date = s.give_date)
               || ARRAY(SELECT ROW(r.*)::cs_policy.roster FROM cs_policy.roster r
                         WHERE r.employee_id = s.colleague_id AND r.work_date = s.take_date);
        before_rows := (SELECT jsonb_agg(to_jsonb(r) ORDER BY r.employee_id, r.work_date, r.template_id) FROM cs_policy.roster r
                         WHERE r.employee_id = s.employee_id AND r.work_date = s.give_date);
        DELETE FROM cs_policy.roster r WHERE r.employee_id = s.employee_id AND r.work_date = s.give_date;
        PERFORM cs_policy.audit(actor.employee_id, 'approve_swap', 'roster', before_rows, NULL);
        before_rows := (SELECT jsonb_agg(to_jsonb(r) ORDER BY r.employee_id, r.work_date, r.template_id) FROM cs_policy.roster r
                         WHERE r.employee_id = s.colleague_id AND r.work_date = s.take_date);
        DELETE FROM cs_policy.roster r WHERE r.employee_id = s.colleague_id AND r.work_date = s.take_date;
        PERFORM cs_policy.audit(actor.employee_id, 'approve_swap', 'roster', before_rows, NULL);
        INSERT INTO cs_policy.roster (employee_id, work_date, template_id, department_id, shift, instants, swap_id,
                                      briefing_minutes, assigned_by)
        SELECT CASE WHEN m.employee_id = s.employee_id THEN s.colleague_id ELSE s.employee_id END,
               m.work_date, m.template_id, m.department_id, m.shift, m.instants, s.swap_id,
               m.briefing_minutes, actor.employee_id
          FROM unnest(moving) AS m;
        -- the rows inserted, each party's on their own (one shard each on Citus)
        PERFORM cs_policy.audit(actor.employee_id, 'approve_swap', 'roster', NULL,
                                coalesce((SELECT jsonb_agg(to_jsonb(r) ORDER BY r.employee_id, r.work_date, r.template_id) FROM cs_policy.roster r
                                           WHERE r.employee_id = s.colleague_id AND r.work_date = s.give_date
                                             AND r.swap_id = s.swap_id), '[]'::jsonb)
                                || coalesce((SELECT jsonb_agg(to_jsonb(r) ORDER BY r.employee_id, r.work_date, r.template_id) FROM cs_policy.roster r
                                              WHERE r.employee_id = s.employee_id AND r.work_date = s.take_date
                                                AND r.swap_id = s.swap_id), '[]'::jsonb));
    END IF;
    -- SH-8: nor when a shift it puts on the roster has already begun (a
    -- self-swap onto this morning, approved this afternoon)
    IF NOT cs_policy.caller_is_superuser() THEN
        FOREACH party_id IN ARRAY array_remove(ARRAY[s.employee_id, s.colleague_id], NULL) LOOP
            SELECT r.work_date, lower(r.instants) AS starts_at INTO begun FROM cs_policy.roster r
             WHERE r.employee_id = party_id AND r.swap_id = s.swap_id AND lower(r.instants) <= now()
             LIMIT 1;
            IF begun.work_date IS NOT NULL THEN
                RAISE EXCEPTION 'swap % comes too late to approve: the shift of % began at %', swap_id, begun.work_date, begun.starts_at
                    USING ERRCODE = 'object_not_in_prerequisite_state',
                          DETAIL = 'SH-8: a swap is approved before it takes effect.',
                          HINT = 'Refuse it (refuse_swap); what was worked is corrected through the roster and the punches.';
            END IF;
        END LOOP;
    END IF;
    PERFORM cs_policy.check_swapped_roster(s, given_up, before);
    UPDATE cs_policy.swap w SET state = 'approved', decided_at = now(), decided_by = actor.employee_id
     WHERE w.employee_id = s.employee_id AND w.swap_id = s.swap_id
    RETURNING w.* INTO audit_swap;
    after_row := to_jsonb(audit_swap);
    PERFORM cs_policy.audit(actor.employee_id, 'approve_swap', 'swap', to_jsonb(s), after_row);
EXCEPTION WHEN exclusion_violation THEN
    RAISE EXCEPTION 'the swap would double-book %: a shift it moves overlaps one already worked',
                    CASE WHEN s.kind = 'self' THEN requester.code ELSE 'one of the two' END
        USING ERRCODE = 'exclusion_violation',
              DETAIL = 'SH-9: a swap may not leave a shift double-booked.';
END
$$;
COMMENT ON FUNCTION cs_policy.approve_swap(bigint, text) IS
    'A supervisor or above of the requester''s department approves a swap before it takes effect (SH-8: 55000 once a shift it moves has begun, a superuser loading past records aside); the limits (SH-7), the bans on chained and back-to-back swaps (SH-8) and on uncovered or double-booked shifts (SH-9) are checked, and the roster changes in the same transaction';
REVOKE EXECUTE ON FUNCTION cs_policy.approve_swap(bigint, text) FROM PUBLIC;

CREATE FUNCTION cs_policy.refuse_swap(swap_id bigint, reason text, acting_as text DEFAULT NULL)
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    audit_swap cs_policy.swap;
    actor cs_policy.employee := cs_policy.acting_employee(acting_as);
    s     cs_policy.swap := cs_policy.swap_by_id(swap_id);
    after_row jsonb;
BEGIN
    IF s.state NOT IN ('requested', 'consented') THEN
        RAISE EXCEPTION 'swap % is already %', swap_id, s.state USING ERRCODE = 'object_not_in_prerequisite_state';
    END IF;
    -- the colleague may decline; a supervisor or above may refuse
    IF actor.employee_id IS DISTINCT FROM s.colleague_id THEN
        PERFORM cs_policy.check_in_charge(actor, (SELECT e.department_id FROM cs_policy.employee e
                                                   WHERE e.employee_id = s.employee_id), 'refuse this swap');
    END IF;
    UPDATE cs_policy.swap w SET state = 'refused', decided_at = now(), decided_by = actor.employee_id, decision_note = refuse_swap.reason
     WHERE w.employee_id = s.employee_id AND w.swap_id = s.swap_id
    RETURNING w.* INTO audit_swap;
    after_row := to_jsonb(audit_swap);
    PERFORM cs_policy.audit(actor.employee_id, 'refuse_swap', 'swap', to_jsonb(s), after_row);
END
$$;
COMMENT ON FUNCTION cs_policy.refuse_swap(bigint, text, text) IS 'The colleague declines, or a supervisor or above refuses, a swap';
REVOKE EXECUTE ON FUNCTION cs_policy.refuse_swap(bigint, text, text) FROM PUBLIC;

CREATE FUNCTION cs_policy.cancel_swap(swap_id bigint, acting_as text DEFAULT NULL)
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    audit_swap cs_policy.swap;
    actor cs_policy.employee := cs_policy.acting_employee(acting_as);
    s     cs_policy.swap := cs_policy.swap_by_id(swap_id);
    after_row jsonb;
BEGIN
    IF actor.employee_id <> s.employee_id THEN
        RAISE EXCEPTION 'only the requester may cancel swap %', swap_id USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF s.state NOT IN ('requested', 'consented') THEN
        RAISE EXCEPTION 'swap % is already %', swap_id, s.state USING ERRCODE = 'object_not_in_prerequisite_state';
    END IF;
    UPDATE cs_policy.swap w SET state = 'cancelled', decided_at = now(), decided_by = actor.employee_id
     WHERE w.employee_id = s.employee_id AND w.swap_id = s.swap_id
    RETURNING w.* INTO audit_swap;
    after_row := to_jsonb(audit_swap);
    PERFORM cs_policy.audit(actor.employee_id, 'cancel_swap', 'swap', to_jsonb(s), after_row);
END
$$;
COMMENT ON FUNCTION cs_policy.cancel_swap(bigint, text) IS 'The requester withdraws a swap before it is decided';
REVOKE EXECUTE ON FUNCTION cs_policy.cancel_swap(bigint, text) FROM PUBLIC;

-- SH-9: "both parties of a swap must hand over clearly; a swap handed over
-- so unclearly that a shift is missed or left empty costs 20" (换班双方必须
-- 交待清楚,若交待不清造成误班、空班的扣罚20元). Whoever may record the
-- parties' incidents reports it against an approved swap and one of the shifts it moved,
-- and the punches must show it: nobody of the two signed in for the shift
-- (empty), or both did (double_booked). Each party is charged what the
-- attendance rules in force name for incident unclear_swap
-- (points_2024: 20); 22023 where they name none.
CREATE FUNCTION cs_policy.report_unclear_swap(swap_id bigint, work_date date, outcome text, note text,
                                              acting_as text DEFAULT NULL)
RETURNS integer
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    audit_incident cs_policy.incident;
    actor    cs_policy.employee := cs_policy.acting_employee(acting_as);
    s        cs_policy.swap := cs_policy.swap_by_id(swap_id);
    shift    cs_policy.roster;
    holder   cs_policy.employee;
    original cs_policy.employee;
    party    cs_policy.employee;
    other    bigint;
    reach    interval;
    signed   integer;
    n        integer := 0;
    parties  text[] := '{NULL,nobody}';
BEGIN
    -- who may comes first: nothing about the swap is told to someone else
    FOREACH other IN ARRAY array_remove(ARRAY[s.employee_id, s.colleague_id], NULL) LOOP
        SELECT * INTO STRICT party FROM cs_policy.employee e WHERE e.employee_id = other;
        PERFORM cs_policy.check_may_record_incident(actor, party);
        parties[CASE WHEN other = s.employee_id THEN 1 ELSE 2 END] := party.code;
    END LOOP;
    IF outcome IS NULL OR outcome NOT IN ('empty', 'double_booked') THEN
        RAISE EXCEPTION 'an unclear swap left its shift empty or double_booked, not %', coalesce(outcome, 'NULL')
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Pass outcome => ''empty'' (nobody came) or ''double_booked'' (both came).';
    END IF;
    IF note IS NULL OR btrim(note) = '' THEN
        RAISE EXCEPTION 'an unclear swap needs a note of what happened' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF s.state <> 'approved' THEN
        RAISE EXCEPTION 'swap % is %, not approved: its shifts never moved', swap_id, s.state
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  HINT = 'An unclear swap is reported against an approved one (SH-9).';
    END IF;
    SELECT r.* INTO shift FROM cs_policy.roster r
     WHERE r.employee_id = ANY (array_remove(ARRAY[s.employee_id, s.colleague_id], NULL))
       AND r.swap_id = s.swap_id AND r.work_date = report_unclear_swap.work_date;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'swap % moved no shift to %', swap_id, work_date
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = format('It moved the shifts of %s.',
                                  (SELECT string_agg(r.work_date::text, ' and ' ORDER BY r.work_date) FROM cs_policy.roster r
                                    WHERE r.employee_id = ANY (array_remove(ARRAY[s.employee_id, s.colleague_id], NULL))
                                      AND r.swap_id = s.swap_id));
    END IF;
    IF upper(shift.instants) > now() THEN
        RAISE EXCEPTION 'the shift of % is not over yet', work_date USING ERRCODE = 'object_not_in_prerequisite_state';
    END IF;
    SELECT * INTO STRICT holder FROM cs_policy.employee e WHERE e.employee_id = shift.employee_id;
    -- the one who held the shift before the swap (a self-swap: the same person)
    SELECT * INTO STRICT original FROM cs_policy.employee e
     WHERE e.employee_id = CASE WHEN s.kind = 'self' THEN s.employee_id
                                WHEN shift.employee_id = s.employee_id THEN s.colleague_id ELSE s.employee_id END;
    IF outcome = 'double_booked' AND s.kind = 'self' THEN
        RAISE EXCEPTION 'a self-swap moves one person''s shift: it cannot be double-booked'
            USING ERRCODE = 'invalid_parameter_value', HINT = 'Report outcome => ''empty'' if nobody came.';
    END IF;
    -- the punches: who signed in for the shift (in its punch window, as the engine reads it)
    reach := make_interval(mins => coalesce((cs_policy.settings_for(holder.employee_id, work_date, 'attendance')
                                             ->> 'punch_window_minutes')::integer,
                                            cs_policy.default_setting('attendance', 'punch_window_minutes')::integer));
    SELECT count(DISTINCT p.employee_id) INTO signed FROM cs_policy.punch p
     WHERE p.employee_id = ANY (ARRAY[holder.employee_id, original.employee_id]) AND p.kind = 'in'
       AND p.at >= lower(shift.instants) - reach AND p.at < upper(shift.instants);
    IF outcome = 'empty' AND signed > 0 OR outcome = 'double_booked' AND signed < 2 THEN
        RAISE EXCEPTION 'the punches do not show the shift of % %', work_date,
                        CASE outcome WHEN 'empty' THEN 'left empty' ELSE 'double-booked' END
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = format('Of %s (who held it after swap %s) and %s, %s signed in for its shift %s.', holder.code, swap_id,
                                  original.code, signed, shift.shift),
                  HINT = 'SH-9 charges a swap that left its shift empty (nobody of the two came) or double-booked (both came).';
    END IF;
    FOREACH other IN ARRAY array_remove(ARRAY[s.employee_id, s.colleague_id], NULL) LOOP
        SELECT * INTO STRICT party FROM cs_policy.employee e WHERE e.employee_id = other;
        PERFORM cs_policy.check_incident_measure(party, 'unclear_swap', work_date, NULL);
        PERFORM cs_policy.check_employed(party, work_date, NULL, 'unclear swap incident');
        PERFORM cs_policy.refuse_if_closed(party.employee_id, work_date, NULL, 'an unclear swap');
        IF EXISTS (SELECT FROM cs_policy.incident i
                    WHERE i.employee_id = party.employee_id AND i.kind = 'unclear_swap'
                      AND i.work_date = report_unclear_swap.work_date AND i.withdrawn_at IS NULL) THEN
            RAISE EXCEPTION 'an unclear swap of % on % is already recorded', party.code, work_date
                USING ERRCODE = 'unique_violation', HINT = 'Withdraw it first to record it again (withdraw_incident).';
        END IF;
        -- (plain values: Citus takes no subquery in an INSERT)
        INSERT INTO cs_policy.incident AS x (employee_id, work_date, kind, note, other_employee_id, recorded_by)
        VALUES (party.employee_id, report_unclear_swap.work_date, 'unclear_swap',
                format('swap %s of %s and %s left the shift of %s %s: %s', swap_id, parties[1], parties[2],
                       work_date, CASE outcome WHEN 'empty' THEN 'empty' ELSE 'double-booked' END, note),
                NULLIF(CASE WHEN other = s.employee_id THEN s.colleague_id ELSE s.employee_id END, other),
                actor.employee_id)
        RETURNING x.* INTO audit_incident;
        PERFORM cs_policy.audit(actor.employee_id, 'report_unclear_swap', 'incident', NULL, to_jsonb(audit_incident));
        n := n + 1;
    END LOOP;
    RETURN n;
END
$$;
COMMENT ON FUNCTION cs_policy.report_unclear_swap(bigint, date, text, text, text) IS
    'SH-9: a supervisor or above (whoever may record the parties'' incidents) reports that an approved swap was handed over so unclearly that the shift it moved to work_date was left empty (nobody of the two signed in for it) or double-booked (both did), as the punches show; records incident unclear_swap for each party, charged as the attendance rules in force say (points_2024: 20); returns how many were recorded';
REVOKE EXECUTE ON FUNCTION cs_policy.report_unclear_swap(bigint, date, text, text, text) FROM PUBLIC;
