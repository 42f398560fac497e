-- WF 14 FTE evidence: each social worker (grade 11+) in post at the month end
-- (shared/social_workers.sql), a worker not a child; agency Y counts, at their FTE.
--   * fte: the FTE of their assignment in force at the month end, what they add to the figure.
--   * in_post_since: the start of their current assignment; continuously_since: the start of
--     their unbroken run on the same footing (direct or agency, shared/staff_runs.sql).
SELECT
    s.period_id,
    s.staff_id AS subject_id,
    CAST(NULL AS VARCHAR) AS person_id,
    w.prof_professional_name AS worker_name,
    s.role,
    coalesce(t.dept_team_name, s.team_id) AS team,
    s.agency,
    s.fte,
    s.nqsw,
    s.start_date AS in_post_since,
    s.continuous_start AS continuously_since
FROM social_workers s
LEFT JOIN ssd_professionals w ON w.prof_professional_id = s.professional_id
LEFT JOIN ssd_department t ON t.dept_team_id = s.team_id
