-- src/calendar.sql: business calendars and working-time arithmetic (C: src/calendar.c, src/calendar_core.c)

CREATE TYPE cs_policy.business_calendar;

CREATE FUNCTION cs_policy.business_calendar_in(cstring) RETURNS cs_policy.business_calendar
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION cs_policy.business_calendar_out(cs_policy.business_calendar) RETURNS cstring
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION cs_policy.business_calendar_recv(internal) RETURNS cs_policy.business_calendar
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION cs_policy.business_calendar_send(cs_policy.business_calendar) RETURNS bytea
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE cs_policy.business_calendar (
    INTERNALLENGTH = VARIABLE,
    INPUT = cs_policy.business_calendar_in,
    OUTPUT = cs_policy.business_calendar_out,
    RECEIVE = cs_policy.business_calendar_recv,
    SEND = cs_policy.business_calendar_send,
    ALIGNMENT = int4,
    STORAGE = extended
);
COMMENT ON TYPE cs_policy.business_calendar IS
    'A business calendar compiled into one value: ''tz=Asia/Shanghai; week=Mon-Fri 09:00-18:00; week 05-01..09-30=Mon-Fri 08:30-11:30,13:30-17:30; makeup=Mon; off=2025-10-01..2025-10-08; on=2025-09-28,2025-10-11'' (time zone; default workweek; seasonal "week MM-DD..MM-DD=" or dated "week YYYY-MM-DD..YYYY-MM-DD=" workweeks; weekday whose hours make-up days take; days off; make-up working days)';
COMMENT ON FUNCTION cs_policy.business_calendar_in(cstring) IS 'Input function of business_calendar';
COMMENT ON FUNCTION cs_policy.business_calendar_out(cs_policy.business_calendar) IS 'Output function of business_calendar: the canonical text';
COMMENT ON FUNCTION cs_policy.business_calendar_recv(internal) IS 'Binary input function of business_calendar';
COMMENT ON FUNCTION cs_policy.business_calendar_send(cs_policy.business_calendar) IS 'Binary output function of business_calendar';

CREATE FUNCTION cs_policy.business_calendar_eq(cs_policy.business_calendar, cs_policy.business_calendar) RETURNS boolean
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION cs_policy.business_calendar_ne(cs_policy.business_calendar, cs_policy.business_calendar) RETURNS boolean
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION cs_policy.business_calendar_hash(cs_policy.business_calendar) RETURNS integer
    AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION cs_policy.business_calendar_eq(cs_policy.business_calendar, cs_policy.business_calendar) IS 'True when both calendars are the same (same canonical text)';
COMMENT ON FUNCTION cs_policy.business_calendar_ne(cs_policy.business_calendar, cs_policy.business_calendar) IS 'True when the calendars differ';
COMMENT ON FUNCTION cs_policy.business_calendar_hash(cs_policy.business_calendar) IS 'Hash support for business_calendar';

CREATE OPERATOR cs_policy.= (
    LEFTARG = cs_policy.business_calendar, RIGHTARG = cs_policy.business_calendar,
    FUNCTION = cs_policy.business_calendar_eq, COMMUTATOR = OPERATOR(cs_policy.=),
    NEGATOR = OPERATOR(cs_policy.<>), RESTRICT = eqsel, JOIN = eqjoinsel, HASHES
);
CREATE OPERATOR cs_policy.<> (
    LEFTARG = cs_policy.business_calendar, RIGHTARG = cs_policy.business_calendar,
    FUNCTION = cs_policy.business_calendar_ne, COMMUTATOR = OPERATOR(cs_policy.<>),
    NEGATOR = OPERATOR(cs_policy.=), RESTRICT = neqsel, JOIN = neqjoinsel
);
CREATE OPERATOR CLASS cs_policy.business_calendar_hash_ops
    DEFAULT FOR TYPE cs_policy.business_calendar USING hash AS
    OPERATOR 1 cs_policy.=,
    FUNCTION 1 cs_policy.business_calendar_hash(cs_policy.business_calendar);

CREATE FUNCTION cs_policy.calendar_time_zone(calendar cs_policy.business_calendar) RETURNS text
    AS 'MODULE_PATHNAME', 'business_calendar_time_zone' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION cs_policy.calendar_time_zone(cs_policy.business_calendar) IS
    'The IANA time zone the calendar''s days and hours are local to';

