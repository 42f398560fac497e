-- CIN 8: children on a CIN plan at the month end who are neither on a CP plan nor looked after (one row each), and whether their plan was made or reviewed within the last 6 months (setting cin_plan_review_months).
WITH reviews AS (
    -- Each plan's reviews held (ext_cin_plan_reviews; a cancelled review was not held), as a list.
    SELECT cinr_cin_plan_id AS plan_id, list(cinr_cin_plan_review_date) AS reviews
    FROM ext_cin_plan_reviews
    WHERE cinr_cin_plan_review_cancelled IS DISTINCT FROM 'Y' AND cinr_cin_plan_review_date IS NOT NULL
    GROUP BY ALL
),
plans AS (
    -- Each child's CIN plans with their reviews, as a list.
    SELECT p.cinp_person_id AS person_id,
           list(struct_pack(started := p.cinp_cin_plan_start_date,
                            ended := p.cinp_cin_plan_end_date,
                            reviews := r.reviews)) AS plans
    FROM ssd_cin_plans p
    LEFT JOIN reviews r ON r.plan_id = p.cinp_cin_plan_id
    GROUP BY ALL
),
dated AS (
    -- The day the child's plan was last made or reviewed: for each plan open at the month end,
    -- its latest review on or before the month end, else its start; the latest of those. With no
    -- reviews in the store, the start of the latest-starting open plan.
    SELECT k.period_id, k.period_end, k.person_id,
           list_max(list_transform(
               list_filter(pl.plans, lambda x: x.started <= k.period_end
                                    AND (x.ended IS NULL OR x.ended > k.period_end)),
               lambda x: greatest(x.started,
                                  list_max(list_filter(x.reviews, lambda d: d <= k.period_end)))
           )) AS plan_date
    FROM cin_plan_cohort k
    JOIN plans pl ON pl.person_id = k.person_id
)
SELECT
    period_id,
    person_id AS subject_id,
    -- Up to date: made or reviewed on or after the same calendar date cin_plan_review_months
    -- before the month end.
    CASE
        WHEN plan_date >= period_end - to_months(getvariable('cin_plan_review_months')) THEN 1
        ELSE 0
    END AS numerator,
    1 AS denominator
FROM dated
