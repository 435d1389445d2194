#!/bin/bash
# valgrind.sh: make test with every server under Valgrind's memcheck, on a
# PostgreSQL 15 built for it from source (assertions, debug info, -O1,
# USE_VALGRIND so that memory contexts tell memcheck what is allocated),
# and a summary of what memcheck and the assertions found (issue 16).
#
#   tools/valgrind.sh                  the whole suite (hours: servers run 20-50x slower)
#   ONLY=ladder tools/valgrind.sh      one test, as make test ONLY=ladder (ONLY='a b': several)
#   PART=2/5 tools/valgrind.sh         the 2nd of 5 parts of the suite (its test names in
#                                      order, cut in 5 runs of about equal count): a
#                                      run of the whole suite in parts, each part's
#                                      summary naming the part and the commit tested
#   WORKTREE=1 tools/valgrind.sh       test the working tree instead of the committed HEAD
#
# Everything lives under VG (default /work/vg): the PostgreSQL source
# ($VG/postgres), its installation ($VG/pg), the copy of cs_policy that is
# built and tested ($VG/src), and the logs ($VG/logs: one Valgrind log per
# process, %p.log, and each postmaster's stderr as server.<pid>.log, kept
# after the throwaway clusters are gone). The tree this script sits in is
# only read: nothing is built in it, nothing is installed into the Debian
# PostgreSQL.
#
# The PostgreSQL source, first that exists:
#   PGSRC=/path/to/postgres   a source tree (a git clone or an unpacked tarball)
#   a git mirror under /work/.mirror/postgres+postgres: its newest REL_15_n
#                             tag, or PGREF (e.g. PGREF=REL_15_STABLE)
#   Debian's source package postgresql-15 (apt, deb-src lists of its own
#                             under $VG/apt): the pristine upstream tarball
#                             of the newest 15.x, without Debian's patches
# On a fresh machine either of these gives a PGSRC:
#   git clone https://github.com/postgres/postgres -b REL_15_STABLE
#   apt-get source postgresql-15      (needs a deb-src line)
# The build is skipped when $VG/pg was built from the same source (commit or
# tarball) with the same options.
#
# Other knobs: VG_SKIP (test names to leave out, default close_race, see
# skip_reason), TIMEBOX (minutes: stop the suite after so long and
# summarise what finished; unset, empty or 0: no time box), TRACK_ORIGINS
# (default yes; no runs the suite about twice as fast, and an error it finds
# is then rerun with ONLY=that test to learn where the bad value came
# from), SLOWDOWN (default 50: the factor for the timing
# bounds raised below), SUMMARY_ONLY=1 (summarise the last run's logs again).
#
# The summary: the suite's line "N passed, N failed"; Valgrind's errors (the
# blocks between VALGRINDERROR-BEGIN and -END in $VG/logs/<pid>.log), those
# with a cs_policy frame in either stack (where it happened, or where the
# bad value came from) each with its stack, and the assertion failures
# (TRAP: in the servers' logs), all ending in one line
#   valgrind: N errors (M in cs_policy frames), K assertion failures; tests: X passed, Y failed
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
VG="$(mkdir -p "${VG:-/work/vg}" && cd "${VG:-/work/vg}" && pwd)"
SLOWDOWN=${SLOWDOWN:-50}
VG_SKIP=${VG_SKIP-close_race}
say() { echo "valgrind.sh: $*" >&2; }
die() { say "$*"; exit 1; }
case "${TRACK_ORIGINS:-yes}" in yes|no) ;; *) die "TRACK_ORIGINS is yes or no, not $TRACK_ORIGINS" ;; esac
case "${TIMEBOX:-0}" in *[!0-9]*) die "TIMEBOX is a number of minutes, not $TIMEBOX" ;; esac
[ "$(id -u)" -eq 0 ] || die "run as root (apt-get, and the servers run as postgres)"
start=$(date +%s)
logs="$VG/logs"
stopped="" skipped_here=()
# Tests that cannot work at a twentieth of the speed, left out of the copy:
skip_reason() {
    case "$1" in
        close_race) echo "its choreography is timed for a native server (a lock held for pg_sleep(6), the close must reach its first write within 2 s, the kill must land mid-close)" ;;
        *) echo "named in VG_SKIP" ;;
    esac
}

