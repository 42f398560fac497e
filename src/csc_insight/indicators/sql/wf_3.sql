-- WF 3: establishment social workers (grade 11+) in post at the month end who have been employed directly for 12 months or more.
-- Social workers in post and the start of their run of direct employment: shared/social_workers.sql.
SELECT period_id, staff_id AS subject_id, 1 AS numerator, NULL::DOUBLE AS denominator, team_id
FROM social_workers
WHERE agency = 'N'
  AND continuous_start <= CAST(period_end - to_months(12) AS DATE)
