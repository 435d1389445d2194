# cluster.sh: sourced by demo.sh and test.sh. start_cluster either uses the
# server that PGHOST or PGDATABASE names or starts a throwaway one: a fresh
# data directory in a temp dir, owned by postgres when we are root (the
# server refuses to run as root), listening only on a unix socket in that
# directory under a private port. It is stopped and removed on exit, on
# failure and on Ctrl-C, unless KEEP=1.

cs_tmp=""
cs_bindir="$(pg_config --bindir)"

stop_cluster() {
    [ -n "$cs_tmp" ] || return 0
    if [ "${KEEP:-0}" = 1 ]; then
        echo
        echo "The cluster is still running. Explore it with:"
        echo "    psql -h $PGHOST -p $PGPORT -U $PGUSER $PGDATABASE"
        echo "Stop and remove it with:"
        echo "    $(as_owner_text) $cs_bindir/pg_ctl -D $cs_tmp/data stop && rm -rf $cs_tmp"
        return 0
    fi
    as_owner "$cs_bindir/pg_ctl" -D "$cs_tmp/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$cs_tmp"
    cs_tmp=""
}

as_owner() {
    if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
as_owner_text() {
    if [ "$(id -u)" -eq 0 ]; then echo "runuser -u postgres --"; fi
}

start_cluster() {
    if [ -n "${PGHOST:-}" ] || [ -n "${PGDATABASE:-}" ]; then
        echo "using the server that PGHOST/PGPORT/PGDATABASE name" >&2
        return 0
    fi
    cs_tmp="$(mktemp -d /tmp/cs_policy.XXXXXX)"
    trap stop_cluster EXIT
    trap 'exit 130' INT TERM
    if [ "$(id -u)" -eq 0 ]; then chown postgres: "$cs_tmp"; fi
    chmod 700 "$cs_tmp"
    as_owner "$cs_bindir/initdb" -D "$cs_tmp/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 \
        >"$cs_tmp/initdb.log" 2>&1 || { cat "$cs_tmp/initdb.log" >&2; return 1; }
    local port=$((50000 + RANDOM % 10000))
    as_owner "$cs_bindir/pg_ctl" -D "$cs_tmp/data" -l "$cs_tmp/server.log" -w \
        -o "-c listen_addresses='' -k $cs_tmp -p $port -c fsync=off -c timezone=Asia/Shanghai" start >/dev/null \
        || { cat "$cs_tmp/server.log" >&2; return 1; }
    export PGHOST="$cs_tmp" PGPORT="$port" PGUSER=postgres PGDATABASE=postgres
    echo "throwaway cluster at $PGHOST, port $PGPORT" >&2
}
