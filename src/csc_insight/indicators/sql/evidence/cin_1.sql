-- CIN 1 evidence: each child on a CIN plan at the month end who is neither on a CP plan nor
-- looked after (shared/cin_plan_cohort.sql), with the start of their current CIN plan.
SELECT
    k.period_id,
    k.person_id AS subject_id,
    k.person_id,
    k.current_plan_start AS cin_plan_start
FROM cin_plan_cohort k
