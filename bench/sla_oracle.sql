-- bench/sla_oracle.sql: the SLA clock and the complaint_sla view in plain
-- PL/pgSQL, written from their documented meaning (README, "How a target's
-- clock runs") on top of the PL/pgSQL working-time functions of
-- bench/calendar_oracle.sql, reading the tables directly. Not installed:
-- test/sla_oracle.sql checks the C clock against it on random complaints,
-- and bench/sla measures both.
--
-- Load bench/calendar_oracle.sql first, then this, with \i into a database
-- that has cs_policy; both live in the schema cs_policy_oracle.

CREATE SCHEMA IF NOT EXISTS cs_policy_oracle;

-- A target's allowance as a number and a unit: "3 working days" -> (3, working_days).
CREATE OR REPLACE FUNCTION cs_policy_oracle.sla_allowance(target cs_policy.sla_target, OUT n bigint, OUT unit text)
LANGUAGE plpgsql IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    words text[] := string_to_array((cs_policy.sla_target_parts(target)).allowance, ' ');
BEGIN
    IF words[1] = 'same' THEN
        n := 0; unit := 'day';
    ELSE
        n := words[1]::bigint;
        unit := rtrim(array_to_string(words[2:], '_'), 's');
    END IF;
END
$$;

CREATE OR REPLACE FUNCTION cs_policy_oracle.sla_clock(target cs_policy.sla_target, cal text, kinds text[],
                                                      ats timestamptz[], as_of timestamptz, share numeric,
                                                      OUT started_at timestamptz, OUT due_at timestamptz,
                                                      OUT met_at timestamptz, OUT paused interval,
                                                      OUT paused_now boolean, OUT state text,
                                                      OUT time_left interval, OUT allowance interval)
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    parts     record := cs_policy.sla_target_parts(target);
    a         record := cs_policy_oracle.sla_allowance(target);
    working   boolean := parts.clock IN ('working_days', 'working_time');
    pauses    boolean := parts.paused_while_waiting;
    started   boolean := false;
    met       boolean := false;
    waiting   boolean := false;
    was_run   boolean;
    was_pause boolean;
    run_from  timestamptz;
    pause_from timestamptz;
    stretches tstzrange[] := '{}';
    s         tstzrange;
    allow     interval;
    counted   interval := '0';
    len       interval;
    due       timestamptz;
    zone      text := cs_policy_oracle.zone(cal);
    deadline  timestamptz;
BEGIN
    paused := '0';
    FOR i IN 1 .. coalesce(array_length(kinds, 1), 0) LOOP
        EXIT WHEN ats[i] > as_of;
        was_run := started AND NOT met AND NOT (pauses AND waiting);
        was_pause := started AND NOT met AND pauses AND waiting;
        IF NOT started AND kinds[i] = ANY (parts.starts) THEN
            started := true;
            started_at := ats[i];
        ELSIF started AND NOT met AND kinds[i] = ANY (parts.stops) THEN
            met := true;
            met_at := ats[i];
        ELSIF met AND kinds[i] = 'reopened' AND parts.stops <@ '{resolved,informed,closed}' THEN
            met := false;
            met_at := NULL;
        END IF;
        IF kinds[i] = 'waiting' THEN
            waiting := true;
        ELSIF kinds[i] IN ('resumed', 'reopened', 'resolved', 'closed') THEN
            waiting := false;
        END IF;
        IF was_run AND NOT (started AND NOT met AND NOT (pauses AND waiting)) THEN
            stretches := stretches || tstzrange(run_from, ats[i]);
        ELSIF NOT was_run AND started AND NOT met AND NOT (pauses AND waiting) THEN
            run_from := ats[i];
        END IF;
        IF NOT was_pause AND started AND NOT met AND pauses AND waiting THEN
            pause_from := ats[i];
        ELSIF was_pause AND NOT (started AND NOT met AND pauses AND waiting) THEN
            paused := paused + (ats[i] - pause_from);
        END IF;
    END LOOP;
    IF NOT started THEN
        paused := NULL;
        RETURN;
    END IF;
    IF started AND NOT met AND NOT (pauses AND waiting) THEN
        stretches := stretches || tstzrange(run_from, as_of);
    END IF;
    paused_now := NOT met AND pauses AND waiting;
    IF paused_now THEN
        paused := paused + (as_of - pause_from);
    END IF;

    -- the allowance, in real or working time
    allow := CASE a.unit
        WHEN 'day' THEN greatest(((started_at AT TIME ZONE zone)::date + a.n::integer + 1)::timestamp AT TIME ZONE zone
                                 - started_at, interval '0')
        WHEN 'hour' THEN a.n * interval '1 hour'
        WHEN 'minute' THEN a.n * interval '1 minute'
        WHEN 'second' THEN a.n * interval '1 second'
        WHEN 'working_hour' THEN a.n * interval '1 hour'
        WHEN 'working_minute' THEN a.n * interval '1 minute' END;
    IF a.unit = 'working_day' THEN
        deadline := cs_policy_oracle.add_working_days(cal, started_at, a.n::integer);
        allow := CASE WHEN deadline > started_at THEN cs_policy_oracle.working_time_between(cal, started_at, deadline)
                      ELSE interval '0' END;
    END IF;
    allow := make_interval(secs => extract(epoch FROM allow));
    IF allow = interval '0' THEN
        due := started_at;
    END IF;
    FOREACH s IN ARRAY stretches LOOP
        len := CASE WHEN working THEN cs_policy_oracle.working_time_between(cal, lower(s), upper(s))
                    ELSE make_interval(secs => extract(epoch FROM upper(s) - lower(s))) END;
        IF due IS NULL AND counted + len >= allow THEN
            due := CASE WHEN working THEN cs_policy_oracle.add_working_time(cal, lower(s), allow - counted)
                        ELSE lower(s) + (allow - counted) END;
        END IF;
        counted := counted + len;
    END LOOP;
    time_left := allow - counted;
    allowance := allow;
    IF due IS NULL THEN
        due := CASE WHEN working THEN cs_policy_oracle.add_working_time(cal, CASE WHEN met THEN met_at ELSE as_of END, time_left)
                    ELSE CASE WHEN met THEN met_at ELSE as_of END + time_left END;
    END IF;
    due_at := due;
    state := CASE WHEN met AND met_at <= due THEN 'met'
                  WHEN met THEN 'breached'
                  WHEN due < as_of THEN 'breached'
                  WHEN extract(epoch FROM time_left) < share * extract(epoch FROM allow) THEN 'at_risk'
                  ELSE 'running' END;
END
$$;

-- complaint_sla_at, complaint by complaint.
CREATE OR REPLACE FUNCTION cs_policy_oracle.complaint_sla_at(as_of timestamptz, only_complaints bigint[] DEFAULT NULL)
RETURNS TABLE (number text, target text, started_at timestamptz, due_at timestamptz, met_at timestamptz,
               paused interval, state text, time_left interval)
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    c     record;
    t     record;
    pol   bigint;
    path  bigint[];
    kinds text[];
    ats   timestamptz[];
    r     record;
BEGIN
    FOR c IN SELECT * FROM cs_policy.complaint x
              WHERE x.received_at <= as_of AND (only_complaints IS NULL OR x.complaint_id = ANY (only_complaints)) LOOP
        SELECT d.path INTO path FROM cs_policy.department d WHERE d.department_id = c.department_id;
        SELECT q.policy_id INTO pol FROM cs_policy.policy q
         WHERE q.area = 'complaint' AND q.valid_during @> c.received_on
           AND (q.department_id IS NULL OR q.department_id = ANY (path))
         ORDER BY array_position(path, q.department_id) DESC NULLS LAST LIMIT 1;
        CONTINUE WHEN pol IS NULL;
        SELECT array_agg(e.kind::text ORDER BY e.at, e.event_id), array_agg(e.at ORDER BY e.at, e.event_id)
          INTO kinds, ats
          FROM cs_policy.complaint_event e
         WHERE e.employee_id = c.employee_id AND e.complaint_id = c.complaint_id AND e.at <= as_of;
        FOR t IN SELECT * FROM cs_policy.policy_sla_target x
                  WHERE x.policy_id = pol AND c.category = ANY (x.categories)
                    AND (x.applies_to = 'all' OR (x.applies_to = 'emergency' AND c.emergency)
                         OR (x.applies_to = 'repair' AND c.repair)) LOOP
            r := cs_policy_oracle.sla_clock(t.target, t.calendar, kinds, ats, as_of, t.at_risk_share);
            CONTINUE WHEN r.started_at IS NULL;
            number := c.number; target := t.name; started_at := r.started_at; due_at := r.due_at;
            met_at := r.met_at; paused := r.paused; state := r.state; time_left := r.time_left;
            RETURN NEXT;
        END LOOP;
    END LOOP;
END
$$;
