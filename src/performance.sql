-- src/performance.sql: what promotion is judged on (PR-1 to PR-4): monthly
-- KPIs and reviews, quarterly grades, titles, exams, disciplinary records
-- and sales (no C). Rates are derived from counts, never typed.

CREATE TYPE cs_policy.quarter_grade_letter AS ENUM ('D', 'C', 'B', 'A');
COMMENT ON TYPE cs_policy.quarter_grade_letter IS 'A quarterly grade, ordered from worst (D) to best (A), so that "below B" compares';

CREATE TYPE cs_policy.exam_kind AS ENUM ('onboarding', 'probation', 'regular_staff', 'monthly');
COMMENT ON TYPE cs_policy.exam_kind IS
    'onboarding (the new-staff training exam), probation (the probation assessment), regular_staff (the exam to be made regular), monthly';

-- One row per employee and month; a correction replaces the month.
CREATE TABLE cs_policy.performance_month (
    employee_id      bigint NOT NULL REFERENCES cs_policy.employee,
    month            date NOT NULL CHECK (pg_catalog.date_trunc('month', month)::date OPERATOR(pg_catalog.=) month),
    kpi_score        numeric(5,2) NOT NULL CHECK (kpi_score BETWEEN 0 AND 100),
    calls            integer NOT NULL CHECK (calls OPERATOR(pg_catalog.>=) 0),
    logged_hours     numeric(6,2) NOT NULL CHECK (logged_hours BETWEEN 0 AND 744),
    successful_calls integer NOT NULL CHECK (successful_calls BETWEEN 0 AND calls),
    review_score     numeric(5,2) CHECK (review_score BETWEEN 0 AND 100),
    recorded_at      timestamptz NOT NULL DEFAULT pg_catalog.now(),
    recorded_by      bigint NOT NULL REFERENCES cs_policy.employee,
    PRIMARY KEY (employee_id, month),
    CHECK (calls OPERATOR(pg_catalog.=) 0 OR logged_hours OPERATOR(pg_catalog.>) 0)
);
COMMENT ON TABLE cs_policy.performance_month IS
    'PR-1, PR-2: an employee''s month: KPI score, calls, logged hours and successful calls (calls per hour and success rate are derived from them), and the monthly review score (the department rank is derived). Change through record_performance';
COMMENT ON COLUMN cs_policy.performance_month.employee_id IS 'The employee (the distribution column)';
COMMENT ON COLUMN cs_policy.performance_month.month IS 'First day of the month';
COMMENT ON COLUMN cs_policy.performance_month.kpi_score IS 'KPI assessment score, 0 to 100';
COMMENT ON COLUMN cs_policy.performance_month.calls IS 'Calls handled';
COMMENT ON COLUMN cs_policy.performance_month.logged_hours IS 'Hours logged in to the phone system';
COMMENT ON COLUMN cs_policy.performance_month.successful_calls IS 'Calls that succeeded (a sale, a solved request), at most calls';
COMMENT ON COLUMN cs_policy.performance_month.review_score IS 'Monthly review score, 0 to 100 (NULL: not reviewed)';
COMMENT ON COLUMN cs_policy.performance_month.recorded_at IS 'When recorded (or last corrected)';
COMMENT ON COLUMN cs_policy.performance_month.recorded_by IS 'employee_id of who recorded it';
SELECT pg_catalog.pg_extension_config_dump('cs_policy.performance_month', '');

CREATE TABLE cs_policy.quarter_grade (
    employee_id bigint NOT NULL REFERENCES cs_policy.employee,
    quarter     date NOT NULL CHECK (pg_catalog.date_trunc('quarter', quarter)::date OPERATOR(pg_catalog.=) quarter),
    grade       cs_policy.quarter_grade_letter NOT NULL,
    recorded_at timestamptz NOT NULL DEFAULT pg_catalog.now(),
    recorded_by bigint NOT NULL REFERENCES cs_policy.employee,
    PRIMARY KEY (employee_id, quarter)
);
COMMENT ON TABLE cs_policy.quarter_grade IS 'PR-2: the quarterly grade of an employee (A, B, C, D). Change through record_quarter_grade';
COMMENT ON COLUMN cs_policy.quarter_grade.employee_id IS 'The employee (the distribution column)';
COMMENT ON COLUMN cs_policy.quarter_grade.quarter IS 'First day of the quarter';
COMMENT ON COLUMN cs_policy.quarter_grade.grade IS 'A, B, C or D';
COMMENT ON COLUMN cs_policy.quarter_grade.recorded_at IS 'When recorded';
COMMENT ON COLUMN cs_policy.quarter_grade.recorded_by IS 'employee_id of who recorded it';
SELECT pg_catalog.pg_extension_config_dump('cs_policy.quarter_grade', '');

