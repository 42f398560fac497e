-- W1 local evidence: every case-holding worker (allocated social workers and personal advisers)
-- at the month end (shared/caseloads.sql), a worker not a child: the cases they hold, their FTE
-- and their main service.
--   * cases: the children they hold at the month end (an open SW, PA or unlabelled allocation),
--     each once; fte: from their staff assignment then, else the case-system record (missing or
--     0 counts as 1); service: that of the team where they hold most of their cases.
SELECT
    c.period_id,
    c.worker AS subject_id,
    CAST(NULL AS VARCHAR) AS person_id,
    w.prof_professional_name AS worker_name,
    w.prof_professional_job_title AS job_title,
    c.service,
    c.cases,
    c.fte,
    c.nqsw
FROM caseloads c
LEFT JOIN ssd_professionals w ON w.prof_professional_id = c.worker
