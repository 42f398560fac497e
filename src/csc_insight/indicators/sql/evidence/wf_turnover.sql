-- WF turnover evidence: the DfE turnover rate's parts for the 12 months to the month end, not
-- children: each establishment social worker (grade 11+) who left the council in those months
-- (counts, at the FTE they left with) and each one in post at the month end
-- (shared/social_workers.sql; in the denominator only, at their FTE).
--   * left_on: the leaver's last day (empty for those in post); leaving_reason as recorded.
--   * fte: what each adds to the figure; in_post_since: the start of the assignment.
SELECT
    p.period_id,
    'leaver ' || s.wstaf_assignment_id AS subject_id,
    CAST(NULL AS VARCHAR) AS person_id,
    'leaver' AS counted_as,
    w.prof_professional_name AS worker_name,
    s.wstaf_role AS role,
    coalesce(t.dept_team_name, s.wstaf_team_id) AS team,
    s.wstaf_fte AS fte,
    s.wstaf_start_date AS in_post_since,
    s.wstaf_end_date AS left_on,
    s.wstaf_leaving_reason AS leaving_reason
FROM periods p
JOIN ext_workforce_staff s
  ON s.wstaf_end_date <= p.period_end
 AND s.wstaf_end_date > p.period_end - INTERVAL 12 MONTH
LEFT JOIN ssd_professionals w ON w.prof_professional_id = s.wstaf_professional_id
LEFT JOIN ssd_department t ON t.dept_team_id = s.wstaf_team_id
WHERE s.wstaf_agency = 'N'
  AND social_work_role(s.wstaf_role)
  AND s.wstaf_leaving_reason IS NOT NULL
QUALIFY row_number() OVER (
    PARTITION BY p.period_id, s.wstaf_staff_id, s.wstaf_end_date ORDER BY s.wstaf_assignment_id DESC
) = 1
UNION ALL
SELECT
    s.period_id,
    'staff ' || s.staff_id AS subject_id,
    CAST(NULL AS VARCHAR) AS person_id,
    'in post' AS counted_as,
    w.prof_professional_name AS worker_name,
    s.role,
    coalesce(t.dept_team_name, s.team_id) AS team,
    s.fte,
    s.start_date AS in_post_since,
    CAST(NULL AS DATE) AS left_on,
    CAST(NULL AS VARCHAR) AS leaving_reason
FROM social_workers s
LEFT JOIN ssd_professionals w ON w.prof_professional_id = s.professional_id
LEFT JOIN ssd_department t ON t.dept_team_id = s.team_id
WHERE s.agency = 'N'
