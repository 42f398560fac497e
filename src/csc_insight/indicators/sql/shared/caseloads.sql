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
WITH held AS (
    SELECT a.period_id, a.period_end, a.worker, a.child, a.started,
           d.dept_team_parent_name AS service
    FROM open_case_allocations a
    LEFT JOIN ssd_professionals w ON w.prof_professional_id = a.worker
    LEFT JOIN ssd_department d ON d.dept_team_id = coalesce(a.team, w.prof_professional_department)
),
by_service AS (
    SELECT period_id, worker, service, count(DISTINCT child) AS n, max(started) AS latest
    FROM held
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
    SELECT period_id, period_end, worker, count(DISTINCT child) AS cases
    FROM held
    GROUP BY ALL
),
assignment AS (
    SELECT p.period_id, s.wstaf_professional_id AS worker, s.wstaf_fte AS fte, s.wstaf_nqsw AS nqsw
    FROM periods p
    JOIN ext_workforce_staff s
      ON s.wstaf_start_date <= p.period_end
     AND (s.wstaf_end_date IS NULL OR s.wstaf_end_date >= p.period_end)
    WHERE s.wstaf_professional_id IS NOT NULL
    QUALIFY row_number() OVER (
        PARTITION BY p.period_id, s.wstaf_professional_id
        ORDER BY s.wstaf_start_date DESC, s.wstaf_assignment_id DESC
    ) = 1
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
