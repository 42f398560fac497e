-- WF 11 evidence: each social worker (grade 11+) who started employment with the council in the
-- month: the first day of a run of direct employment (shared/staff_runs.sql), a worker not a
-- child.
SELECT
    p.period_id,
    r.staff_id AS subject_id,
    CAST(NULL AS VARCHAR) AS person_id,
    w.prof_professional_name AS worker_name,
    r.role,
    coalesce(t.dept_team_name, s.wstaf_team_id) AS team,
    r.run_start AS started
FROM period_days p
JOIN staff_runs r ON r.run_start = p.day
JOIN ext_workforce_staff s ON s.wstaf_assignment_id = r.assignment_id
LEFT JOIN ssd_professionals w ON w.prof_professional_id = s.wstaf_professional_id
LEFT JOIN ssd_department t ON t.dept_team_id = s.wstaf_team_id
WHERE r.agency = 'N'
  AND social_work_role(r.role)
QUALIFY row_number() OVER (PARTITION BY p.period_id, r.staff_id ORDER BY r.assignment_id) = 1
