-- src/cs_policy.sql: preamble of the install script (C: src/cs_policy.c)

\echo Use "CREATE EXTENSION cs_policy CASCADE" to load this file. \quit

-- PostgreSQL 15.18 fixed eleven CVEs, among them an allocation-size
-- wraparound of the kind C extensions can trigger; older servers are refused.
DO $guard$
BEGIN
    IF pg_catalog.current_setting('server_version_num')::integer
       OPERATOR(pg_catalog.<) 150018 THEN
        RAISE EXCEPTION 'cs_policy requires PostgreSQL 15.18 or later, this server is %',
            pg_catalog.current_setting('server_version')
            USING ERRCODE = 'feature_not_supported',
                  HINT = 'Upgrade the server to the latest minor release of PostgreSQL 15 or later.';
    END IF;
END
$guard$;

COMMENT ON SCHEMA cs_policy IS
    'cs_policy: a customer-service center''s rules (shifts, attendance, leave, complaints, promotion) enforced inside the database';

-- The extension's own scratch: nothing outside the extension writes here.
REVOKE ALL ON SCHEMA cs_policy FROM PUBLIC;
GRANT USAGE ON SCHEMA cs_policy TO PUBLIC;
