#!/bin/bash
# Two changes of one person's pay at the same moment, in two sessions: the
# second waits for the first and then sets its days around it (no 23P01 of
# the wage history's exclusion constraint), and a session that holds the
# employee row (as approve_application does) and then sets wages does not
# deadlock with another session's set_wages.
set -u
db=cs_policy_wage_race_test
. "$(dirname "$0")/../tools/tap.sh"
session_database "$db"
psql -X -q -v ON_ERROR_STOP=1 -d "$db" >/dev/null <<'SQL'
SET client_min_messages = warning;
CREATE EXTENSION cs_policy CASCADE;
SELECT cs_policy.create_department('C', 'Center', 'center');
SELECT cs_policy.hire_employee('A1', 'agent', 'C', 'agent', '2024-01-01', 5000);
SQL

open_sessions "$db"
history() {
    psql -X -At -d "$db" -c "SELECT string_agg(w.in_force || ' ' || w.monthly_wage, ', ' ORDER BY w.in_force)
                               FROM cs_policy.wage w JOIN cs_policy.employee e USING (employee_id) WHERE e.code = 'A1'"
}

echo "1..4"

# round 1: A raises from June and holds its transaction open; B corrects
# from March and must wait, then hold until June (A's change, recorded)
say 5 "BEGIN; SELECT cs_policy.set_wages('A1', 6000, effective => '2025-06-01'); SELECT 'a set';"
a=$(hear 6); [ "$a" = "a set" ] || a=$(hear 6)
say 7 "SELECT cs_policy.set_wages('A1', 7000, effective => '2025-03-01'); SELECT 'b set';"
sleep 1
if read -r -t 1 early <&8; then waited=0; else waited=1; fi
say 5 "COMMIT; SELECT 'a committed';"
a2=$(hear 6)
b=$(hear 8); [ "$b" = "b set" ] || b="$b | $(hear 8)"
check "the second change of A1's wages waits for the first" "$([ $waited = 1 ] && echo 0 || echo 1)" "B answered before A committed: $early"
check "and then sets its days around it" \
    "$([ "$(history)" = "[2024-01-01,2025-03-01) 5000.00, [2025-03-01,2025-06-01) 7000.00, [2025-06-01,) 6000.00" ] && echo 0 || echo 1)" \
    "a: $a / $a2; b: $b; history: $(history)"

# round 2: A holds the employee row first (as approve_application does),
# B's set_wages waits for it; A's own set_wages then goes through
say 5 "BEGIN; SELECT 'a locked' FROM cs_policy.employee WHERE code = 'A1' FOR UPDATE;"
a=$(hear 6)
say 7 "SELECT cs_policy.set_wages('A1', 8000, effective => '2025-09-01'); SELECT 'b set';"
sleep 1
say 5 "SELECT cs_policy.set_wages('A1', 6500, effective => '2025-06-01'); COMMIT; SELECT 'a committed';"
a2=$(hear 6); [ "$a2" = "a committed" ] || a2="$a2 | $(hear 6)"
b=$(hear 8); [ "$b" = "b set" ] || b="$b | $(hear 8)"
check "a session holding the employee row and setting wages does not deadlock with another's set_wages" \
    "$([ "$a2" = "[2025-06-01,) | a committed" ] && [ "$b" = "[2025-09-01,) | b set" ] && echo 0 || echo 1)" "a: $a / $a2; b: $b"
check "and both changes hold, each for its days" \
    "$([ "$(history)" = "[2024-01-01,2025-03-01) 5000.00, [2025-03-01,2025-06-01) 7000.00, [2025-06-01,2025-09-01) 6500.00, [2025-09-01,) 8000.00" ] && echo 0 || echo 1)" \
    "history: $(history)"
