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
