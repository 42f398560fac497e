-- WF 11: social workers (grade 11+) who started employment with the council in the month (the first day of a run of direct employment).
-- Assignments that start a run of direct employment (agency N): shared/staff_runs.sql; the role is
-- the starting assignment's (shared/social_work_role.sql).
SELECT DISTINCT p.period_id, r.staff_id AS subject_id, 1 AS numerator, NULL::DOUBLE AS denominator
FROM period_days p
JOIN staff_runs r ON r.run_start = p.day
WHERE r.agency = 'N'
  AND social_work_role(r.role)
