-- CLA 19: children looked after at the month end and in care 12+ months who have had the same allocated social worker for the last 6 months.
WITH in_care AS (
    -- Looked after at the month end (not on short breaks, V3/V4), with the start of the current
    -- period of care: shared/looked_after.sql.
    SELECT period_id, period_end, person_id AS person, care_start FROM looked_after
),
allocations AS (
    SELECT invo_person_id AS person, invo_professional_id AS worker,
           invo_involvement_start_date AS start_date,
           coalesce(invo_involvement_end_date, DATE '9999-12-31') AS end_date
    FROM ssd_involvements
    -- An allocated social worker: role SW, or no role recorded (read as SW, as in case_allocations).
    WHERE coalesce(upper(invo_professional_role_id), 'SW') = 'SW'
      -- Only children with a CLA episode need their spells (a small share of all).
      AND invo_person_id IN (SELECT clae_person_id FROM ssd_cla_episodes)
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
),
same_worker AS (
    -- Each child's month keys at whose end one worker has held the case throughout the six
    -- calendar months ending there (1 October to 31 March for March): a spell that started on or
    -- before the first day of the month five months before (from the month of the day before its
    -- start plus six) and ended on or after the month end (to the month before the day after).
    SELECT person, month_set(month_key) AS months
    FROM (
        SELECT person,
               unnest(open_month_keys(CAST(start_date - 1 + INTERVAL 6 MONTH AS DATE), end_date + 1))
                   AS month_key
        FROM spells
    )
    GROUP BY ALL
)
SELECT
    la.period_id,
    la.person AS subject_id,
    CASE WHEN in_month_set(w.months, month_key(la.period_end)) THEN 1 ELSE 0 END AS numerator,
    1 AS denominator
FROM in_care la
LEFT JOIN same_worker w ON w.person = la.person
-- In care 12 months or more: the period of care began on or before the same date a year before.
WHERE la.care_start + INTERVAL 12 MONTH <= la.period_end
