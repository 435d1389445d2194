#!/bin/bash
# citus.sh: the scale-out check, run by hand (not in CI).
#
#   tools/citus.sh [CITUS_SRC=<dir>]      KEEP=1 leaves the servers running
#
# It builds and installs cs_policy (and Citus from CITUS_SRC when Citus is
# not installed), then starts, in one temp dir, four throwaway PostgreSQL
# servers listening on 127.0.0.1 only, at private ports: a plain single node
# and a Citus cluster of a coordinator and two workers. On the cluster it
# loads the same demo center in both orders, in two databases:
#   cs_dist_first   CREATE EXTENSION, cs_policy.distribute(), demo_center
#   cs_load_first   CREATE EXTENSION, demo_center, cs_policy.distribute()
# and on the single node it loads the demo center alone. Then it checks
#   reads      every main read of tools/citus/reads.sql gives the same rows
#              (md5 and count) on each cluster database as on the single node;
#   commands   each command of tools/citus/commands.sql has the same outcome
#              (its result or its SQLSTATE) on the single node and on each
#              cluster database, and afterwards every cs_policy table holds
#              the same rows (tools/citus/tables.sql);
#   pushdown   a per-employee read goes to the shards of one shard group
#              on one node (or is one call delegated to one node), and a
#              month-wide read to shards on both workers: the remote
#              commands the coordinator issues (citus.log_remote_commands)
#              are counted, by shard, shard group and node.
# One TAP-like line per check, then "N passed, N failed"; it exits non-zero
# when anything failed. A server that crashed (a failed check says so) is
# waited for, up to 60 s, before the next check. VERBOSE=1 prints the
# remote commands of the pushdown checks.
set -euo pipefail
cd "$(dirname "$0")/.."
here="$PWD/tools/citus"

for arg in "$@"; do
    case "$arg" in
        CITUS_SRC=*) CITUS_SRC="${arg#CITUS_SRC=}" ;;
        *) echo "usage: tools/citus.sh [CITUS_SRC=<citus source dir>]" >&2; exit 2 ;;
    esac
done

if [ "$(id -u)" -eq 0 ]; then
    as_pg() { runuser -u postgres -- "$@"; }
    as_pg_text="runuser -u postgres -- "
else
    as_pg() { "$@"; }
    as_pg_text=""
fi
bindir="$(pg_config --bindir)"
pkglibdir="$(pg_config --pkglibdir)"
month=2026-10-01
agents=60

# --- Citus and cs_policy ---------------------------------------------------
if [ ! -f "$pkglibdir/citus.so" ]; then
    if [ -z "${CITUS_SRC:-}" ]; then
        cat >&2 <<EOF
Citus is not installed in $pkglibdir. Fetch its source and let this script
build it:
    git clone --branch v13.2.2 --depth 1 https://github.com/citusdata/citus.git /tmp/citus
    tools/citus.sh CITUS_SRC=/tmp/citus
(on PostgreSQL 15.18 or later, first guard have_createdb_privilege in
src/include/pg_version_compat.h with "#if PG_VERSION_NUM < 150018"; see README.md)
EOF
        exit 1
    fi
    echo "# building Citus from $CITUS_SRC" >&2
    (cd "$CITUS_SRC" && ./configure --without-libcurl >/dev/null && make -s -j2 >/dev/null && make -s install >/dev/null)
fi
echo "# building and installing cs_policy" >&2
make -s >/dev/null
make -s install >/dev/null

# --- four throwaway servers --------------------------------------------------
tmp=""
nodes=(single coord worker1 worker2)
declare -A port
stop_all() {
    [ -n "$tmp" ] || return 0
    if [ "${KEEP:-0}" = 1 ]; then
        echo "#"
        echo "# The servers are still running. Connect with:"
        for n in "${nodes[@]}"; do
            echo "#     psql -h 127.0.0.1 -p ${port[$n]} -U postgres    # $n"
        done
        echo "# databases: cs_single (single), cs_dist_first and cs_load_first (cluster)"
        echo "# Stop and remove them with:"
        echo "#     for n in ${nodes[*]}; do ${as_pg_text}$bindir/pg_ctl -D $tmp/\$n stop; done; rm -rf $tmp"
        return 0
    fi
    for n in "${nodes[@]}"; do
        [ -f "$tmp/$n/postmaster.pid" ] &&
            as_pg "$bindir/pg_ctl" -D "$tmp/$n" -m immediate -w stop >/dev/null 2>&1 || true
    done
    rm -rf "$tmp"
    tmp=""
}
trap stop_all EXIT
trap 'exit 130' INT TERM

