-- pushdown.sql: where reads run on the cluster, for tools/citus.sh. Each
-- entry is "-- router: <label>" (every distributed scan has one task: the
-- read goes to one employee's shard) or "-- set: <label>" (tasks on both
-- workers), then one query. citus.sh reads the plans of EXPLAIN (COSTS OFF)
-- and, for the statements inside PL/pgSQL functions, of auto_explain
-- (nested statements, sent back as notices), with citus.explain_all_tasks.
-- Variables as in reads.sql (params.sql).

-- router: penalty_lines of one agent
SELECT * FROM cs_policy.penalty_lines(:emp, :'month')

-- router: attendance_month of one agent
SELECT * FROM cs_policy.attendance_month(:emp, :'month')

-- router: promotion_check of one agent
SELECT * FROM cs_policy.promotion_check(:emp, :'next_month')

-- router: roster_day of one agent
SELECT * FROM cs_policy.roster_day WHERE employee_id = :emp

-- router: attendance_day of one agent
SELECT * FROM cs_policy.attendance_day WHERE employee_id = :emp AND work_date >= :'month' AND work_date < :'next_month'

-- set: month_penalty_lines
SELECT * FROM cs_policy.month_penalty_lines(:'month')

-- set: month_attendance
SELECT * FROM cs_policy.month_attendance(:'month')

-- set: complaint_sla_at
SELECT * FROM cs_policy.complaint_sla_at(:'later')
