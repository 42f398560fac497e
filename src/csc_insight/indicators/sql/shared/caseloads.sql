-- Shared view caseloads (period_id, period_end, worker, cases, fte, nqsw, service): every worker
-- holding at least one case at each period end in `periods`, one row each (W1 to W1 g).
--   * cases: the children the worker holds at the period end (open_case_allocations: role SW, PA or
--     empty, open at the period end), each child once.
--   * fte and nqsw: from the worker's staff assignment in force at the period end, matched on the
--     case-system worker id (wstaf_professional_id; start to end date inclusive; the latest-started
--     where two overlap, e.g. on the day an agency worker becomes permanent, then the highest
--     assignment id). With no assignment, fte is the case-system record's
--     (prof_full_time_equivalency) and nqsw is empty. An FTE missing or 0 counts as full time (1.0).
--   * service: the worker's main service, the service (ssd_department.dept_team_parent_name) of the
--     team where they hold most of their cases at the period end. A case's team is the allocation's
--     team, else the worker's department. On a tie, the service of their most recent allocation, then
--     the first by name; empty when the team or its service is unknown.
CREATE OR REPLACE TEMP VIEW caseloads AS
WITH allocation AS MATERIALIZED (
    -- Each allocation with the service of its case's team. repeat: the worker has more than one
    -- allocation of the child, so two may be open at once and the child must be counted once.
    SELECT a.worker, a.child, a.started, a.ended, d.dept_team_parent_name AS service,
           count(*) OVER (PARTITION BY a.worker, a.child) > 1 AS repeat
    FROM case_allocations a
    LEFT JOIN ssd_professionals w ON w.prof_professional_id = a.worker
    LEFT JOIN ssd_department d ON d.dept_team_id = coalesce(a.team, w.prof_professional_department)
),
single AS MATERIALIZED (
    -- Children held per service through a worker's only allocation of them: one row is one child,
    -- so a count of rows (tens of millions at national scale) needs no distinct.
    SELECT p.period_id, p.period_end, a.worker, a.service, count(a.child) AS n, max(a.started) AS latest
    FROM periods p
    JOIN allocation a ON a.started <= p.period_end AND (a.ended IS NULL OR a.ended > p.period_end)
    WHERE NOT a.repeat
    GROUP BY ALL
),
repeated AS MATERIALIZED (
    -- The other allocations open at each period end (the rule of open_case_allocations).
    SELECT p.period_id, p.period_end, a.worker, a.service, a.child, a.started
    FROM periods p
    JOIN allocation a ON a.started <= p.period_end AND (a.ended IS NULL OR a.ended > p.period_end)
    WHERE a.repeat
),
by_service AS (
    -- A child is in one part or the other for a given worker, so the parts add up.
    SELECT period_id, worker, service, sum(n) AS n, max(latest) AS latest
    FROM (
        SELECT period_id, worker, service, n, latest FROM single
        UNION ALL
        SELECT period_id, worker, service, count(DISTINCT child), max(started)
        FROM repeated GROUP BY ALL
    )
    GROUP BY ALL
),
main_service AS (
    SELECT period_id, worker, service
    FROM by_service
    QUALIFY row_number() OVER (
        PARTITION BY period_id, worker ORDER BY n DESC, latest DESC, service
    ) = 1
),
caseload AS (
    -- A child held by one worker in two services is counted once (in the repeated part).
    SELECT period_id, period_end, worker, sum(n) AS cases
    FROM (
        SELECT period_id, period_end, worker, n FROM single
        UNION ALL
        SELECT period_id, period_end, worker, count(DISTINCT child) FROM repeated GROUP BY ALL
    )
    GROUP BY ALL
),
assignment AS (
    -- The worker's staff assignment in force at the period end (see the header).
    SELECT p.period_id, s.wstaf_professional_id AS worker,
           arg_max(s.wstaf_fte, (s.wstaf_start_date, s.wstaf_assignment_id)) AS fte,
           arg_max(s.wstaf_nqsw, (s.wstaf_start_date, s.wstaf_assignment_id)) AS nqsw
    FROM periods p
    JOIN ext_workforce_staff s
      ON s.wstaf_start_date <= p.period_end
     AND (s.wstaf_end_date IS NULL OR s.wstaf_end_date >= p.period_end)
    WHERE s.wstaf_professional_id IS NOT NULL
    GROUP BY ALL
),
workers AS (
    SELECT c.period_id, c.period_end, c.worker, c.cases, a.nqsw,
           coalesce(a.fte, w.prof_full_time_equivalency) AS fte
    FROM caseload c
    LEFT JOIN assignment a ON a.period_id = c.period_id AND a.worker = c.worker
    LEFT JOIN ssd_professionals w ON w.prof_professional_id = c.worker
)
SELECT k.period_id, k.period_end, k.worker, k.cases,
       CASE WHEN k.fte > 0 THEN k.fte ELSE 1.0 END AS fte,
       k.nqsw, m.service
FROM workers k
LEFT JOIN main_service m ON m.period_id = k.period_id AND m.worker = k.worker;