tmp="$(mktemp -d /tmp/cs_policy_citus.XXXXXX)"
[ "$(id -u)" -eq 0 ] && chown postgres: "$tmp"
chmod 700 "$tmp"

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
for try in $(seq 20); do
    base=$((40000 + RANDOM % 5000))
    ok=1
    for i in 0 1 2 3; do port_free $((base + i)) || ok=0; done
    [ "$ok" = 1 ] && break
done
[ "$ok" = 1 ] || { echo "no four free ports found" >&2; exit 1; }
i=0
for n in "${nodes[@]}"; do port[$n]=$((base + i)); i=$((i + 1)); done

for n in "${nodes[@]}"; do
    as_pg "$bindir/initdb" -D "$tmp/$n" -U postgres -A trust -E UTF8 --locale=C.UTF-8 \
        >"$tmp/initdb-$n.log" 2>&1 || { cat "$tmp/initdb-$n.log" >&2; exit 1; }
    {
        echo "listen_addresses = '127.0.0.1'"
        echo "unix_socket_directories = ''"
        echo "port = ${port[$n]}"
        echo "fsync = off"
        echo "timezone = 'Asia/Shanghai'"
        echo "max_connections = 200"
        if [ "$n" != single ]; then
            echo "shared_preload_libraries = 'citus'"
            echo "citus.log_remote_commands = off"
        fi
    } >>"$tmp/$n/postgresql.conf"
    printf 'local all all trust\nhost all all 127.0.0.1/32 trust\n' >"$tmp/$n/pg_hba.conf"
    as_pg "$bindir/pg_ctl" -D "$tmp/$n" -l "$tmp/$n.log" -w start >/dev/null ||
        { cat "$tmp/$n.log" >&2; exit 1; }
done
echo "# servers in $tmp: single ${port[single]}, coordinator ${port[coord]}, workers ${port[worker1]} ${port[worker2]}" >&2

# sql NODE DB [psql options]: run psql, the script on stdin
sql() {
    local n="$1" db="$2"; shift 2
    psql -X -At -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "${port[$n]}" -U postgres -d "$db" "$@"
}
# settle: after a check, wait (60 s at most) for any server that is not
# accepting connections (it crashed and recovers), so that one crash fails
# one check, not every check after it
settle() {
    local n i
    for n in "${nodes[@]}"; do
        "$bindir/pg_isready" -q -h 127.0.0.1 -p "${port[$n]}" && continue
        echo "# $n (port ${port[$n]}) is not accepting connections: waiting" >&2
        for i in $(seq 60); do
            sleep 1
            "$bindir/pg_isready" -q -h 127.0.0.1 -p "${port[$n]}" && break
        done
    done
}
# what a crashed or refused connection prints, besides ERROR and FATAL
crash_re='SSL SYSCALL error|server closed the connection|connection to server was lost|not yet accepting connections'
# the clock at UTC, to the second
utc_now() { date -u "$@" '+%Y-%m-%d %H:%M:%S+00'; }

# --- the databases -----------------------------------------------------------
quiet='SET client_min_messages = warning;'
demo="SELECT cs_policy.demo_center(agents => $agents, month => '$month') IS NOT NULL;"
t0=$SECONDS
# From here on, now() on any server is later than this: tables.sql masks
# the timestamps from t_load to the end of the commands.
t_load="$(utc_now)"
sql single postgres -q -c 'CREATE DATABASE cs_single'
sql single cs_single -q <<<"$quiet CREATE EXTENSION cs_policy CASCADE; $demo" >/dev/null &
single_load=$!

