-- workweek: weekly working hours. Days (Mon..Sun, ranges, lists) and their
-- windows HH:MM-HH:MM; groups separated by ';'. The output is canonical:
-- windows sorted, touching windows merged, days with equal hours grouped.
SET client_min_messages = warning;
SET intervalstyle = postgres;
\set SHOW_CONTEXT never

SELECT w::cs_policy.workweek AS canonical, cs_policy.weekly_hours(w::cs_policy.workweek) AS per_week
  FROM (VALUES ('Mon-Fri 09:00-18:00'),
               ('Mon-Fri 08:30-12:00,13:00-17:30; Sat 09:00-12:00'),
               ('mon-fri 13:30-17:30,08:30-11:30'),                 -- any case, any window order
               ('Mon 08:00-12:00; Tue 08:00-12:00; Wed 08:00-12:00'), -- equal days are grouped
               ('Sat,Sun 10:00-16:00; Mon-Wed,Fri 09:00-17:00'),
               ('Mon-Sun 00:00-24:00'),                              -- 7x24
               ('Mon-Fri 08:00-12:00,12:00-13:00'),                  -- touching windows merge
               ('Fri 18:30-24:00')) AS t(w);

-- Input = output: the canonical text reads back as the same value.
SELECT w::text::cs_policy.workweek OPERATOR(cs_policy.=) w AS round_trip
  FROM (SELECT 'Sat,Sun 10:00-16:00; Mon-Wed,Fri 09:00-17:00'::cs_policy.workweek AS w) t;

-- Bad text names the bad part and shows the syntax.
SELECT 'Mon-Fry 09:00-18:00'::cs_policy.workweek;
SELECT 'Mon-Fri 9-18'::cs_policy.workweek;
SELECT 'Mon-Fri 18:00-09:00'::cs_policy.workweek;     -- overnight hours belong to shifts, not to a workweek
SELECT 'Mon-Fri 08:00-12:00,11:30-14:00'::cs_policy.workweek;
SELECT 'Mon-Fri 08:00-24:30'::cs_policy.workweek;
SELECT 'Mon-Fri 09:00-18:00; Fri 19:00-20:00'::cs_policy.workweek;
SELECT 'Fri-Mon 09:00-18:00'::cs_policy.workweek;
SELECT ''::cs_policy.workweek;
