-- src/close.sql: closing an attendance period (AT-15): the stored results
-- payroll and BI read, the run log, the freeze of a closed period's facts,
-- the reopening and what changed between two closes.
--
-- A close judges every employee of a department's subtree (or of the
-- center) for their own period containing the date, with the same reads
-- any client uses (period_penalty_lines, period_overtime_lines,
-- team_attendance, rest_violations), and stores what they return in one
-- transaction: a close that fails or is killed leaves nothing behind.
-- Each department's period is recorded in period_close; while it is closed
-- the commands that would change its facts refuse (refuse_if_closed). HR
-- reopens it with a reason; the next close is the next revision and
-- records, per employee, the lines added and removed and the change of the
-- net, which payroll posts in the next period.

-- One row per run of close_period, committed before the work starts so
-- that another session sees it running and, after a failure, its error.
CREATE TABLE cs_policy.close_run (
    run_id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    period            date NOT NULL,
    department_id     bigint REFERENCES cs_policy.department,
    departments       bigint[],
    run_by            name NOT NULL DEFAULT current_user,
    started_at        timestamptz NOT NULL DEFAULT pg_catalog.clock_timestamp(),
    finished_at       timestamptz,
    state             text NOT NULL DEFAULT 'running'
                      CHECK (state OPERATOR(pg_catalog.=) ANY ('{running,succeeded,failed,interrupted}')),
    step              text,
    step_started_at   timestamptz,
    step_seconds      jsonb NOT NULL DEFAULT '{}',
    departments_total integer,
    departments_done  integer,
    result_rows       jsonb,
    policy_versions   jsonb,
    error             text,
    pid               integer,
    backend_start     timestamptz,
    CHECK ((state OPERATOR(pg_catalog.=) 'running') = (finished_at IS NULL))
);
COMMENT ON TABLE cs_policy.close_run IS
    'The run log of close_period (AT-15): who ran it, when, how long, the rows it stored per result, the policy versions it applied, and whether it succeeded or its error; a run whose backend died mid-way is marked interrupted by the next run. Written by close_period only';
COMMENT ON COLUMN cs_policy.close_run.run_id IS 'The run';
COMMENT ON COLUMN cs_policy.close_run.period IS 'The date given: each department''s period containing it is closed';
COMMENT ON COLUMN cs_policy.close_run.department_id IS 'The department whose subtree is closed (NULL: the whole center)';
COMMENT ON COLUMN cs_policy.close_run.departments IS 'The departments whose periods it closes (department_id''s subtree, or those close_due_periods found due)';
COMMENT ON COLUMN cs_policy.close_run.run_by IS 'The database role that ran it (pg_cron: the job''s user)';
COMMENT ON COLUMN cs_policy.close_run.started_at IS 'When it started';
COMMENT ON COLUMN cs_policy.close_run.finished_at IS 'When it ended (NULL: running)';
COMMENT ON COLUMN cs_policy.close_run.state IS 'running, succeeded, failed (error says why) or interrupted (its backend ended before it did)';
COMMENT ON COLUMN cs_policy.close_run.step IS 'The step it is at, or ended at; while running, close_progress shows the live step';
COMMENT ON COLUMN cs_policy.close_run.step_started_at IS 'When the current step started';
COMMENT ON COLUMN cs_policy.close_run.step_seconds IS 'Seconds each step took, e.g. {"attendance lines and totals": 0.86, "payroll adjustments": 0.22}: where a close spends its time';
COMMENT ON COLUMN cs_policy.close_run.departments_total IS 'Departments in the subtree closed';
COMMENT ON COLUMN cs_policy.close_run.departments_done IS 'Departments whose results are stored';
COMMENT ON COLUMN cs_policy.close_run.result_rows IS 'Rows stored per result, e.g. {"penalty_lines": 23693, "payroll_adjustments": 31000}';
COMMENT ON COLUMN cs_policy.close_run.policy_versions IS 'The attendance policy versions the periods were judged by: [{"policy_id": 6, "policy": "hotline attendance v1"}, ...]';
COMMENT ON COLUMN cs_policy.close_run.error IS 'SQLSTATE and message of a failed run';
COMMENT ON COLUMN cs_policy.close_run.pid IS 'Backend process that ran it (to tell a live run from an interrupted one)';
COMMENT ON COLUMN cs_policy.close_run.backend_start IS 'When that backend started';
SELECT pg_catalog.pg_extension_config_dump('cs_policy.close_run', '');
SELECT pg_catalog.pg_extension_config_dump('cs_policy.close_run_run_id_seq', '');

-- A department's period, closed (or reopened). The facts of its days are
-- frozen while state is closed.
CREATE TABLE cs_policy.period_close (
    department_id bigint NOT NULL REFERENCES cs_policy.department,
    period_first  date NOT NULL,
    period_last   date NOT NULL,
    period_label  text NOT NULL,
    deadline      date,
    revision      integer NOT NULL DEFAULT 1 CHECK (revision OPERATOR(pg_catalog.>) 0),
    state         text NOT NULL CHECK (state OPERATOR(pg_catalog.=) ANY ('{closed,reopened}')),
    run_id        bigint NOT NULL REFERENCES cs_policy.close_run,
    closed_at     timestamptz NOT NULL,
    closed_by     name NOT NULL,
    PRIMARY KEY (department_id, period_first),
    CHECK (period_last OPERATOR(pg_catalog.>=) period_first)
);
COMMENT ON TABLE cs_policy.period_close IS
    'Each department''s attendance period that was closed (AT-15): its days, the revision of its stored results (1, then one more after each reopening), and whether it is closed (its facts frozen) or reopened (by reopen_period, see period_reopening)';
COMMENT ON COLUMN cs_policy.period_close.department_id IS 'The department';
COMMENT ON COLUMN cs_policy.period_close.period_first IS 'First day of its period';
COMMENT ON COLUMN cs_policy.period_close.period_last IS 'Last day of its period';
COMMENT ON COLUMN cs_policy.period_close.period_label IS 'The month the period closes in (2025-12)';
COMMENT ON COLUMN cs_policy.period_close.deadline IS 'Its reporting deadline';
COMMENT ON COLUMN cs_policy.period_close.revision IS 'Revision of the stored results: the results tables keep every revision, the BI views show the last';
COMMENT ON COLUMN cs_policy.period_close.state IS 'closed: its facts are frozen; reopened: they may change until the next close';
COMMENT ON COLUMN cs_policy.period_close.run_id IS 'The run that closed it last';
COMMENT ON COLUMN cs_policy.period_close.closed_at IS 'When it was closed last';
COMMENT ON COLUMN cs_policy.period_close.closed_by IS 'Database role that closed it last';
SELECT pg_catalog.pg_extension_config_dump('cs_policy.period_close', '');

CREATE TABLE cs_policy.period_reopening (
    reopening_id  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    department_id bigint NOT NULL,
    period_first  date NOT NULL,
    revision      integer NOT NULL,
    reopened_at   timestamptz NOT NULL DEFAULT pg_catalog.now(),
    reopened_by   bigint REFERENCES cs_policy.employee (employee_id),
    reopened_role name NOT NULL DEFAULT current_user,
    reason        text NOT NULL CHECK (pg_catalog.btrim(reason) OPERATOR(pg_catalog.<>) ''),
    FOREIGN KEY (department_id, period_first) REFERENCES cs_policy.period_close
);
COMMENT ON TABLE cs_policy.period_reopening IS
    'AT-15: each reopening of a closed period by HR, with its written reason (reopen_period)';
COMMENT ON COLUMN cs_policy.period_reopening.reopening_id IS 'The reopening';
COMMENT ON COLUMN cs_policy.period_reopening.department_id IS 'The department';
COMMENT ON COLUMN cs_policy.period_reopening.period_first IS 'First day of the period reopened';
COMMENT ON COLUMN cs_policy.period_reopening.revision IS 'The revision that was closed';
COMMENT ON COLUMN cs_policy.period_reopening.reopened_at IS 'When';
COMMENT ON COLUMN cs_policy.period_reopening.reopened_by IS 'The HR employee who reopened it (NULL: a database administrator)';
COMMENT ON COLUMN cs_policy.period_reopening.reopened_role IS 'Database role that reopened it';
COMMENT ON COLUMN cs_policy.period_reopening.reason IS 'Why (written)';
SELECT pg_catalog.pg_extension_config_dump('cs_policy.period_reopening', '');
SELECT pg_catalog.pg_extension_config_dump('cs_policy.period_reopening_reopening_id_seq', '');

-- What AT-9's withholding turns into money: each item's amount a month,
-- by default from the attendance settings (performance_pay, bonus_pay),
-- or this employee's own.
CREATE TABLE cs_policy.pay_item (
    employee_id bigint NOT NULL REFERENCES cs_policy.employee,
    item        text NOT NULL CHECK (item OPERATOR(pg_catalog.=) ANY ('{performance_pay,bonus_pay}')),
    in_force    daterange NOT NULL
                CHECK (NOT pg_catalog.isempty(in_force) AND NOT pg_catalog.lower_inf(in_force)
                       AND pg_catalog.isfinite(pg_catalog.lower(in_force))),
    amount      numeric(12,2) NOT NULL CHECK (amount OPERATOR(pg_catalog.>=) 0),
    set_at      timestamptz NOT NULL DEFAULT pg_catalog.now(),
    EXCLUDE USING gist (employee_id WITH OPERATOR(pg_catalog.=), item WITH OPERATOR(pg_catalog.=),
                        in_force WITH OPERATOR(pg_catalog.&&))
);
COMMENT ON TABLE cs_policy.pay_item IS
    'AT-9: an employee''s own monthly performance pay or bonus by the days it is in force, which a close withholds when the month''s flags say so (the one in force on the period''s last day of employment; otherwise the attendance settings performance_pay and bonus_pay apply); pay (SEC-2). Set by set_pay_item';
COMMENT ON COLUMN cs_policy.pay_item.employee_id IS 'Whose';
COMMENT ON COLUMN cs_policy.pay_item.item IS 'performance_pay (withheld by performance_zero) or bonus_pay (withheld by bonus_withheld)';
COMMENT ON COLUMN cs_policy.pay_item.in_force IS 'The days it is the employee''s; the latest may be open-ended';
COMMENT ON COLUMN cs_policy.pay_item.amount IS 'CNY a month';
COMMENT ON COLUMN cs_policy.pay_item.set_at IS 'When it was set';
SELECT pg_catalog.pg_extension_config_dump('cs_policy.pay_item', '');

-- The stored results, one revision per close of the employee's period.
-- Each employee's period has its totals row; its lines and payroll items
-- belong to it. The rows stored per employee carry no foreign keys: only
-- the close writes them (close_period_now, SECURITY DEFINER), each from the
-- employee and period_close rows it joins, and a foreign key costs a query
-- per row (4 to 5 µs each; 0.6 s of a close of 10,000 agents, a third of
-- it). The close checks instead, once per table, that every line and
-- payroll item it stored has its totals row (check_close_stored). The
-- results stored per department (a few hundred rows) keep theirs.
CREATE TABLE cs_policy.closed_attendance_total (
    employee_id     bigint NOT NULL,
    period_first    date NOT NULL,
    revision        integer NOT NULL,
    department_id   bigint NOT NULL,
    period_last     date NOT NULL,
    period_label    text NOT NULL,
    late            integer NOT NULL,
    early           integer NOT NULL,
    away            integer NOT NULL,
    absences        integer NOT NULL,
    days_absent     numeric NOT NULL,
    missing_punches integer NOT NULL,
    forgiven        integer NOT NULL,
    incidents       integer NOT NULL,
    charged         numeric(12,2) NOT NULL,
    bonus           numeric(12,2) NOT NULL,
    points_score    numeric,
    flags           text[] NOT NULL,
    -- AT-15: the first day judged, where not the period's: someone
    -- transferred from a department that cuts its periods on other days is
    -- taken from the day after the last day stored there
    judged_from     date CHECK (judged_from OPERATOR(pg_catalog.<>) period_first AND judged_from OPERATOR(pg_catalog.<=) period_last),
    PRIMARY KEY (employee_id, period_first, revision)
);
COMMENT ON TABLE cs_policy.closed_attendance_total IS
    'Each employee''s attendance totals of a closed period, as period_attendance_totals gave them at the close (every revision)';
SELECT pg_catalog.pg_extension_config_dump('cs_policy.closed_attendance_total', '');

CREATE TABLE cs_policy.closed_penalty_line (
    employee_id   bigint NOT NULL,
    period_first  date NOT NULL,
    revision      integer NOT NULL,
    department_id bigint NOT NULL,
    period_last   date NOT NULL,
    period_label  text NOT NULL,
    line          integer NOT NULL,
    work_date     date NOT NULL,
    kind          text NOT NULL,
    rule_id       text,
    also_cites    text[],
    measure       numeric,
    outcome       text,
    amount        numeric(12,2) NOT NULL,
    points        numeric,
    flags         text[] NOT NULL,
    absence_days  numeric,
    explanation   text NOT NULL,
    policy_id     bigint,
    from_pay      boolean NOT NULL,
    PRIMARY KEY (employee_id, period_first, revision, line)
);
COMMENT ON TABLE cs_policy.closed_penalty_line IS
    'The penalty lines of a closed period, as period_penalty_lines gave them at the close (every revision); amounts and explanations from pay are HR''s (SEC-2): others read them through the view period_penalty_line';
SELECT pg_catalog.pg_extension_config_dump('cs_policy.closed_penalty_line', '');

CREATE TABLE cs_policy.closed_overtime_line (LIKE cs_policy.closed_penalty_line INCLUDING CONSTRAINTS,
    PRIMARY KEY (employee_id, period_first, revision, line));
COMMENT ON TABLE cs_policy.closed_overtime_line IS
    'AT-17: the overtime lines of a closed period, as period_overtime_lines gave them at the close (every revision)';
SELECT pg_catalog.pg_extension_config_dump('cs_policy.closed_overtime_line', '');


CREATE TABLE cs_policy.payroll_adjustment (
    employee_id   bigint NOT NULL,
    period_first  date NOT NULL,
    revision      integer NOT NULL,
    department_id bigint NOT NULL,
    period_label  text NOT NULL,
    item          integer NOT NULL,
    kind          text NOT NULL CHECK (kind OPERATOR(pg_catalog.=) ANY (
                      '{charge,bonus,points_pay,performance_withheld,bonus_withheld,wage_withheld,overtime_pay,net}')),
    rule_id       text,
    amount        numeric(12,2) NOT NULL,
    explanation   text NOT NULL,
    from_pay      boolean NOT NULL,
    PRIMARY KEY (employee_id, period_first, revision, item)
);
COMMENT ON TABLE cs_policy.payroll_adjustment IS
    'What payroll adds to (positive) or deducts from (negative) an employee''s pay for a closed period, one row per item with its rule and explanation, and a last row net (every revision); amounts are pay (SEC-2): HR reads them, others through the view payroll_adjustments';
SELECT pg_catalog.pg_extension_config_dump('cs_policy.payroll_adjustment', '');

CREATE TABLE cs_policy.close_change (
    employee_id   bigint NOT NULL,
    period_first  date NOT NULL,
    revision      integer NOT NULL,
    department_id bigint NOT NULL,
    period_label  text NOT NULL,
    lines_added   integer NOT NULL,
    lines_removed integer NOT NULL,
    net_before    numeric(12,2) NOT NULL,
    net_after     numeric(12,2) NOT NULL,
    net_delta     numeric(12,2) NOT NULL,
    PRIMARY KEY (employee_id, period_first, revision)
);
COMMENT ON TABLE cs_policy.close_change IS
    'What a close after a reopening changed against the revision before, per employee whose lines changed: lines added and removed, the net before and after, and the difference payroll posts in the next period';
SELECT pg_catalog.pg_extension_config_dump('cs_policy.close_change', '');

CREATE TABLE cs_policy.closed_rest_violation (
    employee_id   bigint NOT NULL,
    period_first  date NOT NULL,
    revision      integer NOT NULL,
    department_id bigint NOT NULL,
    week          text NOT NULL,
    week_start    date NOT NULL,
    week_end      date NOT NULL,
    rest_days     integer NOT NULL,
    required      integer NOT NULL,
    rule_id       text NOT NULL,
    explanation   text NOT NULL,
    PRIMARY KEY (employee_id, period_first, revision, week_start)
);
COMMENT ON TABLE cs_policy.closed_rest_violation IS
    'SH-4: the rest violations of the closed month, as rest_violations gave them at the close (every revision)';
SELECT pg_catalog.pg_extension_config_dump('cs_policy.closed_rest_violation', '');

CREATE TABLE cs_policy.closed_team_attendance (
    department_id   bigint NOT NULL,
    period_first    date NOT NULL,
    revision        integer NOT NULL,
    period_label    text NOT NULL,
    shifts          bigint NOT NULL,
    days_absent     numeric NOT NULL,
    shifts_on_leave bigint NOT NULL,
    attendance_rate numeric,
    minimum         numeric,
    below_minimum   boolean,
    rule_id         text,
    PRIMARY KEY (department_id, period_first, revision),
    FOREIGN KEY (department_id, period_first) REFERENCES cs_policy.period_close
);
COMMENT ON TABLE cs_policy.closed_team_attendance IS
    'AT-10: each team''s attendance rate of a closed period against its minimum, as team_attendance gave it at the close (every revision)';
SELECT pg_catalog.pg_extension_config_dump('cs_policy.closed_team_attendance', '');

