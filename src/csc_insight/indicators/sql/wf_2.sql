-- WF 2: establishment social workers (grade 11+, employed directly, not agency) in post at the month end.
-- Social workers in post: shared/social_workers.sql.
SELECT period_id, staff_id AS subject_id, 1 AS numerator, NULL::DOUBLE AS denominator, team_id
FROM social_workers
WHERE agency = 'N'
