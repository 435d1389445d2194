-- bench/calendar_oracle.sql: the four working-time functions in plain
-- PL/pgSQL, written from their documented meaning and reading the calendar
-- tables directly. Not installed: test/calendar_oracle.sql checks the C
-- functions against it on random inputs, and bench/calendar measures both.
--
-- Load with \i into a database that has cs_policy; it creates the schema
-- cs_policy_oracle (drop it when done).

CREATE SCHEMA IF NOT EXISTS cs_policy_oracle;

-- The working windows (minutes after local midnight) of one day.
CREATE OR REPLACE FUNCTION cs_policy_oracle.day_windows(cal text, d date)
RETURNS TABLE (s integer, e integer)
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    names   text[] := '{Mon,Tue,Wed,Thu,Fri,Sat,Sun}';
    kind    cs_policy.day_kind;
    makeup  text;
    week    text;
    weekday integer;
    grp     text;
    item    text;
    win     text;
    found_day boolean;
BEGIN
    SELECT c.makeup_hours_of INTO makeup FROM cs_policy.calendar c WHERE c.name = cal;
    SELECT cd.kind INTO kind FROM cs_policy.calendar_day cd WHERE cd.calendar = cal AND cd.day = d;
    IF kind = 'holiday' THEN
        RETURN;
    END IF;
    -- dated weeks beat seasons, seasons beat the default
    SELECT w.week::text INTO week FROM cs_policy.calendar_week w
     WHERE w.calendar = cal
     ORDER BY CASE WHEN length(w.period) = 22
                        AND d BETWEEN split_part(w.period, '..', 1)::date AND split_part(w.period, '..', 2)::date THEN 1
                   WHEN length(w.period) = 12
                        AND to_char(d, 'MM-DD') BETWEEN split_part(w.period, '..', 1) AND split_part(w.period, '..', 2) THEN 2
                   WHEN w.period = '' THEN 3
                   ELSE 4 END
     LIMIT 1;

    weekday := extract(isodow FROM d)::integer;
    IF kind = 'workday' THEN
        -- a make-up day takes the hours of makeup_hours_of, or else of the
        -- first of Monday to Friday that has hours
        weekday := array_position(names, makeup);
        FOR candidate IN 0..5 LOOP
            IF candidate > 0 THEN
                weekday := candidate;
            END IF;
            found_day := false;
            FOREACH grp IN ARRAY string_to_array(week, '; ') LOOP
                FOREACH item IN ARRAY string_to_array(split_part(grp, ' ', 1), ',') LOOP
                    IF weekday BETWEEN array_position(names, split_part(item, '-', 1))
                                   AND array_position(names, coalesce(nullif(split_part(item, '-', 2), ''),
                                                                      split_part(item, '-', 1))) THEN
                        found_day := true;
                    END IF;
                END LOOP;
            END LOOP;
            EXIT WHEN found_day;
        END LOOP;
    END IF;

    FOREACH grp IN ARRAY string_to_array(week, '; ') LOOP
        FOREACH item IN ARRAY string_to_array(split_part(grp, ' ', 1), ',') LOOP
            IF weekday BETWEEN array_position(names, split_part(item, '-', 1))
                           AND array_position(names, coalesce(nullif(split_part(item, '-', 2), ''),
                                                              split_part(item, '-', 1))) THEN
                FOREACH win IN ARRAY string_to_array(split_part(grp, ' ', 2), ',') LOOP
                    s := split_part(split_part(win, '-', 1), ':', 1)::integer * 60
                         + split_part(split_part(win, '-', 1), ':', 2)::integer;
                    e := split_part(split_part(win, '-', 2), ':', 1)::integer * 60
                         + split_part(split_part(win, '-', 2), ':', 2)::integer;
                    RETURN NEXT;
                END LOOP;
            END IF;
        END LOOP;
    END LOOP;
END
$$;