setup_citus_db() {     # setup_citus_db DB: the database on all three, a cluster
    local db="$1" n
    for n in coord worker1 worker2; do
        sql "$n" postgres -q -c "CREATE DATABASE $db"
        sql "$n" "$db" -q -c "$quiet CREATE EXTENSION citus"
    done
    sql coord "$db" -q <<EOS >/dev/null
$quiet
SELECT citus_set_coordinator_host('127.0.0.1', ${port[coord]});
SELECT citus_add_node('127.0.0.1', ${port[worker1]});
SELECT citus_add_node('127.0.0.1', ${port[worker2]});
EOS
}
setup_citus_db cs_dist_first
setup_citus_db cs_load_first
# Both orders at once; a failure of either is reported and counted below.
(sql coord cs_dist_first -q <<<"$quiet CREATE EXTENSION cs_policy CASCADE; SELECT cs_policy.distribute(); $demo" \
    >/dev/null 2>"$tmp/load-cs_dist_first.err") &
dist_load=$!
(sql coord cs_load_first -q <<<"$quiet CREATE EXTENSION cs_policy CASCADE; $demo SELECT cs_policy.distribute();" \
    >/dev/null 2>"$tmp/load-cs_load_first.err") &
load_dist=$!
wait "$single_load" || { echo "the demo center does not load on the single node" >&2; exit 1; }
echo "# single node loaded in $((SECONDS - t0))s" >&2

n_check=0 passed=0 failed=0
ok()     { n_check=$((n_check + 1)); passed=$((passed + 1)); echo "ok $n_check - $*"; }
not_ok() { n_check=$((n_check + 1)); failed=$((failed + 1)); echo "not ok $n_check - $*"; }
first_error() {    # the first error message of a psql stderr file
    { grep -m1 -E "^(psql:.*)?(ERROR|FATAL):|$crash_re" "$1" || head -1 "$1"; } | sed -E 's/^psql:[^:]*:[0-9]+: //'
}

dbs=()      # the cluster databases that loaded
for pair in "cs_dist_first:$dist_load" "cs_load_first:$load_dist"; do
    db="${pair%%:*}"
    if wait "${pair#*:}"; then
        ok "load $db"
        dbs+=("$db")
    else
        not_ok "load $db: $(first_error "$tmp/load-$db.err")"
    fi
done
echo "# cluster loaded in $((SECONDS - t0))s" >&2

# split FILE KIND DIR: the entries of FILE ("-- KIND: <label>" and the text up
# to the next one) into DIR/NNN.label and DIR/NNN.sql
split_entries() {
    mkdir -p "$3"
    awk -v kind="$2" -v dir="$3" '
        index($0, "-- " kind ": ") == 1 { n++; f = sprintf("%s/%03d", dir, n)
                                          print substr($0, length(kind) + 6) > (f ".label"); close(f ".label"); next }
        /^-- [a-z]+: / { f = ""; next }          # an entry of another kind
        f && !/^--/ { print > (f ".sql") }' "$1"
}
all_dbs=(cs_single "${dbs[@]}")
node_of() { [ "$1" = cs_single ] && echo single || echo coord; }

# --- params --------------------------------------------------------------------
params="$tmp/params.sql"
{ echo "\\set month $month"; cat "$here/params.sql"; } >"$params"
for db in "${all_dbs[@]}"; do
    { cat "$params"; echo '\echo :emp_code :ecom_code :repair_code :busy_code :complaint :repair_complaint :conversation :emp :ecom :repair :busy :team :handover'; } |
        sql "$(node_of "$db")" "$db" -q >"$tmp/params-$db.out" 2>"$tmp/params-$db.err" || echo ERROR >>"$tmp/params-$db.out"
done
echo "# params on cs_single: $(cat "$tmp/params-cs_single.out")"
for db in "${dbs[@]}"; do
    if grep -q ERROR "$tmp/params-$db.out"; then
        not_ok "params $db: $(first_error "$tmp/params-$db.err")"
    elif ! cmp -s "$tmp/params-cs_single.out" "$tmp/params-$db.out"; then
        not_ok "params $db differ: $(cat "$tmp/params-$db.out")"
    else
        ok "params $db"
    fi
done

