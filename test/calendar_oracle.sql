-- The C working-time functions agree with the plain PL/pgSQL oracle of
-- bench/calendar_oracle.sql on 100,000 random inputs across 2024-2026, on
-- the shipped calendars and on a Berlin calendar with DST days, seasons,
-- a dated week, make-up days taking Friday's hours, and windows inside the
-- DST gap and overlap. Both forms (value and name) are checked.
BEGIN;
SELECT plan(10);

\ir ../bench/calendar_oracle.sql

SELECT cs_policy.create_calendar('oracle_berlin', 'Europe/Berlin',
                                 week => 'Mon-Thu 08:00-12:00,13:00-17:00; Fri 08:00-14:00',
                                 makeup_hours_of => 'Fri') IS NOT NULL AS created;
SELECT cs_policy.set_calendar_week('oracle_berlin', 'Mon-Fri 07:00-15:00', '06-15..08-31') IS NOT NULL AS summer;
-- Around both DST changes of 2025: windows in the gap (02:00-03:00 does not
-- exist on March 30) and in the overlap (02:00-03:00 happens twice on Oct 26).
SELECT cs_policy.set_calendar_week('oracle_berlin', 'Mon-Sun 00:00-02:30,02:45-04:00,22:00-24:00',
                                   '2025-03-28..2025-04-01') IS NOT NULL AS spring;
SELECT cs_policy.set_calendar_week('oracle_berlin', 'Mon-Sun 01:30-02:15,02:30-05:00,23:00-24:00',
                                   '2025-10-24..2025-10-28') IS NOT NULL AS autumn;
-- A week without Friday hours: make-up days in it fall back to Tuesday's.
SELECT cs_policy.set_calendar_week('oracle_berlin', 'Tue-Thu 10:00-16:00', '2025-12-15..2025-12-21') IS NOT NULL AS no_friday;
SELECT cs_policy.set_calendar_day('oracle_berlin', x.day::date, x.kind::cs_policy.day_kind, 'test') IS NOT NULL
  FROM (VALUES ('2024-12-25', 'holiday'), ('2024-12-26', 'holiday'), ('2025-01-01', 'holiday'),
               ('2025-04-18', 'holiday'), ('2025-04-21', 'holiday'), ('2025-10-03', 'holiday'),
               ('2025-03-29', 'workday'), ('2025-10-25', 'workday'), ('2025-12-20', 'workday'), ('2025-12-21', 'workday'),
               ('2026-05-01', 'holiday'), ('2026-05-02', 'workday')) AS x(day, kind);

SELECT setseed(0.2025);
CREATE TEMP TABLE oracle_input AS
SELECT i, cal, t, day, n, d, t + (random() * 24 - 12) * interval '1 day' + round(random() * 59) * interval '1 minute' AS b
  FROM (SELECT i,
               (ARRAY['cn', 'cn_group_seasonal', 'cn_7x24', 'oracle_berlin', 'oracle_berlin'])[1 + floor(random() * 5)::int] AS cal,
               -- 40% on a local quarter hour (e.g. 18:00 sharp), the rest anywhere to the second
               CASE WHEN random() < 0.4
                    THEN date_trunc('hour', timestamptz '2024-01-01 00:00+00' + random() * interval '1096 days')
                         + floor(random() * 4) * interval '15 minutes'
                    ELSE date_trunc('second', timestamptz '2024-01-01 00:00+00' + random() * interval '1096 days') END AS t,
               date '2024-01-01' + floor(random() * 1096)::int AS day,
               CASE WHEN random() < 0.03 THEN 100 + floor(random() * 400)::int ELSE floor(random() * 16)::int END AS n,
               CASE WHEN random() < 0.1 THEN interval '0'
                    ELSE floor(random() * 60 * 3600) * interval '1 second' END AS d
          FROM generate_series(1, 100000) AS i) AS r;
SELECT is((SELECT count(*) FROM oracle_input)::integer, 100000, '100,000 random inputs');

CREATE TEMP TABLE oracle_result AS
SELECT o.*,
       cs_policy.is_working_day(c.value, o.day) AS c_working,
       cs_policy.is_working_day(o.cal, o.day) AS n_working,
       cs_policy_oracle.is_working_day(o.cal, o.day) AS o_working,
       cs_policy.add_working_days(c.value, o.t, o.n) AS c_days,
       cs_policy.add_working_days(o.cal, o.t, o.n) AS n_days,
       cs_policy_oracle.add_working_days(o.cal, o.t, o.n) AS o_days,
       cs_policy.add_working_time(c.value, o.t, o.d) AS c_time,
       cs_policy.add_working_time(o.cal, o.t, o.d) AS n_time,
       cs_policy_oracle.add_working_time(o.cal, o.t, o.d) AS o_time,
       cs_policy.working_time_between(c.value, o.t, o.b) AS c_between,
       cs_policy.working_time_between(o.cal, o.t, o.b) AS n_between,
       cs_policy_oracle.working_time_between(o.cal, o.t, o.b) AS o_between
  FROM oracle_input o JOIN cs_policy.calendar c ON c.name = o.cal;

SELECT is_empty($$ SELECT i, cal, day, c_working, n_working, o_working FROM oracle_result
                    WHERE c_working IS DISTINCT FROM o_working OR n_working IS DISTINCT FROM o_working LIMIT 5 $$,
                'is_working_day agrees with the oracle');
SELECT is_empty($$ SELECT i, cal, t, n, c_days, n_days, o_days FROM oracle_result
                    WHERE c_days IS DISTINCT FROM o_days OR n_days IS DISTINCT FROM o_days LIMIT 5 $$,
                'add_working_days agrees with the oracle');
SELECT is_empty($$ SELECT i, cal, t, d, c_time, n_time, o_time FROM oracle_result
                    WHERE c_time IS DISTINCT FROM o_time OR n_time IS DISTINCT FROM o_time LIMIT 5 $$,
                'add_working_time agrees with the oracle');
SELECT is_empty($$ SELECT i, cal, t, b, c_between, n_between, o_between FROM oracle_result
                    WHERE c_between IS DISTINCT FROM o_between OR n_between IS DISTINCT FROM o_between
                       OR extract(epoch FROM c_between) <> extract(epoch FROM o_between) LIMIT 5 $$,
                'working_time_between agrees with the oracle');

-- The inputs really reach the edges the functions must get right.
SELECT cmp_ok((SELECT count(*) FROM oracle_result WHERE cal = 'oracle_berlin'
                 AND (t AT TIME ZONE 'Europe/Berlin')::date IN ('2025-03-30', '2025-10-26')), '>', 0::bigint,
              'some inputs fall on the DST days');
SELECT cmp_ok((SELECT count(*) FROM oracle_result WHERE NOT o_working AND extract(isodow FROM day) < 6), '>', 0::bigint,
              'some inputs fall on holidays');
SELECT cmp_ok((SELECT count(*) FROM oracle_result r JOIN cs_policy.calendar_day cd
                 ON cd.calendar = r.cal AND cd.day = r.day AND cd.kind = 'workday'), '>', 0::bigint,
              'some inputs fall on make-up working days');
SELECT cmp_ok((SELECT count(*) FROM oracle_result WHERE cal = 'oracle_berlin'
                 AND (day IN ('2025-12-20', '2025-12-21') OR t::date BETWEEN '2025-12-12' AND '2025-12-21')), '>', 0::bigint,
              'some inputs meet make-up days that fall back to another weekday''s hours');
SELECT cmp_ok((SELECT count(*) FROM oracle_result WHERE b < t), '>', 0::bigint,
              'some intervals run backwards');

SELECT * FROM finish();
ROLLBACK;
