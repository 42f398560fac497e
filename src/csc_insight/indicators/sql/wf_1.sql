-- WF 1: social workers (grade 11+, employed directly or through an agency) in post and holding cases at the month end.
-- Social workers in post and whether they hold cases: shared/social_worker_case_holding.sql.
SELECT period_id, staff_id AS subject_id, 1 AS numerator, NULL::DOUBLE AS denominator, team_id
FROM social_worker_case_holding
WHERE holds_cases
