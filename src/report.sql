-- src/report.sql: what leaves the center through the analyst (no C)
--
-- SEC-1: reports leave the center only through the data analyst, as
-- aggregates per team and project. SECURITY DEFINER: the analyst sees no
-- employee's rows, so this reads as the owner, with a scope of the whole
-- center that sees no pay (SEC-2: amounts from wages are counted, never
-- summed), and withholds the figures of any group smaller than 3 people.

CREATE FUNCTION cs_policy.team_report(month date)
RETURNS TABLE (project_code text, team_code text, headcount bigint, penalty_lines bigint, lates bigint,
               days_absent numeric, charged numeric(12,2), charges_from_pay bigint, complaints bigint,
               suppressed boolean)
LANGUAGE plpgsql STABLE PARALLEL RESTRICTED SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
DECLARE
    month_start date := date_trunc('month', month)::date;
    month_end   date := (date_trunc('month', month) + interval '1 month')::date;
    smallest    constant integer := 3;
BEGIN
    IF month IS NULL THEN
        RAISE EXCEPTION 'team_report needs a month' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    RETURN QUERY
    WITH people AS (
        SELECT e.employee_id, d.code AS team, coalesce(p.code, d.code) AS project
          FROM cs_policy.employee e
          JOIN cs_policy.department d ON d.department_id OPERATOR(pg_catalog.=) e.department_id
          LEFT JOIN cs_policy.department p ON p.department_id OPERATOR(pg_catalog.=) d.path[2]
         WHERE e.hired_on OPERATOR(pg_catalog.<) month_end
           AND (e.left_on IS NULL OR e.left_on OPERATOR(pg_catalog.>=) month_start)),
    judged AS (
        SELECT l.employee_id, pg_catalog.count(*) AS n,
               pg_catalog.count(*) FILTER (WHERE l.kind OPERATOR(pg_catalog.=) 'late') AS lates,
               pg_catalog.sum(l.absence_days) AS days,
               pg_catalog.sum(l.amount) FILTER (WHERE l.amount OPERATOR(pg_catalog.>) 0 AND NOT l.from_pay) AS charged,
               pg_catalog.count(*) FILTER (WHERE l.from_pay) AS from_pay
          FROM cs_policy.penalty_lines_in_scope('viewer=0 all'::cs_policy.access_scope, month_start, NULL) l
         GROUP BY l.employee_id),
    received AS (
        SELECT c.owner_id AS employee_id, pg_catalog.count(*) AS n
          FROM cs_policy.complaint c
         WHERE c.received_on OPERATOR(pg_catalog.>=) month_start AND c.received_on OPERATOR(pg_catalog.<) month_end
         GROUP BY c.owner_id),
    grouped AS (
        SELECT p.project, CASE WHEN GROUPING(p.team) OPERATOR(pg_catalog.=) 1 THEN NULL ELSE p.team END AS team,
               pg_catalog.count(*) AS heads, coalesce(pg_catalog.sum(j.n), 0)::bigint AS n,
               coalesce(pg_catalog.sum(j.lates), 0)::bigint AS lates, coalesce(pg_catalog.sum(j.days), 0) AS days,
               coalesce(pg_catalog.sum(j.charged), 0)::numeric(12,2) AS charged,
               coalesce(pg_catalog.sum(j.from_pay), 0)::bigint AS from_pay,
               coalesce(pg_catalog.sum(r.n), 0)::bigint AS complaints
          FROM people p
          LEFT JOIN judged j ON j.employee_id OPERATOR(pg_catalog.=) p.employee_id
          LEFT JOIN received r ON r.employee_id OPERATOR(pg_catalog.=) p.employee_id
         GROUP BY GROUPING SETS ((p.project, p.team), (p.project)))
    SELECT g.project, g.team, g.heads,
           CASE WHEN g.heads OPERATOR(pg_catalog.>=) smallest THEN g.n END,
           CASE WHEN g.heads OPERATOR(pg_catalog.>=) smallest THEN g.lates END,
           CASE WHEN g.heads OPERATOR(pg_catalog.>=) smallest THEN g.days END,
           CASE WHEN g.heads OPERATOR(pg_catalog.>=) smallest THEN g.charged END,
           CASE WHEN g.heads OPERATOR(pg_catalog.>=) smallest THEN g.from_pay END,
           CASE WHEN g.heads OPERATOR(pg_catalog.>=) smallest THEN g.complaints END,
           g.heads OPERATOR(pg_catalog.<) smallest
      FROM grouped g
     ORDER BY g.project, g.team NULLS FIRST;