-- SH-3: the half hours of a closed period below a department's minimum
-- staffing, as coverage gave them at the close.
CREATE TABLE cs_policy.closed_coverage_shortfall (
    department_id bigint NOT NULL,
    period_first  date NOT NULL,
    revision      integer NOT NULL,
    period_label  text NOT NULL,
    slot_start    timestamptz NOT NULL,
    slot_end      timestamptz NOT NULL,
    rostered      integer NOT NULL,
    required      integer NOT NULL,
    shortfall     integer NOT NULL CHECK (shortfall > 0),
    PRIMARY KEY (department_id, period_first, revision, slot_start),
    FOREIGN KEY (department_id, period_first) REFERENCES cs_policy.period_close
);
COMMENT ON TABLE cs_policy.closed_coverage_shortfall IS
    'SH-3: every half hour of a closed period in which fewer agents were rostered than the department''s staffing rules require, as coverage gave it at the close (every revision)';
SELECT pg_catalog.pg_extension_config_dump('cs_policy.closed_coverage_shortfall', '');

-- CP-3 to CP-7: the targets of the complaints received in a closed period,
-- as they stood at the close, counted by department, category, target and
-- the agent who answered for them.
CREATE TABLE cs_policy.closed_sla_compliance (
    employee_id   bigint NOT NULL,
    period_first  date NOT NULL,
    revision      integer NOT NULL,
    department_id bigint NOT NULL,
    period_label  text NOT NULL,
    category      text NOT NULL,
    target        text NOT NULL,
    rule_id       text NOT NULL,
    policy_id     bigint NOT NULL,
    complaints    integer NOT NULL,
    met           integer NOT NULL,
    breached      integer NOT NULL,
    met_late      integer NOT NULL,
    still_open    integer NOT NULL,
    PRIMARY KEY (employee_id, period_first, revision, department_id, category, target, policy_id)
);
COMMENT ON TABLE cs_policy.closed_sla_compliance IS
    'CP-3 to CP-7: for the complaints received in a closed period of the department concerned, per category, target and the agent answerable (employee_id): how many, met in time, breached (met late or overdue), still open within time, as complaint_sla gave them at the close (every revision)';
SELECT pg_catalog.pg_extension_config_dump('cs_policy.closed_sla_compliance', '');

-- PR-1, PR-2, PR-4: at the close of a quarter's last period, the next
-- grading day's candidates and the demotion watch.
CREATE TABLE cs_policy.closed_promotion_check (
    employee_id      bigint NOT NULL,
    period_first     date NOT NULL,
    revision         integer NOT NULL,
    department_id    bigint NOT NULL,
    period_label     text NOT NULL,
    grading_day      date NOT NULL,
    ladder           text NOT NULL,
    current_level    text,
    level_sought     text NOT NULL,
    eligible         boolean NOT NULL,
    criteria_met     text[],
    criteria_missing text[],
    PRIMARY KEY (employee_id, period_first, revision, ladder)
);
COMMENT ON TABLE cs_policy.closed_promotion_check IS
    'PR-1, PR-2, PR-4: at the close of the last period of a quarter, each agent''s next level with the criteria met and missing as of the next grading day (the first day of the next quarter), as promotion_candidates_at gave them (every revision)';
SELECT pg_catalog.pg_extension_config_dump('cs_policy.closed_promotion_check', '');

CREATE TABLE cs_policy.closed_demotion_watch (
    employee_id   bigint NOT NULL,
    period_first  date NOT NULL,
    revision      integer NOT NULL,
    department_id bigint NOT NULL,
    period_label  text NOT NULL,
    ladder        text NOT NULL,
    current_level text NOT NULL,
    demoted_to    text,
    criterion     text NOT NULL,
    required      integer NOT NULL,
    actual        integer NOT NULL,
    demotion_due  boolean NOT NULL,
    rule_id       text NOT NULL,
    PRIMARY KEY (employee_id, period_first, revision, criterion)
);
COMMENT ON TABLE cs_policy.closed_demotion_watch IS
    'PR-2: at the close of the last period of a quarter, every demotion rule with at least one count against an employee on the next grading day (the first day of the next quarter), and whether it holds, as demotion_check_at gave it (every revision)';
