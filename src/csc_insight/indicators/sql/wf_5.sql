-- WF 5: agency social workers (grade 11+) in post at the month end.
-- Social workers in post: shared/social_workers.sql.
SELECT period_id, staff_id AS subject_id, 1 AS numerator, NULL::DOUBLE AS denominator, team_id
FROM social_workers
WHERE agency = 'Y'