CREATE TABLE cs_policy.employee_title (
    employee_id bigint NOT NULL REFERENCES cs_policy.employee,
    title       text NOT NULL CHECK (title OPERATOR(pg_catalog.~) '^[a-z][a-z0-9_ ]{0,62}[a-z0-9]$'),
    awarded_on  date NOT NULL,
    recorded_by bigint NOT NULL REFERENCES cs_policy.employee,
    PRIMARY KEY (employee_id, title, awarded_on)
);
COMMENT ON TABLE cs_policy.employee_title IS 'PR-2: titles awarded ("excellent agent"), with the date. Change through award_title';
COMMENT ON COLUMN cs_policy.employee_title.employee_id IS 'The employee (the distribution column)';
COMMENT ON COLUMN cs_policy.employee_title.title IS 'The title, lower case, e.g. excellent agent';
COMMENT ON COLUMN cs_policy.employee_title.awarded_on IS 'When it was awarded';
COMMENT ON COLUMN cs_policy.employee_title.recorded_by IS 'employee_id of who recorded it';
SELECT pg_catalog.pg_extension_config_dump('cs_policy.employee_title', '');

CREATE TABLE cs_policy.exam_result (
    employee_id bigint NOT NULL REFERENCES cs_policy.employee,
    exam        cs_policy.exam_kind NOT NULL,
    taken_on    date NOT NULL,
    score       numeric(5,2) NOT NULL CHECK (score BETWEEN 0 AND 100),
    passed      boolean NOT NULL,
    recorded_by bigint NOT NULL REFERENCES cs_policy.employee,
    PRIMARY KEY (employee_id, exam, taken_on)
);
COMMENT ON TABLE cs_policy.exam_result IS 'PR-1, PR-2: exams taken (onboarding, probation, regular_staff, monthly), score and pass. Change through record_exam';
COMMENT ON COLUMN cs_policy.exam_result.employee_id IS 'The employee (the distribution column)';
COMMENT ON COLUMN cs_policy.exam_result.exam IS 'Which exam';
COMMENT ON COLUMN cs_policy.exam_result.taken_on IS 'When it was taken';
COMMENT ON COLUMN cs_policy.exam_result.score IS 'Score, 0 to 100';
COMMENT ON COLUMN cs_policy.exam_result.passed IS 'Passed?';
COMMENT ON COLUMN cs_policy.exam_result.recorded_by IS 'employee_id of who recorded it';
SELECT pg_catalog.pg_extension_config_dump('cs_policy.exam_result', '');

CREATE TABLE cs_policy.disciplinary_record (
    employee_id   bigint NOT NULL REFERENCES cs_policy.employee,
    record_id     bigint GENERATED ALWAYS AS IDENTITY,
    recorded_on   date NOT NULL,
    note          text NOT NULL CHECK (pg_catalog.btrim(note) OPERATOR(pg_catalog.<>) ''),
    recorded_by   bigint NOT NULL REFERENCES cs_policy.employee,
    PRIMARY KEY (employee_id, record_id)
);
COMMENT ON TABLE cs_policy.disciplinary_record IS 'PR-2: disciplinary records (a junior has none). Change through record_disciplinary';
COMMENT ON COLUMN cs_policy.disciplinary_record.employee_id IS 'The employee (the distribution column)';
COMMENT ON COLUMN cs_policy.disciplinary_record.record_id IS 'Surrogate key';
COMMENT ON COLUMN cs_policy.disciplinary_record.recorded_on IS 'The date of the record';
COMMENT ON COLUMN cs_policy.disciplinary_record.note IS 'What it was for';
COMMENT ON COLUMN cs_policy.disciplinary_record.recorded_by IS 'employee_id of who recorded it';
SELECT pg_catalog.pg_extension_config_dump('cs_policy.disciplinary_record', '');
SELECT pg_catalog.pg_extension_config_dump('cs_policy.disciplinary_record_record_id_seq', '');

