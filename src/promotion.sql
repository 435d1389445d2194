-- src/promotion.sql: applications for a higher level and their approval
-- chains (PR-1, PR-2), confirmation at the end of probation (PR-3),
-- transfers of new staff (PR-5); grade and pay change only when the last
-- approver signs, and the history is kept (no C).

CREATE TYPE cs_policy.application_kind AS ENUM ('promotion', 'exceptional', 'confirmation', 'early_confirmation');
COMMENT ON TYPE cs_policy.application_kind IS
    'promotion (the next level, eligible), exceptional (PR-2: a level skipped, or not yet eligible, after a special review), confirmation (PR-3: probation ends), early_confirmation (PR-3: before it would end)';

-- Who signs each kind, in order (PR-1, PR-3).
CREATE TABLE cs_policy.approval_chain (
    kind   cs_policy.application_kind PRIMARY KEY,
    chain  text[] NOT NULL CHECK (pg_catalog.cardinality(chain) BETWEEN 1 AND 10
                                  AND chain OPERATOR(pg_catalog.<@) '{direct_superior,supervisor,deputy_manager,manager,hr,panel,director}'),
    rule_id text NOT NULL REFERENCES cs_policy.rule,
    note   text NOT NULL
);
COMMENT ON TABLE cs_policy.approval_chain IS 'The signatures each kind of application needs, in order (PR-1, PR-2, PR-3)';
COMMENT ON COLUMN cs_policy.approval_chain.kind IS 'Kind of application';
COMMENT ON COLUMN cs_policy.approval_chain.chain IS 'Roles that approve in turn: direct_superior (the manager of the applicant''s department), panel (HR records the speech and panel review, PR-2), or a role held over it';
COMMENT ON COLUMN cs_policy.approval_chain.rule_id IS 'The rule';
COMMENT ON COLUMN cs_policy.approval_chain.note IS 'The handbook''s words';
INSERT INTO cs_policy.approval_chain (kind, chain, rule_id, note) VALUES
    ('promotion', '{supervisor,deputy_manager,manager,director}', 'PR-1',
     '"报呼叫中心主管、副经理、经理和呼叫中心总监进行审批": supervisor, deputy manager, manager and director approve in turn'),
    ('exceptional', '{supervisor,deputy_manager,manager,director}', 'PR-2',
     'Exceptional contribution may skip a level after a special review: the same chain, the director''s signature being the special review (an inference)'),
    ('confirmation', '{direct_superior}', 'PR-3',
     'Probation ends with an application, a self-report and the direct superior''s review'),
    ('early_confirmation', '{manager,hr,director}', 'PR-3',
     'Made regular early with the special approval of the department manager, admin (read as HR) and the general manager (read as the director)');

CREATE TABLE cs_policy.promotion_application (
    employee_id    bigint NOT NULL REFERENCES cs_policy.employee,
    application_id bigint GENERATED ALWAYS AS IDENTITY,
    kind           cs_policy.application_kind NOT NULL,
    ladder         text,
    from_level     text,
    to_level       text,
    reason         text NOT NULL CHECK (pg_catalog.btrim(reason) OPERATOR(pg_catalog.<>) ''),
    chain          text[] NOT NULL,
    filed_at       timestamptz NOT NULL DEFAULT pg_catalog.now(),
    filed_by       bigint NOT NULL REFERENCES cs_policy.employee,
    state          text NOT NULL DEFAULT 'pending' CHECK (state OPERATOR(pg_catalog.=) ANY ('{pending,approved,refused}')),
    decided_at     timestamptz,
    decided_by     bigint REFERENCES cs_policy.employee,
    refusal_reason text,
    -- PR-1: the grading period (its first day) of the round it was filed in
    graded_in      date,
    PRIMARY KEY (employee_id, application_id),
    CHECK ((state OPERATOR(pg_catalog.=) 'pending') OPERATOR(pg_catalog.=) (decided_at IS NULL)),
    CHECK ((state OPERATOR(pg_catalog.=) 'refused') OPERATOR(pg_catalog.=) (refusal_reason IS NOT NULL)),
    CHECK ((kind OPERATOR(pg_catalog.=) ANY ('{promotion,exceptional}')) OPERATOR(pg_catalog.=) (to_level IS NOT NULL))
);
CREATE UNIQUE INDEX promotion_application_one_pending ON cs_policy.promotion_application (employee_id)
    WHERE state OPERATOR(pg_catalog.=) 'pending';
COMMENT ON TABLE cs_policy.promotion_application IS
    'Applications for a higher level or to end probation, with the chain of signatures fixed when filed (PR-1, PR-2, PR-3); one pending per employee. Change through file_promotion_application, file_confirmation, approve_application, refuse_application';
COMMENT ON COLUMN cs_policy.promotion_application.employee_id IS 'The applicant (the distribution column)';
COMMENT ON COLUMN cs_policy.promotion_application.application_id IS 'Surrogate key';
COMMENT ON COLUMN cs_policy.promotion_application.kind IS 'promotion, exceptional, confirmation or early_confirmation';
COMMENT ON COLUMN cs_policy.promotion_application.ladder IS 'The ladder of the applicant''s promotion policy';
COMMENT ON COLUMN cs_policy.promotion_application.from_level IS 'Level when filed';
COMMENT ON COLUMN cs_policy.promotion_application.to_level IS 'Level applied for (promotions)';
COMMENT ON COLUMN cs_policy.promotion_application.reason IS 'The application''s case (the self-report of a confirmation)';
COMMENT ON COLUMN cs_policy.promotion_application.chain IS 'Who signs, in order';
COMMENT ON COLUMN cs_policy.promotion_application.filed_at IS 'When filed';
COMMENT ON COLUMN cs_policy.promotion_application.filed_by IS 'employee_id of who filed it: the applicant or the head of the department';
COMMENT ON COLUMN cs_policy.promotion_application.state IS 'pending, approved or refused';
COMMENT ON COLUMN cs_policy.promotion_application.decided_at IS 'When the last signature or the refusal came';
COMMENT ON COLUMN cs_policy.promotion_application.decided_by IS 'employee_id of who decided it';
COMMENT ON COLUMN cs_policy.promotion_application.refusal_reason IS 'Why it was refused';
COMMENT ON COLUMN cs_policy.promotion_application.graded_in IS 'PR-1: first day of the grading period whose round took it (ladders graded once a quarter); NULL otherwise';
SELECT pg_catalog.pg_extension_config_dump('cs_policy.promotion_application', '');
SELECT pg_catalog.pg_extension_config_dump('cs_policy.promotion_application_application_id_seq', '');

