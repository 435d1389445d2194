-- src/roster.sql: shift templates, staffing, the roster, publishing and changes (C: src/shift.c for shift_on)

CREATE TABLE cs_policy.shift_template (
    template_id   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name          text NOT NULL CHECK (name OPERATOR(pg_catalog.~) '^[A-Za-z0-9][A-Za-z0-9 _.-]{0,31}$'),
    department_id bigint NOT NULL REFERENCES cs_policy.department,
    shift         cs_policy.shift NOT NULL,
    calendar      text NOT NULL REFERENCES cs_policy.calendar,
    valid_during  daterange NOT NULL DEFAULT '(,)' CHECK (NOT pg_catalog.isempty(valid_during)),
    CONSTRAINT shift_template_versions_do_not_overlap EXCLUDE USING gist
        (department_id WITH OPERATOR(pg_catalog.=), name WITH OPERATOR(pg_catalog.=),
         valid_during WITH OPERATOR(pg_catalog.&&))
);
COMMENT ON TABLE cs_policy.shift_template IS
    'Named shifts of a department (and its subtree), versioned by date so that seasonal hours (SH-2) are two versions of one name. Change through define_shift_template';
COMMENT ON COLUMN cs_policy.shift_template.template_id IS 'Surrogate key';
COMMENT ON COLUMN cs_policy.shift_template.name IS 'Name people use, e.g. day, late, night';
COMMENT ON COLUMN cs_policy.shift_template.department_id IS 'Department whose teams work it';
COMMENT ON COLUMN cs_policy.shift_template.shift IS 'The shift times (SH-1)';
COMMENT ON COLUMN cs_policy.shift_template.calendar IS 'Calendar whose time zone the times are in';
COMMENT ON COLUMN cs_policy.shift_template.valid_during IS 'Days on which this version is used, [from, until)';

CREATE TABLE cs_policy.staffing_rule (
    staffing_rule_id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    department_id    bigint NOT NULL REFERENCES cs_policy.department,
    name             text NOT NULL CHECK (pg_catalog.btrim(name) OPERATOR(pg_catalog.<>) ''),
    hours            cs_policy.shift NOT NULL,
    min_on_line      integer NOT NULL CHECK (min_on_line BETWEEN 1 AND 100000),
    calendar         text NOT NULL REFERENCES cs_policy.calendar,
    valid_during     daterange NOT NULL DEFAULT '(,)' CHECK (NOT pg_catalog.isempty(valid_during)),
    UNIQUE (department_id, name, valid_during)
);
COMMENT ON TABLE cs_policy.staffing_rule IS
    'Minimum staffing by time of day (SH-3: at least 8 agents on line at peak, 2 at night) for the agents of a department and its subtree; where rules overlap the highest minimum counts. Change through set_staffing';
COMMENT ON COLUMN cs_policy.staffing_rule.staffing_rule_id IS 'Surrogate key';
COMMENT ON COLUMN cs_policy.staffing_rule.department_id IS 'Department (with its subtree) whose agents count';
COMMENT ON COLUMN cs_policy.staffing_rule.name IS 'Name, e.g. peak or night';
COMMENT ON COLUMN cs_policy.staffing_rule.hours IS 'Hours of every day the minimum applies, as shift times (may cross midnight)';
COMMENT ON COLUMN cs_policy.staffing_rule.min_on_line IS 'Agents who must be on line';
COMMENT ON COLUMN cs_policy.staffing_rule.calendar IS 'Calendar whose time zone the hours are in';
COMMENT ON COLUMN cs_policy.staffing_rule.valid_during IS 'Days on which the rule applies';

CREATE TABLE cs_policy.roster (
    employee_id   bigint NOT NULL REFERENCES cs_policy.employee,
    work_date     date NOT NULL,
    template_id   bigint NOT NULL REFERENCES cs_policy.shift_template,
    department_id bigint NOT NULL REFERENCES cs_policy.department,
    shift         cs_policy.shift NOT NULL,
    instants      tstzmultirange NOT NULL CHECK (NOT pg_catalog.isempty(instants)),
    swap_id       bigint,
    briefing_minutes integer NOT NULL DEFAULT 0 CHECK (briefing_minutes BETWEEN 0 AND 240),
    assigned_at   timestamptz NOT NULL DEFAULT pg_catalog.now(),
    assigned_by   bigint,
    PRIMARY KEY (employee_id, work_date, template_id),
    -- An employee's shifts never overlap in time, overnight ones included.
    CONSTRAINT roster_shifts_do_not_overlap EXCLUDE USING gist
        (employee_id WITH OPERATOR(pg_catalog.=), instants WITH OPERATOR(pg_catalog.&&))
);
-- coverage reads a department's shifts of some days: a btree on the work
-- date, which costs a roster write far less than a second GiST index on the
-- instants would (bench/roster)
CREATE INDEX roster_by_department_day ON cs_policy.roster (department_id, work_date);
COMMENT ON TABLE cs_policy.roster IS
    'Who works which shift on which date, with the real instants of the shift. Change through assign_shift, roster_rotation, approve_roster_change and approve_swap';
COMMENT ON COLUMN cs_policy.roster.employee_id IS 'Who works (the distribution column)';
COMMENT ON COLUMN cs_policy.roster.work_date IS 'The date the shift starts on';
COMMENT ON COLUMN cs_policy.roster.template_id IS 'The shift template version worked';
COMMENT ON COLUMN cs_policy.roster.department_id IS 'The department the shift is worked for (the employee''s at assignment)';
COMMENT ON COLUMN cs_policy.roster.shift IS 'The shift times, copied from the template';
COMMENT ON COLUMN cs_policy.roster.instants IS 'shift_on(shift, work_date, time zone): when the shift really happens';
COMMENT ON COLUMN cs_policy.roster.swap_id IS 'The approved swap that put this shift here (SH-8: such a shift is not swapped again)';
COMMENT ON COLUMN cs_policy.roster.briefing_minutes IS 'Minutes before the start to arrive for the pre-shift briefing (SH-6), from the shift policy in force when the row was written';
COMMENT ON COLUMN cs_policy.roster.assigned_at IS 'When the row was written';
COMMENT ON COLUMN cs_policy.roster.assigned_by IS 'employee_id of who assigned it (NULL for a superuser load)';

CREATE TABLE cs_policy.roster_publication (
    department_id bigint NOT NULL REFERENCES cs_policy.department,
    month         date NOT NULL CHECK (pg_catalog.date_trunc('month', month)::date OPERATOR(pg_catalog.=) month),
    published_at  timestamptz NOT NULL DEFAULT pg_catalog.now(),
    published_by  bigint,
    -- SH-5: by when it was due, where the policy says, and whether it came later
    due_by        date,
    late          boolean NOT NULL DEFAULT false,
    -- SH-4: the rest violations it was published with, and the manager's reason
    rest_violations jsonb,
    rest_override text CHECK (pg_catalog.btrim(rest_override) OPERATOR(pg_catalog.<>) ''),
    PRIMARY KEY (department_id, month),
    CHECK (NOT late OR due_by IS NOT NULL),
    CHECK ((rest_violations IS NULL) OPERATOR(pg_catalog.=) (rest_override IS NULL))
);
COMMENT ON TABLE cs_policy.roster_publication IS
    'Months whose roster a supervisor has published (SH-5); afterwards changes need an approved change request';
COMMENT ON COLUMN cs_policy.roster_publication.department_id IS 'Department whose roster (with its subtree) is published';
COMMENT ON COLUMN cs_policy.roster_publication.month IS 'First day of the month';
COMMENT ON COLUMN cs_policy.roster_publication.published_at IS 'When';
COMMENT ON COLUMN cs_policy.roster_publication.published_by IS 'employee_id of the supervisor who published';
COMMENT ON COLUMN cs_policy.roster_publication.due_by IS 'SH-5: the last day it could be published on: the day before the month with publish_before_month_end, and holiday_roster_days_ahead before the month''s first public holiday (on the shift calendar); NULL where the policy sets neither';
COMMENT ON COLUMN cs_policy.roster_publication.rest_violations IS 'SH-4: the people short of rest when it was published over them (employee, period, rest days, required), as rest_violations found them; NULL: none';
COMMENT ON COLUMN cs_policy.roster_publication.rest_override IS 'SH-4: why a manager or above published the roster over them';
COMMENT ON COLUMN cs_policy.roster_publication.late IS 'SH-5: published after due_by (a late roster is published and reported, not refused: the floor needs a roster)';

