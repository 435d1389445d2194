-- src/calendar.sql: business calendars, their holidays and make-up working days (C: none yet)

CREATE TABLE cs_policy.calendar (
    name        text PRIMARY KEY
                CHECK (name OPERATOR(pg_catalog.~) '^[a-z][a-z0-9_]{0,62}$'),
    time_zone   text NOT NULL DEFAULT 'Asia/Shanghai',
    description text,
    shipped     boolean NOT NULL DEFAULT false
);
COMMENT ON TABLE cs_policy.calendar IS
    'Business calendars: which days are worked, in which time zone. Change through create_calendar, copy_calendar, set_calendar_day';
COMMENT ON COLUMN cs_policy.calendar.name IS 'Calendar name, lower case, e.g. cn';
COMMENT ON COLUMN cs_policy.calendar.time_zone IS 'IANA time zone the calendar''s days and hours are local to';
COMMENT ON COLUMN cs_policy.calendar.description IS 'What the calendar is for';
COMMENT ON COLUMN cs_policy.calendar.shipped IS 'True for calendars installed with the extension (kept out of pg_dump, recreated by CREATE EXTENSION)';

CREATE TYPE cs_policy.day_kind AS ENUM ('holiday', 'workday');
COMMENT ON TYPE cs_policy.day_kind IS
    'holiday: a day off that would otherwise be worked; workday: a make-up working day that would otherwise be off (a weekend day in China)';

CREATE TABLE cs_policy.calendar_day (
    calendar text NOT NULL REFERENCES cs_policy.calendar ON DELETE CASCADE,
    day      date NOT NULL CHECK (pg_catalog.isfinite(day)),
    kind     cs_policy.day_kind NOT NULL,
    name     text NOT NULL CHECK (pg_catalog.btrim(name) OPERATOR(pg_catalog.<>) ''),
    shipped  boolean NOT NULL DEFAULT false,
    PRIMARY KEY (calendar, day)
);
COMMENT ON TABLE cs_policy.calendar_day IS
    'Exceptions to a calendar''s working week: public holidays and make-up working days';
COMMENT ON COLUMN cs_policy.calendar_day.calendar IS 'Calendar the day belongs to';
COMMENT ON COLUMN cs_policy.calendar_day.day IS 'The date, local to the calendar''s time zone';
COMMENT ON COLUMN cs_policy.calendar_day.kind IS 'holiday (off) or workday (make-up working day)';
COMMENT ON COLUMN cs_policy.calendar_day.name IS 'Name of the holiday the day belongs to, e.g. Spring Festival';
COMMENT ON COLUMN cs_policy.calendar_day.shipped IS 'True for days installed with the extension from data/cn_public_holidays.csv';

-- Shipped rows are recreated by CREATE EXTENSION, so pg_dump keeps only the
-- user's own; that is also why shipped rows cannot be changed in place.
SELECT pg_catalog.pg_extension_config_dump('cs_policy.calendar', 'WHERE NOT shipped');
SELECT pg_catalog.pg_extension_config_dump('cs_policy.calendar_day', 'WHERE NOT shipped');

INSERT INTO cs_policy.calendar (name, time_zone, description, shipped)
VALUES ('cn', 'Asia/Shanghai',
        'People''s Republic of China: Monday to Friday, public holidays and make-up working days as set by the State Council',
        true);

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

CREATE FUNCTION cs_policy.calendar_must_exist(calendar text)
RETURNS cs_policy.calendar
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    hit cs_policy.calendar;
BEGIN
    SELECT * INTO hit FROM cs_policy.calendar c
     WHERE c.name = calendar_must_exist.calendar
       FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'calendar "%" does not exist', calendar
            USING ERRCODE = 'no_data_found',
                  HINT = 'SELECT name FROM cs_policy.calendar lists the calendars; cs_policy.create_calendar adds one.';
    END IF;
    RETURN hit;
END
$$;
COMMENT ON FUNCTION cs_policy.calendar_must_exist(text) IS
    'Returns the named calendar, locked for update so that changes to one calendar are serialized, or raises P0002 with a hint';
REVOKE EXECUTE ON FUNCTION cs_policy.calendar_must_exist(text) FROM PUBLIC;

CREATE FUNCTION cs_policy.create_calendar(name text, time_zone text DEFAULT 'Asia/Shanghai',
                                          description text DEFAULT NULL)
RETURNS text
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    PERFORM cs_policy.check_time_zone(create_calendar.time_zone);
    IF name IS NULL OR name !~ '^[a-z][a-z0-9_]{0,62}$' THEN
        RAISE EXCEPTION 'invalid calendar name "%"', name
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'A calendar name is a lower-case letter followed by up to 62 lower-case letters, digits or underscores.';
    END IF;
    INSERT INTO cs_policy.calendar (name, time_zone, description)
    VALUES (create_calendar.name, create_calendar.time_zone, create_calendar.description);
    RETURN name;
