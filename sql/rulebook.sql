-- rulebook: the penalty rules of a policy version as one value. One rule a
-- line (or separated by |): a subject, the rule IDs it reproduces, '=',
-- and a ladder or a number. Written back in a fixed order, so equal
-- rulebooks are equal.
SET client_min_messages = warning;
\set SHOW_CONTEXT never

SELECT 'incident lost_card (AT-7) = occurrences: [1,1] 50; [2,) 100
        late (AT-7) = minutes: (0,30) 20; [30,) 1 absence_day
        forgive late within (0,5] (AT-7) = 2'::cs_policy.rulebook AS canonical;
SELECT 'late = minutes: (0,) none | count late+early+minor (AT-13) = occurrences: [4,4] 20 points'::cs_policy.rulebook
       AS on_one_line;

-- The rules one a row, with their ladders (what BI tools read).
SELECT * FROM cs_policy.rulebook_rules((SELECT rulebook FROM cs_policy.preset_rulebook WHERE preset = 'callcenter_2012'));
SELECT subject, kind, name, class, counts, within, value
  FROM cs_policy.rulebook_rules((SELECT rulebook FROM cs_policy.preset_rulebook WHERE preset = 'points_2024'))
 WHERE kind IN ('count', 'parameter') OR name IN ('messy_desk', 'equipment_removed');
SELECT * FROM cs_policy.ladder_steps('minutes: (0,10] 4 per unit; (10,30] 50; (30,60) 1 daily_wage; [60,) absence');

-- A policy's own rules replace the preset's on the same subjects and add the others.
SELECT cs_policy.rulebook_merge(
           (SELECT rulebook FROM cs_policy.preset_rulebook WHERE preset = 'group_seasonal'),
           'late (AT-6) = minutes: (0,10] 20; (10,240] 0.5 absence_day; (240,) 1 absence_day
            incident lost_card = occurrences: [1,) 30') AS merged;

-- AT-5: a department's rules are at least its parent's when every rule
-- of the parent is there and charges at least as much; where not, why.
SELECT cs_policy.rulebook_at_least(a, b) AS at_least, cs_policy.rulebook_more_lenient(a, b) AS why
  FROM (VALUES
    ('late (AT-1) = minutes: (0,10] 5 per unit; (10,30] 60'::cs_policy.rulebook,
     'late (AT-1) = minutes: (0,10] 4 per unit; (10,30] 50'::cs_policy.rulebook),
    ('late (AT-1) = minutes: (0,15] 4 per unit; (15,30] 50',            'late (AT-1) = minutes: (0,10] 4 per unit; (10,30] 50'),
    ('early (AT-1) = minutes: (0,10] 4 per unit',                      'late (AT-1) = minutes: (0,10] 4 per unit'),
    ('late = minutes: (0,30) 20 | forgive late within (0,5] = 3',      'late = minutes: (0,30) 20 | forgive late within (0,5] (AT-7) = 2'),
    ('late = minutes: (0,30) 20 | forgive late within (0,5] = 1',      'late = minutes: (0,30) 20 | forgive late within (0,5] (AT-7) = 2'),
    ('team_attendance_min = 0.9',                                       'team_attendance_min (AT-10) = 0.95'),
    ('incident lost_card = amount: [0,) 1 per unit',                    'incident lost_card (AT-7) = occurrences: [1,) 50')
  ) AS x(a, b);

-- Bad rulebooks name the line and the place of the error.
SELECT 'late = minutes: (0,10] 4 per unit
        overtime = minutes: (0,) 10'::cs_policy.rulebook;
SELECT 'late = days: (0,1] 1 absence_day'::cs_policy.rulebook;
SELECT 'absence = days: (0,1] absence'::cs_policy.rulebook;
SELECT 'count lunch = occurrences: [2,) 20'::cs_policy.rulebook;
SELECT 'forgive late = 1.5'::cs_policy.rulebook;
SELECT 'late (AT1) = minutes: (0,) none'::cs_policy.rulebook;
SELECT 'late = minutes: (0,) none | late = minutes: (0,) 5'::cs_policy.rulebook;
SELECT 'count early within (10,5] = occurrences: [1,) 5'::cs_policy.rulebook;
SELECT 'field_notice_by_start = 2'::cs_policy.rulebook;
SELECT ''::cs_policy.rulebook;