CREATE TABLE cs_policy.sales_month (
    employee_id bigint NOT NULL REFERENCES cs_policy.employee,
    month       date NOT NULL CHECK (pg_catalog.date_trunc('month', month)::date OPERATOR(pg_catalog.=) month),
    sales       numeric(12,2) NOT NULL CHECK (sales OPERATOR(pg_catalog.>=) 0),
    budget      numeric(12,2) NOT NULL CHECK (budget OPERATOR(pg_catalog.>=) 0),
    spent       numeric(12,2) NOT NULL CHECK (spent OPERATOR(pg_catalog.>=) 0),
    recorded_by bigint NOT NULL REFERENCES cs_policy.employee,
    PRIMARY KEY (employee_id, month)
);
COMMENT ON TABLE cs_policy.sales_month IS 'PR-4: a sales agent''s month: sales volume, budget and spending (the overspend is derived). Change through record_sales';
COMMENT ON COLUMN cs_policy.sales_month.employee_id IS 'The employee (the distribution column)';
COMMENT ON COLUMN cs_policy.sales_month.month IS 'First day of the month';
COMMENT ON COLUMN cs_policy.sales_month.sales IS 'Sales volume';
COMMENT ON COLUMN cs_policy.sales_month.budget IS 'Budget for the month';
COMMENT ON COLUMN cs_policy.sales_month.spent IS 'Spent';
COMMENT ON COLUMN cs_policy.sales_month.recorded_by IS 'employee_id of who recorded it';
SELECT pg_catalog.pg_extension_config_dump('cs_policy.sales_month', '');

-- ------------------------------------------------------------ commands
-- Recorded by those who may record incidents of the person (supervisors
-- and above of the department, its trainers and QA).

CREATE FUNCTION cs_policy.performance_subject(employee text, actor cs_policy.employee)
RETURNS cs_policy.employee
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    person cs_policy.employee := cs_policy.employee_by_code(employee);
BEGIN
    PERFORM cs_policy.check_may_record_incident(actor, person);
    RETURN person;
END
$$;
COMMENT ON FUNCTION cs_policy.performance_subject(text, cs_policy.employee) IS
    'The employee whose performance the actor records; 42501 naming who may, unless the actor may record incidents of the person';
REVOKE EXECUTE ON FUNCTION cs_policy.performance_subject(text, cs_policy.employee) FROM PUBLIC;

-- A month or quarter is given by its first day.
CREATE FUNCTION cs_policy.check_first_day(what text, day date, unit text)
RETURNS date
LANGUAGE plpgsql IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF day IS NULL OR day <> date_trunc(unit, day)::date THEN
        RAISE EXCEPTION 'a % is given by its first day, not %', what, coalesce(day::text, 'NULL')
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = CASE unit WHEN 'quarter' THEN 'e.g. 2025-07-01 for the third quarter of 2025' ELSE 'e.g. 2025-10-01' END;
    END IF;
    RETURN day;
END
$$;
COMMENT ON FUNCTION cs_policy.check_first_day(text, date, text) IS
    'Returns day when it is the first day of its month or quarter (unit), else raises 22023 naming what it should be';

CREATE FUNCTION cs_policy.record_performance(employee text, month date, kpi_score numeric, calls integer,
                                             logged_hours numeric, successful_calls integer,
                                             review_score numeric DEFAULT NULL, acting_as text DEFAULT NULL)
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    audit_performance_month cs_policy.performance_month;
    actor  cs_policy.employee := cs_policy.acting_employee(acting_as);
    person cs_policy.employee := cs_policy.performance_subject(employee, actor);
    before_row jsonb;
    after_row  jsonb;
BEGIN
    PERFORM cs_policy.check_first_day('performance month', month, 'month');
    IF kpi_score IS NULL OR calls IS NULL OR logged_hours IS NULL OR successful_calls IS NULL THEN
        RAISE EXCEPTION 'a performance month has a KPI score, calls, logged hours and successful calls'
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF kpi_score NOT BETWEEN 0 AND 100 OR (review_score IS NOT NULL AND review_score NOT BETWEEN 0 AND 100) THEN
        RAISE EXCEPTION 'scores are 0 to 100 (KPI %, review %)', kpi_score, coalesce(review_score::text, 'none')
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF calls < 0 OR successful_calls NOT BETWEEN 0 AND calls THEN
        RAISE EXCEPTION 'successful calls (%) are between 0 and the calls (%)', successful_calls, calls
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF logged_hours NOT BETWEEN 0 AND 744 OR (calls > 0 AND logged_hours = 0) THEN
        RAISE EXCEPTION 'logged hours are more than 0 when there were calls, and at most 744 a month, not %', logged_hours
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    SELECT to_jsonb(x) INTO before_row FROM cs_policy.performance_month x
     WHERE x.employee_id = person.employee_id AND x.month = record_performance.month;
    INSERT INTO cs_policy.performance_month AS p (employee_id, month, kpi_score, calls, logged_hours, successful_calls,
                                                  review_score, recorded_by)
    VALUES (person.employee_id, month, kpi_score, calls, logged_hours, successful_calls, review_score, actor.employee_id)
    ON CONFLICT ON CONSTRAINT performance_month_pkey DO UPDATE
       SET kpi_score = excluded.kpi_score, calls = excluded.calls, logged_hours = excluded.logged_hours,
           successful_calls = excluded.successful_calls, review_score = excluded.review_score,
           recorded_at = excluded.recorded_at, recorded_by = excluded.recorded_by
    RETURNING p.* INTO audit_performance_month;
    after_row := to_jsonb(audit_performance_month);
    PERFORM cs_policy.audit(actor.employee_id, 'record_performance', 'performance_month', before_row, after_row);