CREATE TABLE cs_policy.application_approval (
    employee_id    bigint NOT NULL,
    application_id bigint NOT NULL,
    step           integer NOT NULL CHECK (step OPERATOR(pg_catalog.>=) 1),
    role           text NOT NULL,
    approved_by    bigint NOT NULL REFERENCES cs_policy.employee,
    approved_at    timestamptz NOT NULL DEFAULT pg_catalog.now(),
    -- PR-2: what the speech and panel review found (a panel step has one)
    finding        text CHECK (pg_catalog.btrim(finding) OPERATOR(pg_catalog.<>) ''),
    PRIMARY KEY (employee_id, application_id, step),
    FOREIGN KEY (employee_id, application_id) REFERENCES cs_policy.promotion_application
);
COMMENT ON TABLE cs_policy.application_approval IS 'Each signature of an application, in the order of its chain';
COMMENT ON COLUMN cs_policy.application_approval.employee_id IS 'The applicant (the distribution column)';
COMMENT ON COLUMN cs_policy.application_approval.application_id IS 'The application';
COMMENT ON COLUMN cs_policy.application_approval.step IS 'Position in the chain, from 1';
COMMENT ON COLUMN cs_policy.application_approval.role IS 'The role that signed';
COMMENT ON COLUMN cs_policy.application_approval.approved_by IS 'employee_id of who signed';
COMMENT ON COLUMN cs_policy.application_approval.approved_at IS 'When';
COMMENT ON COLUMN cs_policy.application_approval.finding IS 'What the signer found: the panel''s scores and conclusion on a panel step (PR-2), else optional';
SELECT pg_catalog.pg_extension_config_dump('cs_policy.application_approval', '');

-- Every change of grade, pay, probation or department, never changed.
CREATE TABLE cs_policy.career_history (
    employee_id     bigint NOT NULL REFERENCES cs_policy.employee,
    change_id       bigint GENERATED ALWAYS AS IDENTITY,
    changed_at      timestamptz NOT NULL DEFAULT pg_catalog.now(),
    kind            text NOT NULL CHECK (kind OPERATOR(pg_catalog.=) ANY ('{promotion,confirmation,transfer}')),
    from_level      text,
    to_level        text,
    from_pay        numeric(12,2),
    to_pay          numeric(12,2),
    from_department bigint REFERENCES cs_policy.department,
    to_department   bigint REFERENCES cs_policy.department,
    application_id  bigint,
    signed_by       bigint NOT NULL REFERENCES cs_policy.employee,
    note            text,
    PRIMARY KEY (employee_id, change_id)
);
COMMENT ON TABLE cs_policy.career_history IS 'Every promotion, confirmation and transfer with the grade, pay and department before and after, and who signed last';
COMMENT ON COLUMN cs_policy.career_history.employee_id IS 'The employee (the distribution column)';
COMMENT ON COLUMN cs_policy.career_history.change_id IS 'Surrogate key';
COMMENT ON COLUMN cs_policy.career_history.changed_at IS 'When';
COMMENT ON COLUMN cs_policy.career_history.kind IS 'promotion, confirmation or transfer';
COMMENT ON COLUMN cs_policy.career_history.from_level IS 'Grade before';
COMMENT ON COLUMN cs_policy.career_history.to_level IS 'Grade after';
COMMENT ON COLUMN cs_policy.career_history.from_pay IS 'Monthly wage before';
COMMENT ON COLUMN cs_policy.career_history.to_pay IS 'Monthly wage after';
COMMENT ON COLUMN cs_policy.career_history.from_department IS 'Department before (transfers)';
COMMENT ON COLUMN cs_policy.career_history.to_department IS 'Department after (transfers)';
COMMENT ON COLUMN cs_policy.career_history.application_id IS 'The application approved';
COMMENT ON COLUMN cs_policy.career_history.signed_by IS 'employee_id of the last signature';
COMMENT ON COLUMN cs_policy.career_history.note IS 'What was decided';
SELECT pg_catalog.pg_extension_config_dump('cs_policy.career_history', '');
SELECT pg_catalog.pg_extension_config_dump('cs_policy.career_history_change_id_seq', '');

-- PR-1: a ladder graded once a quarter (career_ladder.grading_months)
-- takes applications for a higher grade only in a grading round, which HR
-- opens for a department and everything below it, once per grading period.
CREATE TABLE cs_policy.grading_round (
    department_id bigint NOT NULL REFERENCES cs_policy.department,
    ladder        text NOT NULL REFERENCES cs_policy.career_ladder,
    period_first  date NOT NULL,
    opens_on      date NOT NULL,
    closes_on     date NOT NULL,
    opened_by     bigint NOT NULL REFERENCES cs_policy.employee,
    opened_at     timestamptz NOT NULL DEFAULT pg_catalog.now(),
    PRIMARY KEY (department_id, ladder, period_first),
    CHECK (period_first OPERATOR(pg_catalog.<=) opens_on AND opens_on OPERATOR(pg_catalog.<=) closes_on)
);
COMMENT ON TABLE cs_policy.grading_round IS
    'PR-1: the grading rounds of ladders graded once a quarter: applications for a higher grade are taken from opens_on to closes_on, from the department and everything below it; one round per person and grading period. Change through open_grading';