# --- summary ---------------------------------------------------------------
summarise() {   # summarise: what $logs holds, into $logs/summary.txt
    # Valgrind's errors: each between VALGRINDERROR-BEGIN and -END; the key of a
    # distinct error is its kind and its frames' functions and lines.
    local errors="$logs/errors.txt" ours_all tests
    awk '
        { sub(/^==[0-9]+== /, "") }
        /^VALGRINDERROR-BEGIN/ { inside = 1; block = ""; next }
        /^VALGRINDERROR-END/   { inside = 0; print FILENAME "\t" block; next }
        inside { block = block $0 "\x1f" }
    ' "$logs"/[0-9]*.log 2>/dev/null >"$errors" || true
    total=$(grep -c . "$errors" || true)
    ours_all=$(grep -E 'cs_policy\.so|\(src/src/' "$errors" || true)
    ours=$(printf '%s' "$ours_all" | grep -c . || true)
    traps=$(cat "$logs"/server.*.log 2>/dev/null | grep -c 'TRAP:' || true)

    {
    echo
    echo "== summary"
    [ -n "$stopped" ] && echo "the suite was $stopped"
    tests=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$logs/test.out" | tail -1 || true)
    echo "tested: ${tested:-?}${PART:+, part $PART of the suite}"
    echo "tests: ${tests:-no result line}${ONLY:+ (ONLY=$ONLY)}; the run took ${run_time:-?} s"
    for t in "${skipped_here[@]:-}"; do [ -n "$t" ] || continue; echo "skipped by valgrind.sh: test/$t: $(skip_reason "$t")"; done
    if [ "$total" -gt 0 ]; then
        echo "valgrind errors, distinct (count, kind, first frames):"
        cut -f2 "$errors" | awk -F'\x1f' '{ k = $1; n = 0
                for (i = 2; i <= NF && n < 4; i++) if ($i ~ /^ *(at|by) /) { f = $i; sub(/^ *(at|by) 0x[0-9A-F]+: /, "", f); k = k " | " f; n++ }
                gsub(/0x[0-9A-Fa-f]+/, "0x.", k)
                print k }' | sort | uniq -c | sort -rn | sed 's/^/  /'
    fi
    if [ "$ours" -gt 0 ]; then
        echo "valgrind errors with a cs_policy frame, each distinct one with its whole stack:"
        printf '%s\n' "$ours_all" | cut -f2 | awk -F'\x1f' '{ k = ""; for (i = 1; i <= NF; i++) { f = $i; sub(/0x[0-9A-F]+: /, "", f); gsub(/0x[0-9A-Fa-f]+/, "0x.", f); k = k f "\x1f" } print k }' \
            | sort | uniq -c | sort -rn | while read -r n block; do
                echo "  -- $n time(s):"; printf '%s\n' "$block" | tr '\037' '\n' | sed '/^$/d; s/^/    /'
              done
    fi
    if [ "$traps" -gt 0 ]; then
        echo "assertion failures (TRAP), with the query that failed where the log names it:"
        for f in "$logs"/server.*.log; do
            grep -q 'TRAP:' "$f" || continue
            grep 'TRAP:' "$f" | while read -r line; do
                echo "  $line"
                pid=$(echo "$line" | sed -n 's/.*PID: \([0-9]*\).*/\1/p')
                [ -n "$pid" ] && grep -A1 "process (PID $pid) was terminated" "$f" | grep -o 'Failed process was running: .*' | sed 's/^/    /'
            done
        done
    fi
    echo "logs: $logs (Valgrind: <pid>.log, servers: server.<pid>.log, the suite: test.out, progress/)"
    echo "valgrind: $total errors ($ours in cs_policy frames), $traps assertion failures; tests: ${tests:-no result line}${stopped:+ ($stopped)}"
    } | tee "$logs/summary.txt"
}

# SUMMARY_ONLY=1: summarise the logs of the last run again, and stop
if [ "${SUMMARY_ONLY:-0}" = 1 ]; then summarise; exit 0; fi


# --- packages -----------------------------------------------------------
packages=(make gcc git bzip2 bison flex pkg-config libreadline-dev zlib1g-dev libicu-dev valgrind
          postgresql-15-pgtap libtap-parser-sourcehandler-pgtap-perl)
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    say "installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# --- the source: what to build, and an id for it ---------------------------
src="$VG/postgres"
mirror=$(find /work/.mirror/postgres+postgres -maxdepth 3 -name HEAD -printf '%h\n' 2>/dev/null | head -1 || true)
if [ -n "${PGSRC:-}" ]; then
    [ -f "$PGSRC/configure" ] || die "PGSRC=$PGSRC holds no configure"
    if commit=$(git -C "$PGSRC" rev-parse HEAD 2>/dev/null); then
        id="git $commit of $PGSRC"
        get_source() { git clone -q --no-checkout "$PGSRC" "$src" && git -C "$src" checkout -q "$commit"; }
    else
        id="tree $(cd "$PGSRC" && pwd), $(sed -n "s/^PACKAGE_VERSION='\(.*\)'/\1/p" "$PGSRC/configure")"
        get_source() { cp -a "$PGSRC" "$src"; }
    fi
