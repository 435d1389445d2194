#!/bin/bash
# demo.sh (make demo): set up, build, install, load the demo center into a
# throwaway cluster (or the server PGHOST/PGDATABASE name) and print its report.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/setup.sh
make -s >/dev/null
make -s install >/dev/null
. tools/cluster.sh
start_cluster
psql -X -q -v ON_ERROR_STOP=1 -f tools/demo-report.sql
