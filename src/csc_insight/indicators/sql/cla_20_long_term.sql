-- CLA 20 long-term: percentage of children under 16 looked after at the month end for 2.5 years or more who have been in the same placement for 2 years, or placed for adoption with their adoptive and previous placements lasting 2 years together (DfE placement stability, long-term).
WITH cohort AS (
    -- Looked after at the month end, continuously for 2.5 years (the current period of care
    -- began 30 calendar months or more before: 31 August 2018 reaches it on 28 February 2021)
    -- and under 16 (the 16th birthday after the month end; no date of birth, no age: left out).
    SELECT la.period_id, la.period_end, la.person_id, la.care_start
    FROM looked_after la
    JOIN ssd_person pe ON pe.pers_person_id = la.person_id
    WHERE la.care_start + INTERVAL 30 MONTH <= la.period_end
      AND (pe.pers_dob - INTERVAL 1 DAY) + INTERVAL 16 YEAR + INTERVAL 1 DAY > la.period_end
),
current AS (
    -- The placement the child is in at the month end (the latest begun, should two be open), as
    -- the DfE counts placements: view dfe_placements (shared/placement_stability.sql).
    SELECT c.period_id, c.person_id, s.started, s.previous_from
    FROM cohort c
    JOIN dfe_placements s
      ON s.person_id = c.person_id AND s.started <= c.period_end AND s.ceased > c.period_end
    QUALIFY row_number() OVER (PARTITION BY c.period_id, c.person_id ORDER BY s.started DESC) = 1
),
placed_for_adoption AS (
    -- Placed for adoption at the month end: the placement record open at it (the latest started)
    -- has a type beginning A (A3 to A6).
    SELECT c.period_id, c.person_id, pl.clap_cla_placement_type LIKE 'A%' AS adoption
    FROM cohort c
    JOIN ssd_cla_placement pl
      ON pl.clap_person_id = c.person_id
     AND pl.clap_cla_placement_start_date <= c.period_end
     AND (pl.clap_cla_placement_end_date IS NULL OR pl.clap_cla_placement_end_date > c.period_end)
    QUALIFY row_number() OVER (PARTITION BY c.period_id, c.person_id
                               ORDER BY pl.clap_cla_placement_start_date DESC,
                                        pl.clap_cla_placement_id DESC) = 1
)
SELECT
    c.period_id,
    c.person_id AS subject_id,
    -- In the same placement for 2 years (begun on or before the same date 24 calendar months
    -- before), or placed for adoption and the placement before the adoptive one began then.
    CASE WHEN cur.started + INTERVAL 24 MONTH <= c.period_end
              OR (coalesce(a.adoption, false)
                  AND cur.previous_from + INTERVAL 24 MONTH <= c.period_end)
         THEN 1 ELSE 0 END AS numerator,
    1 AS denominator
FROM cohort c
LEFT JOIN current cur ON cur.period_id = c.period_id AND cur.person_id = c.person_id
LEFT JOIN placed_for_adoption a ON a.period_id = c.period_id AND a.person_id = c.person_id
