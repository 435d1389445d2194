-- pushdown.sql: where reads run on the cluster, for tools/citus.sh. Each
-- entry is "-- router: <label>" (the read goes to one employee's shard
-- group on one node, or is one call delegated to that node) or "-- set:
-- <label>" (shards on both workers) or "-- filtered: <label>" (one
-- employee's read of a view whose LATERAL subqueries Citus cannot prune:
-- it runs on the shards of both workers, every shard command carrying the
-- employee's filter, so that nothing is gathered whole), then one query. citus.sh runs each
-- query on the coordinator with citus.log_remote_commands and counts the
-- shards, shard groups and nodes of the commands it sends, so that the
-- statements inside PL/pgSQL functions count too. Variables as in reads.sql
-- (params.sql).

-- router: penalty_lines of one agent
SELECT * FROM cs_policy.penalty_lines(:emp, :'month')

-- router: attendance_totals of one agent
SELECT * FROM cs_policy.attendance_totals(:emp, :'month')

-- set: promotion_check of one agent (the department rank of the reviews compares colleagues on every shard)
SELECT * FROM cs_policy.promotion_check(:emp, :'next_month')

-- router: roster_day of one agent
SELECT * FROM cs_policy.roster_day WHERE employee_id = :emp

-- router: attendance_day of one agent
SELECT * FROM cs_policy.attendance_day(:'month', :emp)

-- router: complaint_sla of one complaint (by its employee_id: its events are kept on its row, so nothing else is read)
SELECT * FROM cs_policy.complaint_sla WHERE employee_id = :complaint_emp AND complaint_id = :complaint_id

-- router: overtime_lines of one agent
SELECT * FROM cs_policy.overtime_lines(:emp, :'month')

-- set: period_penalty_lines
SELECT * FROM cs_policy.period_penalty_lines(:'month')

-- set: period_attendance_totals
SELECT * FROM cs_policy.period_attendance_totals(:'month')

-- set: attendance_day of the month
SELECT * FROM cs_policy.attendance_day(:'month')

-- set: complaint_sla
SELECT * FROM cs_policy.complaint_sla

-- set: complaint_sla_at
SELECT * FROM cs_policy.complaint_sla_at(:'later')
