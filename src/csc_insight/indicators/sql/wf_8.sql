-- WF 8: agency social workers (grade 11+) in post at the month end who have worked here through an agency for 12 months or more.
-- Social workers in post and the start of their run of agency work: shared/social_workers.sql.
SELECT period_id, staff_id AS subject_id, 1 AS numerator, NULL::DOUBLE AS denominator, team_id
FROM social_workers
WHERE agency = 'Y'
  AND continuous_start <= CAST(period_end - to_months(12) AS DATE)