elif [ -n "$mirror" ]; then
    ref=${PGREF:-$(git --git-dir="$mirror" tag -l 'REL_15_*' | grep -E '^REL_15_[0-9]+$' | sort -t_ -k3 -n | tail -1)}
    [ -n "$ref" ] || die "the mirror $mirror has no REL_15_n tag"
    commit=$(git --git-dir="$mirror" rev-parse "$ref^{commit}")
    id="git $commit ($ref)"
    get_source() { git clone -q --no-checkout "$mirror" "$src" && git -C "$src" checkout -q "$commit"; }
else
    # Debian's source package, through apt lists of our own: the system's
    # apt configuration is not changed.
    mkdir -p "$VG/apt/lists/partial" "$VG/apt/get"
    printf '%s\n' 'deb-src http://deb.debian.org/debian bookworm main' \
                  'deb-src http://deb.debian.org/debian-security bookworm-security main' \
                  'deb-src http://deb.debian.org/debian bookworm-updates main' >"$VG/apt/sources.list"
    apt_src=(-o Dir::Etc::SourceList="$VG/apt/sources.list" -o Dir::Etc::SourceParts=/nonexistent
             -o Dir::State::Lists="$VG/apt/lists")
    apt-get "${apt_src[@]}" update -qq
    chown _apt "$VG/apt/get" 2>/dev/null || true
    # the newest version whose upstream tarball can be had (a mirror may
    # list a security update whose source it does not serve)
    version=""
    for v in $(apt-cache "${apt_src[@]}" showsrc postgresql-15 | sed -n 's/^Version: //p' | sort -Vr); do
        tarball="$VG/apt/get/postgresql-15_${v%-*}.orig.tar.bz2"
        if [ -f "$tarball" ] || (cd "$VG/apt/get" && apt-get "${apt_src[@]}" source -qq --download-only "postgresql-15=$v" >/dev/null 2>&1); then
            version=$v; break
        fi
        say "the source of postgresql-15 $v cannot be downloaded here; trying an older one"
    done
    [ -n "$version" ] || die "no Debian source package postgresql-15 can be downloaded"
    id="debian postgresql-15 $version, upstream tarball ${version%-*}"
    get_source() { mkdir "$src" && tar -xjf "$tarball" -C "$src" --strip-components=1; }
fi

# --- build PostgreSQL -----------------------------------------------------
# --with-system-tzdata as Debian's build does, so time zones answer as in
# the native runs; --with-icu as Debian's too.
configure=(--prefix="$VG/pg" --enable-cassert --enable-debug --with-icu
           --with-system-tzdata=/usr/share/zoneinfo
           CFLAGS='-O1 -g -fno-omit-frame-pointer' CPPFLAGS=-DUSE_VALGRIND)
stamp="$id; configure ${configure[*]}"
if [ -x "$VG/pg/bin/postgres.real" ] && [ -f "$VG/pg/.vg-build" ] && [ "$(cat "$VG/pg/.vg-build")" = "$stamp" ] \
   && [ -f "$src/src/tools/valgrind.supp" ]; then
    say "PostgreSQL already built: $id"
else
    say "building PostgreSQL: $id"
    t0=$(date +%s)
    rm -rf "$src" "$VG/pg"
    get_source
    # in the tree, so that Valgrind shows its files as postgres/src/...
    (cd "$src" && ./configure "${configure[@]}" >"$VG/configure.log" 2>&1) \
        || { tail -30 "$VG/configure.log"; die "configure failed ($VG/configure.log)"; }
    (cd "$src" && make -s -j2 >"$VG/build.log" 2>&1 && make -s -j2 -C contrib/btree_gist >>"$VG/build.log" 2>&1 \
        && make -s install >>"$VG/build.log" 2>&1 && make -s -C contrib/btree_gist install >>"$VG/build.log" 2>&1) \
        || { tail -30 "$VG/build.log"; die "build failed ($VG/build.log)"; }
    mv "$VG/pg/bin/postgres" "$VG/pg/bin/postgres.real"
    echo "$stamp" >"$VG/pg/.vg-build"
    say "built in $(( $(date +%s) - t0 )) s"
fi

