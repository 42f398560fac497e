-- CIN 8: children on a CIN plan at the month end who are neither on a CP plan nor looked after (one row each), and whether their plan was made or reviewed within the last 6 months (setting cin_plan_review_months).
-- The day the child's plan was last made or reviewed: for each plan open at the month end, its
-- latest review on or before the month end, else its start; the latest of those, which is the
-- later of the start of the latest-starting open plan (current_plan_start,
-- shared/cin_plan_cohort.sql) and the latest review of any open plan. With no reviews in the
-- store, that start. Looked up by month key, once per child-month (a list of each child's plans
-- and reviews filtered for every month took 3 s more at national scale).
WITH last_review AS (
    -- The latest review held (ext_cin_plan_reviews; a cancelled review was not held) of the
    -- child's plans open at each month end: a review counts at the ends of the months its plan is
    -- open at from the month of the review on (open_month_keys from the later of the plan's start
    -- and the review).
    SELECT person_id, month_key, max(review_date) AS last_review
    FROM (
        SELECT p.cinp_person_id AS person_id, r.cinr_cin_plan_review_date AS review_date,
               unnest(open_month_keys(
                   greatest(p.cinp_cin_plan_start_date, r.cinr_cin_plan_review_date),
                   p.cinp_cin_plan_end_date)) AS month_key
        FROM ext_cin_plan_reviews r
        JOIN ssd_cin_plans p ON p.cinp_cin_plan_id = r.cinr_cin_plan_id
        WHERE r.cinr_cin_plan_review_cancelled IS DISTINCT FROM 'Y'
          AND r.cinr_cin_plan_review_date IS NOT NULL
          AND p.cinp_cin_plan_start_date IS NOT NULL
    )
    GROUP BY ALL
)
SELECT
    k.period_id,
    k.person_id AS subject_id,
    -- Up to date: made or reviewed on or after the same calendar date cin_plan_review_months
    -- before the month end.
    CASE
        WHEN greatest(k.current_plan_start, r.last_review)
             >= k.period_end - to_months(getvariable('cin_plan_review_months')) THEN 1
        ELSE 0
    END AS numerator,
    1 AS denominator
FROM cin_plan_cohort k
LEFT JOIN last_review r ON r.person_id = k.person_id AND r.month_key = month_key(k.period_end)
