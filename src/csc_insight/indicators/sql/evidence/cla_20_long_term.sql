-- CLA 20 long-term evidence: each child under 16 looked after at the month end whose period of
-- care began 2.5 years (30 months) or more before it, and their placements, counted as the
-- indicator counts them (view dfe_placements, shared/placement_stability.sql: a new placement at
-- RNE S, P or B; T, U and L continue it).
--   * date_of_birth, care_start: the age (under 16 at the month end) and the period of care.
--   * placement_from: when the placement the child is in at the month end began.
--   * placement_type: the type of the placement record open at the month end (A3 to A6: placed
--     for adoption).
--   * previous_placement_from: when the placement before it began.
--   * counted_from: the start that counts, placement_from, or for a child placed for adoption the
--     earlier of it and previous_placement_from (the adoptive and previous placements together).
--   * needed_from: the month end 24 calendar months before the month end (28 February 2022:
--     29 February 2020); in the numerator when counted_from is on or before it.
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
    SELECT c.period_id, c.person_id, pl.clap_cla_placement_type AS placement_type,
           pl.clap_cla_placement_type LIKE 'A%' AS adoption
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
    c.person_id,
    pe.pers_dob AS date_of_birth,
    c.care_start,
    cur.started AS placement_from,
    a.placement_type,
    cur.previous_from AS previous_placement_from,
    CASE WHEN coalesce(a.adoption, false) THEN least(cur.started, cur.previous_from)
         ELSE cur.started END AS counted_from,
    last_day(CAST(c.period_end - INTERVAL 24 MONTH AS DATE)) AS needed_from
FROM cohort c
JOIN ssd_person pe ON pe.pers_person_id = c.person_id
LEFT JOIN current cur ON cur.period_id = c.period_id AND cur.person_id = c.person_id
LEFT JOIN placed_for_adoption a ON a.period_id = c.period_id AND a.person_id = c.person_id