# pgTAP is plain SQL: Debian's files serve this build too. pg_cron is left
# out (test/cron.sh skips itself when the server has no pg_cron.so).
sharedir=$("$VG/pg/bin/pg_config" --sharedir)
cp /usr/share/postgresql/15/extension/pgtap* "$sharedir/extension/"

# --- bin/postgres: the real binary under memcheck --------------------------
# Version checks, -C and initdb's bootstrap and single-user runs go to the
# real binary directly (cluster creation stays fast); the postmaster runs
# under memcheck with everything it forks. Its stderr is also copied to
# $VG/logs/server.<pid>.log, since the clusters' own server.log goes with
# their temp dir. --fullpath-after shows cs_policy's files as src/src/...
# and PostgreSQL's as postgres/src/... (so that our src/localtime.c is told
# from PostgreSQL's).
cat >"$VG/pg/bin/postgres" <<EOF
#!/bin/bash
# made by cs_policy's tools/valgrind.sh: run postgres.real under memcheck
real="$VG/pg/bin/postgres.real"
case "\${1:-}" in -V|--version|--describe-config|--boot|--single|--check) exec "\$real" "\$@" ;; esac
for a in "\$@"; do [ "\$a" = -C ] && exec "\$real" "\$@"; done
fifo="$logs/.stderr.\$\$"
rm -f "\$fifo"; mkfifo "\$fifo"
( exec tee -a "$logs/server.\$\$.log" <"\$fifo" >&2 & )
exec 2>"\$fifo"
rm -f "\$fifo"
exec valgrind --tool=memcheck --leak-check=no --gen-suppressions=all --read-var-info=no \\
    --trace-children=yes --track-origins=${TRACK_ORIGINS:-yes} --num-callers=30 \\
    --suppressions="$src/src/tools/valgrind.supp" \\
    --error-markers=VALGRINDERROR-BEGIN,VALGRINDERROR-END \\
    --fullpath-after="$VG/" \\
    --log-file="$logs/%p.log" "\$real" "\$@"
EOF
chmod 755 "$VG/pg/bin/postgres"
"$VG/pg/bin/pg_ctl" --version >/dev/null   # pg_ctl's own check of postgres -V is at start
runuser -u postgres -- "$VG/pg/bin/postgres" -V >/dev/null || die "the wrapper does not answer postgres -V"

# --- the cs_policy tree under test ----------------------------------------
rm -rf "$VG/src"
mkdir -p "$VG/src"
if [ "${WORKTREE:-0}" = 1 ]; then
    say "testing the working tree of $here"
    tar -C "$here" --exclude=./.git --exclude='*.o' --exclude='*.so' --exclude='*.bc' --exclude=./results \
        -cf - . | tar -x -C "$VG/src"
else
    say "testing $(git -C "$here" log -1 --format='%h %s' HEAD | cut -c1-80)"
    git -C "$here" archive HEAD | tar -x -C "$VG/src"
fi

tested=$(if [ "${WORKTREE:-0}" = 1 ]; then echo "the working tree of $here at $(git -C "$here" rev-parse --short HEAD)"
          else git -C "$here" log -1 --format='commit %h (%s)' HEAD | cut -c1-100; fi)