CREATE TABLE cs_policy.calendar (
    name            text PRIMARY KEY
                    CHECK (name OPERATOR(pg_catalog.~) '^[a-z][a-z0-9_]{0,62}$'),
    time_zone       text NOT NULL DEFAULT 'Asia/Shanghai',
    description     text,
    makeup_hours_of text NOT NULL DEFAULT 'Mon'
                    CHECK (makeup_hours_of OPERATOR(pg_catalog.=) ANY ('{Mon,Tue,Wed,Thu,Fri,Sat,Sun}'::text[])),
    value           cs_policy.business_calendar NOT NULL,
    shipped         boolean NOT NULL DEFAULT false
);
COMMENT ON TABLE cs_policy.calendar IS
    'Business calendars: which days are worked, at which hours, in which time zone. Change through create_calendar, copy_calendar, alter_calendar, set_calendar_week, set_calendar_day';
COMMENT ON COLUMN cs_policy.calendar.name IS 'Calendar name, lower case, e.g. cn';
COMMENT ON COLUMN cs_policy.calendar.time_zone IS 'IANA time zone the calendar''s days and hours are local to';
COMMENT ON COLUMN cs_policy.calendar.description IS 'What the calendar is for';
COMMENT ON COLUMN cs_policy.calendar.makeup_hours_of IS 'Weekday whose hours a make-up working day takes (if that weekday has none: the first of Monday to Friday that has hours)';
COMMENT ON COLUMN cs_policy.calendar.value IS 'The whole calendar compiled into one business_calendar value, kept current by the command functions; views pass it to the working-time functions';
COMMENT ON COLUMN cs_policy.calendar.shipped IS 'True for calendars installed with the extension: read-only, kept out of pg_dump and recreated by CREATE EXTENSION';

CREATE TABLE cs_policy.calendar_week (
    calendar text NOT NULL REFERENCES cs_policy.calendar ON DELETE CASCADE,
    period   text NOT NULL DEFAULT ''
             CHECK (period OPERATOR(pg_catalog.~)
                    '^([0-9]{2}-[0-9]{2}\.\.[0-9]{2}-[0-9]{2}|[0-9]{4}-[0-9]{2}-[0-9]{2}\.\.[0-9]{4}-[0-9]{2}-[0-9]{2})?$'),
    week     cs_policy.workweek NOT NULL,
    shipped  boolean NOT NULL DEFAULT false,
    PRIMARY KEY (calendar, period)
);
COMMENT ON TABLE cs_policy.calendar_week IS
    'The working hours of a calendar: its default workweek (empty period) and seasonal or dated ones (SH-2)';
COMMENT ON COLUMN cs_policy.calendar_week.calendar IS 'Calendar the hours belong to';
COMMENT ON COLUMN cs_policy.calendar_week.period IS 'Empty for the default week; MM-DD..MM-DD for a season every year; YYYY-MM-DD..YYYY-MM-DD for those dates (inclusive). Dated weeks beat seasons, seasons beat the default';
COMMENT ON COLUMN cs_policy.calendar_week.week IS 'Working hours in that period';
COMMENT ON COLUMN cs_policy.calendar_week.shipped IS 'True for weeks installed with the extension';

CREATE TYPE cs_policy.day_kind AS ENUM ('holiday', 'workday');
COMMENT ON TYPE cs_policy.day_kind IS
    'holiday: a day off that would otherwise be worked; workday: a make-up working day that would otherwise be off (a weekend day in China)';

CREATE TABLE cs_policy.calendar_day (
    calendar text NOT NULL REFERENCES cs_policy.calendar ON DELETE CASCADE,
    day      date NOT NULL CHECK (day BETWEEN '1000-01-01' AND '9999-12-31'),
    kind     cs_policy.day_kind NOT NULL,
    name     text NOT NULL CHECK (pg_catalog.btrim(name) OPERATOR(pg_catalog.<>) ''),
    shipped  boolean NOT NULL DEFAULT false,
    PRIMARY KEY (calendar, day)
);
COMMENT ON TABLE cs_policy.calendar_day IS
    'Exceptions to a calendar''s workweek: public holidays and make-up working days';
