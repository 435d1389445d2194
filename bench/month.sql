-- bench/month.sql, included by bench/close.sql and bench/scale.sql: the
-- demo center of :agents agents with its month :month of attendance, as
-- bench/attendance generates it: the three 7x24 shifts in a staggered
-- rotation (5 days on, 2 off) for every project, then the punches, leave,
-- exceptions and incidents of demo_attendance. Prints nothing.
SELECT cs_policy.demo_center(agents => :agents, month => :month, with_roster => false) IS NOT NULL AS center \g /dev/null
SELECT cs_policy.define_shift_template(n, 'DEMO', s::cs_policy.shift, 'cn_7x24') IS NOT NULL AS template
  FROM (VALUES ('day', '08:00-20:00'), ('late', '09:00-21:00'), ('night', '20:00-08:00')) AS t(n, s) \g /dev/null
SELECT sum(cs_policy.roster_rotation(p, :month, '{day,late,night}', 5, 2, acting_as => 'E0001')) AS shifts
  FROM unnest('{HOTLINE,ECOM,REPAIR}'::text[]) AS p \g /dev/null
SELECT cs_policy.demo_attendance(:month, 1) IS NULL AS attendance \g /dev/null
