-- params.sql: the arguments of the reads, chosen from the demo center by
-- deterministic queries (psql variables set with \gset). Run before every
-- read; given :month (the demo month). Every choice is by code or number,
-- so that the same data gives the same choices on every database.
SELECT
    -- an agent of the stricter hotline team (AT-5), one of e-commerce (points), one of repair (punch cards)
    (SELECT min(e.code) FROM cs_policy.employee e JOIN cs_policy.department d USING (department_id)
      WHERE d.code = 'HOTLINE-T1' AND e.role = 'agent') AS emp_code,
    (SELECT min(e.code) FROM cs_policy.employee e JOIN cs_policy.department d USING (department_id)
      WHERE d.code = 'ECOM-T1' AND e.role = 'agent') AS ecom_code,
    (SELECT min(e.code) FROM cs_policy.employee e JOIN cs_policy.department d USING (department_id)
      WHERE d.code = 'REPAIR-T1' AND e.role = 'agent') AS repair_code,
    -- the agent with the most incidents of the month (ties: lowest code)
    (SELECT e.code FROM cs_policy.incident i JOIN cs_policy.employee e USING (employee_id)
      GROUP BY e.code ORDER BY count(*) DESC, e.code LIMIT 1) AS busy_code,
    (SELECT min(number) FROM cs_policy.complaint) AS complaint,
    (SELECT min(number) FROM cs_policy.complaint WHERE repair) AS repair_complaint,
    (SELECT min(conversation) FROM cs_policy.chat_message) AS conversation,
    (:'month'::date + interval '1 month')::date AS next_month,
    -- fixed instants of the month, never now()
    (:'month'::date + interval '14 days 15 hours')::timestamptz AS mid_month,   -- the 15th, 15:00
    (:'month'::date + interval '1 month')::timestamptz AS month_end,            -- the 1st of the next month, 00:00
    (:'month'::date + interval '1 month 14 days')::timestamptz AS later \gset
SELECT (SELECT employee_id FROM cs_policy.employee WHERE code = :'emp_code') AS emp,
       (SELECT employee_id FROM cs_policy.employee WHERE code = :'ecom_code') AS ecom,
       (SELECT employee_id FROM cs_policy.employee WHERE code = :'repair_code') AS repair,
       (SELECT employee_id FROM cs_policy.employee WHERE code = :'busy_code') AS busy,
       (SELECT department_id FROM cs_policy.department WHERE code = 'HOTLINE-T1') AS team,
       (SELECT min(handover_id) FROM cs_policy.handover) AS handover \gset
-- the first complaint's distribution key and id (ids differ between databases:
-- used by pushdown.sql only, never compared)
SELECT employee_id AS complaint_emp, complaint_id FROM cs_policy.complaint WHERE number = :'complaint' \gset