END
$$;
COMMENT ON FUNCTION cs_policy.record_performance(text, date, numeric, integer, numeric, integer, numeric, text) IS
    'Records (or corrects) an employee''s month: KPI score, calls, logged hours, successful calls and the review score (22023 for values out of range)';
REVOKE EXECUTE ON FUNCTION cs_policy.record_performance(text, date, numeric, integer, numeric, integer, numeric, text) FROM PUBLIC;

CREATE FUNCTION cs_policy.record_quarter_grade(employee text, quarter date, grade text, acting_as text DEFAULT NULL)
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    audit_quarter_grade cs_policy.quarter_grade;
    actor  cs_policy.employee := cs_policy.acting_employee(acting_as);
    person cs_policy.employee := cs_policy.performance_subject(employee, actor);
    letter cs_policy.quarter_grade_letter := cs_policy.check_label('quarterly grade', grade, '{A,B,C,D}');
    before_row jsonb;
    after_row  jsonb;
BEGIN
    PERFORM cs_policy.check_first_day('quarter', quarter, 'quarter');
    SELECT to_jsonb(x) INTO before_row FROM cs_policy.quarter_grade x
     WHERE x.employee_id = person.employee_id AND x.quarter = record_quarter_grade.quarter;
    INSERT INTO cs_policy.quarter_grade AS q (employee_id, quarter, grade, recorded_by)
    VALUES (person.employee_id, quarter, letter, actor.employee_id)
    ON CONFLICT ON CONSTRAINT quarter_grade_pkey DO UPDATE SET grade = excluded.grade, recorded_at = excluded.recorded_at, recorded_by = excluded.recorded_by
    RETURNING q.* INTO audit_quarter_grade;
    after_row := to_jsonb(audit_quarter_grade);
    PERFORM cs_policy.audit(actor.employee_id, 'record_quarter_grade', 'quarter_grade', before_row, after_row);
END
$$;
COMMENT ON FUNCTION cs_policy.record_quarter_grade(text, date, text, text) IS 'Records (or corrects) an employee''s grade A, B, C or D for a quarter (its first day)';
REVOKE EXECUTE ON FUNCTION cs_policy.record_quarter_grade(text, date, text, text) FROM PUBLIC;

CREATE FUNCTION cs_policy.award_title(employee text, title text, awarded_on date, acting_as text DEFAULT NULL)
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    audit_employee_title cs_policy.employee_title;
    actor  cs_policy.employee := cs_policy.acting_employee(acting_as);
    person cs_policy.employee := cs_policy.performance_subject(employee, actor);
    after_row jsonb;
BEGIN
    IF title IS NULL OR title !~ '^[a-z][a-z0-9_ ]{0,62}[a-z0-9]$' OR awarded_on IS NULL THEN
        RAISE EXCEPTION 'invalid title "%"', coalesce(title, 'NULL')
            USING ERRCODE = 'invalid_parameter_value', HINT = 'A title is lower case words, e.g. ''excellent agent'', with its date.';
    END IF;
    INSERT INTO cs_policy.employee_title AS x (employee_id, title, awarded_on, recorded_by)
    VALUES (person.employee_id, title, awarded_on, actor.employee_id)
    RETURNING x.* INTO audit_employee_title;
    after_row := to_jsonb(audit_employee_title);
    PERFORM cs_policy.audit(actor.employee_id, 'award_title', 'employee_title', NULL, after_row);
END
$$;
COMMENT ON FUNCTION cs_policy.award_title(text, text, date, text) IS 'Records a title awarded to an employee (e.g. excellent agent) on a date';
REVOKE EXECUTE ON FUNCTION cs_policy.award_title(text, text, date, text) FROM PUBLIC;

