-- CP 2 years evidence: each child protection plan ending in the month (one per child per end
-- date, from the earlier start where two end the same day; plans held by another local authority
-- left out), and how long it had lasted.
--   * second_anniversary: the plan start plus 2 years (28 February for a plan started on
--     29 February). A plan ending on or after it lasted 2 years or more.
--   * days_on_plan: the days from the start to the end.
WITH ended AS (
    SELECT p.period_id, c.cppl_person_id AS person_id, c.cppl_cp_plan_end_date AS plan_end,
           min(c.cppl_cp_plan_start_date) AS plan_start
    FROM ssd_cp_plans c
    JOIN period_days p ON p.day = c.cppl_cp_plan_end_date
    WHERE coalesce(c.cppl_cp_plan_ola, 'N') <> 'Y'
    GROUP BY ALL
)
SELECT
    period_id,
    person_id || '-' || strftime(plan_end, '%Y%m%d') AS subject_id,
    person_id,
    plan_start,
    plan_end,
    CAST(plan_start + INTERVAL 2 YEAR AS DATE) AS second_anniversary,
    plan_end - plan_start AS days_on_plan
FROM ended
