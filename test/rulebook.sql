-- rulebook: the type's contract (round trips, binary form, equality,
-- errors) and the AT-5 comparison on the shipped presets.
BEGIN;
SELECT plan(17);

SELECT has_type('cs_policy', 'rulebook', 'type rulebook exists');
SELECT is_empty($$ SELECT preset FROM cs_policy.preset_rulebook WHERE rulebook::text::cs_policy.rulebook::text <> rulebook::text $$,
                'every preset''s rulebook reads back from its canonical text unchanged');
SELECT is((SELECT count(*) FROM cs_policy.preset_rulebook WHERE area = 'attendance')::integer, 7,
          'the seven attendance presets have rulebooks (AT-1 to AT-14)');
SELECT is_empty($$ SELECT preset FROM cs_policy.preset_rulebook WHERE NOT cs_policy.rulebook_at_least(rulebook, rulebook) $$,
                'AT-5: every rulebook is at least as strict as itself');
SELECT ok('late = minutes: (0,10] 4 per unit | early = minutes: (0,10] 4 per unit'::cs_policy.rulebook
          OPERATOR(cs_policy.=) E'early = minutes: (0,10] 4 per unit\nlate = minutes: (0,10] 4 per unit'::cs_policy.rulebook,
          'the order rules are written in does not matter: equal rulebooks are equal');
SELECT has_opclass('cs_policy', 'rulebook_hash_ops', 'rulebooks can be hashed (GROUP BY, DISTINCT)');
SELECT is((SELECT count(*) FROM (SELECT rulebook FROM cs_policy.preset_rulebook GROUP BY rulebook) g)::integer, 7,
          'GROUP BY hashes rulebooks: the seven presets differ');
-- binary form
CREATE TEMP TABLE books AS SELECT preset, rulebook FROM cs_policy.preset_rulebook;
CREATE TEMP TABLE books_copy (LIKE books);
DO $$
DECLARE
    f text := '/tmp/cs_policy_rulebook_' || pg_backend_pid() || '.copy';
BEGIN
    EXECUTE format('COPY books TO %L (FORMAT binary)', f);
    EXECUTE format('COPY books_copy FROM %L (FORMAT binary)', f);
END
$$;
SELECT set_eq($$ SELECT preset, rulebook::text FROM books_copy $$, $$ SELECT preset, rulebook::text FROM books $$,
              'rulebooks survive binary COPY unchanged');
-- errors: 22P02 with the line and the place
SELECT throws_ok($$ SELECT 'late = minutes: (0,10] 4 | overtime = 3'::cs_policy.rulebook $$, '22P02', NULL, 'an unknown subject is refused');
SELECT throws_ok($$ SELECT 'late = days: (0,1] 1 absence_day'::cs_policy.rulebook $$, '22P02', NULL, 'late is a ladder over minutes');
SELECT throws_ok($$ SELECT 'late = minutes: (0,) none | late = minutes: (0,) 5'::cs_policy.rulebook $$, '22P02', NULL,
                 'a subject given twice is refused');
SELECT throws_ok($$ SELECT E'late = minutes: (0,10] 4\nearly = minutes: (0,10] 4; (11,20] 5'::cs_policy.rulebook $$,
                 '22P02', 'invalid input syntax for type rulebook: "early = minutes: (0,10] 4; (11,20] 5"',
                 'a gap in a ladder is refused, and the error quotes the line at fault');
SELECT is(cs_policy.rulebook_more_lenient('late = minutes: (0,10] 4 per unit', 'late (AT-1) = minutes: (0,10] 4 per unit; (10,30] 50'),
          'late: at 11 minutes it charges nothing where the parent charges (10,30] 50 (AT-1)',
          'AT-5: rulebook_more_lenient says where a rulebook is more lenient');

-- CP-9: a count of one kind of incident, over several months
SELECT is('count incident valid_complaint over 12 months (CP-9) = occurrences: [5,) transfer_review'::cs_policy.rulebook::text,
          'count incident valid_complaint over 12 months (CP-9) = occurrences: [5,) transfer_review',
          'CP-9: a count of valid complaints over 12 months reads back unchanged');
SELECT throws_ok($$ SELECT 'count late over 3 months = occurrences: [2,) 20'::cs_policy.rulebook $$, '22P02', NULL,
                 'only a count of incidents looks back over several months');
SELECT is(cs_policy.rulebook_more_lenient('count incident valid_complaint over 6 months = occurrences: [5,) transfer_review',
                                          'count incident valid_complaint over 12 months (CP-9) = occurrences: [5,) transfer_review'),
          'count incident valid_complaint over 12 months: it counts over 6 months where the parent counts over 12 (CP-9)',
          'CP-9 under AT-5: counting valid complaints over a shorter period is more lenient');
SELECT is((SELECT array_agg(preset ORDER BY preset) FROM cs_policy.preset_rulebook WHERE cs_policy.rulebook_window_months(rulebook) = 12),
          '{callcenter_2012,hotline_2009,points_2024}',
          'CP-9: hotline_2009 and points_2024 count valid complaints over 12 months (and SEC-6: callcenter_2012 its warnings)');

SELECT * FROM finish();
ROLLBACK;
