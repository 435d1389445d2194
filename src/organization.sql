-- src/organization.sql: departments and employees (no C)

CREATE TYPE cs_policy.department_kind AS ENUM ('center', 'project', 'team');
COMMENT ON TYPE cs_policy.department_kind IS
    'Level in the department tree: a center holds projects, a project holds teams';

CREATE TABLE cs_policy.department (
    department_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code          text NOT NULL UNIQUE
                  CHECK (code OPERATOR(pg_catalog.~) '^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$'),
    name          text NOT NULL CHECK (pg_catalog.btrim(name) OPERATOR(pg_catalog.<>) ''),
    kind          cs_policy.department_kind NOT NULL,
    parent_id     bigint REFERENCES cs_policy.department,
    path          bigint[] NOT NULL,
    -- No foreign key to employee: on Citus the department table is a
    -- reference table and may not point at a distributed one; the command
    -- functions check the manager instead.
    manager_id    bigint,
    created_at    timestamptz NOT NULL DEFAULT pg_catalog.now(),
    CHECK ((kind OPERATOR(pg_catalog.=) 'center') OPERATOR(pg_catalog.=) (parent_id IS NULL)),
    CHECK (pg_catalog.cardinality(path) OPERATOR(pg_catalog.=)
           CASE kind WHEN 'center' THEN 1 WHEN 'project' THEN 2 ELSE 3 END),
    CHECK (path[pg_catalog.cardinality(path)] OPERATOR(pg_catalog.=) department_id),
    CHECK (parent_id IS NULL
           OR path[pg_catalog.cardinality(path) OPERATOR(pg_catalog.-) 1] OPERATOR(pg_catalog.=) parent_id)
);
COMMENT ON TABLE cs_policy.department IS
    'The department tree: center -> project -> team. Change through create_department and set_department_manager';
COMMENT ON COLUMN cs_policy.department.department_id IS 'Surrogate key';
COMMENT ON COLUMN cs_policy.department.code IS 'Short unique code people use, e.g. HOTLINE or HOTLINE-T1';
COMMENT ON COLUMN cs_policy.department.name IS 'Display name';
COMMENT ON COLUMN cs_policy.department.kind IS 'center, project or team';
COMMENT ON COLUMN cs_policy.department.parent_id IS 'Department this one belongs to; NULL for a center';
COMMENT ON COLUMN cs_policy.department.path IS 'department_id of every department from the center down to this one, this one last: a policy attached to any of them applies here';
COMMENT ON COLUMN cs_policy.department.manager_id IS 'employee_id of the person in charge (checked by set_department_manager)';
COMMENT ON COLUMN cs_policy.department.created_at IS 'When the department was created';

CREATE TYPE cs_policy.staff_role AS ENUM
    ('agent', 'team_lead', 'supervisor', 'deputy_manager', 'manager', 'director',
     'hr', 'qa', 'trainer', 'analyst');
COMMENT ON TYPE cs_policy.staff_role IS
    'Role of an employee. agent < team_lead < supervisor < deputy_manager < manager < director is the line of authority; hr, qa, trainer and analyst stand beside it';

CREATE TABLE cs_policy.employee (
    employee_id    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code           text NOT NULL UNIQUE
                   CHECK (code OPERATOR(pg_catalog.~) '^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$'),
    name           text NOT NULL CHECK (pg_catalog.btrim(name) OPERATOR(pg_catalog.<>) ''),
    department_id  bigint NOT NULL REFERENCES cs_policy.department,
    role           cs_policy.staff_role NOT NULL,
    grade          text CHECK (pg_catalog.btrim(grade) OPERATOR(pg_catalog.<>) ''),
    hired_on       date NOT NULL CHECK (pg_catalog.isfinite(hired_on)),
    probation_ends date CHECK (probation_ends OPERATOR(pg_catalog.>=) hired_on
                               AND pg_catalog.isfinite(probation_ends)),
    -- BETWEEN also refuses NaN, which sorts above every number.
    daily_wage     numeric(12,2) NOT NULL CHECK (daily_wage BETWEEN 0 AND 9999999999.99),
    monthly_wage   numeric(12,2) NOT NULL CHECK (monthly_wage BETWEEN 0 AND 9999999999.99),
    active         boolean NOT NULL DEFAULT true,
    left_on        date CHECK (left_on OPERATOR(pg_catalog.>=) hired_on),
    left_because   text CHECK (left_because IN ('resigned', 'dismissed', 'contract_ended', 'training_failed', 'other')),
    login          name UNIQUE,
    CHECK (active OPERATOR(pg_catalog.=) (left_on IS NULL)),
    CHECK (left_because IS NULL OR left_on IS NOT NULL)
);
COMMENT ON TABLE cs_policy.employee IS
    'Everyone who works at a center. employee_id is the distribution column of every per-employee table. Change through hire_employee, set_wages, set_employee_login, end_employment';
