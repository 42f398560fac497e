-- CP starts evidence: each child becoming subject to a CP plan in the month (one start per child
-- per day; plans held by another local authority left out), and its initial category of abuse.
SELECT
    p.period_id,
    c.cppl_person_id || '-' || strftime(c.cppl_cp_plan_start_date, '%Y%m%d') AS subject_id,
    c.cppl_person_id AS person_id,
    c.cppl_cp_plan_start_date AS plan_start,
    string_agg(DISTINCT c.cppl_cp_plan_initial_category, ', ') AS initial_category
FROM ssd_cp_plans c
JOIN period_days p ON p.day = c.cppl_cp_plan_start_date
WHERE coalesce(c.cppl_cp_plan_ola, 'N') <> 'Y'
GROUP BY ALL