COMMENT ON COLUMN cs_policy.grading_round.department_id IS 'The department graded, with its subtree';
COMMENT ON COLUMN cs_policy.grading_round.ladder IS 'The ladder (of the department''s promotion policy on opens_on)';
COMMENT ON COLUMN cs_policy.grading_round.period_first IS 'First day of the grading period (the quarter) the round belongs to';
COMMENT ON COLUMN cs_policy.grading_round.opens_on IS 'First day applications are taken';
COMMENT ON COLUMN cs_policy.grading_round.closes_on IS 'Last day applications are taken (within the grading period)';
COMMENT ON COLUMN cs_policy.grading_round.opened_by IS 'employee_id of who opened it (HR or the director)';
COMMENT ON COLUMN cs_policy.grading_round.opened_at IS 'When';
SELECT pg_catalog.pg_extension_config_dump('cs_policy.grading_round', '');

-- The first day of the grading period of so many months that holds a day
-- (periods aligned on the year: 3 months are the calendar quarters).
CREATE FUNCTION cs_policy.grading_period_first(day date, months integer)
RETURNS date
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN pg_catalog.make_date(pg_catalog.date_part('year', day)::integer,
                            ((pg_catalog.date_part('month', day)::integer OPERATOR(pg_catalog.-) 1)
                             OPERATOR(pg_catalog./) months OPERATOR(pg_catalog.*) months) OPERATOR(pg_catalog.+) 1, 1);
COMMENT ON FUNCTION cs_policy.grading_period_first(date, integer) IS
    'First day of the grading period of that many months (aligned on the year) that holds the day: (2026-11-20, 3) -> 2026-10-01';

CREATE FUNCTION cs_policy.open_grading(department text, closes_on date, opens_on date DEFAULT CURRENT_DATE,
                                       acting_as text DEFAULT NULL)
RETURNS text
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    audit_grading_round cs_policy.grading_round;
    actor  cs_policy.employee := cs_policy.acting_employee(acting_as);
    scope  cs_policy.department := cs_policy.department_by_code(department);
    ladder_name text;
    months integer;
    first_day date;
    clash  record;
    after_row jsonb;
BEGIN
    IF NOT (actor.active AND actor.role IN ('hr', 'director') AND actor.department_id = ANY (scope.path)) THEN
        RAISE EXCEPTION '% may not open a grading round for %', actor.code, scope.code
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = 'PR-1: grading rounds are opened by HR or the director over the department.';
    END IF;
    IF opens_on IS NULL OR closes_on IS NULL THEN
        RAISE EXCEPTION 'a grading round has a first and a last day' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF NOT isfinite(opens_on) OR NOT isfinite(closes_on) OR opens_on < current_date OR closes_on < opens_on THEN
        RAISE EXCEPTION 'a grading round cannot run from % to %', opens_on, closes_on
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'It opens today or later and closes on or after the day it opens.';
    END IF;
    SELECT cs_policy.ladder_of(f.settings, f.preset), l.grading_months INTO ladder_name, months
      FROM cs_policy.policy_in_force f LEFT JOIN cs_policy.career_ladder l ON l.ladder = cs_policy.ladder_of(f.settings, f.preset)
     WHERE f.department_id = scope.department_id AND f.area = 'promotion' AND f.in_force @> opens_on;
    IF months IS NULL THEN
        RAISE EXCEPTION 'the grades of % are not assessed in rounds', scope.code
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = format('The promotion policy in force on %s names ladder %s, which takes applications at any time.',
                                  opens_on, coalesce(ladder_name, 'none')),
                  HINT = 'SELECT ladder, grading_months FROM cs_policy.career_ladder shows which ladders are graded in rounds.';
    END IF;
    first_day := cs_policy.grading_period_first(opens_on, months);
    IF closes_on >= (first_day + make_interval(months => months))::date THEN
        RAISE EXCEPTION 'a grading round of % closes within its grading period, by %', first_day,
                        (first_day + make_interval(months => months) - interval '1 day')::date
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = format('PR-1: ladder %s is graded once every %s months.', ladder_name, months);
    END IF;
    -- one round per person and period: none for the department, one above
    -- it or one below it
    PERFORM pg_advisory_xact_lock(hashtext('cs_policy.grading_round'), hashtext(ladder_name || ':' || first_day));
    SELECT d.code, r.opens_on, r.closes_on INTO clash
      FROM cs_policy.grading_round r JOIN cs_policy.department d ON d.department_id = r.department_id
     WHERE r.ladder = ladder_name AND r.period_first = first_day
       AND (r.department_id = ANY (scope.path) OR scope.department_id = ANY (d.path));
    IF FOUND THEN
        RAISE EXCEPTION 'the grading of % for the period from % is held already', scope.code, first_day
            USING ERRCODE = 'unique_violation',
                  DETAIL = format('PR-1: grading is held once a period; the round of %s runs from %s to %s.',
                                  clash.code, clash.opens_on, clash.closes_on);
    END IF;
    INSERT INTO cs_policy.grading_round AS r (department_id, ladder, period_first, opens_on, closes_on, opened_by)
    VALUES (scope.department_id, ladder_name, first_day, opens_on, closes_on, actor.employee_id)
    RETURNING r.* INTO audit_grading_round;
    after_row := to_jsonb(audit_grading_round);
    PERFORM cs_policy.audit(actor.employee_id, 'open_grading', 'grading_round', NULL, after_row);
    RETURN format('grading of %s on ladder %s for the period from %s: applications from %s to %s',
                  scope.code, ladder_name, first_day, opens_on, closes_on);
END
$$;
COMMENT ON FUNCTION cs_policy.open_grading(text, date, date, text) IS
    'PR-1: HR or the director opens the grading round of a department (and its subtree) for the grading period holding opens_on, on the ladder of its promotion policy; applications for a higher grade are taken from opens_on to closes_on; once per period for anyone (23505); ladders without grading periods refuse it (55000)';