COMMENT ON COLUMN cs_policy.employee.employee_id IS 'Surrogate key; the distribution column of per-employee tables on Citus';
COMMENT ON COLUMN cs_policy.employee.code IS 'Staff number people use, unique';
COMMENT ON COLUMN cs_policy.employee.name IS 'Full name';
COMMENT ON COLUMN cs_policy.employee.department_id IS 'Department the person works in (a team for agents)';
COMMENT ON COLUMN cs_policy.employee.role IS 'Role: agent, team_lead, supervisor, deputy_manager, manager, director, hr, qa, trainer or analyst';
COMMENT ON COLUMN cs_policy.employee.grade IS 'Grade or level on the career ladder (e.g. C, B, A or junior, middle, senior)';
COMMENT ON COLUMN cs_policy.employee.hired_on IS 'First working day';
COMMENT ON COLUMN cs_policy.employee.probation_ends IS 'Last day of probation; NULL when hired without probation';
COMMENT ON COLUMN cs_policy.employee.daily_wage IS 'Daily wage in CNY, the base of penalties counted in days'' wages (AT-1, AT-3)';
COMMENT ON COLUMN cs_policy.employee.monthly_wage IS 'Monthly wage in CNY (AT-3: half of it for 2 or more days of absence)';
COMMENT ON COLUMN cs_policy.employee.active IS 'False once the employment has ended';
COMMENT ON COLUMN cs_policy.employee.left_on IS 'Last day of employment; set together with active = false';
COMMENT ON COLUMN cs_policy.employee.left_because IS 'Why the employment ended: resigned, dismissed, contract_ended, training_failed (AT-16) or other; NULL: not said (AT-18 withholds pay from a resignation soon after the training)';
COMMENT ON COLUMN cs_policy.employee.login IS 'Database role that acts for this person (NULL when the person has no login)';

