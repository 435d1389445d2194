-- The anonymous peer ranking of a department (PR-2, service_ladder_2023:
-- "以部门内部匿名评比为辅"): each quarter the agents and team leads of a
-- department rank up to three of its agents, once; a first place is worth
-- 3 points, a second 2, a third 1. Who voted and how are stored apart, so
-- that nothing joins a voter to a ballot; peer_ranking shows the points and
-- the rank (who may read the tables themselves: test/access.sql).
BEGIN;
SELECT plan(14);
SET LOCAL client_min_messages = warning;

SELECT cs_policy.create_department('C', 'Center', 'center');
SELECT cs_policy.create_department('SRV', 'service', 'project', 'C');
SELECT cs_policy.create_department(t, 'service team ' || t, 'team', 'SRV') FROM unnest('{SRV-A,SRV-B}'::text[]) AS t;
SELECT cs_policy.hire_employee(c, c, d, r::cs_policy.staff_role, '2024-01-01', 5000, grade => g)
  FROM (VALUES ('S1', 'SRV', 'supervisor', NULL), ('L1', 'SRV-A', 'team_lead', NULL),
               ('A1', 'SRV-A', 'agent', 'junior'), ('A2', 'SRV-A', 'agent', 'junior'), ('A3', 'SRV-A', 'agent', 'junior'),
               ('A4', 'SRV-A', 'agent', 'junior'), ('B1', 'SRV-B', 'agent', 'junior')) AS x(c, d, r, g);
SELECT cs_policy.set_policy('service ladder', 'promotion', 'service_ladder_2023', 'C', '2020-01-01');
CREATE FUNCTION pg_temp.id(code text) RETURNS bigint LANGUAGE sql AS $$ SELECT employee_id FROM cs_policy.employee WHERE code = $1 $$;
SELECT date_trunc('quarter', current_date)::date AS quarter \gset

-- Who votes, for whom.
SELECT throws_ok($$ SELECT cs_policy.cast_peer_ballot('{A1}', acting_as => 'S1') $$,
                 '42501', 'S1 does not vote in the peer ranking', 'PR-2: the ranking is the colleagues'', not the supervisor''s');
SELECT throws_ok($$ SELECT cs_policy.cast_peer_ballot('{A2,A1}', acting_as => 'A1') $$,
                 '22023', 'a ballot does not rank the voter', 'PR-2: nobody ranks themselves');
SELECT throws_ok($$ SELECT cs_policy.cast_peer_ballot('{B1}', acting_as => 'A1') $$,
                 '22023', 'B1 is not an agent of A1''s department', 'PR-2: the ranking is within the department (部门内部)');
SELECT throws_ok($$ SELECT cs_policy.cast_peer_ballot('{A2,A3,A4,A2}', acting_as => 'A1') $$,
                 '22023', 'a ballot names one to three colleagues, in order', 'PR-2: three places at most');
SELECT throws_ok($$ SELECT cs_policy.cast_peer_ballot('{A2,A2}', acting_as => 'A1') $$,
                 '22023', 'a ballot names A2 once', 'PR-2: a colleague has one place on a ballot');
SELECT throws_ok($$ SELECT cs_policy.cast_peer_ballot('{L1}', acting_as => 'A1') $$,
                 '22023', 'L1 is not an agent of A1''s department', 'PR-2: the agents are ranked, not the team lead');

-- The ballots of the quarter.
SELECT is(cs_policy.cast_peer_ballot('{A2,A3,A4}', acting_as => 'A1'), format('ballot cast in the peer ranking of the quarter from %s', :'quarter'),
          'PR-2: A1 ranks A2, A3 and A4');
SELECT cs_policy.cast_peer_ballot(b, acting_as => v)
  FROM (VALUES ('A2', '{A3,A1}'::text[]), ('A3', '{A2}'), ('A4', '{A3,A2,A1}'), ('L1', '{A1,A4}')) AS x(v, b);
SELECT throws_ok($$ SELECT cs_policy.cast_peer_ballot('{A4}', acting_as => 'A1') $$,
                 '23505', format('A1 has voted in the peer ranking of the quarter from %s already', :'quarter'),
                 'PR-2: one ballot per person and quarter, never changed');
SELECT results_eq($$ SELECT employee_code, points, ballots, peer_rank FROM cs_policy.peer_ranking ORDER BY peer_rank, employee_code $$,
                  $$ VALUES ('A2', 8::bigint, 5::bigint, 1::bigint), ('A3', 8, 5, 1), ('A1', 6, 5, 3), ('A4', 3, 5, 4) $$,
                  'PR-2: A2 3+3+2 = 8 and A3 2+3+3 = 8 share 1st, A1 2+1+3 = 6 is 3rd (the rank after a tie skips), A4 1+2 = 3 is 4th');

-- Anonymous: the votes and the ballots share nothing that would join them.
SELECT is((SELECT count(*) FROM cs_policy.peer_vote WHERE quarter = :'quarter'), 5::bigint, 'PR-2: five people voted ...');
SELECT columns_are('cs_policy', 'peer_ballot', ARRAY['ballot_id', 'department_id', 'quarter', 'ranking'],
                   'PR-2: ... and a ballot keeps no voter, time or sequence: a random id, the department, the quarter, the ranking');
SELECT is((SELECT count(*) FROM cs_policy.audit_log WHERE command = 'cast_peer_ballot' AND after::text LIKE '%ranking%'), 0::bigint,
          'PR-2: the audit log records that a person voted, not how');

-- The result is a criterion: the top 3 of the last complete quarter.
SELECT is((SELECT required FROM cs_policy.level_criterion WHERE ladder = 'service_ladder_2023' AND level = 'middle' AND criterion = 'peer_rank'),
          3::numeric, 'PR-2: middle takes a place in the top 3 of the peer ranking');
SELECT is((SELECT count(*) FROM cs_policy.promotion_check(pg_temp.id('A2'), current_date) WHERE criterion = 'peer_rank' AND actual IS NULL),
          1::bigint, 'PR-2: this quarter''s ballots count once it is over: today the last complete quarter, without ballots, gives no rank');

SELECT * FROM finish();
ROLLBACK;
