#!/bin/bash
# sqlsmith.sh [queries] [seed]: random queries from sqlsmith (Debian's
# package) against a throwaway cluster holding the demo center, first as the
# superuser, then as an agent through the application role (create_roles),
# [queries] each (default 2000). It always starts its own cluster, since it
# reads that server's log: crashes (a backend killed by a signal, which takes
# every session down), assertion failures, and errors by SQLSTATE, with the
# internal errors (XX000) by message. Prints one line "sqlsmith: N queries,
# N crashes, N internal errors" last; exits 1 on any crash.
set -euo pipefail
cd "$(dirname "$0")/.."
queries=${1:-2000}
seed=${2:-1}
tools/setup.sh   # installs sqlsmith with the rest
make -s >/dev/null
make -s install >/dev/null
unset PGHOST PGPORT PGDATABASE PGUSER
. tools/cluster.sh
start_cluster 2>/dev/null
log="$cs_tmp/server.log"
db=cs_policy_sqlsmith
psql -X -q -d postgres -c "ALTER SYSTEM SET log_line_prefix = '%e '" -c "ALTER SYSTEM SET log_min_messages = 'error'" \
     -c "ALTER SYSTEM SET log_min_error_statement = 'panic'" -c "SELECT pg_reload_conf()" >/dev/null
psql -X -q -d postgres -c "CREATE DATABASE $db"
psql -X -q -v ON_ERROR_STOP=1 -d "$db" >/dev/null <<'SQL'
SET client_min_messages = warning;
CREATE EXTENSION cs_policy CASCADE;
SELECT cs_policy.demo_center(agents => 40, month => '2025-12-01');
SELECT count(*) FROM cs_policy.create_roles('smith_');
CREATE ROLE smith_agent_login LOGIN IN ROLE smith_agent;
SELECT cs_policy.set_employee_login((SELECT code FROM cs_policy.employee WHERE role = 'agent' ORDER BY employee_id LIMIT 1),
                                    'smith_agent_login');
SQL

run() {   # run ROLE: sqlsmith as ROLE, its own summary kept
    local who=$1
    : >"$cs_tmp/smith.$who"
    # sqlsmith ends with the connection it cannot re-open after a crash:
    # its exit status says nothing the log does not say better
    timeout 600 sqlsmith --target="host=$PGHOST port=$PGPORT dbname=$db user=$who" \
        --seed="$seed" --max-queries="$queries" --exclude-catalog >"$cs_tmp/smith.$who" 2>&1 || true
}
run postgres
run smith_agent_login

crashes=$(grep -c 'terminated by signal' "$log" || true)
asserts=$(grep -c 'TRAP:' "$log" || true)
internal=$(grep -c '^XX' "$log" || true)
echo "errors by SQLSTATE in the server log:"
grep -o '^[0-9A-Z]\{5\} ' "$log" | sort | uniq -c | sort -rn | head -15 | sed 's/^/  /'
if [ "$internal" -gt 0 ]; then
    echo "internal errors (XX000), by message:"
    grep '^XX' "$log" | sed 's/^XX[0-9A-Z]* *ERROR: *//' | sort | uniq -c | sort -rn | head -10 | sed 's/^/  /'
fi
if [ "$crashes" -gt 0 ] || [ "$asserts" -gt 0 ]; then
    echo "crashes:"
    grep -B2 -A2 'terminated by signal\|TRAP:' "$log" | head -40 | sed 's/^/  /'
fi
echo "sqlsmith: $((2 * queries)) queries, $crashes crashes, $asserts assertion failures, $internal internal errors"
[ "$crashes" -eq 0 ] && [ "$asserts" -eq 0 ]
