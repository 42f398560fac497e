-- WF agency cost: agency social workers (grade 11+) in post at the month end (one row each), each
-- costing a twelfth of the yearly agency premium per FTE (setting agency_premium_per_fte_year) for
-- their FTE. A longer period adds its months, so a subject is a worker at a month end:
-- staff-yyyy-mm. Social workers in post: shared/social_workers.sql. FTEs as decimals, so the sum is
-- exact before the engine rounds it.
SELECT period_id, staff_id || '-' || period_id AS subject_id,
       CAST(fte AS DECIMAL(12, 6)) * getvariable('agency_premium_per_fte_year') / 12 AS numerator,
       NULL::DOUBLE AS denominator,
       team_id
FROM social_workers
WHERE agency = 'Y'
