-- W1 a: cases held and FTE at the month end for each case-holding worker whose cases are mainly in Assessment teams.
WITH held AS (
    -- Cases held at each month end: a child's allocation (role SW, PA or empty) that started on or
    -- before the month end and had not ended by it. An allocation ended on the month end is not
    -- held at its end (the next worker's allocation, starting that day, is).
    SELECT p.period_id, p.period_end,
           i.invo_professional_id AS worker,
           i.invo_person_id AS child,
           d.dept_team_parent_name AS service,
           i.invo_involvement_start_date AS started
    FROM periods p
    JOIN ssd_involvements i
      ON i.invo_involvement_start_date <= p.period_end
     AND (i.invo_involvement_end_date IS NULL OR i.invo_involvement_end_date > p.period_end)
    LEFT JOIN ssd_professionals w ON w.prof_professional_id = i.invo_professional_id
    LEFT JOIN ssd_department d
      ON d.dept_team_id = coalesce(i.invo_professional_team, w.prof_professional_department)
    WHERE coalesce(upper(i.invo_professional_role_id), 'SW') IN ('SW', 'PA')
),
by_service AS (
    SELECT period_id, worker, service, count(DISTINCT child) AS n, max(started) AS latest
    FROM held
    GROUP BY ALL
),
main_service AS (
    -- A worker belongs to the service where they hold most of their cases at the month end
    -- (on a tie, the service of their most recent allocation).
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
    -- The worker's staff assignment in force at the month end (start to end date inclusive; the
    -- latest-started where two overlap, e.g. on the day an agency worker becomes permanent).
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
    -- FTE from the assignment, else the case-system record; missing or 0 counts as full time.
    SELECT c.period_id, c.worker, c.cases, a.nqsw,
           coalesce(a.fte, w.prof_full_time_equivalency) AS fte
    FROM caseload c
    LEFT JOIN assignment a ON a.period_id = c.period_id AND a.worker = c.worker
    LEFT JOIN ssd_professionals w ON w.prof_professional_id = c.worker
)
SELECT k.period_id, k.worker AS subject_id, k.cases AS numerator,
       CASE WHEN k.fte > 0 THEN k.fte ELSE 1.0 END AS denominator
FROM workers k
JOIN main_service m ON m.period_id = k.period_id AND m.worker = k.worker
WHERE m.service = 'Assessment'
