# tap.sh: sourced by the shell TAP tests under test/. check DESCRIPTION OK
# DETAIL prints the next "ok N - DESCRIPTION" when OK is 0, else "not ok N"
# and the detail as a TAP comment; open_sessions (below) opens two sessions.
n=0
check() {
    n=$((n + 1))
    if [ "$2" = 0 ]; then echo "ok $n - $1"; else echo "not ok $n - $1"; echo "#   $3"; fi
}

# session_database DB: a fresh database DB for a test of concurrency,
# dropped on exit with the sessions of open_sessions and their fifos
session_database() {
    session_db=$1
    psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $session_db" -c "CREATE DATABASE $session_db" >/dev/null
    trap 'exec 5>&- 7>&- 2>/dev/null; wait; psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $session_db" >/dev/null 2>&1; rm -rf "${fifos:-}"' EXIT
}

# open_sessions DB: two psql sessions on DB for tests of concurrency,
# session A written to with `say 5 SQL` and heard with `hear 6`, session B
# with 7 and 8 (errors terse, one line each). The fifos are in $fifos.
open_sessions() {
    fifos=$(mktemp -d)
    mkfifo "$fifos/a_in" "$fifos/a_out" "$fifos/b_in" "$fifos/b_out"
    psql -X -q -At -v ON_ERROR_STOP=0 -v VERBOSITY=terse -d "$1" <"$fifos/a_in" >"$fifos/a_out" 2>&1 &
    exec 5>"$fifos/a_in" 6<"$fifos/a_out"
    psql -X -q -At -v ON_ERROR_STOP=0 -v VERBOSITY=terse -d "$1" <"$fifos/b_in" >"$fifos/b_out" 2>&1 &
    exec 7>"$fifos/b_in" 8<"$fifos/b_out"
}
say() { echo "$2" >&"$1"; }
hear() { local line; read -r -t 30 line <&"$1" || line="(no answer)"; echo "$line"; }
