-- CP 13: children on a CP plan at the month end who were seen on a visit within the last 20 working days (setting cp_visit_working_days).
WITH on_plan AS (
    -- plan_start: the start of the earliest of the child's open plans.
    SELECT period_id, period_end, person_id AS person, plan_start FROM on_cp_plan
),
seen AS (
    SELECT cppv_person_id AS person, cppv_cp_visit_date AS visit_date
    FROM ssd_cp_visits
    WHERE cppv_cp_visit_seen = 'Y' AND cppv_cp_visit_date IS NOT NULL
),
last_seen AS (
    -- The latest visit with the child seen on or before the month end.
    SELECT o.period_id, o.person, v.visit_date
    FROM on_plan o
    ASOF JOIN seen v ON v.person = o.person AND v.visit_date <= o.period_end
),
judged AS (
    SELECT
        o.period_id,
        o.person,
        coalesce(month_end.cal_working_day_number - visit.cal_working_day_number
                 <= getvariable('cp_visit_working_days'), false) AS visited,
        coalesce(month_end.cal_working_day_number - plan_start.cal_working_day_number
                 < getvariable('cp_visit_working_days'), false) AS new_plan
    FROM on_plan o
    LEFT JOIN last_seen l ON l.period_id = o.period_id AND l.person = o.person
    JOIN calendar month_end ON month_end.cal_date = o.period_end
    LEFT JOIN calendar plan_start ON plan_start.cal_date = o.plan_start
    LEFT JOIN calendar visit ON visit.cal_date = l.visit_date
)
SELECT period_id, person AS subject_id, CASE WHEN visited THEN 1 ELSE 0 END AS numerator, 1 AS denominator
FROM judged
-- A plan younger than the window whose child has not been seen yet is not yet due a visit.
WHERE visited OR NOT new_plan