COMMENT ON COLUMN cs_policy.calendar_day.calendar IS 'Calendar the day belongs to';
COMMENT ON COLUMN cs_policy.calendar_day.day IS 'The date, local to the calendar''s time zone';
COMMENT ON COLUMN cs_policy.calendar_day.kind IS 'holiday (off) or workday (make-up working day)';
COMMENT ON COLUMN cs_policy.calendar_day.name IS 'Name of the holiday the day belongs to, e.g. Spring Festival';
COMMENT ON COLUMN cs_policy.calendar_day.shipped IS 'True for days installed with the extension from data/cn_public_holidays.csv';

-- Shipped rows are recreated by CREATE EXTENSION, so pg_dump keeps only the
-- user's own; that is also why shipped calendars are read-only.
SELECT pg_catalog.pg_extension_config_dump('cs_policy.calendar', 'WHERE NOT shipped');
SELECT pg_catalog.pg_extension_config_dump('cs_policy.calendar_week', 'WHERE NOT shipped');
SELECT pg_catalog.pg_extension_config_dump('cs_policy.calendar_day', 'WHERE NOT shipped');

-- Calendars are not secret, and the name-form functions read
-- cs_policy.calendar with the caller's rights.
GRANT SELECT ON cs_policy.calendar, cs_policy.calendar_week, cs_policy.calendar_day TO PUBLIC;

CREATE FUNCTION cs_policy.calendar_changed() RETURNS void
    AS 'MODULE_PATHNAME' LANGUAGE C VOLATILE;
COMMENT ON FUNCTION cs_policy.calendar_changed() IS
    'Tells every session (at commit; this one at once) to forget the calendar values it cached for the name-form functions';
REVOKE EXECUTE ON FUNCTION cs_policy.calendar_changed() FROM PUBLIC;

CREATE FUNCTION cs_policy.check_time_zone(time_zone text)
RETURNS void
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    -- Full IANA names only: abbreviations such as CST are ambiguous
    -- (China, Cuba or US Central) and carry no daylight-saving rules.
    IF time_zone IS NULL
       OR NOT EXISTS (SELECT FROM pg_catalog.pg_timezone_names n
                      WHERE n.name = check_time_zone.time_zone) THEN
        RAISE EXCEPTION 'unknown time zone "%"', time_zone
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Use a full IANA name such as Asia/Shanghai or Europe/Berlin; SELECT name FROM pg_timezone_names lists them.';
    END IF;
END
$$;
COMMENT ON FUNCTION cs_policy.check_time_zone(text) IS
    'Raises 22023 unless the argument is a full IANA time zone name known to the server';

CREATE FUNCTION cs_policy.calendar_for_change(calendar text)
RETURNS cs_policy.calendar
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    hit cs_policy.calendar;
BEGIN
    -- The row lock serializes changes to one calendar, so that its value
    -- is always compiled from one consistent set of rows.
    SELECT * INTO hit FROM cs_policy.calendar c
     WHERE c.name = calendar_for_change.calendar
       FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'calendar "%" does not exist', calendar
            USING ERRCODE = 'no_data_found',
                  HINT = 'SELECT name FROM cs_policy.calendar lists the calendars; cs_policy.create_calendar adds one.';
    END IF;
    IF hit.shipped THEN
        RAISE EXCEPTION 'calendar "%" was installed with the extension and is read-only', calendar
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = 'Shipped calendars are recreated by CREATE EXTENSION and updated by extension upgrades.',
                  HINT = format('Copy it with cs_policy.copy_calendar(%L, ''my_calendar'') and change the copy.', calendar);
    END IF;
    RETURN hit;
END
$$;
COMMENT ON FUNCTION cs_policy.calendar_for_change(text) IS
    'Returns the named calendar locked for update, or raises P0002 (unknown) or 55000 (shipped, read-only)';
REVOKE EXECUTE ON FUNCTION cs_policy.calendar_for_change(text) FROM PUBLIC;

CREATE FUNCTION cs_policy.calendar_refresh(calendar text)
RETURNS cs_policy.business_calendar
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    cal      cs_policy.calendar;
    compiled cs_policy.business_calendar;
