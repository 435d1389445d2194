-- src/period.sql: attendance periods (AT-15), no C.
--
-- Companies close attendance on their own day: the calendar month by
-- default, or a closing day N of the attendance policy (settings
-- period_close_day), when the period runs from day N+1 of one month to day
-- N of the next and is named after the month it closes in. Its reporting
-- deadline is a day of the next month (report_deadline_day) or a number of
-- working days after the close on the policy's business calendar
-- (report_deadline_working_days; 0: the closing day itself, or the next
-- working day). A closing day past a month's end closes that month on its
-- last day.

INSERT INTO cs_policy.preset_setting (preset, area, settings, note) VALUES
    ('service_ladder_2023', 'attendance', '{"period_close_day": 25, "report_deadline_working_days": 0}',
     'AT-15: the attendance clerk reports the department''s attendance to HR on the 25th of every month'),
    ('group_seasonal', 'attendance', '{"report_deadline_day": 5, "correction_working_days": 1}',
     'AT-15: the companies report attendance by the 5th of the next month (HR passes the month to finance by the 10th); AT-20: a forgotten punch is explained by the next working day (AT-4''s correction), or it counts as absence');

-- Day n of the month that starts on month_start, or its last day when the
-- month is shorter: a closing day of 30 closes February on the 28th.
CREATE FUNCTION cs_policy.day_of_month(month_start date, n integer)
RETURNS date
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN least(month_start OPERATOR(pg_catalog.+) (n OPERATOR(pg_catalog.-) 1),
                 (month_start OPERATOR(pg_catalog.+) interval '1 month - 1 day')::date);
COMMENT ON FUNCTION cs_policy.day_of_month(date, integer) IS
    'Day n of the month starting on month_start, or the month''s last day when it has fewer days';

-- The period of a date under the settings of an attendance policy, so that
-- a rollup can ask it for many dates without looking the policy up again.
CREATE FUNCTION cs_policy.period_of(settings jsonb, on_date date,
                                    OUT first_day date, OUT last_day date, OUT label text, OUT deadline date)
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    close_day integer;
    deadline_day integer;
    deadline_working integer;
    month_start date := date_trunc('month', on_date)::date;
    calendar_name text;
    zone text;
