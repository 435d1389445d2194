#!/bin/bash
# Races under load (issue 16): pgbench runs swaps (self and with a
# colleague), leave requests and approvals, complaint registration and the
# SLA breach detector from 8 clients at once for a minute (LOAD_SECONDS) on
# the demo center, half of the transactions READ COMMITTED and half
# REPEATABLE READ. Every command either does all it should or is refused
# with a specific SQLSTATE; a deadlock or serialization failure reaches the
# client as 40P01/40001 and pgbench retries the transaction. Afterwards no
# limit is exceeded (SH-7 swaps per month, SH-9 staffing, LV-4 grants per
# supervisor and day), the counters agree with the rows they count, no
# complaint number is given twice or skipped, and each breach is recorded
# and notified once. KEEP_DB=1 keeps the database to look into.
set -u
export PGTZ=Asia/Shanghai
db=cs_policy_load_test
seconds=${LOAD_SECONDS:-60}
work=$(mktemp -d)
chmod 755 "$work"
psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" >/dev/null
trap 'touch "$work/stop"; wait 2>/dev/null; [ "${KEEP_DB:-0}" = 1 ] || psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1; rm -rf "$work"' EXIT
listener=""
. "$(dirname "$0")/../tools/tap.sh"
q() { psql -X -At -v ON_ERROR_STOP=1 -d "$db" -c "$1"; }

# The demo center with next month's roster (leave must be asked ahead), and
# the load's helpers: each command runs in load.try, which records what it
# answered and lets only 40001 and 40P01 through to pgbench.
psql -X -q -v ON_ERROR_STOP=1 -d "$db" >"$work/setup.out" 2>&1 <<'SQL' || { echo "1..1"; echo "not ok 1 - set up the demo center"; sed 's/^/#   /' "$work/setup.out"; exit 1; }
SET client_min_messages = warning;
CREATE EXTENSION cs_policy CASCADE;
SELECT cs_policy.demo_center(200, (date_trunc('month', current_date) + interval '1 month')::date);
CREATE SCHEMA load;
CREATE TABLE load.month AS SELECT (date_trunc('month', current_date) + interval '1 month')::date AS first_day;
CREATE TABLE load.agent AS
SELECT row_number() OVER (ORDER BY e.employee_id)::integer AS n, e.employee_id, e.code, e.department_id
  FROM cs_policy.employee e WHERE e.role = 'agent' AND e.active;
CREATE TABLE load.outcome (script text NOT NULL, command text NOT NULL, sqlstate text NOT NULL, message text);

CREATE FUNCTION load.try(script text, command text, statement text) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    answer text;
BEGIN
    EXECUTE statement INTO answer;
    INSERT INTO load.outcome VALUES (script, command, '00000', NULL);
    RETURN coalesce(answer, '');
EXCEPTION
    WHEN serialization_failure OR deadlock_detected THEN
        RAISE;
    WHEN OTHERS THEN
        INSERT INTO load.outcome VALUES (script, command, SQLSTATE, SQLERRM);
        RETURN NULL;
END
$$;

-- someone of the role in charge of the employee's department (HR: anyone in HR)
CREATE FUNCTION load.pick(wanted cs_policy.staff_role, for_employee bigint) RETURNS text
LANGUAGE sql AS $$
SELECT e.code FROM cs_policy.employee e, cs_policy.employee r, cs_policy.department d
 WHERE r.employee_id = for_employee AND d.department_id = r.department_id
   AND e.role = wanted AND e.active AND (wanted = 'hr' OR e.department_id = ANY (d.path))
 ORDER BY random() LIMIT 1
$$;

CREATE FUNCTION load.swap(a integer, give integer, take integer, with_colleague boolean) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    ag load.agent;
    mate load.agent;
    first date := (SELECT first_day FROM load.month);
    id text;
