-- W1 evidence: every case-holding social worker at the month end, a worker not a child: the
-- children they hold as social worker, their FTE and their main service.
--   * cases: the children allocated to them as social worker (role SW or none) open at the month
--     end, each once (as sql/w1.sql); all_cases adds those they hold as personal adviser (role
--     PA), the count W1 local uses (shared/caseloads.sql).
--   * fte: from their staff assignment then, else the case-system record (missing or 0 counts as
--     1); service: that of the team where they hold most of their cases (shared/caseloads.sql).
SELECT
    c.period_id,
    c.worker AS subject_id,
    CAST(NULL AS VARCHAR) AS person_id,
    w.prof_professional_name AS worker_name,
    w.prof_professional_job_title AS job_title,
    c.service,
    h.cases,
    c.cases AS all_cases,
    c.fte,
    c.nqsw
FROM (
    SELECT p.period_id, i.invo_professional_id AS worker, count(DISTINCT i.invo_person_id) AS cases
    FROM periods p
    JOIN ssd_involvements i
      ON i.invo_involvement_start_date <= p.period_end
     AND (i.invo_involvement_end_date IS NULL OR i.invo_involvement_end_date > p.period_end)
    WHERE coalesce(upper(i.invo_professional_role_id), 'SW') = 'SW'
    GROUP BY ALL
) h
JOIN caseloads c ON c.period_id = h.period_id AND c.worker = h.worker
LEFT JOIN ssd_professionals w ON w.prof_professional_id = c.worker
