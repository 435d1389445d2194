#!/bin/bash
# pg_dump keeps the rows of cs_policy's tables: dump a database holding the
# demo center, restore it into an empty one and compare every table, row by
# row. Run by make test (through prove) against its throwaway cluster.
set -u
src=cs_policy_dump_src dst=cs_policy_dump_dst
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"; psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $src" -c "DROP DATABASE IF EXISTS $dst" >/dev/null 2>&1' EXIT

n=0
check() {   # check DESCRIPTION COMMAND...
    local what=$1; shift
    n=$((n + 1))
    if "$@" >"$tmp/out" 2>&1; then echo "ok $n - $what"
    else echo "not ok $n - $what"; sed 's/^/# /' "$tmp/out"; fi
}
sql() { psql -X -q -v ON_ERROR_STOP=1 -At "$@"; }

tables="rule preset preset_setting calendar calendar_week calendar_day department employee policy
        shift_template staffing_rule roster roster_publication roster_change swap swap_tally
        handover handover_entry handover_refusal handover_review punch punch_refusal punch_correction attendance_exception
        leave_request leave_approval leave_call preset_rulebook incident score_adjustment"
echo "1..$((7 + $(echo $tables | wc -w)))"

check "an empty source and an empty target database" \
    sql -d postgres -c "DROP DATABASE IF EXISTS $src" -c "DROP DATABASE IF EXISTS $dst" \
        -c "CREATE DATABASE $src" -c "CREATE DATABASE $dst"
check "the source holds the demo center and a copied calendar with its own hours and holiday" \
    sql -d "$src" -c "SET client_min_messages = warning" -c "CREATE EXTENSION cs_policy CASCADE" \
        -c "SELECT cs_policy.demo_center(agents => 60, month => '2025-10-01', seed => 5)" \
        -c "SELECT cs_policy.copy_calendar('cn', 'acme')" \
        -c "SELECT cs_policy.set_calendar_day('acme', '2027-01-01', 'holiday', 'New Year''s Day')" \
        -c "SELECT cs_policy.set_calendar_week('acme', 'Mon-Sat 08:00-20:00', '05-01..09-30')"
check "pg_dump of the source" pg_dump -Fc -f "$tmp/dump" "$src"
check "pg_restore into an empty database" pg_restore --exit-on-error -d "$dst" "$tmp/dump"

# Every row, in a canonical order, hashed: equal hashes mean equal tables.
for t in $tables; do
    q="SELECT count(*) || ' rows, ' || md5(coalesce(string_agg(x::text, E'\\n' ORDER BY x::text), '')) FROM cs_policy.$t x"
    check "table $t comes back row for row" \
        bash -c "a=\$(psql -X -At -d $src -c \"$q\"); b=\$(psql -X -At -d $dst -c \"$q\"); echo \"\$a / \$b\"; [ -n \"\$a\" ] && [ \"\$a\" = \"\$b\" ]"
done

check "the restored calendars compute as before" \
    bash -c "q=\"SELECT cs_policy.add_working_days('acme', '2026-12-31 12:00+08', 1)::text || cs_policy.working_time_between('acme', '2026-06-01', '2026-06-30')::text\"; a=\$(psql -X -At -d $src -c \"\$q\"); b=\$(psql -X -At -d $dst -c \"\$q\"); echo \"\$a / \$b\"; [ -n \"\$a\" ] && [ \"\$a\" = \"\$b\" ]"

check "the restored month judges to the same penalty lines" \
    bash -c "q=\"SELECT count(*) || ' lines, ' || md5(string_agg(employee_code || line || amount || explanation, ',' ORDER BY employee_code, line)) FROM cs_policy.period_penalty_lines('2025-10-01')\"; a=\$(psql -X -At -d $src -c \"\$q\"); b=\$(psql -X -At -d $dst -c \"\$q\"); echo \"\$a / \$b\"; [ -n \"\$a\" ] && [ \"\$a\" = \"\$b\" ]"

check "the restored identity sequences continue after the restored rows" \
    sql -d "$dst" -c "SELECT cs_policy.hire_employee('NEW1', 'new hire', 'HOTLINE-T1', 'agent', '2025-11-03', 5000)" \
        -c "SELECT cs_policy.create_department('NEWP', 'new project', 'project', 'DEMO')" \
        -c "SELECT cs_policy.set_policy('new', 'leave', 'callcenter_2012', 'NEWP', valid_from => '2025-11-01')"