END
$$;
COMMENT ON FUNCTION cs_policy.team_report(date) IS
    'SEC-1: the analyst''s report of a month, per project (team NULL) and per team: headcount, penalty lines, lates, days absent, the amounts charged that do not derive from a wage, how many charges do (SEC-2: never their sum), complaints received by their owners; the figures of a group under 3 people are withheld (suppressed)';
REVOKE EXECUTE ON FUNCTION cs_policy.team_report(date) FROM PUBLIC;

-- ------------------------------------------------------ sending a report

-- SEC-1 (002, 外发文件数据制度 1.2): "each report is sent only after the
-- data analyst and the support manager have reviewed it" (各项数据发送前必须
-- 经过数据分析员和支撑经理审查后方可发送). The analyst prepares a month's
-- report for a named recipient and purpose, which keeps the figures as
-- they were reviewed; a manager in charge of the analyst's department (the
-- support manager; in a center without a support department, its manager
-- or director) releases it or refuses it, never the one who prepared it.
-- Only a released report may be sent: report_release says which were,
-- to whom, why and by whom.
CREATE TABLE cs_policy.report_release (
    release_id    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    report        text NOT NULL CHECK (report OPERATOR(pg_catalog.=) 'team_report'),
    month         date NOT NULL CHECK (pg_catalog.date_trunc('month', month)::date OPERATOR(pg_catalog.=) month),
    recipient     text NOT NULL CHECK (pg_catalog.btrim(recipient) OPERATOR(pg_catalog.<>) ''),
    purpose       text NOT NULL CHECK (pg_catalog.btrim(purpose) OPERATOR(pg_catalog.<>) ''),
    prepared_by   bigint NOT NULL REFERENCES cs_policy.employee,
    department_id bigint NOT NULL REFERENCES cs_policy.department,
    prepared_at   timestamptz NOT NULL DEFAULT pg_catalog.now(),
    content       jsonb NOT NULL CHECK (pg_catalog.jsonb_typeof(content) OPERATOR(pg_catalog.=) 'array'),
    state         text NOT NULL DEFAULT 'prepared' CHECK (state OPERATOR(pg_catalog.=) ANY ('{prepared,released,refused}')),
    reviewed_by   bigint REFERENCES cs_policy.employee,
    reviewed_at   timestamptz,
    review_note   text,
    CHECK ((state OPERATOR(pg_catalog.=) 'prepared') OPERATOR(pg_catalog.=) (reviewed_by IS NULL)),
    CHECK ((state OPERATOR(pg_catalog.=) 'prepared') OPERATOR(pg_catalog.=) (reviewed_at IS NULL)),
    -- two people review it: the analyst and the support manager
    CHECK (reviewed_by OPERATOR(pg_catalog.<>) prepared_by),
    CHECK (state OPERATOR(pg_catalog.<>) 'refused' OR coalesce(pg_catalog.btrim(review_note), '') OPERATOR(pg_catalog.<>) '')
);
COMMENT ON TABLE cs_policy.report_release IS
    'SEC-1: each report prepared to leave the center, with its figures as reviewed, and its review: released (it may be sent) or refused. Change through prepare_report_release and review_report_release';
COMMENT ON COLUMN cs_policy.report_release.release_id IS 'Surrogate key';
COMMENT ON COLUMN cs_policy.report_release.report IS 'Which report (team_report)';
COMMENT ON COLUMN cs_policy.report_release.month IS 'The month it covers (its first day)';
COMMENT ON COLUMN cs_policy.report_release.recipient IS 'To whom it is to be sent';
COMMENT ON COLUMN cs_policy.report_release.purpose IS 'What for';
COMMENT ON COLUMN cs_policy.report_release.prepared_by IS 'employee_id of the analyst who prepared it';
COMMENT ON COLUMN cs_policy.report_release.department_id IS 'The analyst''s department then: its managers review it (the support manager)';
COMMENT ON COLUMN cs_policy.report_release.prepared_at IS 'When it was prepared';
COMMENT ON COLUMN cs_policy.report_release.content IS 'The report''s rows as prepared and reviewed (a JSON array of team_report rows)';
COMMENT ON COLUMN cs_policy.report_release.state IS 'prepared (awaiting review), released (it may be sent) or refused';
COMMENT ON COLUMN cs_policy.report_release.reviewed_by IS 'employee_id of the manager who reviewed it';
COMMENT ON COLUMN cs_policy.report_release.reviewed_at IS 'When';
COMMENT ON COLUMN cs_policy.report_release.review_note IS 'The reviewer''s note (required when refused)';
SELECT pg_catalog.pg_extension_config_dump('cs_policy.report_release', '');
SELECT pg_catalog.pg_extension_config_dump('cs_policy.report_release_release_id_seq', '');

