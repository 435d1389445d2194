-- tables.sql: one query per cs_policy table (run with \gexec), giving the
-- table's name, the md5 of its rows (sorted) and their count. Given :t0 and
-- :t1, the instants just before the demo loads and just after the commands.
-- What differs between servers by construction is masked:
--   * a timestamptz from :t0 to :t1 (made by now() during the loads or the
--     commands, at a different moment on each server) reads as 'now';
--   * a timestamp quoted inside text or jsonb (a message that cites now())
--     reads as '<time>';
--   * inside jsonb (an audit row's record), also every "..._id": n but
--     employee_id and department_id reads as "..._id": #;
--   * the secret that signs act_as's passes, random on every server, reads
--     as its length; a close run's backend pid and step timings as 'set';
--     a peer ballot's random id (PR-2) as 'random';
--   * a surrogate id (an identity column, a column referring to one by a
--     foreign key, or a bigint column named like another table's identity
--     column, as incident.punch_id) reads as '#' and its rank among the
--     referenced table's ids: the coordinator's sequences skip values
--     (cached values lost in a crash, commands that fail on one side only),
--     the order of the rows does not change. Employees and departments keep
--     their ids (created in the same order everywhere: compared as they are).
WITH ident AS (          -- the identity columns that are renumbered
    SELECT a.attrelid AS rel, a.attname AS col, a.attnum
      FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
     WHERE c.relnamespace = 'cs_policy'::regnamespace AND c.relkind IN ('r', 'p')
       AND a.attidentity <> '' AND NOT a.attisdropped
       AND c.relname NOT IN ('employee', 'department')
), cols AS (
    SELECT c.oid AS rel, c.relname, a.attnum, a.attname, a.atttypid, r.ref_rel, r.ref_col
      FROM pg_class c
      JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
      LEFT JOIN LATERAL (
          SELECT ref_rel, ref_col FROM (
              -- the table's own identity column
              SELECT 1 AS pref, i.rel AS ref_rel, i.col AS ref_col FROM ident i
               WHERE i.rel = c.oid AND i.attnum = a.attnum
              UNION ALL
              -- part of a foreign key to an identity column
              SELECT 2, i.rel, i.col
                FROM pg_constraint k
               CROSS JOIN LATERAL unnest(k.conkey, k.confkey) AS p(src, dst)
                JOIN ident i ON i.rel = k.confrelid AND i.attnum = p.dst
               WHERE k.contype = 'f' AND k.conrelid = c.oid AND p.src = a.attnum
              UNION ALL
              -- a bigint named like exactly one other table's identity column
              SELECT 3, min(i.rel::oid)::oid, min(i.col) FROM ident i
               WHERE a.atttypid = 'bigint'::regtype AND i.col = a.attname AND i.rel <> c.oid
              HAVING count(*) = 1
          ) o ORDER BY pref LIMIT 1
      ) r ON true
     WHERE c.relnamespace = 'cs_policy'::regnamespace AND c.relkind IN ('r', 'p')
)
SELECT format($q$SELECT %L, md5(coalesce(string_agg(r, E'\n' ORDER BY r), '')), count(*) FROM (SELECT concat_ws('|', %s) AS r FROM %s t%s) x$q$,
              relname,
              string_agg(
                  CASE WHEN relname = 'access_secret' AND attname = 'secret'
                       THEN 'pg_catalog.length(t.secret)::text'
                       -- a close's backend and how long its steps took
                       WHEN relname = 'peer_ballot' AND attname = 'ballot_id'
                       THEN $$'random'$$
                       WHEN relname = 'close_run' AND attname IN ('pid', 'step_seconds')
                       THEN format($$CASE WHEN t.%1$I IS NULL THEN 'NULL' ELSE 'set' END$$, attname)
                       WHEN ref_rel IS NOT NULL
                       THEN format($$CASE WHEN t.%1$I IS NULL THEN 'NULL' ELSE '#' || coalesce(m%2$s.r::text, '?' || t.%1$I) END$$, attname, attnum)
                       WHEN atttypid = 'timestamptz'::regtype
                       THEN format('CASE WHEN t.%1$I BETWEEN %2$L AND %3$L THEN %4$L ELSE quote_nullable(t.%1$I) END',
                                   attname, :'t0', :'t1', 'now')
                       -- an audit row's record: its surrogate ids too (employees and departments keep theirs)
                       WHEN atttypid = 'jsonb'::regtype
                       THEN format($$quote_nullable(regexp_replace(regexp_replace(t.%I::text, %L, '<time>', 'g'), %L, '"\1": #', 'g'))$$,
                                   attname, '\d{4}-\d\d-\d\d[ T]\d\d:\d\d(:\d\d(\.\d+)?)?([+-]\d\d(:?\d\d)?|Z)?',
                                   '"((?!employee_id|department_id)\w+_id)": [0-9]+')
                       WHEN atttypid IN ('text'::regtype, 'jsonb'::regtype, 'json'::regtype, 'text[]'::regtype)
                       THEN format($$quote_nullable(regexp_replace(t.%I::text, %L, '<time>', 'g'))$$,
                                   attname, '\d{4}-\d\d-\d\d[ T]\d\d:\d\d(:\d\d(\.\d+)?)?([+-]\d\d(:?\d\d)?|Z)?')
                       ELSE format('quote_nullable(t.%I)', attname) END,
                  ', ' ORDER BY attnum),
              rel::regclass,
              coalesce(string_agg(format(' LEFT JOIN (SELECT %1$I AS id, dense_rank() OVER (ORDER BY %1$I) AS r FROM %2$s) m%3$s ON m%3$s.id = t.%4$I',
                                         ref_col, ref_rel::regclass, attnum, attname), '' ORDER BY attnum)
                                FILTER (WHERE ref_rel IS NOT NULL), ''))
  FROM cols
 GROUP BY rel, relname
 ORDER BY relname
\gexec