BEGIN
    SELECT * INTO STRICT cal FROM cs_policy.calendar c WHERE c.name = calendar_refresh.calendar;
    -- The text form is the one interface to the compiler; dates are spelled
    -- with to_char so that DateStyle cannot change them.
    compiled := (format('tz=%s; makeup=%s', cal.time_zone, cal.makeup_hours_of)
        || coalesce((SELECT string_agg(CASE WHEN w.period = '' THEN '; week='
                                            ELSE '; week ' || w.period || '=' END || w.week::text,
                                       '' ORDER BY w.period)
                       FROM cs_policy.calendar_week w WHERE w.calendar = cal.name), '')
        || coalesce((SELECT '; off=' || string_agg(to_char(d.day, 'YYYY-MM-DD'), ',' ORDER BY d.day)
                       FROM cs_policy.calendar_day d WHERE d.calendar = cal.name AND d.kind = 'holiday'), '')
        || coalesce((SELECT '; on=' || string_agg(to_char(d.day, 'YYYY-MM-DD'), ',' ORDER BY d.day)
                       FROM cs_policy.calendar_day d WHERE d.calendar = cal.name AND d.kind = 'workday'), '')
        )::cs_policy.business_calendar;
    -- AT-15: not over the days of a closed period judged by it (a shipped
    -- calendar changes only with the extension: compiled as it installs)
    IF NOT cal.shipped THEN
        PERFORM cs_policy.refuse_if_calendar_closed(cal.name, cal.value, compiled);
    END IF;
    UPDATE cs_policy.calendar c SET value = compiled WHERE c.name = cal.name;
    PERFORM cs_policy.calendar_changed();
    RETURN compiled;
END
$$;
COMMENT ON FUNCTION cs_policy.calendar_refresh(text) IS
    'Compiles a calendar''s rows into its value column and tells every session''s cache; called by each command that changes a calendar; AT-15: refused (55000) where the change reaches a day of a closed period judged by the calendar (refuse_if_calendar_closed)';
REVOKE EXECUTE ON FUNCTION cs_policy.calendar_refresh(text) FROM PUBLIC;

CREATE FUNCTION cs_policy.create_calendar(name text, time_zone text DEFAULT 'Asia/Shanghai',
                                          description text DEFAULT NULL,
                                          week cs_policy.workweek DEFAULT 'Mon-Fri 09:00-18:00',
                                          makeup_hours_of text DEFAULT 'Mon')
RETURNS cs_policy.business_calendar
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    audit_calendar_week cs_policy.calendar_week;
    audit_calendar cs_policy.calendar;
    after_row jsonb;
BEGIN
    PERFORM cs_policy.check_time_zone(create_calendar.time_zone);
    IF name IS NULL OR name !~ '^[a-z][a-z0-9_]{0,62}$' THEN
        RAISE EXCEPTION 'invalid calendar name "%"', name
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'A calendar name is a lower-case letter followed by up to 62 lower-case letters, digits or underscores.';
    END IF;
    IF week IS NULL THEN
        RAISE EXCEPTION 'a calendar needs a workweek'
            USING ERRCODE = 'null_value_not_allowed',
                  HINT = 'For example week => ''Mon-Fri 09:00-18:00''.';
    END IF;
    IF makeup_hours_of IS NULL OR NOT makeup_hours_of = ANY ('{Mon,Tue,Wed,Thu,Fri,Sat,Sun}') THEN
        RAISE EXCEPTION 'unknown weekday "%"', makeup_hours_of
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'makeup_hours_of is one of Mon, Tue, Wed, Thu, Fri, Sat, Sun.';
    END IF;
    IF EXISTS (SELECT 1 FROM cs_policy.calendar c WHERE c.name = create_calendar.name) THEN
        RAISE EXCEPTION 'calendar "%" already exists', name
            USING ERRCODE = 'unique_violation',
                  HINT = 'Choose another name, or change the existing calendar with cs_policy.set_calendar_week and cs_policy.set_calendar_day.';
    END IF;
    INSERT INTO cs_policy.calendar AS c (name, time_zone, description, makeup_hours_of, value)
    VALUES (create_calendar.name, create_calendar.time_zone, create_calendar.description,
            create_calendar.makeup_hours_of, ('week=' || create_calendar.week::text)::cs_policy.business_calendar)
    RETURNING c.* INTO audit_calendar;
    after_row := to_jsonb(audit_calendar);
    PERFORM cs_policy.audit(NULL, 'create_calendar', 'calendar', NULL, after_row);
    INSERT INTO cs_policy.calendar_week AS w (calendar, period, week)
    VALUES (create_calendar.name, '', create_calendar.week)
    RETURNING w.* INTO audit_calendar_week;
    after_row := to_jsonb(audit_calendar_week);
    PERFORM cs_policy.audit(NULL, 'create_calendar', 'calendar_week', NULL, after_row);
    RETURN cs_policy.calendar_refresh(name);
