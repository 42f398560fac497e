-- Shared view caseloads (period_id, period_end, worker, cases, fte, nqsw, service, sw_cases): every
-- worker holding at least one case at each period end in `periods`, one row each (W1 local, W1 a to
-- W1 g; W1 reads sw_cases).
--   * cases: the children the worker holds at the period end (open_case_allocations: role SW, PA or
--     empty, open at the period end), each child once.
--   * sw_cases: of those, the children the worker holds as allocated social worker (role SW or
--     empty; not PA), each child once; empty for a worker who holds none that way (a personal
--     adviser only). W1's count: counted here, in the same pass as cases, rather than by a second
--     distinct count of every allocation and month (about 4 s at national scale).
--   * fte and nqsw: from the worker's staff assignment in force at the period end, matched on the
--     case-system worker id (wstaf_professional_id; start to end date inclusive; the latest-started
--     where two overlap, e.g. on the day an agency worker becomes permanent, then the highest
--     assignment id). With no assignment, fte is the case-system record's
--     (prof_full_time_equivalency) and nqsw is empty. An FTE missing or 0 counts as full time (1.0).
--     fte is a decimal to 6 places, so that W1's sum of FTEs is exact in any order: in binary
--     floating point the FTEs of 40,000 workers add up differently in the ninth decimal place
--     depending on the order DuckDB's threads finish in.
--   * service: the worker's main service, the service (ssd_department.dept_team_parent_name) of the
--     team where they hold most of their cases at the period end. A case's team is the allocation's
--     team, else the worker's department. On a tie, the service of their most recent allocation, then
--     the first by name; empty when the team or its service is unknown.
CREATE OR REPLACE TEMP VIEW caseloads AS
WITH allocations AS NOT MATERIALIZED (
    -- case_allocations (shared/case_allocations.sql: role SW, PA or empty), with whether the
    -- worker holds the case as social worker (role SW or empty). Read twice (repeated_pair,
    -- allocation), so DuckDB would hold it whole; reading the table twice is cheaper (national
    -- scale: 9 million rows, about 0.5 GB less memory at the peak and no slower).
    SELECT invo_professional_id AS worker, invo_person_id AS child, invo_professional_team AS team,
           invo_involvement_start_date AS started, invo_involvement_end_date AS ended,
           coalesce(upper(invo_professional_role_id), 'SW') = 'SW' AS social_worker
    FROM ssd_involvements
    WHERE coalesce(upper(invo_professional_role_id), 'SW') IN ('SW', 'PA')
),
repeated_pair AS (
    -- Worker-child pairs with more than one allocation: two may be open at once, so there the
    -- child must be counted once. Found by a hash of the pair, which is quicker to group by than
    -- the two ids; should two pairs share a hash, both go the repeated way, which counts the
    -- same (distinct children) only more slowly.
    SELECT hash(worker, child) AS pair FROM allocations GROUP BY ALL HAVING count(*) > 1
),
allocation AS MATERIALIZED (
    -- Each allocation, and whether its pair is (or may be) repeated.
    SELECT a.worker, a.child, a.team, a.started, a.ended, a.social_worker,
           hash(a.worker, a.child) IN (SELECT pair FROM repeated_pair) AS repeat
    FROM allocations a
),
single AS MATERIALIZED (
    -- Children held per team through a worker's only allocation of them, at each month end
    -- (open_month_keys: the rule of open_case_allocations): one row is one child, so a count of
    -- rows (tens of millions at national scale) needs no distinct. Teams, not services, because
    -- their ids are short: the services are looked up once the rows are counted.
    SELECT month_key, worker, team, count(*) AS n, max(started) AS latest,
           count(*) FILTER (WHERE social_worker) AS sw_n
    FROM (
        SELECT worker, team, started, social_worker,
               unnest(open_month_keys(started, ended)) AS month_key
        FROM allocation
        WHERE NOT repeat
    )
    GROUP BY ALL
),
repeated AS MATERIALIZED (
    -- The other allocations open at each month end.
    SELECT worker, team, child, started, social_worker,
           unnest(open_month_keys(started, ended)) AS month_key
    FROM allocation
    WHERE repeat
),
by_service AS (
    -- The service of a case's team: the allocation's team, else the worker's department. A child
    -- is in one part or the other for a given worker, so the parts add up.
    SELECT month_key, worker, service, sum(n) AS n, max(latest) AS latest
    FROM (
        SELECT x.month_key, x.worker, d.dept_team_parent_name AS service, x.n, x.latest
        FROM single x
        LEFT JOIN ssd_professionals w ON w.prof_professional_id = x.worker
        LEFT JOIN ssd_department d ON d.dept_team_id = coalesce(x.team, w.prof_professional_department)
        UNION ALL
        SELECT x.month_key, x.worker, d.dept_team_parent_name, count(DISTINCT x.child), max(x.started)
        FROM repeated x
        LEFT JOIN ssd_professionals w ON w.prof_professional_id = x.worker
        LEFT JOIN ssd_department d ON d.dept_team_id = coalesce(x.team, w.prof_professional_department)
        GROUP BY ALL
    )
    GROUP BY ALL
),
main_service AS (
    SELECT month_key, worker, service
    FROM by_service
    QUALIFY row_number() OVER (
        PARTITION BY month_key, worker ORDER BY n DESC, latest DESC, service
    ) = 1
),
caseload AS (
    -- A child held by one worker in two services is counted once (in the repeated part); so is a
    -- child held by one worker as social worker and as personal adviser (a case, and a social
    -- worker's case).
    SELECT month_key, worker, sum(n) AS cases,
           nullif(sum(sw_n), 0) AS sw_cases
    FROM (
        SELECT month_key, worker, n, sw_n FROM single
        UNION ALL
        SELECT month_key, worker, count(DISTINCT child),
               count(DISTINCT child) FILTER (WHERE social_worker)
        FROM repeated
        GROUP BY ALL
    )
    GROUP BY ALL
),
assignment AS (
    -- The worker's staff assignment in force at the month end (see the header): the end date
    -- is inclusive, so an assignment is open at the month ends before the day after it.
    SELECT month_key, worker, arg_max(fte, rank) AS fte, arg_max(nqsw, rank) AS nqsw
    FROM (
        -- rank: the worker's assignments in order of start date, then assignment id.
        SELECT worker, fte, nqsw, rank, unnest(open_month_keys(started, ended + 1)) AS month_key
        FROM (
            SELECT wstaf_professional_id AS worker, wstaf_fte AS fte, wstaf_nqsw AS nqsw,
                   wstaf_start_date AS started, wstaf_end_date AS ended,
                   row_number() OVER (PARTITION BY wstaf_professional_id
                                      ORDER BY wstaf_start_date, wstaf_assignment_id) AS rank
            FROM ext_workforce_staff
            WHERE wstaf_professional_id IS NOT NULL
        )
    )
    GROUP BY ALL
)
SELECT p.period_id, p.period_end, c.worker, c.cases,
       CAST(CASE WHEN coalesce(a.fte, w.prof_full_time_equivalency) > 0
                 THEN coalesce(a.fte, w.prof_full_time_equivalency) ELSE 1.0 END
            AS DECIMAL(12, 6)) AS fte,
       a.nqsw, m.service, c.sw_cases
FROM caseload c
JOIN periods p ON p.month_key = c.month_key
LEFT JOIN assignment a ON a.month_key = c.month_key AND a.worker = c.worker
LEFT JOIN ssd_professionals w ON w.prof_professional_id = c.worker
LEFT JOIN main_service m ON m.month_key = c.month_key AND m.worker = c.worker;
