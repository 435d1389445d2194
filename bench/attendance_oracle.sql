-- bench/attendance_oracle.sql: the attendance engine in plain PL/pgSQL,
-- written from its documented meaning (README, "How a period is judged")
-- and reading the tables directly. Not installed: test/attendance_oracle.sql
-- checks the C engine against it on the demo center, and bench/attendance
-- measures both.
--
-- Load with \i into a database that has cs_policy; it creates the schema
-- cs_policy_oracle (drop it when done). Call cs_policy_oracle.load_rules()
-- first: it lays the rules of every attendance policy out as rows.
--
-- A period (AT-15) is the employee's attendance_period: the calendar month,
-- or to the policy's closing day. Its state is one jsonb: counters by
-- subject ("count late", "missing_punch", "incident lost_card", ...) and
-- "#faults", "#absence_days", "#absence_charged", "#shift_absence", with
-- "#period_first" for the counts that look back (CP-9); lines go to the
-- temporary table oracle_lines. Rule IDs are not reproduced: the test
-- compares what the lines charge.

CREATE SCHEMA IF NOT EXISTS cs_policy_oracle;

CREATE TABLE IF NOT EXISTS cs_policy_oracle.rule (
    policy_id bigint, rule_no integer, kind text, name text, class text, counts text[], within numrange,
    subject text, measure text, value numeric, months integer, PRIMARY KEY (policy_id, rule_no));
CREATE TABLE IF NOT EXISTS cs_policy_oracle.step (
    policy_id bigint, rule_no integer, step integer, lower numeric, lower_inclusive boolean, upper numeric,
    upper_inclusive boolean, amount numeric, per_unit numeric, daily_wages numeric, monthly_wages numeric,
    absence_days numeric, points numeric, flags text[], PRIMARY KEY (policy_id, rule_no, step));

CREATE OR REPLACE FUNCTION cs_policy_oracle.load_rules()
RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    TRUNCATE cs_policy_oracle.rule, cs_policy_oracle.step;
    INSERT INTO cs_policy_oracle.rule
    SELECT p.policy_id, r.n, r.kind, r.name, r.class, r.counts, r.within, r.subject,
           cs_policy.ladder_measure(r.ladder), r.value, r.months
      FROM cs_policy.policy p,
           cs_policy.rulebook_rules(p.rulebook) WITH ORDINALITY AS r(subject, kind, name, class, counts, within, rule_ids,
                                                                      ladder, value, months, n)
     WHERE p.area = 'attendance' AND p.rulebook IS NOT NULL;
    INSERT INTO cs_policy_oracle.step
    SELECT p.policy_id, r.n, s.step, s.lower, s.lower_inclusive, s.upper, s.upper_inclusive, s.amount, s.per_unit,
           s.daily_wages, s.monthly_wages, s.absence_days, s.points, s.flags
      FROM cs_policy.policy p,
           cs_policy.rulebook_rules(p.rulebook) WITH ORDINALITY AS r(subject, kind, name, class, counts, within, rule_ids,
                                                                      ladder, value, months, n),
           cs_policy.ladder_steps(r.ladder) s
     WHERE p.area = 'attendance' AND p.rulebook IS NOT NULL;
    ANALYZE cs_policy_oracle.rule;
    ANALYZE cs_policy_oracle.step;
END
$$;

-- The attendance rules in force for a person (department path) on a day:
-- those of the nearest department's policy that has a rulebook (a nearer
-- policy with settings only, such as a closing day, leaves them in force).
-- NULL: no rules that day, and shifts are judged by none.
CREATE OR REPLACE FUNCTION cs_policy_oracle.policy_on(path bigint[], day date)
RETURNS bigint
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT q.policy_id FROM cs_policy.policy q
     WHERE q.area = 'attendance' AND q.rulebook IS NOT NULL AND q.valid_during @> day
       AND (q.department_id IS NULL OR q.department_id = ANY (path))
     ORDER BY array_position(path, q.department_id) DESC NULLS LAST, q.valid_during LIMIT 1
$$;

-- How far outside a shift its punches count, both sides: the setting
-- punch_window_minutes of the policy whose rules judge the shift (its
-- defaults, preset and own settings merged), 180 minutes without rules.
CREATE OR REPLACE FUNCTION cs_policy_oracle.window_of(pol bigint)
RETURNS interval
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT make_interval(mins => coalesce(
        (SELECT (cs_policy.policy_settings(q, 'attendance') ->> 'punch_window_minutes')::integer
           FROM cs_policy.policy q WHERE q.policy_id = pol), 180))
