-- WF 14: social workers (grade 11+) in post at the month end, and whether each is agency staff.
-- Social workers in post: shared/social_workers.sql.
SELECT period_id, staff_id AS subject_id, CASE WHEN agency = 'Y' THEN 1 ELSE 0 END AS numerator, 1 AS denominator, team_id
FROM social_workers