CREATE OR REPLACE FUNCTION cs_policy_oracle.zone(cal text) RETURNS text
LANGUAGE sql STABLE
RETURN (SELECT c.time_zone FROM cs_policy.calendar c WHERE c.name = cal);

-- The instant of a local day and minute (24:00 is the next day's 00:00).
CREATE OR REPLACE FUNCTION cs_policy_oracle.instant(cal text, d date, minute integer) RETURNS timestamptz
LANGUAGE sql STABLE
RETURN (d + make_interval(mins => minute)) AT TIME ZONE cs_policy_oracle.zone(cal);

CREATE OR REPLACE FUNCTION cs_policy_oracle.usecs(i interval) RETURNS bigint
LANGUAGE sql IMMUTABLE
RETURN (extract(epoch FROM i) * 1000000)::bigint;

CREATE OR REPLACE FUNCTION cs_policy_oracle.is_working_day(cal text, d date) RETURNS boolean
LANGUAGE sql STABLE
RETURN EXISTS (SELECT FROM cs_policy_oracle.day_windows(cal, d));

CREATE OR REPLACE FUNCTION cs_policy_oracle.add_working_days(cal text, t timestamptz, n integer)
RETURNS timestamptz
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    d        date := (t AT TIME ZONE cs_policy_oracle.zone(cal))::date;
    last_end integer;
BEGIN
    IF n > 0 THEN
        d := d + 1;
    END IF;
    LOOP
        SELECT max(w.e) INTO last_end FROM cs_policy_oracle.day_windows(cal, d) w;
        IF last_end IS NOT NULL THEN
            IF n <= 1 THEN
                RETURN cs_policy_oracle.instant(cal, d, last_end);
            END IF;
            n := n - 1;
        END IF;
        d := d + 1;
    END LOOP;
END
$$;

CREATE OR REPLACE FUNCTION cs_policy_oracle.add_working_time(cal text, t timestamptz, dur interval)
RETURNS timestamptz
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    d         date := (t AT TIME ZONE cs_policy_oracle.zone(cal))::date;
    remaining bigint := cs_policy_oracle.usecs(dur);
    w         record;
    ws        timestamptz;
    we        timestamptz;
    available bigint;
BEGIN
    IF remaining <= 0 THEN
        RETURN t;
    END IF;
    LOOP
        FOR w IN SELECT * FROM cs_policy_oracle.day_windows(cal, d) ORDER BY 1 LOOP
            ws := cs_policy_oracle.instant(cal, d, w.s);
            we := cs_policy_oracle.instant(cal, d, w.e);
            CONTINUE WHEN we <= t;
            ws := greatest(ws, t);
            available := cs_policy_oracle.usecs(we - ws);
            CONTINUE WHEN available <= 0;
            IF remaining <= available THEN
                RETURN ws + (remaining::text || ' microseconds')::interval;
            END IF;
            remaining := remaining - available;
        END LOOP;
        d := d + 1;
    END LOOP;
END
$$;

CREATE OR REPLACE FUNCTION cs_policy_oracle.working_time_between(cal text, a timestamptz, b timestamptz)
RETURNS interval
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    zone  text := cs_policy_oracle.zone(cal);
    d     date;
    total bigint := 0;
    w     record;
    lo    timestamptz;
    hi    timestamptz;
BEGIN
    IF b < a THEN
        RETURN -cs_policy_oracle.working_time_between(cal, b, a);
    END IF;
    d := (a AT TIME ZONE zone)::date;
    WHILE d <= (b AT TIME ZONE zone)::date LOOP
        FOR w IN SELECT * FROM cs_policy_oracle.day_windows(cal, d) LOOP
            lo := greatest(cs_policy_oracle.instant(cal, d, w.s), a);
            hi := least(cs_policy_oracle.instant(cal, d, w.e), b);
            IF hi > lo THEN
                total := total + cs_policy_oracle.usecs(hi - lo);
            END IF;
        END LOOP;
        d := d + 1;
    END LOOP;
    RETURN (total::text || ' microseconds')::interval;
END
$$;
