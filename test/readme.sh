#!/bin/bash
# README.md stays true: its tables of the close's BI views (between the
# bi-views markers) are what the catalog's comments say (tools/bi-views.sql).
set -u
cd "$(dirname "$0")/.."
db=cs_policy_readme_test
psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" >/dev/null 2>&1
trap 'psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1' EXIT
psql -X -q -d "$db" -c 'SET client_min_messages = warning' -c 'CREATE EXTENSION cs_policy CASCADE' >/dev/null
echo 1..1
want=$(psql -X -At -d "$db" -f tools/bi-views.sql)
have=$(sed -n '/^<!-- bi-views: /,/^<!-- \/bi-views -->/p' README.md | sed '1d;$d')
if [ "$want" = "$have" ]; then
    echo "ok 1 - README's BI view tables are the catalog's column comments"
else
    echo "not ok 1 - README's BI view tables are the catalog's column comments"
    diff <(echo "$have") <(echo "$want") | sed 's/^/# /' | head -40
fi
