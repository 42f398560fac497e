-- CP 2 years open evidence: each child on a CP plan at the month end (shared/on_cp_plan.sql) who
-- has been on it for 2 years or more.
--   * plan_start: the start of the earliest of the child's open plans.
--   * second_anniversary: plan_start plus 2 years (28 February for a plan started on
--     29 February), on or before the month end.
SELECT
    o.period_id,
    o.person_id AS subject_id,
    o.person_id,
    o.plan_start,
    CAST(o.plan_start + INTERVAL 2 YEAR AS DATE) AS second_anniversary
FROM on_cp_plan o
WHERE o.period_end >= CAST(o.plan_start + INTERVAL 2 YEAR AS DATE)