CREATE TABLE cs_policy.roster_change (
    employee_id   bigint NOT NULL REFERENCES cs_policy.employee,
    change_id     bigint GENERATED ALWAYS AS IDENTITY,
    work_date     date NOT NULL,
    template_name text,
    reason        text NOT NULL CHECK (pg_catalog.btrim(reason) OPERATOR(pg_catalog.<>) ''),
    requested_at  timestamptz NOT NULL DEFAULT pg_catalog.now(),
    requested_by  bigint,
    state         text NOT NULL DEFAULT 'requested' CHECK (state IN ('requested', 'approved', 'refused')),
    decided_at    timestamptz,
    decided_by    bigint,
    decision_note text,
    PRIMARY KEY (employee_id, change_id)
);
COMMENT ON TABLE cs_policy.roster_change IS
    'Requests to change a published roster (SH-5), applied when a supervisor approves them';
COMMENT ON COLUMN cs_policy.roster_change.employee_id IS 'Whose roster changes';
COMMENT ON COLUMN cs_policy.roster_change.change_id IS 'Request number';
COMMENT ON COLUMN cs_policy.roster_change.work_date IS 'Date whose shifts are replaced';
COMMENT ON COLUMN cs_policy.roster_change.template_name IS 'Shift template to work that day; NULL makes it a rest day';
COMMENT ON COLUMN cs_policy.roster_change.reason IS 'Why';
COMMENT ON COLUMN cs_policy.roster_change.requested_at IS 'When requested';
COMMENT ON COLUMN cs_policy.roster_change.requested_by IS 'employee_id of the requester';
COMMENT ON COLUMN cs_policy.roster_change.state IS 'requested, approved or refused';
COMMENT ON COLUMN cs_policy.roster_change.decided_at IS 'When approved or refused';
COMMENT ON COLUMN cs_policy.roster_change.decided_by IS 'employee_id of the supervisor who decided';
COMMENT ON COLUMN cs_policy.roster_change.decision_note IS 'Reason given for a refusal';

SELECT pg_catalog.pg_extension_config_dump('cs_policy.shift_template', '');
SELECT pg_catalog.pg_extension_config_dump('cs_policy.shift_template_template_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('cs_policy.staffing_rule', '');
SELECT pg_catalog.pg_extension_config_dump('cs_policy.staffing_rule_staffing_rule_id_seq', '');
SELECT pg_catalog.pg_extension_config_dump('cs_policy.roster', '');
SELECT pg_catalog.pg_extension_config_dump('cs_policy.roster_publication', '');
SELECT pg_catalog.pg_extension_config_dump('cs_policy.roster_change', '');
SELECT pg_catalog.pg_extension_config_dump('cs_policy.roster_change_change_id_seq', '');

CREATE FUNCTION cs_policy.check_in_charge(actor cs_policy.employee, department_id bigint, what text)
RETURNS void
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF NOT cs_policy.in_charge_of(actor, department_id) THEN
        RAISE EXCEPTION '% % may not %', actor.role, actor.code, what
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = 'Only a supervisor or above of the department may: '
                           || cs_policy.who_is_in_charge_of(department_id) || '.';
    END IF;
END
$$;
COMMENT ON FUNCTION cs_policy.check_in_charge(cs_policy.employee, bigint, text) IS
    'Raises 42501, naming who may, unless actor is a supervisor or above of the department';

CREATE FUNCTION cs_policy.define_shift_template(name text, department text, shift cs_policy.shift,
                                                calendar text DEFAULT 'cn',
                                                valid_from date DEFAULT NULL, valid_until date DEFAULT NULL)
RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    audit_shift_template cs_policy.shift_template;
    dept   cs_policy.department := cs_policy.department_by_code(department);
    period daterange;
    clash  cs_policy.shift_template;
    new_id bigint;
    after_row jsonb;
BEGIN
    IF name IS NULL OR name !~ '^[A-Za-z0-9][A-Za-z0-9 _.-]{0,31}$' THEN
        RAISE EXCEPTION 'invalid shift template name "%"', name
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'A name is 1 to 32 letters, digits, spaces, ".", "_" or "-", e.g. day or night.';
    END IF;
    IF shift IS NULL THEN
        RAISE EXCEPTION 'a shift template needs shift times' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM cs_policy.calendar c WHERE c.name = define_shift_template.calendar) THEN
        RAISE EXCEPTION 'calendar "%" does not exist', calendar
            USING ERRCODE = 'no_data_found', HINT = 'SELECT name FROM cs_policy.calendar lists the calendars.';
    END IF;
    IF valid_until <= valid_from THEN
        RAISE EXCEPTION 'a template version cannot end (%) before it starts (%)', valid_until, valid_from
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    period := daterange(valid_from, valid_until, '[)');
    SELECT * INTO clash FROM cs_policy.shift_template t
     WHERE t.department_id = dept.department_id AND t.name = define_shift_template.name
       AND t.valid_during && period
     LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'shift template "%" of % already has a version during part of %', name, dept.code, period
            USING ERRCODE = 'exclusion_violation',
                  DETAIL = format('Version %s (%s) is valid during %s.', clash.template_id, clash.shift, clash.valid_during),
                  HINT = 'Seasonal hours are versions with adjacent, not overlapping, date ranges.';
    END IF;
    INSERT INTO cs_policy.shift_template AS t (name, department_id, shift, calendar, valid_during)
    VALUES (define_shift_template.name, dept.department_id, define_shift_template.shift,
            define_shift_template.calendar, period)
    RETURNING t.* INTO audit_shift_template;
    new_id := audit_shift_template.template_id;
    after_row := to_jsonb(audit_shift_template);
    PERFORM cs_policy.audit(NULL, 'define_shift_template', 'shift_template', NULL, after_row);
    RETURN new_id;
END
$$;
COMMENT ON FUNCTION cs_policy.define_shift_template(text, text, cs_policy.shift, text, date, date) IS
    'Defines (a version of) a named shift for a department, in a calendar''s time zone, valid from valid_from until the day before valid_until (both open by default); seasonal hours are adjacent versions (SH-2); returns template_id';
REVOKE EXECUTE ON FUNCTION cs_policy.define_shift_template(text, text, cs_policy.shift, text, date, date) FROM PUBLIC;

CREATE FUNCTION cs_policy.set_staffing(department text, name text, hours cs_policy.shift, min_on_line integer,
                                       calendar text DEFAULT 'cn',
                                       valid_from date DEFAULT NULL, valid_until date DEFAULT NULL)
RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    audit_staffing_rule cs_policy.staffing_rule;
    dept   cs_policy.department := cs_policy.department_by_code(department);
    new_id bigint;
    after_row jsonb;
BEGIN
    IF min_on_line IS NULL OR min_on_line < 1 THEN
        RAISE EXCEPTION 'a staffing minimum is at least 1 agent, not %', min_on_line
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF hours IS NULL OR name IS NULL OR btrim(name) = '' THEN
        RAISE EXCEPTION 'a staffing rule needs a name and hours' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF valid_until <= valid_from THEN
        RAISE EXCEPTION 'a staffing rule cannot end (%) before it starts (%)', valid_until, valid_from
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM cs_policy.calendar c WHERE c.name = set_staffing.calendar) THEN
        RAISE EXCEPTION 'calendar "%" does not exist', calendar USING ERRCODE = 'no_data_found';
    END IF;
    -- AT-15: a closed period's coverage was counted against the minimums of
    -- its days (the department's own coverage: its subtree's periods aside)
    PERFORM cs_policy.refuse_if_department_closed(dept.department_id, daterange(valid_from, valid_until, '[)'),
                                                  format('a staffing rule %s of %s', set_staffing.name, dept.code),
                                                  with_subtree => false);
    INSERT INTO cs_policy.staffing_rule AS s (department_id, name, hours, min_on_line, calendar, valid_during)
    VALUES (dept.department_id, set_staffing.name, set_staffing.hours, set_staffing.min_on_line,
            set_staffing.calendar, daterange(valid_from, valid_until, '[)'))
    RETURNING s.* INTO audit_staffing_rule;
    new_id := audit_staffing_rule.staffing_rule_id;
    after_row := to_jsonb(audit_staffing_rule);
    PERFORM cs_policy.audit(NULL, 'set_staffing', 'staffing_rule', NULL, after_row);
    RETURN new_id;
