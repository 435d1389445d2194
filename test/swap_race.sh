#!/bin/bash
# SH-7 under concurrency: two supervisors approve two self-swaps of the same
# agent at the same moment in two sessions. The monthly limit is one day,
# so exactly one approval may win, whichever commits first; the other must
# wait for it and then be refused, in READ COMMITTED and in REPEATABLE READ.
set -u
db=cs_policy_race_test
. "$(dirname "$0")/../tools/tap.sh"
session_database "$db"
psql -X -q -v ON_ERROR_STOP=1 -d "$db" >/dev/null <<'SQL'
SET client_min_messages = warning;
CREATE EXTENSION cs_policy CASCADE;
SELECT cs_policy.create_department('C', 'Center', 'center');
SELECT cs_policy.create_department('P', 'Project', 'project', 'C');
SELECT cs_policy.hire_employee('S1', 'supervisor one', 'P', 'supervisor', '2024-01-01', 9000);
SELECT cs_policy.hire_employee('S2', 'supervisor two', 'P', 'supervisor', '2024-01-01', 9000);
SELECT cs_policy.hire_employee('A1', 'agent', 'P', 'agent', '2024-01-01', 5000);
SELECT cs_policy.set_policy('shifts', 'shift', 'callcenter_2012', 'C', valid_from => '2024-01-01');
SELECT cs_policy.define_shift_template('day', 'P', '08:00-20:00', 'cn_7x24');
SELECT cs_policy.assign_shift('A1', d, 'day', acting_as => 'S1')
  FROM unnest('{2025-12-01,2025-12-02,2025-12-08,2025-12-09}'::date[]) AS d;
-- round 1: swaps 1 and 2; round 2 (next month's limit is separate): swaps 3 and 4
SELECT cs_policy.request_swap('2025-12-01', '2025-12-03', 'one', acting_as => 'A1');
SELECT cs_policy.request_swap('2025-12-02', '2025-12-04', 'two', acting_as => 'A1');
SELECT cs_policy.assign_shift('A1', d, 'day', acting_as => 'S1')
  FROM unnest('{2026-01-05,2026-01-06}'::date[]) AS d;
SELECT cs_policy.request_swap('2026-01-05', '2026-01-07', 'three', acting_as => 'A1');
SELECT cs_policy.request_swap('2026-01-06', '2026-01-08', 'four', acting_as => 'A1');
SQL

open_sessions "$db"
approved() {
    psql -X -At -d "$db" -c "SELECT count(*) FROM cs_policy.swap WHERE state = 'approved' AND give_date >= '$1' AND give_date < '$2'"
}

echo "1..6"
round=1
for isolation in "READ COMMITTED" "REPEATABLE READ"; do
    if [ $round = 1 ]; then first=1 second=2 from=2025-12-01 to=2026-01-01; else first=3 second=4 from=2026-01-01 to=2026-02-01; fi
    say 5 "BEGIN ISOLATION LEVEL $isolation; SELECT cs_policy.approve_swap($first, acting_as => 'S1'); SELECT 'a approved';"
    a=$(hear 6); [ "$a" = "" ] && a=$(hear 6)
    say 7 "BEGIN ISOLATION LEVEL $isolation; SELECT cs_policy.approve_swap($second, acting_as => 'S2'); SELECT 'b approved'; COMMIT;"
    sleep 1
    # B must be waiting for A's lock now: nothing to read yet
    if read -r -t 1 early <&8; then waited=1; else waited=0; fi
    say 5 "COMMIT; SELECT 'a committed';"
    a2=$(hear 6)
    b=$(hear 8)
    # drain B's remaining lines (the error aborts the rest of its transaction)
    while read -r -t 1 more <&8; do b="$b | $more"; done
    check "$isolation: the second approval waits for the first" "$waited" "B answered without waiting: ${early:-}"
    case "$b" in *"swap more days"*|*"could not serialize"*) r=0 ;; *) r=1 ;; esac
    check "$isolation: and is then refused (SH-7 limit, or a serialization failure to retry)" "$r" "B said: $b (A: $a / $a2)"
    count=$(approved $from $to)
    [ "$count" = 1 ]; check "$isolation: exactly one of the two swaps is approved" "$?" "approved: $count"
    round=2
done