BEGIN
    SELECT * INTO ag FROM load.agent WHERE n = a;
    IF with_colleague THEN
        SELECT * INTO mate FROM load.agent WHERE department_id = ag.department_id AND n <> a ORDER BY random() LIMIT 1;
        id := load.try('swap', 'request_swap', format('SELECT cs_policy.request_swap(%L, %L, %L, %L, acting_as => %L)',
                                                     first + give, first + take, 'load', mate.code, ag.code));
        IF id IS NULL OR load.try('swap', 'consent_swap', format('SELECT cs_policy.consent_swap(%s, acting_as => %L)', id, mate.code)) IS NULL THEN
            RETURN;
        END IF;
    ELSE
        id := load.try('swap', 'request_swap', format('SELECT cs_policy.request_swap(%L, %L, %L, acting_as => %L)',
                                                     first + give, first + take, 'load', ag.code));
    END IF;
    IF id IS NOT NULL THEN
        PERFORM load.try('swap', 'approve_swap', format('SELECT cs_policy.approve_swap(%s, acting_as => %L)', id,
                                                        load.pick((ARRAY['supervisor', 'manager', 'deputy_manager'])[1 + (a % 3)]::cs_policy.staff_role,
                                                                  ag.employee_id)));
    END IF;
END
$$;

-- a swap someone else asked for and nobody decided yet, approved by another hand
CREATE FUNCTION load.approve_pending_swap() RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    s cs_policy.swap;
BEGIN
    SELECT * INTO s FROM cs_policy.swap w WHERE w.state IN ('requested', 'consented') ORDER BY random() LIMIT 1;
    IF FOUND THEN
        PERFORM load.try('pending', 'approve_swap', format('SELECT cs_policy.approve_swap(%s, acting_as => %L)', s.swap_id,
                                                           load.pick('supervisor', s.employee_id)));
    END IF;
END
$$;

CREATE FUNCTION load.leave(a integer, day integer, days integer) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    ag load.agent;
    first date := (SELECT first_day FROM load.month) + day;
    id text;
BEGIN
    SELECT * INTO ag FROM load.agent WHERE n = a;
    id := load.try('leave', 'request_leave', format('SELECT cs_policy.request_leave(%L, %L, %L, %s, %L, acting_as => %L)',
                                                   'annual', first, first + days - 1, days, 'load', ag.code));
    IF id IS NOT NULL THEN
        PERFORM load.approve_leave_step(id::bigint, 'leave');
    END IF;
END
$$;

-- the next step of a request, by someone of the role the chain calls for
CREATE FUNCTION load.approve_leave_step(id bigint, script text) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    l cs_policy.leave_request;
BEGIN
    LOOP
        SELECT * INTO l FROM cs_policy.leave_request x WHERE x.leave_id = id;
        EXIT WHEN l.state <> 'requested';
        EXIT WHEN load.try(script, 'approve_leave', format('SELECT cs_policy.approve_leave(%s, acting_as => %L)', id,
                                                           load.pick(l.approvers[l.approvals + 1], l.employee_id))) IS NULL;
    END LOOP;
END
$$;

CREATE FUNCTION load.approve_pending_leave() RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    id bigint := (SELECT x.leave_id FROM cs_policy.leave_request x WHERE x.state = 'requested' ORDER BY random() LIMIT 1);
BEGIN
    IF id IS NOT NULL THEN
        PERFORM load.approve_leave_step(id, 'pending');
    END IF;
END
$$;

-- received some days ago, so that the detector finds breaches among them
CREATE FUNCTION load.complaint(a integer, days_ago integer) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    ag load.agent;
BEGIN
    SELECT * INTO ag FROM load.agent WHERE n = a;
    PERFORM load.try('complaint', 'register_complaint',
                     format('SELECT cs_policy.register_complaint(%L, %L, %L, %L, %L, %L, NULL, %L, received_at => %L, acting_as => %L)',
                            'complaint', 'visit', 'kept waiting', 'a call back', 'Wang Li', '13800000000',
                            (SELECT d.code FROM cs_policy.department d, cs_policy.department t
                              WHERE t.department_id = ag.department_id AND d.department_id = t.parent_id),
                            now() - days_ago * interval '1 day', ag.code));
END
$$;