END
$$;
COMMENT ON FUNCTION cs_policy.set_staffing(text, text, cs_policy.shift, integer, text, date, date) IS
    'Sets a minimum number of agents on line during some hours of every day for a department (SH-3); returns its id';
REVOKE EXECUTE ON FUNCTION cs_policy.set_staffing(text, text, cs_policy.shift, integer, text, date, date) FROM PUBLIC;

-- SH-3: the staffing each department is held to: its own rules
-- (set_staffing), or, on the days it has none, the peak and night minimum of the
-- shift policy attached to it (callcenter_7x24: 8 agents at peak, 2 at
-- night), on the days that policy is in force. A policy for every
-- department holds each top-level department (the center) to it, not each
-- team below: the minimum counts the department and its subtree.
CREATE VIEW cs_policy.staffing WITH (security_invoker = true) AS
SELECT sr.department_id, d.code AS department_code, sr.name, sr.hours, sr.min_on_line, sr.calendar, c.time_zone,
       sr.valid_during::datemultirange AS days, 'set_staffing'::text AS source, NULL::bigint AS policy_id
  FROM cs_policy.staffing_rule sr
  JOIN cs_policy.department d ON d.department_id = sr.department_id
  JOIN cs_policy.calendar c ON c.name = sr.calendar
UNION ALL
SELECT f.department_id, d.code, v.name, v.hours::cs_policy.shift, v.min_on_line, cal.name, cal.time_zone,
       f.in_force OPERATOR(pg_catalog.-) coalesce(own.days, '{}'::pg_catalog.datemultirange), 'shift policy', f.policy_id
  FROM cs_policy.policy_in_force f
  JOIN cs_policy.department d ON d.department_id = f.department_id
  -- the days the department's own rules hold, which the policy's do not
  LEFT JOIN (SELECT sr.department_id, pg_catalog.range_agg(sr.valid_during) AS days
               FROM cs_policy.staffing_rule sr GROUP BY sr.department_id) own ON own.department_id = f.department_id
 CROSS JOIN LATERAL (VALUES ('peak', f.parameters OPERATOR(pg_catalog.->>) 'peak_hours',
                             (f.parameters OPERATOR(pg_catalog.->>) 'peak_min_on_line')::integer),
                            ('night', f.parameters OPERATOR(pg_catalog.->>) 'night_hours',
                             (f.parameters OPERATOR(pg_catalog.->>) 'night_min_on_line')::integer)) AS v (name, hours, min_on_line)
  JOIN cs_policy.calendar cal ON cal.name = coalesce(f.parameters OPERATOR(pg_catalog.->>) 'calendar', 'cn')
 WHERE f.area = 'shift' AND NOT pg_catalog.isempty(f.in_force)
   AND (f.attached_to = f.department_id OR (f.attached_to IS NULL AND pg_catalog.cardinality(d.path) = 1))
   AND v.hours IS NOT NULL AND v.min_on_line > 0
   AND NOT pg_catalog.isempty(f.in_force OPERATOR(pg_catalog.-) coalesce(own.days, '{}'::pg_catalog.datemultirange));
COMMENT ON VIEW cs_policy.staffing IS
    'SH-3: the minimum staffing each department is held to (what coverage counts against): its own rules (set_staffing) or, on the days it has none, the peak and night minimum of the shift policy attached to it (peak_hours and peak_min_on_line, night_hours and night_min_on_line; callcenter_7x24: 8 at peak, 2 at night); the minimum counts the agents of the department and its subtree';
COMMENT ON COLUMN cs_policy.staffing.department_id IS 'Department (with its subtree) whose agents count';
COMMENT ON COLUMN cs_policy.staffing.department_code IS 'Its code';
COMMENT ON COLUMN cs_policy.staffing.name IS 'The rule''s name (peak, night, ...)';
COMMENT ON COLUMN cs_policy.staffing.hours IS 'Hours of every day the minimum applies';
COMMENT ON COLUMN cs_policy.staffing.min_on_line IS 'Agents who must be on line';
COMMENT ON COLUMN cs_policy.staffing.calendar IS 'Calendar whose time zone the hours are in';
COMMENT ON COLUMN cs_policy.staffing.time_zone IS 'That time zone';
COMMENT ON COLUMN cs_policy.staffing.days IS 'Days on which it applies';
COMMENT ON COLUMN cs_policy.staffing.source IS 'set_staffing (the department''s own rule) or shift policy (its policy''s peak and night minimum)';
COMMENT ON COLUMN cs_policy.staffing.policy_id IS 'The shift policy version it comes from (NULL for set_staffing)';

-- The template version a person works under a name on a date: the one of
-- the nearest department above the person's.
CREATE FUNCTION cs_policy.template_for(employee_id bigint, work_date date, template_name text)
RETURNS cs_policy.shift_template
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    home   bigint[];
    chosen cs_policy.shift_template;
BEGIN
    SELECT d.path INTO home FROM cs_policy.employee e
      JOIN cs_policy.department d ON d.department_id = e.department_id
     WHERE e.employee_id = template_for.employee_id;
    SELECT t.* INTO chosen FROM cs_policy.shift_template t
     WHERE t.name = template_name AND t.valid_during @> work_date AND t.department_id = ANY (home)
     ORDER BY array_position(home, t.department_id) DESC
     LIMIT 1;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'no shift template "%" is valid on % for employee %', template_name, work_date, employee_id
            USING ERRCODE = 'no_data_found',
                  HINT = 'SELECT name, shift, valid_during FROM cs_policy.shift_template lists the templates; cs_policy.define_shift_template adds one.';
    END IF;
    RETURN chosen;
END
$$;
COMMENT ON FUNCTION cs_policy.template_for(bigint, date, text) IS
    'The version of the named shift template valid on the date for the employee''s department (nearest department wins)';

CREATE FUNCTION cs_policy.published_for(department_id bigint, work_date date)
RETURNS boolean
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
BEGIN
    RETURN (
        SELECT EXISTS (SELECT 1 FROM cs_policy.roster_publication p
                         JOIN cs_policy.department d ON d.department_id OPERATOR(pg_catalog.=) published_for.department_id
                        WHERE p.department_id OPERATOR(pg_catalog.=) ANY (d.path)
                          AND p.month OPERATOR(pg_catalog.=) pg_catalog.date_trunc('month', work_date)::date));
END
$$;
COMMENT ON FUNCTION cs_policy.published_for(bigint, date) IS
    'True when the month of work_date is published for the department or one above it (SH-5)';

-- Writes one roster row; the callers check authority and publication.
CREATE FUNCTION cs_policy.put_on_roster(person cs_policy.employee, work_date date, template_name text,
                                        actor_id bigint, swap_id bigint DEFAULT NULL)
RETURNS void
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    audit_roster cs_policy.roster;
    tpl      cs_policy.shift_template := cs_policy.template_for(person.employee_id, work_date, template_name);
    zone     text := (SELECT c.time_zone FROM cs_policy.calendar c WHERE c.name = tpl.calendar);
    planned  tstzmultirange := cs_policy.shift_on(tpl.shift, work_date, zone);
    clash    record;
    after_row jsonb;
BEGIN
    -- a shift outside the employment would be judged as absence (AT-3)
    PERFORM cs_policy.check_employed(person, work_date, NULL, 'shift');
    SELECT r.work_date, r.shift INTO clash FROM cs_policy.roster r
     WHERE r.employee_id = person.employee_id AND r.instants && planned
     LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION '% would work two shifts at once: % on % overlaps % on %',
                        person.code, tpl.shift, work_date, clash.shift, clash.work_date
            USING ERRCODE = 'exclusion_violation',
                  HINT = 'An employee''s shifts never overlap, overnight ones included.';
    END IF;
    INSERT INTO cs_policy.roster AS r (employee_id, work_date, template_id, department_id, shift, instants, swap_id,
                                       briefing_minutes, assigned_by)
    VALUES (person.employee_id, work_date, tpl.template_id, person.department_id, tpl.shift, planned,
            put_on_roster.swap_id,
            coalesce((cs_policy.settings_for(person.employee_id, work_date, 'shift') ->> 'briefing_minutes')::integer, 0),
            actor_id)
    RETURNING r.* INTO audit_roster;
    after_row := to_jsonb(audit_roster);
    PERFORM cs_policy.audit(actor_id, 'put_on_roster', 'roster', NULL, after_row);