EXCEPTION WHEN unique_violation THEN
    RAISE EXCEPTION 'calendar "%" already exists', name
        USING ERRCODE = 'unique_violation',
              HINT = 'Choose another name, or change the existing calendar with cs_policy.set_calendar_day.';
END
$$;
COMMENT ON FUNCTION cs_policy.create_calendar(text, text, text) IS
    'Creates an empty business calendar (Monday to Friday, no holidays) in a time zone; returns its name';
REVOKE EXECUTE ON FUNCTION cs_policy.create_calendar(text, text, text) FROM PUBLIC;

CREATE FUNCTION cs_policy.copy_calendar(source text, name text, time_zone text DEFAULT NULL)
RETURNS text
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    original cs_policy.calendar := cs_policy.calendar_must_exist(source);
BEGIN
    PERFORM cs_policy.create_calendar(copy_calendar.name,
                                      coalesce(copy_calendar.time_zone, original.time_zone),
                                      'copy of ' || original.name);
    INSERT INTO cs_policy.calendar_day (calendar, day, kind, name)
    SELECT copy_calendar.name, d.day, d.kind, d.name
      FROM cs_policy.calendar_day d
     WHERE d.calendar = original.name;
    RETURN name;
END
$$;
COMMENT ON FUNCTION cs_policy.copy_calendar(text, text, text) IS
    'Creates calendar name as a copy of source with all its holidays and make-up working days; the copy can then be changed freely';
REVOKE EXECUTE ON FUNCTION cs_policy.copy_calendar(text, text, text) FROM PUBLIC;

CREATE FUNCTION cs_policy.set_calendar_day(calendar text, day date, kind cs_policy.day_kind, name text)
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    existing cs_policy.calendar_day;
BEGIN
    PERFORM cs_policy.calendar_must_exist(calendar);
    IF day IS NULL OR NOT isfinite(day) OR kind IS NULL THEN
        RAISE EXCEPTION 'a calendar day needs a finite date and a kind'
            USING ERRCODE = 'null_value_not_allowed',
                  HINT = 'kind is holiday (a day off) or workday (a make-up working day).';
    END IF;
    IF name IS NULL OR btrim(name) = '' THEN
        RAISE EXCEPTION 'calendar day % needs a name', day
            USING ERRCODE = 'null_value_not_allowed',
                  HINT = 'Name the holiday the day belongs to, e.g. ''National Day''.';
    END IF;
    SELECT * INTO existing FROM cs_policy.calendar_day d
     WHERE d.calendar = set_calendar_day.calendar
       AND d.day = set_calendar_day.day;
    IF existing.shipped THEN
        RAISE EXCEPTION 'day % of calendar "%" was installed with the extension and cannot be changed', day, calendar
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = format('It is a %s (%s) from the shipped holiday data.', existing.kind, existing.name),
                  HINT = format('Copy the calendar with cs_policy.copy_calendar(%L, ''my_calendar'') and change the copy.', calendar);
    END IF;
    INSERT INTO cs_policy.calendar_day AS d (calendar, day, kind, name)
    VALUES (set_calendar_day.calendar, set_calendar_day.day, set_calendar_day.kind, set_calendar_day.name)
    ON CONFLICT ON CONSTRAINT calendar_day_pkey
    DO UPDATE SET kind = excluded.kind, name = excluded.name;
END
$$;
COMMENT ON FUNCTION cs_policy.set_calendar_day(text, date, cs_policy.day_kind, text) IS
    'Marks a day of a calendar as a holiday or a make-up working day (replacing what the day was); shipped days cannot be changed';
REVOKE EXECUTE ON FUNCTION cs_policy.set_calendar_day(text, date, cs_policy.day_kind, text) FROM PUBLIC;

CREATE FUNCTION cs_policy.remove_calendar_day(calendar text, day date)
RETURNS boolean
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    removed cs_policy.calendar_day;
BEGIN
    PERFORM cs_policy.calendar_must_exist(calendar);
    SELECT * INTO removed FROM cs_policy.calendar_day d
     WHERE d.calendar = remove_calendar_day.calendar
       AND d.day = remove_calendar_day.day;
    IF NOT FOUND THEN
        RETURN false;
    END IF;
    IF removed.shipped THEN
        RAISE EXCEPTION 'day % of calendar "%" was installed with the extension and cannot be removed', day, calendar
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  HINT = format('Copy the calendar with cs_policy.copy_calendar(%L, ''my_calendar'') and change the copy.', calendar);
    END IF;
    DELETE FROM cs_policy.calendar_day d
     WHERE d.calendar = remove_calendar_day.calendar
       AND d.day = remove_calendar_day.day;
    RETURN true;
END
$$;
COMMENT ON FUNCTION cs_policy.remove_calendar_day(text, date) IS
    'Makes a day ordinary again (worked Monday to Friday, off at weekends); returns false when the day had no entry';
REVOKE EXECUTE ON FUNCTION cs_policy.remove_calendar_day(text, date) FROM PUBLIC;
