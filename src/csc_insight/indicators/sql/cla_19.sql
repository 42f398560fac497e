-- CLA 19: children looked after at the month end and in care 12+ months who have had the same allocated social worker for the last 6 months.
WITH in_care AS (
    -- Looked after at the month end (not on short breaks, V3/V4), with the start of the current
    -- period of care: shared/looked_after.sql.
    SELECT la.period_id, p.period_start, la.period_end, la.person_id AS person, la.care_start
    FROM looked_after la
    JOIN periods p ON p.period_id = la.period_id
),
allocations AS (
    SELECT invo_person_id AS person, invo_professional_id AS worker,
           invo_involvement_start_date AS start_date,
           coalesce(invo_involvement_end_date, DATE '9999-12-31') AS end_date
    FROM ssd_involvements
    -- An allocated social worker: role SW, or no role recorded (read as SW, as in case_allocations).
    WHERE coalesce(upper(invo_professional_role_id), 'SW') = 'SW'
      -- Only children looked after at some month end need their spells (a small share of all).
      AND invo_person_id IN (SELECT person_id FROM looked_after)
),
flagged AS (
    -- A worker's allocations to a child that overlap or follow on the next day are one spell
    -- (e.g. the case moved team with its worker).
    SELECT *,
           CASE WHEN start_date <= max(end_date) OVER (
                    PARTITION BY person, worker ORDER BY start_date, end_date
                    ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) + INTERVAL 1 DAY
                THEN 0 ELSE 1 END AS new_spell
    FROM allocations
),
numbered AS (
    SELECT *, sum(new_spell) OVER (
               PARTITION BY person, worker ORDER BY start_date, end_date ROWS UNBOUNDED PRECEDING) AS spell
    FROM flagged
),
spells AS (
    SELECT person, worker, min(start_date) AS start_date, max(end_date) AS end_date
    FROM numbered
    GROUP BY person, worker, spell
)
SELECT
    la.period_id,
    la.person AS subject_id,
    -- One worker throughout the six calendar months ending at the month end (1 October to 31 March for March).
    CASE WHEN EXISTS (
        SELECT 1 FROM spells s
        WHERE s.person = la.person
          AND s.start_date <= la.period_start - INTERVAL 5 MONTH
          AND s.end_date >= la.period_end
    ) THEN 1 ELSE 0 END AS numerator,
    1 AS denominator
FROM in_care la
-- In care 12 months or more: the period of care began on or before the same date a year before.
WHERE la.care_start + INTERVAL 12 MONTH <= la.period_end
