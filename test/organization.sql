-- Departments and employees: the tree, hiring, and who may write.
BEGIN;
SELECT plan(32);

SELECT lives_ok($$ SELECT cs_policy.create_department('C', 'Center', 'center') $$, 'a center needs no parent');
SELECT lives_ok($$ SELECT cs_policy.create_department('P', 'Project', 'project', 'C') $$, 'a project belongs to a center');
SELECT lives_ok($$ SELECT cs_policy.create_department('T', 'Team', 'team', 'P') $$, 'a team belongs to a project');
SELECT is((SELECT array_length(path, 1) FROM cs_policy.department WHERE code = 'T'), 3,
          'a team''s path runs center, project, team');

SELECT throws_ok($$ SELECT cs_policy.create_department('X', 'X', 'team', 'C') $$,
                 '22023', 'a team must belong to a project, and "C" is a center', 'a team cannot hang under a center');
SELECT throws_ok($$ SELECT cs_policy.create_department('X', 'X', 'project') $$,
                 '22023', 'a project must belong to a center', 'a project needs a parent');
SELECT throws_ok($$ SELECT cs_policy.create_department('X', 'X', 'center', 'C') $$,
                 '22023', 'a center cannot belong to another department', 'a center has no parent');
SELECT throws_ok($$ SELECT cs_policy.create_department('X', 'X', 'team', 'NOWHERE') $$,
                 'P0002', 'department "NOWHERE" does not exist', 'unknown parent');
SELECT throws_ok($$ SELECT cs_policy.create_department('P', 'again', 'project', 'C') $$,
                 '23505', 'department "P" already exists', 'department codes are unique');
SELECT throws_ok($$ SELECT cs_policy.create_department('bad code', 'X', 'center') $$,
                 '22023', 'invalid department code "bad code"', 'codes have no spaces');

SELECT is(cs_policy.hire_employee('E1', '王芳', 'T', 'agent', '2025-01-06', 5437.50) > 0, true, 'hire an agent');
SELECT is((SELECT daily_wage FROM cs_policy.employee WHERE code = 'E1'), 250.00::numeric,
          'the daily wage defaults to monthly / 21.75');
SELECT throws_ok($$ SELECT cs_policy.hire_employee('E2', 'x', 'NOWHERE', 'agent', '2025-01-06', 5000) $$,
                 'P0002', 'department "NOWHERE" does not exist', 'hiring into an unknown department');
SELECT throws_ok($$ SELECT cs_policy.hire_employee('E2', 'x', 'T', 'agent', '2025-01-06', -1) $$,
                 '22023', 'monthly_wage must be between 0 and 9999999999.99, not -1', 'a negative monthly wage');
SELECT throws_ok($$ SELECT cs_policy.hire_employee('E2', 'x', 'T', 'agent', '2025-01-06', 5000, daily_wage => -0.01) $$,
                 '22023', NULL, 'a negative daily wage');
SELECT throws_ok($$ SELECT cs_policy.hire_employee('E2', 'x', 'T', 'agent', '2025-01-06', 'NaN') $$,
                 '22023', NULL, 'NaN is no wage');
SELECT throws_ok($$ SELECT cs_policy.hire_employee('E1', 'x', 'T', 'agent', '2025-01-06', 5000) $$,
                 '23505', 'employee "E1" already exists', 'staff numbers are unique');
SELECT throws_ok($$ SELECT cs_policy.hire_employee('E2', 'x', 'T', 'agent', '2025-01-06', 5000,
                                                   probation_ends => '2025-01-05') $$,
                 '23514', NULL, 'probation cannot end before hiring');
SELECT throws_ok($$ SELECT cs_policy.hire_employee('E2', 'x', 'T', 'agent', '2025-01-06', 5000,
                                                   login => 'no_such_role_here') $$,
                 '42704', 'role "no_such_role_here" does not exist', 'the login must be a real role');
SELECT throws_ok($$ SELECT cs_policy.hire_employee('E2', 'x', 'T', 'chef', '2025-01-06', 5000) $$,
                 '22P02', NULL, 'unknown role');
SELECT throws_ok($$ INSERT INTO cs_policy.employee (code, name, department_id, role, hired_on, daily_wage, monthly_wage)
                    SELECT 'E3', 'x', department_id, 'agent', '2025-01-06', 10, -5 FROM cs_policy.department WHERE code = 'T' $$,
                 '23514', NULL, 'the table itself refuses a negative wage');

SELECT lives_ok($$ SELECT cs_policy.set_department_manager('P', 'E1') $$, 'someone of the subtree may manage a project');
SELECT throws_ok($$ SELECT cs_policy.hire_employee('M', 'x', 'C', 'manager', '2025-01-06', 15000),
                           cs_policy.set_department_manager('T', 'M') $$,
                 '22023', NULL, 'a manager works in the department or below it');
SELECT lives_ok($$ SELECT cs_policy.end_employment('E1', '2025-06-30') $$, 'an employment ends');
SELECT is((SELECT manager_id FROM cs_policy.department WHERE code = 'P'), NULL,
          'whoever leaves no longer manages a department');
SELECT throws_ok($$ SELECT cs_policy.end_employment('E1', '2025-07-31') $$, '55000', NULL, 'one cannot leave twice');
SELECT lives_ok($$ SELECT cs_policy.hire_employee('E3', 'x', 'T', 'agent', '2025-01-06', 5000),
                          cs_policy.end_employment('E3', '2025-03-31', 'resigned') $$, 'an employment ends with its reason');
SELECT results_eq($$ SELECT code, active, left_on, left_because FROM cs_policy.staff_directory WHERE code IN ('E1', 'E3') ORDER BY code $$,
                  $$ VALUES ('E1', false, '2025-06-30'::date, NULL::text), ('E3', false, '2025-03-31', 'resigned') $$,
                  'staff_directory shows the last day and why the employment ended (NULL: not said)');

-- Writes only through command functions.
CREATE ROLE cs_test_app;
GRANT EXECUTE ON FUNCTION cs_policy.hire_employee(text, text, text, cs_policy.staff_role, date, numeric, numeric, text, date, name)
    TO cs_test_app;
GRANT SELECT ON ALL TABLES IN SCHEMA cs_policy TO cs_test_app;
SET ROLE cs_test_app;
SELECT lives_ok($$ SELECT cs_policy.hire_employee('E9', 'x', 'T', 'agent', '2025-01-06', 5000) $$,
                'an application role hires through the command function');
SELECT throws_ok($$ INSERT INTO cs_policy.employee (code, name, department_id, role, hired_on, daily_wage, monthly_wage)
                    VALUES ('E10', 'x', 1, 'agent', '2025-01-06', 10, 10) $$,
                 '42501', NULL, 'but cannot insert into the table directly');
SELECT throws_ok($$ UPDATE cs_policy.employee SET monthly_wage = 99999 $$,
                 '42501', NULL, 'nor update it');
SELECT throws_ok($$ SELECT cs_policy.set_wages('E9', 99999) $$,
                 '42501', NULL, 'nor call a command it was not granted');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