CREATE FUNCTION cs_policy.prepare_report_release(month date, recipient text, purpose text, acting_as text DEFAULT NULL)
RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    audit_report_release cs_policy.report_release;
    actor   cs_policy.employee := cs_policy.acting_employee(acting_as);
    figures jsonb;
BEGIN
    IF actor.role <> 'analyst' THEN
        RAISE EXCEPTION '% is % and does not prepare reports to leave the center', actor.code, actor.role
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = 'SEC-1: reports leave the center only through the data analyst and the support manager.',
                  HINT = 'Ask the center''s data analyst.';
    END IF;
    IF month IS NULL OR NOT isfinite(month) THEN
        RAISE EXCEPTION 'a report covers a month, not %', coalesce(month::text, 'NULL')
            USING ERRCODE = 'invalid_parameter_value', HINT = 'Pass any day of the month, e.g. ''2026-10-01''.';
    END IF;
    IF coalesce(btrim(recipient), '') = '' OR coalesce(btrim(purpose), '') = '' THEN
        RAISE EXCEPTION 'a report to leave the center names its recipient and its purpose'
            USING ERRCODE = 'null_value_not_allowed',
                  HINT = 'For example recipient => ''client: Acme e-commerce'', purpose => ''monthly service review''.';
    END IF;
    SELECT coalesce(jsonb_agg(to_jsonb(r) ORDER BY r.project_code, r.team_code NULLS FIRST), '[]') INTO figures
      FROM cs_policy.team_report(month) r;
    INSERT INTO cs_policy.report_release AS x (report, month, recipient, purpose, prepared_by, department_id, content)
    VALUES ('team_report', date_trunc('month', month)::date, btrim(recipient), btrim(purpose), actor.employee_id,
            actor.department_id, figures)
    RETURNING x.* INTO audit_report_release;
    PERFORM cs_policy.audit(actor.employee_id, 'prepare_report_release', 'report_release', NULL,
                            to_jsonb(audit_report_release) - 'content');
    RETURN audit_report_release.release_id;
END
$$;
COMMENT ON FUNCTION cs_policy.prepare_report_release(date, text, text, text) IS
    'SEC-1: the data analyst prepares a month''s team_report to leave the center, for a recipient and a purpose; its figures are kept as they are now, for the support manager to review (review_report_release); returns release_id. Anyone but an analyst is refused (42501)';
REVOKE EXECUTE ON FUNCTION cs_policy.prepare_report_release(date, text, text, text) FROM PUBLIC;

CREATE FUNCTION cs_policy.review_report_release(release_id bigint, release boolean, note text DEFAULT NULL,
                                                acting_as text DEFAULT NULL)
RETURNS text
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    audit_report_release cs_policy.report_release;
    actor cs_policy.employee := cs_policy.acting_employee(acting_as);
    r     cs_policy.report_release;
    analyst cs_policy.employee;
BEGIN
    -- who may comes first: nobody else learns even whether the release exists
    IF actor.role NOT IN ('manager', 'director') THEN
        RAISE EXCEPTION '% is % and does not review reports leaving the center', actor.code, actor.role
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = 'SEC-1: the support manager reviews what the data analyst prepares: a manager or director of the analyst''s department or above.';
    END IF;
    SELECT * INTO r FROM cs_policy.report_release x WHERE x.release_id = review_report_release.release_id FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'report release % does not exist', coalesce(release_id::text, 'NULL')
            USING ERRCODE = 'no_data_found', HINT = 'SELECT * FROM cs_policy.report_release_overview lists them.';
    END IF;
    SELECT * INTO STRICT analyst FROM cs_policy.employee e WHERE e.employee_id = r.prepared_by;
    IF actor.employee_id = r.prepared_by THEN
        RAISE EXCEPTION '% prepared report release % and may not also release it', actor.code, r.release_id
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = 'SEC-1: a report is reviewed by the data analyst and the support manager, two people.',
                  HINT = 'Its reviewer is a manager of the analyst''s department: ' || cs_policy.who_is_in_charge_of(r.department_id) || '.';
    END IF;
    IF NOT cs_policy.in_charge_of(actor, r.department_id) THEN
        RAISE EXCEPTION '% may not review report release %', actor.code, r.release_id
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = format('SEC-1: the support manager reviews what %s prepares: a manager or director of %s or above.',
                                  analyst.code, (SELECT d.code FROM cs_policy.department d WHERE d.department_id = r.department_id)),
                  HINT = 'Ask ' || cs_policy.who_is_in_charge_of(r.department_id) || '.';
    END IF;
    IF release IS NULL THEN
        RAISE EXCEPTION 'a review releases the report (true) or refuses it (false)' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF r.state <> 'prepared' THEN
        RAISE EXCEPTION 'report release % is already %', r.release_id, r.state
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  HINT = 'To send other figures, the analyst prepares the report again.';
    END IF;
    IF NOT release AND coalesce(btrim(note), '') = '' THEN
        RAISE EXCEPTION 'a report is refused with a reason' USING ERRCODE = 'null_value_not_allowed',
            HINT = 'Pass note => what must change before it may leave.';
    END IF;
    UPDATE cs_policy.report_release x
       SET state = CASE WHEN release THEN 'released' ELSE 'refused' END, reviewed_by = actor.employee_id,
           reviewed_at = now(), review_note = NULLIF(btrim(note), '')
     WHERE x.release_id = r.release_id
    RETURNING x.* INTO audit_report_release;
    PERFORM cs_policy.audit(actor.employee_id, 'review_report_release', 'report_release', to_jsonb(r) - 'content',
                            to_jsonb(audit_report_release) - 'content');
    RETURN audit_report_release.state;