END
$$;
COMMENT ON FUNCTION cs_policy.create_calendar(text, text, text, cs_policy.workweek, text) IS
    'Creates a business calendar with a default workweek and no holidays, in a time zone; returns its value';
REVOKE EXECUTE ON FUNCTION cs_policy.create_calendar(text, text, text, cs_policy.workweek, text) FROM PUBLIC;

CREATE FUNCTION cs_policy.copy_calendar(source text, name text, time_zone text DEFAULT NULL)
RETURNS cs_policy.business_calendar
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    original cs_policy.calendar;
BEGIN
    SELECT * INTO original FROM cs_policy.calendar c WHERE c.name = copy_calendar.source;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'calendar "%" does not exist', source
            USING ERRCODE = 'no_data_found',
                  HINT = 'SELECT name FROM cs_policy.calendar lists the calendars.';
    END IF;
    PERFORM cs_policy.create_calendar(copy_calendar.name, coalesce(copy_calendar.time_zone, original.time_zone),
                                      'copy of ' || original.name,
                                      (SELECT w.week FROM cs_policy.calendar_week w
                                        WHERE w.calendar = original.name AND w.period = ''),
                                      original.makeup_hours_of);
    INSERT INTO cs_policy.calendar_week (calendar, period, week)
    SELECT copy_calendar.name, w.period, w.week
      FROM cs_policy.calendar_week w
     WHERE w.calendar = original.name AND w.period <> '';
    IF FOUND THEN
        PERFORM cs_policy.audit(NULL, 'copy_calendar', 'calendar_week', NULL,
                                (SELECT jsonb_agg(to_jsonb(w) ORDER BY w.period) FROM cs_policy.calendar_week w
                                  WHERE w.calendar = copy_calendar.name AND w.period <> ''));
    END IF;
    INSERT INTO cs_policy.calendar_day (calendar, day, kind, name)
    SELECT copy_calendar.name, d.day, d.kind, d.name
      FROM cs_policy.calendar_day d
     WHERE d.calendar = original.name;
    IF FOUND THEN
        PERFORM cs_policy.audit(NULL, 'copy_calendar', 'calendar_day', NULL,
                                (SELECT jsonb_agg(to_jsonb(d) ORDER BY d.day) FROM cs_policy.calendar_day d
                                  WHERE d.calendar = copy_calendar.name));
    END IF;
    RETURN cs_policy.calendar_refresh(name);
END
$$;
COMMENT ON FUNCTION cs_policy.copy_calendar(text, text, text) IS
    'Creates calendar name as a copy of source with its workweeks, holidays and make-up working days (optionally in another time zone); the copy can then be changed freely';
REVOKE EXECUTE ON FUNCTION cs_policy.copy_calendar(text, text, text) FROM PUBLIC;

CREATE FUNCTION cs_policy.alter_calendar(calendar text, time_zone text DEFAULT NULL,
                                         makeup_hours_of text DEFAULT NULL, description text DEFAULT NULL)
RETURNS cs_policy.business_calendar
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    audit_calendar cs_policy.calendar;
    cal cs_policy.calendar := cs_policy.calendar_for_change(calendar);
    after_row jsonb;
BEGIN
    IF time_zone IS NOT NULL THEN
        PERFORM cs_policy.check_time_zone(time_zone);
    END IF;
    IF makeup_hours_of IS NOT NULL AND NOT makeup_hours_of = ANY ('{Mon,Tue,Wed,Thu,Fri,Sat,Sun}') THEN
        RAISE EXCEPTION 'unknown weekday "%"', makeup_hours_of
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'makeup_hours_of is one of Mon, Tue, Wed, Thu, Fri, Sat, Sun.';
    END IF;
    UPDATE cs_policy.calendar c
       SET time_zone = coalesce(alter_calendar.time_zone, c.time_zone),
           makeup_hours_of = coalesce(alter_calendar.makeup_hours_of, c.makeup_hours_of),
           description = coalesce(alter_calendar.description, c.description)
     WHERE c.name = cal.name
    RETURNING c.* INTO audit_calendar;
    after_row := to_jsonb(audit_calendar);
    PERFORM cs_policy.audit(NULL, 'alter_calendar', 'calendar', to_jsonb(cal), after_row);
    RETURN cs_policy.calendar_refresh(cal.name);
END
$$;
COMMENT ON FUNCTION cs_policy.alter_calendar(text, text, text, text) IS
    'Changes a calendar''s time zone, the weekday whose hours make-up days take, or its description (NULL keeps each); returns the new value';
