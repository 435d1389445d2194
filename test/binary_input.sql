-- Binary input accepts only what text input accepts (issue 16): for every
-- type, values sent in binary and then mutated (a byte flipped, set to an
-- extreme, the message cut or extended, a 4-byte field set to -1, 0 or a
-- huge count) are received through a binary COPY, as pg_restore and binary
-- clients send them. Whatever the receive function accepts must print as
-- text that the text input reads back to an equal value (else a dump of the
-- table would not restore); whatever it refuses must be refused with a
-- class-22 SQLSTATE (data exception), never an internal error (a value
-- cut short: 08P01, as PostgreSQL's own types).
BEGIN;
SELECT plan(10);

-- The bytes of one binary COPY field go in and come out as the type: a
-- bytea written with COPY ... (FORMAT binary) is a file whose one field is
-- exactly those bytes.
-- Gives the value's text, and its binary form as sent again.
CREATE FUNCTION pg_temp.receive(type_name text, bytes bytea, OUT printed text, OUT resent bytea)
LANGUAGE plpgsql AS $$
DECLARE
    path text := current_setting('data_directory') || '/cs_policy_binary_input.copy';
BEGIN
    EXECUTE format('COPY (SELECT %L::bytea) TO %L (FORMAT binary)', bytes, path);
    EXECUTE format('CREATE TEMP TABLE IF NOT EXISTS received_%s (value cs_policy.%s)', type_name, type_name);
    EXECUTE format('DELETE FROM received_%s', type_name);
    EXECUTE format('COPY received_%s FROM %L (FORMAT binary)', type_name, path);
    EXECUTE format('SELECT value::text, cs_policy.%s_send(value) FROM received_%s', type_name, type_name) INTO printed, resent;
END
$$;

-- Mutations of a sent value: deterministic (setseed), 400 per seed value.
CREATE FUNCTION pg_temp.mutations(sent bytea) RETURNS SETOF bytea
LANGUAGE plpgsql AS $$
DECLARE
    n integer := length(sent);
    b bytea;
    at integer;
BEGIN
    FOR i IN 1..400 LOOP
        b := sent;
        at := floor(random() * n)::integer;
        CASE i % 8
            WHEN 0 THEN b := set_byte(b, at, get_byte(b, at) # (1 << floor(random() * 8)::integer));
            WHEN 1 THEN b := set_byte(b, at, floor(random() * 256)::integer);
            WHEN 2 THEN b := set_byte(b, at, 255);
            WHEN 3 THEN b := substr(b, 1, at);
            WHEN 4 THEN b := b || set_byte('\x00'::bytea, 0, floor(random() * 256)::integer);
            ELSE
                -- a 4-byte field (counts, day numbers, minutes) set to an extreme
                IF at + 4 <= n THEN
                    b := overlay(b PLACING (ARRAY['\xffffffff', '\x7fffffff', '\x80000000', '\x00000000',
                                                  '\x0000ffff', '\x00100000', '\xfff00000'])[1 + floor(random() * 7)::integer]::bytea
                                   FROM at + 1 FOR 4);
                END IF;
        END CASE;
        RETURN NEXT b;
    END LOOP;
END
$$;

-- For each type and seed value: how many mutations were accepted and
-- printed back to an equal value, refused with class 22, or failed the
-- property (with the first few failures, to read).
CREATE TEMP TABLE outcome (type_name text, seed text, mutation bytea, result text, detail text);
CREATE FUNCTION pg_temp.try_type(type_name text, seeds text[]) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    sent bytea;
    resent bytea;
    printed text;
    same boolean;
    state text;
    message text;
    seed_text text;
    m bytea;
BEGIN
    PERFORM setseed(0.16);
    FOREACH seed_text IN ARRAY seeds LOOP
        EXECUTE format('SELECT cs_policy.%s_send(%L::cs_policy.%s)', type_name, seed_text, type_name) INTO sent;
        FOR m IN SELECT * FROM pg_temp.mutations(sent) LOOP
            BEGIN
                SELECT r.printed, r.resent INTO printed, resent FROM pg_temp.receive(type_name, m) r;
                BEGIN
                    -- what it printed reads back, prints the same, and equals the value received
                    EXECUTE format('SELECT %L::cs_policy.%s::text = %L', printed, type_name, printed) INTO same;
                    IF NOT same THEN
                        INSERT INTO outcome VALUES (type_name, seed_text, m, 'prints differently once read back', printed);
                    ELSE
                        EXECUTE format('SELECT cs_policy.%s_send(%L::cs_policy.%s) = %L', type_name, printed, type_name, resent) INTO same;
                        INSERT INTO outcome VALUES (type_name, seed_text, m,
                            CASE WHEN same THEN 'accepted' ELSE 'accepted, reads back as a different value' END, printed);
                    END IF;
                EXCEPTION WHEN OTHERS THEN
                    GET STACKED DIAGNOSTICS state = RETURNED_SQLSTATE, message = MESSAGE_TEXT;
                    INSERT INTO outcome VALUES (type_name, seed_text, m, 'accepted but its text is refused', printed || ' -- ' || state || ' ' || message);
                END;
            EXCEPTION WHEN OTHERS THEN
                GET STACKED DIAGNOSTICS state = RETURNED_SQLSTATE, message = MESSAGE_TEXT;
                -- a value cut short is refused by PostgreSQL's own message reader
                -- with 08P01, as for its own types (int4, date, ...)
                INSERT INTO outcome VALUES (type_name, seed_text, m,
                    CASE WHEN state LIKE '22%' OR state = '08P01' THEN 'refused' ELSE 'refused with ' || state END, message);
            END;
        END LOOP;
    END LOOP;
END
$$;

SELECT pg_temp.try_type('workweek', ARRAY['Mon-Fri 09:00-18:00', 'Mon-Fri 08:30-12:00,13:30-17:30; Sat 09:00-12:00', 'Mon-Sun 00:00-24:00']);
SELECT pg_temp.try_type('business_calendar', ARRAY[
    'tz=Asia/Shanghai; week=Mon-Fri 09:00-18:00; off=2025-10-01..2025-10-08; on=2025-09-28,2025-10-11',
    'week=Mon-Fri 09:00-18:00; week 05-01..09-30=Mon-Fri 08:30-11:30,13:30-17:30; week 2026-07-01..2026-08-31=Mon-Fri 08:00-12:00; makeup=Tue']);
SELECT pg_temp.try_type('shift', ARRAY['09:00-18:00', '20:00-02:00,03:00-08:00', '08:30-12:00,13:00-17:00']);
SELECT pg_temp.try_type('ladder', ARRAY[
    'minutes: (0,10] 4 per unit; (10,30] 50; (30,60) 1 daily_wage; [60,) 1 absence_day',
    'occurrences: [1,1] warning; [2,2] 100; [3,) 500 + dismissal_review', 'points: [0,5] none; (5,) -2.5 points']);
SELECT pg_temp.try_type('rulebook', ARRAY[
    'late (AT-1) = minutes: (0,10] 4 per unit; (10,30] 50; (30,60) 1 daily_wage; [60,) 1 absence_day',
    'incident lost_card (AT-7) = occurrences: [1,1] 50; [2,) 100 | late (AT-7) = minutes: (0,30) 20; [30,) 1 absence_day | forgive late within (0,5] (AT-7) = 2',
    'late = minutes: (0,) none | count late+early+minor (AT-13) = occurrences: [4,4] 20 points | score_base (AT-14) = 100']);
SELECT pg_temp.try_type('sla_target', ARRAY['received -> resolved within 3 working days', 'received -> resolved within 3 working days, paused while waiting', 'received -> manager_notified within 1 hour']);
SELECT pg_temp.try_type('access_scope', ARRAY['viewer=12 all pay', 'viewer=12 personal={12,15} team={12,15,16} departments={4}']);

-- every type had mutations received and refused: the test exercised both
SELECT is((SELECT count(DISTINCT type_name) FROM outcome WHERE result = 'accepted'), 7::bigint,
          'mutated binary values of every type were accepted (and printed back equal)');
SELECT is((SELECT count(DISTINCT type_name) FROM outcome WHERE result = 'refused'), 7::bigint,
          'mutated binary values of every type were refused with class 22');
SELECT is_empty($$ SELECT type_name, result, detail FROM outcome
                    WHERE type_name = 'workweek' AND result NOT IN ('accepted', 'refused') $$,
                'workweek: what binary input accepts prints and reads back equal; the rest is refused with class 22');
SELECT is_empty($$ SELECT type_name, result, detail FROM outcome
                    WHERE type_name = 'business_calendar' AND result NOT IN ('accepted', 'refused') $$,
                'business_calendar: what binary input accepts prints and reads back equal; the rest is refused with class 22');
SELECT is_empty($$ SELECT type_name, result, detail FROM outcome
                    WHERE type_name = 'shift' AND result NOT IN ('accepted', 'refused') $$,
                'shift: what binary input accepts prints and reads back equal; the rest is refused with class 22');
SELECT is_empty($$ SELECT type_name, result, detail FROM outcome
                    WHERE type_name = 'ladder' AND result NOT IN ('accepted', 'refused') $$,
                'ladder: what binary input accepts prints and reads back equal; the rest is refused with class 22');
SELECT is_empty($$ SELECT type_name, result, detail FROM outcome
                    WHERE type_name = 'rulebook' AND result NOT IN ('accepted', 'refused') $$,
                'rulebook: what binary input accepts prints and reads back equal; the rest is refused with class 22');
SELECT is_empty($$ SELECT type_name, result, detail FROM outcome
                    WHERE type_name = 'sla_target' AND result NOT IN ('accepted', 'refused') $$,
                'sla_target: what binary input accepts prints and reads back equal; the rest is refused with class 22');
SELECT is_empty($$ SELECT type_name, result, detail FROM outcome
                    WHERE type_name = 'access_scope' AND result NOT IN ('accepted', 'refused') $$,
                'access_scope: what binary input accepts prints and reads back equal; the rest is refused with class 22');

-- The findings of issue 16, each as it was found.
-- the last 12 bytes of this calendar are its day off (from, through) and no make-up day
SELECT throws_ok($$ SELECT pg_temp.receive('business_calendar',
                     overlay(b PLACING int4send(3730000) || int4send(3730000) FROM length(b) - 11 FOR 8))
                      FROM cs_policy.business_calendar_send('week=Mon-Fri 09:00-18:00; off=2025-10-01') b $$,
                 '22P03', NULL, 'a day off in the year 12212 is refused in binary, as the text''s YYYY cannot write it');
SELECT * FROM finish();
ROLLBACK;