END
$$;
COMMENT ON FUNCTION cs_policy.review_report_release(bigint, boolean, text, text) IS
    'SEC-1: the support manager (a manager or director in charge of the analyst''s department, not the analyst) releases a prepared report (release true: it may be sent) or refuses it with a note; returns the new state. Others are refused with 42501 before anything about the report is said; a report reviewed already with 55000';
REVOKE EXECUTE ON FUNCTION cs_policy.review_report_release(bigint, boolean, text, text) FROM PUBLIC;

CREATE VIEW cs_policy.report_release_overview WITH (security_invoker = true) AS
SELECT r.release_id, r.report, r.month, r.recipient, r.purpose, a.code AS prepared_by, d.code AS department_code,
       r.prepared_at, r.state, v.code AS reviewed_by, r.reviewed_at, r.review_note,
       r.state OPERATOR(pg_catalog.=) 'released' AS may_be_sent, pg_catalog.jsonb_array_length(r.content) AS report_rows,
       r.content
  FROM cs_policy.report_release r
  JOIN cs_policy.department d ON d.department_id OPERATOR(pg_catalog.=) r.department_id
  LEFT JOIN cs_policy.employee a ON a.employee_id OPERATOR(pg_catalog.=) r.prepared_by
  LEFT JOIN cs_policy.employee v ON v.employee_id OPERATOR(pg_catalog.=) r.reviewed_by;
COMMENT ON VIEW cs_policy.report_release_overview IS
    'SEC-1: the reports prepared to leave the center, their review and whether each may be sent; seen by the analyst who prepared it and by whoever sees the analyst''s department';
COMMENT ON COLUMN cs_policy.report_release_overview.release_id IS 'Surrogate key';
COMMENT ON COLUMN cs_policy.report_release_overview.report IS 'Which report';
COMMENT ON COLUMN cs_policy.report_release_overview.month IS 'The month it covers';
COMMENT ON COLUMN cs_policy.report_release_overview.recipient IS 'To whom it is to be sent';
COMMENT ON COLUMN cs_policy.report_release_overview.purpose IS 'What for';
COMMENT ON COLUMN cs_policy.report_release_overview.prepared_by IS 'Staff number of the analyst who prepared it';
COMMENT ON COLUMN cs_policy.report_release_overview.department_code IS 'The analyst''s department, whose manager reviews it';
COMMENT ON COLUMN cs_policy.report_release_overview.prepared_at IS 'When it was prepared';
COMMENT ON COLUMN cs_policy.report_release_overview.state IS 'prepared, released or refused';
COMMENT ON COLUMN cs_policy.report_release_overview.reviewed_by IS 'Staff number of the support manager who reviewed it';
COMMENT ON COLUMN cs_policy.report_release_overview.reviewed_at IS 'When';
COMMENT ON COLUMN cs_policy.report_release_overview.review_note IS 'The reviewer''s note';
COMMENT ON COLUMN cs_policy.report_release_overview.may_be_sent IS 'SEC-1: true once the support manager released it';
COMMENT ON COLUMN cs_policy.report_release_overview.report_rows IS 'How many rows the report has';
COMMENT ON COLUMN cs_policy.report_release_overview.content IS 'The report as reviewed (a JSON array of team_report rows)';
