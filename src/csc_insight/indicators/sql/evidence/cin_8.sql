-- CIN 8 evidence: each child on a CIN plan at the month end who is neither on a CP plan nor
-- looked after (shared/cin_plan_cohort.sql), and when their current plan was made.
--   * cin_plan_start: the start of the latest-starting of their open CIN plans.
--   * up_to_date_from: the same calendar date cin_plan_review_months (6 by default) before the
--     month end. A plan made on or after it is up to date.
SELECT
    k.period_id,
    k.person_id AS subject_id,
    k.person_id,
    k.current_plan_start AS cin_plan_start,
    CAST(k.period_end - to_months(getvariable('cin_plan_review_months')) AS DATE)
        AS up_to_date_from
FROM cin_plan_cohort k
