#!/bin/bash
# test.sh (make test): set up, build with -Wall -Wextra -Werror, install,
# run pg_regress (sql/ -> expected/) and pgTAP (test/*.sql through pg_prove,
# test/*.sh through prove) on a throwaway cluster, and end with one line
# "N passed, N failed" summing pg_regress files and TAP assertions.
# ONLY=name runs just sql/name.sql and test/name.{sql,sh}; ONLY='a b c' those
# of each name (tools/valgrind.sh runs the suite in such parts).
set -euo pipefail
cd "$(dirname "$0")/.."
tools/setup.sh

# Warnings are errors here and in CI, not in the flags we ship. PostgreSQL's
# headers count as system headers, so that -Wextra judges our code only.
make -s clean >/dev/null
make -s PG_CFLAGS='-Wall -Wextra -Werror' PG_CPPFLAGS="-isystem $(pg_config --includedir-server)" >/dev/null
make -s install >/dev/null

. tools/cluster.sh
start_cluster

log="$(mktemp -d /tmp/cs_policy_test.XXXXXX)"
trap 'rm -rf "$log"; stop_cluster' EXIT
passed=0 failed=0 skipped=""

# --- pg_regress ---------------------------------------------------------
regress=$(make -s --no-print-directory print-regress)
if [ -n "${ONLY:-}" ]; then
    # (one line: make takes REGRESS as one word list)
    regress=$(for t in $regress; do for o in $ONLY; do if [ "$t" = "$o" ]; then printf '%s ' "$t"; fi; done; done)
fi
if [ -n "$regress" ]; then
    echo "== pg_regress: $regress"
    make -s installcheck REGRESS="$regress" >"$log/regress.out" 2>&1 || true
    grep -E '\.\.\. (ok|FAILED|failed)' "$log/regress.out" || cat "$log/regress.out"
    ok=$(grep -cE '\.\.\. ok' "$log/regress.out" || true)
    bad=$(grep -cE '\.\.\. (FAILED|failed)' "$log/regress.out" || true)
    if [ "$ok" -eq 0 ] && [ "$bad" -eq 0 ]; then bad=1; fi
    passed=$((passed + ok)); failed=$((failed + bad))
    [ -f regression.diffs ] && [ "$bad" -gt 0 ] && cat regression.diffs
fi

# --- pgTAP --------------------------------------------------------------
if [ -n "${ONLY:-}" ]; then
    tap_sql=$(for o in $ONLY; do ls "test/$o.sql" 2>/dev/null; done || true)
    tap_sh=$(for o in $ONLY; do ls "test/$o.sh" 2>/dev/null; done || true)
else
    tap_sql=$(ls test/*.sql)
    tap_sh=$(ls test/*.sh)
fi
show_tap() {    # the file lines, failures with their diagnostics, the summary
    grep -E '^(test/|not ok|[[:space:]]*#|Files=|Result:|Failed|Dubious|Parse errors|Bad plan)' "$1" || true
}
count_tap() {   # count_tap FILE EXIT_STATUS
    local ok bad
    ok=$(grep -cE '^[[:space:]]*ok [0-9]+' "$1" || true)
    bad=$(grep -cE '^[[:space:]]*not ok [0-9]+' "$1" || true)
    # A script that died or broke its plan failed even without "not ok".
    if [ "$2" -ne 0 ] && [ "$bad" -eq 0 ]; then bad=1; fi
    passed=$((passed + ok)); failed=$((failed + bad))
    # a file that skips itself (1..0 # SKIP why) is neither
    skipped="$skipped"$'\n'"$(grep -E '^[[:space:]]*1\.\.0 # SKIP' "$1" | sed 's/^[[:space:]]*1\.\.0 # SKIP/ skipped:/' || true)"
}
if [ -n "$tap_sql" ]; then
    echo "== pgTAP: $(echo $tap_sql)"
    psql -X -q -d postgres -c 'DROP DATABASE IF EXISTS cs_policy_tap' -c 'CREATE DATABASE cs_policy_tap'
    psql -X -q -d cs_policy_tap -v ON_ERROR_STOP=1 \
         -c 'SET client_min_messages = warning' \
         -c 'CREATE EXTENSION cs_policy CASCADE' -c 'CREATE EXTENSION pgtap'
    status=0
    pg_prove -v -d cs_policy_tap $tap_sql >"$log/tap.out" 2>&1 || status=$?
    show_tap "$log/tap.out"
    count_tap "$log/tap.out" "$status"
fi
if [ -n "$tap_sh" ]; then
    echo "== shell TAP: $(echo $tap_sh)"
    status=0
    prove -v --exec bash $tap_sh >"$log/sh.out" 2>&1 || status=$?
    show_tap "$log/sh.out"
    count_tap "$log/sh.out" "$status"
fi

[ -n "$skipped" ] && echo "$skipped" | sed '/^$/d'
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
