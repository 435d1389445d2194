-- The C attendance engine agrees with the plain PL/pgSQL oracle of
-- bench/attendance_oracle.sql, line for line (date, kind, amount, points,
-- days of absence, flags), on a month of the demo center: its own
-- policies, then every preset's rulebook in turn on the same punches,
-- leave, exceptions and incidents (AT-1 to AT-14).
BEGIN;
SELECT plan(8);
SET LOCAL client_min_messages = warning;

\ir ../bench/attendance_oracle.sql

SELECT cs_policy.demo_center(agents => 60, month => '2025-10-01', seed => 11) > 0 AS loaded;
CREATE FUNCTION pg_temp.differences() RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
    n bigint;
BEGIN
    PERFORM cs_policy_oracle.load_rules();
    CREATE TEMP TABLE IF NOT EXISTS engine_lines AS
        SELECT employee_id, work_date, kind, amount, points, absence_days, flags FROM cs_policy.period_penalty_lines('2025-10-01') WITH NO DATA;
    CREATE TEMP TABLE IF NOT EXISTS oracle_result (LIKE engine_lines);
    TRUNCATE engine_lines, oracle_result;
    INSERT INTO engine_lines
    SELECT employee_id, work_date, kind, amount, points, absence_days, flags FROM cs_policy.period_penalty_lines('2025-10-01');
    INSERT INTO oracle_result
    SELECT e.employee_id, l.* FROM cs_policy.employee e, cs_policy_oracle.penalty_lines(e.employee_id, '2025-10-01', now()) l;
    SELECT count(*) INTO n FROM ((SELECT * FROM engine_lines EXCEPT ALL SELECT * FROM oracle_result)
                                 UNION ALL (SELECT * FROM oracle_result EXCEPT ALL SELECT * FROM engine_lines)) d;
    RETURN n;
END
$$;

SELECT is(pg_temp.differences(), 0::bigint, 'the demo center''s own policies: engine and oracle agree line for line');
SELECT ok((SELECT count(*) FROM engine_lines) > 100, 'and there are lines to compare');

-- Every preset's rules on the same month (the floor of AT-5 is not at issue here).
CREATE TEMP TABLE presets AS SELECT preset, rulebook FROM cs_policy.preset_rulebook WHERE area = 'attendance';
UPDATE cs_policy.policy SET rulebook = (SELECT rulebook FROM presets WHERE preset = 'attendance_tiered') WHERE area = 'attendance';
SELECT is(pg_temp.differences(), 0::bigint, 'attendance_tiered: engine and oracle agree');
UPDATE cs_policy.policy SET rulebook = (SELECT rulebook FROM presets WHERE preset = 'group_seasonal') WHERE area = 'attendance';
SELECT is(pg_temp.differences(), 0::bigint, 'group_seasonal: engine and oracle agree');
UPDATE cs_policy.policy SET rulebook = (SELECT rulebook FROM presets WHERE preset = 'callcenter_2012') WHERE area = 'attendance';
SELECT is(pg_temp.differences(), 0::bigint, 'callcenter_2012: engine and oracle agree');
UPDATE cs_policy.policy SET rulebook = (SELECT rulebook FROM presets WHERE preset = 'hotline_2009') WHERE area = 'attendance';
SELECT is(pg_temp.differences(), 0::bigint, 'hotline_2009: engine and oracle agree');
UPDATE cs_policy.policy SET rulebook = cs_policy.rulebook_merge((SELECT rulebook FROM presets WHERE preset = 'points_2024'),
                                                                (SELECT rulebook FROM presets WHERE preset = 'punchcard_strict'))
 WHERE area = 'attendance';
SELECT is(pg_temp.differences(), 0::bigint, 'points_2024 with punchcard_strict''s rules on top: engine and oracle agree');
UPDATE cs_policy.policy SET rulebook = cs_policy.rulebook_merge((SELECT rulebook FROM presets WHERE preset = 'sales_desk'),
                                                                (SELECT rulebook FROM presets WHERE preset = 'group_seasonal'))
 WHERE area = 'attendance';
SELECT is(pg_temp.differences(), 0::bigint, 'sales_desk with group_seasonal''s rules on top: engine and oracle agree');

SELECT * FROM finish();
ROLLBACK;