END
$$;
COMMENT ON FUNCTION cs_policy.put_on_roster(cs_policy.employee, date, text, bigint, bigint) IS
    'Writes one roster row with the shift''s real instants; refuses overlaps with 23P01 and days outside the employment with 22023 (internal: callers check authority)';
REVOKE EXECUTE ON FUNCTION cs_policy.put_on_roster(cs_policy.employee, date, text, bigint, bigint) FROM PUBLIC;

CREATE FUNCTION cs_policy.refuse_if_published(person cs_policy.employee, work_date date)
RETURNS void
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF cs_policy.published_for(person.department_id, work_date) THEN
        RAISE EXCEPTION 'the roster of % for % is published', person.code, to_char(work_date, 'YYYY-MM')
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = 'SH-5: changes to a published roster need the supervisor''s approval in advance.',
                  HINT = 'File cs_policy.request_roster_change(employee, work_date, template, reason) and have it approved.';
    END IF;
END
$$;
COMMENT ON FUNCTION cs_policy.refuse_if_published(cs_policy.employee, date) IS
    'Raises 55000 when the month is published for the employee''s department (SH-5)';

CREATE FUNCTION cs_policy.assign_shift(employee text, work_date date, template text, acting_as text DEFAULT NULL)
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    actor  cs_policy.employee := cs_policy.acting_employee(acting_as);
    person cs_policy.employee := cs_policy.employee_by_code(employee);
BEGIN
    PERFORM cs_policy.check_in_charge(actor, person.department_id, 'make the roster of ' || person.code);
    PERFORM cs_policy.refuse_if_closed(person.employee_id, work_date, NULL, 'a roster change');
    IF NOT person.active THEN
        RAISE EXCEPTION 'employee % left on %', person.code, person.left_on USING ERRCODE = 'invalid_parameter_value';
    END IF;
    PERFORM cs_policy.refuse_if_published(person, work_date);
    PERFORM cs_policy.put_on_roster(person, work_date, template, actor.employee_id);
END
$$;
COMMENT ON FUNCTION cs_policy.assign_shift(text, date, text, text) IS
    'Puts an employee on a named shift on a date (by a supervisor or above, before the month is published)';
REVOKE EXECUTE ON FUNCTION cs_policy.assign_shift(text, date, text, text) FROM PUBLIC;

CREATE FUNCTION cs_policy.unassign_shift(employee text, work_date date, acting_as text DEFAULT NULL)
RETURNS integer
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    actor   cs_policy.employee := cs_policy.acting_employee(acting_as);
    person  cs_policy.employee := cs_policy.employee_by_code(employee);
    removed integer;
    before_rows jsonb;
BEGIN
    PERFORM cs_policy.check_in_charge(actor, person.department_id, 'make the roster of ' || person.code);
    PERFORM cs_policy.refuse_if_closed(person.employee_id, work_date, NULL, 'a roster change');
    PERFORM cs_policy.refuse_if_published(person, work_date);
    SELECT jsonb_agg(to_jsonb(r) ORDER BY r.template_id) INTO before_rows FROM cs_policy.roster r
     WHERE r.employee_id = person.employee_id AND r.work_date = unassign_shift.work_date;
    DELETE FROM cs_policy.roster r WHERE r.employee_id = person.employee_id AND r.work_date = unassign_shift.work_date;
    GET DIAGNOSTICS removed = ROW_COUNT;
    IF removed > 0 THEN
        PERFORM cs_policy.audit(actor.employee_id, 'unassign_shift', 'roster', before_rows, NULL);
    END IF;
    RETURN removed;
END
$$;
COMMENT ON FUNCTION cs_policy.unassign_shift(text, date, text) IS
    'Makes a date a rest day for an employee (before the month is published); returns the number of shifts removed';
REVOKE EXECUTE ON FUNCTION cs_policy.unassign_shift(text, date, text) FROM PUBLIC;

CREATE FUNCTION cs_policy.roster_rotation(department text, month date, templates text[],
                                          work_days integer DEFAULT 5, rest_days integer DEFAULT 2,
                                          acting_as text DEFAULT NULL)
RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    actor      cs_policy.employee := cs_policy.acting_employee(acting_as);
    dept       cs_policy.department := cs_policy.department_by_code(department);
    first_day  date := date_trunc('month', month)::date;
    last_day   date := (date_trunc('month', month) + interval '1 month - 1 day')::date;
    cycle      integer := work_days + rest_days;
    written    bigint;
    missing_employee bigint;
    missing_date     date;
    missing_template text;
    moved_in   bigint;