CREATE FUNCTION cs_policy.record_exam(employee text, exam text, taken_on date, score numeric, passed boolean,
                                      acting_as text DEFAULT NULL)
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    audit_exam_result cs_policy.exam_result;
    actor  cs_policy.employee := cs_policy.acting_employee(acting_as);
    person cs_policy.employee := cs_policy.performance_subject(employee, actor);
    kind   cs_policy.exam_kind := cs_policy.check_label('exam', exam, enum_range(NULL::cs_policy.exam_kind)::text[]);
    after_row jsonb;
BEGIN
    IF taken_on IS NULL OR score IS NULL OR passed IS NULL THEN
        RAISE EXCEPTION 'an exam result has a date, a score and whether it passed' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF score NOT BETWEEN 0 AND 100 THEN
        RAISE EXCEPTION 'an exam score is 0 to 100, not %', score USING ERRCODE = 'invalid_parameter_value';
    END IF;
    INSERT INTO cs_policy.exam_result AS x (employee_id, exam, taken_on, score, passed, recorded_by)
    VALUES (person.employee_id, kind, taken_on, score, passed, actor.employee_id)
    RETURNING x.* INTO audit_exam_result;
    after_row := to_jsonb(audit_exam_result);
    PERFORM cs_policy.audit(actor.employee_id, 'record_exam', 'exam_result', NULL, after_row);
END
$$;
COMMENT ON FUNCTION cs_policy.record_exam(text, text, date, numeric, boolean, text) IS
    'Records an exam taken (onboarding, probation, regular_staff, monthly): date, score 0-100, passed';
REVOKE EXECUTE ON FUNCTION cs_policy.record_exam(text, text, date, numeric, boolean, text) FROM PUBLIC;

CREATE FUNCTION cs_policy.record_disciplinary(employee text, recorded_on date, note text, acting_as text DEFAULT NULL)
RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    audit_disciplinary_record cs_policy.disciplinary_record;
    actor  cs_policy.employee := cs_policy.acting_employee(acting_as);
    person cs_policy.employee := cs_policy.performance_subject(employee, actor);
    new_id bigint;
    after_row jsonb;
BEGIN
    IF recorded_on IS NULL OR note IS NULL OR btrim(note) = '' THEN
        RAISE EXCEPTION 'a disciplinary record has a date and says what it was for' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    INSERT INTO cs_policy.disciplinary_record AS x (employee_id, recorded_on, note, recorded_by)
    VALUES (person.employee_id, recorded_on, note, actor.employee_id)
    RETURNING x.* INTO audit_disciplinary_record;
    new_id := audit_disciplinary_record.record_id;
    after_row := to_jsonb(audit_disciplinary_record);
    PERFORM cs_policy.audit(actor.employee_id, 'record_disciplinary', 'disciplinary_record', NULL, after_row);
    RETURN new_id;
END
$$;
COMMENT ON FUNCTION cs_policy.record_disciplinary(text, date, text, text) IS 'Records a disciplinary record of an employee; returns record_id';
REVOKE EXECUTE ON FUNCTION cs_policy.record_disciplinary(text, date, text, text) FROM PUBLIC;

CREATE FUNCTION cs_policy.record_sales(employee text, month date, sales numeric, budget numeric, spent numeric,
                                       acting_as text DEFAULT NULL)
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    audit_sales_month cs_policy.sales_month;
    actor  cs_policy.employee := cs_policy.acting_employee(acting_as);
    person cs_policy.employee := cs_policy.performance_subject(employee, actor);
    before_row jsonb;
    after_row  jsonb;
BEGIN
    PERFORM cs_policy.check_first_day('sales month', month, 'month');
    IF sales IS NULL OR budget IS NULL OR spent IS NULL OR sales < 0 OR budget < 0 OR spent < 0 THEN
        RAISE EXCEPTION 'sales, budget and spending are amounts of 0 or more' USING ERRCODE = 'invalid_parameter_value';
    END IF;
    SELECT to_jsonb(x) INTO before_row FROM cs_policy.sales_month x
     WHERE x.employee_id = person.employee_id AND x.month = record_sales.month;
    INSERT INTO cs_policy.sales_month AS s (employee_id, month, sales, budget, spent, recorded_by)
    VALUES (person.employee_id, month, sales, budget, spent, actor.employee_id)
    ON CONFLICT ON CONSTRAINT sales_month_pkey DO UPDATE
       SET sales = excluded.sales, budget = excluded.budget, spent = excluded.spent, recorded_by = excluded.recorded_by
    RETURNING s.* INTO audit_sales_month;
    after_row := to_jsonb(audit_sales_month);
    PERFORM cs_policy.audit(actor.employee_id, 'record_sales', 'sales_month', before_row, after_row);
