-- tables.sql: one query per cs_policy table (run with \gexec), giving the
-- table's name, the md5 of its rows (sorted) and their count. Timestamps from
-- :'t0' on (the clock of the commands run, not the demo's fixed instants)
-- are masked as 'now'. Given :t0.
SELECT format($q$SELECT %L, md5(coalesce(string_agg(r, E'\n' ORDER BY r), '')), count(*) FROM (SELECT concat_ws('|', %s) AS r FROM %s) t$q$,
              c.relname,
              string_agg(CASE WHEN a.atttypid = 'timestamptz'::regtype
                              THEN format('CASE WHEN %1$I >= %2$L THEN %3$L ELSE quote_nullable(%1$I) END', a.attname, :'t0', 'now')
                              ELSE format('quote_nullable(%I)', a.attname) END, ', ' ORDER BY a.attnum),
              c.oid::regclass)
  FROM pg_class c
  JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
 WHERE c.relnamespace = 'cs_policy'::regnamespace AND c.relkind IN ('r', 'p')
 GROUP BY c.oid, c.relname
 ORDER BY c.relname
\gexec