$$;

-- The step of a rule that holds x, or NULL.
CREATE OR REPLACE FUNCTION cs_policy_oracle.step_at(policy bigint, rule_no integer, x numeric)
RETURNS cs_policy_oracle.step
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT s.* FROM cs_policy_oracle.step s
     WHERE s.policy_id = policy AND s.rule_no = step_at.rule_no
       AND (x > s.lower OR (x = s.lower AND s.lower_inclusive))
       AND (s.upper IS NULL OR x < s.upper OR (x = s.upper AND s.upper_inclusive))
     ORDER BY s.step LIMIT 1
$$;

-- What a step charges at x: fixed + per unit x measure + wage multiples, to the fen.
CREATE OR REPLACE FUNCTION cs_policy_oracle.charge(s cs_policy_oracle.step, x numeric, e cs_policy.employee)
RETURNS numeric
LANGUAGE sql IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT round(s.amount + s.per_unit * x + s.daily_wages * e.daily_wage + s.monthly_wages * e.monthly_wage, 2)
$$;

CREATE OR REPLACE FUNCTION cs_policy_oracle.bump(state jsonb, key text, by numeric DEFAULT 1)
RETURNS jsonb
LANGUAGE sql IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT state || jsonb_build_object(key, coalesce((state ->> key)::numeric, 0) + by)
$$;

CREATE OR REPLACE FUNCTION cs_policy_oracle.emit(day date, kind text, amount numeric, points numeric, days numeric,
                                                 flags text[])
RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    INSERT INTO oracle_lines VALUES (day, kind, amount, points, days, array_remove(coalesce(flags, '{}'), 'absence'));
END
$$;

-- The n-th counted event of the period (AT-2, AT-9, AT-11, AT-13); the
-- n-th incident of a kind over several months counts those before the
-- period (CP-9): from the first of the month the period starts in, that
-- many months less one back, to the day before the period.
CREATE OR REPLACE FUNCTION cs_policy_oracle.count_event(pol bigint, day date, type text, class text, measure numeric,
                                                        e cs_policy.employee, state jsonb, ikind text DEFAULT NULL)
RETURNS jsonb
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    c  cs_policy_oracle.rule;
    st cs_policy_oracle.step;
    n  numeric;
    first_day date := (state ->> '#period_first')::date;
BEGIN
    FOR c IN SELECT * FROM cs_policy_oracle.rule r WHERE r.policy_id = pol AND r.kind = 'count' ORDER BY r.rule_no LOOP
        IF (CASE WHEN c.counts = '{incident}' THEN type = 'incident' AND c.name = ikind
                 ELSE type = ANY (c.counts) OR class = ANY (c.counts) END)
           AND (c.within IS NULL OR c.within @> measure) THEN
            IF NOT state ? c.subject THEN
                state := state || jsonb_build_object(c.subject,
                    (SELECT count(*) FROM cs_policy.incident i
                      WHERE c.counts = '{incident}' AND c.months > 1 AND i.employee_id = e.employee_id
                        AND i.kind = c.name AND i.withdrawn_at IS NULL AND i.work_date < first_day
                        AND i.work_date >= date_trunc('month', first_day) - (c.months - 1) * interval '1 month'));
            END IF;
            state := cs_policy_oracle.bump(state, c.subject);
            n := (state ->> c.subject)::numeric;
            st := cs_policy_oracle.step_at(pol, c.rule_no, n);
            IF st.step IS NOT NULL THEN
                PERFORM cs_policy_oracle.emit(day, 'count', cs_policy_oracle.charge(st, n, e), st.points, 0, st.flags);
            END IF;
        END IF;
    END LOOP;
    RETURN state;
END
$$;

-- An absence of days: charged by the absence rule, counted for the period.
CREATE OR REPLACE FUNCTION cs_policy_oracle.absence_event(pol bigint, day date, days numeric, e cs_policy.employee,
                                                          state jsonb)
RETURNS jsonb
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    a  cs_policy_oracle.rule;
    st cs_policy_oracle.step;
    v  numeric := 0;