REVOKE EXECUTE ON FUNCTION cs_policy.open_grading(text, date, date, text) FROM PUBLIC;

-- ------------------------------------------------------------- helpers

-- May this person sign this step of the applicant's chain?
CREATE FUNCTION cs_policy.may_sign(signer cs_policy.employee, role text, applicant cs_policy.employee,
                                   department cs_policy.department)
RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN coalesce(signer.active AND signer.employee_id OPERATOR(pg_catalog.<>) applicant.employee_id
       AND department.department_id OPERATOR(pg_catalog.=) applicant.department_id
       AND CASE may_sign.role
               WHEN 'direct_superior' THEN department.manager_id OPERATOR(pg_catalog.=) signer.employee_id
                                           OR cs_policy.in_charge_of(signer, department.path)
               -- PR-2: HR organises the speech and panel review and records it
               WHEN 'panel' THEN signer.role OPERATOR(pg_catalog.=) 'hr'
                                 AND signer.department_id OPERATOR(pg_catalog.=) ANY (department.path)
               ELSE signer.role::text OPERATOR(pg_catalog.=) may_sign.role
                    AND signer.department_id OPERATOR(pg_catalog.=) ANY (department.path) END, false);
COMMENT ON FUNCTION cs_policy.may_sign(cs_policy.employee, text, cs_policy.employee, cs_policy.department) IS
    'True when the signer holds the role over the applicant''s department (given: its department or one above; direct_superior: the department''s manager or a supervisor and above over it; panel: HR over it), and is not the applicant';

CREATE FUNCTION cs_policy.may_sign(signer cs_policy.employee, role text, applicant cs_policy.employee)
RETURNS boolean
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RETURN coalesce((SELECT cs_policy.may_sign(signer, role, applicant, ROW(d.*)::cs_policy.department) FROM cs_policy.department d
                      WHERE d.department_id = applicant.department_id), false);
END
$$;
COMMENT ON FUNCTION cs_policy.may_sign(cs_policy.employee, text, cs_policy.employee) IS
    'True when the signer holds the role over the applicant''s department (its department or one above; direct_superior: the department''s manager or a supervisor and above over it), and is not the applicant';

CREATE FUNCTION cs_policy.who_may_sign(role text, applicant cs_policy.employee)
RETURNS text
LANGUAGE plpgsql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    RETURN (
        SELECT coalesce(string_agg(e.code || ' ' || e.name, ', ' ORDER BY e.code),
                        'nobody (no ' || who_may_sign.role || ' is recorded over the department)')
          FROM cs_policy.employee e, cs_policy.department d
         WHERE d.department_id = applicant.department_id
           AND cs_policy.may_sign(ROW(e.*)::cs_policy.employee, who_may_sign.role, applicant, ROW(d.*)::cs_policy.department));
END
$$;
COMMENT ON FUNCTION cs_policy.who_may_sign(text, cs_policy.employee) IS 'Who may sign a step, for error messages';

CREATE FUNCTION cs_policy.application_by_id(application_id bigint)
RETURNS cs_policy.promotion_application
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    its_employee bigint;
    hit cs_policy.promotion_application;
BEGIN
    -- by employee_id first: on Citus a row lock must name its shard
    SELECT a.employee_id INTO its_employee FROM cs_policy.promotion_application a WHERE a.application_id = application_by_id.application_id;
    SELECT * INTO hit FROM cs_policy.promotion_application a
     WHERE a.employee_id = its_employee AND a.application_id = application_by_id.application_id FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'application % does not exist', coalesce(application_id::text, 'NULL') USING ERRCODE = 'no_data_found';
    END IF;
    PERFORM cs_policy.check_sees(hit.employee_id, format('application %s', application_id));
    RETURN hit;
END
$$;
REVOKE EXECUTE ON FUNCTION cs_policy.application_by_id(bigint) FROM PUBLIC;
COMMENT ON FUNCTION cs_policy.application_by_id(bigint) IS 'The application, locked; P0002 if there is none';

-- ------------------------------------------------------------ commands

-- PR-1, PR-2: the applicant or the head of the department files; a
-- promotion needs the applicant eligible for the next level today, an
-- exceptional one may skip levels and is judged by its chain.
CREATE FUNCTION cs_policy.file_promotion_application(employee text, reason text, to_level text DEFAULT NULL,
                                                     exceptional boolean DEFAULT false, acting_as text DEFAULT NULL)
RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    audit_promotion_application cs_policy.promotion_application;
    actor     cs_policy.employee := cs_policy.acting_employee(acting_as);
    person    cs_policy.employee := cs_policy.employee_by_code(employee);
    ladder_name text;
    cur       cs_policy.career_level;
    target    cs_policy.career_level;
    missing   text;
    months    integer;
    open_round cs_policy.grading_round;
    earlier   record;
    app_kind  cs_policy.application_kind := CASE WHEN exceptional THEN 'exceptional' ELSE 'promotion' END;
    new_id    bigint;
    after_row jsonb;
