-- CIN 8: children on a CIN plan at the month end who are neither on a CP plan nor looked after (one row each), and whether their current plan was made within the last 6 months (setting cin_plan_review_months).
SELECT
    k.period_id,
    k.person_id AS subject_id,
    -- Up to date: the current (latest-starting open) plan was made on or after the same calendar
    -- date cin_plan_review_months before the month end.
    CASE
        WHEN k.current_plan_start >= k.period_end - to_months(getvariable('cin_plan_review_months')) THEN 1
        ELSE 0
    END AS numerator,
    1 AS denominator
FROM cin_plan_cohort k
