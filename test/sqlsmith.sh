#!/bin/bash
# The short sqlsmith pass of make test: 1,000 random queries as the
# superuser and 1,000 as an agent (tools/sqlsmith.sh, on a throwaway
# cluster of its own holding the demo center); no query may crash the
# server or fail an assertion. The long pass is tools/sqlsmith.sh 100000.
set -u
cd "$(dirname "$0")/.."
. tools/tap.sh
echo "1..2"
out=$(tools/sqlsmith.sh 1000 1 2>&1)
status=$?
summary=$(echo "$out" | tail -1)
check "sqlsmith ran 2,000 queries ($summary)" "$(echo "$summary" | grep -q '^sqlsmith: 2000 queries' && echo 0 || echo 1)" "$out"
check "no query crashed the server or failed an assertion" "$status" "$out"
echo "$out" | sed 's/^/# /'