REVOKE EXECUTE ON FUNCTION cs_policy.alter_calendar(text, text, text, text) FROM PUBLIC;

CREATE FUNCTION cs_policy.set_calendar_week(calendar text, week cs_policy.workweek, period text DEFAULT '')
RETURNS cs_policy.business_calendar
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    audit_calendar_week cs_policy.calendar_week;
    cal cs_policy.calendar := cs_policy.calendar_for_change(calendar);
    before_row jsonb;
    after_row  jsonb;
BEGIN
    IF week IS NULL OR period IS NULL THEN
        RAISE EXCEPTION 'a calendar week needs hours and a period'
            USING ERRCODE = 'null_value_not_allowed',
                  HINT = 'period is '''' for the default week, ''05-01..09-30'' for a season, ''2026-07-01..2026-08-31'' for dates.';
    END IF;
    IF period !~ '^([0-9]{2}-[0-9]{2}\.\.[0-9]{2}-[0-9]{2}|[0-9]{4}-[0-9]{2}-[0-9]{2}\.\.[0-9]{4}-[0-9]{2}-[0-9]{2})?$' THEN
        RAISE EXCEPTION 'invalid period "%"', period
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'period is '''' for the default week, MM-DD..MM-DD for a season every year, YYYY-MM-DD..YYYY-MM-DD for dates; both ends inclusive.';
    END IF;
    SELECT to_jsonb(w) INTO before_row FROM cs_policy.calendar_week w
     WHERE w.calendar = cal.name AND w.period = set_calendar_week.period;
    INSERT INTO cs_policy.calendar_week AS w (calendar, period, week)
    VALUES (cal.name, set_calendar_week.period, set_calendar_week.week)
    ON CONFLICT ON CONSTRAINT calendar_week_pkey DO UPDATE SET week = excluded.week
    RETURNING w.* INTO audit_calendar_week;
    after_row := to_jsonb(audit_calendar_week);
    PERFORM cs_policy.audit(NULL, 'set_calendar_week', 'calendar_week', before_row, after_row);
    -- Compiling checks what rows cannot: real dates, no overlapping periods.
    RETURN cs_policy.calendar_refresh(cal.name);
