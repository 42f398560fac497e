-- CP 13: children on a CP plan at the month end who were seen on a visit within the last 20 working days (setting cp_visit_working_days).
WITH on_plan AS (
    -- plan_start: the start of the earliest of the child's open plans.
    SELECT period_id, period_end, person_id AS person, plan_start FROM on_cp_plan
),
seen AS (
    -- Each child's visits with the child seen, as the months they count for: those whose end is
    -- on or after the visit and no more than cp_visit_working_days working days after it (by
    -- cal_working_day_number; a set of month ends per day, and their union per child).
    SELECT v.cppv_person_id AS person, month_set_union(w.months) AS months
    FROM ssd_cp_visits v
    JOIN (
        SELECT d.cal_date AS day, month_set(p.month_key) AS months
        FROM periods p
        JOIN calendar e ON e.cal_date = p.period_end
        JOIN calendar d
          ON d.cal_date <= p.period_end
         AND e.cal_working_day_number - d.cal_working_day_number
             <= getvariable('cp_visit_working_days')
        GROUP BY d.cal_date
    ) w ON w.day = v.cppv_cp_visit_date
    WHERE v.cppv_cp_visit_seen = 'Y'
    GROUP BY ALL
),
judged AS (
    SELECT
        o.period_id,
        o.person,
        coalesce(in_month_set(l.months, month_key(o.period_end)), false) AS visited,
        coalesce(month_end.cal_working_day_number - plan_start.cal_working_day_number
                 < getvariable('cp_visit_working_days'), false) AS new_plan
    FROM on_plan o
    LEFT JOIN seen l ON l.person = o.person
    JOIN calendar month_end ON month_end.cal_date = o.period_end
    LEFT JOIN calendar plan_start ON plan_start.cal_date = o.plan_start
)
SELECT period_id, person AS subject_id, CASE WHEN visited THEN 1 ELSE 0 END AS numerator, 1 AS denominator
FROM judged
-- A plan younger than the window whose child has not been seen yet is not yet due a visit.
WHERE visited OR NOT new_plan