BEGIN
    IF actor.employee_id <> person.employee_id AND NOT cs_policy.in_charge_of(actor, person.department_id)
       AND NOT EXISTS (SELECT 1 FROM cs_policy.department d WHERE d.department_id = person.department_id
                                                           AND d.manager_id = actor.employee_id) THEN
        RAISE EXCEPTION '% may not file an application for %', actor.code, person.code
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = 'PR-1: a qualified employee applies, or the head of the department recommends (PR-2).';
    END IF;
    IF reason IS NULL OR btrim(reason) = '' THEN
        RAISE EXCEPTION 'an application states its case' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    ladder_name := (SELECT cs_policy.ladder_of(x.settings, x.preset)
                     FROM cs_policy.policy_for(person.employee_id, current_date, 'promotion') x);
    SELECT * INTO cur FROM cs_policy.career_level l
     WHERE l.ladder = ladder_name AND l.position = cs_policy.career_position(l.ladder, person.grade);
    IF NOT FOUND THEN
        RAISE EXCEPTION '% has no place on a career ladder', person.code
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = format('Grade %s; ladder of the promotion policy in force: %s.', coalesce(person.grade, 'none'), coalesce(ladder_name, 'none'));
    END IF;
    SELECT * INTO target FROM cs_policy.career_level l
     WHERE l.ladder = cur.ladder AND (l.level = to_level OR (to_level IS NULL AND l.position = cur.position + 1));
    IF NOT FOUND OR target.position <= cur.position THEN
        RAISE EXCEPTION '% is not a level above % on ladder %', coalesce(to_level, '(the next)'), cur.level, cur.ladder
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'SELECT level FROM cs_policy.career_level WHERE ladder = ' || quote_literal(cur.ladder) || ' ORDER BY position';
    END IF;
    IF NOT exceptional THEN
        -- PR-2: who files for the level: the department head recommends
        -- (service_ladder_2023 middle, senior), or the person applies
        -- (reserve supervisor, the head's recommendation being the first
        -- signature)
        IF target.filed_by = 'head' AND actor.employee_id = person.employee_id THEN
            RAISE EXCEPTION 'promotion to % is on the department head''s recommendation', target.level
                USING ERRCODE = 'insufficient_privilege',
                      DETAIL = format('PR-2: on ladder %s the head of the department recommends a candidate for %s; the candidate does not apply.',
                                      cur.ladder, target.level),
                      HINT = 'The head of the department files the application for the candidate.';
        ELSIF target.filed_by = 'applicant' AND actor.employee_id <> person.employee_id THEN
            RAISE EXCEPTION '% applies for % in person', person.code, target.level
                USING ERRCODE = 'insufficient_privilege',
                      DETAIL = format('PR-2: on ladder %s the candidate for %s applies, after the head''s recommendation (the first signature).',
                                      cur.ladder, target.level);
        END IF;
        -- PR-2: one level at a time
        IF target.position > cur.position + 1 THEN
            RAISE EXCEPTION 'promotion is one level at a time: % -> % skips a level', cur.level, target.level
                USING ERRCODE = 'check_violation',
                      DETAIL = 'PR-2: only exceptional contribution may skip a level, after a special review.',
                      HINT = 'File it with exceptional => true; the chain then decides.';
        END IF;
        -- PR-1: a ladder graded once a quarter takes applications in its
        -- grading round only, once per person and period (an exceptional
        -- application is the special review, at any time)
        SELECT l.grading_months INTO months FROM cs_policy.career_ladder l WHERE l.ladder = cur.ladder;
        IF months IS NOT NULL THEN
            SELECT r.* INTO open_round FROM cs_policy.grading_round r JOIN cs_policy.department d ON d.department_id = person.department_id
             WHERE r.ladder = cur.ladder AND r.department_id = ANY (d.path)
               AND current_date BETWEEN r.opens_on AND r.closes_on;
            IF NOT FOUND THEN
                RAISE EXCEPTION 'no grading round is open for % today', person.code
                    USING ERRCODE = 'object_not_in_prerequisite_state',
                          DETAIL = format('PR-1: ladder %s is graded once every %s months, in a round opened by HR; %s.', cur.ladder, months,
                                          coalesce((SELECT format('the last round for %s ran from %s to %s', d.code, r.opens_on, r.closes_on)
                                                      FROM cs_policy.grading_round r JOIN cs_policy.department d ON d.department_id = r.department_id
                                                      JOIN cs_policy.department home ON home.department_id = person.department_id
                                                     WHERE r.ladder = cur.ladder AND r.department_id = ANY (home.path) AND r.opens_on <= current_date
                                                     ORDER BY r.opens_on DESC LIMIT 1),
                                                   (SELECT format('the next round for %s runs from %s to %s', d.code, r.opens_on, r.closes_on)
                                                      FROM cs_policy.grading_round r JOIN cs_policy.department d ON d.department_id = r.department_id
                                                      JOIN cs_policy.department home ON home.department_id = person.department_id
                                                     WHERE r.ladder = cur.ladder AND r.department_id = ANY (home.path) AND r.opens_on > current_date
                                                     ORDER BY r.opens_on LIMIT 1),
                                                   'no round has been opened')),
                          HINT = 'HR opens one with cs_policy.open_grading(department, closes_on); an exceptional application (exceptional => true) is not bound to it.';
            END IF;
            SELECT a.application_id, a.state INTO earlier FROM cs_policy.promotion_application a
             WHERE a.employee_id = person.employee_id AND a.graded_in = open_round.period_first;
            IF FOUND THEN
                RAISE EXCEPTION '% was graded in the period from % already', person.code, open_round.period_first
                    USING ERRCODE = 'object_not_in_prerequisite_state',
                          DETAIL = format('PR-1: grading is held once a quarter; application %s of this period is %s.',
                                          earlier.application_id, earlier.state),
                          HINT = 'The next grading round takes a new application.';
            END IF;
        END IF;
        SELECT string_agg(format('%s%s: %s, needs %s%s', c.criterion, coalesce(' ' || c.param, ''),
                                 coalesce(c.actual::text, 'no figures'),
                                 CASE WHEN cs_policy.criterion_is_a_ceiling(c.criterion) THEN 'at most ' ELSE '' END, c.required),
                          '; ' ORDER BY c.criterion, c.param)
          INTO missing
          FROM cs_policy.promotion_check(person.employee_id, current_date) c WHERE NOT c.met;
        IF missing IS NOT NULL THEN
            RAISE EXCEPTION '% is not eligible for %', person.code, target.level
                USING ERRCODE = 'check_violation',
                      DETAIL = 'PR-1: only a qualified employee applies. Not met: ' || missing || '.',
                      HINT = 'SELECT * FROM cs_policy.promotion_check(employee_id, current_date) shows every criterion.';
        END IF;
    END IF;
    INSERT INTO cs_policy.promotion_application AS a (employee_id, kind, ladder, from_level, to_level, reason, chain, filed_by, graded_in)
    SELECT person.employee_id, app_kind, cur.ladder, cur.level, target.level, reason,
           -- the level's own chain (reserve supervisor: recommendation, panel, director)
           CASE WHEN app_kind = 'promotion' THEN coalesce(target.chain, c.chain) ELSE c.chain END,
           actor.employee_id, open_round.period_first
      FROM cs_policy.approval_chain c WHERE c.kind = app_kind
    RETURNING a.* INTO audit_promotion_application;
    new_id := audit_promotion_application.application_id;
    after_row := to_jsonb(audit_promotion_application);
    PERFORM cs_policy.audit(actor.employee_id, 'file_promotion_application', 'promotion_application', NULL, after_row);
    RETURN new_id;
