-- WF agency cost evidence: each agency social worker (grade 11+) in post at the month end
-- (shared/social_workers.sql), a worker not a child, and what they add to the month's cost.
--   * fte: the FTE of their assignment in force at the month end.
--   * monthly_premium: fte x agency_premium_per_fte_year / 12, their part of the figure (the
--     figure is the sum of this column).
SELECT
    s.period_id,
    s.staff_id || '-' || s.period_id AS subject_id,
    CAST(NULL AS VARCHAR) AS person_id,
    w.prof_professional_name AS worker_name,
    s.role,
    coalesce(t.dept_team_name, s.team_id) AS team,
    s.fte,
    CAST(s.fte AS DECIMAL(12, 6)) * getvariable('agency_premium_per_fte_year') / 12
        AS monthly_premium,
    s.start_date AS in_post_since,
    s.continuous_start AS agency_here_since
FROM social_workers s
LEFT JOIN ssd_professionals w ON w.prof_professional_id = s.professional_id
LEFT JOIN ssd_department t ON t.dept_team_id = s.team_id
WHERE s.agency = 'Y'
