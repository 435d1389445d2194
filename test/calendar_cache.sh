#!/bin/bash
# The name-form functions cache a calendar's value per session; this checks
# with two real sessions that the cache never serves a stale value: session
# A caches, session B changes the calendar, and A answers from the new value
# as soon as B commits (not before, and not after B rolls back).
set -u
db=cs_policy_cache_test
psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" >/dev/null
psql -X -q -d "$db" -c "SET client_min_messages = warning" -c "CREATE EXTENSION cs_policy CASCADE" \
     -c "SELECT cs_policy.copy_calendar('cn', 'acme')" >/dev/null
trap 'exec 5>&- 7>&- 2>/dev/null; wait; psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1' EXIT

# Two psql sessions, each talking through a pair of FIFOs: A on fds 5/6, B on 7/8.
fifos=$(mktemp -d)
mkfifo "$fifos/a_in" "$fifos/a_out" "$fifos/b_in" "$fifos/b_out"
psql -X -q -At -v ON_ERROR_STOP=0 -d "$db" <"$fifos/a_in" >"$fifos/a_out" 2>&1 &
exec 5>"$fifos/a_in" 6<"$fifos/a_out"
psql -X -q -At -v ON_ERROR_STOP=0 -d "$db" <"$fifos/b_in" >"$fifos/b_out" 2>&1 &
exec 7>"$fifos/b_in" 8<"$fifos/b_out"
declare -A to=([A]=5 [B]=7) from=([A]=6 [B]=8)

# ask SESSION SQL: send one statement that returns one line, print the line
ask() {
    local line
    echo "$2" >&"${to[$1]}"
    read -r -t 20 line <&"${from[$1]}" || line="(no answer)"
    echo "$line"
}
# tell SESSION SQL: send statements, then wait until the session has run them
tell() {
    local line
    echo "$2" >&"${to[$1]}"
    echo "SELECT 'done';" >&"${to[$1]}"
    while read -r -t 20 line <&"${from[$1]}" && [ "$line" != done ]; do :; done
}

n=0
check() {   # check DESCRIPTION GOT WANTED
    n=$((n + 1))
    if [ "$2" = "$3" ]; then echo "ok $n - $1"
    else echo "not ok $n - $1"; echo "#   got: $2"; echo "#   wanted: $3"; fi
}

q="SELECT cs_policy.is_working_day('acme', '2027-01-01');"
echo "1..6"
check "session A caches acme: Friday Jan 1, 2027 is a working day" "$(ask A "$q")" t
tell B "BEGIN; SELECT cs_policy.set_calendar_day('acme', '2027-01-01', 'holiday', 'New Year''s Day') IS NULL;"
check "while B's change is not committed, A still sees a working day" "$(ask A "$q")" t
check "B sees its own change at once" "$(ask B "$q")" f
tell B "COMMIT;"
check "once B commits, A's cached value is gone and A sees the holiday" "$(ask A "$q")" f
tell B "BEGIN; SELECT cs_policy.remove_calendar_day('acme', '2027-01-01'); ROLLBACK;"
check "a change B rolled back leaves A's answer as it was" "$(ask A "$q")" f
tell B "SELECT cs_policy.remove_calendar_day('acme', '2027-01-01') IS NULL;"
check "and a committed removal reaches A too" "$(ask A "$q")" t

exec 5>&- 7>&-
wait
rm -rf "$fifos"
