-- CIN 8 evidence: each child on a CIN plan at the month end who is neither on a CP plan nor
-- looked after (shared/cin_plan_cohort.sql), when their plan was made and last reviewed. The
-- CTEs are those of cin_8.sql.
--   * cin_plan_start: the start of the latest-starting of their open CIN plans.
--   * last_review: the latest review held (ext_cin_plan_reviews, not cancelled) of any of their
--     open plans, on or before the month end; empty if none (or the store holds no reviews).
--   * plan_made_or_reviewed: for each open plan, its latest review, else its start; the latest.
--   * up_to_date_from: the same calendar date cin_plan_review_months (6 by default) before the
--     month end. A plan made or reviewed on or after it is up to date.
WITH reviews AS (
    SELECT cinr_cin_plan_id AS plan_id, list(cinr_cin_plan_review_date) AS reviews
    FROM ext_cin_plan_reviews
    WHERE cinr_cin_plan_review_cancelled IS DISTINCT FROM 'Y' AND cinr_cin_plan_review_date IS NOT NULL
    GROUP BY ALL
),
plans AS (
    SELECT p.cinp_person_id AS person_id,
           list(struct_pack(started := p.cinp_cin_plan_start_date,
                            ended := p.cinp_cin_plan_end_date,
                            reviews := r.reviews)) AS plans
    FROM ssd_cin_plans p
    LEFT JOIN reviews r ON r.plan_id = p.cinp_cin_plan_id
    GROUP BY ALL
),
open_plans AS (
    SELECT k.period_id, k.period_end, k.person_id, k.current_plan_start,
           list_filter(pl.plans, lambda x: x.started <= k.period_end
                                AND (x.ended IS NULL OR x.ended > k.period_end)) AS open_plans
    FROM cin_plan_cohort k
    JOIN plans pl ON pl.person_id = k.person_id
)
SELECT
    period_id,
    person_id AS subject_id,
    person_id,
    current_plan_start AS cin_plan_start,
    list_max(list_transform(open_plans,
        lambda x: list_max(list_filter(x.reviews, lambda d: d <= period_end)))) AS last_review,
    list_max(list_transform(open_plans,
        lambda x: greatest(x.started, list_max(list_filter(x.reviews, lambda d: d <= period_end)))))
        AS plan_made_or_reviewed,
    CAST(period_end - to_months(getvariable('cin_plan_review_months')) AS DATE) AS up_to_date_from
FROM open_plans