# --- reads ---------------------------------------------------------------------
# The rows are compared as text, with the instants made by now() during the
# loads masked: a timestamp of the days of the run (at +08, the servers'
# timezone) with a fraction of a second (the demo's and the reads' fixed
# instants have none).
run_days="$(for d in "$t_load" "$(utc_now)"; do TZ=Asia/Shanghai date -d "$d" +%F; done | sort -u | paste -sd'|')"
now_re="($run_days)[ T][0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]+\+08(:00)?"
split_entries "$here/reads.sql" read "$tmp/reads"
for q in "$tmp"/reads/*.sql; do
    label="$(cat "${q%.sql}.label")"
    query="$(sed -e 's/;[[:space:]]*$//' "$q")"
    for db in "${all_dbs[@]}"; do
        out="$tmp/read-$db"
        if { cat "$params"
             # OFFSET 0: Citus 13.2.2 crashes planning a distributed
             # function's call in a subquery (TryToDelegateFunctionCall)
             printf "SELECT md5(coalesce(string_agg(r, E'\\\\n' ORDER BY r), '')) || ' ' || count(*) FROM (SELECT regexp_replace(t::text, '%s', '<now>', 'g') AS r FROM (\n%s\nOFFSET 0) t) m;\n" "$now_re" "$query"
           } | sql "$(node_of "$db")" "$db" -q >"$out.out" 2>"$out.err"; then
            :
        else
            echo "ERROR" >"$out.out"
        fi
        settle
    done
    if ! grep -q ERROR "$tmp/read-cs_single.out"; then :; else
        not_ok "read $label: on the single node: $(first_error "$tmp/read-cs_single.err")"
        continue
    fi
    rows="$(cut -d' ' -f2 "$tmp/read-cs_single.out")"
    for db in "${dbs[@]}"; do
        if grep -q ERROR "$tmp/read-$db.out"; then
            not_ok "read $label [$db]: $(first_error "$tmp/read-$db.err")"
        elif ! cmp -s "$tmp/read-cs_single.out" "$tmp/read-$db.out"; then
            not_ok "read $label [$db]: md5 differs ($(cut -d' ' -f2 "$tmp/read-$db.out") rows, single node $rows)"
        else
            ok "read $label [$db] ($rows rows)"
        fi
    done
done

# --- roles ---------------------------------------------------------------------
# What logins of three jobs see (tools/citus/roles.sql): the same rows, or
# the same refusal, on the cluster as on the single node.
sql_as() {  # sql_as NODE DB LOGIN [psql options]
    local n="$1" db="$2" login="$3"; shift 3
    psql -X -At -v ON_ERROR_STOP=1 -v VERBOSITY=sqlstate -h 127.0.0.1 -p "${port[$n]}" -U "$login" -d "$db" "$@"
}
split_entries "$here/roles.sql" setup "$tmp/roles-setup"
split_entries "$here/roles.sql" read "$tmp/roles"
for db in "${all_dbs[@]}"; do
    if { cat "$params"; cat "$tmp"/roles-setup/*.sql; } | sql "$(node_of "$db")" "$db" -q >/dev/null 2>"$tmp/roles-setup-$db.err"; then
        ok "roles set up [$db]"
    else
        not_ok "roles set up [$db]: $(first_error "$tmp/roles-setup-$db.err")"
    fi
done
for q in "$tmp"/roles/*.sql; do
    label="$(cat "${q%.sql}.label")"
    login="${label%% |*}"
    for_login=""
    if [[ "$login" == *" for "* ]]; then for_login="${login##* for }"; login="${login%% for *}"; fi
    query="$(sed -e 's/;[[:space:]]*$//' "$q")"
    for db in "${all_dbs[@]}"; do
        out="$tmp/role-$db"
        emp="$(cut -d' ' -f8 "$tmp/params-$db.out")"
        begin="" end=""
        if [ -n "$for_login" ]; then
            # the pooled app names the employee for one transaction
            begin="BEGIN; SELECT cs_policy.act_as('$(sql "$(node_of "$db")" "$db" -c "SELECT code FROM cs_policy.employee WHERE login = '$for_login'")') \\g /dev/null"
            end="COMMIT;"
        fi
        if printf "\\set month %s\n\\set emp %s\n\\set later '%s'\n%s\nSELECT md5(coalesce(string_agg(r, E'\\\\n' ORDER BY r), '')) || ' ' || count(*) FROM (SELECT t::text AS r FROM (\n%s\nOFFSET 0) t) m;\n%s\n" \
                  "$month" "$emp" "$(date -d "$month + 1 month + 14 days" +%F)" "$begin" "$query" "$end" |
           sql_as "$(node_of "$db")" "$db" "$login" -q >"$out.out" 2>"$out.err"; then
            :
        else
            echo "ERROR $(grep -m1 -oE '(ERROR|FATAL): +[0-9A-Z]{5}' "$out.err" | grep -oE '[0-9A-Z]{5}$')" >"$out.out"
        fi
        settle
    done
    single="$(cat "$tmp/role-cs_single.out")"
    for db in "${dbs[@]}"; do
        mine="$(cat "$tmp/role-$db.out")"
        if [ "$mine" = "$single" ] && [ "${single%% *}" = ERROR ]; then
            ok "as $label [$db] (refused alike: ${single#ERROR })"
        elif [ "$mine" = "$single" ]; then
            ok "as $label [$db] (${single#* } rows)"
        else
            not_ok "as $label [$db]: ${mine#* } rows or ${mine%% *}; single node: ${single#* } (${single%% *})$( [ "${mine%% *}" = ERROR ] && echo ": $(head -1 "$tmp/role-$db.err")")"
        fi
    done
done

# --- commands ------------------------------------------------------------------
split_entries "$here/commands.sql" command "$tmp/commands"
today="$(TZ=Asia/Shanghai date +%F)"
{
    echo "\\set ON_ERROR_STOP 0"
    for q in "$tmp"/commands/*.sql; do
        echo "\\echo '@@begin $(basename "$q" .sql)'"
        body="$(sed -e 's/[[:space:]]*$//' "$q" | sed -e '/^$/d')"
        case "$body" in *'\gset'|*';') echo "$body" ;; *) echo "$body;" ;; esac
        echo '\if :ERROR'
        echo "\\echo '@@error' :SQLSTATE :'LAST_ERROR_MESSAGE'"
        echo '\else'
        echo "\\echo '@@ok'"
        echo '\endif'
    done
} >"$tmp/commands.psql"
for db in "${all_dbs[@]}"; do
    sql "$(node_of "$db")" "$db" -q -v ON_ERROR_STOP=0 -f "$tmp/commands.psql" 2>"$tmp/commands-$db.err" |
        sed -E "s/$today [0-9:.]+\+08/<now>/g" >"$tmp/commands-$db.out" || true
    settle
    # one file per entry: its output and its outcome
    mkdir -p "$tmp/cmd-$db"
    awk -v dir="$tmp/cmd-$db" '/^@@begin /{ f = dir "/" $2; printf "" > f; next } f { print >> f }' "$tmp/commands-$db.out"
done
for q in "$tmp"/commands/*.sql; do
    n="$(basename "$q" .sql)"
    label="$(cat "$tmp/commands/$n.label")"
    single="$tmp/cmd-cs_single/$n"
    s_outcome="$(grep '^@@' "$single" 2>/dev/null | head -1 || true)"
    for db in "${dbs[@]}"; do
        mine="$tmp/cmd-$db/$n"
        outcome="$(grep '^@@' "$mine" 2>/dev/null | head -1 || true)"
        if [ -z "$outcome" ]; then
            not_ok "command $label [$db]: not run, the session ended: $(first_error "$tmp/commands-$db.err")"
        elif [ -z "$s_outcome" ]; then
            not_ok "command $label [$db]: not run on the single node, the session ended: $(first_error "$tmp/commands-cs_single.err")"
        elif [ "${outcome%% *}" = @@error ] && [ "${s_outcome%% *}" != @@error ]; then
            not_ok "command $label [$db]: ${outcome#@@error }"
        elif [ "${outcome%% *}" != @@error ] && [ "${s_outcome%% *}" = @@error ]; then
            not_ok "command $label [$db]: succeeds, but fails on the single node: ${s_outcome#@@error }"
        elif [ "${outcome%% *}" = @@error ]; then
            if [ "$(cut -d' ' -f2 <<<"$outcome")" = "$(cut -d' ' -f2 <<<"$s_outcome")" ]; then
                ok "command $label [$db] (fails alike: ${outcome#@@error })"
            else
                not_ok "command $label [$db]: ${outcome#@@error }; single node: ${s_outcome#@@error }"
            fi
        elif ! cmp -s "$single" "$mine"; then
            not_ok "command $label [$db]: result differs: $(grep -v '^@@' "$mine" | head -3 | tr '\n' ' ')/ single node: $(grep -v '^@@' "$single" | head -3 | tr '\n' ' ')"
        else
            ok "command $label [$db]"
        fi
    done
done

# --- the tables after the commands ---------------------------------------------
t_end="$(utc_now -d '+1 second')"
for db in "${all_dbs[@]}"; do
    sql "$(node_of "$db")" "$db" -F ' ' -v t0="$t_load" -v t1="$t_end" -f "$here/tables.sql" >"$tmp/tables-$db.out" 2>"$tmp/tables-$db.err" || true
    settle
done
while read -r table md5 rows; do
    for db in "${dbs[@]}"; do
        theirs="$(grep "^$table " "$tmp/tables-$db.out" || true)"
        if [ -z "$theirs" ]; then
            not_ok "table $table [$db]: not read: $(first_error "$tmp/tables-$db.err")"
        elif [ "$theirs" != "$table $md5 $rows" ]; then
            not_ok "table $table [$db]: md5 differs ($(cut -d' ' -f3 <<<"$theirs") rows, single node $rows)"
        else
            ok "table $table [$db] ($rows rows)"
        fi
    done
done <"$tmp/tables-cs_single.out"

# --- pushdown ------------------------------------------------------------------
# Each check runs its read on the coordinator with citus.log_remote_commands
# and reads where the commands went: the shards they name (of distributed
# tables; reference tables are everywhere), their shard groups (the shard
# index: colocated shards of one hash range) and the nodes. A read that
# names no shard but calls a cs_policy function on one node is a delegated
# call. (Not EXPLAIN with auto_explain: auto_explain of statements inside
# PL/pgSQL functions makes Citus 13.2.2 fail with "cache lookup failed for
# type", reading PL/pgSQL's parameters in FetchRemoteExplainFromWorkers.)
split_entries "$here/pushdown.sql" router "$tmp/router"
split_entries "$here/pushdown.sql" set "$tmp/set"
split_entries "$here/pushdown.sql" filtered "$tmp/filtered"
for db in "${dbs[@]}"; do
    sql coord "$db" -F ' ' -c "SELECT s.shardid, s.logicalrelid::regclass,
                                      row_number() OVER (PARTITION BY s.logicalrelid ORDER BY s.shardminvalue::integer)
                                 FROM pg_dist_shard s JOIN pg_dist_partition p USING (logicalrelid)
                                WHERE p.partmethod = 'h'" >"$tmp/shards-$db" 2>/dev/null || true
done
for shape in router set filtered; do
    for q in "$tmp/$shape"/*.sql; do
        [ -f "$q" ] || continue
        label="$(cat "${q%.sql}.label")"
        query="$(sed -e 's/;[[:space:]]*$//' "$q")"
        for db in "${dbs[@]}"; do
            out="$tmp/remote-$db"
            { cat "$params"
              echo "SET citus.log_remote_commands = on; SET client_min_messages = log;"
              printf "SELECT count(*) FROM (\n%s\nOFFSET 0) t;\n" "$query"
            } | sql coord "$db" -q >"$out.out" 2>&1 || true
            settle
            if [ "${VERBOSE:-0}" = 1 ]; then sed 's/^/#   /' "$out.out"; fi
            # one line per remote command: "shard PORT SHARDID INDEX" for
            # each shard of a distributed table it names, else "call PORT"
            # when it calls a cs_policy function, else "other PORT"
            awk -v shards="$tmp/shards-$db" '
                BEGIN { while ((getline line < shards) > 0) { split(line, f, " "); idx[f[1]] = f[3] } }
                /^(NOTICE|LOG):  issuing / { cmd = $0; open_cmd = 1; next }
                open_cmd && /^DETAIL:  on server / {
                    p = $0; sub(/^[^@]*@[^:]*:/, "", p); sub(/[^0-9].*$/, "", p)
                    rest = cmd; n = 0
                    while (match(rest, /cs_policy\.[a-z_]+_[0-9]+/)) {
                        id = substr(rest, RSTART, RLENGTH); rest = substr(rest, RSTART + RLENGTH)
                        sub(/^.*_/, "", id)
                        if (id in idx) { print "shard", p, id, idx[id]; n++ }
                    }
                    if (n == 0) print (cmd ~ /cs_policy\.[a-z_]+\(/ ? "call" : "other"), p
                    open_cmd = 0; next }
                open_cmd { cmd = cmd " " $0 }' "$out.out" >"$out.remote"
            # filtered: every command that reads a shard carries the
            # employee filter of the query (employee_id = :var)
            unfiltered=0
            if [ "$shape" = filtered ]; then
                var="$(grep -oE 'employee_id = :[a-z_]+' "$q" | head -1 | sed 's/.*://')"
                want="$({ cat "$params"; echo "SELECT :$var;"; } | sql coord "$db" -q -At 2>/dev/null | tail -1)"
                unfiltered="$(awk -v want="$want" '
                    /^(NOTICE|LOG):  issuing / { cmd = $0; open_cmd = 1; next }
                    open_cmd && /^DETAIL:  on server / {
                        if (cmd ~ /cs_policy\.[a-z_]+_[0-9]+/ && cmd !~ ("employee_id (=|OPERATOR\\(pg_catalog\\.=\\)) \047?" want "\047?[^0-9]")) n++
                        open_cmd = 0; next }
                    open_cmd { cmd = cmd " " $0 }
                    END { print n + 0 }' "$out.out")"
            fi
            shard_ports="$(awk '$1 == "shard" { print $2 }' "$out.remote" | sort -u | tr '\n' ' ')"
            n_shards="$(awk '$1 == "shard" { print $3 }' "$out.remote" | sort -u | wc -l)"
            n_groups="$(awk '$1 == "shard" { print $4 }' "$out.remote" | sort -u | wc -l)"
            call_ports="$(awk '$1 == "call" { print $2 }' "$out.remote" | sort -u | tr '\n' ' ')"
            n_ports=$(wc -w <<<"$shard_ports")
            if [ "$n_shards" -gt 0 ]; then
                shape_text="$n_shards shards in $n_groups shard groups on nodes ${shard_ports% }"
            elif [ -n "$call_ports" ]; then
                shape_text="no shard named; cs_policy calls sent to nodes ${call_ports% }"
            else
                shape_text="no remote command"
            fi
            if grep -qE "ERROR:|FATAL:|$crash_re" "$out.out"; then
                not_ok "pushdown $shape: $label [$db]: $(first_error "$out.out")"
            elif [ "$n_shards" -eq 0 ] && [ -z "$call_ports" ]; then
                not_ok "pushdown $shape: $label [$db]: no remote command (its queries read the coordinator's local tables)"
            elif [ "$shape" = router ] && [ "$n_shards" -eq 0 ]; then
                if [ "$(wc -w <<<"$call_ports")" -eq 1 ]; then
                    ok "pushdown $shape: $label [$db] (a call delegated to node ${call_ports% })"
                else
                    not_ok "pushdown $shape: $label [$db]: not on one node ($shape_text)"
                fi
            elif [ "$shape" = router ] && { [ "$n_groups" -ne 1 ] || [ "$n_ports" -ne 1 ]; }; then
                not_ok "pushdown $shape: $label [$db]: not one shard group on one node ($shape_text)"
            elif [ "$shape" = filtered ] && [ "$unfiltered" -gt 0 ]; then
                not_ok "pushdown $shape: $label [$db]: $unfiltered shard command(s) without the employee's filter ($shape_text)"
            elif [ "$shape" != router ] && ! { [[ " $shard_ports" == *" ${port[worker1]} "* ]] && [[ " $shard_ports" == *" ${port[worker2]} "* ]]; }; then
                not_ok "pushdown $shape: $label [$db]: not on both workers ($shape_text)"
            else
                ok "pushdown $shape: $label [$db] ($shape_text)"
            fi
        done
    done
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