# PART=k/n: the k-th of n runs of the suite's test names (pg_regress files,
# then the pgTAP and shell TAP files by name, each name once), as ONLY
if [ -n "${PART:-}" ]; then
    [[ "$PART" =~ ^([1-9][0-9]*)/([1-9][0-9]*)$ ]] && [ "${BASH_REMATCH[1]}" -le "${BASH_REMATCH[2]}" ] \
        || die "PART is k/n with 1 <= k <= n, not $PART"
    [ -z "${ONLY:-}" ] || die "PART and ONLY are not given together"
    k=${BASH_REMATCH[1]} n=${BASH_REMATCH[2]}
    # (each name once: ONLY=calendar runs sql/calendar.sql and test/calendar.sql)
    names=($( { printf '%s\n' $(make -s --no-print-directory -C "$VG/src" print-regress)
                (cd "$VG/src/test" && ls *.sql *.sh | sed 's/\.[a-z]*$//'); } | awk '!seen[$0]++'))
    per=$(( (${#names[@]} + n - 1) / n ))
    ONLY="${names[*]:$(( (k - 1) * per )):$per}"
    [ -n "$ONLY" ] || die "part $PART of ${#names[@]} test names is empty"
    export ONLY
    say "part $PART: $ONLY"
fi
for t in $VG_SKIP; do
    if ls "$VG/src/test/$t".sql "$VG/src/test/$t".sh >/dev/null 2>&1; then
        rm -f "$VG/src/test/$t".sql "$VG/src/test/$t".sh
        skipped_here+=("$t")
        say "skipping test/$t: $(skip_reason "$t")"
    fi
done
# Timing bounds raised by SLOWDOWN, in the copy only, each said:
raise() {   # raise FILE SED-EXPRESSION WHAT
    [ -f "$VG/src/$1" ] || return 0
    local before; before=$(md5sum <"$VG/src/$1")
    sed -i -E "$2" "$VG/src/$1"
    if [ "$(md5sum <"$VG/src/$1")" != "$before" ]; then say "raised in $1: $3"
    else say "NOTE: $1 no longer matches ($3): not raised"; fi
}
raise test/sweep.sql "s/statement_timeout = '2min'/statement_timeout = '$((2 * SLOWDOWN))min'/" \
      "the statement timeout of one function's calls 2min -> $((2 * SLOWDOWN))min"
# test/load_race.sh runs its load for LOAD_SECONDS (60 natively): at a
# fiftieth of the speed a minute gave too few transactions for every command
# to have succeeded once (consent_swap needs a pending swap to consent to).
export LOAD_SECONDS=${LOAD_SECONDS:-600}
say "test/load_race.sh: its load runs for $LOAD_SECONDS s (60 natively)"
# Sizes cut, in the copy only: the calendar oracle's 100,000 random inputs
# through a PL/pgSQL oracle took over 1.5 hours of one statement under
# memcheck (the C side is the same code at any size)
raise test/calendar_oracle.sql "s/generate_series\(1, 100000\)/generate_series(1, 10000)/; s/::integer, 100000, '100,000 random inputs'/::integer, 10000, '10,000 random inputs (100,000 natively)'/" \
      "the calendar oracle's random inputs 100,000 -> 10,000 (enough to reach the DST days, holidays and make-up days it checks)"

# --- run the suite -----------------------------------------------------------
rm -rf "$logs"
mkdir -p "$logs/progress"
chmod 1777 "$logs"
export PATH="$VG/pg/bin:$PATH" PGCTLTIMEOUT=$((60 * SLOWDOWN))
unset PGHOST PGPORT PGDATABASE PGUSER PG_CONFIG
[ "$(pg_config --bindir)" = "$VG/pg/bin" ] || die "pg_config is not the valgrind build's"

# What the suite has printed so far lives in test.sh's temp dir, which it
# removes: copy its files out now and then (and before a stop).
descendants() { local c; for c in $(ps -o pid= --ppid "$1" 2>/dev/null); do echo "$c"; descendants "$c"; done; }
snapshot() {
    local p f
    for p in $(descendants "$1"); do
        for f in /proc/"$p"/fd/1 /proc/"$p"/fd/2; do
            f=$(readlink "$f" 2>/dev/null) || continue
            case "$f" in /tmp/cs_policy_test.*/*.out) cp -f "$f" "$logs/progress/" 2>/dev/null || true ;; esac
        done
    done
}
say "running tools/test.sh${ONLY:+ ONLY=$ONLY} (output also in $logs/test.out)"
t0=$(date +%s)
status=0
setsid bash -c 'cd "$1" && exec tools/test.sh' _ "$VG/src" > >(tee "$logs/test.out") 2>&1 &
suite=$!
while kill -0 "$suite" 2>/dev/null; do
    sleep 20
    snapshot "$suite"
    if [ "${TIMEBOX:-0}" != 0 ] && [ $(( $(date +%s) - start )) -ge $((TIMEBOX * 60)) ]; then
        stopped="stopped after the time box of $TIMEBOX min"
        say "$stopped"
        snapshot "$suite"
        kill -TERM -- -"$suite" 2>/dev/null || true
        for _ in $(seq 60); do kill -0 "$suite" 2>/dev/null || break; sleep 2; done
        break
    fi
done
wait "$suite" || status=$?
sleep 1
run_time=$(( $(date +%s) - t0 ))
# a stopped run may leave a cluster of ours behind: stop those by data dir
for d in $(for p in $(pgrep -u postgres -f "valgrind.* $VG/pg/bin/postgres.real" || true); do
               tr '\0' '\n' <"/proc/$p/cmdline" 2>/dev/null | sed -n '/^-D$/{n;p;q}'; done | sort -u); do
    [ -d "$d" ] || continue
    say "stopping a cluster the suite left behind: $d"
    runuser -u postgres -- "$VG/pg/bin/pg_ctl" -D "$d" -m immediate -w stop >/dev/null 2>&1 || true
done

summarise
[ "$status" -eq 0 ] && [ "$total" -eq 0 ] && [ "$traps" -eq 0 ]
