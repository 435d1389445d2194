-- src/rule.sql: the rule registry and the presets (no C)

CREATE TYPE cs_policy.rule_area AS ENUM
    ('shift', 'attendance', 'leave', 'complaint', 'promotion', 'access');
COMMENT ON TYPE cs_policy.rule_area IS
    'Area of the rules: shift (SH-), attendance (AT-), leave (LV-), complaint (CP-), promotion (PR-), access (SEC-)';

CREATE TABLE cs_policy.preset (
    name    text PRIMARY KEY
            CHECK (name OPERATOR(pg_catalog.~) '^[a-z][a-z0-9_]*$'),
    areas   cs_policy.rule_area[] NOT NULL
            CHECK (pg_catalog.cardinality(areas) OPERATOR(pg_catalog.>) 0),
    source  text NOT NULL,
    summary text NOT NULL
);
COMMENT ON TABLE cs_policy.preset IS
    'The shipped rule sets, each reproducing one handbook''s numbers exactly (see POLICY.md); a policy starts from one of them or is custom';
COMMENT ON COLUMN cs_policy.preset.name IS 'Preset name, e.g. callcenter_2012';
COMMENT ON COLUMN cs_policy.preset.areas IS 'Rule areas this preset has numbers for; a policy may use the preset only for these';
COMMENT ON COLUMN cs_policy.preset.source IS 'Handbook the numbers come from (files in shared/seeds)';
COMMENT ON COLUMN cs_policy.preset.summary IS 'What the handbook rules, in one sentence';

CREATE TABLE cs_policy.rule (
    id      text PRIMARY KEY
            CHECK (id OPERATOR(pg_catalog.~) '^(SH|AT|LV|CP|PR|SEC)-[1-9][0-9]*$'),
    area    cs_policy.rule_area NOT NULL,
    preset  text REFERENCES cs_policy.preset,
    source  text NOT NULL,
    summary text NOT NULL,
    CHECK (pg_catalog.split_part(id, '-', 1) OPERATOR(pg_catalog.=)
           CASE area WHEN 'shift' THEN 'SH' WHEN 'attendance' THEN 'AT'
                     WHEN 'leave' THEN 'LV' WHEN 'complaint' THEN 'CP'
                     WHEN 'promotion' THEN 'PR' WHEN 'access' THEN 'SEC' END)
);
COMMENT ON TABLE cs_policy.rule IS
    'Registry of the rule IDs of POLICY.md; every computed result cites one of them';
COMMENT ON COLUMN cs_policy.rule.id IS 'Rule ID, e.g. AT-2; the prefix names the area';
COMMENT ON COLUMN cs_policy.rule.area IS 'Area the rule belongs to';
COMMENT ON COLUMN cs_policy.rule.preset IS 'Preset whose handbook states this rule, when the rule is specific to one handbook';
COMMENT ON COLUMN cs_policy.rule.source IS 'Handbook(s) the rule comes from (files in shared/seeds)';
COMMENT ON COLUMN cs_policy.rule.summary IS 'The rule restated in English';
