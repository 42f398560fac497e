-- CLA 20 short-term evidence: each child looked after at the month end (shared/looked_after.sql)
-- and the placements they were in during the 12 months ending at it, counted as the indicator
-- counts them (view dfe_placements, shared/placement_stability.sql: a new placement at an episode
-- with RNE S, P or B, or the child's first episode or one after a gap in care; T, U and L continue
-- it; episodes begun on short breaks left out).
--   * year_from: the first day of the 12 months (1 April for 31 March).
--   * placements_in_year: the placements the child was in on some day from year_from to the month
--     end; 3 or more is the numerator.
--   * placements_began: when each of them began (yyyy-mm-dd, earliest first; the first may be
--     before year_from: the placement the child was in when the year began).
SELECT
    la.period_id,
    la.person_id AS subject_id,
    la.person_id,
    la.care_start,
    CAST(date_trunc('month', la.period_end) - INTERVAL 11 MONTH AS DATE) AS year_from,
    count(p.person_id) AS placements_in_year,
    string_agg(CAST(p.started AS VARCHAR), ', ' ORDER BY p.started) AS placements_began
FROM looked_after la
LEFT JOIN dfe_placements p
  ON p.person_id = la.person_id
 AND p.started <= la.period_end
 AND p.ceased > CAST(date_trunc('month', la.period_end) - INTERVAL 11 MONTH AS DATE)
GROUP BY la.period_id, la.person_id, la.period_end, la.care_start
