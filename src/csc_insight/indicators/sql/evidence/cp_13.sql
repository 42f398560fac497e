-- CP 13 evidence: each child on a CP plan at the month end (shared/on_cp_plan.sql), and their last
-- visit with the child seen.
--   * plan_start: the start of the earliest of the child's open plans.
--   * last_seen_visit: the latest visit on or before the month end at which the child was seen.
--   * working_days_since_visit: the working days from that visit to the month end (the
--     calendar's working-day numbers). cp_visit_working_days (20 by default) or fewer counts.
--   * plan_working_days: the working days from the plan start to the month end. A plan younger
--     than cp_visit_working_days whose child has not been seen yet is not due a visit, and is in
--     neither count (so not listed).
SELECT
    o.period_id,
    o.person_id AS subject_id,
    o.person_id,
    o.plan_start,
    v.last_seen_visit,
    month_end.cal_working_day_number - visited.cal_working_day_number AS working_days_since_visit,
    month_end.cal_working_day_number - started.cal_working_day_number AS plan_working_days
FROM on_cp_plan o
LEFT JOIN (
    SELECT o2.period_id, o2.person_id, max(x.cppv_cp_visit_date) AS last_seen_visit
    FROM on_cp_plan o2
    JOIN ssd_cp_visits x
      ON x.cppv_person_id = o2.person_id
     AND x.cppv_cp_visit_seen = 'Y'
     AND x.cppv_cp_visit_date <= o2.period_end
    GROUP BY ALL
) v ON v.period_id = o.period_id AND v.person_id = o.person_id
JOIN calendar month_end ON month_end.cal_date = o.period_end
LEFT JOIN calendar visited ON visited.cal_date = v.last_seen_visit
LEFT JOIN calendar started ON started.cal_date = o.plan_start
