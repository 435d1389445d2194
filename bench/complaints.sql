-- bench/complaints.sql, included by bench/sla.sql and bench/scale.sql:
-- :complaints complaints received at random over the :days days from
-- :first_day (local time, office hours mostly), spread evenly over the
-- agents already hired, with their events (every category, emergencies,
-- repairs on the desk :repair_project; waiting and resuming, resolving,
-- informing, closing, reopening, incident teams, reports, repair stages;
-- one in ten still open). The rows are inserted directly, as the
-- superuser: the commands would take an hour for a million. The numbers
-- (CP-5) run per month, so a month holds at most 99,999 complaints.
CREATE TEMP TABLE gen_agent AS
SELECT row_number() OVER (ORDER BY employee_id) - 1 AS k, employee_id, department_id
  FROM cs_policy.employee WHERE role = 'agent';
SELECT count(*) AS gen_agents FROM gen_agent \gset
CREATE TEMP TABLE gen AS
SELECT i, e.employee_id, e.department_id, p.code AS project,
       (ARRAY['feedback','feedback','suggestion','dissatisfaction','dissatisfaction','complaint','complaint',
              'complaint','complaint','complaint','dispute','incident'])[1 + floor(random() * 12)::int]::cs_policy.complaint_category
           AS category,
       (:first_day::date + floor(random() * :days)::integer)::timestamp AT TIME ZONE 'Asia/Shanghai'
           + interval '8 hours' + random() * interval '11 hours' AS received_at,
       random() AS u1, random() AS u2, random() AS u3, random() AS u4
  FROM generate_series(1, :complaints) AS i
  JOIN gen_agent e ON e.k = i % :gen_agents
  JOIN cs_policy.department d ON d.department_id = e.department_id
  JOIN cs_policy.department p ON p.department_id = d.path[2];
INSERT INTO cs_policy.complaint_serial (month, last_serial)
SELECT date_trunc('month', received_at AT TIME ZONE 'Asia/Shanghai')::date, count(*) FROM gen GROUP BY 1;
INSERT INTO cs_policy.complaint (employee_id, number, category, channel, complainant_name, complainant_contact,
                                 complainant_address, facts, request, department_id, emergency, repair, received_at,
                                 received_on, owner_id, state)
SELECT employee_id,
       to_char(received_at AT TIME ZONE 'Asia/Shanghai', 'YYYYMM') || '-'
       || lpad((row_number() OVER (PARTITION BY date_trunc('month', received_at AT TIME ZONE 'Asia/Shanghai')
                                   ORDER BY received_at, i))::text, 5, '0'),
       category, 'visit', 'Wang Li', '13800000000', NULL, 'waited', 'an apology', department_id,
       u4 < 0.05, project = :repair_project AND category = 'complaint' AND u4 > 0.5,
       received_at, (received_at AT TIME ZONE 'Asia/Shanghai')::date, employee_id,
       CASE WHEN u1 < 0.9 THEN 'closed' ELSE 'open' END::cs_policy.complaint_state
  FROM gen;
CREATE TEMP TABLE ids AS
SELECT c.employee_id, c.complaint_id, c.category, c.emergency, c.repair, c.received_at, g.u1, g.u2, g.u3, g.u4
  FROM cs_policy.complaint c JOIN gen g ON g.employee_id = c.employee_id AND g.received_at = c.received_at;
-- The events, in order: an emergency reported, a team formed, a wait, the
-- report, the repair stages, the resolution, informing, closing, a reopening.
INSERT INTO cs_policy.complaint_event (employee_id, complaint_id, kind, at, by_id, owner_id, reason, outcome)
SELECT employee_id, complaint_id, kind::cs_policy.complaint_event_kind, received_at + offset_, employee_id, NULL,
       CASE WHEN kind IN ('waiting', 'reopened') THEN 'because' END,
       CASE WHEN kind = 'resolved' THEN 'apology' END
  FROM ids,
  LATERAL (VALUES
      ('received', interval '0', true),
      ('manager_notified', u2 * interval '90 minutes', emergency),
      ('team_formed', u3 * interval '80 minutes', category IN ('dispute', 'incident')),
      ('waiting', interval '2 hours', u2 < 0.2 AND category >= 'complaint'),
      ('resumed', interval '2 hours' + u3 * interval '3 days', u2 < 0.2 AND category >= 'complaint'),
      ('report_filed', interval '3 hours' + u2 * interval '4 days', category >= 'complaint' AND u1 < 0.95),
      ('diagnosed_in_house', interval '4 hours' + u3 * interval '4 days', repair),
      ('repaired', interval '4 days' + u3 * interval '12 days', repair AND u1 < 0.9),
      ('returned', interval '17 days' + u2 * interval '3 days', repair AND u1 < 0.9),
      ('resolved', CASE WHEN category < 'complaint' THEN u3 * interval '20 hours'
                        ELSE interval '1 day' + u3 * interval '8 days' END + CASE WHEN repair THEN interval '21 days' ELSE interval '0' END,
                   u1 < 0.9),
      ('informed', CASE WHEN category < 'complaint' THEN u3 * interval '20 hours'
                        ELSE interval '1 day' + u3 * interval '8 days' END + CASE WHEN repair THEN interval '21 days' ELSE interval '0' END
                   + interval '1 minute', u1 < 0.9),
      ('closed', CASE WHEN category < 'complaint' THEN u3 * interval '20 hours'
                      ELSE interval '1 day' + u3 * interval '8 days' END + CASE WHEN repair THEN interval '21 days' ELSE interval '0' END
                 + interval '2 minutes', u1 < 0.9),
      ('reopened', interval '30 days', u1 < 0.9 AND u4 > 0.97)
  ) AS ev(kind, offset_, happens)
 WHERE happens
 ORDER BY received_at + offset_;
-- the commands keep each complaint's events packed with it; a load that
-- bypasses them rebuilds that column, as complaint.events says
UPDATE cs_policy.complaint c SET events = e.events
  FROM (SELECT x.employee_id, x.complaint_id,
               cs_policy.collect_complaint_events(x.kind::text, x.at, x.event_id, x.owner_id ORDER BY x.at, x.event_id) AS events
          FROM cs_policy.complaint_event x GROUP BY x.employee_id, x.complaint_id) e
 WHERE e.employee_id = c.employee_id AND e.complaint_id = c.complaint_id;
