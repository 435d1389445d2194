-- Security in the manner of contrib/seg's security test: hostile operators
-- and functions planted in public, with public searched before pg_catalog,
-- must never run, neither while CREATE EXTENSION runs nor when the
-- extension's functions and views are used afterwards.
BEGIN;
SELECT plan(4);

DROP EXTENSION cs_policy;
CREATE TABLE public.hijack_log (what text);

-- Every planted object records that it ran, then behaves like the real one
-- so that a capture shows up in the log instead of as a random failure.
DO $plant$
DECLARE
    op record;
    fn record;
BEGIN
    FOR op IN SELECT * FROM (VALUES
        ('=', 'bigint'), ('=', 'text'), ('=', 'integer'), ('=', 'date'), ('=', 'numeric'),
        ('<>', 'text'), ('<>', 'bigint'), ('<', 'numeric'), ('>', 'numeric'), ('<', 'date'), ('<=', 'date'),
        ('>=', 'date'), ('<', 'integer'), ('>', 'integer'), ('+', 'integer'), ('-', 'integer'), ('*', 'numeric'),
        ('/', 'numeric'), ('+', 'numeric'), ('||', 'text'), ('~', 'text'), ('!~', 'text')) AS t(sym, typ)
    LOOP
        EXECUTE format($f$
            CREATE FUNCTION public.hostile_%s_%s(a %s, b %s) RETURNS %s LANGUAGE plpgsql AS $b$
            BEGIN
                INSERT INTO public.hijack_log VALUES (%L);
                RETURN a OPERATOR(pg_catalog.%s) b;
            END $b$;
            CREATE OPERATOR public.%s (LEFTARG = %s, RIGHTARG = %s, FUNCTION = public.hostile_%s_%s)$f$,
            md5(op.sym), op.typ, op.typ, op.typ,
            CASE WHEN op.sym IN ('+', '-', '*', '/', '||') THEN op.typ ELSE 'boolean' END,
            format('operator %s(%s, %s)', op.sym, op.typ, op.typ), op.sym,
            op.sym, op.typ, op.typ, md5(op.sym), op.typ);
    END LOOP;
    FOR fn IN SELECT * FROM (VALUES
        ('btrim', 'text', 'text'), ('isfinite', 'date', 'boolean'), ('lower', 'text', 'text'),
        ('hashtext', 'text', 'integer'), ('jsonb_typeof', 'jsonb', 'text'), ('to_regrole', 'text', 'regrole'),
        ('quote_ident', 'text', 'text'), ('isempty', 'daterange', 'boolean'), ('lower', 'daterange', 'date'),
        ('upper', 'daterange', 'date'), ('cardinality', 'bigint[]', 'integer'), ('nextval', 'regclass', 'bigint'))
        AS t(name, arg, result)
    LOOP
        EXECUTE format($f$
            CREATE FUNCTION public.%I(a %s) RETURNS %s LANGUAGE plpgsql AS $b$
            BEGIN
                INSERT INTO public.hijack_log VALUES (%L);
                RETURN pg_catalog.%I(a);
            END $b$$f$,
            fn.name, fn.arg, fn.result, format('function %s(%s)', fn.name, fn.arg), fn.name);
    END LOOP;
END
$plant$;

SET search_path = public, pg_catalog;
CREATE EXTENSION cs_policy;
-- Exercise the commands, the views and policy_for under the hostile path.
SELECT cs_policy.demo_center(agents => 12, month => '2025-06-01', seed => 3) > 0 AS loaded;
SELECT count(*) FROM cs_policy.department_overview;
SELECT count(*) FROM cs_policy.staff_directory;
SELECT count(*) FROM cs_policy.policy_version;
SELECT count(cs_policy.policy_for(e.employee_id, '2025-06-01', 'attendance')) FROM cs_policy.employee e;
SELECT cs_policy.copy_calendar('cn', 'copy');
SELECT cs_policy.set_calendar_day('copy', '2025-06-02', 'holiday', 'test');
SELECT cs_policy.set_wages('E0005', 6000);
SELECT cs_policy.end_employment('E0005', '2025-06-30');
SELECT cs_policy.define_shift_template('day', 'HOTLINE', '08:00-20:00', 'cn_7x24');
SELECT cs_policy.set_staffing('HOTLINE', 'day', '08:00-20:00', 1, 'cn_7x24');
SELECT cs_policy.roster_rotation('HOTLINE', '2025-07-01', '{day}', 5, 2, acting_as => 'E0001');
SELECT count(*) FROM cs_policy.roster_day;
SELECT count(*) FROM cs_policy.coverage('HOTLINE', '2025-07-01', '2025-07-02');
SELECT count(*) FROM cs_policy.rest_violations('2025-07-01');
SELECT cs_policy.is_working_day('cn', '2025-10-01'), cs_policy.add_working_days('cn', now(), 3);
SELECT count(*) FROM cs_policy.attendance_day('2025-06-01');
SELECT count(*) FROM cs_policy.period_penalty_lines('2025-06-01');
SELECT count(*) FROM cs_policy.period_attendance_totals('2025-06-01');
SELECT count(*) FROM cs_policy.team_attendance('2025-06-01');
SELECT cs_policy.set_policy('stricter', 'attendance', 'punchcard_strict', 'REPAIR-T1', valid_from => '2025-06-01',
                            settings => '{"rules": "early (AT-7) = minutes: (0,30) 60; [30,) 1 absence_day"}');
RESET search_path;

SELECT is((SELECT count(*) FROM public.hijack_log), 0::bigint,
          'no planted operator or function ran during CREATE EXTENSION or afterwards');
SELECT cmp_ok((SELECT count(*) FROM pg_operator WHERE oprnamespace = 'public'::regnamespace
                 AND oprname IN ('=', '<>', '<', '||')), '>=', 8::bigint,
              'the planted operators were really there');
SELECT is((SELECT count(*) FROM cs_policy.employee), 34::bigint, 'the demo center loaded under the hostile path');
SELECT is((SELECT monthly_wage FROM cs_policy.employee WHERE code = 'E0005'), 6000.00::numeric,
          'commands worked under the hostile path');

SELECT * FROM finish();
ROLLBACK;