SELECT pg_catalog.pg_extension_config_dump('cs_policy.closed_demotion_watch', '');

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['closed_penalty_line', 'closed_overtime_line', 'closed_attendance_total',
                             'payroll_adjustment', 'close_change', 'closed_rest_violation',
                             'closed_sla_compliance', 'closed_promotion_check', 'closed_demotion_watch']
    LOOP
        EXECUTE format('ALTER TABLE cs_policy.%I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE cs_policy.%I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY seen_by_scope ON cs_policy.%I FOR SELECT
                        USING (cs_policy.sees((SELECT cs_policy.access_scope()), employee_id))', t);
    END LOOP;
    FOREACH t IN ARRAY ARRAY['closed_team_attendance', 'closed_coverage_shortfall']
    LOOP
        EXECUTE format('ALTER TABLE cs_policy.%I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE cs_policy.%I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY seen_by_scope ON cs_policy.%I FOR SELECT
                        USING (cs_policy.sees_department((SELECT cs_policy.access_scope()), department_id))', t);
    END LOOP;
END
$$;
-- SEC-2: an employee's own pay items are the person's and HR's (as wage)
ALTER TABLE cs_policy.pay_item ENABLE ROW LEVEL SECURITY;
ALTER TABLE cs_policy.pay_item FORCE ROW LEVEL SECURITY;
CREATE POLICY seen_by_pay_scope ON cs_policy.pay_item FOR SELECT
    USING (cs_policy.sees_pay((SELECT cs_policy.access_scope()), employee_id));
-- SEC-2: amounts that may come from a wage, and the explanations that name it
INSERT INTO cs_policy.secret_column VALUES
    ('closed_penalty_line', 'amount', '{hr}', 'SEC-2'),
    ('closed_penalty_line', 'explanation', '{hr}', 'SEC-2'),
    ('closed_overtime_line', 'amount', '{hr}', 'SEC-2'),
    ('closed_overtime_line', 'explanation', '{hr}', 'SEC-2'),
    ('closed_attendance_total', 'charged', '{hr}', 'SEC-2'),
    ('closed_attendance_total', 'bonus', '{hr}', 'SEC-2'),
    ('payroll_adjustment', 'amount', '{hr}', 'SEC-2'),
    ('payroll_adjustment', 'explanation', '{hr}', 'SEC-2'),
    ('close_change', 'net_before', '{hr}', 'SEC-2'),
    ('close_change', 'net_after', '{hr}', 'SEC-2'),
    ('close_change', 'net_delta', '{hr}', 'SEC-2'),
    ('pay_item', 'amount', '{hr}', 'SEC-2');

-- every column of the results tables, by name
DO $$
DECLARE
    c record;
BEGIN
    FOR c IN
        SELECT a.attrelid::regclass AS rel, a.attname, m.meaning
          FROM pg_catalog.pg_attribute a
          JOIN (VALUES
            ('employee_id', 'The employee'),
            ('period_first', 'First day of the employee''s (their department''s) closed period'),
            ('period_last', 'Last day of the period'),
            ('period_label', 'The month the period closes in (2025-12)'),
            ('revision', 'Revision of the close (period_close.revision): 1, then one more after each reopening'),
            ('department_id', 'The employee''s department when the period was closed'),
            ('line', 'Order in which the engine judged it'),
            ('work_date', 'The day it is about (the period''s last day for the period''s own rules)'),
            ('kind', 'What it is about (late, early, absence, ..., score; overtime: paid, not_paid, ...)'),
            ('rule_id', 'The rule it applies (POLICY.md)'),
            ('also_cites', 'The other rules it touches'),
            ('measure', 'The measured value (minutes, occurrences, days, points)'),
            ('outcome', 'The step that applied'),
            ('amount', 'CNY; in a penalty line positive is charged and negative paid out; in a payroll adjustment positive is paid and negative deducted'),
            ('points', 'Points deducted'),
            ('flags', 'Flags raised (bonus_withheld, performance_zero, wage_withheld, resignation, ...)'),
            ('absence_days', 'Days of absence'),
            ('explanation', 'One line with the rule, the policy version, the measure and the arithmetic'),
            ('policy_id', 'The policy version that judged it'),
            ('from_pay', 'Whether the amount derives from a wage (SEC-2)'),
            ('late', 'Late arrivals'), ('early', 'Early departures'), ('away', 'Times away from the post'),
            ('absences', 'Absence lines'), ('days_absent', 'Days of absence'),
            ('missing_punches', 'Missing punches'), ('forgiven', 'Lateness forgiven'), ('incidents', 'Incidents charged'),
            ('charged', 'Total charged (CNY)'), ('bonus', 'Total paid out as bonus (CNY)'),
            ('points_score', 'The month''s points score (points_2024)'),
            ('judged_from', 'The first day judged, where not the period''s (NULL): someone transferred from a department that cuts its periods on other days is taken from the day after their last day stored there (AT-15)'),
            ('item', 'Order of the item in the employee''s adjustments (net last)'),
            ('lines_added', 'Penalty and overtime lines in this revision and not in the one before'),
            ('lines_removed', 'Lines in the revision before and not in this one'),
            ('net_before', 'Net adjustment of the revision before (CNY)'),
            ('net_after', 'Net adjustment of this revision (CNY)'),
            ('net_delta', 'What payroll posts in the next period: net_after - net_before (CNY)'),
            ('week', 'The week (SH-4)'), ('week_start', 'Its first day'), ('week_end', 'Its last day'),
            ('rest_days', 'Rest days the roster gave'), ('required', 'Rest days required'),
            ('shifts', 'Shifts of the team'), ('shifts_on_leave', 'Shifts on approved leave'),
            ('attendance_rate', 'Attendance rate (AT-10)'), ('minimum', 'The minimum rate of its policy'),
            ('below_minimum', 'Whether the rate is below the minimum'),
            ('slot_start', 'Start of the half hour (SH-3)'), ('slot_end', 'Its end'),
            ('rostered', 'Agents rostered for the whole half hour'), ('shortfall', 'Agents missing: required - rostered'),
            ('category', 'CP-1 category of the complaints'), ('target', 'The service-level target (e.g. resolve)'),
            ('complaints', 'Complaints received in the period with this target'),
            ('met', 'Met in time'), ('breached', 'Breached: met late, or overdue at the close'),
            ('met_late', 'Of the breached, met late'), ('still_open', 'Not yet met at the close and not yet due'),
            ('grading_day', 'The grading day judged: the first day of the next quarter'),
            ('ladder', 'The career ladder'), ('current_level', 'Level at the close'),
            ('level_sought', 'The next level'), ('eligible', 'Every criterion met'),
            ('criteria_met', 'The criteria met'), ('criteria_missing', 'The criteria not met, with the figure and what it takes'),
            ('demoted_to', 'Where the rule leads (NULL: a dismissal review)'), ('criterion', 'The demotion rule'),
            ('actual', 'How many there are'), ('demotion_due', 'The rule holds: the demotion is due')) AS m (col, meaning) ON m.col = a.attname
         WHERE a.attrelid = ANY (ARRAY['cs_policy.closed_penalty_line', 'cs_policy.closed_overtime_line',
                                      'cs_policy.closed_attendance_total', 'cs_policy.payroll_adjustment',
                                      'cs_policy.close_change', 'cs_policy.closed_rest_violation',
                                      'cs_policy.closed_team_attendance', 'cs_policy.closed_coverage_shortfall',
                                      'cs_policy.closed_sla_compliance', 'cs_policy.closed_promotion_check',
                                      'cs_policy.closed_demotion_watch']::regclass[])
           AND a.attnum > 0 AND NOT a.attisdropped
    LOOP
        EXECUTE format('COMMENT ON COLUMN %s.%I IS %L', c.rel, c.attname,
                       CASE WHEN c.attname = 'kind' AND c.rel = 'cs_policy.payroll_adjustment'::regclass
                            THEN 'charge, bonus, points_pay (AT-14), performance_withheld, bonus_withheld, wage_withheld (AT-9, AT-18), overtime_pay (AT-17) or net'
                            WHEN c.attname = 'department_id' AND c.rel = 'cs_policy.closed_team_attendance'::regclass
                            THEN 'The team (department)'
                            WHEN c.attname = 'department_id' AND c.rel = 'cs_policy.closed_coverage_shortfall'::regclass
                            THEN 'The department whose staffing rules (and subtree''s roster) these are'
                            WHEN c.attname = 'department_id' AND c.rel = 'cs_policy.closed_sla_compliance'::regclass
                            THEN 'The department concerned by the complaints'
                            WHEN c.attname = 'employee_id' AND c.rel = 'cs_policy.closed_sla_compliance'::regclass
                            THEN 'The agent who answered for the complaints at the close (CP-4)'
                            WHEN c.attname = 'required' AND c.rel = 'cs_policy.closed_coverage_shortfall'::regclass
                            THEN 'Agents the staffing rules require (the highest minimum where rules overlap)'
                            WHEN c.attname = 'required' AND c.rel = 'cs_policy.closed_demotion_watch'::regclass
                            THEN 'How many it takes'
                            ELSE c.meaning END);
    END LOOP;
END
$$;

-- AT-15: the refusal of a change to a closed period's days, naming the
-- period, who closed it and how HR reopens it
CREATE FUNCTION cs_policy.refuse_closed_period(closed cs_policy.period_close, what text, frozen text, advice text)
RETURNS void
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    dept text;
BEGIN
    SELECT d.code INTO dept FROM cs_policy.department d WHERE d.department_id = closed.department_id;
    RAISE EXCEPTION '% is refused: the attendance period % of % (% to %) is closed', what,
                    closed.period_label, dept, closed.period_first, closed.period_last
        USING ERRCODE = 'object_not_in_prerequisite_state',
              DETAIL = format('AT-15: closed by %s in close run %s (revision %s); %s are frozen so that payroll pays what was closed.',
                              closed.closed_by, closed.run_id, closed.revision, frozen),
              HINT = format('%s: SELECT cs_policy.reopen_period(%L, %L, ''why'');', advice, dept, closed.period_first);
END
$$;
COMMENT ON FUNCTION cs_policy.refuse_closed_period(cs_policy.period_close, text, text, text) IS
    'Internal, AT-15: raises the 55000 of refuse_if_closed and refuse_if_department_closed: what is refused, the closed period, who closed it in which run, what is frozen, and the reopen_period call';
REVOKE EXECUTE ON FUNCTION cs_policy.refuse_closed_period(cs_policy.period_close, text, text, text) FROM PUBLIC;

-- AT-15: the commands that change a period's facts refuse while it is
-- closed. Called by each of them with the employee and the days touched.
CREATE FUNCTION cs_policy.refuse_if_closed(employee_id bigint, first_day date, last_day date, what text)
RETURNS void
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
DECLARE
    closed     cs_policy.period_close;
    home       bigint;
    held_deps  bigint[];
    held_firsts date[];
    held_revs  integer[];
BEGIN
    -- the stored periods whose days judged include these (a department
    -- keeps the period it closed when the person is transferred since,
    -- AT-15; the first day judged may be later or earlier than its
    -- period's), read by the employee's key alone (on Citus, one shard)
    SELECT array_agg(t.department_id), array_agg(t.period_first), array_agg(t.revision)
      INTO held_deps, held_firsts, held_revs
      FROM cs_policy.closed_attendance_total t
     WHERE t.employee_id = refuse_if_closed.employee_id
       AND coalesce(t.judged_from, t.period_first) <= coalesce(last_day, first_day) AND t.period_last >= first_day;
    SELECT e.department_id INTO home FROM cs_policy.employee e WHERE e.employee_id = refuse_if_closed.employee_id;
    -- closed: a period whose last revision judged these days of the
    -- person, or where none did, their own department's
    SELECT p.* INTO closed
      FROM cs_policy.period_close p
      LEFT JOIN unnest(held_deps, held_firsts, held_revs) AS h(department_id, period_first, revision)
             ON h.department_id = p.department_id AND h.period_first = p.period_first AND h.revision = p.revision
     WHERE p.state = 'closed'
       AND (h.department_id IS NOT NULL
            OR (p.department_id = home
                AND p.period_first <= coalesce(last_day, first_day) AND p.period_last >= first_day
                AND NOT EXISTS (SELECT FROM unnest(held_deps, held_firsts, held_revs) AS o(department_id, period_first, revision)
                                  JOIN cs_policy.period_close q
                                    ON q.department_id = o.department_id AND q.period_first = o.period_first
                                   AND q.revision = o.revision)))
     ORDER BY p.period_first
     LIMIT 1;
    IF FOUND THEN
        PERFORM cs_policy.refuse_closed_period(closed, what, 'its facts', 'HR reopens it with a reason');
    END IF;
END
$$;
COMMENT ON FUNCTION cs_policy.refuse_if_closed(bigint, date, date, text) IS
    'AT-15: raises 55000 when the employee''s attendance period containing any of the days is closed (their department''s, or the one that closed it before they were transferred), naming the period, who closed it and who may reopen it (HR, reopen_period)';
REVOKE EXECUTE ON FUNCTION cs_policy.refuse_if_closed(bigint, date, date, text) FROM PUBLIC;

-- AT-15: a closed period was judged by the calendars its rules name
-- (local days and the deadline of the attendance rules, SH-4's holidays
-- of the shift rules, the working time of complaint SLAs, the hours of
-- staffing rules). A change of one of them is refused where it changes a
-- day a closed period read with it: the period's days, the week before
-- (SH-4 counts the rest days of a week that ends in the period) and the
-- morning after (a night shift of its last day). Changed means the time
-- zone, or a day's kind or working hours (calendar_first_difference). Only the
-- periods whose rules in force on their own days name the calendar count:
-- rules that name it from a later day did not judge them. Called by
-- calendar_refresh, which every change of a calendar goes through, with
-- the value before and after.
CREATE FUNCTION cs_policy.refuse_if_calendar_closed(name text, before cs_policy.business_calendar,
                                                     after cs_policy.business_calendar)
RETURNS void
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    zone_before text;
    zone_after  text;
    hit         record;
    closed      cs_policy.period_close;
BEGIN
    IF before IS NULL OR after IS NULL OR before::text = after::text THEN
        RETURN;
    END IF;
    zone_before := cs_policy.calendar_time_zone(before);
    zone_after := cs_policy.calendar_time_zone(after);
    WITH readers AS (
        SELECT f.department_id, f.in_force FROM cs_policy.policy_in_force f
         WHERE f.parameters ->> 'calendar' = refuse_if_calendar_closed.name
        UNION ALL
        SELECT s.department_id, datemultirange(s.valid_during) FROM cs_policy.staffing_rule s
         WHERE s.calendar = refuse_if_calendar_closed.name),
    periods AS (
        SELECT DISTINCT p.department_id, p.period_first, p.period_last FROM cs_policy.period_close p
          JOIN readers r ON r.department_id = p.department_id
                        AND r.in_force && datemultirange(daterange(p.period_first, p.period_last, '[]'))
         WHERE p.state = 'closed'),
    -- each span of days read once (departments share their periods)
    spans AS (
        SELECT DISTINCT p.period_first - 7 AS from_day, p.period_last + 1 AS through_day FROM periods p),
    changed AS (
        SELECT x.from_day, x.through_day,
               CASE WHEN zone_before <> zone_after THEN x.from_day
                    ELSE cs_policy.calendar_first_difference(before, after, x.from_day, x.through_day) END AS day
          FROM spans x)
    SELECT p.department_id, p.period_first, c.day,
           -- (the hint's day: after every closed period that reads the calendar)
           (SELECT max(q.period_last) FROM periods q) AS latest_last INTO hit
      FROM changed c
      JOIN periods p ON p.period_first - 7 = c.from_day AND p.period_last + 1 = c.through_day
     WHERE c.day IS NOT NULL
     ORDER BY p.period_first, p.department_id
     LIMIT 1;
    IF FOUND THEN
        SELECT * INTO closed FROM cs_policy.period_close p
         WHERE p.department_id = hit.department_id AND p.period_first = hit.period_first;
        PERFORM cs_policy.refuse_closed_period(closed,
                    CASE WHEN zone_before <> zone_after
                         THEN format('changing the time zone of calendar %s from %s to %s', name, zone_before, zone_after)
                         ELSE format('changing calendar %s on %s', name, hit.day) END,
                    'its facts and the calendars it was judged by',
                    CASE WHEN zone_before <> zone_after
                         THEN format('Copy the calendar with the new time zone (copy_calendar) and name the copy in the rules from %s on (set_policy), or have HR reopen the period first',
                                     hit.latest_last + 1)
                         ELSE format('Change the days from %s on only (a period reads the morning after its last day too), or have HR reopen the period first',
                                     hit.latest_last + 2) END);
    END IF;
END
$$;
COMMENT ON FUNCTION cs_policy.refuse_if_calendar_closed(text, cs_policy.business_calendar, cs_policy.business_calendar) IS
    'Internal, AT-15: raises 55000 when a change of a calendar (its value before and after) changes a day a closed period read with it (its days, the week before, the day after: the time zone, or a day''s working hours), where the rules in force over the period (or its staffing rules) name the calendar; called by calendar_refresh';
REVOKE EXECUTE ON FUNCTION cs_policy.refuse_if_calendar_closed(text, cs_policy.business_calendar, cs_policy.business_calendar) FROM PUBLIC;

-- A shift's punch window over the periods ending on the days given: the
-- widest of the attendance rules in force on those days, else the default
-- setting (a sign-in belongs to a shift from that long before its start,
-- a sign-out until that long after its end)
CREATE FUNCTION cs_policy.punch_window_of(departments bigint[], last_days date[])
RETURNS interval
LANGUAGE sql STABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp
BEGIN ATOMIC
    SELECT pg_catalog.make_interval(mins => coalesce(pg_catalog.max((f.parameters OPERATOR(pg_catalog.->>) 'punch_window_minutes')::integer),
                                                     cs_policy.default_setting('attendance', 'punch_window_minutes')::integer))
      FROM cs_policy.policy_in_force f
      JOIN ROWS FROM (pg_catalog.unnest(punch_window_of.departments), pg_catalog.unnest(punch_window_of.last_days))
           AS p(department_id, last_day)
        ON p.department_id OPERATOR(pg_catalog.=) f.department_id AND f.in_force OPERATOR(pg_catalog.@>) p.last_day
     WHERE f.area OPERATOR(pg_catalog.=) 'attendance';
END;
COMMENT ON FUNCTION cs_policy.punch_window_of(bigint[], date[]) IS
    'Internal: the punch window of the attendance rules in force on the last days of the departments'' periods given (the widest; else the default setting): what last_shifts_judged_at waits and AT-18''s count of shifts signed in for reads';
REVOKE EXECUTE ON FUNCTION cs_policy.punch_window_of(bigint[], date[]) FROM PUBLIC;

-- AT-15: a period is over once its last shifts are judged. The engine
-- judges a shift once its sign-out window (punch_window_minutes after its
-- end) is over, and a night shift of the last day ends the next morning:
-- closed before then, those shifts would be stored unjudged, and a full
-- attendance bonus (AT-6) withheld as pending.
CREATE FUNCTION cs_policy.last_shifts_judged_at(departments bigint[], last_days date[])
RETURNS timestamptz
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    judged_at      timestamptz;
BEGIN
    -- the shifts of the last days and the days before them (a shift lasts
    -- at most a day), of the departments they are worked for
    SELECT max(upper(r.instants)) + cs_policy.punch_window_of(departments, last_days) INTO judged_at
      FROM cs_policy.roster r
     WHERE r.department_id = ANY (departments)
       AND r.work_date >= (SELECT min(d) FROM unnest(last_days) d) - 1
       AND r.work_date <= (SELECT max(d) FROM unnest(last_days) d);
    RETURN judged_at;
END
$$;
COMMENT ON FUNCTION cs_policy.last_shifts_judged_at(bigint[], date[]) IS
    'AT-15: when the last shifts of the departments'' periods ending on the days given are judged: the latest end of a shift of those days (or the day before) plus the punch window of the rules in force (NULL: no shifts); close_period_now waits for it, close_due_periods too';
REVOKE EXECUTE ON FUNCTION cs_policy.last_shifts_judged_at(bigint[], date[]) FROM PUBLIC;

-- AT-15: what changes a whole department's days, not one employee's (the
-- rules it was judged by, a month's roster): refused where a closed period
-- of the department's subtree (or of the department alone; department
-- NULL: any department) has any of the days. The promotion rules a
-- quarter's last period stored its candidates by are those of the grading
-- day after it (grading_days): refused where a closed period's grading day
-- is one of the days.
CREATE FUNCTION cs_policy.refuse_if_department_closed(department_id bigint, days daterange, what text,
                                                       with_subtree boolean DEFAULT true,
                                                       grading_days boolean DEFAULT false)
RETURNS void
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    hit     record;
    closed  cs_policy.period_close;
    read_on date;
BEGIN
    IF days IS NULL OR isempty(days) THEN
        RETURN;
    END IF;
    SELECT p.*, max(CASE WHEN grading_days THEN (to_date(p.period_label, 'YYYY-MM') + interval '1 month')::date
                         ELSE p.period_last END) OVER () AS latest
      INTO hit
      FROM cs_policy.period_close p
      JOIN cs_policy.department d ON d.department_id = p.department_id
     WHERE p.state = 'closed'
       AND CASE WHEN grading_days
                THEN extract(month FROM to_date(p.period_label, 'YYYY-MM')) IN (3, 6, 9, 12)
                     AND days @> (to_date(p.period_label, 'YYYY-MM') + interval '1 month')::date
                ELSE daterange(p.period_first, p.period_last, '[]') && days END
       AND (refuse_if_department_closed.department_id IS NULL
            OR refuse_if_department_closed.department_id = p.department_id
            OR (with_subtree AND refuse_if_department_closed.department_id = ANY (d.path)))
     ORDER BY p.period_first, d.code
     LIMIT 1;
    IF FOUND THEN
        SELECT * INTO closed FROM cs_policy.period_close p
         WHERE p.department_id = hit.department_id AND p.period_first = hit.period_first;
        read_on := CASE WHEN grading_days THEN (to_date(closed.period_label, 'YYYY-MM') + interval '1 month')::date
                        ELSE closed.period_last END;
        -- (the hint names the last closed day of those: after it, nothing closed is changed)
        PERFORM cs_policy.refuse_closed_period(closed, what,
                    'its facts and the rules it was judged by'
                    || CASE WHEN grading_days THEN format(' (the promotion rules of the grading day %s)', read_on) ELSE '' END,
                    format('Let the change take effect after %s, or have HR reopen the period%s first', hit.latest,
                           CASE WHEN hit.latest > read_on THEN 's' ELSE '' END));
    END IF;
END
$$;
COMMENT ON FUNCTION cs_policy.refuse_if_department_closed(bigint, daterange, text, boolean, boolean) IS
    'AT-15: raises 55000 when a closed period of the department''s subtree (or the department alone: with_subtree false; NULL: any department) has any of the days (or, grading_days, when the grading day after a closed quarter''s last period is one of them), naming the period and who may reopen it (set_policy, end_policy, set_staffing, roster_rotation, record_daily_metrics)';
REVOKE EXECUTE ON FUNCTION cs_policy.refuse_if_department_closed(bigint, daterange, text, boolean, boolean) FROM PUBLIC;

-- The close reads back what it has just written: analysed first, or the
-- planner takes a table of thousands of rows for empty. (Not on Citus: an
-- ANALYZE there runs on every placement in parallel, which a transaction
-- that has read the coordinator's placements may not do; the workers plan
-- the shards' queries themselves.)
-- What the foreign keys of the rows a close stores per employee would
-- refuse, counted once per table by the close (see closed_attendance_total):
-- a close that stored a line or payroll item without its totals row fails,
-- and stores nothing.
CREATE FUNCTION cs_policy.check_close_stored(run bigint, stored regclass)
RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    orphans bigint;
BEGIN
    EXECUTE format('SELECT count(*) FROM %s a
                      JOIN cs_policy.period_close c ON c.department_id = a.department_id AND c.period_first = a.period_first
                                                   AND c.revision = a.revision AND c.run_id = $1
                      LEFT JOIN cs_policy.closed_attendance_total t
                             ON t.employee_id = a.employee_id AND t.period_first = a.period_first
                            AND t.revision = a.revision AND t.department_id = a.department_id
                     WHERE t.employee_id IS NULL', stored)
       INTO orphans USING run;
    IF orphans > 0 THEN
        RAISE EXCEPTION 'the close stored % rows of % without their employee''s totals row', orphans, stored
            USING ERRCODE = 'foreign_key_violation',
                  DETAIL = 'AT-15: every line and payroll item of a closed period belongs to the employee''s totals row of the same period, revision and department; nothing of this close was kept.',
                  HINT = 'This is a bug in cs_policy: report it with the close_run row of this run.';
    END IF;
END
$$;
COMMENT ON FUNCTION cs_policy.check_close_stored(bigint, regclass) IS
    'Internal, AT-15: raises (23503) when rows a close run stored in the table (lines, payroll items) lack their totals row, counted in one query in place of a foreign key checked row by row';
REVOKE EXECUTE ON FUNCTION cs_policy.check_close_stored(bigint, regclass) FROM PUBLIC;

CREATE FUNCTION cs_policy.close_analyze(written regclass)
RETURNS void
LANGUAGE plpgsql VOLATILE STRICT
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    -- (STRICT: ANALYZE with no table named analyses the whole database)
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_class c WHERE c.oid = written
                      AND c.relnamespace = 'cs_policy'::regnamespace AND c.relkind IN ('r', 'p')) THEN
        RAISE EXCEPTION 'close_analyze analyses the tables of cs_policy, not %', written
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'It is called by close_period_now for the tables a close writes.';
    END IF;
    -- only the columns of its keys, which the close joins on (the
    -- explanations and flags would cost as much again: 0.14 s of a close
    -- of 10,000 agents for the penalty lines alone); the row count comes
    -- with any
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = 'citus') THEN
        EXECUTE format('ANALYZE %s (%s)', written,
                       (SELECT pg_catalog.string_agg(DISTINCT pg_catalog.quote_ident(a.attname), ', ')
                          FROM pg_catalog.pg_constraint k
                          JOIN pg_catalog.pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = ANY (k.conkey)
                         WHERE k.conrelid = written AND k.contype IN ('p', 'f', 'u')));
    END IF;
END
$$;
COMMENT ON FUNCTION cs_policy.close_analyze(regclass) IS
    'Internal: analyses a table the close has just written and reads next (not on Citus)';
REVOKE EXECUTE ON FUNCTION cs_policy.close_analyze(regclass) FROM PUBLIC;

-- The progress of a close, while it runs, is in its backend's
-- application_name (set for the transaction, seen at once by other
-- sessions); the run log row has the rest.
CREATE FUNCTION cs_policy.close_step(run bigint, step text, departments_done integer DEFAULT NULL)
RETURNS void
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    stamp timestamptz := clock_timestamp();
    r     cs_policy.close_run;
BEGIN
    PERFORM set_config('application_name', left(format('cs_policy close run %s: %s', run, step), 63), true);
    -- the step before ends here. Its seconds are added up here and the
    -- UPDATE gets values only: Citus refuses a volatile function, or a
    -- stable one inside CASE, in an UPDATE of a reference table.
    SELECT * INTO r FROM cs_policy.close_run x WHERE x.run_id = run;
    IF r.step IS NOT NULL AND r.step_started_at IS NOT NULL THEN
        r.step_seconds := r.step_seconds || jsonb_build_object(r.step, round(extract(epoch FROM stamp - r.step_started_at), 3));
    END IF;
    UPDATE cs_policy.close_run x
       SET step = close_step.step, departments_done = coalesce(close_step.departments_done, r.departments_done),
           step_seconds = r.step_seconds, step_started_at = stamp
     WHERE x.run_id = run;
END
$$;
COMMENT ON FUNCTION cs_policy.close_step(bigint, text, integer) IS
    'Internal: records the step a close is at, in its run log row and in its backend''s application_name (what close_progress shows while it runs)';
REVOKE EXECUTE ON FUNCTION cs_policy.close_step(bigint, text, integer) FROM PUBLIC;

CREATE FUNCTION cs_policy.start_close_run(period date, department text DEFAULT NULL, departments bigint[] DEFAULT NULL)
RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    root cs_policy.department;
    run  bigint;
    acting bigint := cs_policy.current_employee();
BEGIN
    IF period IS NULL THEN
        RAISE EXCEPTION 'a close needs a period'
            USING ERRCODE = 'null_value_not_allowed', HINT = 'Pass any day of the period, e.g. ''2025-12-01''.';
    END IF;
    -- SEC-2: a close reads every wage it charges from
    IF NOT cs_policy.caller_is_superuser()
       AND NOT EXISTS (SELECT FROM cs_policy.employee e WHERE e.employee_id = acting AND e.role = 'hr') THEN
        RAISE EXCEPTION 'closing a period is for HR'
            USING ERRCODE = 'insufficient_privilege',
                  DETAIL = 'SEC-2: a close computes every charge from the wages, which only HR reads.',
                  HINT = 'Ask HR, or schedule it as a database administrator (cs_policy.schedule_jobs).';
    END IF;
    IF department IS NOT NULL THEN
        root := cs_policy.department_by_code(department);
    END IF;
    INSERT INTO cs_policy.close_run (period, department_id, departments, run_by, pid, backend_start)
    SELECT start_close_run.period, root.department_id, start_close_run.departments, cs_policy.calling_role(),
           pg_backend_pid(), a.backend_start
      FROM pg_stat_activity a WHERE a.pid = pg_backend_pid()
    RETURNING run_id INTO run;
    RETURN run;
END
$$;
COMMENT ON FUNCTION cs_policy.start_close_run(date, text, bigint[]) IS
    'Internal: checks the caller may close (HR or a database administrator) and opens a run log row (close_period commits it before the work)';
REVOKE EXECUTE ON FUNCTION cs_policy.start_close_run(date, text, bigint[]) FROM PUBLIC;

CREATE FUNCTION cs_policy.fail_close_run(run bigint, sqlstate text, message text)
RETURNS void
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    stamp timestamptz := clock_timestamp();   -- (as in close_step)
BEGIN
    UPDATE cs_policy.close_run r
       SET state = 'failed', finished_at = stamp, error = sqlstate || ': ' || message
     WHERE r.run_id = run AND r.state = 'running' AND r.pid = pg_backend_pid();
END
$$;
COMMENT ON FUNCTION cs_policy.fail_close_run(bigint, text, text) IS
    'Internal: marks the caller''s own running close as failed with its error';
REVOKE EXECUTE ON FUNCTION cs_policy.fail_close_run(bigint, text, text) FROM PUBLIC;

-- AT-15: a period stays with the department that closed it. Someone
-- transferred since is closed again with it (read with its period and
-- rules, from the day it judged them from) when this close closes that
-- period again. Their department now takes them from the day after the
-- last day stored for them: not at all where that covers its period,
-- from a later day where the old department cuts its periods on other
-- days, from an earlier one where the days in between are stored
-- nowhere (they came from a department whose next period they left).
-- The stored totals of each department's last revision say which
-- (read before this close counts the revision on). One close stores a
-- person's period once: a person with shifts in two periods of this
-- close is refused.
--
-- The result: held_employees are closed in this close by held_by (0: by
-- none, all their days are stored elsewhere) from held_from (NULL: the
-- period's first day); kept_employees keep the lines stored for them in
-- kept_departments (closed periods of this close that do not judge them
-- again). Refused (55000) where both periods of a person would have to be
-- judged.
CREATE FUNCTION cs_policy.close_transfers(period date, period_departments bigint[], period_firsts date[],
                                          period_lasts date[],
                                          OUT held_employees bigint[], OUT held_by bigint[], OUT held_from date[],
                                          OUT kept_employees bigint[], OUT kept_departments bigint[])
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
DECLARE
    moved bigint[];
    stored_employees bigint[];  stored_now_in bigint[];  stored_in bigint[];  stored_keys date[];  stored_firsts date[];
    stored_lasts date[];
    split_employees bigint[];  split_firsts date[];  split_lasts date[];
    split_employee bigint;
    split    record;
    frozen_departments bigint[];  frozen_firsts date[];
    periods_from date;  periods_until date;
BEGIN
    SELECT min(f) - 62, max(l) INTO periods_from, periods_until FROM unnest(period_firsts, period_lasts) AS p(f, l);
    -- the people transferred with stored periods elsewhere, then all their
    -- stored periods (one query each: no correlated subquery for Citus),
    -- by the days each judged
    moved := ARRAY(SELECT DISTINCT t.employee_id
                     FROM cs_policy.closed_attendance_total t
                     JOIN cs_policy.employee e ON e.employee_id = t.employee_id
                    WHERE t.department_id <> e.department_id
                      AND coalesce(t.judged_from, t.period_first) <= periods_until AND t.period_last >= periods_from);
    SELECT array_agg(t.employee_id), array_agg(e.department_id), array_agg(t.department_id), array_agg(t.period_first),
           array_agg(coalesce(t.judged_from, t.period_first)), array_agg(t.period_last)
      INTO stored_employees, stored_now_in, stored_in, stored_keys, stored_firsts, stored_lasts
      FROM cs_policy.closed_attendance_total t
      JOIN cs_policy.period_close q
        ON q.department_id = t.department_id AND q.period_first = t.period_first AND q.revision = t.revision
      JOIN cs_policy.employee e ON e.employee_id = t.employee_id
     WHERE t.employee_id = ANY (moved)
       AND coalesce(t.judged_from, t.period_first) <= periods_until AND t.period_last >= periods_from;
    -- this close's periods that are closed now (not reopened): their
    -- facts are frozen, so a stored person this close does not judge again
    -- keeps what was stored (the same revision)
    SELECT array_agg(c.department_id), array_agg(c.period_first) INTO frozen_departments, frozen_firsts
      FROM cs_policy.period_close c
      JOIN unnest(period_departments, period_firsts) AS r(department_id, first_day)
        ON r.department_id = c.department_id AND r.first_day = c.period_first
     WHERE c.state = 'closed';
    WITH stored AS (
        SELECT * FROM unnest(stored_employees, stored_now_in, stored_in, stored_keys, stored_firsts, stored_lasts)
                      AS s(employee_id, now_in, stored_in, period_first, first_day, last_day)),
    closing AS (
        SELECT * FROM unnest(period_departments, period_firsts, period_lasts) AS r(department_id, first_day, last_day)),
    frozen AS (
        SELECT * FROM unnest(frozen_departments, frozen_firsts) AS f(department_id, first_day)),
    -- the stored period this close closes again, elsewhere than where they are now
    again AS (
        SELECT DISTINCT ON (s.employee_id) s.employee_id, s.stored_in, s.period_first, s.first_day, s.last_day
          FROM stored s JOIN closing r ON r.department_id = s.stored_in AND r.first_day = s.period_first
         WHERE s.stored_in <> s.now_in
         ORDER BY s.employee_id, s.period_first),
    -- the period of the department they are in now, and the last day
    -- stored for them before its end (its own row aside), and where
    now_in AS (
        SELECT DISTINCT ON (s.employee_id) s.employee_id, r.department_id, r.first_day, r.last_day,
               s.last_day AS stored_until, s.stored_in <> s.now_in AS stored_elsewhere
          FROM stored s JOIN closing r ON r.department_id = s.now_in
         WHERE s.first_day <= r.last_day AND NOT (s.stored_in = r.department_id AND s.period_first = r.first_day)
         ORDER BY s.employee_id, s.last_day DESC),
    taken AS (
        SELECT n.*,
               CASE WHEN n.stored_until >= n.last_day THEN NULL                     -- all stored
                    WHEN n.stored_until >= n.first_day OR n.stored_elsewhere THEN n.stored_until + 1
                    ELSE n.first_day END AS judged_from
          FROM now_in n),
    chosen AS (
        SELECT coalesce(a.employee_id, n.employee_id) AS employee_id,
               -- (0: no department of this close: their period is stored elsewhere)
               CASE WHEN a.employee_id IS NOT NULL THEN a.stored_in
                    WHEN n.judged_from IS NULL THEN 0 ELSE n.department_id END AS department_id,
               CASE WHEN a.employee_id IS NOT NULL THEN nullif(a.first_day, a.period_first)
                    ELSE nullif(n.judged_from, n.first_day) END AS first_day,
               -- closed again elsewhere, with days of their department's period after it
               CASE WHEN n.judged_from IS NOT NULL AND n.last_day > a.last_day THEN greatest(n.judged_from, a.last_day + 1) END
                   AS also_from,
               CASE WHEN n.judged_from IS NOT NULL AND n.last_day > a.last_day THEN n.last_day END AS also_until
          FROM again a FULL JOIN taken n ON n.employee_id = a.employee_id),
    -- their stored periods that this close closes again without judging them
    -- there: kept as stored where the period is closed now, else refused
    others AS (
        SELECT c.employee_id, s.stored_in AS department_id,
               EXISTS (SELECT FROM frozen f WHERE f.department_id = s.stored_in AND f.first_day = s.period_first) AS frozen
          FROM chosen c
          JOIN stored s ON s.employee_id = c.employee_id AND s.stored_in <> c.department_id
          JOIN closing r ON r.department_id = s.stored_in AND r.first_day = s.period_first)
    SELECT array_agg(c.employee_id ORDER BY c.employee_id), array_agg(c.department_id ORDER BY c.employee_id),
           array_agg(c.first_day ORDER BY c.employee_id),
           -- (days of their department's period after the one closed again,
           -- where nothing of them is stored there yet)
           array_agg(c.employee_id) FILTER (WHERE c.also_from IS NOT NULL AND NOT EXISTS (SELECT FROM others o WHERE o.employee_id = c.employee_id)),
           array_agg(c.also_from) FILTER (WHERE c.also_from IS NOT NULL AND NOT EXISTS (SELECT FROM others o WHERE o.employee_id = c.employee_id)),
           array_agg(c.also_until) FILTER (WHERE c.also_from IS NOT NULL AND NOT EXISTS (SELECT FROM others o WHERE o.employee_id = c.employee_id)),
           (SELECT min(o.employee_id) FROM others o WHERE NOT o.frozen),
           (SELECT array_agg(o.employee_id) FROM others o WHERE o.frozen),
           (SELECT array_agg(o.department_id) FROM others o WHERE o.frozen)
      INTO held_employees, held_by, held_from, split_employees, split_firsts, split_lasts, split_employee,
           kept_employees, kept_departments
      FROM chosen c;
    -- of those with days in their department's period after the one closed
    -- again, one with shifts, overtime orders or incidents in those days is
    -- refused (without, that period has nothing of them to judge)
    IF split_employee IS NULL AND split_employees IS NOT NULL THEN
        SELECT min(a.employee_id) INTO split_employee
          FROM (SELECT r.employee_id, r.work_date FROM cs_policy.roster r WHERE r.employee_id = ANY (split_employees)
                UNION ALL
                SELECT o.employee_id, o.work_date FROM cs_policy.overtime_order o
                 WHERE o.employee_id = ANY (split_employees) AND o.state = 'approved'
                UNION ALL
                SELECT i.employee_id, i.work_date FROM cs_policy.incident i
                 WHERE i.employee_id = ANY (split_employees) AND i.withdrawn_at IS NULL) a
          JOIN unnest(split_employees, split_firsts, split_lasts) AS x(employee_id, first_day, last_day)
            ON x.employee_id = a.employee_id AND a.work_date BETWEEN x.first_day AND x.last_day;
    END IF;
    IF split_employee IS NOT NULL THEN
        SELECT e.code AS person,
               string_agg(DISTINCT d.code, ', ') AS departments,
               string_agg(DISTINCT format('SELECT cs_policy.close_period_now(%L, departments => ARRAY[%s]);', period, d.department_id), ' ')
                   AS commands
          INTO split
          FROM cs_policy.employee e
          JOIN (SELECT s.employee_id, s.department_id
                  FROM unnest(stored_employees, stored_in, stored_keys) AS s(employee_id, department_id, period_first)
                  JOIN unnest(period_departments, period_firsts) AS r(department_id, first_day)
                    ON r.department_id = s.department_id AND r.first_day = s.period_first
                UNION
                SELECT e2.employee_id, e2.department_id FROM cs_policy.employee e2 WHERE e2.employee_id = split_employee
                UNION
                SELECT h.employee_id, h.department_id FROM unnest(held_employees, held_by) AS h(employee_id, department_id)
                 WHERE h.department_id <> 0) x ON x.employee_id = e.employee_id
          JOIN cs_policy.department d ON d.department_id = x.department_id
         WHERE e.employee_id = split_employee
         GROUP BY e.code;
        RAISE EXCEPTION '% was transferred between departments of this close (%) and has days in more than one of its periods',
                        split.person, split.departments
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = 'AT-15: one close stores a person''s period once; the departments cut their periods on different days, or the person moved back.',
                  HINT = 'Close the departments apart, one close each: ' || split.commands;
    END IF;
END
$$;
COMMENT ON FUNCTION cs_policy.close_transfers(date, bigint[], date[], date[]) IS
    'Internal, AT-15: for close_period_now, the people transferred since a close of one of the periods closed (a period stays with the department that closed it): who is judged by which department from which day, and whose stored lines are kept; refused (55000) where a person would be judged in two periods of one close';
REVOKE EXECUTE ON FUNCTION cs_policy.close_transfers(date, bigint[], date[], date[]) FROM PUBLIC;

-- The close itself, in the caller's transaction: what close_period runs
-- between its commits, and what a caller who wants the close inside a
-- transaction of its own calls directly (a test, a script). One close at a
-- time: another one running is refused, not waited for.
CREATE FUNCTION cs_policy.close_period_now(period date, department text DEFAULT NULL, run bigint DEFAULT NULL,
                                           departments bigint[] DEFAULT NULL)
RETURNS bigint
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
SET jit = off
AS $$
#variable_conflict use_column
DECLARE
    root     cs_policy.department;
    subtree  bigint[];
    running  cs_policy.close_run;
    open_one record;
    counts   jsonb := '{}';
    n        bigint;
    versions jsonb;
    result   text;
    gone     record;
    stamp    timestamptz;
    dep      record;
    slots    bigint;
    ta_code  text[];  ta_label text[];  ta_shifts bigint[];  ta_absent numeric[];  ta_leave bigint[];
    ta_rate  numeric[];  ta_minimum numeric[];  ta_below boolean[];  ta_rule text[];
    members  cs_policy.team_member[];
    period_departments bigint[];  period_firsts date[];  period_lasts date[];  period_labels text[];
    period_deadlines date[];
    sign_in_window interval;   -- AT-18: how long before a shift a sign-in counts for it
    -- AT-15: how this close takes people transferred since (close_transfers)
    held_employees bigint[];  held_by bigint[];  held_from date[];
    kept_employees bigint[];  kept_departments bigint[];
BEGIN
    IF run IS NULL THEN
        run := cs_policy.start_close_run(period, department, departments);
    ELSE
        -- run: the run log row close_period opened for this close in this
        -- session, which checked who closes (the backend read apart: on
        -- Citus the run log is a reference table)
        SELECT a.backend_start INTO stamp FROM pg_stat_activity a WHERE a.pid = pg_backend_pid();
        IF NOT EXISTS (SELECT FROM cs_policy.close_run r
                        WHERE r.run_id = run AND r.state = 'running' AND r.pid = pg_backend_pid()
                          AND r.backend_start = stamp AND r.period = close_period_now.period) THEN
            RAISE EXCEPTION 'close run % is not one this session started and is running', run
                USING ERRCODE = 'invalid_parameter_value',
                      HINT = 'Leave run out: close_period_now opens its own run log row (close_period passes the one it committed).';
        END IF;
    END IF;
    IF NOT pg_try_advisory_xact_lock(hashtext('cs_policy.close_period')) THEN
        SELECT r.* INTO running FROM cs_policy.close_run r
         WHERE r.state = 'running' AND r.run_id <> run ORDER BY r.run_id LIMIT 1;
        RAISE EXCEPTION 'another close is running: run %, started by % at %', running.run_id, running.run_by, running.started_at
            USING ERRCODE = 'lock_not_available',
                  DETAIL = 'AT-15: one close at a time, so that two never store the same period twice.',
                  HINT = 'Wait until it ends (SELECT * FROM cs_policy.close_progress) and run it again.';
    END IF;
    -- runs whose backend is gone were interrupted (a crash, a kill); each
    -- is looked up in pg_stat_activity apart, and the clock read before the
    -- UPDATE (on Citus, the run log is a reference table)
    FOR gone IN
        SELECT r.run_id, r.pid, r.backend_start FROM cs_policy.close_run r WHERE r.state = 'running' AND r.run_id <> run
    LOOP
        CONTINUE WHEN EXISTS (SELECT FROM pg_stat_activity a WHERE a.pid = gone.pid AND a.backend_start = gone.backend_start);
        stamp := clock_timestamp();
        UPDATE cs_policy.close_run r
           SET state = 'interrupted', finished_at = stamp,
               error = 'its backend ended before the run did; nothing it did was kept'
         WHERE r.run_id = gone.run_id;
    END LOOP;
    IF department IS NOT NULL THEN
        root := cs_policy.department_by_code(department);
    END IF;
    subtree := ARRAY(SELECT d.department_id FROM cs_policy.department d
                      WHERE CASE WHEN departments IS NOT NULL THEN d.department_id = ANY (departments)
                                 ELSE root.department_id IS NULL OR root.department_id = ANY (d.path) END
                      ORDER BY d.department_id);
    UPDATE cs_policy.close_run r SET departments = subtree, departments_total = cardinality(subtree), departments_done = 0
     WHERE r.run_id = run;

    PERFORM cs_policy.close_step(run, 'periods');
    -- each department's period, computed once
    SELECT array_agg(p.department_id), array_agg(p.first_day), array_agg(p.last_day), array_agg(p.label),
           array_agg(p.deadline)
      INTO period_departments, period_firsts, period_lasts, period_labels, period_deadlines
      FROM cs_policy.department_periods(period) p
      JOIN unnest(subtree) AS t(department_id) ON t.department_id = p.department_id;
    -- a period is closed once it is over
    SELECT p.*, d.code INTO open_one
      FROM unnest(period_departments, period_firsts, period_lasts, period_labels)
           AS p(department_id, first_day, last_day, label)
      JOIN cs_policy.department d USING (department_id)
     WHERE p.last_day >= current_date
     ORDER BY p.last_day LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'the attendance period % of % is not over: it ends on %', open_one.label, open_one.code, open_one.last_day
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  HINT = format('Close it from %s (schedule_jobs closes each period after its reporting deadline).', open_one.last_day + 1);
    END IF;
    stamp := cs_policy.last_shifts_judged_at(period_departments, period_lasts);
    IF stamp > now() THEN
        RAISE EXCEPTION 'the attendance period % is not over: its last shifts are judged from %', period_labels[1], stamp
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  DETAIL = 'AT-15: a shift is judged once its sign-out window (punch_window_minutes after its end) is over; closed before, it would be stored unjudged.',
                  HINT = format('Close it after %s (schedule_jobs closes each period after its reporting deadline, once its last shifts are judged).', stamp);
    END IF;
    -- AT-15: the people transferred since a close of one of these periods,
    -- and how this close takes them (close_transfers)
    SELECT t.held_employees, t.held_by, t.held_from, t.kept_employees, t.kept_departments
      INTO held_employees, held_by, held_from, kept_employees, kept_departments
      FROM cs_policy.close_transfers(period, period_departments, period_firsts, period_lasts) t;
    -- each department's period: closed again (the same revision, replaced)
    -- or, after a reopening, the next revision
    INSERT INTO cs_policy.period_close AS c (department_id, period_first, period_last, period_label, deadline,
                                             revision, state, run_id, closed_at, closed_by)
    SELECT p.department_id, p.first_day, p.last_day, p.label, p.deadline, 1, 'closed', run, now(), cs_policy.calling_role()
      FROM unnest(period_departments, period_firsts, period_lasts, period_labels, period_deadlines)
           AS p(department_id, first_day, last_day, label, deadline)
    ON CONFLICT (department_id, period_first) DO UPDATE
       SET revision = CASE WHEN c.state = 'reopened' THEN c.revision + 1 ELSE c.revision END,
           state = 'closed', period_last = excluded.period_last, period_label = excluded.period_label,
           deadline = excluded.deadline, run_id = excluded.run_id, closed_at = excluded.closed_at,
           closed_by = excluded.closed_by;
    -- the joins below pick this run's rows: planned on the statistics of
    -- before (a few rows, or none), they would match every line with every
    -- department before the right one (measured: 24 million rows, 36 s for
    -- 10,000 agents)
    PERFORM cs_policy.close_analyze('cs_policy.period_close');
    -- a re-run replaces its revision's results
    FOREACH result IN ARRAY ARRAY['closed_attendance_total', 'closed_penalty_line', 'closed_overtime_line', 'payroll_adjustment',
                                  'close_change', 'closed_rest_violation',
                                  'closed_team_attendance', 'closed_coverage_shortfall', 'closed_sla_compliance',
                                  'closed_promotion_check', 'closed_demotion_watch']
    LOOP
        EXECUTE format('DELETE FROM cs_policy.%I x USING cs_policy.period_close c
                         WHERE c.run_id = $1 AND x.department_id = c.department_id
                           AND x.period_first = c.period_first AND x.revision = c.revision%s', result,
                       -- (the lines of people kept as stored, above)
                       CASE WHEN result IN ('closed_attendance_total', 'closed_penalty_line', 'closed_overtime_line') THEN '
                           AND NOT EXISTS (SELECT FROM unnest($2, $3) AS k(employee_id, department_id)
                                            WHERE k.employee_id = x.employee_id AND k.department_id = x.department_id)' ELSE '' END)
          USING run, kept_employees, kept_departments;
    END LOOP;

    PERFORM cs_policy.close_step(run, 'attendance lines and totals');
    -- Each employee's input is gathered once, here, and judged once
    -- (judge_for_close): into penalty and overtime lines and into the sums
    -- of team attendance (AT-10, below); gathering costs more than judging.
    -- The lines judged, penalty and overtime, and each employee's totals in
    -- one statement: the totals are the lines just judged added up, as
    -- period_attendance_totals adds them up (test/close.sql holds the two
    -- equal), and zeros for everyone else employed in the period (a
    -- headcount counts them too). The lines refer to their totals row,
    -- whose key is checked at the end of the statement. The scope is
    -- access_scope(), as period_penalty_lines and period_overtime_lines
    -- apply it. Every line stored has its totals row (check_close_stored
    -- below, in place of a foreign key).
    WITH judged_all AS MATERIALIZED (
        -- (the department's period: a person taken from a later day has
        -- an input from that day)
        SELECT i.employee_id, c.period_first, c.revision, c.department_id, c.period_last, c.period_label,
               i.period_label AS input_label, held.department_id AS held_by_department, l.*
          FROM cs_policy.attendance_input_in_scope(cs_policy.access_scope(), period, NULL, held_employees, held_by, held_from) i
          JOIN cs_policy.employee e ON e.employee_id = i.employee_id
          LEFT JOIN unnest(held_employees, held_by) AS held(employee_id, department_id) ON held.employee_id = e.employee_id
          JOIN cs_policy.period_close c ON c.department_id = coalesce(held.department_id, e.department_id)
                                       AND c.period_last = i.period_last AND c.run_id = run
         CROSS JOIN LATERAL cs_policy.judge_for_close(i) l),
    -- the lines
    judged AS NOT MATERIALIZED (
        SELECT j.*, j.part = 'overtime' AS overtime FROM judged_all j WHERE j.part <> 'team_member'),
    -- (a plain INSERT: this revision's totals were deleted above, and a
    -- row still there is another department's of the same period start,
    -- which an upsert would take over: refused, 23505)
    totals AS (
        INSERT INTO cs_policy.closed_attendance_total
        SELECT e.employee_id, c.period_first, c.revision, c.department_id, c.period_last, c.period_label,
               count(*) FILTER (WHERE l.kind = 'late' AND NOT l.overtime),
               count(*) FILTER (WHERE l.kind = 'early' AND NOT l.overtime),
               count(*) FILTER (WHERE l.kind = 'away' AND NOT l.overtime),
               count(*) FILTER (WHERE l.kind = 'absence' AND NOT l.overtime),
               coalesce(sum(l.absence_days) FILTER (WHERE NOT l.overtime), 0),
               count(*) FILTER (WHERE NOT l.overtime AND (l.kind = 'missing_punch'
                                                          OR (l.kind = 'absence' AND l.explanation LIKE '%missing %'))),
               count(*) FILTER (WHERE l.kind = 'forgiven' AND NOT l.overtime),
               count(*) FILTER (WHERE l.kind = 'incident' AND NOT l.overtime),
               coalesce(sum(l.amount) FILTER (WHERE l.amount > 0 AND NOT l.overtime), 0),
               coalesce(-sum(l.amount) FILTER (WHERE l.amount < 0 AND NOT l.overtime), 0),
               max(l.measure) FILTER (WHERE l.kind = 'score' AND NOT l.overtime),
               coalesce((SELECT array_agg(DISTINCT f ORDER BY f)
                           FROM unnest(string_to_array(string_agg(array_to_string(l.flags, ','), ',')
                                                           FILTER (WHERE NOT l.overtime), ',')) AS f
                          WHERE f <> ''), '{}'),
               -- (AT-15: the first day judged, where not the period's)
               min(held.first_day)
          FROM cs_policy.employee e
          LEFT JOIN unnest(held_employees, held_by, held_from) AS held(employee_id, department_id, first_day)
                 ON held.employee_id = e.employee_id
          JOIN cs_policy.period_close c ON c.department_id = coalesce(held.department_id, e.department_id)
          LEFT JOIN judged l
                 ON l.employee_id = e.employee_id AND l.period_first = c.period_first AND l.revision = c.revision
         WHERE c.run_id = run
           -- (an employee with overtime lines has a totals row too, which they refer to)
           AND (l.employee_id IS NOT NULL
                OR (e.hired_on <= c.period_last AND (e.left_on IS NULL OR e.left_on >= c.period_first)))
         GROUP BY e.employee_id, c.period_first, c.revision, c.department_id, c.period_last, c.period_label
        RETURNING 1),
    overtime AS (
        INSERT INTO cs_policy.closed_overtime_line
        SELECT l.employee_id, l.period_first, l.revision, l.department_id, l.period_last, l.period_label, l.line,
               l.work_date, l.kind, l.rule_id, l.also_cites, l.measure, l.outcome, l.amount, l.points, l.flags,
               l.absence_days, l.explanation, l.policy_id, l.from_pay
          FROM judged l WHERE l.overtime
        RETURNING 1),
    penalty AS (
        INSERT INTO cs_policy.closed_penalty_line
        SELECT l.employee_id, l.period_first, l.revision, l.department_id, l.period_last, l.period_label, l.line,
               l.work_date, l.kind, l.rule_id, l.also_cites, l.measure, l.outcome, l.amount, l.points, l.flags,
               l.absence_days, l.explanation, l.policy_id, l.from_pay
          FROM judged l WHERE NOT l.overtime
        RETURNING 1)
    SELECT counts || jsonb_build_object('penalty_lines', (SELECT count(*) FROM penalty),
                                        'attendance_totals', (SELECT count(*) FROM totals),
                                        'overtime_lines', (SELECT count(*) FROM overtime)),
           -- (AT-10: each member's judged shifts, for the team rates below)
           ARRAY(SELECT ROW(m.employee_id, m.input_label, m.shifts, m.absence_days, m.shifts_on_leave, m.policy_id,
                            m.work_date, m.held_by_department)::cs_policy.team_member
                   FROM judged_all m WHERE m.part = 'team_member')
      INTO counts, members;
    -- read below by payroll and the run log: planned on the statistics of
    -- an empty table, each employee would scan every line (measured:
    -- minutes for 50,000 agents)
    PERFORM cs_policy.close_analyze('cs_policy.closed_penalty_line');
    PERFORM cs_policy.close_analyze('cs_policy.closed_attendance_total');
    PERFORM cs_policy.close_analyze('cs_policy.closed_overtime_line');
    PERFORM cs_policy.check_close_stored(run, 'cs_policy.closed_penalty_line');
    PERFORM cs_policy.check_close_stored(run, 'cs_policy.closed_overtime_line');

    PERFORM cs_policy.close_step(run, 'team attendance and rest');
    -- team_attendance of the members judged above, read into arrays first:
    -- on Citus an INSERT into a reference table from reference tables runs
    -- on a worker
    SELECT array_agg(t.department_code), array_agg(t.period_label), array_agg(t.shifts), array_agg(t.days_absent),
           array_agg(t.shifts_on_leave), array_agg(t.attendance_rate), array_agg(t.minimum),
           array_agg(t.below_minimum), array_agg(t.rule_id)
      INTO ta_code, ta_label, ta_shifts, ta_absent, ta_leave, ta_rate, ta_minimum, ta_below, ta_rule
      FROM cs_policy.team_attendance_of(members) t;
    INSERT INTO cs_policy.closed_team_attendance
    SELECT c.department_id, c.period_first, c.revision, t.period_label, t.shifts, coalesce(t.days_absent, 0),
           t.shifts_on_leave, t.attendance_rate, t.minimum, t.below_minimum, t.rule_id
      FROM unnest(ta_code, ta_label, ta_shifts, ta_absent, ta_leave, ta_rate, ta_minimum, ta_below, ta_rule)
           AS t (department_code, period_label, shifts, days_absent, shifts_on_leave, attendance_rate, minimum,
                 below_minimum, rule_id)
      JOIN cs_policy.department d ON d.code = t.department_code
      JOIN cs_policy.period_close c ON c.department_id = d.department_id AND c.run_id = run;
    GET DIAGNOSTICS n = ROW_COUNT;
    counts := counts || jsonb_build_object('team_attendance', n);
    -- SH-4: the weeks of the month the period closes in. Each month's
    -- violations are found once (MATERIALIZED): joined as they come, the
    -- planner would call rest_violations once per department closed.
    INSERT INTO cs_policy.closed_rest_violation
    -- Each finding carries its department, so that it meets its period by
    -- both keys at once (by the label alone, every finding would first meet
    -- every department's period).
    WITH v AS MATERIALIZED (
        SELECT m.period_label, coalesce(held.department_id, e.department_id) AS home, x.*
          FROM (SELECT DISTINCT c.period_label FROM cs_policy.period_close c WHERE c.run_id = run) m
         CROSS JOIN LATERAL cs_policy.rest_violations(to_date(m.period_label, 'YYYY-MM')) x
          JOIN cs_policy.employee e ON e.employee_id = x.employee_id
          LEFT JOIN unnest(held_employees, held_by) AS held(employee_id, department_id) ON held.employee_id = e.employee_id)
    SELECT v.employee_id, c.period_first, c.revision, c.department_id, v.period, v.period_start, v.period_end,
           v.rest_days, v.required, v.rule_id, v.explanation
      FROM v
      JOIN cs_policy.period_close c ON c.department_id = v.home AND c.period_label = v.period_label AND c.run_id = run;
    GET DIAGNOSTICS n = ROW_COUNT;
    counts := counts || jsonb_build_object('rest_violations', n);

    PERFORM cs_policy.close_step(run, 'coverage');
    -- SH-3: the half hours below the minimum, for each department held to
    -- a staffing (its own rules or its shift policy's), over its period's
    -- local days
    -- department by department, each INSERT from coverage_of alone (on
    -- Citus, joined to reference tables it would run on a worker, where
    -- coverage_of, which reads the shards, may not)
    n := 0;
    FOR dep IN
        SELECT c.department_id, c.period_first, c.period_last, c.revision, c.period_label, z.time_zone
          FROM cs_policy.period_close c
         CROSS JOIN LATERAL (SELECT st.time_zone FROM cs_policy.staffing st
                              WHERE st.department_id = c.department_id
                                AND st.days && datemultirange(daterange(c.period_first, c.period_last, '[]'))
                              ORDER BY st.source DESC, st.name LIMIT 1) z
         WHERE c.run_id = run
         ORDER BY c.department_id
    LOOP
        INSERT INTO cs_policy.closed_coverage_shortfall
        SELECT dep.department_id, dep.period_first, dep.revision, dep.period_label, v.slot_start, v.slot_end,
               v.rostered, v.required, v.shortfall
          FROM cs_policy.coverage_of(dep.department_id, dep.period_first::timestamp AT TIME ZONE dep.time_zone,
                                     (dep.period_last + 1)::timestamp AT TIME ZONE dep.time_zone) v
         WHERE v.shortfall > 0;
        GET DIAGNOSTICS slots = ROW_COUNT;
        n := n + slots;
    END LOOP;
    counts := counts || jsonb_build_object('coverage_shortfalls', n);

    PERFORM cs_policy.close_step(run, 'complaint service levels');
    -- CP-3 to CP-7: every target of the complaints the period received, as
    -- it stands at the close
    INSERT INTO cs_policy.closed_sla_compliance
    SELECT s.owner_id, c.period_first, c.revision, c.department_id, c.period_label, s.category, s.target, s.rule_id,
           s.policy_id, count(*), count(*) FILTER (WHERE s.state = 'met'), count(*) FILTER (WHERE s.state = 'breached'),
           count(*) FILTER (WHERE s.state = 'breached' AND s.met_at IS NOT NULL),
           count(*) FILTER (WHERE s.state IN ('running', 'at_risk'))
      FROM cs_policy.complaint_sla s
      JOIN cs_policy.complaint k ON k.employee_id = s.employee_id AND k.complaint_id = s.complaint_id
      JOIN cs_policy.period_close c ON c.department_id = k.department_id AND c.run_id = run
                                   AND k.received_on BETWEEN c.period_first AND c.period_last
     GROUP BY s.owner_id, c.period_first, c.revision, c.department_id, c.period_label, s.category, s.target,
              s.rule_id, s.policy_id;
    GET DIAGNOSTICS n = ROW_COUNT;
    counts := counts || jsonb_build_object('sla_compliance', n);

    -- PR-1, PR-2, PR-4: the last period of a quarter also stores the
    -- candidates and the demotion watch of the next grading day (the first
    -- day of the next quarter, which judges the quarter's grades)
    PERFORM cs_policy.close_step(run, 'promotion and demotion');
    -- (each grading day judged once, as the rest violations above)
    INSERT INTO cs_policy.closed_promotion_check
    WITH p AS MATERIALIZED (
        SELECT q.period_label, q.grading_day, coalesce(held.department_id, e.department_id) AS home, x.*
          FROM (SELECT DISTINCT c.period_label, (to_date(c.period_label, 'YYYY-MM') + interval '1 month')::date AS grading_day
                  FROM cs_policy.period_close c
                 WHERE c.run_id = run AND extract(month FROM to_date(c.period_label, 'YYYY-MM')) IN (3, 6, 9, 12)) q
         CROSS JOIN LATERAL cs_policy.promotion_candidates_at(q.grading_day) x
          JOIN cs_policy.employee e ON e.employee_id = x.employee_id
          LEFT JOIN unnest(held_employees, held_by) AS held(employee_id, department_id) ON held.employee_id = e.employee_id)
    SELECT p.employee_id, c.period_first, c.revision, c.department_id, c.period_label, p.grading_day, p.ladder,
           p.current_level, p.level_sought, p.eligible, p.criteria_met, p.criteria_missing
      FROM p
      JOIN cs_policy.period_close c ON c.department_id = p.home AND c.period_label = p.period_label AND c.run_id = run;
    GET DIAGNOSTICS n = ROW_COUNT;
    counts := counts || jsonb_build_object('promotion_checks', n);
    INSERT INTO cs_policy.closed_demotion_watch
    WITH w AS MATERIALIZED (
        SELECT q.period_label, coalesce(held.department_id, e.department_id) AS home, x.*
          FROM (SELECT DISTINCT c.period_label, (to_date(c.period_label, 'YYYY-MM') + interval '1 month')::date AS grading_day
                  FROM cs_policy.period_close c
                 WHERE c.run_id = run AND extract(month FROM to_date(c.period_label, 'YYYY-MM')) IN (3, 6, 9, 12)) q
         CROSS JOIN LATERAL cs_policy.demotion_check_at(q.grading_day) x
          JOIN cs_policy.employee e ON e.employee_id = x.employee_id
          LEFT JOIN unnest(held_employees, held_by) AS held(employee_id, department_id) ON held.employee_id = e.employee_id
         WHERE x.actual > 0)
    SELECT w.employee_id, c.period_first, c.revision, c.department_id, c.period_label, w.ladder, w.current_level,
           w.demoted_to, w.criterion, w.required, w.actual, w.met, w.rule_id
      FROM w
      JOIN cs_policy.period_close c ON c.department_id = w.home AND c.period_label = w.period_label AND c.run_id = run;
    GET DIAGNOSTICS n = ROW_COUNT;
    counts := counts || jsonb_build_object('demotion_watch', n);

    PERFORM cs_policy.close_step(run, 'payroll adjustments');
    -- AT-18 counts the shifts signed in for: a sign-in belongs to a shift
    -- from the punch window before its start (the widest of the rules in
    -- force at the period's end, else the default setting)
    sign_in_window := cs_policy.punch_window_of(period_departments, period_lasts);
    -- the items, and in the same statement the net of each employee's
    -- items, 0 for one with none: payroll reads a row for everyone the
    -- close judged
    WITH items AS (
        INSERT INTO cs_policy.payroll_adjustment
        SELECT i.employee_id, i.period_first, i.revision, i.department_id, i.period_label,
               row_number() OVER (PARTITION BY i.employee_id, i.period_first ORDER BY i.part, i.ord),
               i.kind, i.rule_id, i.amount, i.explanation, i.from_pay
          FROM (
            -- each line that moves money: charges, bonuses (AT-6, AT-14, AT-18), the points pay (AT-14), CP-9
            SELECT l.employee_id, l.period_first, l.revision, l.department_id, l.period_label, 1 AS part, l.line AS ord,
                   CASE WHEN l.kind = 'score' THEN 'points_pay' WHEN l.amount > 0 THEN 'charge' ELSE 'bonus' END AS kind,
                   l.rule_id, -l.amount AS amount, l.explanation, l.from_pay
              FROM cs_policy.closed_penalty_line l
              JOIN cs_policy.period_close c ON c.department_id = l.department_id AND c.period_first = l.period_first
                                           AND c.revision = l.revision AND c.run_id = run
             WHERE l.amount <> 0
            UNION ALL
            -- AT-9: what the month's flags withhold, once each, in money
            SELECT w.employee_id, w.period_first, w.revision, w.department_id, w.period_label, 2, w.ord, w.kind, w.rule_id,
                   -w.amount, w.explanation, w.from_pay
              FROM (SELECT DISTINCT ON (l.employee_id, l.period_first, f.flag)
                           l.employee_id, l.period_first, l.revision, l.department_id, l.period_label, f.ord,
                           CASE f.flag WHEN 'performance_zero' THEN 'performance_withheld'
                                       WHEN 'bonus_withheld' THEN 'bonus_withheld' ELSE 'wage_withheld' END AS kind,
                           l.rule_id,
                           coalesce(CASE f.flag WHEN 'wage_withheld' THEN wg.monthly_wage
                                                ELSE coalesce(pi.amount, (s.parameters ->> f.setting)::numeric) END, 0) AS amount,
                           format('%s withheld (%s): %s', f.what,
                                  CASE f.flag WHEN 'wage_withheld' THEN 'the monthly wage'
                                       ELSE coalesce(pi.amount::text || ', this employee''s',
                                                     (s.parameters ->> f.setting) || ' (setting ' || f.setting || ')',
                                                     'none set (setting ' || f.setting || ')') END,
                                  l.explanation) AS explanation,
                           f.flag = 'wage_withheld' AS from_pay
                      FROM cs_policy.closed_penalty_line l
                      JOIN cs_policy.period_close c ON c.department_id = l.department_id AND c.period_first = l.period_first
                                                   AND c.revision = l.revision AND c.run_id = run
                      JOIN (VALUES ('performance_zero', 1, 'performance_pay', 'the month''s performance pay'),
                                   ('bonus_withheld', 2, 'bonus_pay', 'the month''s bonuses'),
                                   ('wage_withheld', 3, NULL, 'the monthly wage')) AS f (flag, ord, setting, what)
                        ON f.flag = ANY (l.flags)
                      JOIN cs_policy.employee e ON e.employee_id = l.employee_id
                      -- (the wage and pay items in force on the period's last day of
                      -- employment: the history starts on the hiring day)
                      LEFT JOIN cs_policy.wage wg ON wg.employee_id = l.employee_id
                                                 AND wg.in_force @> cs_policy.pay_day_of(l.period_last, e.hired_on, e.left_on)
                      LEFT JOIN cs_policy.pay_item pi ON pi.employee_id = l.employee_id AND pi.item = f.setting
                                                     AND pi.in_force @> cs_policy.pay_day_of(l.period_last, e.hired_on, e.left_on)
                      LEFT JOIN cs_policy.policy_in_force s
                             ON s.department_id = l.department_id AND s.area = 'attendance' AND s.in_force @> l.period_last
                     ORDER BY l.employee_id, l.period_first, f.flag, l.line) w
            UNION ALL
            -- AT-18: resigning within training_resignation_unpaid_months of the
            -- end of a passed onboarding training: no pay for the shifts worked
            -- since it, withheld in the period of the last day (grouped, not a
            -- correlated count: Citus pushes the grouped join down)
            SELECT t.employee_id, t.period_first, t.revision, t.department_id, t.period_label, 4, 1, 'wage_withheld', 'AT-18',
                   -w.unpaid,
                   format('no pay for the %s shifts worked since the onboarding training ended on %s: resigned, last day %s, within %s month(s) of it (AT-18, %s v%s: setting training_resignation_unpaid_months): %s',
                          w.shifts, w.training_last, e.left_on, s.parameters ->> 'training_resignation_unpaid_months', s.name, s.version,
                          CASE WHEN w.lowest = w.highest THEN format('%s x daily wage %s = %s', w.shifts, w.lowest, w.unpaid)
                               ELSE format('%s shifts at the daily wage of their days (%s to %s) = %s', w.shifts, w.lowest, w.highest, w.unpaid) END),
                   true
              FROM cs_policy.closed_attendance_total t
              JOIN cs_policy.period_close c ON c.department_id = t.department_id AND c.period_first = t.period_first
                                           AND c.revision = t.revision AND c.run_id = run
              JOIN cs_policy.employee e ON e.employee_id = t.employee_id AND e.left_because = 'resigned'
                                       AND e.left_on BETWEEN t.period_first AND t.period_last
              -- (the days worked: a shift signed in for, each at the daily wage
              -- of its day; a day missed is already charged as absence, and a
              -- day of leave is not work)
              JOIN (SELECT d.employee_id, max(d.training_last) AS training_last, count(*) AS shifts,
                           sum(wd.daily_wage) AS unpaid, min(wd.daily_wage) AS lowest, max(wd.daily_wage) AS highest
                      FROM (SELECT o.employee_id, r.work_date, max(o.last_day) AS training_last
                              FROM cs_policy.onboarding_training o
                              JOIN cs_policy.employee x ON x.employee_id = o.employee_id AND x.left_because = 'resigned'
                              JOIN cs_policy.roster r ON r.employee_id = o.employee_id AND r.work_date > o.last_day
                                                     AND r.work_date <= x.left_on
                              JOIN cs_policy.punch p ON p.employee_id = r.employee_id AND p.kind = 'in'
                                                    AND p.at >= lower(r.instants) - sign_in_window AND p.at < upper(r.instants)
                             WHERE o.outcome = 'passed'
                             GROUP BY o.employee_id, r.work_date) d
                      JOIN cs_policy.wage wd ON wd.employee_id = d.employee_id AND wd.in_force @> d.work_date
                     GROUP BY d.employee_id) w ON w.employee_id = t.employee_id
              -- (the rules of the department whose period it is)
              JOIN cs_policy.policy_in_force s
                ON s.department_id = t.department_id AND s.area = 'attendance' AND s.in_force @> e.left_on
             WHERE e.left_on <= w.training_last + make_interval(months => (s.parameters ->> 'training_resignation_unpaid_months')::integer)
            UNION ALL
            -- AT-17: overtime paid
            SELECT o.employee_id, o.period_first, o.revision, o.department_id, o.period_label, 3, o.line, 'overtime_pay',
                   o.rule_id, -o.amount, o.explanation, o.from_pay
              FROM cs_policy.closed_overtime_line o
              JOIN cs_policy.period_close c ON c.department_id = o.department_id AND c.period_first = o.period_first
                                           AND c.revision = o.revision AND c.run_id = run
             WHERE o.amount <> 0) i
        RETURNING employee_id, period_first, revision, item, amount, from_pay),
    net AS (
        INSERT INTO cs_policy.payroll_adjustment
        SELECT t.employee_id, t.period_first, t.revision, t.department_id, t.period_label, coalesce(max(a.item), 0) + 1,
               'net', NULL, coalesce(sum(a.amount), 0), format('net of %s items: %s', count(a.item), coalesce(sum(a.amount), 0)),
               coalesce(bool_or(a.from_pay), false)
          FROM cs_policy.closed_attendance_total t
          JOIN cs_policy.period_close c ON c.department_id = t.department_id AND c.period_first = t.period_first
                                       AND c.revision = t.revision AND c.run_id = run
          LEFT JOIN items a ON a.employee_id = t.employee_id AND a.period_first = t.period_first AND a.revision = t.revision
         GROUP BY t.employee_id, t.period_first, t.revision, t.department_id, t.period_label
        RETURNING 1)
    SELECT (SELECT count(*) FROM items) + (SELECT count(*) FROM net) INTO n;
    counts := counts || jsonb_build_object('payroll_adjustments', n);
    -- (read by the changes step, as the lines above)
    PERFORM cs_policy.close_analyze('cs_policy.payroll_adjustment');
    PERFORM cs_policy.check_close_stored(run, 'cs_policy.payroll_adjustment');

    PERFORM cs_policy.close_step(run, 'changes against the revision before');
    -- after a reopening: per employee, what this revision changed
    WITH closed AS (
        SELECT c.department_id, c.period_first, c.period_label, c.revision FROM cs_policy.period_close c
         WHERE c.run_id = run AND c.revision > 1),
    lines AS (
        SELECT l.employee_id, l.period_first, l.revision, c.revision AS at_revision, l.work_date, l.kind, l.rule_id,
               l.amount, l.explanation
          FROM cs_policy.closed_penalty_line l JOIN closed c USING (department_id, period_first)
         WHERE l.revision IN (c.revision, c.revision - 1)
        UNION ALL
        SELECT o.employee_id, o.period_first, o.revision, c.revision, o.work_date, o.kind, o.rule_id, o.amount,
               o.explanation
          FROM cs_policy.closed_overtime_line o JOIN closed c USING (department_id, period_first)
         WHERE o.revision IN (c.revision, c.revision - 1)),
    diff AS (
        SELECT coalesce(a.employee_id, b.employee_id) AS employee_id, coalesce(a.period_first, b.period_first) AS period_first,
               count(*) FILTER (WHERE b.employee_id IS NULL) AS added, count(*) FILTER (WHERE a.employee_id IS NULL) AS removed
          FROM (SELECT l.*, row_number() OVER (PARTITION BY l.employee_id, l.period_first, l.work_date, l.kind, l.rule_id, l.amount, l.explanation) AS k
                  FROM lines l WHERE l.revision = l.at_revision) a
          FULL JOIN (SELECT l.*, row_number() OVER (PARTITION BY l.employee_id, l.period_first, l.work_date, l.kind, l.rule_id, l.amount, l.explanation) AS k
                       FROM lines l WHERE l.revision = l.at_revision - 1) b
            ON a.employee_id = b.employee_id AND a.period_first = b.period_first AND a.work_date = b.work_date
           AND a.kind = b.kind AND a.rule_id IS NOT DISTINCT FROM b.rule_id AND a.amount = b.amount
           AND a.explanation = b.explanation AND a.k = b.k
         GROUP BY 1, 2)
    INSERT INTO cs_policy.close_change
    SELECT d.employee_id, d.period_first, c.revision, c.department_id, c.period_label, d.added, d.removed,
           coalesce(before.amount, 0), coalesce(after.amount, 0), coalesce(after.amount, 0) - coalesce(before.amount, 0)
      FROM diff d
      JOIN cs_policy.employee e ON e.employee_id = d.employee_id
      LEFT JOIN unnest(held_employees, held_by) AS held(employee_id, department_id) ON held.employee_id = e.employee_id
      JOIN closed c ON c.department_id = coalesce(held.department_id, e.department_id) AND c.period_first = d.period_first
      LEFT JOIN cs_policy.payroll_adjustment after
             ON after.employee_id = d.employee_id AND after.period_first = d.period_first
            AND after.revision = c.revision AND after.kind = 'net'
      LEFT JOIN cs_policy.payroll_adjustment before
             ON before.employee_id = d.employee_id AND before.period_first = d.period_first
            AND before.revision = c.revision - 1 AND before.kind = 'net'
     WHERE d.added > 0 OR d.removed > 0;
    GET DIAGNOSTICS n = ROW_COUNT;
    counts := counts || jsonb_build_object('changes', n);

    SELECT coalesce(jsonb_agg(jsonb_build_object('policy_id', q.policy_id, 'policy', q.name || ' v' || q.version)
                              ORDER BY q.policy_id), '[]')
      INTO versions
      FROM cs_policy.policy q
     WHERE q.policy_id IN (SELECT DISTINCT l.policy_id FROM cs_policy.closed_penalty_line l
                             JOIN cs_policy.period_close c ON c.department_id = l.department_id
                                                          AND c.period_first = l.period_first
                                                          AND c.revision = l.revision AND c.run_id = run);
    PERFORM cs_policy.close_step(run, 'done');
    stamp := clock_timestamp();
    UPDATE cs_policy.close_run r
       SET state = 'succeeded', finished_at = stamp, departments_done = cardinality(subtree),
           result_rows = counts, policy_versions = versions, step_started_at = NULL
     WHERE r.run_id = run;
    RETURN run;
END
$$;
COMMENT ON FUNCTION cs_policy.close_period_now(date, text, bigint, bigint[]) IS
    'AT-15: closes, in the caller''s transaction, every department''s period containing the date in the department''s subtree (NULL: the center; or only the departments listed, as close_due_periods does): stores the penalty lines, totals, overtime lines, team attendance (AT-10), rest violations (SH-4), payroll adjustments and, after a reopening, the changes against the revision before; a re-run replaces its revision. Refuses (55P03) while another close runs, and (55000) a period not yet over, or whose last shifts are not judged yet (last_shifts_judged_at). Returns the run (close_run)';
REVOKE EXECUTE ON FUNCTION cs_policy.close_period_now(date, text, bigint, bigint[]) FROM PUBLIC;

-- Its own transactions: the run log row first (so that others see it
-- running), the close in one transaction, and a failure recorded before
-- the error reaches the caller (a pg_cron job shows it failed). A
-- procedure with a SET clause may not commit: every name is qualified.
CREATE PROCEDURE cs_policy.run_close(period date, department text, departments bigint[])
LANGUAGE plpgsql
AS $$
DECLARE
    run     bigint;
    failed  boolean := false;
    code    text;
    message text;
    detail  text;
    hint    text;
BEGIN
    run := cs_policy.start_close_run(period, department, departments);
    COMMIT;
    BEGIN
        PERFORM cs_policy.close_period_now(period, department, run, departments);
    EXCEPTION WHEN OTHERS THEN
        GET STACKED DIAGNOSTICS code = RETURNED_SQLSTATE, message = MESSAGE_TEXT, detail = PG_EXCEPTION_DETAIL,
                                hint = PG_EXCEPTION_HINT;
        failed := true;
    END;
    IF failed THEN
        PERFORM cs_policy.fail_close_run(run, code, message);
        COMMIT;
        RAISE EXCEPTION USING ERRCODE = code, MESSAGE = message, DETAIL = coalesce(detail, ''), HINT = coalesce(hint, '');
    END IF;
    COMMIT;
END
$$;
COMMENT ON PROCEDURE cs_policy.run_close(date, text, bigint[]) IS
    'Internal: a close in its own transactions: the run log row committed first (so that close_progress shows it from another session), the close (close_period_now) in one transaction, and a failure logged and committed before the error is raised (a pg_cron job then shows it failed too)';
REVOKE EXECUTE ON PROCEDURE cs_policy.run_close(date, text, bigint[]) FROM PUBLIC;

CREATE PROCEDURE cs_policy.close_period(period date, department text DEFAULT NULL)
LANGUAGE plpgsql
AS $$
BEGIN
    CALL cs_policy.run_close(period, department, NULL);
END
$$;
COMMENT ON PROCEDURE cs_policy.close_period(date, text) IS
    'AT-15: CALL cs_policy.close_period(''2025-12-01'') closes every department''s attendance period containing the date (or only a department''s subtree) and stores its results in one transaction (see close_period_now); the run is logged in close_run, committed first so that close_progress shows it from another session, and a failure is logged before the error is raised. Call it outside a transaction block (it commits)';
REVOKE EXECUTE ON PROCEDURE cs_policy.close_period(date, text) FROM PUBLIC;

-- AT-15: the periods a scheduled close takes: each department's period
-- before the current one, once its reporting deadline has passed (or its
-- last day, where the policy sets no deadline), unless it was closed
-- already (a reopened period waits for HR to close it again).
CREATE FUNCTION cs_policy.due_periods(as_of date)
RETURNS TABLE (department_id bigint, first_day date, last_day date, label text, deadline date)
LANGUAGE sql STABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT p.department_id, p.first_day, p.last_day, p.label, p.deadline
      FROM (SELECT DISTINCT c.first_day FROM cs_policy.department_periods(as_of) c) f
     CROSS JOIN LATERAL cs_policy.department_periods(f.first_day - 1) p
      JOIN cs_policy.department_periods(as_of) cur ON cur.department_id = p.department_id AND cur.first_day = f.first_day
     WHERE coalesce(p.deadline, p.last_day) < as_of
       AND NOT EXISTS (SELECT FROM cs_policy.period_close c
                        WHERE c.department_id = p.department_id AND c.period_first = p.first_day)
     ORDER BY p.department_id;
END;
COMMENT ON FUNCTION cs_policy.due_periods(date) IS
    'AT-15: the periods close_due_periods closes on a day: each department''s period before the one containing the day, once its reporting deadline is past (its last day when the policy sets none), and not closed yet';

CREATE PROCEDURE cs_policy.close_due_periods(as_of date DEFAULT NULL)
LANGUAGE plpgsql
AS $$
DECLARE
    due record;
BEGIN
    -- the departments whose periods end on the same day close in one run
    FOR due IN
        SELECT d.last_day, pg_catalog.array_agg(d.department_id ORDER BY d.department_id) AS departments
          FROM cs_policy.due_periods(coalesce(as_of, current_date)) d
         GROUP BY d.last_day ORDER BY d.last_day
    LOOP
        -- (a period whose last shifts are not judged yet waits for the next run)
        CONTINUE WHEN cs_policy.last_shifts_judged_at(due.departments,
                                                      pg_catalog.array_fill(due.last_day, ARRAY[pg_catalog.cardinality(due.departments)]))
                      > pg_catalog.now();
        CALL cs_policy.run_close(due.last_day, NULL, due.departments);
    END LOOP;
END
$$;
COMMENT ON PROCEDURE cs_policy.close_due_periods(date) IS
    'AT-15: what the scheduled job runs (schedule_jobs): closes every period due_periods finds due today (or as of a day) whose last shifts are judged (last_shifts_judged_at; the others wait for the next run), one run per last day; a failed run is logged in close_run and raised, so that pg_cron records it failed';
REVOKE EXECUTE ON PROCEDURE cs_policy.close_due_periods(date) FROM PUBLIC;

-- pg_cron: the close after each deadline and the SLA watch every minute.
CREATE FUNCTION cs_policy.schedule_jobs(close_schedule text DEFAULT '30 1 * * *', sla_schedule text DEFAULT '* * * * *')
RETURNS TABLE (jobid bigint, jobname text, schedule text, command text)
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_extension x WHERE x.extname = 'pg_cron') THEN
        RAISE EXCEPTION 'pg_cron is not installed in database %', current_database()
            USING ERRCODE = 'feature_not_supported',
                  HINT = 'Add pg_cron to shared_preload_libraries, set cron.database_name to this database and CREATE EXTENSION pg_cron; or, from the database pg_cron is in, run the cron.schedule_in_database lines of README ("Closing a period").';
    END IF;
    -- cron.schedule replaces a job of the same name: calling again reschedules
    EXECUTE 'SELECT cron.schedule($1, $2, $3)'
      USING 'cs_policy: close due periods', close_schedule, 'CALL cs_policy.close_due_periods()';
    EXECUTE 'SELECT cron.schedule($1, $2, $3)'
      USING 'cs_policy: detect SLA breaches', sla_schedule, 'SELECT cs_policy.detect_sla_breaches()';
    RETURN QUERY EXECUTE
        'SELECT j.jobid::bigint, j.jobname::text, j.schedule::text, j.command::text FROM cron.job j
          WHERE j.jobname LIKE ''cs_policy: %'' AND j.username = current_user ORDER BY j.jobname';
END
$$;
COMMENT ON FUNCTION cs_policy.schedule_jobs(text, text) IS
    'AT-15, CP-3: schedules with pg_cron (in this database, which must be cron.database_name) the close of every period after its reporting deadline (close_due_periods, daily at 01:30 by default in pg_cron''s time zone) and detect_sla_breaches every minute; calling it again reschedules; returns the jobs. For a database administrator';
REVOKE EXECUTE ON FUNCTION cs_policy.schedule_jobs(text, text) FROM PUBLIC;

CREATE FUNCTION cs_policy.reopen_period(department text, period date, reason text, acting_as text DEFAULT NULL)
RETURNS integer
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
DECLARE
    root  cs_policy.department := cs_policy.department_by_code(department);
    actor bigint;
    n     integer;
BEGIN
    IF period IS NULL OR reason IS NULL OR btrim(reason) = '' THEN
        RAISE EXCEPTION 'reopening a period needs its date and a written reason'
            USING ERRCODE = 'null_value_not_allowed', DETAIL = 'AT-15: every reopening is logged with its reason.';
    END IF;
    IF acting_as IS NOT NULL OR cs_policy.current_employee() IS NOT NULL OR NOT cs_policy.caller_is_superuser() THEN
        actor := (cs_policy.acting_employee(acting_as)).employee_id;
        IF NOT EXISTS (SELECT FROM cs_policy.employee e WHERE e.employee_id = actor AND e.role = 'hr') THEN
            RAISE EXCEPTION 'reopening a closed period is for HR'
                USING ERRCODE = 'insufficient_privilege',
                      DETAIL = 'AT-15: payroll has paid what was closed; HR decides what is corrected.';
        END IF;
    END IF;
    WITH reopened AS (
        UPDATE cs_policy.period_close c SET state = 'reopened'
         WHERE c.state = 'closed' AND c.period_first <= period AND c.period_last >= period
           AND c.department_id IN (SELECT d.department_id FROM cs_policy.department d WHERE root.department_id = ANY (d.path))
        RETURNING c.department_id, c.period_first, c.revision)
    INSERT INTO cs_policy.period_reopening (department_id, period_first, revision, reopened_by, reopened_role, reason)
    SELECT r.department_id, r.period_first, r.revision, actor, cs_policy.calling_role(), reopen_period.reason FROM reopened r;
    GET DIAGNOSTICS n = ROW_COUNT;
    IF n = 0 THEN
        RAISE EXCEPTION 'no closed attendance period of % contains %', root.code, period
            USING ERRCODE = 'object_not_in_prerequisite_state',
                  HINT = 'SELECT * FROM cs_policy.period_closes lists the closed periods.';
    END IF;
    PERFORM cs_policy.audit(actor, 'reopen_period', 'period_close', NULL,
                            jsonb_build_object('department', root.code, 'period', period, 'departments', n, 'reason', reason));
    RETURN n;
END
$$;
COMMENT ON FUNCTION cs_policy.reopen_period(text, date, text, text) IS
    'AT-15: HR reopens the closed period containing the date of a department and its subtree, with a written reason (logged in period_reopening and the audit log); its facts may change until the next close, which is the next revision and records what changed (close_change). Returns the departments reopened';
REVOKE EXECUTE ON FUNCTION cs_policy.reopen_period(text, date, text, text) FROM PUBLIC;

CREATE FUNCTION cs_policy.set_pay_item(employee text, item text, amount numeric,
                                       effective date DEFAULT NULL, until date DEFAULT NULL)
RETURNS daterange
LANGUAGE plpgsql VOLATILE SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    person cs_policy.employee := cs_policy.employee_by_code(employee);
    boundaries date[];
    span daterange;
BEGIN
    IF item IS NULL OR item NOT IN ('performance_pay', 'bonus_pay') THEN
        RAISE EXCEPTION 'unknown pay item %', coalesce(item, 'NULL')
            USING ERRCODE = 'invalid_parameter_value', HINT = 'The pay items are performance_pay and bonus_pay (AT-9).';
    END IF;
    IF amount IS NOT NULL THEN
        PERFORM cs_policy.check_wage(item, amount);
    END IF;
    -- as set_wages: for days, the rows over them cut around them (a
    -- removal's end is a boundary too: this history has gaps)
    SELECT e.* INTO STRICT person FROM cs_policy.employee e WHERE e.employee_id = person.employee_id FOR UPDATE;
    SELECT array_agg(b) INTO boundaries
      FROM cs_policy.pay_item p CROSS JOIN LATERAL (VALUES (lower(p.in_force)), (upper(p.in_force))) AS x (b)
     WHERE p.employee_id = person.employee_id AND p.item = set_pay_item.item AND x.b IS NOT NULL;
    span := cs_policy.check_pay_days(person, effective, until, boundaries, item);
    WITH gone AS (
        DELETE FROM cs_policy.pay_item p
         WHERE p.employee_id = person.employee_id AND p.item = set_pay_item.item AND p.in_force && span
        RETURNING p.*)
    INSERT INTO cs_policy.pay_item (employee_id, item, in_force, amount, set_at)
    SELECT g.employee_id, g.item, x.piece, g.amount, g.set_at
      FROM gone g
     CROSS JOIN LATERAL unnest(datemultirange(g.in_force) - datemultirange(span)) AS x (piece);
    IF amount IS NOT NULL THEN
        INSERT INTO cs_policy.pay_item (employee_id, item, in_force, amount)
        VALUES (person.employee_id, set_pay_item.item, span, set_pay_item.amount);
    END IF;
    PERFORM cs_policy.audit(NULL, 'set_pay_item', 'pay_item', NULL,
                            jsonb_build_object('employee', person.code, 'item', item, 'days', span::text, 'set', amount IS NOT NULL));
    RETURN span;
END
$$;
COMMENT ON FUNCTION cs_policy.set_pay_item(text, text, numeric, date, date) IS
    'HR sets an employee''s own monthly performance pay or bonus for days, and returns them (as set_wages: from effective, by default today, until the day until, else the next change or end recorded, else on); AT-9 withholds them; NULL: none of their own on those days (the attendance settings performance_pay and bonus_pay apply). A period reads the one in force on its last day of employment; AT-15: refused (55000) over a day of a closed period';
REVOKE EXECUTE ON FUNCTION cs_policy.set_pay_item(text, text, numeric, date, date) FROM PUBLIC;

-- The BI views read the last revision of each closed period through
-- SECURITY DEFINER readers that apply the caller's scope (SEC-1) and
-- withhold amounts from pay the caller may not see (SEC-2), as
-- readable_pay does for the wages.
CREATE FUNCTION cs_policy.readable_closed_lines(overtime boolean)
RETURNS TABLE (employee_id bigint, employee_code text, department_code text, period_first date, period_last date,
               period_label text, revision integer, line integer, work_date date, kind text, rule_id text,
               also_cites text[], measure numeric, outcome text, amount numeric(12,2), points numeric, flags text[],
               absence_days numeric, explanation text, policy_id bigint, from_pay boolean)
LANGUAGE plpgsql STABLE PARALLEL RESTRICTED SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
DECLARE
    scope cs_policy.access_scope := cs_policy.access_scope();
BEGIN
    RETURN QUERY
    SELECT l.employee_id, e.code, d.code, l.period_first, l.period_last, l.period_label, l.revision, l.line,
           l.work_date, l.kind, l.rule_id, l.also_cites, l.measure, l.outcome,
           CASE WHEN l.from_pay AND NOT cs_policy.sees_pay(scope, l.employee_id) THEN NULL ELSE l.amount END,
           l.points, l.flags, l.absence_days,
           CASE WHEN l.from_pay AND NOT cs_policy.sees_pay(scope, l.employee_id)
                THEN regexp_replace(l.explanation, '[0-9]+(\.[0-9]+)?', '…', 'g') ELSE l.explanation END,
           l.policy_id, l.from_pay
      FROM (SELECT x.* FROM cs_policy.closed_penalty_line x WHERE NOT overtime
            UNION ALL
            SELECT x.* FROM cs_policy.closed_overtime_line x WHERE overtime) l
      JOIN cs_policy.period_close c ON c.department_id = l.department_id AND c.period_first = l.period_first
                                   AND c.revision = l.revision
      JOIN cs_policy.employee e ON e.employee_id = l.employee_id
      JOIN cs_policy.department d ON d.department_id = l.department_id
     WHERE cs_policy.sees(scope, l.employee_id);
END
$$;
COMMENT ON FUNCTION cs_policy.readable_closed_lines(boolean) IS
    'SEC-1, SEC-2: the last revision''s penalty (or overtime) lines of the closed periods the caller may see, an amount from pay and the figures of its explanation withheld from those who may not see the wage (what period_penalty_line and period_overtime show)';

CREATE FUNCTION cs_policy.readable_payroll()
RETURNS TABLE (employee_id bigint, employee_code text, department_code text, period_first date, period_label text,
               revision integer, item integer, kind text, rule_id text, amount numeric(12,2), explanation text,
               from_pay boolean)
LANGUAGE plpgsql STABLE PARALLEL RESTRICTED SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
DECLARE
    scope cs_policy.access_scope := cs_policy.access_scope();
BEGIN
    RETURN QUERY
    SELECT a.employee_id, e.code, d.code, a.period_first, a.period_label, a.revision, a.item, a.kind, a.rule_id,
           a.amount, a.explanation, a.from_pay
      FROM cs_policy.payroll_adjustment a
      JOIN cs_policy.period_close c ON c.department_id = a.department_id AND c.period_first = a.period_first
                                   AND c.revision = a.revision
      JOIN cs_policy.employee e ON e.employee_id = a.employee_id
      JOIN cs_policy.department d ON d.department_id = a.department_id
     -- a payslip is pay: the person's own and HR's (SEC-2)
     WHERE cs_policy.sees_pay(scope, a.employee_id);
END
$$;
COMMENT ON FUNCTION cs_policy.readable_payroll() IS
    'SEC-2: the payroll adjustments of the last revision of each closed period that the caller may read: their own, and everyone''s for HR (what payroll_adjustments shows)';

CREATE VIEW cs_policy.period_closes WITH (security_invoker = true) AS
SELECT d.code AS department_code, c.period_label, c.period_first, c.period_last, c.deadline, c.state, c.revision,
       c.closed_at, c.closed_by, c.run_id,
       (SELECT r.reason FROM cs_policy.period_reopening r
         WHERE r.department_id = c.department_id AND r.period_first = c.period_first
         ORDER BY r.reopening_id DESC LIMIT 1) AS last_reopening_reason
  FROM cs_policy.period_close c JOIN cs_policy.department d ON d.department_id = c.department_id;
COMMENT ON VIEW cs_policy.period_closes IS 'AT-15: every department''s closed (or reopened) attendance periods';
COMMENT ON COLUMN cs_policy.period_closes.department_code IS 'The department';
COMMENT ON COLUMN cs_policy.period_closes.period_label IS 'The month the period closes in';
COMMENT ON COLUMN cs_policy.period_closes.period_first IS 'First day';
COMMENT ON COLUMN cs_policy.period_closes.period_last IS 'Last day';
COMMENT ON COLUMN cs_policy.period_closes.deadline IS 'Reporting deadline';
COMMENT ON COLUMN cs_policy.period_closes.state IS 'closed (facts frozen) or reopened';
COMMENT ON COLUMN cs_policy.period_closes.revision IS 'Revision of its stored results';
COMMENT ON COLUMN cs_policy.period_closes.closed_at IS 'When it was last closed';
COMMENT ON COLUMN cs_policy.period_closes.closed_by IS 'Database role that closed it';
COMMENT ON COLUMN cs_policy.period_closes.run_id IS 'The close run (close_run)';
COMMENT ON COLUMN cs_policy.period_closes.last_reopening_reason IS 'Why it was last reopened';

CREATE VIEW cs_policy.close_progress WITH (security_invoker = true) AS
SELECT r.run_id, r.period, d.code AS department_code, r.run_by, r.started_at, r.finished_at,
       coalesce(r.finished_at, clock_timestamp()) - r.started_at AS duration, r.state,
       CASE WHEN r.state = 'running'
            THEN coalesce(substring(a.application_name FROM '^cs_policy close run [0-9]+: (.*)$'), r.step)
            ELSE r.step END AS step,
       r.departments_total, r.departments_done, r.result_rows, r.policy_versions, r.error, r.step_seconds
  FROM cs_policy.close_run r
  LEFT JOIN cs_policy.department d ON d.department_id = r.department_id
  LEFT JOIN pg_catalog.pg_stat_activity a ON a.pid = r.pid AND a.backend_start = r.backend_start AND r.state = 'running';
COMMENT ON VIEW cs_policy.close_progress IS
    'AT-15: the close runs: while one runs, its live step (from its backend); then its duration, rows stored per result, policy versions and error';
COMMENT ON COLUMN cs_policy.close_progress.run_id IS 'The run';
COMMENT ON COLUMN cs_policy.close_progress.period IS 'The date given';
COMMENT ON COLUMN cs_policy.close_progress.department_code IS 'The subtree closed (NULL: the center)';
COMMENT ON COLUMN cs_policy.close_progress.run_by IS 'Who ran it (database role)';
COMMENT ON COLUMN cs_policy.close_progress.started_at IS 'Start';
COMMENT ON COLUMN cs_policy.close_progress.finished_at IS 'End (NULL: running)';
COMMENT ON COLUMN cs_policy.close_progress.duration IS 'How long it took, or has taken so far';
COMMENT ON COLUMN cs_policy.close_progress.state IS 'running, succeeded, failed or interrupted';
COMMENT ON COLUMN cs_policy.close_progress.step IS 'The step it is at (live while running), or ended at';
COMMENT ON COLUMN cs_policy.close_progress.departments_total IS 'Departments in the subtree';
COMMENT ON COLUMN cs_policy.close_progress.departments_done IS 'Departments whose results are stored';
COMMENT ON COLUMN cs_policy.close_progress.result_rows IS 'Rows stored per result';
COMMENT ON COLUMN cs_policy.close_progress.policy_versions IS 'Attendance policy versions applied';
COMMENT ON COLUMN cs_policy.close_progress.error IS 'SQLSTATE and message of a failed or interrupted run';
COMMENT ON COLUMN cs_policy.close_progress.step_seconds IS 'Seconds each step took (the steps done)';

CREATE FUNCTION cs_policy.readable_closed_totals()
RETURNS TABLE (employee_id bigint, employee_code text, department_code text, team_code text, project_code text,
               period_first date,
               period_last date, period_label text, revision integer, late integer, early integer, away integer,
               absences integer, days_absent numeric, missing_punches integer, forgiven integer, incidents integer,
               charged numeric(12,2), bonus numeric(12,2), points_score numeric, flags text[], withheld boolean,
               judged_from date)
LANGUAGE plpgsql STABLE PARALLEL RESTRICTED SECURITY DEFINER
SET search_path = pg_catalog, pg_temp
AS $$
#variable_conflict use_column
DECLARE
    scope cs_policy.access_scope := cs_policy.access_scope();
BEGIN
    RETURN QUERY
    SELECT t.employee_id, e.code, d.code, tm.code, pr.code, t.period_first, t.period_last, t.period_label, t.revision,
           t.late, t.early, t.away, t.absences, t.days_absent, t.missing_punches, t.forgiven, t.incidents,
           CASE WHEN fp.employee_id IS NOT NULL AND NOT cs_policy.sees_pay(scope, t.employee_id) THEN NULL ELSE t.charged END,
           CASE WHEN fp.employee_id IS NOT NULL AND NOT cs_policy.sees_pay(scope, t.employee_id) THEN NULL ELSE t.bonus END,
           t.points_score, t.flags, fp.employee_id IS NOT NULL AND NOT cs_policy.sees_pay(scope, t.employee_id),
           coalesce(t.judged_from, t.period_first)
      FROM cs_policy.closed_attendance_total t
      JOIN cs_policy.period_close c ON c.department_id = t.department_id AND c.period_first = t.period_first
                                   AND c.revision = t.revision
      JOIN cs_policy.employee e ON e.employee_id = t.employee_id
      JOIN cs_policy.department d ON d.department_id = t.department_id
      -- the center, its projects, their teams
      LEFT JOIN cs_policy.department pr ON pr.department_id = d.path[2]
      LEFT JOIN cs_policy.department tm ON tm.department_id = d.path[3]
     -- SEC-2: a total over an amount from a wage the reader may not see
     -- would give it away (the lines from a wage grouped by employee, which
     -- Citus runs on the shards)
      LEFT JOIN (SELECT l.employee_id, l.period_first, l.revision FROM cs_policy.closed_penalty_line l
                  WHERE l.from_pay AND l.amount <> 0 GROUP BY l.employee_id, l.period_first, l.revision) fp
             ON fp.employee_id = t.employee_id AND fp.period_first = t.period_first AND fp.revision = t.revision
     WHERE cs_policy.sees(scope, t.employee_id);
END
$$;
COMMENT ON FUNCTION cs_policy.readable_closed_totals() IS
    'SEC-1, SEC-2: the last revision''s attendance totals of the closed periods the caller may see, money withheld where it derives from a wage the caller may not see (what period_employee_totals and period_team_totals show)';

CREATE VIEW cs_policy.period_employee_totals WITH (security_invoker = true) AS
SELECT * FROM cs_policy.readable_closed_totals();
COMMENT ON VIEW cs_policy.period_employee_totals IS
    'BI: each employee''s attendance totals of each closed period (the last revision)';
CREATE VIEW cs_policy.period_team_totals WITH (security_invoker = true) AS
SELECT CASE WHEN grouping(t.team_code) = 0 THEN 'team' WHEN grouping(t.project_code) = 0 THEN 'project'
            ELSE 'center' END AS grouped_by,
       t.project_code, t.team_code, t.period_label, min(t.period_first) AS period_first, max(t.period_last) AS period_last,
       count(*) AS headcount, sum(t.late) AS late, sum(t.early) AS early, sum(t.absences) AS absences,
       sum(t.days_absent) AS days_absent, sum(t.missing_punches) AS missing_punches, sum(t.incidents) AS incidents,
       CASE WHEN bool_or(t.withheld) THEN NULL ELSE sum(t.charged) END AS charged,
       CASE WHEN bool_or(t.withheld) THEN NULL ELSE sum(t.bonus) END AS bonus
  FROM cs_policy.readable_closed_totals() t
 GROUP BY GROUPING SETS ((t.project_code, t.team_code, t.period_label), (t.project_code, t.period_label), (t.period_label))
-- a project's own staff (no team) count in the project; the center's in the center
HAVING (grouping(t.team_code) = 1 OR t.team_code IS NOT NULL) AND (grouping(t.project_code) = 1 OR t.project_code IS NOT NULL);
COMMENT ON VIEW cs_policy.period_team_totals IS
    'BI: the totals of each closed period per team (with its project), per project (its teams and its own staff) and for the center (everyone): grouped_by says which; money NULL where a member''s derives from a wage the reader may not see (SEC-2)';
CREATE VIEW cs_policy.period_penalty_line WITH (security_invoker = true) AS
SELECT * FROM cs_policy.readable_closed_lines(false);
COMMENT ON VIEW cs_policy.period_penalty_line IS
    'BI: the penalty lines of each closed period (the last revision), as the close stored them';
CREATE VIEW cs_policy.period_overtime WITH (security_invoker = true) AS
SELECT * FROM cs_policy.readable_closed_lines(true);
COMMENT ON VIEW cs_policy.period_overtime IS
    'BI: AT-17: the overtime lines of each closed period (the last revision)';
CREATE VIEW cs_policy.payroll_adjustments WITH (security_invoker = true) AS
SELECT * FROM cs_policy.readable_payroll();
COMMENT ON VIEW cs_policy.payroll_adjustments IS
    'BI, payroll: what each closed period adds to (positive) or deducts from (negative) each employee''s pay, item by item with its rule, and the net (the last revision); the person''s own and HR''s (SEC-2)';
CREATE VIEW cs_policy.period_team_attendance WITH (security_invoker = true) AS
SELECT d.code AS team_code, t.period_label, t.period_first, t.shifts, t.days_absent, t.shifts_on_leave,
       t.attendance_rate, t.minimum, t.below_minimum, t.rule_id
  FROM cs_policy.closed_team_attendance t
  JOIN cs_policy.period_close c ON c.department_id = t.department_id AND c.period_first = t.period_first
                               AND c.revision = t.revision
  JOIN cs_policy.department d ON d.department_id = t.department_id;
COMMENT ON VIEW cs_policy.period_team_attendance IS
    'BI: AT-10: each team''s attendance rate of each closed period against its minimum (the last revision)';
CREATE VIEW cs_policy.period_changes WITH (security_invoker = true) AS
SELECT e.code AS employee_code, d.code AS department_code, x.period_label, x.period_first, x.revision,
       x.lines_added, x.lines_removed, x.net_before, x.net_after, x.net_delta
  FROM cs_policy.close_change x
  JOIN cs_policy.employee e ON e.employee_id = x.employee_id
  JOIN cs_policy.department d ON d.department_id = x.department_id;
COMMENT ON VIEW cs_policy.period_changes IS
    'Payroll: what each close after a reopening changed per employee (lines added and removed, the net before and after, net_delta to post in the next period); HR''s (SEC-2)';

CREATE VIEW cs_policy.period_sla WITH (security_invoker = true) AS
-- the rows gathered first (MATERIALIZED): Citus does not group its tables
-- by GROUPING SETS, but groups what it has gathered
WITH x AS MATERIALIZED (
    SELECT d.code AS department_code, s.period_label, s.period_first, s.category, e.code AS agent_code, s.target,
           s.rule_id, s.complaints, s.met, s.breached, s.met_late, s.still_open
      FROM cs_policy.closed_sla_compliance s
      JOIN cs_policy.period_close c ON c.department_id = s.department_id AND c.period_first = s.period_first
                                   AND c.revision = s.revision
      JOIN cs_policy.department d ON d.department_id = s.department_id
      LEFT JOIN cs_policy.employee e ON e.employee_id = s.employee_id)
SELECT x.department_code, x.period_label, x.period_first,
       CASE WHEN grouping(x.category) = 0 THEN 'category' WHEN grouping(x.agent_code) = 0 THEN 'agent'
            ELSE 'department' END AS grouped_by,
       x.category, x.agent_code, x.target, x.rule_id,
       sum(x.complaints)::integer AS complaints, sum(x.met)::integer AS met, sum(x.breached)::integer AS breached,
       sum(x.met_late)::integer AS met_late, sum(x.still_open)::integer AS still_open,
       round(sum(x.met)::numeric / nullif(sum(x.met) + sum(x.breached), 0), 4) AS compliance
  FROM x
 GROUP BY GROUPING SETS ((x.department_code, x.period_label, x.period_first, x.target, x.rule_id),
                         (x.department_code, x.period_label, x.period_first, x.target, x.rule_id, x.category),
                         (x.department_code, x.period_label, x.period_first, x.target, x.rule_id, x.agent_code));
COMMENT ON VIEW cs_policy.period_sla IS
    'BI: CP-3 to CP-7: the service levels of the complaints each closed period received, per department concerned and target, and within it per category and per agent answerable (grouped_by says which): met in time, breached, still open, and the compliance rate (the last revision)';

CREATE VIEW cs_policy.period_coverage WITH (security_invoker = true) AS
SELECT d.code AS department_code, x.period_label, x.period_first, x.slot_start, x.slot_end, x.rostered, x.required,
       x.shortfall
  FROM cs_policy.closed_coverage_shortfall x
  JOIN cs_policy.period_close c ON c.department_id = x.department_id AND c.period_first = x.period_first
                               AND c.revision = x.revision
  JOIN cs_policy.department d ON d.department_id = x.department_id;
COMMENT ON VIEW cs_policy.period_coverage IS
    'BI: SH-3: every half hour of each closed period with fewer agents rostered than the staffing rules require (the last revision)';

CREATE VIEW cs_policy.period_promotion_candidates WITH (security_invoker = true) AS
SELECT d.code AS department_code, x.period_label, x.grading_day, e.code AS employee_code, x.ladder, x.current_level,
       x.level_sought, x.eligible, x.criteria_met, x.criteria_missing
  FROM cs_policy.closed_promotion_check x
  JOIN cs_policy.period_close c ON c.department_id = x.department_id AND c.period_first = x.period_first
                               AND c.revision = x.revision
  JOIN cs_policy.department d ON d.department_id = x.department_id
  JOIN cs_policy.employee e ON e.employee_id = x.employee_id;
COMMENT ON VIEW cs_policy.period_promotion_candidates IS
    'BI: PR-1, PR-2, PR-4: at each closed quarter, every agent''s next level on the next grading day, with the criteria met and missing (the last revision)';

CREATE VIEW cs_policy.period_demotion_watch WITH (security_invoker = true) AS
SELECT d.code AS department_code, x.period_label, e.code AS employee_code, x.ladder, x.current_level, x.demoted_to,
       x.criterion, x.required, x.actual, x.demotion_due, x.rule_id
  FROM cs_policy.closed_demotion_watch x
  JOIN cs_policy.period_close c ON c.department_id = x.department_id AND c.period_first = x.period_first
                               AND c.revision = x.revision
  JOIN cs_policy.department d ON d.department_id = x.department_id
  JOIN cs_policy.employee e ON e.employee_id = x.employee_id;
COMMENT ON VIEW cs_policy.period_demotion_watch IS
    'BI: PR-2: at each closed quarter, every demotion rule with a count against an employee on the next grading day, and whether it holds (the last revision)';

DO $$
DECLARE
    c record;
BEGIN
    FOR c IN
        SELECT a.attrelid::regclass AS rel, a.attname, m.meaning
          FROM pg_catalog.pg_attribute a
          JOIN (VALUES
            ('employee_id', 'The employee'), ('employee_code', 'Staff number'),
            ('department_code', 'The employee''s department at the close'), ('team_code', 'The team (department)'),
            ('project_code', 'The project (NULL: the center''s own staff)'),
            ('period_first', 'First day of the closed period'), ('period_last', 'Last day of the closed period'),
            ('period_label', 'The month the period closes in (2025-12)'), ('revision', 'Revision of the close'),
            ('line', 'Order in which the engine judged it'), ('work_date', 'The day it is about'),
            ('kind', 'What it is about'), ('rule_id', 'The rule it applies (POLICY.md)'),
            ('also_cites', 'The other rules it touches'), ('measure', 'The measured value'),
            ('outcome', 'The step that applied'),
            ('amount', 'CNY (lines: positive charged, negative paid out; payroll: positive paid, negative deducted); NULL: from a wage the reader may not see'),
            ('points', 'Points deducted'), ('flags', 'Flags raised'), ('absence_days', 'Days of absence'),
            ('explanation', 'The rule, the policy version, the measure and the arithmetic (figures withheld where they come from a wage the reader may not see)'),
            ('policy_id', 'The policy version'), ('from_pay', 'Whether the amount derives from a wage (SEC-2)'),
            ('late', 'Late arrivals'), ('early', 'Early departures'), ('away', 'Times away'),
            ('absences', 'Absence lines'), ('days_absent', 'Days of absence'), ('missing_punches', 'Missing punches'),
            ('forgiven', 'Lateness forgiven'), ('incidents', 'Incidents charged'),
            ('charged', 'Charged (CNY); NULL: from a wage the reader may not see'),
            ('bonus', 'Paid out as bonus (CNY); NULL: from a wage the reader may not see'),
            ('points_score', 'Points score'), ('withheld', 'Whether the money is withheld from this reader (SEC-2)'),
            ('judged_from', 'The first day judged: the period''s, or for someone transferred from a department that cuts its periods on other days, the day after their last day stored there (AT-15)'),
            ('headcount', 'Employees judged'), ('item', 'Order of the item (net last)'),
            ('shifts', 'Shifts of the team'), ('shifts_on_leave', 'Shifts on approved leave'),
            ('attendance_rate', 'Attendance rate (AT-10)'), ('minimum', 'The minimum rate'),
            ('below_minimum', 'Whether below the minimum'),
            ('lines_added', 'Lines in this revision and not the one before'),
            ('lines_removed', 'Lines in the revision before and not this one'),
            ('net_before', 'Net of the revision before (CNY)'), ('net_after', 'Net of this revision (CNY)'),
            ('net_delta', 'To post in the next period (CNY)'),
            ('grouped_by', 'department (the whole department), category (per CP-1 category) or agent (per agent answerable)'),
            ('category', 'CP-1 category (grouped_by category)'),
            ('agent_code', 'Staff number of the agent answerable (grouped_by agent)'),
            ('target', 'The service-level target'),
            ('complaints', 'Complaints received in the period with this target'), ('met', 'Met in time'),
            ('breached', 'Met late, or overdue at the close'), ('met_late', 'Of the breached, met late'),
            ('still_open', 'Not met at the close and not yet due'),
            ('compliance', 'met / (met + breached); NULL: none judged yet'),
            ('slot_start', 'Start of the half hour'), ('slot_end', 'Its end'),
            ('rostered', 'Agents rostered for the whole half hour'), ('shortfall', 'Agents missing'),
            ('grading_day', 'The grading day: the first day of the next quarter'), ('ladder', 'The career ladder'),
            ('current_level', 'Level at the close'), ('level_sought', 'The next level'),
            ('eligible', 'Every criterion met'), ('criteria_met', 'The criteria met'),
            ('criteria_missing', 'The criteria not met, with the figure and what it takes'),
            ('demoted_to', 'Where the rule leads (NULL: a dismissal review)'), ('criterion', 'The demotion rule'),
            ('actual', 'How many there are'), ('demotion_due', 'The rule holds: the demotion is due'),
            ('required', 'Required')) AS m (col, meaning) ON m.col = a.attname
         WHERE a.attrelid = ANY (ARRAY['cs_policy.period_employee_totals', 'cs_policy.period_team_totals',
                                      'cs_policy.period_penalty_line', 'cs_policy.period_overtime',
                                      'cs_policy.payroll_adjustments', 'cs_policy.period_team_attendance',
                                      'cs_policy.period_changes', 'cs_policy.period_sla', 'cs_policy.period_coverage',
                                      'cs_policy.period_promotion_candidates', 'cs_policy.period_demotion_watch']::regclass[])
           AND a.attnum > 0
    LOOP
        EXECUTE format('COMMENT ON COLUMN %s.%I IS %L', c.rel, c.attname,
                       CASE WHEN c.attname = 'kind' AND c.rel = 'cs_policy.payroll_adjustments'::regclass
                            THEN 'charge, bonus, points_pay (AT-14), performance_withheld, bonus_withheld, wage_withheld (AT-9, AT-18), overtime_pay (AT-17) or net'
                            WHEN c.attname = 'required' AND c.rel = 'cs_policy.period_coverage'::regclass
                            THEN 'Agents the staffing rules require'
                            WHEN c.attname = 'required' AND c.rel = 'cs_policy.period_demotion_watch'::regclass
                            THEN 'How many it takes'
                            WHEN c.attname = 'grouped_by' AND c.rel = 'cs_policy.period_team_totals'::regclass
                            THEN 'team (one team), project (a project: its teams and its own staff, team_code NULL) or center (everyone, both NULL)'
                            WHEN c.attname = 'team_code' AND c.rel = 'cs_policy.period_employee_totals'::regclass
                            THEN 'The employee''s team (NULL: not in a team)'
                            WHEN c.attname = 'department_code' AND c.rel = 'cs_policy.period_sla'::regclass
                            THEN 'The department concerned by the complaints'
                            WHEN c.attname = 'department_code' AND c.rel = 'cs_policy.period_coverage'::regclass
                            THEN 'The department whose staffing rules these are'
                            ELSE c.meaning END);
    END LOOP;
END
$$;