-- what the checks compare with: coverage of each project before the load
CREATE TABLE load.coverage_before AS
SELECT p.code AS department, c.slot_start, c.rostered, c.required
  FROM cs_policy.department p, load.month m,
       LATERAL cs_policy.coverage(p.code, m.first_day::timestamptz, (m.first_day + interval '1 month')::timestamptz) c
 WHERE p.kind = 'project';
SQL

agents=$(q "SELECT count(*) FROM load.agent")
for iso in rc rr; do
    if [ $iso = rc ]; then begin="" end=""; else begin="BEGIN ISOLATION LEVEL REPEATABLE READ;" end="COMMIT;"; fi
    cat >"$work/swap_$iso.sql" <<EOF
\set a random(1, $agents)
\set give random(0, 27)
\set take random(0, 27)
\set mate random(0, 1)
$begin
SELECT load.swap(:a, :give, :take, :mate = 1);
$end
EOF
    printf '%s\nSELECT load.approve_pending_swap();\n%s\n' "$begin" "$end" >"$work/pending_swap_$iso.sql"
    cat >"$work/leave_$iso.sql" <<EOF
\set a random(1, $agents)
\set day random(0, 27)
\set days random(1, 4)
$begin
SELECT load.leave(:a, :day, :days);
$end
EOF
    printf '%s\nSELECT load.approve_pending_leave();\n%s\n' "$begin" "$end" >"$work/pending_leave_$iso.sql"
    cat >"$work/complaint_$iso.sql" <<EOF
\set a random(1, $agents)
\set ago random(0, 20)
$begin
SELECT load.complaint(:a, :ago);
$end
EOF
    printf '%s\nSELECT cs_policy.detect_sla_breaches();\n%s\n' "$begin" "$end" >"$work/detect_$iso.sql"
done

# a listener counts the NOTIFY cs_policy_sla it hears during the load
(echo "LISTEN cs_policy_sla;"; while [ ! -f "$work/stop" ]; do echo "SELECT 1;"; sleep 1; done) \
    | psql -X -q -At -d "$db" >"$work/heard" 2>&1 &
listener=$!
sleep 1

scripts=""
for f in swap:3 pending_swap:1 leave:3 pending_leave:1 complaint:3 detect:1; do
    for iso in rc rr; do scripts="$scripts -f $work/${f%%:*}_$iso.sql@${f##*:}"; done
done
status=0
pgbench -n -c 8 -j 2 -T "$seconds" --max-tries=50 --failures-detailed --verbose-errors $scripts "$db" >"$work/pgbench.out" 2>&1 || status=$?
[ "${KEEP_DB:-0}" = 1 ] && cp "$work/pgbench.out" /tmp/load_pgbench.out
sleep 2
touch "$work/stop"
wait $listener 2>/dev/null
listener=""

echo "1..14"
done_tx=$(sed -n 's/^number of transactions actually processed: \([0-9]*\).*/\1/p' "$work/pgbench.out")
failed_tx=$(sed -n 's/^number of failed transactions: \([0-9]*\).*/\1/p' "$work/pgbench.out")
retried=$(sed -n 's/^number of transactions retried: \([0-9]*\).*/\1/p' "$work/pgbench.out")
retries=$(sed -n 's/^total number of retries: \([0-9]*\).*/\1/p' "$work/pgbench.out")
# --verbose-errors: each error a client met, retried or not
serialization=$(grep -c 'could not serialize access' "$work/pgbench.out" || true)
deadlocks=$(grep -c 'deadlock detected' "$work/pgbench.out" || true)
others=$(grep 'got an error' "$work/pgbench.out" | grep -v -c 'could not serialize access\|deadlock detected' || true)
[ "$status" = 0 ] && [ "${done_tx:-0}" -gt 0 ] && [ "${failed_tx:-1}" = 0 ]
check "8 clients for $seconds s: ${done_tx:-0} transactions, none failed after retries, no client aborted" "$?" \
      "pgbench exit $status: $(grep -E 'abort|error|ERROR|failed' "$work/pgbench.out" | head -5 | tr '\n' ' ')"