BEGIN
    IF on_date IS NULL THEN
        RAISE EXCEPTION 'an attendance period needs a date'
            USING ERRCODE = 'null_value_not_allowed',
                  HINT = 'Pass any day of the period, e.g. current_date.';
    END IF;
    -- whole numbers, checked before the cast: an exception block would
    -- start a subtransaction, which a parallel query (a rollup) refuses
    IF coalesce(settings ->> 'period_close_day', '0') !~ '^-?[0-9]{1,6}$'
       OR coalesce(settings ->> 'report_deadline_day', '0') !~ '^-?[0-9]{1,6}$'
       OR coalesce(settings ->> 'report_deadline_working_days', '0') !~ '^-?[0-9]{1,6}$' THEN
        RAISE EXCEPTION 'the attendance period settings must be whole numbers'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = format('period_close_day %s, report_deadline_day %s, report_deadline_working_days %s.',
                                  coalesce((settings -> 'period_close_day')::text, 'null'),
                                  coalesce((settings -> 'report_deadline_day')::text, 'null'),
                                  coalesce((settings -> 'report_deadline_working_days')::text, 'null')),
                  HINT = 'e.g. {"period_close_day": 25, "report_deadline_working_days": 0} (AT-15).';
    END IF;
    close_day := (settings ->> 'period_close_day')::integer;
    deadline_day := (settings ->> 'report_deadline_day')::integer;
    deadline_working := (settings ->> 'report_deadline_working_days')::integer;
    IF close_day NOT BETWEEN 1 AND 31 OR deadline_day NOT BETWEEN 1 AND 31 OR deadline_working NOT BETWEEN 0 AND 31 THEN
        RAISE EXCEPTION 'attendance period settings out of range: period_close_day %, report_deadline_day %, report_deadline_working_days %',
                        close_day, deadline_day, deadline_working
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'period_close_day and report_deadline_day are days of a month (1 to 31); report_deadline_working_days is 0 to 31 (AT-15).';
    END IF;
    IF deadline_day IS NOT NULL AND deadline_working IS NOT NULL THEN
        RAISE EXCEPTION 'an attendance policy sets report_deadline_day or report_deadline_working_days, not both'
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Set the other to null in the policy''s settings (AT-15).';
    END IF;
    IF close_day IS NULL THEN
        first_day := month_start;
        last_day := (month_start + interval '1 month - 1 day')::date;
    ELSE
        -- the period closes this month, or next month once this month's close is past
        IF on_date > cs_policy.day_of_month(month_start, close_day) THEN
            month_start := (month_start + interval '1 month')::date;
        END IF;
        last_day := cs_policy.day_of_month(month_start, close_day);
        first_day := cs_policy.day_of_month((month_start - interval '1 month')::date, close_day) + 1;
    END IF;
    label := to_char(last_day, 'YYYY-MM');
    IF deadline_working IS NOT NULL THEN
        -- on the calendar's clock: its days are local days
        SELECT c.name, c.time_zone INTO calendar_name, zone FROM cs_policy.calendar c
         WHERE c.name = coalesce(settings ->> 'calendar', 'cn');
        IF NOT FOUND THEN
            RAISE EXCEPTION 'no business calendar "%" for the attendance deadline', settings ->> 'calendar'
                USING ERRCODE = 'no_data_found',
                      HINT = 'Name a calendar of cs_policy.calendar in the attendance policy''s settings (calendar).';
        END IF;
        -- the end of that day's hours: 24:00 on a round-the-clock calendar,
        -- which is the next day's midnight
        deadline := ((cs_policy.add_working_days(calendar_name, last_day::timestamp AT TIME ZONE zone, deadline_working)
                      - interval '1 microsecond') AT TIME ZONE zone)::date;
    ELSIF deadline_day IS NOT NULL THEN
        deadline := cs_policy.day_of_month((date_trunc('month', last_day) + interval '1 month')::date, deadline_day);
    END IF;
END
$$;
COMMENT ON FUNCTION cs_policy.period_of(jsonb, date) IS
    'AT-15: the attendance period that a date falls in under an attendance policy''s settings: first and last day (the calendar month, or from the day after period_close_day to period_close_day of the next month), its label (the month it closes in, YYYY-MM) and its reporting deadline (report_deadline_day of the next month, or report_deadline_working_days after the close on the policy''s calendar; NULL when the policy sets neither); 22023 for settings that are not days';