END
$$;
COMMENT ON FUNCTION cs_policy.record_sales(text, date, numeric, numeric, numeric, text) IS
    'PR-4: records (or corrects) a sales agent''s month: sales volume, budget and spending';
REVOKE EXECUTE ON FUNCTION cs_policy.record_sales(text, date, numeric, numeric, numeric, text) FROM PUBLIC;

-- ------------------------------------------------------------- reading

-- Ranks are competition ranks over the review score within the
-- department and month: equal scores share a rank and the next rank skips
-- (90, 90, 85 rank 1, 1, 3), so everyone tied at 3rd is in the top 3.
CREATE VIEW cs_policy.performance_overview WITH (security_invoker = true) AS
SELECT p.employee_id,
       e.code AS employee_code,
       d.code AS department_code,
       p.month,
       p.kpi_score,
       p.calls,
       p.logged_hours,
       p.successful_calls,
       pg_catalog.round(p.calls OPERATOR(pg_catalog./) NULLIF(p.logged_hours, 0), 2) AS calls_per_hour,
       pg_catalog.round(100 OPERATOR(pg_catalog.*) p.successful_calls OPERATOR(pg_catalog./) NULLIF(p.calls, 0)::numeric, 2)
           AS success_rate,
       p.review_score,
       CASE WHEN p.review_score IS NOT NULL THEN
           pg_catalog.rank() OVER (PARTITION BY e.department_id, p.month, p.review_score IS NULL
                                   ORDER BY p.review_score DESC) END AS department_rank
  FROM cs_policy.performance_month p
  JOIN cs_policy.employee e ON e.employee_id OPERATOR(pg_catalog.=) p.employee_id
  JOIN cs_policy.department d ON d.department_id OPERATOR(pg_catalog.=) e.department_id;
COMMENT ON VIEW cs_policy.performance_overview IS
    'Each employee''s months with calls per hour (calls / logged hours) and success rate (successful / calls, %) derived, and the rank of the review score in the department that month (competition ranking: ties share a rank, the next rank skips)';
COMMENT ON COLUMN cs_policy.performance_overview.employee_id IS 'The employee';
COMMENT ON COLUMN cs_policy.performance_overview.employee_code IS 'Staff number';
COMMENT ON COLUMN cs_policy.performance_overview.department_code IS 'The employee''s department now';
COMMENT ON COLUMN cs_policy.performance_overview.month IS 'First day of the month';
COMMENT ON COLUMN cs_policy.performance_overview.kpi_score IS 'KPI score';
COMMENT ON COLUMN cs_policy.performance_overview.calls IS 'Calls handled';
COMMENT ON COLUMN cs_policy.performance_overview.logged_hours IS 'Hours logged in';
COMMENT ON COLUMN cs_policy.performance_overview.successful_calls IS 'Successful calls';
COMMENT ON COLUMN cs_policy.performance_overview.calls_per_hour IS 'Calls per logged hour (CPH), derived';
COMMENT ON COLUMN cs_policy.performance_overview.success_rate IS 'Successful calls in % of calls, derived';
COMMENT ON COLUMN cs_policy.performance_overview.review_score IS 'Monthly review score';
COMMENT ON COLUMN cs_policy.performance_overview.department_rank IS 'Rank of the review score in the department that month (ties share a rank; the next skips)';

-- ------------------------------------------------ anonymous peer ranking

-- PR-2 (service_ladder_2023): "以部门内部匿名评比为辅": each quarter the
-- colleagues of a department rank up to three of its agents, anonymously.
-- Who voted (peer_vote) and what was voted (peer_ballot) are kept apart,
-- with no key, time or order between them, and only the auditor reads
-- either table; everyone else sees the points (peer_ranking).
CREATE TABLE cs_policy.peer_vote (
    voter_id      bigint NOT NULL REFERENCES cs_policy.employee,
    quarter       date NOT NULL CHECK (quarter OPERATOR(pg_catalog.=) pg_catalog.date_trunc('quarter', quarter)::date),
    department_id bigint NOT NULL REFERENCES cs_policy.department,
    PRIMARY KEY (voter_id, quarter)
);
COMMENT ON TABLE cs_policy.peer_vote IS
    'PR-2: who has voted in the anonymous peer ranking of a quarter (once each), without the ballot; read by the auditor only. Change through cast_peer_ballot';