BEGIN
    SELECT * INTO a FROM cs_policy_oracle.rule r WHERE r.policy_id = pol AND r.kind = 'absence';
    state := cs_policy_oracle.bump(cs_policy_oracle.bump(cs_policy_oracle.bump(state, '#absence_days', days),
                                                         '#shift_absence', days), '#faults');
    IF a.rule_no IS NOT NULL THEN
        st := cs_policy_oracle.step_at(pol, a.rule_no, days);
    END IF;
    IF st.step IS NOT NULL THEN
        v := cs_policy_oracle.charge(st, days, e);
        state := cs_policy_oracle.bump(state, '#absence_charged', v);
        PERFORM cs_policy_oracle.emit(day, 'absence', v, st.points, days, st.flags);
    ELSE
        PERFORM cs_policy_oracle.emit(day, 'absence', 0, 0, days, '{}');
    END IF;
    RETURN cs_policy_oracle.count_event(pol, day, 'absence', a.class, days, e, state);
END
$$;

-- Late, early or away minutes through their ladder: forgiven, turned into
-- absence, or charged and counted.
CREATE OR REPLACE FUNCTION cs_policy_oracle.minutes_event(pol bigint, day date, type text, minutes integer,
                                                          worked integer, e cs_policy.employee, state jsonb)
RETURNS jsonb
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    r    cs_policy_oracle.rule;
    f    cs_policy_oracle.rule;
    st   cs_policy_oracle.step;
    days numeric;
BEGIN
    SELECT * INTO r FROM cs_policy_oracle.rule x WHERE x.policy_id = pol AND x.kind = type;
    IF NOT FOUND THEN
        RETURN state;
    END IF;
    st := cs_policy_oracle.step_at(pol, r.rule_no, minutes);
    IF st.step IS NULL THEN
        RETURN state;
    END IF;
    state := cs_policy_oracle.bump(state, '#faults');
    FOR f IN SELECT * FROM cs_policy_oracle.rule x WHERE x.policy_id = pol AND x.kind = 'forgive' ORDER BY x.rule_no LOOP
        IF (type = ANY (f.counts) OR r.class = ANY (f.counts)) AND (f.within IS NULL OR f.within @> minutes::numeric)
           AND coalesce((state ->> f.subject)::numeric, 0) < f.value THEN
            PERFORM cs_policy_oracle.emit(day, 'forgiven', 0, 0, 0, '{}');
            RETURN cs_policy_oracle.bump(state, f.subject);
        END IF;
    END LOOP;
    days := st.absence_days;
    IF 'absence' = ANY (st.flags) THEN
        -- the measured time as a share of the shift, to the millionth
        days := floor((minutes * 1000000::numeric + floor(worked / 2.0)) / worked) / 1000000;
    END IF;
    IF days > 0 THEN
        IF st.amount <> 0 OR st.per_unit <> 0 OR st.daily_wages <> 0 OR st.monthly_wages <> 0 OR st.points <> 0
           OR cardinality(array_remove(st.flags, 'absence')) > 0 THEN
            PERFORM cs_policy_oracle.emit(day, type, cs_policy_oracle.charge(st, minutes, e), st.points, 0, st.flags);
        END IF;
        RETURN cs_policy_oracle.absence_event(pol, day, days, e, state);
    END IF;
    PERFORM cs_policy_oracle.emit(day, type, cs_policy_oracle.charge(st, minutes, e), st.points, 0, st.flags);
    RETURN cs_policy_oracle.count_event(pol, day, type, r.class, minutes, e, state);
END
$$;

-- A punch missing and not corrected (AT-4, AT-6).
-- One stretch of a shift (the whole shift, or a window of it) measured
-- from its punches within the window of its rules, not those made by
-- someone else, and only those from from_at to before until_at: the first
-- sign-in before its end, the last sign-out after its start, and the time
-- away between a sign-out and the next sign-in, within its instants.
CREATE OR REPLACE FUNCTION cs_policy_oracle.measure(person bigint, instants tstzmultirange, w interval,
                                                    from_at timestamptz, until_at timestamptz,
                                                    OUT first_in timestamptz, OUT last_out timestamptz, OUT away interval)
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    starts    timestamptz := lower(instants);
    ends      timestamptz := upper(instants);
    away_from timestamptz;
    p         record;
BEGIN
    away := interval '0';
    FOR p IN
        SELECT q.at, q.kind = 'in' AS is_in FROM cs_policy.punch q
         WHERE q.employee_id = person AND q.at >= from_at AND q.at < until_at
           AND q.at >= starts - w AND q.at <= ends + w
           AND NOT EXISTS (SELECT FROM cs_policy.incident i WHERE i.employee_id = person AND i.punch_id = q.punch_id
                              AND i.kind = 'proxy_punch' AND i.withdrawn_at IS NULL)
         ORDER BY q.at, (q.kind = 'in') DESC
    LOOP
        IF p.is_in THEN
            IF p.at < ends AND first_in IS NULL THEN
                first_in := p.at;
            END IF;
            IF away_from IS NOT NULL AND p.at < ends THEN
                away := away + (SELECT coalesce(sum(greatest(least(p.at, upper(rg)) - greatest(away_from, lower(rg)),
                                                             interval '0')), interval '0')
                                  FROM unnest(instants) rg);
                away_from := NULL;
            END IF;
        ELSE
            IF p.at > starts THEN
                last_out := p.at;
            END IF;
            IF p.at > starts AND p.at < ends AND away_from IS NULL AND first_in IS NOT NULL THEN
                away_from := p.at;
            END IF;
        END IF;
    END LOOP;
