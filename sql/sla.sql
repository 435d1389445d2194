-- The sla_target type: a service-level target of complaints as a value
-- (CP-3, CP-4, CP-5, CP-7), and its clock over a complaint's events.
SET client_min_messages = warning;
SET datestyle = ISO;
SET timezone = 'Asia/Shanghai';
SET intervalstyle = postgres;
\set SHOW_CONTEXT never

-- A clock starts at one event and stops at another (| for either),
-- within wall-clock time, calendar days, working days or working time,
-- optionally standing still while the complaint waits for the customer.
SELECT t::cs_policy.sla_target AS target
  FROM (VALUES ('received -> resolved within 3 working days'),
               ('received -> resolved within 3 working days, paused while waiting'),
               ('received->manager_notified within 60 minutes'),
               ('received -> report_filed within 3 days'),
               ('received -> closed within same day'),
               ('received -> diagnosed_in_house | diagnosed_external within 3 days'),
               ('diagnosed_in_house -> repaired within 10 working days'),
               ('resolved -> called_back within 1 day'),
               ('received -> resolved within 90 working minutes')) AS x(t);
SELECT (cs_policy.sla_target_parts(t)).* FROM (VALUES ('received -> resolved within 3 working days, paused while waiting'::cs_policy.sla_target),
                                                      ('received -> manager_notified within 1 hour')) AS x(t);

-- Bad text is refused with the place and what was expected.
SELECT 'received -> resolved in 3 days'::cs_policy.sla_target;
SELECT 'received -> answered within 3 days'::cs_policy.sla_target;
SELECT 'received -> resolved within 3 weeks'::cs_policy.sla_target;
SELECT 'received -> resolved within 0 hours'::cs_policy.sla_target;
SELECT 'received -> received within 1 hour'::cs_policy.sla_target;
SELECT 'received -> resolved within 1.5 working minutes'::cs_policy.sla_target;
SELECT 'received -> resolved within 3 days, paused'::cs_policy.sla_target;

-- Comparing targets: at least as strict (a department's may not be more lenient, like AT-5).
SELECT a, b, cs_policy.sla_target_at_least(a::cs_policy.sla_target, b::cs_policy.sla_target) AS a_at_least_b,
       cs_policy.sla_target_more_lenient(a::cs_policy.sla_target, b::cs_policy.sla_target) AS why_not
  FROM (VALUES ('received -> resolved within 2 working days', 'received -> resolved within 3 working days'),
               ('received -> resolved within 4 working days', 'received -> resolved within 3 working days'),
               ('received -> resolved within 3 working days, paused while waiting', 'received -> resolved within 3 working days'),
               ('received -> resolved within 3 working days', 'received -> closed within 3 working days'),
               ('received -> manager_notified within 45 minutes', 'received -> manager_notified within 1 hour')) AS x(a, b);

-- The clock over events (kind, at, order), on the cn calendar: received
-- on 2025-09-30, the day before National Day; 3 working days end at 18:00
-- on the make-up Saturday 2025-10-11.
WITH events AS (
    SELECT cs_policy.collect_complaint_events(kind, at::timestamptz, seq) AS e
      FROM (VALUES ('received', '2025-09-30 10:00', 1)) AS x(kind, at, seq))
SELECT as_of, c.started_at, c.due_at, c.state, c.time_left, c.allowance, c.clock
  FROM events, cs_policy.calendar cal,
       unnest('{2025-10-09 09:00,2025-10-11 15:00,2025-10-13 10:00}'::timestamptz[]) AS as_of,
       cs_policy.sla_clock('received -> resolved within 3 working days', cal.value, events.e, as_of) c
 WHERE cal.name = 'cn' ORDER BY as_of;
-- Waiting for the customer a working day: where the target pauses, the
-- deadline moves on by it; where it does not, it does not.
WITH events AS (
    SELECT cs_policy.collect_complaint_events(kind, at::timestamptz, seq) AS e
      FROM (VALUES ('received', '2025-11-03 10:00', 1), ('waiting', '2025-11-03 11:00', 2),
                   ('resumed', '2025-11-04 11:00', 3), ('resolved', '2025-11-06 17:00', 4)) AS x(kind, at, seq))
SELECT t AS target, c.due_at, c.met_at, c.paused, c.state, c.time_left
  FROM events, cs_policy.calendar cal,
       unnest(ARRAY['received -> resolved within 3 working days, paused while waiting',
                     'received -> resolved within 3 working days']::cs_policy.sla_target[]) AS t,
       cs_policy.sla_clock(t, cal.value, events.e, '2025-11-10 12:00') c
 WHERE cal.name = 'cn';
-- Reopened: a target stopped by the resolution runs on from where it stopped.
WITH events AS (
    SELECT cs_policy.collect_complaint_events(kind, at::timestamptz, seq) AS e
      FROM (VALUES ('received', '2025-11-10 09:00', 1), ('resolved', '2025-11-10 18:00', 2),
                   ('reopened', '2025-11-13 09:00', 3)) AS x(kind, at, seq))
SELECT c.due_at, c.met_at, c.state, c.time_left
  FROM events, cs_policy.calendar cal,
       cs_policy.sla_clock('received -> resolved within 3 working days', cal.value, events.e, '2025-11-13 12:00') c
 WHERE cal.name = 'cn';
-- An event kind the clock does not know is refused.
SELECT cs_policy.collect_complaint_events('escalated', now(), 1);
