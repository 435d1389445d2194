-- Decisions that must not race. A limit that counts other rows (LV-4: a
-- supervisor's grants of the day; SH-9: the agents left on line) is a write
-- skew waiting to happen: two sessions count, neither sees the other, both
-- pass. Each such command first touches the row of what it decides on:
-- under READ COMMITTED the second waits for the first to commit and then
-- counts what it did; under REPEATABLE READ or SERIALIZABLE, where it could
-- not see it, it fails with 40001 and the client retries. An advisory lock
-- would serialize the first case but not the second.

CREATE TABLE cs_policy.decision_point (
    key       text PRIMARY KEY CHECK (pg_catalog.btrim(key) OPERATOR(pg_catalog.<>) ''),
    decisions bigint NOT NULL DEFAULT 1 CHECK (decisions > 0)
);
COMMENT ON TABLE cs_policy.decision_point IS
    'One row per thing a limit is decided on (e.g. "leave grants 123 2026-12-03", "staffing 4"), touched by each command that decides on it so that two cannot decide at once';
COMMENT ON COLUMN cs_policy.decision_point.key IS 'What is decided on: the limit and its subject';
COMMENT ON COLUMN cs_policy.decision_point.decisions IS 'Commands that decided on it';

-- Touches the rows in key order, so that two commands that need several
-- cannot deadlock; one row per statement, which Citus plans on a reference
-- table (an INSERT ... SELECT with ON CONFLICT it does not).
CREATE FUNCTION cs_policy.decide_on(keys text[])
RETURNS void
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    one text;
BEGIN
    FOR one IN SELECT DISTINCT k FROM unnest(keys) AS k WHERE k IS NOT NULL ORDER BY k LOOP
        INSERT INTO cs_policy.decision_point AS p (key) VALUES (one)
        ON CONFLICT (key) DO UPDATE SET decisions = p.decisions + 1;
    END LOOP;
END
$$;
COMMENT ON FUNCTION cs_policy.decide_on(text[]) IS
    'Internal: takes the decision points of a command (waits for a concurrent one to commit; 40001 under REPEATABLE READ if one did since the snapshot)';
REVOKE EXECUTE ON FUNCTION cs_policy.decide_on(text[]) FROM PUBLIC;