-- Every department's attendance period that a date falls in, under the
-- attendance policy in force there that day (policy_in_force: the nearest
-- department's). A policy that closes on another day, starting or ending
-- inside the period, cuts it there: the days before belong to the old
-- close's period, the days after to the new one's, so that no day is in
-- two periods. A new version with the same close (new rules from the
-- 15th) does not: the period is judged whole, each day by its rules. On
-- the small shared tables only, so that a read of every employee's period
-- asks it once.
CREATE FUNCTION cs_policy.department_periods(on_date date, only_department bigint DEFAULT NULL)
RETURNS TABLE (department_id bigint, first_day date, last_day date, label text, deadline date)
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
BEGIN
    IF on_date IS NULL THEN
        RAISE EXCEPTION 'an attendance period needs a date'
            USING ERRCODE = 'null_value_not_allowed',
                  HINT = 'Pass any day of the period, e.g. current_date.';
    END IF;
    RETURN QUERY
    WITH policies AS (
        -- the days each department closes on which day (NULL: the calendar month)
        SELECT f.department_id, piece, f.parameters, f.parameters ->> 'period_close_day' AS close_day
          FROM cs_policy.policy_in_force f
         CROSS JOIN LATERAL pg_catalog.unnest(f.in_force) piece
         WHERE f.area = 'attendance'
           AND (only_department IS NULL OR f.department_id = only_department)
           AND piece && pg_catalog.daterange(on_date - 62, on_date + 62)),
    closes AS (
        SELECT * FROM policies
        UNION ALL
        -- and the days without an attendance policy: calendar months
        SELECT d.department_id, gap, NULL::jsonb, NULL::text
          FROM cs_policy.department d
          LEFT JOIN (SELECT p.department_id, pg_catalog.range_agg(p.piece) AS covered
                       FROM policies p GROUP BY p.department_id) c ON c.department_id = d.department_id
         CROSS JOIN LATERAL pg_catalog.unnest(
                   pg_catalog.datemultirange(pg_catalog.daterange(on_date - 62, on_date + 62))
                   - coalesce(c.covered, '{}'::datemultirange)) gap
         WHERE only_department IS NULL OR d.department_id = only_department),
    today AS (
        -- the close in force on the date, and where another close ends
        -- before it or starts after it (one grouped join, not a search per
        -- department)
        SELECT c.department_id, c.parameters,
               pg_catalog.max(pg_catalog.upper(o.piece)) FILTER (WHERE pg_catalog.upper(o.piece) <= on_date) AS cut_before,
               pg_catalog.min(pg_catalog.lower(o.piece)) FILTER (WHERE pg_catalog.lower(o.piece) > on_date) AS cut_after
          FROM closes c
          LEFT JOIN closes o ON o.department_id = c.department_id AND o.close_day IS DISTINCT FROM c.close_day
         WHERE c.piece @> on_date
         GROUP BY c.department_id, c.parameters)
    SELECT d.department_id,
           greatest(p.first_day, t.cut_before),
           least(p.last_day, t.cut_after - 1),
           p.label, p.deadline
      FROM cs_policy.department d
      LEFT JOIN today t ON t.department_id = d.department_id
      -- the period under each policy version once, not once per department
      JOIN (SELECT v.parameters, q.first_day, q.last_day, q.label, q.deadline
              FROM (SELECT DISTINCT coalesce(t.parameters, '{}') AS parameters
                      FROM cs_policy.department d LEFT JOIN today t ON t.department_id = d.department_id
                     WHERE only_department IS NULL OR d.department_id = only_department) v
             CROSS JOIN LATERAL cs_policy.period_of(v.parameters, on_date) q) p
        ON p.parameters = coalesce(t.parameters, '{}')
     WHERE only_department IS NULL OR d.department_id = only_department;
END
$$;
COMMENT ON FUNCTION cs_policy.department_periods(date, bigint) IS
    'AT-15: the attendance period that a date falls in for every department (or one), under the attendance policy in force there that day: first day, last day, label (the month it closes in) and reporting deadline; a policy that closes on another day, starting or ending inside the period, cuts it there';

CREATE FUNCTION cs_policy.attendance_period(employee_id bigint, on_date date,
                                            OUT first_day date, OUT last_day date, OUT label text, OUT deadline date)
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    home bigint;
BEGIN
    IF on_date IS NULL THEN
        RAISE EXCEPTION 'attendance_period needs a date'
            USING ERRCODE = 'null_value_not_allowed',
                  HINT = 'Pass any day of the period, e.g. current_date.';
    END IF;
    SELECT e.department_id INTO home FROM cs_policy.employee e WHERE e.employee_id = attendance_period.employee_id;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'employee % does not exist', employee_id
            USING ERRCODE = 'no_data_found',
                  HINT = 'SELECT employee_id, code, name FROM cs_policy.staff_directory lists the employees.';
    END IF;
    SELECT p.first_day, p.last_day, p.label, p.deadline INTO first_day, last_day, label, deadline
      FROM cs_policy.department_periods(on_date, home) p;
END
$$;
COMMENT ON FUNCTION cs_policy.attendance_period(bigint, date) IS
    'AT-15: the attendance period of an employee that a date falls in, under the attendance policy in force for their department that day (department_periods): first day, last day, label (the month it closes in) and reporting deadline; a policy that starts or ends inside the period cuts it there';