END
$$;
COMMENT ON FUNCTION cs_policy.set_calendar_week(text, cs_policy.workweek, text) IS
    'Sets a calendar''s working hours: the default week (period ''''), a season every year (''05-01..09-30'') or dates (''2026-07-01..2026-08-31''); returns the new value';
REVOKE EXECUTE ON FUNCTION cs_policy.set_calendar_week(text, cs_policy.workweek, text) FROM PUBLIC;

CREATE FUNCTION cs_policy.remove_calendar_week(calendar text, period text)
RETURNS cs_policy.business_calendar
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    audit_calendar_week cs_policy.calendar_week;
    cal cs_policy.calendar := cs_policy.calendar_for_change(calendar);
    before_row jsonb;
BEGIN
    IF period IS NULL OR period = '' THEN
        RAISE EXCEPTION 'the default week of a calendar cannot be removed'
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Replace it with cs_policy.set_calendar_week(calendar, week).';
    END IF;
    DELETE FROM cs_policy.calendar_week w
     WHERE w.calendar = cal.name AND w.period = remove_calendar_week.period
    RETURNING w.* INTO audit_calendar_week;
    before_row := to_jsonb(audit_calendar_week);
    IF NOT FOUND THEN
        RAISE EXCEPTION 'calendar "%" has no week for period "%"', calendar, period
            USING ERRCODE = 'no_data_found',
                  HINT = 'SELECT period FROM cs_policy.calendar_week WHERE calendar = ... lists them.';
    END IF;
    PERFORM cs_policy.audit(NULL, 'remove_calendar_week', 'calendar_week', before_row, NULL);
    RETURN cs_policy.calendar_refresh(cal.name);
END
$$;
COMMENT ON FUNCTION cs_policy.remove_calendar_week(text, text) IS
    'Removes a seasonal or dated week from a calendar; returns the new value';
REVOKE EXECUTE ON FUNCTION cs_policy.remove_calendar_week(text, text) FROM PUBLIC;

CREATE FUNCTION cs_policy.set_calendar_day(calendar text, day date, kind cs_policy.day_kind, name text)
RETURNS cs_policy.business_calendar
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    audit_calendar_day cs_policy.calendar_day;
    cal cs_policy.calendar := cs_policy.calendar_for_change(calendar);
    before_row jsonb;
    after_row  jsonb;
BEGIN
    IF day IS NULL OR kind IS NULL THEN
        RAISE EXCEPTION 'a calendar day needs a date and a kind'
            USING ERRCODE = 'null_value_not_allowed',
                  HINT = 'kind is holiday (a day off) or workday (a make-up working day).';
    END IF;
    IF day NOT BETWEEN '1000-01-01' AND '9999-12-31' THEN
        RAISE EXCEPTION 'date % is out of range for a calendar', day
            USING ERRCODE = 'datetime_field_overflow',
                  HINT = 'Calendar days lie between the years 1000 and 9999.';
    END IF;
    IF name IS NULL OR btrim(name) = '' THEN
        RAISE EXCEPTION 'calendar day % needs a name', day
            USING ERRCODE = 'null_value_not_allowed',
                  HINT = 'Name the holiday the day belongs to, e.g. ''National Day''.';
    END IF;
    SELECT to_jsonb(d) INTO before_row FROM cs_policy.calendar_day d
     WHERE d.calendar = cal.name AND d.day = set_calendar_day.day;
    INSERT INTO cs_policy.calendar_day AS d (calendar, day, kind, name)
    VALUES (cal.name, set_calendar_day.day, set_calendar_day.kind, set_calendar_day.name)
    ON CONFLICT ON CONSTRAINT calendar_day_pkey
    DO UPDATE SET kind = excluded.kind, name = excluded.name
    RETURNING d.* INTO audit_calendar_day;
    after_row := to_jsonb(audit_calendar_day);
    PERFORM cs_policy.audit(NULL, 'set_calendar_day', 'calendar_day', before_row, after_row);
    RETURN cs_policy.calendar_refresh(cal.name);
END
$$;
COMMENT ON FUNCTION cs_policy.set_calendar_day(text, date, cs_policy.day_kind, text) IS
    'Marks a day of a calendar as a holiday or a make-up working day (replacing what the day was); returns the new value';
REVOKE EXECUTE ON FUNCTION cs_policy.set_calendar_day(text, date, cs_policy.day_kind, text) FROM PUBLIC;

CREATE FUNCTION cs_policy.remove_calendar_day(calendar text, day date)
RETURNS boolean
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    audit_calendar_day cs_policy.calendar_day;
    cal cs_policy.calendar := cs_policy.calendar_for_change(calendar);
    before_row jsonb;
BEGIN
    DELETE FROM cs_policy.calendar_day d
     WHERE d.calendar = cal.name AND d.day = remove_calendar_day.day
    RETURNING d.* INTO audit_calendar_day;
    before_row := to_jsonb(audit_calendar_day);
    IF NOT FOUND THEN
        RETURN false;
    END IF;
    PERFORM cs_policy.audit(NULL, 'remove_calendar_day', 'calendar_day', before_row, NULL);
    PERFORM cs_policy.calendar_refresh(cal.name);
    RETURN true;
END
$$;
COMMENT ON FUNCTION cs_policy.remove_calendar_day(text, date) IS
    'Makes a day ordinary again (worked or not as its workweek says); returns false when the day had no entry';
REVOKE EXECUTE ON FUNCTION cs_policy.remove_calendar_day(text, date) FROM PUBLIC;

-- The working-time functions, each in two forms: on a business_calendar
-- value (IMMUTABLE: what views use) and on a calendar name (STABLE, cached).

CREATE FUNCTION cs_policy.is_working_day(calendar cs_policy.business_calendar, d date) RETURNS boolean
    AS 'MODULE_PATHNAME', 'calendar_is_working_day' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION cs_policy.is_working_day(calendar text, d date) RETURNS boolean
    AS 'MODULE_PATHNAME', 'calendar_is_working_day_by_name' LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION cs_policy.is_working_day(cs_policy.business_calendar, date) IS
    'True when the day has working hours: a make-up working day, or a day of the workweek that is not a holiday';
COMMENT ON FUNCTION cs_policy.is_working_day(text, date) IS
    'is_working_day on the named calendar (its value is cached per session)';

-- AT-15: what a change of a calendar changes (refuse_if_calendar_closed)
CREATE FUNCTION cs_policy.calendar_first_difference(a cs_policy.business_calendar, b cs_policy.business_calendar,
                                                     from_day date, through_day date) RETURNS date
    AS 'MODULE_PATHNAME', 'calendar_first_difference' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION cs_policy.calendar_first_difference(cs_policy.business_calendar, cs_policy.business_calendar, date, date) IS
    'The first day of from_day .. through_day (at most 36,600 days) that differs between two calendars, in their local time: a holiday or a make-up working day in one only, or other working hours; NULL where none does. Time zones are not compared (calendar_time_zone)';

CREATE FUNCTION cs_policy.add_working_days(calendar cs_policy.business_calendar, t timestamptz, n integer) RETURNS timestamptz
    AS 'MODULE_PATHNAME', 'calendar_add_working_days' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION cs_policy.add_working_days(calendar text, t timestamptz, n integer) RETURNS timestamptz
    AS 'MODULE_PATHNAME', 'calendar_add_working_days_by_name' LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION cs_policy.add_working_days(cs_policy.business_calendar, timestamptz, integer) IS
    '"Within n working days" of t: the end of working hours of the n-th working day after the calendar day of t (that day itself does not count); n = 0: the end of that day''s hours if it is a working day, else of the next working day';
COMMENT ON FUNCTION cs_policy.add_working_days(text, timestamptz, integer) IS
    'add_working_days on the named calendar (its value is cached per session)';

CREATE FUNCTION cs_policy.add_working_time(calendar cs_policy.business_calendar, t timestamptz, d interval) RETURNS timestamptz
    AS 'MODULE_PATHNAME', 'calendar_add_working_time' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION cs_policy.add_working_time(calendar text, t timestamptz, d interval) RETURNS timestamptz
    AS 'MODULE_PATHNAME', 'calendar_add_working_time_by_name' LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION cs_policy.add_working_time(cs_policy.business_calendar, timestamptz, interval) IS
    'The earliest instant after t by which d of working time (hours, minutes, seconds) has passed, moving through working hours only';
COMMENT ON FUNCTION cs_policy.add_working_time(text, timestamptz, interval) IS
    'add_working_time on the named calendar (its value is cached per session)';

CREATE FUNCTION cs_policy.working_time_between(calendar cs_policy.business_calendar, a timestamptz, b timestamptz) RETURNS interval
    AS 'MODULE_PATHNAME', 'calendar_working_time_between' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION cs_policy.working_time_between(calendar text, a timestamptz, b timestamptz) RETURNS interval
    AS 'MODULE_PATHNAME', 'calendar_working_time_between_by_name' LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION cs_policy.working_time_between(cs_policy.business_calendar, timestamptz, timestamptz) IS
    'Working time in [a, b), in hours, minutes and seconds; negative when b is before a';
COMMENT ON FUNCTION cs_policy.working_time_between(text, timestamptz, timestamptz) IS
    'working_time_between on the named calendar (its value is cached per session)';

-- The shipped calendars (SH-2 seasons for cn_group_seasonal; the holidays
-- follow in build/calendar_cn.sql, generated from data/cn_public_holidays.csv).
INSERT INTO cs_policy.calendar (name, time_zone, description, value, shipped) VALUES
    ('cn', 'Asia/Shanghai',
     'People''s Republic of China: Monday to Friday 09:00-18:00, public holidays and make-up working days as set by the State Council',
     'week=Mon-Fri 09:00-18:00', true),
    ('cn_group_seasonal', 'Asia/Shanghai',
     'Group attendance rules (group_seasonal): summer (May 1 - Oct 1) 08:30-11:30, 13:30-17:30; winter 08:30-12:00, 13:00-17:00; China''s public holidays',
     'week=Mon-Fri 08:30-12:00,13:00-17:00', true),
    ('cn_7x24', 'Asia/Shanghai',
     'A 7x24 call center: every hour of every day, holidays included',
     'week=Mon-Sun 00:00-24:00', true);
INSERT INTO cs_policy.calendar_week (calendar, period, week, shipped) VALUES
    ('cn', '', 'Mon-Fri 09:00-18:00', true),
    ('cn_group_seasonal', '', 'Mon-Fri 08:30-12:00,13:00-17:00', true),
    ('cn_group_seasonal', '05-01..09-30', 'Mon-Fri 08:30-11:30,13:30-17:30', true),
    ('cn_7x24', '', 'Mon-Sun 00:00-24:00', true);
SELECT cs_policy.calendar_refresh('cn_7x24');