EXCEPTION WHEN unique_violation THEN
    RAISE EXCEPTION '% has an application pending already', person.code
        USING ERRCODE = 'unique_violation', HINT = 'It is approved or refused first.';
END
$$;
COMMENT ON FUNCTION cs_policy.file_promotion_application(text, text, text, boolean, text) IS
    'PR-1, PR-2: files an application for the next level (by the applicant or the head of the department, as the level''s filed_by says; 42501 otherwise), signed by the level''s chain or the kind''s, refused (23514, listing what is not met) unless eligible today; on a ladder graded once a quarter only while a grading round is open for the department, once per period (55000); exceptional => true may skip levels, at any time, judged by its chain; returns application_id';
REVOKE EXECUTE ON FUNCTION cs_policy.file_promotion_application(text, text, text, boolean, text) FROM PUBLIC;

-- PR-3: probation ends with an application and a self-report, reviewed
-- by the direct superior; before its end only with the special approval
-- of the manager, HR and the director.
CREATE FUNCTION cs_policy.file_confirmation(self_report text, acting_as text DEFAULT NULL)
RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    audit_promotion_application cs_policy.promotion_application;
    person cs_policy.employee := cs_policy.acting_employee(acting_as);
    app_kind cs_policy.application_kind;
    missing text;
    new_id bigint;
    after_row jsonb;
BEGIN
    IF person.probation_ends IS NULL OR person.probation_ends < current_date - 1 THEN
        RAISE EXCEPTION '% is not on probation', person.code USING ERRCODE = 'object_not_in_prerequisite_state';
    END IF;
    IF self_report IS NULL OR btrim(self_report) = '' THEN
        RAISE EXCEPTION 'a confirmation is applied for with a self-report'
            USING ERRCODE = 'null_value_not_allowed', DETAIL = 'PR-3: an application, a self-report and the direct superior''s review.';
    END IF;
    app_kind := CASE WHEN current_date < person.probation_ends THEN 'early_confirmation' ELSE 'confirmation' END;
    -- PR-3: the confirm criteria of the level (callcenter_2012's trainee:
    -- the onboarding exam, the figures and 3 to 6 months, PR-1); made
    -- regular early, the special approval is the review
    IF app_kind = 'confirmation' THEN
        SELECT string_agg(format('%s%s: %s, needs %s%s', c.criterion, coalesce(' ' || c.param, ''),
                                 coalesce(c.actual::text, 'no figures'),
                                 CASE WHEN cs_policy.criterion_is_a_ceiling(c.criterion) THEN 'at most ' ELSE '' END, c.required),
                          '; ' ORDER BY c.criterion, c.param)
          INTO missing
          FROM cs_policy.confirmation_check(person.employee_id, current_date) c WHERE NOT c.met;
        IF missing IS NOT NULL THEN
            RAISE EXCEPTION '% does not meet the criteria of being made regular', person.code
                USING ERRCODE = 'check_violation',
                      DETAIL = 'PR-3: the direct superior reviews an applicant who meets them. Not met: ' || missing || '.',
                      HINT = 'SELECT * FROM cs_policy.confirmation_check(employee_id, current_date) shows every criterion.';
        END IF;
    END IF;
    INSERT INTO cs_policy.promotion_application AS a (employee_id, kind, from_level, reason, chain, filed_by)
    SELECT person.employee_id, app_kind, person.grade, self_report, c.chain, person.employee_id
      FROM cs_policy.approval_chain c WHERE c.kind = app_kind
    RETURNING a.* INTO audit_promotion_application;
    new_id := audit_promotion_application.application_id;
    after_row := to_jsonb(audit_promotion_application);
    PERFORM cs_policy.audit(person.employee_id, 'file_confirmation', 'promotion_application', NULL, after_row);
    RETURN new_id;
EXCEPTION WHEN unique_violation THEN
    RAISE EXCEPTION '% has an application pending already', person.code USING ERRCODE = 'unique_violation';
END
$$;
COMMENT ON FUNCTION cs_policy.file_confirmation(text, text) IS
    'PR-3: the acting employee on probation applies to be made regular with a self-report: reviewed by the direct superior, refused (23514, naming what is not met) unless the level''s confirm criteria are met (confirmation_check); before probation ends (early_confirmation) signed by the manager, HR and the director, the special approval being the review; returns application_id';
REVOKE EXECUTE ON FUNCTION cs_policy.file_confirmation(text, text) FROM PUBLIC;

-- The next signature; the last one changes grade and pay (or ends
-- probation) in the same transaction and writes the history.
CREATE FUNCTION cs_policy.approve_application(application_id bigint, finding text DEFAULT NULL, acting_as text DEFAULT NULL)
RETURNS text
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
-- It reads shards, then writes a shared (reference) table: on Citus its
-- multi-shard reads must then take one connection per node (without Citus
-- the setting is an unused placeholder).
SET citus.multi_shard_modify_mode = sequential
AS $$
DECLARE
    audit_career_history cs_policy.career_history;
    audit_employee cs_policy.employee;
    audit_promotion_application cs_policy.promotion_application;
    audit_application_approval cs_policy.application_approval;
    actor  cs_policy.employee := cs_policy.acting_employee(acting_as);
    app    cs_policy.promotion_application := cs_policy.application_by_id(application_id);
    person cs_policy.employee;
    step   integer;
    role   text;
    target cs_policy.career_level;
    pay    numeric;
    after_row jsonb;
