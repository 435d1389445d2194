-- ladder: tiered rules as values. The measure, then steps in interval
-- notation with what each charges. Tiers are half-open where two steps of
-- a handbook claim the same boundary (POLICY.md, "Reading the numbers").
SET client_min_messages = warning;
\set SHOW_CONTEXT never

-- AT-1 (attendance_tiered): late up to 10 min 4 per minute, over 10 up to
-- 30 min 50, over 30 and under 60 one day's wage, 60 and more absence.
SELECT 'minutes: (0,10] 4 per unit; (10,30] 50; (30,60) 1 daily_wage; [60,) 1 absence_day'::cs_policy.ladder AS at_1;
SELECT m AS minutes_late, o.step, o.rule, o.amount, o.daily_wages, o.absence_days
  FROM unnest('{0,1,10,11,12,30,31,59,60,480}'::numeric[]) AS m,
       cs_policy.ladder_apply('minutes: (0,10] 4 per unit; (10,30] 50; (30,60) 1 daily_wage; [60,) 1 absence_day', m) AS o;

-- Count escalation, the n-th offence of a kind: the fines of AT-12 (sales_desk) for
-- a missed 21:00 report and for a duplicate customer contact.
SELECT n AS offence, o.rule, o.amount, o.flags
  FROM generate_series(1, 4) AS n,
       cs_policy.ladder_apply('occurrences: [1,1] warning; [2,2] 100; [3,) 500', n) AS o;
SELECT n AS duplicate_contact, o.amount, o.flags
  FROM generate_series(1, 3) AS n,
       cs_policy.ladder_apply('occurrences: [1,1] 500; [2,2] 2000; [3,) dismissal_review', n) AS o;

-- Absence in days, charged in daily wages, and from 2 days half the monthly wage.
SELECT d AS days_absent, o.daily_wages, o.monthly_wages
  FROM unnest('{0.5,1,1.5,2,3}'::numeric[]) AS d,
       cs_policy.ladder_apply('days: (0,0.5] 2 daily_wage; (0.5,1] 3 daily_wage; (1,2) 3 daily_wage; [2,) 0.5 monthly_wage', d) AS o;

-- An amount measured by the recorder: a fine chosen within a range (AT-11:
-- an unreachable phone, 20 to 50), or three times a penalty covered up (AT-5).
SELECT m AS chosen, o.rule, o.amount
  FROM unnest('{20,35,50,60}'::numeric[]) AS m,
       cs_policy.ladder_apply('amount: [20,50] 1 per unit', m) AS o;
SELECT (cs_policy.ladder_apply('amount: [0,) 3 per unit', 50)).amount AS covered_up_50;

-- absence: the measured time itself is absence (AT-1: 60 minutes late or more).
SELECT (cs_policy.ladder_apply('minutes: (0,10] 4 per unit; (10,30] 50; (30,60) 1 daily_wage; [60,) absence', 75)).flags
       AS late_75_minutes;

-- Canonical form: outcomes in a fixed order, plural units read as singular.
SELECT '  points :  [0 , 5]  none ;(5,) 2 points+warning  + 10 '::cs_policy.ladder AS canonical;

-- AT-5: a department may be stricter than the company, never more lenient.
SELECT cs_policy.ladder_at_least('minutes: (0,10] 5 per unit; (10,30] 60; (30,) 1 daily_wage',
                                 'minutes: (0,10] 4 per unit; (10,30] 50; (30,) 1 daily_wage') AS stricter_is_at_least,
       cs_policy.ladder_at_least('minutes: (0,15] 4 per unit; (15,30] 50; (30,) 1 daily_wage',
                                 'minutes: (0,10] 4 per unit; (10,30] 50; (30,) 1 daily_wage') AS later_tier_is_more_lenient,
       cs_policy.ladder_at_least('occurrences: [1,1] notice; [2,) 50',
                                 'occurrences: [1,1] notice; [2,) 50 + warning') AS a_missing_flag_is_more_lenient;
-- Where a ladder is more lenient: the first whole measure that shows it.
SELECT cs_policy.ladder_more_lenient_at('minutes: (0,15] 4 per unit; (15,30] 50; (30,) 1 daily_wage',
                                        'minutes: (0,10] 4 per unit; (10,30] 50; (30,) 1 daily_wage') AS at_minutes,
       cs_policy.ladder_more_lenient_at('occurrences: [1,) 90 per unit', 'occurrences: [1,) 100 per unit') AS at_nth,
       cs_policy.ladder_more_lenient_at('minutes: (0,) 5 per unit', 'minutes: (0,) 4 per unit') AS never;

-- Bad ladders name the step at fault.
SELECT 'minutes: (0,10] 4 per unit; (11,30] 50'::cs_policy.ladder;
SELECT 'minutes: (0,10] 4 per unit; [10,30] 50'::cs_policy.ladder;
SELECT 'minutes: (10,30] 50; (0,10] 4 per unit'::cs_policy.ladder;
SELECT 'minutes: (0,10] 4 yuan'::cs_policy.ladder;
SELECT 'hours: (0,10] 4'::cs_policy.ladder;
SELECT 'occurrences: [1,1.5] 50'::cs_policy.ladder;
SELECT 'minutes: (30,10] 50'::cs_policy.ladder;
SELECT cs_policy.ladder_at_least('minutes: (0,10] 4', 'days: (0,10] 4');
