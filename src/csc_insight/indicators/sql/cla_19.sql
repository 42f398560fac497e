-- CLA 19: children looked after at the month end and in care 12+ months who have had the same allocated social worker for the last 6 months.
WITH care_periods AS (
    -- First day of each period of care.
    SELECT clae_cla_id, min(clae_cla_episode_start_date) AS first_start
    FROM ssd_cla_episodes
    WHERE clae_cla_id IS NOT NULL
    GROUP BY clae_cla_id
),
looked_after AS (
    -- Looked after at the month end (not on short breaks, V3/V4), with the start of the current period of care.
    SELECT p.period_id, p.period_start, p.period_end, e.clae_person_id AS person,
           min(coalesce(e.clae_entered_care_date, cp.first_start, e.clae_cla_episode_start_date)) AS care_start
    FROM periods p
    JOIN ssd_cla_episodes e
      ON e.clae_cla_episode_start_date <= p.period_end
     AND (e.clae_cla_episode_ceased_date IS NULL OR e.clae_cla_episode_ceased_date > p.period_end)
    LEFT JOIN care_periods cp ON cp.clae_cla_id = e.clae_cla_id
    WHERE NOT EXISTS (
        SELECT 1 FROM ssd_legal_status l
        WHERE l.lega_person_id = e.clae_person_id
          AND l.lega_legal_status IN ('V3', 'V4')
          AND l.lega_legal_status_start_date <= p.period_end
          AND (l.lega_legal_status_end_date IS NULL OR l.lega_legal_status_end_date > p.period_end))
    GROUP BY p.period_id, p.period_start, p.period_end, e.clae_person_id
),
allocations AS (
    SELECT invo_person_id AS person, invo_professional_id AS worker,
           invo_involvement_start_date AS start_date,
           coalesce(invo_involvement_end_date, DATE '9999-12-31') AS end_date
    FROM ssd_involvements
    WHERE invo_professional_role_id = 'SW'
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
FROM looked_after la
-- In care 12 months or more: the period of care began on or before the same date a year before.
WHERE la.care_start + INTERVAL 12 MONTH <= la.period_end
