-- CP 2 years open: children subject to a CP plan at the month end (shared/on_cp_plan.sql) who have been on it for 2 years or more (local).
SELECT period_id, person_id AS subject_id, 1 AS numerator, NULL AS denominator
FROM on_cp_plan
-- plan_start: the start of the earliest of the child's open plans. Two years or more: the month
-- end is on or after its second anniversary (28 February for a plan started on 29 February).
WHERE period_end >= CAST(plan_start + INTERVAL 2 YEAR AS DATE)
