-- WF 10 evidence: each establishment social worker (grade 11+, employed directly) who left the
-- council in the month (an assignment ending in the month with a leaving reason), a worker not a
-- child.
--   * left: the last day of that assignment (the latest, should two end in the month).
SELECT
    p.period_id,
    s.wstaf_staff_id AS subject_id,
    CAST(NULL AS VARCHAR) AS person_id,
    w.prof_professional_name AS worker_name,
    s.wstaf_role AS role,
    coalesce(t.dept_team_name, s.wstaf_team_id) AS team,
    s.wstaf_start_date AS assignment_start,
    s.wstaf_end_date AS left_on,
    s.wstaf_leaving_reason AS leaving_reason
FROM period_days p
JOIN ext_workforce_staff s ON s.wstaf_end_date = p.day
LEFT JOIN ssd_professionals w ON w.prof_professional_id = s.wstaf_professional_id
LEFT JOIN ssd_department t ON t.dept_team_id = s.wstaf_team_id
WHERE s.wstaf_agency = 'N'
  AND social_work_role(s.wstaf_role)
  AND s.wstaf_leaving_reason IS NOT NULL
QUALIFY row_number() OVER (
    PARTITION BY p.period_id, s.wstaf_staff_id
    ORDER BY s.wstaf_end_date DESC, s.wstaf_assignment_id DESC
) = 1