BEGIN
    IF app.state <> 'pending' THEN
        RAISE EXCEPTION 'application % is % already', app.application_id, app.state USING ERRCODE = 'object_not_in_prerequisite_state';
    END IF;
    SELECT * INTO STRICT person FROM cs_policy.employee e WHERE e.employee_id = app.employee_id FOR UPDATE;
    SELECT count(*) + 1 INTO step FROM cs_policy.application_approval a
     WHERE a.employee_id = app.employee_id AND a.application_id = app.application_id;
    role := app.chain[step];
    IF NOT cs_policy.may_sign(actor, role, person) THEN
        RAISE EXCEPTION '% may not sign step % of application % (%)', actor.code, step, app.application_id, replace(role, '_', ' ')
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = format('%s: the chain is %s, signed so far by %s.',
                                  (SELECT c.rule_id FROM cs_policy.approval_chain c WHERE c.kind = app.kind),
                                  array_to_string(app.chain, ' -> '),
                                  coalesce((SELECT string_agg(a.role, ', ' ORDER BY a.step) FROM cs_policy.application_approval a
                                             WHERE a.employee_id = app.employee_id AND a.application_id = app.application_id), 'nobody')),
                  HINT = format('The %s over %s''s department signs now: %s.', replace(role, '_', ' '), person.code,
                                cs_policy.who_may_sign(role, person));
    END IF;
    IF role = 'panel' AND (finding IS NULL OR btrim(finding) = '') THEN
        RAISE EXCEPTION 'the panel step of application % records the panel''s finding', app.application_id
            USING ERRCODE = 'null_value_not_allowed',
                  DETAIL = 'PR-2: the candidate''s speech, the panel''s scores and its questions are reviewed; the signature says what was found.',
                  HINT = 'approve_application(id, finding => ''speech 86, panel 88 / 90 / 84: recommended'')';
    END IF;
    INSERT INTO cs_policy.application_approval AS x (employee_id, application_id, step, role, approved_by, finding)
    VALUES (app.employee_id, app.application_id, step, role, actor.employee_id, nullif(btrim(finding), ''))
    RETURNING x.* INTO audit_application_approval;
    after_row := to_jsonb(audit_application_approval);
    PERFORM cs_policy.audit(actor.employee_id, 'approve_application', 'application_approval', NULL, after_row);
    IF step < cardinality(app.chain) THEN
        RETURN format('signed %s of %s; next: %s', step, cardinality(app.chain), replace(app.chain[step + 1], '_', ' '));
    END IF;

    UPDATE cs_policy.promotion_application a SET state = 'approved', decided_at = now(), decided_by = actor.employee_id
     WHERE a.employee_id = app.employee_id AND a.application_id = app.application_id
    RETURNING a.* INTO audit_promotion_application;
    after_row := to_jsonb(audit_promotion_application);
    PERFORM cs_policy.audit(actor.employee_id, 'approve_application', 'promotion_application', to_jsonb(app), after_row);
    IF app.kind IN ('promotion', 'exceptional') THEN
        SELECT * INTO STRICT target FROM cs_policy.career_level l WHERE l.ladder = app.ladder AND l.level = app.to_level;
        pay := coalesce(target.pay, person.monthly_wage);
        -- PR-1: the new grade's pay from today (a grade without pay keeps the wage)
        IF target.pay IS NOT NULL THEN
            PERFORM cs_policy.record_wage(person, pay, round(pay / 21.75, 2),
                                          greatest(current_date, person.hired_on), NULL, 'approve_application');
        END IF;
        UPDATE cs_policy.employee e
           SET grade = app.to_level, monthly_wage = pay,
               daily_wage = CASE WHEN target.pay IS NULL THEN e.daily_wage ELSE round(pay / 21.75, 2) END
         WHERE e.employee_id = person.employee_id
        RETURNING e.* INTO audit_employee;
        after_row := to_jsonb(audit_employee);
        PERFORM cs_policy.audit(actor.employee_id, 'approve_application', 'employee', to_jsonb(person), after_row);
        INSERT INTO cs_policy.career_history AS h (employee_id, kind, from_level, to_level, from_pay, to_pay, application_id, signed_by, note)
        VALUES (person.employee_id, 'promotion', person.grade, app.to_level, person.monthly_wage, pay, app.application_id,
                actor.employee_id, app.kind || ' approved by ' || array_to_string(app.chain, ', '))
        RETURNING h.* INTO audit_career_history;
        after_row := to_jsonb(audit_career_history);
        PERFORM cs_policy.audit(actor.employee_id, 'approve_application', 'career_history', NULL, after_row);
        -- (not the pay: the approver may not read it, SEC-2)
        RETURN format('approved: %s is %s from now', person.code, app.to_level);
    END IF;
    UPDATE cs_policy.employee e SET probation_ends = greatest(e.hired_on, least(e.probation_ends, current_date - 1))
     WHERE e.employee_id = person.employee_id
    RETURNING e.* INTO audit_employee;
    after_row := to_jsonb(audit_employee);
    PERFORM cs_policy.audit(actor.employee_id, 'approve_application', 'employee', to_jsonb(person), after_row);
    INSERT INTO cs_policy.career_history AS h (employee_id, kind, from_level, to_level, from_pay, to_pay, application_id, signed_by, note)
    VALUES (person.employee_id, 'confirmation', person.grade, person.grade, person.monthly_wage, person.monthly_wage,
            app.application_id, actor.employee_id,
            format('%s: probation was to end %s', app.kind, person.probation_ends))
    RETURNING h.* INTO audit_career_history;
    after_row := to_jsonb(audit_career_history);
    PERFORM cs_policy.audit(actor.employee_id, 'approve_application', 'career_history', NULL, after_row);
    RETURN format('approved: %s is regular from today', person.code);
