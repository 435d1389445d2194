#!/bin/bash
# The access model over real connections (SEC-1 to SEC-3, SEC-5): logins
# of the roles create_roles makes connect to a demo center; a pooled
# application's act_as does not outlive its transaction; COPY of a view and
# pg_dump as a non-superuser give nobody data they may not read.
set -u
export PGTZ=Asia/Shanghai
db=cs_policy_access_test
out=$(mktemp -d)
psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" >/dev/null
cleanup() {
    psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1
    psql -X -q -d postgres >/dev/null 2>&1 <<'SQL'
DROP ROLE IF EXISTS acc_agent_login, acc_app_login, acc_ecom_login, acc_auditor_login;
SQL
    rm -rf "$out"
}
trap cleanup EXIT
psql -X -q -v ON_ERROR_STOP=1 -d "$db" >/dev/null <<'SQL'
SET client_min_messages = warning;
CREATE EXTENSION cs_policy CASCADE;
SELECT cs_policy.demo_center();
SELECT count(*) FROM cs_policy.create_roles('acc_');
DROP ROLE IF EXISTS acc_agent_login, acc_app_login, acc_ecom_login, acc_auditor_login;
CREATE ROLE acc_agent_login LOGIN IN ROLE acc_agent;
CREATE ROLE acc_app_login LOGIN IN ROLE acc_app;
CREATE ROLE acc_ecom_login LOGIN IN ROLE acc_manager;
CREATE ROLE acc_auditor_login LOGIN IN ROLE acc_auditor;
SELECT cs_policy.set_employee_login('E0015', 'acc_agent_login');
SELECT cs_policy.set_employee_login('E0121', 'acc_ecom_login');
SELECT cs_policy.set_policy('around the clock', 'access', department => 'HOTLINE', settings => '{"agents_on_shift_only": false}', valid_from => '2020-01-01');
SQL

. "$(dirname "$0")/../tools/tap.sh"
as() { local who=$1; shift; psql -X -q -At -U "$who" -d "$db" "$@" 2>&1; }

agent_id=$(psql -X -At -d "$db" -c "SELECT employee_id FROM cs_policy.employee WHERE code = 'E0015'")

# A pooled application: act_as holds for its transaction only (item 2).
got=$(as acc_app_login -c "BEGIN" -c "SELECT cs_policy.act_as('E0015')" -c "SELECT cs_policy.current_employee()" \
        -c "COMMIT" -c "SELECT coalesce(cs_policy.current_employee()::text, 'nobody')" -c "SELECT count(*) FROM cs_policy.punch")
want=$(printf '%s\n%s\n%s\n%s' "$agent_id" "$agent_id" nobody 0)
check "act_as names the employee for the transaction, and is gone after COMMIT" "$([ "$got" = "$want" ]; echo $?)" "got: $(echo $got)"
got=$(as acc_app_login -c "BEGIN" -c "SELECT cs_policy.act_as('E0015')" -c "ROLLBACK" \
        -c "SELECT coalesce(cs_policy.current_employee()::text, 'nobody')")
check "and after ROLLBACK" "$([ "$(echo "$got" | tail -1)" = nobody ]; echo $?)" "got: $(echo $got)"
got=$(as acc_app_login -c "SELECT cs_policy.act_as('E0015')" -c "SELECT coalesce(cs_policy.current_employee()::text, 'nobody')")
check "outside a transaction block act_as lasts one statement" "$([ "$(echo "$got" | tail -1)" = nobody ]; echo $?)" "got: $(echo $got)"
got=$(as acc_agent_login -c "SELECT set_config('cs_policy.acting_for', '1', false)" -c "SELECT cs_policy.current_employee()" \
        -c "SELECT cs_policy.act_as('E0001')")
check "an agent's login cannot impersonate, by a setting or by act_as" \
      "$(echo "$got" | sed -n 2p | grep -qx "$agent_id" && echo "$got" | grep -qE 'permission denied for function act_as|may not act for an employee'; echo $?)" "got: $(echo $got)"

# COPY of a view gives the masked data only (SEC-3).
as acc_agent_login -c "COPY (SELECT number, complainant_contact FROM cs_policy.complaint_overview) TO STDOUT" >"$out/copy"
raw=$(psql -X -At -d "$db" -c "SELECT count(*) FROM cs_policy.complaint c, cs_policy.employee e
                                WHERE e.code = 'E0015' AND e.employee_id IN (c.owner_id, c.employee_id) AND c.complainant_contact IS NOT NULL")
masked=$(grep -cE $'\t[0-9]{3}\\*{4}[0-9]{4}$' "$out/copy")
check "SEC-3: COPY of complaint_overview gives an agent their customers' contacts masked" \
      "$([ "$masked" -gt 0 ] && [ "$masked" -eq "$raw" ] && ! grep -qE $'\t[0-9]{11}$' "$out/copy"; echo $?)" \
      "masked $masked of $raw; $(head -3 "$out/copy")"
got=$(as acc_agent_login -c "COPY cs_policy.complaint TO STDOUT")
check "and COPY of the table is refused" "$(echo "$got" | grep -q 'permission denied'; echo $?)" "got: $(echo "$got" | head -2)"

# pg_dump as a non-superuser (SEC-1, SEC-2).
pg_dump -U acc_ecom_login -d "$db" -n cs_policy >"$out/dump" 2>"$out/dump.err"
status=$?
check "SEC-1: pg_dump as an operations manager fails rather than dump what row-level security hides" \
      "$([ $status -ne 0 ] && grep -qE 'row-level security|permission denied' "$out/dump.err"; echo $?)" "$(head -3 "$out/dump.err")"
pg_dump -U acc_ecom_login -d "$db" --enable-row-security --data-only -t cs_policy.punch >"$out/dump2" 2>"$out/dump2.err"
others=$(psql -X -At -d "$db" -c "SELECT string_agg(employee_id::text, '|') FROM cs_policy.employee e
                                   JOIN cs_policy.department d USING (department_id)
                                  WHERE NOT (SELECT department_id FROM cs_policy.department WHERE code = 'ECOM') = ANY (d.path)")
rows=$(grep -cE '^[0-9]+	' "$out/dump2")
foreign=$(grep -cE "^($others)	" "$out/dump2")
check "with --enable-row-security it dumps only the manager's project's punches" \
      "$([ "$rows" -gt 0 ] && [ "$foreign" -eq 0 ]; echo $?)" "rows $rows, of other projects $foreign; $(head -2 "$out/dump2.err")"
pg_dump -U acc_ecom_login -d "$db" --enable-row-security --data-only -t cs_policy.employee >"$out/dump3" 2>"$out/dump3.err"
check "SEC-2: and no wages: the employee table is not dumped for a non-HR login" \
      "$(grep -q 'permission denied' "$out/dump3.err"; echo $?)" "$(head -2 "$out/dump3.err")"

# The auditor reads the log of all this (SEC-5).
got=$(as acc_auditor_login -c "SELECT count(*) FROM cs_policy.audit_log WHERE command = 'act_as' AND login = 'acc_app_login'")
check "SEC-5: the auditor reads every act_as in the audit log (the rolled-back one left none)" "$([ "$got" = 2 ]; echo $?)" "got: $got"

echo "1..$n"
