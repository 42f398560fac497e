-- CP 2 years: child protection plans ending in the month (one per child per end date; plans held by another LA left out), and whether each had lasted 2 years or more (DfE 'Characteristics of children in need', plans ending by length of time).
WITH ended AS (
    -- Two plans of one child recorded as ending on the same day are one plan, from the earlier start.
    SELECT p.period_id, c.cppl_person_id AS person, c.cppl_cp_plan_end_date AS end_date,
           min(c.cppl_cp_plan_start_date) AS start_date
    FROM ssd_cp_plans c
    JOIN period_days p ON p.day = c.cppl_cp_plan_end_date
    WHERE coalesce(c.cppl_cp_plan_ola, 'N') <> 'Y'
    GROUP BY ALL
)
SELECT
    period_id,
    person || '-' || strftime(end_date, '%Y%m%d') AS subject_id,
    -- 2 years or more: ended on or after the plan's second anniversary (28 February for a
    -- plan started on 29 February).
    CASE WHEN end_date >= CAST(start_date + INTERVAL 2 YEAR AS DATE) THEN 1 ELSE 0 END AS numerator,
    1 AS denominator
FROM ended