COMMENT ON COLUMN cs_policy.peer_vote.voter_id IS 'employee_id of the voter';
COMMENT ON COLUMN cs_policy.peer_vote.quarter IS 'First day of the quarter voted in';
COMMENT ON COLUMN cs_policy.peer_vote.department_id IS 'The voter''s department, whose agents were ranked';
SELECT pg_catalog.pg_extension_config_dump('cs_policy.peer_vote', '');

CREATE TABLE cs_policy.peer_ballot (
    ballot_id     uuid PRIMARY KEY DEFAULT pg_catalog.gen_random_uuid(),
    department_id bigint NOT NULL REFERENCES cs_policy.department,
    quarter       date NOT NULL CHECK (quarter OPERATOR(pg_catalog.=) pg_catalog.date_trunc('quarter', quarter)::date),
    ranking       bigint[] NOT NULL CHECK (pg_catalog.cardinality(ranking) BETWEEN 1 AND 3)
);
COMMENT ON TABLE cs_policy.peer_ballot IS
    'PR-2: the ballots of the anonymous peer ranking, without their voters (a random id, no time): up to three agents of the department in order, 3, 2 and 1 points; read by the auditor only. Change through cast_peer_ballot';
COMMENT ON COLUMN cs_policy.peer_ballot.ballot_id IS 'Random id (no order to match against the votes)';
COMMENT ON COLUMN cs_policy.peer_ballot.department_id IS 'The department ranked';
COMMENT ON COLUMN cs_policy.peer_ballot.quarter IS 'First day of the quarter';
COMMENT ON COLUMN cs_policy.peer_ballot.ranking IS 'employee_id of the first, second and third, as far as given';
SELECT pg_catalog.pg_extension_config_dump('cs_policy.peer_ballot', '');

CREATE FUNCTION cs_policy.cast_peer_ballot(ranking text[], acting_as text DEFAULT NULL)
RETURNS text
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    audit_peer_vote cs_policy.peer_vote;
    voter   cs_policy.employee := cs_policy.acting_employee(acting_as);
    this_quarter date := date_trunc('quarter', current_date)::date;
    ranked  bigint[] := '{}';
    person  cs_policy.employee;
    code    text;
    after_row jsonb;
BEGIN
    IF NOT (voter.active AND voter.role IN ('agent', 'team_lead')) THEN
        RAISE EXCEPTION '% does not vote in the peer ranking', voter.code
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = 'PR-2: the agents and team leads of a department rank their colleagues.';
    END IF;
    IF ranking IS NULL OR cardinality(ranking) NOT BETWEEN 1 AND 3 OR array_position(ranking, NULL) IS NOT NULL THEN
        RAISE EXCEPTION 'a ballot names one to three colleagues, in order'
            USING ERRCODE = 'invalid_parameter_value', HINT = 'e.g. ARRAY[''E0012'', ''E0015'', ''E0011'']: 3, 2 and 1 points.';
    END IF;
    FOREACH code IN ARRAY ranking LOOP
        person := cs_policy.employee_by_code(code);
        IF person.employee_id = voter.employee_id THEN
            RAISE EXCEPTION 'a ballot does not rank the voter' USING ERRCODE = 'invalid_parameter_value';
        END IF;
        IF NOT (person.active AND person.role = 'agent' AND person.department_id = voter.department_id) THEN
            RAISE EXCEPTION '% is not an agent of %''s department', person.code, voter.code
                USING ERRCODE = 'invalid_parameter_value',
                      DETAIL = 'PR-2: the ranking is within the department (部门内部).';
        END IF;
        IF person.employee_id = ANY (ranked) THEN
            RAISE EXCEPTION 'a ballot names % once', person.code USING ERRCODE = 'invalid_parameter_value';
        END IF;
        ranked := ranked || person.employee_id;
    END LOOP;
    BEGIN
        INSERT INTO cs_policy.peer_vote AS v (voter_id, quarter, department_id)
        VALUES (voter.employee_id, this_quarter, voter.department_id)
        RETURNING v.* INTO audit_peer_vote;
    EXCEPTION WHEN unique_violation THEN
        RAISE EXCEPTION '% has voted in the peer ranking of the quarter from % already', voter.code, this_quarter
            USING ERRCODE = 'unique_violation', DETAIL = 'PR-2: one ballot per person and quarter; a ballot cannot be changed.';
    END;
    INSERT INTO cs_policy.peer_ballot (department_id, quarter, ranking) VALUES (voter.department_id, this_quarter, ranked);
    -- the audit row says who voted, not how
    after_row := to_jsonb(audit_peer_vote);
    PERFORM cs_policy.audit(voter.employee_id, 'cast_peer_ballot', 'peer_vote', NULL, after_row);
    RETURN format('ballot cast in the peer ranking of the quarter from %s', this_quarter);
