-- ladder: parsing, evaluation, comparison (AT-1, AT-5 building blocks).
BEGIN;
SELECT plan(16);

SELECT has_type('cs_policy', 'ladder', 'type ladder exists');
SELECT is(('minutes: (0,10] 4 per unit; (10,30] 50; (30,60) 1 daily_wage; [60,) 1 absence_day'::cs_policy.ladder)::text,
          'minutes: (0,10] 4 per unit; (10,30] 50; (30,60) 1 daily_wage; [60,) 1 absence_day', 'a canonical ladder reads back as written');
SELECT is((cs_policy.ladder_apply('minutes: (0,10] 4 per unit; (10,30] 50; (30,60) 1 daily_wage; [60,) 1 absence_day', 12)).amount,
          50.00, 'AT-1: 12 minutes late costs 50');
SELECT is((cs_policy.ladder_apply('minutes: (0,10] 4 per unit; (10,30] 50; (30,60) 1 daily_wage; [60,) 1 absence_day', 10)).amount,
          40.00, 'AT-1: 10 minutes late is still 4 per minute (the lower step keeps the boundary)');
SELECT is((cs_policy.ladder_apply('minutes: (0,10] 4 per unit; (10,30] 50; (30,60) 1 daily_wage; [60,) 1 absence_day', 60)).absence_days,
          1::numeric, 'AT-1: 60 minutes is absence');
SELECT is((cs_policy.ladder_apply('minutes: (0,10] 4 per unit', 0)).step, NULL, 'below the first step nothing is charged');
SELECT is((cs_policy.ladder_apply('occurrences: [1,1] warning; [2,2] 100; [3,) 500', 2)).amount, 100.00,
          'the n-th occurrence picks its step');
SELECT throws_ok($$ SELECT 'minutes: (0,10] 4; (11,30] 50'::cs_policy.ladder $$, '22P02', NULL, 'a gap is refused');
SELECT throws_ok($$ SELECT 'minutes: (0,10] 4; [10,30] 50'::cs_policy.ladder $$, '22P02', NULL, 'an overlap is refused');
SELECT throws_ok($$ SELECT 'minutes: (10,30] 50; (0,10] 4'::cs_policy.ladder $$, '22P02', NULL, 'unordered steps are refused');
SELECT throws_ok($$ SELECT 'minutes: (0,10] 4 yuan'::cs_policy.ladder $$, '22P02', NULL, 'an unknown unit is refused');
SELECT throws_ok($$ SELECT cs_policy.ladder_apply('minutes: (0,10] 4', 'NaN') $$, '22023', NULL, 'NaN is no measure');
-- AT-5: stricter departments only.
SELECT ok(cs_policy.ladder_at_least('minutes: (0,10] 5 per unit; (10,30] 60; (30,) 1 daily_wage',
                                    'minutes: (0,10] 4 per unit; (10,30] 50; (30,) 1 daily_wage'),
          'AT-5: higher charges at every tier are at least the company''s');
SELECT ok(NOT cs_policy.ladder_at_least('minutes: (0,15] 4 per unit; (15,30] 50; (30,) 1 daily_wage',
                                        'minutes: (0,10] 4 per unit; (10,30] 50; (30,) 1 daily_wage'),
          'AT-5: moving a tier boundary up is more lenient (12 minutes: 48 instead of 50)');
SELECT ok(NOT cs_policy.ladder_at_least('occurrences: [1,1] notice; [2,) 50', 'occurrences: [1,1] notice; [2,) 50 + warning'),
          'AT-5: dropping a flag is more lenient');
-- binary form
CREATE TEMP TABLE ladders (l cs_policy.ladder);
INSERT INTO ladders VALUES ('minutes: (0,10] 4 per unit; (10,30] 50; (30,60) 1 daily_wage; [60,) 1 absence_day'),
                           ('occurrences: [1,1] warning; [2,2] 100; [3,) 500 + dismissal_review'), ('points: [0,5] none; (5,) -2.5 points');
CREATE TEMP TABLE ladders_copy (LIKE ladders);
DO $$
DECLARE
    f text := '/tmp/cs_policy_ladder_' || pg_backend_pid() || '.copy';
BEGIN
    EXECUTE format('COPY ladders TO %L (FORMAT binary)', f);
    EXECUTE format('COPY ladders_copy FROM %L (FORMAT binary)', f);
END
$$;
SELECT set_eq($$ SELECT l::text FROM ladders_copy $$, $$ SELECT l::text FROM ladders $$, 'ladders survive binary COPY unchanged');

SELECT * FROM finish();
ROLLBACK;
