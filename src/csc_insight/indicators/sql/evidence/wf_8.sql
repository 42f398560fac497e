-- WF 8 evidence: each agency social worker (grade 11+) in post at the month end who has worked
-- here through an agency for 12 months or more (shared/social_workers.sql), a worker not a
-- child.
--   * continuously_since: the start of their unbroken run on this footing (shared/staff_runs.sql);
--     needed_since: the same calendar date 12 months before the month end. On or before it counts.
SELECT
    s.period_id,
    s.staff_id AS subject_id,
    CAST(NULL AS VARCHAR) AS person_id,
    w.prof_professional_name AS worker_name,
    s.role,
    coalesce(t.dept_team_name, s.team_id) AS team,
    s.agency,
    s.start_date AS in_post_since,
    s.continuous_start AS continuously_since,
    CAST(s.period_end - to_months(12) AS DATE) AS needed_since
FROM social_workers s
LEFT JOIN ssd_professionals w ON w.prof_professional_id = s.professional_id
LEFT JOIN ssd_department t ON t.dept_team_id = s.team_id
WHERE s.agency = 'Y'
  AND s.continuous_start <= CAST(s.period_end - to_months(12) AS DATE)
