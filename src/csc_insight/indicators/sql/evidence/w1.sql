-- W1 evidence: every case-holding social worker at the month end, a worker not a child: the
-- children they hold as social worker, their FTE and their main service.
--   * cases: the children allocated to them as social worker (role SW or none) open at the month
--     end, each once (sw_cases, as sql/w1.sql); all_cases adds those they hold as personal
--     adviser (role PA), the count W1 local uses (shared/caseloads.sql).
--   * fte: from their staff assignment then, else the case-system record (missing or 0 counts as
--     1); service: that of the team where they hold most of their cases (shared/caseloads.sql).
SELECT
    c.period_id,
    c.worker AS subject_id,
    CAST(NULL AS VARCHAR) AS person_id,
    w.prof_professional_name AS worker_name,
    w.prof_professional_job_title AS job_title,
    c.service,
    c.sw_cases AS cases,
    c.cases AS all_cases,
    c.fte,
    c.nqsw
FROM caseloads c
LEFT JOIN ssd_professionals w ON w.prof_professional_id = c.worker
WHERE c.sw_cases IS NOT NULL
