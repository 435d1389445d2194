-- shift: one or more windows of local time in time order (SH-1). A window
-- ending at or before its start runs past midnight; a window starting
-- earlier on the clock than the one before it starts on the next day.
SET client_min_messages = warning;
SET intervalstyle = postgres;
SET timezone = 'Asia/Shanghai';
SET datestyle = 'ISO';
\set SHOW_CONTEXT never

SELECT s::cs_policy.shift AS shift, cs_policy.shift_length(s::cs_policy.shift) AS worked,
       cs_policy.shift_on(s::cs_policy.shift, '2025-12-31', 'Asia/Shanghai') AS on_new_years_eve
  FROM (VALUES ('08:30-17:30'),               -- office day
               ('08:00-20:00'), ('09:00-21:00'), ('20:00-08:00'),   -- the three shifts of a 7x24 center (SH-3)
               ('08:30-12:00,13:00-17:00'),   -- split shift
               ('18:30-24:00'),               -- half shift until midnight
               ('20:00-02:00,03:00-08:00'),   -- night with a break after midnight
               ('08:00-24:00,00:00-08:00')    -- 24 hours from 08:00
       ) AS t(s);

-- Shifts order by start, then end.
SELECT s AS shift FROM unnest('{20:00-08:00,08:00-20:00,09:00-21:00,08:00-12:00}'::cs_policy.shift[]) AS s
 ORDER BY s USING OPERATOR(cs_policy.<);

-- On DST days the real night is shorter or longer (Europe/Berlin, 2025).
SELECT d AS work_date, cs_policy.shift_on('20:00-08:00', d, 'Europe/Berlin') AS night,
       upper(cs_policy.shift_on('20:00-08:00', d, 'Europe/Berlin')) - lower(cs_policy.shift_on('20:00-08:00', d, 'Europe/Berlin')) AS lasts
  FROM (VALUES (date '2025-03-29'), ('2025-03-30'), ('2025-10-25')) AS t(d);

-- Bad shifts are refused with the bad part quoted.
SELECT '08:00-12:00,11:30-14:00'::cs_policy.shift;
SELECT '08:00-08:00'::cs_policy.shift;
SELECT '08:00-20:00,21:00-09:00'::cs_policy.shift;
SELECT '8:00-17'::cs_policy.shift;
SELECT '24:00-08:00'::cs_policy.shift;
