-- WF 1 evidence: each social worker (grade 11+: social worker, senior practitioner, team
-- manager; direct or agency) in post at the month end and holding cases
-- (shared/social_worker_case_holding.sql), a worker not a child.
--   * case_holding_flag: the assignment's Case holding flag as given (Y or N decides); cases: the
--     children they hold at the month end (shared/caseloads.sql), which decide where the flag is
--     empty.
SELECT
    s.period_id,
    s.staff_id AS subject_id,
    CAST(NULL AS VARCHAR) AS person_id,
    w.prof_professional_name AS worker_name,
    s.role,
    coalesce(t.dept_team_name, s.team_id) AS team,
    s.agency,
    s.case_holding_flag,
    coalesce(c.cases, 0) AS cases
FROM social_worker_case_holding s
LEFT JOIN caseloads c ON c.period_id = s.period_id AND c.worker = s.professional_id
LEFT JOIN ssd_professionals w ON w.prof_professional_id = s.professional_id
LEFT JOIN ssd_department t ON t.dept_team_id = s.team_id
WHERE s.holds_cases