END
$$;

-- A measured stretch judged: a missing sign-in or sign-out, else its late
-- or early minutes, and its time away (minutes turned into absence are a
-- share of the whole shift's worked minutes).
CREATE OR REPLACE FUNCTION cs_policy_oracle.stretch_events(pol bigint, day date, starts timestamptz, ends timestamptz,
                                                           first_in timestamptz, last_out timestamptz, away interval,
                                                           worked integer, e cs_policy.employee, state jsonb)
RETURNS jsonb
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF first_in IS NULL THEN
        state := cs_policy_oracle.missing_event(pol, day, e, state);
    ELSIF floor(extract(epoch FROM first_in - starts) / 60) > 0 THEN
        state := cs_policy_oracle.minutes_event(pol, day, 'late',
                     floor(extract(epoch FROM first_in - starts) / 60)::integer, worked, e, state);
    END IF;
    IF last_out IS NULL THEN
        state := cs_policy_oracle.missing_event(pol, day, e, state);
    ELSIF floor(extract(epoch FROM ends - last_out) / 60) > 0 THEN
        state := cs_policy_oracle.minutes_event(pol, day, 'early',
                     floor(extract(epoch FROM ends - last_out) / 60)::integer, worked, e, state);
    END IF;
    IF floor(extract(epoch FROM away) / 60) > 0 THEN
        state := cs_policy_oracle.minutes_event(pol, day, 'away',
                     floor(extract(epoch FROM away) / 60)::integer, worked, e, state);
    END IF;
    RETURN state;
END
$$;

CREATE OR REPLACE FUNCTION cs_policy_oracle.missing_event(pol bigint, day date, e cs_policy.employee, state jsonb)
RETURNS jsonb
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    r  cs_policy_oracle.rule;
    st cs_policy_oracle.step;
    n  numeric;
BEGIN
    state := cs_policy_oracle.bump(cs_policy_oracle.bump(state, 'missing_punch'), '#faults');
    n := (state ->> 'missing_punch')::numeric;
    SELECT * INTO r FROM cs_policy_oracle.rule x WHERE x.policy_id = pol AND x.kind = 'missing_punch';
    IF r.rule_no IS NOT NULL THEN
        st := cs_policy_oracle.step_at(pol, r.rule_no, n);
    END IF;
    IF st.step IS NOT NULL AND st.absence_days > 0 THEN
        RETURN cs_policy_oracle.absence_event(pol, day, st.absence_days, e, state);
    END IF;
    IF st.step IS NOT NULL THEN
        PERFORM cs_policy_oracle.emit(day, 'missing_punch', cs_policy_oracle.charge(st, n, e), st.points, 0, st.flags);
    ELSE
        PERFORM cs_policy_oracle.emit(day, 'missing_punch', 0, 0, 0, '{}');
    END IF;
    RETURN cs_policy_oracle.count_event(pol, day, 'missing_punch', r.class, n, e, state);
END
$$;

-- The attendance period of one employee containing a day (AT-15): one row
-- per line. Its parameter was a month before periods: dropped, so that a
-- database holding the old one takes the new names.
DROP FUNCTION IF EXISTS cs_policy_oracle.penalty_lines(bigint, date, timestamptz);
CREATE FUNCTION cs_policy_oracle.penalty_lines(person bigint, period date, as_of timestamptz)
RETURNS TABLE (work_date date, kind text, amount numeric, points numeric, absence_days numeric, flags text[])
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    w            interval;
    period_first date;
    period_last  date;
    lookback     integer;
    e            cs_policy.employee;
    path         bigint[];
    ev           record;
    x            record;
    lv           record;
    r            cs_policy_oracle.rule;
    st           cs_policy_oracle.step;
    pol          bigint;
    last_pol     bigint;
    state        jsonb;
    run          integer := 0;
    run_days     date[] := '{}';
    runs         jsonb := '[]';   -- the runs that ended in the period: arrays of their days
    one_run      date[];
    reached      integer;
    judged       integer := 0;
    pending      integer := 0;
    first_in     timestamptz;
    last_out     timestamptz;
    away         interval;
    worked       integer;
    v            numeric;
    n            numeric;
    briefing_ruled boolean;   -- SH-6: some attendance rules name incident briefing_late
    win          record;      -- AT-20: a window of the shift, with the punches that belong to it
    nwin         integer;
    w_in         timestamptz;
    w_out        timestamptz;
    w_away       interval;
BEGIN
    IF to_regclass('pg_temp.oracle_lines') IS NULL THEN
        CREATE TEMP TABLE oracle_lines (work_date date, kind text, amount numeric, points numeric,
                                        absence_days numeric, flags text[]);
    END IF;
    TRUNCATE oracle_lines;
    SELECT * INTO e FROM cs_policy.employee WHERE employee_id = person;
    SELECT d.path INTO path FROM cs_policy.department d WHERE d.department_id = e.department_id;
    -- the employee's period: the calendar month, or to the closing day of the policy in force
    SELECT ap.first_day, ap.last_day INTO period_first, period_last FROM cs_policy.attendance_period(person, period) ap;
    -- the wages in force on the period's last day of employment
    SELECT w.daily_wage, w.monthly_wage INTO e.daily_wage, e.monthly_wage FROM cs_policy.wage w
     WHERE w.employee_id = person AND w.in_force @> cs_policy.pay_day_of(period_last, e.hired_on, e.left_on);
    state := jsonb_build_object('#period_first', period_first);
    -- nobody is judged without a shift, an incident or an adjustment in the period (the
    -- adjustment is that of the month the period closes in, AT-14)
    IF NOT EXISTS (SELECT FROM cs_policy.roster ro WHERE ro.employee_id = person
                      AND ro.work_date BETWEEN period_first AND period_last)
       AND NOT EXISTS (SELECT FROM cs_policy.incident i WHERE i.employee_id = person AND i.withdrawn_at IS NULL
                          AND i.work_date BETWEEN period_first AND period_last)
       AND NOT EXISTS (SELECT FROM cs_policy.punch_refusal f WHERE f.employee_id = person
                          AND f.work_date BETWEEN period_first AND period_last)
       AND NOT EXISTS (SELECT FROM cs_policy.score_adjustment a WHERE a.employee_id = person
                          AND a.month = date_trunc('month', period_last)::date) THEN
        RETURN;
    END IF;
    briefing_ruled := EXISTS (SELECT FROM cs_policy_oracle.rule y WHERE y.kind = 'incident' AND y.name = 'briefing_late');
    -- AT-9: a run of missed shifts is followed back before the period, a week
    -- for each shift of the longest run a rule charges (the largest lower
    -- bound of the steps of consecutive_absence), under any attendance
    -- rulebook in force from a month before the period to its end
    SELECT 7 * coalesce(ceil(max(s.lower)), 0)::integer INTO lookback
      FROM cs_policy.policy q
      JOIN cs_policy_oracle.rule y ON y.policy_id = q.policy_id AND y.kind = 'consecutive_absence'
      JOIN cs_policy_oracle.step s ON s.policy_id = y.policy_id AND s.rule_no = y.rule_no
     WHERE q.area = 'attendance' AND q.valid_during && daterange(period_first - 31, period_last, '[]');

    -- the shifts of the lookback and the period and the period's incidents, in date
    -- order, a day's shifts before its incidents; the period's start marked (what -1)
    FOR ev IN
        SELECT 0 AS what, ro.work_date AS day, lower(ro.instants) AS starts, upper(ro.instants) AS ends, ro.instants,
               ro.swap_id IS NOT NULL AS swapped, NULL::text AS ikind, NULL::numeric AS imeasure,
               NULL::timestamptz AS recorded
          FROM cs_policy.roster ro
         WHERE ro.employee_id = person AND ro.work_date BETWEEN period_first - lookback AND period_last
        UNION ALL
        SELECT -1, period_first, NULL, NULL, NULL, NULL, NULL, NULL, NULL
        UNION ALL
        SELECT 1, i.work_date, NULL, NULL, NULL, NULL, i.kind, i.measure, i.recorded_at
          FROM cs_policy.incident i
         WHERE i.employee_id = person AND i.withdrawn_at IS NULL AND i.work_date BETWEEN period_first AND period_last
        UNION ALL
        -- SH-6: the first sign-in from the punch window before the briefing to
        -- the start came after the time to report: late to the briefing, on
        -- the days the rules in force name incident briefing_late
        SELECT 1, ro.work_date, NULL, NULL, NULL, NULL, 'briefing_late', NULL, b.first_in
          FROM cs_policy.roster ro
         CROSS JOIN LATERAL (SELECT min(q.at) AS first_in FROM cs_policy.punch q
                              WHERE q.employee_id = person AND q.kind = 'in' AND q.at <= lower(ro.instants)
                                AND q.at >= lower(ro.instants) - make_interval(mins => ro.briefing_minutes + 180)) b
         WHERE briefing_ruled AND ro.employee_id = person AND ro.briefing_minutes > 0
           AND ro.work_date BETWEEN period_first AND period_last
           AND b.first_in > lower(ro.instants) - make_interval(mins => ro.briefing_minutes)
           AND EXISTS (SELECT FROM cs_policy_oracle.rule y WHERE y.policy_id = cs_policy_oracle.policy_on(path, ro.work_date)
                          AND y.kind = 'incident' AND y.name = 'briefing_late')
        UNION ALL
        SELECT 1, f.work_date, NULL, NULL, NULL, NULL, 'record_altered', NULL, f.refused_at
          FROM cs_policy.punch_refusal f
         WHERE f.employee_id = person AND f.work_date BETWEEN period_first AND period_last
        ORDER BY 2, 1, 3, 9
    LOOP
        IF ev.what = -1 THEN
            -- the shifts before the period were judged only for the run it
            -- starts with: their lines and counters belong to the period before
            TRUNCATE oracle_lines;
            state := jsonb_build_object('#period_first', period_first);
            judged := 0;
            pending := 0;
            last_pol := NULL;
            runs := '[]';
            CONTINUE;
        END IF;
        pol := cs_policy_oracle.policy_on(path, ev.day);
        w := cs_policy_oracle.window_of(pol);
        IF ev.what = 0 AND ev.ends + w > as_of THEN
            pending := pending + 1;
            CONTINUE;
        END IF;

        IF ev.what = 1 THEN
            -- an incident: charged only by rules in force that day
            IF pol IS NULL THEN
                CONTINUE;
            END IF;
            last_pol := pol;
            -- the n-th of its kind, or its measure
            SELECT * INTO r FROM cs_policy_oracle.rule y WHERE y.policy_id = pol AND y.kind = 'incident' AND y.name = ev.ikind;
            IF NOT FOUND THEN
                IF EXISTS (SELECT FROM cs_policy_oracle.rule y WHERE y.policy_id = pol AND y.kind = 'count'
                              AND y.counts = '{incident}' AND y.name = ev.ikind) THEN
                    -- only counted (CP-9)
                    state := cs_policy_oracle.count_event(pol, ev.day, 'incident', NULL, coalesce(ev.imeasure, 0), e, state, ev.ikind);
                ELSE
                    PERFORM cs_policy_oracle.emit(ev.day, 'incident', 0, 0, 0, '{}');
                END IF;
                CONTINUE;
            END IF;
            IF r.measure = 'occurrences' THEN
                state := cs_policy_oracle.bump(state, 'incident ' || ev.ikind);
                n := (state ->> ('incident ' || ev.ikind))::numeric;
            ELSE
                n := coalesce(ev.imeasure, 0);
            END IF;
            st := cs_policy_oracle.step_at(pol, r.rule_no, n);
            IF st.step IS NULL THEN
                PERFORM cs_policy_oracle.emit(ev.day, 'incident', 0, 0, 0, '{}');
                CONTINUE;
            END IF;
            PERFORM cs_policy_oracle.emit(ev.day, 'incident', cs_policy_oracle.charge(st, n, e), st.points, 0, st.flags);
            IF st.absence_days > 0 THEN
                state := cs_policy_oracle.absence_event(pol, ev.day, st.absence_days, e, state);
            END IF;
            state := cs_policy_oracle.count_event(pol, ev.day, 'incident', r.class, n, e, state, ev.ikind);
            CONTINUE;
        END IF;

        -- a shift, judged by the rules of its day, or by none (pol NULL: a
        -- shift missed is still a day's absence, a missing punch still missing)
        IF pol IS NOT NULL THEN
            last_pol := pol;
        END IF;
        judged := judged + 1;
        state := state || '{"#shift_absence": 0}';
        -- its punches within the window of its rules (not those made by someone else)
        SELECT sum(extract(epoch FROM upper(rg) - lower(rg)) / 60)::integer INTO worked FROM unnest(ev.instants) rg;
        SELECT m.first_in, m.last_out, m.away INTO first_in, last_out, away
          FROM cs_policy_oracle.measure(person, ev.instants, w, '-infinity', 'infinity') m;

        SELECT * INTO x FROM cs_policy.attendance_exception a
         WHERE a.employee_id = person AND a.work_date = ev.day AND a.state = 'approved' ORDER BY a.exception_id LIMIT 1;
        SELECT l.*, CASE WHEN l.state = 'void' THEN 1
                         WHEN l.leave_type = 'sick' AND l.documents_filed_at IS NULL AND l.last_day < as_of::date THEN 2
                         ELSE 0 END AS how
          INTO lv FROM cs_policy.leave_request l
         WHERE l.employee_id = person AND l.state IN ('approved', 'void') AND ev.day BETWEEN l.first_day AND l.last_day
         ORDER BY l.leave_id LIMIT 1;
        IF x.exception_id IS NOT NULL THEN
            -- AT-8 excused; AT-11 a field worker who called after the start is late
            IF x.kind = 'field_work' AND x.requested_at > ev.starts
               AND coalesce((SELECT y.value FROM cs_policy_oracle.rule y
                              WHERE y.policy_id = pol AND y.name = 'field_notice_by_start'), 0) > 0 THEN
                state := cs_policy_oracle.minutes_event(pol, ev.day, 'late',
                             floor(extract(epoch FROM x.requested_at - ev.starts) / 60)::integer, worked, e, state);
            END IF;
        ELSIF lv.leave_id IS NOT NULL THEN
            -- LV-3, LV-5, SH-8, and LV-1 leave approved only after the shift
            -- began (sick leave may be approved afterwards): absence; else leave
            IF lv.how > 0 OR ev.swapped OR (lv.leave_type <> 'sick' AND lv.decided_at > ev.starts) THEN
                state := cs_policy_oracle.absence_event(pol, ev.day, 1, e, state);
            ELSE
                state := cs_policy_oracle.bump(state, '#faults');
            END IF;
        ELSIF first_in IS NULL AND last_out IS NULL THEN
            state := cs_policy_oracle.absence_event(pol, ev.day, 1, e, state);
        ELSIF (SELECT count(*) FROM unnest(ev.instants)) > 1 AND e.role NOT IN ('manager', 'director')
              AND coalesce((SELECT y.value FROM cs_policy_oracle.rule y
                             WHERE y.policy_id = pol AND y.name = 'punch_each_window'), 0) > 0 THEN
            -- AT-20: each window a shift of its own. A punch belongs to the
            -- window nearer to it (a break is cut in its middle); a window
            -- without a punch is its share of the day's absence; minutes
            -- turned into absence are a share of the whole day's.
            nwin := (SELECT count(*) FROM unnest(ev.instants));
            FOR win IN
                SELECT lower(rg) AS starts, upper(rg) AS ends,
                       coalesce(lag(upper(rg) + (lead_start - upper(rg)) / 2) OVER (ORDER BY lower(rg)), '-infinity') AS from_at,
                       coalesce(upper(rg) + (lead_start - upper(rg)) / 2, 'infinity') AS until_at
                  FROM (SELECT rg, lead(lower(rg)) OVER (ORDER BY lower(rg)) AS lead_start FROM unnest(ev.instants) rg) u
                 ORDER BY lower(rg)
            LOOP
                SELECT m.first_in, m.last_out, m.away INTO w_in, w_out, w_away
                  FROM cs_policy_oracle.measure(person, tstzmultirange(tstzrange(win.starts, win.ends)), w,
                                                win.from_at, win.until_at) m;
                IF w_in IS NULL AND w_out IS NULL THEN
                    state := cs_policy_oracle.absence_event(pol, ev.day, round((1000000 / nwin) / 1000000.0, 6), e, state);
                    CONTINUE;
                END IF;
                state := cs_policy_oracle.stretch_events(pol, ev.day, win.starts, win.ends, w_in, w_out, w_away, worked, e, state);
            END LOOP;
        ELSE
            state := cs_policy_oracle.stretch_events(pol, ev.day, ev.starts, ev.ends, first_in, last_out, away, worked, e, state);
        END IF;
        -- AT-9: shifts missed in a row, and the day each of them was missed,
        -- carried into the period from the shifts before it
        IF (state ->> '#shift_absence')::numeric >= 1 THEN
            run := run + 1;
            run_days[run] := ev.day;
        ELSIF run > 0 THEN
            runs := runs || jsonb_build_array(to_jsonb(run_days[1:run]));
            run := 0;
        END IF;
    END LOOP;

    -- the period's rules, under the policy in force on its last day
    pol := coalesce(cs_policy_oracle.policy_on(path, period_last), last_pol);
    IF pol IS NOT NULL THEN
        SELECT * INTO r FROM cs_policy_oracle.rule y WHERE y.policy_id = pol AND y.kind = 'consecutive_absence';
        IF run > 0 THEN
            runs := runs || jsonb_build_array(to_jsonb(run_days[1:run]));
        END IF;
        -- every run, at the highest step it reached
        FOR one_run IN SELECT ARRAY(SELECT jsonb_array_elements_text(run_json)::date) FROM jsonb_array_elements(runs) run_json LOOP
            EXIT WHEN r.rule_no IS NULL;
            st := cs_policy_oracle.step_at(pol, r.rule_no, cardinality(one_run));
            IF st.step IS NOT NULL THEN
                -- charged on the day the run first came into that step, and
                -- not here when that was before the period (charged there)
                reached := 1;
                WHILE reached < cardinality(one_run)
                      AND (cs_policy_oracle.step_at(pol, r.rule_no, reached)).step IS DISTINCT FROM st.step LOOP
                    reached := reached + 1;
                END LOOP;
                IF one_run[reached] >= period_first THEN
                    PERFORM cs_policy_oracle.emit(one_run[reached], 'consecutive_absence',
                                                  cs_policy_oracle.charge(st, cardinality(one_run), e), st.points, 0, st.flags);
                END IF;
            END IF;
        END LOOP;
        v := coalesce((state ->> '#absence_days')::numeric, 0);
        SELECT * INTO r FROM cs_policy_oracle.rule y WHERE y.policy_id = pol AND y.kind = 'month_absence';
        IF r.rule_no IS NOT NULL AND v > 0 THEN
            st := cs_policy_oracle.step_at(pol, r.rule_no, v);
            IF st.step IS NOT NULL THEN
                n := cs_policy_oracle.charge(st, v, e) - coalesce((state ->> '#absence_charged')::numeric, 0);
                PERFORM cs_policy_oracle.emit(period_last, 'month_absence', greatest(n, 0), st.points, 0, st.flags);
            END IF;
        END IF;
        v := (SELECT y.value FROM cs_policy_oracle.rule y WHERE y.policy_id = pol AND y.name = 'full_attendance_bonus');
        IF v > 0 AND coalesce((state ->> '#faults')::numeric, 0) = 0 AND judged > 0 AND pending = 0 THEN
            PERFORM cs_policy_oracle.emit(period_last, 'full_attendance', -round(v, 2), 0, 0, '{}');
        END IF;
        v := (SELECT y.value FROM cs_policy_oracle.rule y WHERE y.policy_id = pol AND y.name = 'score_base');
        IF v IS NOT NULL THEN
            -- AT-13, AT-14: the points score and the pay it moves; the
            -- trainer's adjustment of the month the period closes in
            n := (SELECT a.points FROM cs_policy.score_adjustment a
                   WHERE a.employee_id = person AND a.month = date_trunc('month', period_last)::date);
            IF n IS NOT NULL THEN
                PERFORM cs_policy_oracle.emit(period_last, 'adjustment', 0, -n, 0, '{}');
            END IF;
            n := v - coalesce((SELECT sum(l.points) FROM oracle_lines l), 0);
            n := least(n, coalesce((SELECT y.value FROM cs_policy_oracle.rule y WHERE y.policy_id = pol AND y.name = 'score_cap'), n));
            -- pay floats from the month the period closes in, once the first months are past
            PERFORM cs_policy_oracle.emit(period_last, 'score',
                CASE WHEN extract(year FROM period_last) * 12 + extract(month FROM period_last)
                          >= extract(year FROM e.hired_on) * 12 + extract(month FROM e.hired_on)
                             + coalesce((SELECT y.value FROM cs_policy_oracle.rule y
                                          WHERE y.policy_id = pol AND y.name = 'score_unpaid_months'), 0)
                     THEN -round((n - v) * coalesce((SELECT y.value FROM cs_policy_oracle.rule y
                                                      WHERE y.policy_id = pol AND y.name = 'score_pay_per_point'), 0), 2)
                     ELSE 0 END,
                0, 0,
                CASE WHEN n < (SELECT y.value FROM cs_policy_oracle.rule y WHERE y.policy_id = pol AND y.name = 'score_floor')
                     THEN '{dismissal_review}'::text[] END);
        END IF;
    END IF;
    RETURN QUERY SELECT * FROM oracle_lines;
END
$$;