BEGIN
    PERFORM cs_policy.check_in_charge(actor, dept.department_id, 'make the roster of ' || dept.code);
    IF templates IS NULL OR cardinality(templates) = 0 OR work_days IS NULL OR rest_days IS NULL
       OR work_days < 1 OR rest_days < 0 THEN
        RAISE EXCEPTION 'a rotation needs templates, at least 1 working day and no negative rest days'
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF first_day IS NOT NULL THEN
        PERFORM cs_policy.refuse_if_department_closed(dept.department_id, daterange(first_day, last_day, '[]'),
                                                      format('a rotation of %s for %s', dept.code, to_char(first_day, 'YYYY-MM')));
        -- and the people of the subtree whose days of the month another
        -- department closed before they were transferred (AT-15): found
        -- first, then each asked apart (no query inside a query: Citus)
        FOREACH moved_in IN ARRAY ARRAY(
            SELECT DISTINCT t.employee_id
              FROM cs_policy.closed_attendance_total t
              -- (or judged from before their period's first day)
              JOIN cs_policy.employee e ON e.employee_id = t.employee_id
                                       AND (e.department_id <> t.department_id OR t.judged_from < t.period_first)
              JOIN cs_policy.department d ON d.department_id = e.department_id
             WHERE e.active AND e.role = 'agent' AND dept.department_id = ANY (d.path)
               AND coalesce(t.judged_from, t.period_first) <= last_day AND t.period_last >= first_day)
        LOOP
            PERFORM cs_policy.refuse_if_closed(moved_in, first_day, last_day,
                                               format('a rotation of %s for %s', dept.code, to_char(first_day, 'YYYY-MM')));
        END LOOP;
    END IF;
    IF cs_policy.published_for(dept.department_id, first_day) THEN
        RAISE EXCEPTION 'the roster of % for % is published', dept.code, to_char(first_day, 'YYYY-MM')
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  HINT = 'Changes to a published roster go through cs_policy.request_roster_change (SH-5).';
    END IF;
    -- Every active agent of the subtree: blocks of work_days on one template,
    -- then rest_days off; agents are staggered so that rest days spread over
    -- the week, and the template changes only after a rest (no back-to-back
    -- change from night to day).
    WITH agent AS (
        -- the briefing time of the shift rules in force for each (a join,
        -- not settings_for per row: no query runs for each row)
        SELECT e.*, row_number() OVER (ORDER BY e.code) - 1 AS k,
               coalesce((coalesce(pol.parameters, dflt.settings) ->> 'briefing_minutes')::integer, 0) AS briefing_minutes
          FROM cs_policy.employee e
          JOIN cs_policy.department d ON d.department_id = e.department_id
          LEFT JOIN cs_policy.policy_in_force pol
                 ON pol.department_id = e.department_id AND pol.area = 'shift' AND pol.in_force @> first_day
          LEFT JOIN cs_policy.preset_setting dflt ON dflt.preset IS NULL AND dflt.area = 'shift'
         WHERE e.active AND e.role = 'agent' AND dept.department_id = ANY (d.path)
    ), plan AS (
        SELECT a.employee_id, a.department_id, a.briefing_minutes, g.day::date AS work_date,
               templates[1 + (((g.day::date - first_day) + a.k) / cycle + a.k) % cardinality(templates)] AS template_name
          FROM agent a, generate_series(first_day, last_day, interval '1 day') AS g(day)
         WHERE ((g.day::date - first_day) + a.k) % cycle < work_days
           -- (a hire of the month from their first day)
           AND g.day::date >= a.hired_on
    ), picked AS (
        -- the template version of the nearest department, as template_for picks it
        SELECT DISTINCT ON (p.employee_id, p.work_date) p.*, t.template_id, t.shift, t.calendar
          FROM plan p
          JOIN cs_policy.department d ON d.department_id = p.department_id
          LEFT JOIN cs_policy.shift_template t
            ON t.name = p.template_name AND t.valid_during @> p.work_date AND t.department_id = ANY (d.path)
         ORDER BY p.employee_id, p.work_date, array_position(d.path, t.department_id) DESC NULLS LAST
    ), written_rows AS (
        INSERT INTO cs_policy.roster (employee_id, work_date, template_id, department_id, shift, instants,
                                      briefing_minutes, assigned_by)
        SELECT p.employee_id, p.work_date, p.template_id, p.department_id, p.shift,
               cs_policy.shift_on(p.shift, p.work_date, c.time_zone), p.briefing_minutes, actor.employee_id
          FROM picked p JOIN cs_policy.calendar c ON c.name = p.calendar
        RETURNING 1
    )
    SELECT (SELECT count(*) FROM written_rows), m.employee_id, m.work_date, m.template_name
      INTO written, missing_employee, missing_date, missing_template
      FROM (SELECT NULL) AS one
      LEFT JOIN (SELECT * FROM picked WHERE template_id IS NULL LIMIT 1) m ON true;
    IF missing_template IS NOT NULL THEN
        -- names the missing template and the date; the rows written go with the error
        PERFORM cs_policy.template_for(missing_employee, missing_date, missing_template);
    END IF;
    -- a month of a department's roster: the count and the key range, not
    -- every row (they are the roster rows of the subtree in the month
    -- assigned by the actor in this transaction)
    IF written > 0 THEN
        PERFORM cs_policy.audit(actor.employee_id, 'roster_rotation', 'roster', NULL,
                                jsonb_build_object('rows', written,
                                                   'department_id', dept.department_id,
                                                   'department', dept.code,
                                                   'from', first_day, 'until', last_day,
                                                   'templates', to_jsonb(templates),
                                                   'work_days', work_days, 'rest_days', rest_days,
                                                   'assigned_by', actor.employee_id));
    END IF;
    RETURN written;
END
$$;
COMMENT ON FUNCTION cs_policy.roster_rotation(text, date, text[], integer, integer, text) IS
    'Rosters every active agent of a department for a month: work_days on, rest_days off, agents staggered, cycling through the named templates block by block; returns the number of shifts written';
REVOKE EXECUTE ON FUNCTION cs_policy.roster_rotation(text, date, text[], integer, integer, text) FROM PUBLIC;

CREATE FUNCTION cs_policy.publish_roster(department text, month date, rest_override text DEFAULT NULL,
                                         acting_as text DEFAULT NULL)
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
-- It reads shards, then writes a shared (reference) table: on Citus its
-- multi-shard reads must then take one connection per node (without Citus
-- the setting is an unused placeholder).
SET citus.multi_shard_modify_mode = sequential
AS $$
DECLARE
    audit_roster_publication cs_policy.roster_publication;
    actor cs_policy.employee := cs_policy.acting_employee(acting_as);
    dept  cs_policy.department := cs_policy.department_by_code(department);
    first_day date := date_trunc('month', month)::date;
    settings jsonb;
    zone  text;
    first_holiday date;
    due   date;
    short jsonb;
    after_row jsonb;
BEGIN
    PERFORM cs_policy.check_in_charge(actor, dept.department_id, 'publish the roster of ' || dept.code);
    -- nothing is checked or written when the month was published already
    IF EXISTS (SELECT FROM cs_policy.roster_publication p WHERE p.department_id = dept.department_id AND p.month = first_day) THEN
        RETURN;
    END IF;
    -- SH-4: a roster that leaves someone short of rest is not published,
    -- unless a manager or above overrides it with a reason (logged with
    -- the people and why)
    SELECT jsonb_agg(jsonb_build_object('employee', v.employee_code, 'period', v.period, 'rest_days', v.rest_days,
                                        'required', v.required) ORDER BY v.employee_code, v.period_start)
      INTO short
      FROM cs_policy.rest_violations(first_day) v
      JOIN cs_policy.employee e ON e.employee_id = v.employee_id
      JOIN cs_policy.department d ON d.department_id = e.department_id
     WHERE dept.department_id = ANY (d.path);
    IF short IS NOT NULL AND (rest_override IS NULL OR btrim(rest_override) = '') THEN
        RAISE EXCEPTION 'the roster of % for % leaves % short of rest', dept.code, to_char(first_day, 'YYYY-MM'),
                        CASE WHEN jsonb_array_length(short) = 1 THEN '1 person-period' ELSE jsonb_array_length(short) || ' person-periods' END
            USING ERRCODE = 'check_violation',
                  DETAIL = 'SH-4: ' || (SELECT string_agg(format('%s has %s rest day(s) in the %s, at least %s required',
                                                                 x ->> 'employee', x ->> 'rest_days', x ->> 'period', x ->> 'required'), '; ')
                                          FROM jsonb_array_elements(short) x) || '.',
                  HINT = 'Give them their rest days (assign_shift, unassign_shift), or a manager publishes over it with rest_override => ''why''.';
    END IF;
    IF short IS NOT NULL AND NOT (actor.role IN ('deputy_manager', 'manager', 'director')) THEN
        RAISE EXCEPTION '% may not publish a roster over its rest violations', actor.code
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = 'SH-4: only a manager or above overrides the rest days.';
    END IF;
    IF short IS NULL THEN
        rest_override := NULL;
    END IF;
    -- SH-5: before the month starts, and a week before its first public holiday
    settings := cs_policy.department_settings(dept.department_id, first_day, 'shift');
    SELECT min(d.day), min(c.time_zone) INTO first_holiday, zone
      FROM cs_policy.calendar c
      LEFT JOIN cs_policy.calendar_day d ON d.calendar = c.name AND d.kind = 'holiday'
                                        AND d.day >= first_day AND d.day < (first_day + interval '1 month')::date
     WHERE c.name = settings ->> 'calendar';
    IF coalesce((settings ->> 'publish_before_month_end')::boolean, false) THEN
        due := first_day - 1;
    END IF;
    IF first_holiday IS NOT NULL AND settings ? 'holiday_roster_days_ahead' THEN
        due := least(due, first_holiday - (settings ->> 'holiday_roster_days_ahead')::integer);
    END IF;
    INSERT INTO cs_policy.roster_publication AS p (department_id, month, published_by, due_by, late, rest_violations, rest_override)
    VALUES (dept.department_id, first_day, actor.employee_id, due,
            coalesce((now() AT TIME ZONE coalesce(zone, 'Asia/Shanghai'))::date > due, false), short, btrim(rest_override))
    ON CONFLICT DO NOTHING
    RETURNING p.* INTO audit_roster_publication;
    after_row := to_jsonb(audit_roster_publication);
    -- nothing is written when the month was published already
    IF FOUND THEN
        PERFORM cs_policy.audit(actor.employee_id, 'publish_roster', 'roster_publication', NULL, after_row);
    END IF;
END
$$;
COMMENT ON FUNCTION cs_policy.publish_roster(text, date, text, text) IS
    'Publishes a department''s roster for a month (SH-5): from then on changes need an approved change request; a publication after the day the policy wants it by (publish_before_month_end, holiday_roster_days_ahead) is recorded as late (roster_publication.late), not refused; SH-4: refused (23514, naming who is short of rest and in which week or month) while rest_violations finds anyone of the department, unless a manager or above gives rest_override, kept with the violations in roster_publication';
REVOKE EXECUTE ON FUNCTION cs_policy.publish_roster(text, date, text, text) FROM PUBLIC;

CREATE FUNCTION cs_policy.request_roster_change(employee text, work_date date, template text, reason text,
                                                acting_as text DEFAULT NULL)
RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    audit_roster_change cs_policy.roster_change;
    actor  cs_policy.employee := cs_policy.acting_employee(acting_as);
    person cs_policy.employee := cs_policy.employee_by_code(employee);
    new_id bigint;
    after_row jsonb;
BEGIN
    IF actor.employee_id <> person.employee_id AND NOT cs_policy.in_charge_of(actor, person.department_id)
       AND actor.role <> 'team_lead' THEN
        RAISE EXCEPTION '% may not ask to change the roster of %', actor.code, person.code
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = 'The employee, a team lead or a supervisor or above may.';
    END IF;
    IF reason IS NULL OR btrim(reason) = '' THEN
        RAISE EXCEPTION 'a roster change needs a reason' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    -- (a shift asked for is one of the employment, as put_on_roster will
    -- check at the approval; a rest day may be asked for any day)
    IF template IS NOT NULL THEN
        PERFORM cs_policy.check_employed(person, work_date, NULL, 'shift');
        PERFORM cs_policy.template_for(person.employee_id, work_date, template);
    END IF;
    INSERT INTO cs_policy.roster_change AS c (employee_id, work_date, template_name, reason, requested_by)
    VALUES (person.employee_id, work_date, template, reason, actor.employee_id)
    RETURNING c.* INTO audit_roster_change;
    new_id := audit_roster_change.change_id;
    after_row := to_jsonb(audit_roster_change);
    PERFORM cs_policy.audit(actor.employee_id, 'request_roster_change', 'roster_change', NULL, after_row);
    RETURN new_id;
END
$$;
COMMENT ON FUNCTION cs_policy.request_roster_change(text, date, text, text, text) IS
    'Asks to change a roster day (template NULL: make it a rest day); applied when a supervisor approves (SH-5); returns change_id';
REVOKE EXECUTE ON FUNCTION cs_policy.request_roster_change(text, date, text, text, text) FROM PUBLIC;

CREATE FUNCTION cs_policy.approve_roster_change(change_id bigint, acting_as text DEFAULT NULL)
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    audit_roster_change cs_policy.roster_change;
    its_employee bigint;
    actor  cs_policy.employee := cs_policy.acting_employee(acting_as);
    change cs_policy.roster_change;
    person cs_policy.employee;
    before_rows jsonb;
    after_row   jsonb;
BEGIN
    -- by employee_id first: on Citus a row lock must name its shard
    SELECT c.employee_id INTO its_employee FROM cs_policy.roster_change c WHERE c.change_id = approve_roster_change.change_id;
    SELECT * INTO change FROM cs_policy.roster_change c
     WHERE c.employee_id = its_employee AND c.change_id = approve_roster_change.change_id FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'roster change % does not exist', change_id USING ERRCODE = 'no_data_found';
    END IF;
    IF change.state <> 'requested' THEN
        RAISE EXCEPTION 'roster change % is already %', change_id, change.state
            USING ERRCODE = 'object_not_in_prerequisite_state';
    END IF;
    SELECT * INTO STRICT person FROM cs_policy.employee e WHERE e.employee_id = change.employee_id FOR UPDATE;
    PERFORM cs_policy.check_in_charge(actor, person.department_id, 'approve roster changes of ' || person.code);
    IF NOT person.active THEN
        RAISE EXCEPTION 'roster change % cannot be approved: % left on %', change_id, person.code, person.left_on
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  HINT = 'Refuse it (refuse_roster_change).';
    END IF;
    PERFORM cs_policy.refuse_if_closed(person.employee_id, change.work_date, NULL, 'approving a roster change');
    -- SH-5: a change is approved in advance: not for a day gone by, nor
    -- once a shift of that day has begun (a superuser loading past
    -- records aside)
    IF NOT cs_policy.caller_is_superuser()
       AND (change.work_date < cs_policy.local_day(person.employee_id, now())
            OR EXISTS (SELECT FROM cs_policy.roster r WHERE r.employee_id = person.employee_id
                          AND r.work_date = change.work_date AND lower(r.instants) <= now())) THEN
        RAISE EXCEPTION 'roster change % of % on % comes too late to approve', change_id, person.code, change.work_date
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = 'SH-5: changes need the supervisor''s approval in advance; the day, or its shift, has begun.',
                  HINT = 'Refuse it (refuse_roster_change); what was worked is corrected through the roster and the punches.';
    END IF;
    SELECT jsonb_agg(to_jsonb(r) ORDER BY r.template_id) INTO before_rows FROM cs_policy.roster r
     WHERE r.employee_id = person.employee_id AND r.work_date = change.work_date;
    DELETE FROM cs_policy.roster r WHERE r.employee_id = person.employee_id AND r.work_date = change.work_date;
    IF FOUND THEN
        PERFORM cs_policy.audit(actor.employee_id, 'approve_roster_change', 'roster', before_rows, NULL);
    END IF;
    IF change.template_name IS NOT NULL THEN
        PERFORM cs_policy.put_on_roster(person, change.work_date, change.template_name, actor.employee_id);
        -- SH-5: nor a shift it adds that has already begun
        IF NOT cs_policy.caller_is_superuser() AND EXISTS (
               SELECT FROM cs_policy.roster r WHERE r.employee_id = person.employee_id
                  AND r.work_date = change.work_date AND lower(r.instants) <= now()) THEN
            RAISE EXCEPTION 'roster change % of % on % comes too late to approve', change_id, person.code, change.work_date
                USING ERRCODE = 'object_not_in_prerequisite_state',
                      DETAIL = 'SH-5: changes need the supervisor''s approval in advance; the shift it adds has begun.',
                      HINT = 'Refuse it (refuse_roster_change); what was worked is corrected through the roster and the punches.';
        END IF;
    END IF;
    UPDATE cs_policy.roster_change c SET state = 'approved', decided_at = now(), decided_by = actor.employee_id
     WHERE c.employee_id = change.employee_id AND c.change_id = change.change_id
    RETURNING c.* INTO audit_roster_change;
    after_row := to_jsonb(audit_roster_change);
    PERFORM cs_policy.audit(actor.employee_id, 'approve_roster_change', 'roster_change', to_jsonb(change), after_row);
END
$$;
COMMENT ON FUNCTION cs_policy.approve_roster_change(bigint, text) IS
    'Approves a roster change and applies it in the same transaction (by a supervisor or above of the employee''s department); SH-5: in advance, so 55000 for a day gone by or whose shift has begun (a superuser loading past records aside)';
REVOKE EXECUTE ON FUNCTION cs_policy.approve_roster_change(bigint, text) FROM PUBLIC;

CREATE FUNCTION cs_policy.refuse_roster_change(change_id bigint, reason text, acting_as text DEFAULT NULL)
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    audit_roster_change cs_policy.roster_change;
    its_employee bigint;
    actor  cs_policy.employee := cs_policy.acting_employee(acting_as);
    change cs_policy.roster_change;
    after_row jsonb;
BEGIN
    -- by employee_id first: on Citus a row lock must name its shard
    SELECT c.employee_id INTO its_employee FROM cs_policy.roster_change c WHERE c.change_id = refuse_roster_change.change_id;
    SELECT * INTO change FROM cs_policy.roster_change c
     WHERE c.employee_id = its_employee AND c.change_id = refuse_roster_change.change_id FOR UPDATE;
    IF NOT FOUND OR change.state <> 'requested' THEN
        RAISE EXCEPTION 'roster change % is not waiting for a decision', change_id
            USING ERRCODE = 'object_not_in_prerequisite_state';
    END IF;
    PERFORM cs_policy.check_in_charge(actor, (SELECT e.department_id FROM cs_policy.employee e
                                               WHERE e.employee_id = change.employee_id), 'refuse roster changes');
    UPDATE cs_policy.roster_change c
       SET state = 'refused', decided_at = now(), decided_by = actor.employee_id, decision_note = refuse_roster_change.reason
     WHERE c.employee_id = change.employee_id AND c.change_id = change.change_id
    RETURNING c.* INTO audit_roster_change;
    after_row := to_jsonb(audit_roster_change);
    PERFORM cs_policy.audit(actor.employee_id, 'refuse_roster_change', 'roster_change', to_jsonb(change), after_row);
END
$$;
COMMENT ON FUNCTION cs_policy.refuse_roster_change(bigint, text, text) IS 'Refuses a roster change with a reason';
REVOKE EXECUTE ON FUNCTION cs_policy.refuse_roster_change(bigint, text, text) FROM PUBLIC;

CREATE VIEW cs_policy.roster_day WITH (security_invoker = true) AS
SELECT r.employee_id,
       e.code AS employee_code,
       e.name AS employee_name,
       d.code AS department_code,
       r.work_date,
       t.name AS template,
       r.shift,
       pg_catalog.lower(r.instants) AS starts_at,
       pg_catalog.upper(r.instants) AS ends_at,
       pg_catalog.lower(r.instants) OPERATOR(pg_catalog.-) pg_catalog.make_interval(mins => r.briefing_minutes)
           AS report_by,
       cs_policy.shift_length(r.shift) AS length,
       r.swap_id IS NOT NULL AS from_swap
  FROM cs_policy.roster r
  JOIN cs_policy.employee e ON e.employee_id OPERATOR(pg_catalog.=) r.employee_id
  JOIN cs_policy.department d ON d.department_id OPERATOR(pg_catalog.=) r.department_id
  JOIN cs_policy.shift_template t ON t.template_id OPERATOR(pg_catalog.=) r.template_id;
COMMENT ON VIEW cs_policy.roster_day IS 'The roster, one row per shift worked, with its real start and end and the time to report for the briefing (SH-6)';
COMMENT ON COLUMN cs_policy.roster_day.employee_id IS 'Who works';
COMMENT ON COLUMN cs_policy.roster_day.employee_code IS 'Staff number';
COMMENT ON COLUMN cs_policy.roster_day.employee_name IS 'Name';
COMMENT ON COLUMN cs_policy.roster_day.department_code IS 'Department worked for';
COMMENT ON COLUMN cs_policy.roster_day.work_date IS 'Date the shift starts on';
COMMENT ON COLUMN cs_policy.roster_day.template IS 'Shift template name';
COMMENT ON COLUMN cs_policy.roster_day.shift IS 'Shift times';
COMMENT ON COLUMN cs_policy.roster_day.starts_at IS 'Real start';
COMMENT ON COLUMN cs_policy.roster_day.ends_at IS 'Real end (the next day for an overnight shift)';
COMMENT ON COLUMN cs_policy.roster_day.report_by IS 'When to arrive for the pre-shift briefing: briefing_minutes of the shift policy (when rostered) before the start (SH-6)';
COMMENT ON COLUMN cs_policy.roster_day.length IS 'Worked time by the clock';
COMMENT ON COLUMN cs_policy.roster_day.from_swap IS 'True when an approved swap put the shift here';

-- SH-3: agents on line against the minimum, every 30 minutes.
CREATE FUNCTION cs_policy.coverage_of(department_id bigint, from_time timestamptz, to_time timestamptz)
RETURNS TABLE (slot_start timestamptz, slot_end timestamptz, rostered integer, required integer, shortfall integer)
LANGUAGE plpgsql STABLE PARALLEL SAFE
-- planned on its own, its one pass stays one pass; PL/pgSQL, so that Citus
-- plans the query; planned for each call, for the period asked
SET search_path = pg_catalog, pg_temp
SET plan_cache_mode = force_custom_plan
AS $$
#variable_conflict use_column
DECLARE
    -- the department and those below it, as a value: the roster is then
    -- probed department by department on its index
    subtree bigint[] := ARRAY(SELECT d.department_id FROM cs_policy.department d
                               WHERE coverage_of.department_id = ANY (d.path));
    rule_hours   cs_policy.shift[];
    rule_minimum integer[];
    rule_zone    text[];
    rule_days    datemultirange[];
BEGIN
    -- bounded work: a period without end would count slots until a timeout
    IF from_time IS NULL OR to_time IS NULL OR NOT pg_catalog.isfinite(from_time) OR NOT pg_catalog.isfinite(to_time)
       OR to_time <= from_time OR to_time - from_time > interval '400 days' THEN
        RAISE EXCEPTION 'coverage needs a finite period of up to 400 days, from before to (from % to %)', from_time, to_time
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'e.g. coverage(''HOTLINE'', ''2026-11-10 08:00+08'', ''2026-11-10 20:00+08'') (SH-3).';
    END IF;
    -- the rules the department is held to (SH-3), read once
    SELECT pg_catalog.array_agg(st.hours), pg_catalog.array_agg(st.min_on_line), pg_catalog.array_agg(st.time_zone),
           pg_catalog.array_agg(st.days)
      INTO rule_hours, rule_minimum, rule_zone, rule_days
      FROM cs_policy.staffing st
     WHERE st.department_id = coverage_of.department_id;
    -- Each shift piece is on line for the whole of the slots from the first
    -- boundary at or after its start to the last at or before its end: it
    -- adds one there and takes one away there, and a running sum over the
    -- slots counts who is on line (count_on_line: one pass over the shifts
    -- of the period, in C, however long the period).
    RETURN QUERY
    WITH bounds AS (
        SELECT b.first_slot,
               -- the slots of generate_series(first_slot, to_time - 1 µs, 30 minutes)
               (pg_catalog.floor(pg_catalog.date_part('epoch', to_time OPERATOR(pg_catalog.-) interval '1 microsecond'
                                                            OPERATOR(pg_catalog.-) b.first_slot) / 1800))::integer + 1 AS slots
          FROM (SELECT pg_catalog.date_bin('30 minutes', from_time, timestamptz '2000-01-01 00:00+00') AS first_slot) b
    ), on_line AS (
        SELECT cs_policy.count_on_line(r.instants, bounds.first_slot, bounds.slots) AS counts
          FROM cs_policy.roster r
         CROSS JOIN bounds
         WHERE r.department_id OPERATOR(pg_catalog.=) ANY (subtree)
           -- a shift lies within its work date and the day after (local, in
           -- any zone: two days' margin on the UTC dates), then exactly
           AND r.work_date OPERATOR(pg_catalog.>=) ((from_time AT TIME ZONE 'UTC')::date OPERATOR(pg_catalog.-) 2)
           AND r.work_date OPERATOR(pg_catalog.<=) ((to_time AT TIME ZONE 'UTC')::date OPERATOR(pg_catalog.+) 1)
           AND r.instants OPERATOR(pg_catalog.&&) pg_catalog.tstzrange(bounds.first_slot, to_time)
    ), counted AS (
        SELECT bounds.first_slot OPERATOR(pg_catalog.+) pg_catalog.make_interval(mins => 30 * (k.k - 1)) AS slot_start,
               bounds.first_slot OPERATOR(pg_catalog.+) pg_catalog.make_interval(mins => 30 * k.k) AS slot_end,
               coalesce(on_line.counts[k.k], 0) AS rostered
          FROM bounds
         CROSS JOIN on_line
         CROSS JOIN LATERAL pg_catalog.generate_series(1, bounds.slots) AS k(k)
    ), rule_window AS (
        -- the hours of each rule on each local day whose hours can reach
        -- into the period (an overnight window ends the next day), as
        -- instants: a few shift_on calls, not two for every slot
        SELECT r.min_on_line, cs_policy.shift_on(r.hours, g.d::date, r.time_zone) AS instants
          FROM ROWS FROM (pg_catalog.unnest(rule_hours), pg_catalog.unnest(rule_minimum), pg_catalog.unnest(rule_zone),
                          pg_catalog.unnest(rule_days)) AS r(hours, min_on_line, time_zone, days)
         CROSS JOIN LATERAL pg_catalog.generate_series(((from_time AT TIME ZONE r.time_zone)::date OPERATOR(pg_catalog.-) 2)::timestamp,
                                                       (to_time AT TIME ZONE r.time_zone)::date::timestamp, interval '1 day') AS g(d)
         WHERE r.days OPERATOR(pg_catalog.@>) g.d::date
    ), need AS (
        -- the minimum of a slot: the highest of the rules whose hours hold
        -- the whole slot (from the first boundary at or after a window's
        -- start, the slots that end by its end)
        SELECT sl.slot_start, pg_catalog.max(w.min_on_line) AS required
          FROM rule_window w
         CROSS JOIN LATERAL pg_catalog.unnest(w.instants) AS piece(p)
         CROSS JOIN LATERAL pg_catalog.generate_series(
                  pg_catalog.date_bin('30 minutes', pg_catalog.lower(piece.p) OPERATOR(pg_catalog.+) interval '30 minutes'
                                                    OPERATOR(pg_catalog.-) interval '1 microsecond',
                                      timestamptz '2000-01-01 00:00+00'),
                  pg_catalog.upper(piece.p) OPERATOR(pg_catalog.-) interval '30 minutes', interval '30 minutes') AS sl(slot_start)
         GROUP BY sl.slot_start
    )
    SELECT counted.slot_start, counted.slot_end, counted.rostered, coalesce(need.required, 0),
           greatest(coalesce(need.required, 0) OPERATOR(pg_catalog.-) counted.rostered, 0)
      FROM counted
      LEFT JOIN need ON need.slot_start OPERATOR(pg_catalog.=) counted.slot_start
     ORDER BY counted.slot_start;
END
$$;
COMMENT ON FUNCTION cs_policy.coverage_of(bigint, timestamptz, timestamptz) IS
    'coverage() for a department_id';

CREATE FUNCTION cs_policy.coverage(department text, from_time timestamptz, to_time timestamptz)
RETURNS TABLE (slot_start timestamptz, slot_end timestamptz, rostered integer, required integer, shortfall integer)
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    dept cs_policy.department := cs_policy.department_by_code(department);
BEGIN
    -- coverage_of checks the period
    RETURN QUERY SELECT * FROM cs_policy.coverage_of(dept.department_id, from_time, to_time);
END
$$;
COMMENT ON FUNCTION cs_policy.coverage(text, timestamptz, timestamptz) IS
    'SH-3: for every 30 minutes from from_time to to_time: agents of the department and its subtree rostered for the whole slot, the minimum its staffing rules require, and the shortfall';

-- SH-4: rest days. A rest day is a local day on which the employee works
-- no minute of any shift (a night shift ending at 08:00 uses the next
-- morning) and that is not a public holiday of the shift policy's calendar.
CREATE FUNCTION cs_policy.rest_violations(month date)
RETURNS TABLE (employee_id bigint, employee_code text, employee_name text, period text,
               period_start date, period_end date, rest_days integer, required integer,
               rule_id text, explanation text)
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
DECLARE
    first_day date;
    last_day  date;
    week_from date;     -- the Monday of the week containing the 1st
    base      date;     -- the day of bit 0 of the masks below (the month and its first week fit in 64)
    all_days  bit(64) := ~ B'0'::bit(64);
    one_day   bit(64) := B'1'::bit(64);
    no_days   bit(64) := B'0'::bit(64);
BEGIN
    IF month IS NULL OR NOT isfinite(month) THEN
        RAISE EXCEPTION 'rest violations are found in a month: pass any day of it, not %', coalesce(month::text, 'NULL')
            USING ERRCODE = CASE WHEN month IS NULL THEN 'null_value_not_allowed' ELSE 'invalid_parameter_value' END,
                  HINT = 'e.g. rest_violations(current_date) (SH-4).';
    END IF;
    first_day := date_trunc('month', month)::date;
    last_day := (date_trunc('month', month) + interval '1 month - 1 day')::date;
    -- every week is checked once, with the month its Sunday falls in: the
    -- first of them may begin in the month before
    week_from := first_day - (extract(isodow FROM first_day)::integer - 1);
    base := week_from - 2;
    -- The people rostered in the month with the shift rules in force for
    -- them, the local days their shifts touch (grouped by employee, on the
    -- shards), then each day of the month worked or not: no query runs per
    -- row, so Citus plans it.
    RETURN QUERY
        WITH person AS (
            SELECT e.employee_id, e.code, e.name, c.name AS calendar, c.time_zone,
                   coalesce(pol.parameters,
                            cs_policy.merge_settings(dflt.settings, NULL, NULL, NULL, NULL, NULL)) AS settings
              FROM cs_policy.employee e
              LEFT JOIN cs_policy.policy_in_force pol
                     ON pol.department_id = e.department_id AND pol.area = 'shift' AND pol.in_force @> first_day
              LEFT JOIN cs_policy.preset_setting dflt ON dflt.preset IS NULL AND dflt.area = 'shift'
              JOIN cs_policy.calendar c
                ON c.name = coalesce(coalesce(pol.parameters, dflt.settings) ->> 'calendar', 'cn')
             WHERE e.employee_id IN (SELECT r.employee_id FROM cs_policy.roster r
                                      WHERE r.work_date BETWEEN week_from - 1 AND last_day)
        ), worked AS (
            -- the local days each person's shifts touch, as bits (bit k from
            -- the left: the day base + k; a night shift ending at 08:00 uses
            -- the next morning), OR-ed together per person. A shift lasts at
            -- most 24 hours, so its days are those from its first start to
            -- its last end (shift_local_days: two time zone conversions a
            -- shift, in C), and one row per person.
            -- (no LATERAL subquery: Citus cannot push one down)
            SELECT r.employee_id,
                   bit_or(cs_policy.shift_local_days(r.instants, p.time_zone, base))::bit(64) AS days
              FROM cs_policy.roster r
              JOIN person p ON p.employee_id = r.employee_id
             WHERE r.work_date BETWEEN week_from - 1 AND last_day AND NOT isempty(r.instants)
             GROUP BY r.employee_id
        ), holiday AS (
            -- each calendar's public holidays of the days checked, as bits
            SELECT cd.calendar,
                   bit_or(one_day >> (cd.day - base)) AS days
              FROM cs_policy.calendar_day cd
             WHERE cd.kind = 'holiday' AND cd.day BETWEEN week_from AND last_day
             GROUP BY cd.calendar
        ), span AS (
            -- the weeks (Monday to Sunday) that end in the month, and the month
            SELECT 'week of ' || to_char(m.monday, 'YYYY-MM-DD') AS period, m.monday AS period_start,
                   m.monday + 6 AS period_end, (all_days << 57) >> (m.monday - base) AS days,
                   7 AS length, 'rest_days_per_week' AS setting
              FROM (SELECT g.d::date AS monday
                      FROM generate_series(week_from, last_day - 6, interval '1 day') AS g(d)
                     WHERE extract(isodow FROM g.d) = 1) m
            UNION ALL
            SELECT 'month ' || to_char(first_day, 'YYYY-MM'), first_day, last_day,
                   (all_days << (63 - (last_day - first_day))) >> (first_day - base),
                   last_day - first_day + 1, 'rest_days_per_month'
        ), finding AS (
            -- a rest day is a day neither worked nor a public holiday
            SELECT p.employee_id, sp.period, sp.period_start, sp.period_end,
                   (sp.length - bit_count(sp.days & coalesce(h.days, no_days))
                              - bit_count(sp.days & coalesce(w.days, no_days) & ~coalesce(h.days, no_days)))::integer AS rest,
                   (p.settings ->> sp.setting)::integer AS required, p.settings
              FROM person p
             CROSS JOIN span sp
              -- (no row: rostered with every shift empty; no holiday this month)
              LEFT JOIN worked w ON w.employee_id = p.employee_id
              LEFT JOIN holiday h ON h.calendar = p.calendar
        )
        SELECT f.employee_id, p.code, p.name, f.period, f.period_start, f.period_end, f.rest, f.required, 'SH-4',
               format('%s rest day(s) in the %s, at least %s required (SH-4, %s); public holidays do not count',
                      f.rest, f.period, f.required, coalesce(f.settings ->> 'policy', 'default rules'))
          FROM finding f JOIN person p ON p.employee_id = f.employee_id
         WHERE f.rest < f.required
         ORDER BY p.code, f.period_start, f.period_end;
END
$$;
COMMENT ON FUNCTION cs_policy.rest_violations(date) IS
    'SH-4: everyone rostered in the month who has fewer rest days than the shift policy requires in a week (Monday to Sunday) that ends in the month (each week is checked once, with the month of its Sunday: a week that begins in the month before counts its days there too), or in the month; holidays do not count as rest days';
