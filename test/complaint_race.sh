#!/bin/bash
# CP-5 under concurrency: two agents register complaints at the same moment
# in two sessions. Each number is given once: the second registration waits
# for the first to commit and takes the next serial, in READ COMMITTED and
# in REPEATABLE READ (where it may instead fail to serialize, to be retried).
# And a breach found by detect_sla_breaches reaches a listener as
# NOTIFY cs_policy_sla with the complaint number.
set -u
export PGTZ=Asia/Shanghai
db=cs_policy_complaint_race_test
. "$(dirname "$0")/../tools/tap.sh"
session_database "$db"
psql -X -q -v ON_ERROR_STOP=1 -d "$db" >/dev/null <<'SQL'
SET client_min_messages = warning;
CREATE EXTENSION cs_policy CASCADE;
SELECT cs_policy.create_department('C', 'Center', 'center');
SELECT cs_policy.create_department('P', 'Project', 'project', 'C');
SELECT cs_policy.hire_employee('A1', 'agent one', 'P', 'agent', '2024-01-01', 5000);
SELECT cs_policy.hire_employee('A2', 'agent two', 'P', 'agent', '2024-01-01', 5000);
SELECT cs_policy.set_policy('complaints', 'complaint', 'complaints_hospital', 'C', valid_from => '2024-01-01');
SQL

open_sessions "$db"
register() {   # register AGENT AT
    echo "SELECT cs_policy.register_complaint('complaint', 'visit', 'rude at the desk', 'an apology', 'Wang Li', '13800000000', NULL, 'P', received_at => '$2', acting_as => '$1');"
}

echo "1..10"
for isolation in "READ COMMITTED" "REPEATABLE READ"; do
    case "$isolation" in "READ COMMITTED") at='2025-11-20 10:00+08' month=202511 ;; *) at='2025-12-20 10:00+08' month=202512 ;; esac
    say 5 "BEGIN ISOLATION LEVEL $isolation;"
    say 5 "$(register A1 "$at")"
    a=$(hear 6)
    say 7 "BEGIN ISOLATION LEVEL $isolation; $(register A2 "$at") COMMIT;"
    sleep 1
    # B must be waiting for A's serial now: nothing to read yet
    if read -r -t 1 early <&8; then waited=1; else waited=0; fi
    say 5 "COMMIT; SELECT 'a committed';"
    a2=$(hear 6)
    b=$(hear 8)
    while read -r -t 1 more <&8; do b="$b | $more"; done
    check "$isolation: the second registration waits for the first's number" "$waited" "B answered without waiting: ${early:-}"
    [ "$a" = "$month-00001" ]; check "$isolation: the first is $month-00001" "$?" "A got: $a ($a2)"
    case "$isolation:$b" in
        *:"$month-00002") r=0 ;;
        "REPEATABLE READ:"*"could not serialize"*) r=0 ;;
        *) r=1 ;;
    esac
    check "$isolation: the second is $month-00002 (or, in REPEATABLE READ, a serialization failure to retry)" "$r" "B said: $b"
    dups=$(psql -X -At -d "$db" -c "SELECT count(*) - count(DISTINCT number) FROM cs_policy.complaint")
    [ "$dups" = 0 ]; check "$isolation: no number is given twice" "$?" "duplicates: $dups"
done

# NOTIFY cs_policy_sla: a listening session hears of each new breach, once.
say 5 "LISTEN cs_policy_sla;"
psql -X -q -At -d "$db" -c "SELECT cs_policy.detect_sla_breaches('2025-12-31 12:00+08')" >/dev/null
say 5 "SELECT 'after the first run';"
heard=""
while read -r -t 2 line <&6; do heard="$heard$line"$'\n'; done
case "$heard" in
    *'Asynchronous notification "cs_policy_sla" with payload "{"number" : "202511-00001", "target" : "resolve", "rule_id" : "CP-3", "due_at" : "2025-11-25T18:00:00+08:00", "met_at" : null, "answerable" : "A1"}"'*) r=0 ;;
    *) r=1 ;;
esac
check "NOTIFY cs_policy_sla names the complaint, the target, its rule, due time and who answers for it" "$r" "heard: $heard"
psql -X -q -At -d "$db" -c "SELECT cs_policy.detect_sla_breaches('2025-12-31 12:00+08')" >/dev/null
say 5 "SELECT 'after the second run';"
again=""
while read -r -t 2 line <&6; do again="$again$line"$'\n'; done
case "$again" in *"Asynchronous notification"*) r=1 ;; *) r=0 ;; esac
check "a second run finds nothing new and notifies nobody again" "$r" "heard: $again"
