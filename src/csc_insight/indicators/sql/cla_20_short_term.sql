-- CLA 20 short-term: percentage of children looked after at the month end who had 3 or more placements in the 12 months ending at it (DfE placement stability, short-term).
-- Placements as the DfE counts them: view dfe_placements (shared/placement_stability.sql).
SELECT
    la.period_id,
    la.person_id AS subject_id,
    CASE WHEN count(p.person_id) >= 3 THEN 1 ELSE 0 END AS numerator,
    1 AS denominator
FROM looked_after la
-- The placements the child was in on any day of the 12 months ending at the month end (from the
-- first day of the month 11 months before: 1 April to 31 March for March).
LEFT JOIN dfe_placements p
  ON p.person_id = la.person_id
 AND p.started <= la.period_end
 AND p.ceased > CAST(date_trunc('month', la.period_end) - INTERVAL 11 MONTH AS DATE)
GROUP BY la.period_id, la.person_id
