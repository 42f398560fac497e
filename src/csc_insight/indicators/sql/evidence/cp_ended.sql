-- CP ended evidence: each child protection plan ending in the month (one per child per end date;
-- plans held by another local authority left out), when it started (the earlier start where two
-- end the same day) and its latest category of abuse.
SELECT
    p.period_id,
    c.cppl_person_id || '-' || strftime(c.cppl_cp_plan_end_date, '%Y%m%d') AS subject_id,
    c.cppl_person_id AS person_id,
    min(c.cppl_cp_plan_start_date) AS plan_start,
    c.cppl_cp_plan_end_date AS plan_end,
    string_agg(DISTINCT c.cppl_cp_plan_latest_category, ', ') AS latest_category
FROM ssd_cp_plans c
JOIN period_days p ON p.day = c.cppl_cp_plan_end_date
WHERE coalesce(c.cppl_cp_plan_ola, 'N') <> 'Y'
GROUP BY p.period_id, c.cppl_person_id, c.cppl_cp_plan_end_date