END
$$;
COMMENT ON FUNCTION cs_policy.approve_application(bigint, text, text) IS
    'The next signature of an application''s chain, only from someone holding that role over the applicant''s department (42501 naming who may), with what the signer found (required on a panel step, PR-2: 22004); the last one sets the new grade and pay (or ends probation) in the same transaction and writes career_history';
REVOKE EXECUTE ON FUNCTION cs_policy.approve_application(bigint, text, text) FROM PUBLIC;

CREATE FUNCTION cs_policy.refuse_application(application_id bigint, reason text, acting_as text DEFAULT NULL)
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    audit_promotion_application cs_policy.promotion_application;
    actor  cs_policy.employee := cs_policy.acting_employee(acting_as);
    app    cs_policy.promotion_application := cs_policy.application_by_id(application_id);
    person cs_policy.employee;
    step   integer;
    after_row jsonb;
BEGIN
    IF app.state <> 'pending' THEN
        RAISE EXCEPTION 'application % is % already', app.application_id, app.state USING ERRCODE = 'object_not_in_prerequisite_state';
    END IF;
    IF reason IS NULL OR btrim(reason) = '' THEN
        RAISE EXCEPTION 'a refusal gives its reason' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    SELECT * INTO STRICT person FROM cs_policy.employee e WHERE e.employee_id = app.employee_id;
    SELECT count(*) + 1 INTO step FROM cs_policy.application_approval a
     WHERE a.employee_id = app.employee_id AND a.application_id = app.application_id;
    -- whoever signs now or later in the chain may refuse
    IF NOT EXISTS (SELECT FROM unnest(app.chain[step:]) r WHERE cs_policy.may_sign(actor, r, person)) THEN
        RAISE EXCEPTION '% may not refuse application %', actor.code, app.application_id
            USING ERRCODE = 'insufficient_privilege',
                  HINT = format('The %s signs now: %s.', replace(app.chain[step], '_', ' '), cs_policy.who_may_sign(app.chain[step], person));
    END IF;
    UPDATE cs_policy.promotion_application a
       SET state = 'refused', decided_at = now(), decided_by = actor.employee_id, refusal_reason = refuse_application.reason
     WHERE a.employee_id = app.employee_id AND a.application_id = app.application_id
    RETURNING a.* INTO audit_promotion_application;
    after_row := to_jsonb(audit_promotion_application);
    PERFORM cs_policy.audit(actor.employee_id, 'refuse_application', 'promotion_application', to_jsonb(app), after_row);
END
$$;
COMMENT ON FUNCTION cs_policy.refuse_application(bigint, text, text) IS
    'Ends a pending application with a reason; by whoever signs now or later in its chain';
REVOKE EXECUTE ON FUNCTION cs_policy.refuse_application(bigint, text, text) FROM PUBLIC;

CREATE VIEW cs_policy.application_overview WITH (security_invoker = true) AS
SELECT a.application_id,
       e.code AS employee_code,
       a.kind,
       a.ladder,
       a.from_level,
       a.to_level,
       a.state,
       a.chain,
       (SELECT pg_catalog.array_agg(s.code ORDER BY p.step) FROM cs_policy.application_approval p
          JOIN cs_policy.employee s ON s.employee_id OPERATOR(pg_catalog.=) p.approved_by
         WHERE p.employee_id OPERATOR(pg_catalog.=) a.employee_id
           AND p.application_id OPERATOR(pg_catalog.=) a.application_id) AS signed_by,
       a.chain[(SELECT pg_catalog.count(*) FROM cs_policy.application_approval p
                 WHERE p.employee_id OPERATOR(pg_catalog.=) a.employee_id
                   AND p.application_id OPERATOR(pg_catalog.=) a.application_id)::integer OPERATOR(pg_catalog.+) 1] AS next_signature,
       a.filed_at,
       a.decided_at,
       a.refusal_reason,
       a.employee_id
  FROM cs_policy.promotion_application a
  JOIN cs_policy.employee e ON e.employee_id OPERATOR(pg_catalog.=) a.employee_id;
COMMENT ON VIEW cs_policy.application_overview IS 'Applications with who signed and whose signature comes next';
COMMENT ON COLUMN cs_policy.application_overview.application_id IS 'The application';
COMMENT ON COLUMN cs_policy.application_overview.employee_code IS 'The applicant';
COMMENT ON COLUMN cs_policy.application_overview.kind IS 'promotion, exceptional, confirmation or early_confirmation';
COMMENT ON COLUMN cs_policy.application_overview.ladder IS 'Ladder';
COMMENT ON COLUMN cs_policy.application_overview.from_level IS 'Level when filed';
COMMENT ON COLUMN cs_policy.application_overview.to_level IS 'Level applied for';
COMMENT ON COLUMN cs_policy.application_overview.state IS 'pending, approved or refused';
COMMENT ON COLUMN cs_policy.application_overview.chain IS 'Who signs, in order';
COMMENT ON COLUMN cs_policy.application_overview.signed_by IS 'Staff numbers of those who signed, in order';
COMMENT ON COLUMN cs_policy.application_overview.next_signature IS 'The role that signs next (NULL when decided)';
COMMENT ON COLUMN cs_policy.application_overview.filed_at IS 'When filed';
COMMENT ON COLUMN cs_policy.application_overview.decided_at IS 'When decided';
COMMENT ON COLUMN cs_policy.application_overview.refusal_reason IS 'Why refused';
COMMENT ON COLUMN cs_policy.application_overview.employee_id IS 'The applicant''s employee_id';
