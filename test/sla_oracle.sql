-- The C SLA clock (sla_clock) agrees with the plain PL/pgSQL oracle of
-- bench/sla_oracle.sql on 3,000 random event sequences (waiting and
-- resuming, resolving and reopening, repair stages) under targets of every
-- kind of allowance (working days, working time, calendar days, wall
-- clock, paused or not), on the shipped calendars across the 2025 holidays
-- and on a Berlin calendar across both DST changes (CP-3, CP-4, CP-5, CP-7).
BEGIN;
SELECT plan(7);
SET LOCAL client_min_messages = warning;

\ir ../bench/calendar_oracle.sql
\ir ../bench/sla_oracle.sql

SELECT cs_policy.create_calendar('sla_berlin', 'Europe/Berlin', week => 'Mon-Fri 08:00-12:00,13:00-17:00') IS NOT NULL AS created;
SELECT setseed(0.4711);
CREATE TEMP TABLE targets (no integer, target cs_policy.sla_target);
INSERT INTO targets
SELECT row_number() OVER (), t::cs_policy.sla_target
  FROM unnest(ARRAY['received -> resolved within 3 working days',
                    'received -> resolved within 3 working days, paused while waiting',
                    'received -> informed within 7 working days, paused while waiting',
                    'received -> closed within same day',
                    'received -> manager_notified within 1 hour',
                    'received -> report_filed within 3 days',
                    'received -> resolved within 2 days, paused while waiting',
                    'received -> diagnosed_in_house|diagnosed_external within 3 days',
                    'diagnosed_in_house -> repaired within 10 working days',
                    'repaired -> returned within 3 days',
                    'received -> resolved within 16 working hours, paused while waiting',
                    'received -> resolved within 90 minutes',
                    'received|reopened -> closed within 0 working days']) AS t;
CREATE TEMP TABLE runs AS
SELECT i,
       (ARRAY['cn', 'cn', 'cn_7x24', 'sla_berlin'])[1 + floor(random() * 4)::int] AS cal,
       1 + floor(random() * 13)::int AS target_no,
       -- around National Day, the spring holidays and both DST changes of 2025
       (ARRAY[timestamptz '2025-09-26 00:00+08', '2025-03-25 00:00+01', '2025-10-22 00:00+02', '2025-01-20 00:00+08'])
           [1 + floor(random() * 4)::int] + random() * interval '12 days' AS t0,
       random() AS u
  FROM generate_series(1, 3000) AS i;
-- each run: received, then up to 8 events at random gaps of minutes to days
CREATE TEMP TABLE run_events AS
SELECT r.i, 0 AS seq, 'received'::text AS kind, r.t0 AS at FROM runs r
UNION ALL
SELECT r.i, s.seq,
       (ARRAY['waiting', 'resumed', 'resolved', 'informed', 'closed', 'reopened', 'manager_notified', 'report_filed',
              'diagnosed_in_house', 'diagnosed_external', 'repaired', 'returned', 'waiting', 'resumed', 'resolved'])
           [1 + floor(random() * 15)::int],
       r.t0 + s.seq * random() * (CASE WHEN r.u < 0.3 THEN interval '3 hours' ELSE interval '2 days' END)
  FROM runs r, generate_series(1, 8) AS s(seq)
 WHERE s.seq <= 1 + floor(r.u * 8);
CREATE TEMP TABLE sequences AS
SELECT e.i, array_agg(e.kind ORDER BY e.at, e.seq) AS kinds, array_agg(e.at ORDER BY e.at, e.seq) AS ats,
       cs_policy.collect_complaint_events(e.kind, e.at, e.seq) AS packed
  FROM run_events e GROUP BY e.i;
CREATE TEMP TABLE compared AS
SELECT r.i, t.target, r.cal, a.as_of, s.kinds, s.ats, c.*, o.*
  FROM runs r
  JOIN targets t ON t.no = r.target_no
  JOIN sequences s ON s.i = r.i
  JOIN cs_policy.calendar k ON k.name = r.cal
 CROSS JOIN LATERAL (SELECT r.t0 + (r.u * 20) * interval '1 day' AS as_of) a
 CROSS JOIN LATERAL cs_policy.sla_clock(t.target, k.value, s.packed, a.as_of, 0.25)
       AS c(c_started, c_due, c_met, c_paused, c_paused_now, c_state, c_left, c_allowance, c_clock)
 CROSS JOIN LATERAL cs_policy_oracle.sla_clock(t.target, r.cal, s.kinds, s.ats, a.as_of, 0.25)
       AS o(o_started, o_due, o_met, o_paused, o_paused_now, o_state, o_left, o_allowance);

SELECT is((SELECT count(*) FROM compared)::integer, 3000, '3,000 random complaints and targets');
SELECT is_empty($$
    SELECT * FROM compared
     WHERE c_started IS DISTINCT FROM o_started OR c_due IS DISTINCT FROM o_due OR c_met IS DISTINCT FROM o_met
        OR c_paused IS DISTINCT FROM o_paused OR c_paused_now IS DISTINCT FROM o_paused_now
        OR c_state IS DISTINCT FROM o_state OR c_left IS DISTINCT FROM o_left OR c_allowance IS DISTINCT FROM o_allowance
     LIMIT 5 $$,
    'the C clock and the PL/pgSQL oracle agree on start, due, met, pauses, state, time left and allowance');
SELECT ok((SELECT count(*) FROM compared WHERE c_state = 'met') > 100, 'some targets were met');
SELECT ok((SELECT count(*) FROM compared WHERE c_state = 'breached') > 100, 'some were breached');
SELECT ok((SELECT count(*) FROM compared WHERE c_state IN ('running', 'at_risk')) > 100
          AND (SELECT count(*) FROM compared WHERE c_state = 'at_risk') > 10, 'some are running, some at risk');
SELECT ok((SELECT count(*) FROM compared WHERE c_paused > interval '0') > 100, 'many stood still while waiting');
SELECT ok((SELECT count(*) FROM compared WHERE cal = 'sla_berlin' AND c_started IS NOT NULL
             AND c_clock = 'wall clock') > 50, 'wall-clock and calendar-day targets ran across the Berlin DST changes');

SELECT * FROM finish();
ROLLBACK;