END
$$;
COMMENT ON FUNCTION cs_policy.cast_peer_ballot(text[], text) IS
    'PR-2: the acting agent or team lead ranks one to three agents of their own department for the current quarter (3, 2 and 1 points), once per quarter (23505); the ballot is stored apart from the vote, so that nobody can tell who voted how';
REVOKE EXECUTE ON FUNCTION cs_policy.cast_peer_ballot(text[], text) FROM PUBLIC;

-- The points of the ballots, for the people the caller may see (SECURITY
-- DEFINER reads the ballots, which only the auditor may; the ranks are
-- taken over all of a department's ballots first), nothing of the voters.
CREATE FUNCTION cs_policy.readable_peer_ranking(only_quarter date DEFAULT NULL)
RETURNS TABLE (quarter date, department_id bigint, department_code text, employee_id bigint, employee_code text,
               points bigint, ballots bigint, peer_rank bigint)
LANGUAGE plpgsql STABLE PARALLEL RESTRICTED SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
DECLARE
    scope cs_policy.access_scope := cs_policy.access_scope();
BEGIN
    RETURN QUERY
    SELECT r.quarter, r.department_id, d.code, r.employee_id, e.code, r.points, r.ballots, r.peer_rank
      FROM (SELECT p.department_id, p.quarter, p.employee_id, p.points, p.ballots,
                   rank() OVER (PARTITION BY p.department_id, p.quarter ORDER BY p.points DESC) AS peer_rank
              FROM (SELECT b.department_id, b.quarter, r.employee_id, sum(4 - r.place)::bigint AS points,
                           max(b.ballots) AS ballots
                      FROM (SELECT b.department_id, b.quarter, b.ranking,
                                   count(*) OVER (PARTITION BY b.department_id, b.quarter) AS ballots
                              FROM cs_policy.peer_ballot b
                             WHERE only_quarter IS NULL OR b.quarter = only_quarter) b
                     CROSS JOIN LATERAL unnest(b.ranking) WITH ORDINALITY AS r (employee_id, place)
                     GROUP BY b.department_id, b.quarter, r.employee_id) p) r
      JOIN cs_policy.department d ON d.department_id = r.department_id
      JOIN cs_policy.employee e ON e.employee_id = r.employee_id
     WHERE cs_policy.sees(scope, r.employee_id);
END
$$;
COMMENT ON FUNCTION cs_policy.readable_peer_ranking(date) IS
    'PR-2: for each department and quarter (or one quarter), every agent named on a ballot whom the caller may see: points (3 for a first place, 2 for a second, 1 for a third), the ballots cast in the department, and the competition rank by points among all of them (ties share a rank); no voters';

CREATE VIEW cs_policy.peer_ranking WITH (security_invoker = true) AS
SELECT r.quarter, r.department_code, r.employee_code, r.points, r.ballots, r.peer_rank, r.department_id, r.employee_id
  FROM cs_policy.readable_peer_ranking() r;
COMMENT ON VIEW cs_policy.peer_ranking IS 'PR-2: the anonymous peer ranking of each department and quarter, for the people the caller may see: points and rank, no voters';
COMMENT ON COLUMN cs_policy.peer_ranking.quarter IS 'First day of the quarter';
COMMENT ON COLUMN cs_policy.peer_ranking.department_code IS 'The department';
COMMENT ON COLUMN cs_policy.peer_ranking.employee_code IS 'The agent ranked';
COMMENT ON COLUMN cs_policy.peer_ranking.points IS '3 for each first place, 2 for each second, 1 for each third';
COMMENT ON COLUMN cs_policy.peer_ranking.ballots IS 'Ballots cast in the department that quarter';
COMMENT ON COLUMN cs_policy.peer_ranking.peer_rank IS 'Competition rank by points in the department (ties share a rank)';
COMMENT ON COLUMN cs_policy.peer_ranking.department_id IS 'The department''s id';
COMMENT ON COLUMN cs_policy.peer_ranking.employee_id IS 'The agent''s employee_id';