SELECT pg_catalog.pg_extension_config_dump('cs_policy.department', '');
SELECT pg_catalog.pg_extension_config_dump('cs_policy.department_department_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('cs_policy.employee', '');
SELECT pg_catalog.pg_extension_config_dump('cs_policy.employee_employee_id_seq', '');

-- The wages by the days they are in force. A period is judged and paid
-- with the wages in force on its last day of employment, so that a period
-- reopened after a raise is closed again with the wages it was closed with
-- (AT-15); the wage columns of employee are the latest of them, what is
-- paid today. Gap-free from the hiring day on, the latest open-ended.
CREATE TABLE cs_policy.wage (
    employee_id  bigint NOT NULL REFERENCES cs_policy.employee,
    in_force     daterange NOT NULL
                 CHECK (NOT pg_catalog.isempty(in_force) AND NOT pg_catalog.lower_inf(in_force)
                        AND pg_catalog.isfinite(pg_catalog.lower(in_force))),
    monthly_wage numeric(12,2) NOT NULL CHECK (monthly_wage BETWEEN 0 AND 9999999999.99),
    daily_wage   numeric(12,2) NOT NULL CHECK (daily_wage BETWEEN 0 AND 9999999999.99),
    set_by       text NOT NULL CHECK (set_by IN ('hire_employee', 'set_wages', 'approve_application')),
    set_at       timestamptz NOT NULL DEFAULT pg_catalog.now(),
    EXCLUDE USING gist (employee_id WITH OPERATOR(pg_catalog.=), in_force WITH OPERATOR(pg_catalog.&&))
);
COMMENT ON TABLE cs_policy.wage IS
    'An employee''s wages by the days they are in force, from the hiring day on: a period is judged and paid with those in force on its last day of employment (AT-1, AT-3, AT-9, AT-17; AT-18 each shift with its day''s); pay (SEC-2). Written by hire_employee, set_wages and an approved promotion';
COMMENT ON COLUMN cs_policy.wage.employee_id IS 'Whose';
COMMENT ON COLUMN cs_policy.wage.in_force IS 'The days these wages are paid for; the latest is open-ended';
COMMENT ON COLUMN cs_policy.wage.monthly_wage IS 'Monthly wage in CNY';
COMMENT ON COLUMN cs_policy.wage.daily_wage IS 'Daily wage in CNY';
COMMENT ON COLUMN cs_policy.wage.set_by IS 'The command that set them: hire_employee, set_wages or approve_application (a promotion''s pay, PR-1)';
COMMENT ON COLUMN cs_policy.wage.set_at IS 'When they were set';
SELECT pg_catalog.pg_extension_config_dump('cs_policy.wage', '');

-- The day whose wages (and pay items) a period is judged and paid with:
-- its last day of employment (inlined into the queries that read them)
CREATE FUNCTION cs_policy.pay_day_of(period_last date, hired_on date, left_on date)
RETURNS date
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN greatest(hired_on, least(period_last, left_on));
COMMENT ON FUNCTION cs_policy.pay_day_of(date, date, date) IS
    'The day of a period whose wages and pay items judge and pay it: its last day, or the last day of employment in it (never before the hiring day, where the wage history starts)';

-- Lookups by the codes people use; every command resolves its arguments
-- through these so that "does not exist" reads the same everywhere.
CREATE FUNCTION cs_policy.department_by_code(department text)
RETURNS cs_policy.department
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    hit cs_policy.department;
BEGIN
    SELECT * INTO hit FROM cs_policy.department d
     WHERE d.code = department_by_code.department;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'department "%" does not exist', department
            USING ERRCODE = 'no_data_found',
                  HINT = 'SELECT code, name FROM cs_policy.department_overview lists the departments.';
    END IF;
    RETURN hit;
END
$$;
COMMENT ON FUNCTION cs_policy.department_by_code(text) IS
    'Returns the department with this code, or raises P0002 with a hint';
-- (executable by everyone: it runs as the caller and reads the department
-- tree, which every job reads; coverage(), a read, finds its department so)

CREATE FUNCTION cs_policy.employee_by_code(employee text)
RETURNS cs_policy.employee
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    hit cs_policy.employee;
BEGIN
    SELECT * INTO hit FROM cs_policy.employee e
     WHERE e.code = employee_by_code.employee;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'employee "%" does not exist', employee
            USING ERRCODE = 'no_data_found',
                  HINT = 'SELECT code, name FROM cs_policy.staff_directory lists the employees.';
    END IF;
    RETURN hit;
END
$$;
COMMENT ON FUNCTION cs_policy.employee_by_code(text) IS
    'Returns the employee with this staff number, or raises P0002 with a hint';
REVOKE EXECUTE ON FUNCTION cs_policy.employee_by_code(text) FROM PUBLIC;

-- The days of an employment are the only days judged: a shift, an
-- incident, leave or an exception recorded for another day would be judged
-- and charged as if the person had worked then (a shift before the hire as
-- an absence). The commands that record such a fact call this first; the
-- ones that decide, cancel or withdraw one do not, so that a fact recorded
-- before can still be undone. A punch's day may be the morning after the
-- last day: the sign-out of its night shift.
CREATE FUNCTION cs_policy.check_employed(person cs_policy.employee, first_day date, last_day date, what text,
                                         any_day boolean DEFAULT false, punch boolean DEFAULT false)
RETURNS void
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    until   date := coalesce(last_day, first_day);
    ends    date := person.left_on + CASE WHEN punch THEN 1 ELSE 0 END;
    -- any_day: the span (a month) need only meet the employment
    outside boolean := CASE WHEN any_day THEN until < person.hired_on OR first_day > ends
                            ELSE first_day < person.hired_on OR until > ends END;
BEGIN
    IF outside THEN
        RAISE EXCEPTION '% works from % to %: no % %', person.code, person.hired_on, coalesce(person.left_on::text, 'now'),
                        what, CASE WHEN until = first_day THEN 'on ' || first_day ELSE format('from %s to %s', first_day, until) END
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'Only the days of an employment are judged: a fact recorded for another day would be judged as if they had worked then.',
                  HINT = 'Record it for a day from the hiring day (hire_employee) to the last day (end_employment).';
    END IF;
END
$$;
COMMENT ON FUNCTION cs_policy.check_employed(cs_policy.employee, date, date, text, boolean, boolean) IS
    'Raises 22023 when a day (or a day of the span) lies outside the employment, from hired_on to left_on; any_day: when no day of the span lies in it; punch: the day after left_on is a punch''s too (internal: for the commands that record facts)';
REVOKE EXECUTE ON FUNCTION cs_policy.check_employed(cs_policy.employee, date, date, text, boolean, boolean) FROM PUBLIC;

CREATE FUNCTION cs_policy.check_wage(what text, amount numeric)
RETURNS void
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF amount IS NULL THEN
        RAISE EXCEPTION '% must not be null', what
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF amount < 0 OR amount > 9999999999.99
       OR amount = 'NaN'::numeric THEN
        RAISE EXCEPTION '% must be between 0 and 9999999999.99, not %', what, amount
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'Wages are amounts in CNY, at most two decimals.';
    END IF;
END
$$;
COMMENT ON FUNCTION cs_policy.check_wage(text, numeric) IS
    'Raises 22023 unless amount is a wage between 0 and 9999999999.99 (what names it in the message; 22004 for NULL)';

-- Pay (wages, pay items) is set for days: from a day until a day, or until
-- the next change already recorded (a correction of a past month leaves
-- the raise or the end after it), or on. Only days already begun:
-- employee's wage columns are the latest and so today's. Only days of the
-- employment, and none of a closed period (AT-15), whose payroll paid what
-- it had. boundaries are the first and end days of the rows recorded.
CREATE FUNCTION cs_policy.check_pay_days(person cs_policy.employee, effective date, until date,
                                         boundaries date[], what text)
RETURNS daterange
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    last_day   date := least(greatest(current_date, person.hired_on), person.left_on);
    last_until date := least(current_date - 1, person.left_on);
    span       daterange;
BEGIN
    IF effective IS NULL AND person.left_on IS NOT NULL THEN
        -- (today would be after the last day, and the last day would
        -- re-price the last period: which days is for HR to say)
        RAISE EXCEPTION 'a change of the % of %, who left on %, names its first day', what, person.code, person.left_on
            USING ERRCODE = 'null_value_not_allowed',
                  HINT = format('Pass effective => a day from the hiring day (%s) to the last day of employment (%s).',
                                person.hired_on, person.left_on);
    END IF;
    effective := coalesce(effective, greatest(current_date, person.hired_on));
    IF NOT isfinite(effective) OR effective < person.hired_on OR effective > last_day THEN
        RAISE EXCEPTION 'the % of % cannot be set from %', what, person.code, effective
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = CASE WHEN NOT isfinite(effective) THEN 'Pay is set from a day of the calendar.'
                                WHEN effective < person.hired_on THEN 'Pay starts on the hiring day.'
                                WHEN effective > person.left_on THEN format('%s left on %s.', person.code, person.left_on)
                                ELSE 'Pay is set for days that have begun: a later change is set on its day (a pg_cron job can).' END,
                  HINT = CASE WHEN person.hired_on > current_date
                              THEN format('Pass effective => the hiring day (%s): a future hire''s pay is set from it.', person.hired_on)
                              ELSE format('Pass effective => a day from the hiring day (%s) to %s%s.', person.hired_on, last_day,
                                          CASE WHEN last_day = person.left_on THEN ', the last day of employment' ELSE ' (today)' END) END;
    END IF;
    IF NOT isfinite(until) OR until < effective OR until > last_until THEN
        RAISE EXCEPTION 'the % of % cannot be set until %', what, person.code, until
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = 'until is the last day of a correction of past days of the employment; from the day after it the pay before holds again.',
                  HINT = CASE WHEN last_until >= effective
                              THEN format('Pass until => a day from %s to %s, or none (until the next change recorded, or on).', effective, last_until)
                              ELSE 'Pass no until: set from this day, the pay holds until the next change recorded, or on.' END;
    END IF;
    span := daterange(effective, coalesce(until + 1, (SELECT min(b) FROM unnest(boundaries) AS b WHERE b > effective)));
    PERFORM cs_policy.refuse_if_closed(person.employee_id, effective, coalesce(upper(span) - 1, 'infinity'),
                                       format('setting the %s of %s %s', what, person.code,
                                              CASE WHEN upper_inf(span) THEN format('from %s on', effective)
                                                   ELSE format('for %s to %s', effective, upper(span) - 1) END));
    RETURN span;
END
$$;
COMMENT ON FUNCTION cs_policy.check_pay_days(cs_policy.employee, date, date, date[], text) IS
    'Internal: the days pay set from effective is for (by default today; until the day until, else the first boundary of the rows recorded after it, else on); raises 22004 or 22023 unless they are days of the employment begun by today (someone who left: effective given), and 55000 (AT-15) where one is in a closed period of the employee';
REVOKE EXECUTE ON FUNCTION cs_policy.check_pay_days(cs_policy.employee, date, date, date[], text) FROM PUBLIC;

-- The wages are these for the days of check_pay_days: the rows over them
-- are cut around them (a row that holds on after them goes on after
-- them). Returns the days.
CREATE FUNCTION cs_policy.record_wage(person cs_policy.employee, monthly numeric, daily numeric,
                                      effective date, until date, command text)
RETURNS daterange
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    boundaries date[];
    span daterange;
BEGIN
    -- (one change of a person's pay at a time; approve_application locks it too)
    SELECT e.* INTO STRICT person FROM cs_policy.employee e WHERE e.employee_id = person.employee_id FOR UPDATE;
    SELECT array_agg(b) INTO boundaries
      FROM cs_policy.wage w CROSS JOIN LATERAL (VALUES (lower(w.in_force)), (upper(w.in_force))) AS x (b)
     WHERE w.employee_id = person.employee_id AND x.b IS NOT NULL;
    span := cs_policy.check_pay_days(person, effective, until, boundaries, 'wages');
    WITH gone AS (
        DELETE FROM cs_policy.wage w WHERE w.employee_id = person.employee_id AND w.in_force && span
        RETURNING w.*)
    INSERT INTO cs_policy.wage (employee_id, in_force, monthly_wage, daily_wage, set_by, set_at)
    SELECT g.employee_id, p.piece, g.monthly_wage, g.daily_wage, g.set_by, g.set_at
      FROM gone g
     CROSS JOIN LATERAL unnest(datemultirange(g.in_force) - datemultirange(span)) AS p (piece);
    INSERT INTO cs_policy.wage (employee_id, in_force, monthly_wage, daily_wage, set_by)
    VALUES (person.employee_id, span, monthly, daily, command);
    RETURN span;
END
$$;
COMMENT ON FUNCTION cs_policy.record_wage(cs_policy.employee, numeric, numeric, date, date, text) IS
    'Internal: the wages are these for the days from effective (until the day until, else the next change, else on), the history cut around them; check_pay_days''s errors; returns the days';
REVOKE EXECUTE ON FUNCTION cs_policy.record_wage(cs_policy.employee, numeric, numeric, date, date, text) FROM PUBLIC;

CREATE FUNCTION cs_policy.check_login(login name)
RETURNS void
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF login IS NOT NULL AND pg_catalog.to_regrole(pg_catalog.quote_ident(login)) IS NULL THEN
        RAISE EXCEPTION 'role "%" does not exist', login
            USING ERRCODE = 'undefined_object',
                  HINT = 'Create the login first (CREATE ROLE ... LOGIN), or pass NULL.';
    END IF;
END
$$;
COMMENT ON FUNCTION cs_policy.check_login(name) IS
    'Raises 42704 unless login is NULL or names an existing database role';

CREATE FUNCTION cs_policy.check_code_and_name(what text, code text, name text)
RETURNS void
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF code IS NULL OR code !~ '^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$' THEN
        RAISE EXCEPTION 'invalid % code "%"', what, code
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'A code is 1 to 32 letters, digits, ".", "_" or "-", starting with a letter or digit.';
    END IF;
    IF name IS NULL OR pg_catalog.btrim(name) = '' THEN
        RAISE EXCEPTION '% "%" needs a name', what, code
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
END
$$;
COMMENT ON FUNCTION cs_policy.check_code_and_name(text, text, text) IS
    'Raises 22023 unless code is a valid department or staff code and name is not empty (what names the kind of thing)';

CREATE FUNCTION cs_policy.create_department(code text, name text, kind cs_policy.department_kind,
                                            parent text DEFAULT NULL)
RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    audit_department cs_policy.department;
    up       cs_policy.department;
    new_id   bigint;
    expected cs_policy.department_kind;
    after_row jsonb;
BEGIN
    IF kind IS NULL THEN
        RAISE EXCEPTION 'department kind must not be null'
            USING ERRCODE = 'null_value_not_allowed',
                  HINT = 'kind is center, project or team.';
    END IF;
    IF kind = 'center' THEN
        IF parent IS NOT NULL THEN
            RAISE EXCEPTION 'a center cannot belong to another department'
                USING ERRCODE = 'invalid_parameter_value',
                      HINT = 'Create the center with parent => NULL.';
        END IF;
    ELSE
        expected := CASE kind WHEN 'project' THEN 'center' ELSE 'project' END;
        IF parent IS NULL THEN
            RAISE EXCEPTION 'a % must belong to a %', kind, expected
                USING ERRCODE = 'invalid_parameter_value',
                      HINT = format('Pass parent => the code of its %s.', expected);
        END IF;
        up := cs_policy.department_by_code(parent);
        IF up.kind <> expected THEN
            RAISE EXCEPTION 'a % must belong to a %, and "%" is a %', kind, expected, parent, up.kind
                USING ERRCODE = 'invalid_parameter_value',
                      HINT = 'The tree is center -> project -> team.';
        END IF;
    END IF;

    PERFORM cs_policy.check_code_and_name('department', code, name);
    IF EXISTS (SELECT 1 FROM cs_policy.department d WHERE d.code = create_department.code) THEN
        RAISE EXCEPTION 'department "%" already exists', code
            USING ERRCODE = 'unique_violation', HINT = 'Department codes are unique.';
    END IF;

    -- The path includes the department itself, so its id is drawn first.
    new_id := pg_catalog.nextval('cs_policy.department_department_id_seq');
    INSERT INTO cs_policy.department AS d (department_id, code, name, kind, parent_id, path)
    OVERRIDING SYSTEM VALUE
    VALUES (new_id, create_department.code, create_department.name, create_department.kind,
            up.department_id, coalesce(up.path, '{}') || new_id)
    RETURNING d.* INTO audit_department;
    after_row := to_jsonb(audit_department);
    PERFORM cs_policy.audit(NULL, 'create_department', 'department', NULL, after_row);
    RETURN new_id;
END
$$;
COMMENT ON FUNCTION cs_policy.create_department(text, text, cs_policy.department_kind, text) IS
    'Creates a department: a center (no parent), a project in a center, or a team in a project; returns its department_id';
REVOKE EXECUTE ON FUNCTION cs_policy.create_department(text, text, cs_policy.department_kind, text) FROM PUBLIC;

CREATE FUNCTION cs_policy.set_department_manager(department text, manager text)
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    audit_department cs_policy.department;
    dept   cs_policy.department := cs_policy.department_by_code(department);
    person cs_policy.employee;
    home   cs_policy.department;
    after_row jsonb;
BEGIN
    IF manager IS NOT NULL THEN
        person := cs_policy.employee_by_code(manager);
        SELECT * INTO STRICT home FROM cs_policy.department d
         WHERE d.department_id = person.department_id;
        IF NOT person.active THEN
            RAISE EXCEPTION 'employee "%" left on % and cannot manage a department', manager, person.left_on
                USING ERRCODE = 'invalid_parameter_value';
        END IF;
        IF NOT dept.department_id = ANY (home.path) THEN
            RAISE EXCEPTION 'employee "%" works in "%", outside department "%"', manager, home.code, department
                USING ERRCODE = 'invalid_parameter_value',
                      HINT = 'A manager works in the department or one of its sub-departments.';
        END IF;
    END IF;
    UPDATE cs_policy.department d SET manager_id = person.employee_id
     WHERE d.department_id = dept.department_id
    RETURNING d.* INTO audit_department;
    after_row := to_jsonb(audit_department);
    PERFORM cs_policy.audit(NULL, 'set_department_manager', 'department', to_jsonb(dept), after_row);
END
$$;
COMMENT ON FUNCTION cs_policy.set_department_manager(text, text) IS
    'Makes an active employee of the department (or of one of its sub-departments) its manager; NULL clears it';
REVOKE EXECUTE ON FUNCTION cs_policy.set_department_manager(text, text) FROM PUBLIC;

CREATE FUNCTION cs_policy.hire_employee(code text, name text, department text,
                                        role cs_policy.staff_role, hired_on date,
                                        monthly_wage numeric, daily_wage numeric DEFAULT NULL,
                                        grade text DEFAULT NULL, probation_ends date DEFAULT NULL,
                                        login name DEFAULT NULL)
RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    audit_employee cs_policy.employee;
    dept   cs_policy.department := cs_policy.department_by_code(department);
    daily  numeric := daily_wage;
    new_id bigint;
    after_row jsonb;
BEGIN
    IF role IS NULL OR hired_on IS NULL OR NOT isfinite(hired_on) THEN
        RAISE EXCEPTION 'an employee needs a role and a finite hiring date'
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF probation_ends < hired_on THEN
        RAISE EXCEPTION 'probation cannot end (%) before the hiring date (%)', probation_ends, hired_on
            USING ERRCODE = 'check_violation',
                  HINT = 'probation_ends is the last day of probation; NULL means no probation.';
    END IF;
    PERFORM cs_policy.check_wage('monthly_wage', monthly_wage);
    -- 21.75 is the statutory average of paid days per month in China
    -- (Ministry of Human Resources, 2008); pass daily_wage to use another.
    daily := coalesce(daily, round(monthly_wage / 21.75, 2));
    PERFORM cs_policy.check_wage('daily_wage', daily);
    PERFORM cs_policy.check_login(login);
    PERFORM cs_policy.check_code_and_name('staff', code, name);
    IF grade IS NOT NULL AND btrim(grade) = '' THEN
        RAISE EXCEPTION 'grade must not be empty'
            USING ERRCODE = 'invalid_parameter_value', HINT = 'Pass NULL for no grade.';
    END IF;
    IF EXISTS (SELECT 1 FROM cs_policy.employee e WHERE e.code = hire_employee.code) THEN
        RAISE EXCEPTION 'employee "%" already exists', code
            USING ERRCODE = 'unique_violation', HINT = 'Staff numbers belong to one employee each.';
    END IF;
    IF EXISTS (SELECT 1 FROM cs_policy.employee e WHERE e.login = hire_employee.login) THEN
        RAISE EXCEPTION 'login "%" already acts for another employee', login
            USING ERRCODE = 'unique_violation',
                  HINT = 'Clear it there first with cs_policy.set_employee_login(<code>, NULL).';
    END IF;

    -- AT-15: a closed period counts who was employed in it (the headcount
    -- of its totals); a hire dated into it would change what was closed
    PERFORM cs_policy.refuse_if_department_closed(dept.department_id, daterange(hired_on, NULL),
                                                  format('hiring %s from %s', code, hired_on), with_subtree => false);
    INSERT INTO cs_policy.employee AS e (code, name, department_id, role, grade, hired_on, probation_ends,
                                         daily_wage, monthly_wage, login)
    VALUES (hire_employee.code, hire_employee.name, dept.department_id, hire_employee.role,
            hire_employee.grade, hire_employee.hired_on, hire_employee.probation_ends,
            daily, hire_employee.monthly_wage, hire_employee.login)
    RETURNING e.* INTO audit_employee;
    new_id := audit_employee.employee_id;
    INSERT INTO cs_policy.wage (employee_id, in_force, monthly_wage, daily_wage, set_by)
    VALUES (new_id, daterange(hire_employee.hired_on, NULL), hire_employee.monthly_wage, daily, 'hire_employee');
    after_row := to_jsonb(audit_employee);
    PERFORM cs_policy.audit(NULL, 'hire_employee', 'employee', NULL, after_row);
    RETURN new_id;
END
$$;
COMMENT ON FUNCTION cs_policy.hire_employee(text, text, text, cs_policy.staff_role, date, numeric, numeric, text, date, name) IS
    'Hires a person into a department; daily_wage defaults to monthly_wage / 21.75 (the statutory monthly average of paid days); returns employee_id; AT-15: refused (55000) from a day of a closed period of the department (its headcount was closed)';
REVOKE EXECUTE ON FUNCTION cs_policy.hire_employee(text, text, text, cs_policy.staff_role, date, numeric, numeric, text, date, name) FROM PUBLIC;

CREATE FUNCTION cs_policy.set_wages(employee text, monthly_wage numeric, daily_wage numeric DEFAULT NULL,
                                    effective date DEFAULT NULL, until date DEFAULT NULL)
RETURNS daterange
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    audit_employee cs_policy.employee;
    person cs_policy.employee := cs_policy.employee_by_code(employee);
    daily  numeric;
    span   daterange;
    latest cs_policy.wage;
    after_row jsonb;
BEGIN
    PERFORM cs_policy.check_wage('monthly_wage', monthly_wage);
    daily := coalesce(daily_wage, round(monthly_wage / 21.75, 2));
    PERFORM cs_policy.check_wage('daily_wage', daily);
    -- (locked: one change of a person's pay at a time, and the row before
    -- the change for the audit as it is)
    SELECT e.* INTO STRICT person FROM cs_policy.employee e WHERE e.employee_id = person.employee_id FOR UPDATE;
    span := cs_policy.record_wage(person, set_wages.monthly_wage, daily, effective, until, 'set_wages');
    -- employee's columns: the latest wages (a correction of past days may
    -- leave a later change in force)
    SELECT w.* INTO latest FROM cs_policy.wage w
     WHERE w.employee_id = person.employee_id ORDER BY lower(w.in_force) DESC LIMIT 1;
    UPDATE cs_policy.employee e
       SET monthly_wage = latest.monthly_wage, daily_wage = latest.daily_wage
     WHERE e.employee_id = person.employee_id
    RETURNING e.* INTO audit_employee;
    -- (the amounts are left out of the audit row, SEC-2; the days are not)
    after_row := to_jsonb(audit_employee) || jsonb_build_object('wages_set_for', span::text);
    PERFORM cs_policy.audit(NULL, 'set_wages', 'employee', to_jsonb(person), after_row);
    RETURN span;
END
$$;
COMMENT ON FUNCTION cs_policy.set_wages(text, numeric, numeric, date, date) IS
    'Changes an employee''s wages for days, and returns them: from effective (by default today; not a later day, nor after the employment, and given for someone who left) until the day until (a correction of past days; then the wages before hold again), else until the next change already recorded, else on; daily_wage defaults to monthly_wage / 21.75. A period is paid with the wages in force on its last day of employment; AT-15: refused (55000) over a day of a closed period';
REVOKE EXECUTE ON FUNCTION cs_policy.set_wages(text, numeric, numeric, date, date) FROM PUBLIC;

CREATE FUNCTION cs_policy.set_employee_login(employee text, login name)
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    audit_employee cs_policy.employee;
    person cs_policy.employee := cs_policy.employee_by_code(employee);
    after_row jsonb;
BEGIN
    PERFORM cs_policy.check_login(login);
    IF EXISTS (SELECT 1 FROM cs_policy.employee e
                WHERE e.login = set_employee_login.login
                  AND e.employee_id <> person.employee_id) THEN
        RAISE EXCEPTION 'login "%" already acts for another employee', login
            USING ERRCODE = 'unique_violation',
                  HINT = 'Clear it there first with cs_policy.set_employee_login(<code>, NULL).';
    END IF;
    UPDATE cs_policy.employee e SET login = set_employee_login.login
     WHERE e.employee_id = person.employee_id
    RETURNING e.* INTO audit_employee;
    after_row := to_jsonb(audit_employee);
    PERFORM cs_policy.audit(NULL, 'set_employee_login', 'employee', to_jsonb(person), after_row);
END
$$;
COMMENT ON FUNCTION cs_policy.set_employee_login(text, name) IS
    'Sets the database role that acts for an employee (NULL: none); a role acts for one employee at most';
REVOKE EXECUTE ON FUNCTION cs_policy.set_employee_login(text, name) FROM PUBLIC;

CREATE FUNCTION cs_policy.end_employment(employee text, last_day date, reason text DEFAULT NULL)
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    audit_employee cs_policy.employee;
    person cs_policy.employee := cs_policy.employee_by_code(employee);
    after_row   jsonb;
    before_rows jsonb;
    managed     bigint[];
    last_shift  date;
BEGIN
    IF NOT person.active THEN
        RAISE EXCEPTION 'employee "%" already left on %', employee, person.left_on
            USING ERRCODE = 'object_not_in_prerequisite_state';
    END IF;
    IF last_day IS NULL OR NOT isfinite(last_day) THEN
        RAISE EXCEPTION 'an employment ends on a day: last_day is %', coalesce(last_day::text, 'NULL')
            USING ERRCODE = CASE WHEN last_day IS NULL THEN 'null_value_not_allowed' ELSE 'invalid_parameter_value' END,
                  HINT = format('e.g. cs_policy.end_employment(%L, current_date)', employee);
    END IF;
    IF last_day < person.hired_on THEN
        RAISE EXCEPTION 'last day % is before the hiring date %', last_day, person.hired_on
            USING ERRCODE = 'check_violation';
    END IF;
    IF reason IS NOT NULL AND reason NOT IN ('resigned', 'dismissed', 'contract_ended', 'training_failed', 'other') THEN
        RAISE EXCEPTION 'an employment ends resigned, dismissed, contract_ended, training_failed or other, not %', reason
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'AT-18 reads resigned: pay is withheld from a resignation soon after the onboarding training.';
    END IF;
    -- AT-15: a closed period counts who was employed in it and judged
    -- their shifts; AT-18 withholds the pay of a resignation in the period
    -- of its last day. Refused where a closed period has days after the
    -- last day, or, resigned, the last day itself.
    SELECT max(r.work_date) INTO last_shift
      FROM cs_policy.roster r WHERE r.employee_id = person.employee_id AND r.work_date > last_day;
    PERFORM cs_policy.refuse_if_closed(person.employee_id,
                                       CASE WHEN reason = 'resigned' THEN last_day ELSE last_day + 1 END,
                                       greatest(last_shift, current_date, last_day + 1),
                                       format('ending the employment of %s on %s', person.code, last_day));
    UPDATE cs_policy.employee e SET active = false, left_on = last_day, left_because = end_employment.reason, login = NULL
     WHERE e.employee_id = person.employee_id
    RETURNING e.* INTO audit_employee;
    after_row := to_jsonb(audit_employee);
    PERFORM cs_policy.audit(NULL, 'end_employment', 'employee', to_jsonb(person), after_row);
    -- the shifts after the last day are nobody's: not days missed
    SELECT jsonb_agg(to_jsonb(r) ORDER BY r.work_date, r.template_id) INTO before_rows
      FROM cs_policy.roster r WHERE r.employee_id = person.employee_id AND r.work_date > last_day;
    IF before_rows IS NOT NULL THEN
        DELETE FROM cs_policy.roster r WHERE r.employee_id = person.employee_id AND r.work_date > last_day;
        PERFORM cs_policy.audit(NULL, 'end_employment', 'roster', before_rows, NULL);
    END IF;
    SELECT array_agg(d.department_id ORDER BY d.department_id),
           jsonb_agg(to_jsonb(d) ORDER BY d.department_id) INTO managed, before_rows
      FROM cs_policy.department d
     WHERE d.manager_id = person.employee_id;
    UPDATE cs_policy.department d SET manager_id = NULL
     WHERE d.manager_id = person.employee_id;
    IF FOUND THEN
        PERFORM cs_policy.audit(NULL, 'end_employment', 'department', before_rows,
                                (SELECT jsonb_agg(to_jsonb(d) ORDER BY d.department_id) FROM cs_policy.department d
                                  WHERE d.department_id = ANY (managed)));
    END IF;
END
$$;
COMMENT ON FUNCTION cs_policy.end_employment(text, date, text) IS
    'Ends an employment on its last day, and why (resigned, dismissed, contract_ended, training_failed, other; NULL: not said): the person becomes inactive, loses the login link, any department they managed and the shifts rostered after the last day; AT-15: refused (55000) where a closed period has days after the last day (it counted them employed, and judged their shifts) or, resigned, the last day itself (AT-18 withholds that period''s pay)';
REVOKE EXECUTE ON FUNCTION cs_policy.end_employment(text, date, text) FROM PUBLIC;

CREATE VIEW cs_policy.department_overview WITH (security_invoker = true) AS
SELECT d.department_id,
       d.code,
       d.name,
       d.kind,
       up.code AS parent_code,
       (SELECT pg_catalog.string_agg(a.name, ' / ' ORDER BY pg_catalog.array_position(d.path, a.department_id))
          FROM cs_policy.department a
         WHERE a.department_id OPERATOR(pg_catalog.=) ANY (d.path)) AS full_name,
       m.code AS manager_code,
       m.name AS manager_name,
       (SELECT pg_catalog.count(*)
          FROM cs_policy.employee e
          JOIN cs_policy.department ed ON ed.department_id OPERATOR(pg_catalog.=) e.department_id
         WHERE e.active AND d.department_id OPERATOR(pg_catalog.=) ANY (ed.path)) AS headcount
  FROM cs_policy.department d
  LEFT JOIN cs_policy.department up ON up.department_id OPERATOR(pg_catalog.=) d.parent_id
  LEFT JOIN cs_policy.employee m ON m.employee_id OPERATOR(pg_catalog.=) d.manager_id;
COMMENT ON VIEW cs_policy.department_overview IS 'Departments with their place in the tree, manager and active headcount';
COMMENT ON COLUMN cs_policy.department_overview.department_id IS 'Surrogate key';
COMMENT ON COLUMN cs_policy.department_overview.code IS 'Department code';
COMMENT ON COLUMN cs_policy.department_overview.name IS 'Display name';
COMMENT ON COLUMN cs_policy.department_overview.kind IS 'center, project or team';
COMMENT ON COLUMN cs_policy.department_overview.parent_code IS 'Code of the department it belongs to';
COMMENT ON COLUMN cs_policy.department_overview.full_name IS 'Names from the center down, separated by " / "';
COMMENT ON COLUMN cs_policy.department_overview.manager_code IS 'Staff number of the manager';
COMMENT ON COLUMN cs_policy.department_overview.manager_name IS 'Name of the manager';
COMMENT ON COLUMN cs_policy.department_overview.headcount IS 'Active employees in the department and all its sub-departments';

-- Wages stay out of the directory: salaries are confidential (SEC-2).
CREATE VIEW cs_policy.staff_directory WITH (security_invoker = true) AS
SELECT e.employee_id,
       e.code,
       e.name,
       d.code AS department_code,
       d.name AS department_name,
       p.code AS project_code,
       e.role,
       e.grade,
       e.hired_on,
       e.probation_ends,
       coalesce(e.probation_ends OPERATOR(pg_catalog.>=) CURRENT_DATE, false) AS on_probation,
       e.active,
       e.left_on,
       e.left_because,
       e.login
  FROM cs_policy.employee e
  JOIN cs_policy.department d ON d.department_id OPERATOR(pg_catalog.=) e.department_id
  LEFT JOIN cs_policy.department p ON p.department_id OPERATOR(pg_catalog.=) d.path[2];
COMMENT ON VIEW cs_policy.staff_directory IS 'Employees with their department and project, without wages (SEC-2)';
COMMENT ON COLUMN cs_policy.staff_directory.employee_id IS 'Surrogate key';
COMMENT ON COLUMN cs_policy.staff_directory.code IS 'Staff number';
COMMENT ON COLUMN cs_policy.staff_directory.name IS 'Full name';
COMMENT ON COLUMN cs_policy.staff_directory.department_code IS 'Code of the department the person works in';
COMMENT ON COLUMN cs_policy.staff_directory.department_name IS 'Name of that department';
COMMENT ON COLUMN cs_policy.staff_directory.project_code IS 'Code of the project above it (NULL for center staff)';
COMMENT ON COLUMN cs_policy.staff_directory.role IS 'Role';
COMMENT ON COLUMN cs_policy.staff_directory.grade IS 'Grade or level';
COMMENT ON COLUMN cs_policy.staff_directory.hired_on IS 'First working day';
COMMENT ON COLUMN cs_policy.staff_directory.probation_ends IS 'Last day of probation';
COMMENT ON COLUMN cs_policy.staff_directory.on_probation IS 'True while today is on or before the last day of probation';
COMMENT ON COLUMN cs_policy.staff_directory.active IS 'False once the employment has ended';
COMMENT ON COLUMN cs_policy.staff_directory.left_on IS 'Last day of employment';
COMMENT ON COLUMN cs_policy.staff_directory.left_because IS 'Why the employment ended (resigned, dismissed, contract_ended, training_failed, other; NULL: not said), as end_employment recorded it';
COMMENT ON COLUMN cs_policy.staff_directory.login IS 'Database role that acts for the person';

-- Supervisors and above answer for their department and everything below it.

-- The rule itself is pure, on the department's path, so that a query
-- over many employees can ask it row by row (no query inside: Citus).
CREATE FUNCTION cs_policy.in_charge_of(person cs_policy.employee, department_path bigint[])
RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN coalesce(person.active
                AND person.role OPERATOR(pg_catalog.=) ANY ('{supervisor,deputy_manager,manager,director}'::cs_policy.staff_role[])
                AND person.department_id OPERATOR(pg_catalog.=) ANY (department_path), false);
COMMENT ON FUNCTION cs_policy.in_charge_of(cs_policy.employee, bigint[]) IS
    'True when the person is an active supervisor, deputy manager, manager or director of the department with this path (department.path) or of one above it';

CREATE FUNCTION cs_policy.in_charge_of(person cs_policy.employee, department_id bigint)
RETURNS boolean
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RETURN cs_policy.in_charge_of(person, (SELECT d.path FROM cs_policy.department d
                                            WHERE d.department_id = in_charge_of.department_id));
END
$$;
COMMENT ON FUNCTION cs_policy.in_charge_of(cs_policy.employee, bigint) IS
    'True when the person is an active supervisor, deputy manager, manager or director of the department or of one above it';

-- (ROW(e.*)::cs_policy.employee rather than e: on Citus the row of a
-- reference table read on a shard has the shard's row type)
CREATE FUNCTION cs_policy.who_is_in_charge_of(department_id bigint)
RETURNS text
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RETURN (
        SELECT coalesce(string_agg(e.code || ' ' || e.name || ' (' || e.role::text || ')', ', ' ORDER BY e.role DESC, e.code),
                        'nobody (no supervisor or above is recorded)')
          FROM cs_policy.employee e, cs_policy.department d
         WHERE d.department_id = who_is_in_charge_of.department_id
           AND cs_policy.in_charge_of(ROW(e.*)::cs_policy.employee, d.path));
END
$$;
COMMENT ON FUNCTION cs_policy.who_is_in_charge_of(bigint) IS
    'The supervisors and above who may approve for a department, for error messages';
