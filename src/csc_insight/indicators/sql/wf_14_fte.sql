-- WF 14 FTE: social workers (grade 11+) in post at the month end, their FTE, and whether each is
-- agency staff: the DfE's agency rate, agency FTE / (agency FTE + directly employed FTE).
-- Social workers in post: shared/social_workers.sql. FTEs as decimals, so their sum is exact.
SELECT period_id, staff_id AS subject_id,
       CASE WHEN agency = 'Y' THEN CAST(fte AS DECIMAL(12, 6)) ELSE 0 END AS numerator,
       CAST(fte AS DECIMAL(12, 6)) AS denominator,
       team_id
FROM social_workers
