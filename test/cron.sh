#!/bin/bash
# AT-15 and CP-3 on a schedule: on a throwaway cluster started with
# shared_preload_libraries = pg_cron, schedule_jobs makes the two jobs (and
# calling it again keeps two); the scheduled close closes last month's
# period by itself, and shows succeeded in the run log and in
# cron.job_run_details; a scheduled close that fails shows failed in both;
# the SLA job runs. Without pg_cron the whole file is one skip.
set -u
cd "$(dirname "$0")/.."
unset PGHOST PGPORT PGDATABASE
if [ ! -f "$(pg_config --pkglibdir)/pg_cron.so" ]; then
    echo "1..0 # SKIP pg_cron is not installed (Debian: postgresql-15-cron)"
    exit 0
fi
. tools/cluster.sh
start_cluster 2>/dev/null || { echo "1..0 # SKIP no throwaway cluster"; exit 0; }
db=cs_cron
# again, with pg_cron loaded: it runs its jobs in $db, connecting through
# the cluster's socket
as_owner "$cs_bindir/pg_ctl" -D "$cs_tmp/data" -m fast -w stop >/dev/null
as_owner "$cs_bindir/pg_ctl" -D "$cs_tmp/data" -l "$cs_tmp/server.log" -w \
    -o "-c listen_addresses='' -k $cs_tmp -p $PGPORT -c fsync=off -c timezone=Asia/Shanghai -c shared_preload_libraries=pg_cron -c cron.database_name=$db -c cron.host=$cs_tmp" \
    start >/dev/null
psql -X -q -d postgres -c "CREATE DATABASE $db" >/dev/null
export PGDATABASE=$db
# A center under callcenter_2012 (its period the calendar month, no
# reporting deadline: last month is due today) with a shift last month
# that nobody came to.
psql -X -q -v ON_ERROR_STOP=1 >/dev/null <<'SQL'
SET client_min_messages = warning;
CREATE EXTENSION pg_cron;
CREATE EXTENSION cs_policy CASCADE;
SELECT cs_policy.create_department('C', 'Center', 'center');
SELECT cs_policy.hire_employee(c, c, 'C', r::cs_policy.staff_role, '2024-01-01', 6000)
  FROM (VALUES ('V1', 'supervisor'), ('A1', 'agent')) AS x (c, r);
SELECT cs_policy.set_policy('center attendance', 'attendance', 'callcenter_2012', 'C', valid_from => '2024-01-01');
SELECT cs_policy.define_shift_template('day', 'C', '08:30-17:30', 'cn_7x24');
SELECT cs_policy.assign_shift('A1', (date_trunc('month', current_date) - interval '1 month')::date + 2, 'day',
                              acting_as => 'V1');
SQL

. "$(dirname "$0")/../tools/tap.sh"
q() { psql -X -At -c "$1" 2>&1; }
wait_for() {    # wait_for SQL (true when done) SECONDS
    local i
    for ((i = 0; i < $2; i++)); do
        [ "$(q "$1")" = t ] && return 0
        sleep 1
    done
    return 1
}
# pg_cron 1.5 takes intervals in seconds; Debian 12's 1.4 runs a job at
# the start of a minute at the soonest
if [ "$(q "SELECT string_to_array(extversion, '.')::int[] >= '{1,5}' FROM pg_extension WHERE extname = 'pg_cron'")" = t ]; then
    soon='2 seconds'; patience=30
else
    soon='* * * * *'; patience=75
fi

echo "1..7"
first=$(q "SELECT count(*) FROM cs_policy.schedule_jobs(close_schedule => '$soon')")
jobs=$first:$(q "SELECT count(*) FROM cs_policy.schedule_jobs(close_schedule => '$soon')"):$(q "SELECT count(*) FROM cron.job")
check "schedule_jobs makes the close and the SLA jobs, and again keeps two" "$([ "$jobs" = 2:2:2 ]; echo $?)" "jobs: $jobs"

wait_for "SELECT EXISTS (SELECT FROM cs_policy.close_run WHERE state <> 'running')" $patience
run=$(q "SELECT state || ' ' || run_by || ' ' || (SELECT period_label FROM cs_policy.period_closes)
           FROM cs_policy.close_run ORDER BY run_id LIMIT 1")
last_month=$(q "SELECT to_char(current_date - interval '1 month', 'YYYY-MM')")
check "AT-15: the scheduled close closes last month's period by itself" \
      "$([ "$run" = "succeeded postgres $last_month" ]; echo $?)" "run: $run"
lines=$(q "SELECT count(*) FROM cs_policy.period_penalty_line WHERE kind = 'absence'")
check "and stores its results (the shift nobody came to)" "$([ "$lines" -ge 1 ] 2>/dev/null; echo $?)" "absence lines: $lines"
wait_for "SELECT EXISTS (SELECT FROM cron.job_run_details d JOIN cron.job j USING (jobid)
                          WHERE j.jobname = 'cs_policy: close due periods' AND d.status = 'succeeded')" 10
status=$(q "SELECT string_agg(DISTINCT d.status, ',') FROM cron.job_run_details d JOIN cron.job j USING (jobid)
             WHERE j.jobname = 'cs_policy: close due periods' AND d.status <> 'running'")
check "and cron.job_run_details shows it succeeded" "$([ "$status" = succeeded ]; echo $?)" "status: $status"

# A scheduled close that fails: of a period that is not over.
q "SELECT cron.unschedule('cs_policy: close due periods')" >/dev/null
q "SELECT cron.schedule('cs_policy: close an open period', '$soon', 'CALL cs_policy.close_period(current_date)')" >/dev/null
wait_for "SELECT EXISTS (SELECT FROM cs_policy.close_run WHERE state = 'failed')" $patience
failed=$(q "SELECT left(error, 5) FROM cs_policy.close_run WHERE state = 'failed' ORDER BY run_id LIMIT 1")
check "a scheduled close that fails is logged failed in the run log, with its SQLSTATE" \
      "$([ "$failed" = 55000 ]; echo $?)" "error: $failed"
wait_for "SELECT EXISTS (SELECT FROM cron.job_run_details d JOIN cron.job j USING (jobid)
                          WHERE j.jobname = 'cs_policy: close an open period' AND d.status = 'failed')" 10
message=$(q "SELECT d.status || ': ' || d.return_message FROM cron.job_run_details d JOIN cron.job j USING (jobid)
              WHERE j.jobname = 'cs_policy: close an open period' AND d.status <> 'running' ORDER BY d.runid LIMIT 1")
check "and in cron.job_run_details, with the error" "$(echo "$message" | grep -q '^failed: .*is not over'; echo $?)" "$message"
q "SELECT cron.unschedule('cs_policy: close an open period')" >/dev/null

wait_for "SELECT EXISTS (SELECT FROM cron.job_run_details d JOIN cron.job j USING (jobid)
                          WHERE j.jobname = 'cs_policy: detect SLA breaches' AND d.status <> 'running')" 65
sla=$(q "SELECT string_agg(DISTINCT d.status, ',') FROM cron.job_run_details d JOIN cron.job j USING (jobid)
          WHERE j.jobname = 'cs_policy: detect SLA breaches' AND j.schedule = '* * * * *' AND d.status <> 'running'")
check "CP-3: detect_sla_breaches runs every minute" "$([ "$sla" = succeeded ]; echo $?)" "status: $sla"