echo "# transactions retried: ${retried:-0}, retries: ${retries:-0}; errors the clients met: $serialization serialization failures (40001), $deadlocks deadlocks (40P01), $others other"
[ "$others" = 0 ]
check "every error that reached a client was 40001 or 40P01, for pgbench to retry" "$?" \
      "$(grep 'got an error' "$work/pgbench.out" | grep -v 'could not serialize access\|deadlock detected' | head -3 | tr '\n' ' ')"
q "SELECT format('# %s %s: %s', o.command, o.sqlstate, count(*)) FROM load.outcome o GROUP BY o.command, o.sqlstate ORDER BY 1"

bad=$(q "SELECT string_agg(DISTINCT o.sqlstate || ' ' || o.message, '; ') FROM load.outcome o
          WHERE o.sqlstate LIKE 'XX%' OR o.sqlstate LIKE 'P0%' OR o.sqlstate LIKE '42%' AND o.sqlstate <> '42501'")
[ -z "$bad" ]; check "every refusal has a specific SQLSTATE (no XX000, no bare P0001, no broken statement)" "$?" "$bad"
kinds=$(q "SELECT count(DISTINCT o.command) FROM load.outcome o WHERE o.sqlstate = '00000'")
[ "$kinds" = 6 ]; check "all six commands succeeded under the load (request, consent, approve swap; request, approve leave; register)" "$?" \
      "commands that succeeded: $(q "SELECT string_agg(DISTINCT o.command, ', ') FROM load.outcome o WHERE o.sqlstate = '00000'")"

# SH-7: the days each person swapped, counted from the swaps themselves
q "CREATE TABLE load.swapped AS
   SELECT p.employee_id, date_trunc('month', p.given)::date AS month,
          count(*) FILTER (WHERE s.kind = 'self') AS self_days, count(*) FILTER (WHERE s.kind = 'colleague') AS colleague_days
     FROM cs_policy.swap s
    CROSS JOIN LATERAL (VALUES (s.employee_id, s.give_date), (s.colleague_id, s.take_date)) AS p(employee_id, given)
    WHERE s.state = 'approved' AND p.employee_id IS NOT NULL
    GROUP BY 1, 2" >/dev/null
over=$(q "SELECT string_agg(format('%s %s: %s self, %s colleague', e.code, w.month, w.self_days, w.colleague_days), '; ')
            FROM load.swapped w JOIN cs_policy.employee e USING (employee_id),
                 LATERAL cs_policy.settings_for(w.employee_id, w.month, 'shift') AS l
           WHERE w.self_days > (l ->> 'self_swaps_per_month')::integer
              OR w.colleague_days > (l ->> 'colleague_swaps_per_month')::integer")
approved=$(q "SELECT count(*) FROM cs_policy.swap WHERE state = 'approved' AND reason = 'load'")
[ -z "$over" ] && [ "$approved" -gt 0 ]
check "SH-7: nobody swapped more days in a month than the policy allows ($approved swaps approved)" "$?" "${over:-no swap approved}"
skew=$(q "SELECT count(*) FROM load.swapped w FULL JOIN cs_policy.swap_tally t USING (employee_id, month)
           WHERE coalesce(w.self_days, 0) <> coalesce(t.self_days, 0) OR coalesce(w.colleague_days, 0) <> coalesce(t.colleague_days, 0)")
[ "$skew" = 0 ]; check "SH-7: the swap tally counts exactly the approved swaps" "$?" "$skew person-months differ"
unmoved=$(q "SELECT count(*) FROM cs_policy.swap s WHERE s.state = 'approved'
              AND NOT EXISTS (SELECT 1 FROM cs_policy.roster r WHERE r.swap_id = s.swap_id)")
[ "$unmoved" = 0 ]; check "every approved swap moved its shifts (no half-done approval)" "$?" "$unmoved approved swaps without a moved shift"

# SH-9: no slot emptied below its minimum and below what it had
q "CREATE TABLE load.coverage_after AS
   SELECT p.code AS department, c.slot_start, c.rostered, c.required
     FROM cs_policy.department p, load.month m,
          LATERAL cs_policy.coverage(p.code, m.first_day::timestamptz, (m.first_day + interval '1 month')::timestamptz) c
    WHERE p.kind = 'project'" >/dev/null
gaps=$(q "SELECT string_agg(format('%s %s: %s of %s (had %s)', b.department, c.slot_start, c.rostered, c.required, b.rostered), '; ')
            FROM load.coverage_before b JOIN load.coverage_after c USING (department, slot_start)
           WHERE c.rostered < c.required AND c.rostered < b.rostered")
[ -z "$gaps" ]; check "SH-9: no slot has fewer agents than its minimum and than before the load" "$?" "$gaps"

# LV-4: a supervisor grants leave to at most so many people a day
grants=$(q "SELECT string_agg(format('%s on %s: %s people', e.code, g.day, g.people), '; ')
              FROM (SELECT a.approved_by, a.approved_at::date AS day, count(DISTINCT a.employee_id) AS people, min(a.employee_id) AS someone
                      FROM cs_policy.leave_approval a JOIN cs_policy.employee s ON s.employee_id = a.approved_by
                     WHERE s.role = 'supervisor' GROUP BY 1, 2) g
              JOIN cs_policy.employee e ON e.employee_id = g.approved_by,
                   LATERAL cs_policy.settings_for(g.someone, g.day, 'leave') AS l
             WHERE g.people > (l ->> 'supervisor_grants_per_day')::integer")
granted=$(q "SELECT count(*) FROM cs_policy.leave_approval")
[ -z "$grants" ] && [ "$granted" -gt 0 ]
check "LV-4: no supervisor granted leave to more people in a day than allowed ($granted approvals)" "$?" "${grants:-no approval}"
broken=$(q "SELECT count(*) FROM cs_policy.leave_request x
             WHERE x.reason = 'load' AND (x.approvals <> (SELECT count(*) FROM cs_policy.leave_approval a WHERE a.employee_id = x.employee_id AND a.leave_id = x.leave_id)
                OR (x.state = 'approved') <> (x.approvals = cardinality(x.approvers))
                OR (x.state = 'approved') <> (x.decided_at IS NOT NULL))")
[ "$broken" = 0 ]; check "LV-2: each request's approvals, steps and state agree" "$?" "$broken requests disagree"

# CP-5: numbers 00001, 00002, ... per month, none twice, none skipped
numbers=$(q "SELECT string_agg(format('%s: %s numbers, %s distinct, highest %s', m, n, d, hi), '; ')
               FROM (SELECT left(number, 6) AS m, count(*) AS n, count(DISTINCT number) AS d, max(right(number, 5)::integer) AS hi
                       FROM cs_policy.complaint GROUP BY 1) c
              WHERE n <> d OR n <> hi")
registered=$(q "SELECT count(*) FROM load.outcome WHERE command = 'register_complaint' AND sqlstate = '00000'")
[ -z "$numbers" ] && [ "$registered" -gt 0 ]
check "CP-5: no complaint number given twice or skipped ($registered registered)" "$?" "${numbers:-none registered}"
eventless=$(q "SELECT count(*) FROM cs_policy.complaint c
                WHERE NOT EXISTS (SELECT 1 FROM cs_policy.complaint_event v WHERE v.employee_id = c.employee_id AND v.complaint_id = c.complaint_id)")
[ "$eventless" = 0 ]; check "every complaint has its events (no half-done registration)" "$?" "$eventless complaints without events"

# CP-3: each breach recorded once, and heard once
breaches=$(q "SELECT count(*) FROM cs_policy.sla_breach")
heard=$(grep -c 'Asynchronous notification "cs_policy_sla"' "$work/heard" || true)
[ "$breaches" -gt 0 ] && [ "$heard" = "$breaches" ]
check "CP-3: $breaches breaches recorded, each notified once" "$?" "heard $heard notifications"
twice=$(q "SELECT count(*) FROM (SELECT 1 FROM cs_policy.sla_breach GROUP BY complaint_id, target HAVING count(*) > 1) t")
[ "$twice" = 0 ]; check "CP-3: no breach is recorded twice" "$?" "$twice breaches twice"
