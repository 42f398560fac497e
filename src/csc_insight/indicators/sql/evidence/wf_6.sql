-- WF 6 evidence: each case-holding social worker (grade 11+) at the month end
-- (shared/social_worker_case_holding.sql), a worker not a child, and their last personal
-- supervision.
--   * last_supervision: the latest personal supervision (ext_staff_supervision) on or before the
--     month end; supervised_from: the month end minus staff_supervision_days (30 by default) plus
--     one. A supervision on or after it counts.
SELECT
    s.period_id,
    s.staff_id AS subject_id,
    CAST(NULL AS VARCHAR) AS person_id,
    w.prof_professional_name AS worker_name,
    s.role,
    coalesce(t.dept_team_name, s.team_id) AS team,
    s.agency,
    (
        SELECT max(v.ssup_supervision_date) FROM ext_staff_supervision v
        WHERE v.ssup_staff_id = s.staff_id AND v.ssup_supervision_date <= s.period_end
    ) AS last_supervision,
    CAST(s.period_end - getvariable('staff_supervision_days') + 1 AS DATE) AS supervised_from
FROM social_worker_case_holding s
LEFT JOIN ssd_professionals w ON w.prof_professional_id = s.professional_id
LEFT JOIN ssd_department t ON t.dept_team_id = s.team_id
WHERE s.holds_cases
