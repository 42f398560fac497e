-- WF 9: newly qualified social workers (in their assessed and supported year in employment) in post at the month end.
-- Social workers in post: shared/social_workers.sql.
SELECT period_id, staff_id AS subject_id, 1 AS numerator, NULL::DOUBLE AS denominator, team_id
FROM social_workers
WHERE nqsw = 'Y'
