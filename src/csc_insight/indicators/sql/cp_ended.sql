-- CP ended: child protection plans ending in the month (one per child per end date; plans held by another LA left out).
SELECT DISTINCT
    p.period_id,
    c.cppl_person_id || '-' || strftime(c.cppl_cp_plan_end_date, '%Y%m%d') AS subject_id,
    1 AS numerator,
    NULL AS denominator
FROM ssd_cp_plans c
JOIN period_days p ON p.day = c.cppl_cp_plan_end_date
WHERE coalesce(c.cppl_cp_plan_ola, 'N') <> 'Y'
