-- CIN 8 evidence: each child on a CIN plan at the month end who is neither on a CP plan nor
-- looked after (shared/cin_plan_cohort.sql), when their plan was made and last reviewed. The
-- rule is that of cin_8.sql.
--   * cin_plan_start: the start of the latest-starting of their open CIN plans.
--   * last_review: the latest review held (ext_cin_plan_reviews, not cancelled) of any of their
--     open plans, on or before the month end; empty if none (or the store holds no reviews).
--   * plan_made_or_reviewed: for each open plan, its latest review, else its start; the latest
--     (the later of cin_plan_start and last_review).
--   * up_to_date_from: the same calendar date cin_plan_review_months (6 by default) before the
--     month end. A plan made or reviewed on or after it is up to date.
WITH last_review AS (
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
    k.person_id,
    k.current_plan_start AS cin_plan_start,
    r.last_review,
    greatest(k.current_plan_start, r.last_review) AS plan_made_or_reviewed,
    CAST(k.period_end - to_months(getvariable('cin_plan_review_months')) AS DATE) AS up_to_date_from
FROM cin_plan_cohort k
LEFT JOIN last_review r ON r.person_id = k.person_id AND r.month_key = month_key(k.period_end)
