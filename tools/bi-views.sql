-- bi-views.sql: the README's "Column | Type | Meaning" tables of the
-- close's BI views, made from the comments in the catalog (what BI tools
-- show). psql -X -At -f tools/bi-views.sql; test/readme.sh checks that
-- README.md holds exactly this.
SELECT string_agg(t, E'\n' ORDER BY ord) FROM (
SELECT v.ord, format(E'#### `%s`\n\n%s\n\n| Column | Type | Meaning |\n|---|---|---|\n', v.name, obj_description(c.oid, 'pg_class'))
       || string_agg(format('| `%s` | %s | %s |', a.attname, format_type(a.atttypid, a.atttypmod),
                            replace(col_description(c.oid, a.attnum), '|', '\|')), E'\n' ORDER BY a.attnum) || E'\n' AS t
  FROM unnest('{period_closes,close_progress,period_employee_totals,period_team_totals,period_penalty_line,
                period_overtime,payroll_adjustments,period_changes,period_team_attendance,period_sla,period_coverage,
                period_promotion_candidates,period_demotion_watch}'::text[]) WITH ORDINALITY v(name, ord)
  JOIN pg_class c ON c.relname = v.name AND c.relnamespace = 'cs_policy'::regnamespace
  JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
 GROUP BY v.ord, v.name, c.oid) x;
