-- CP rate evidence: each child subject to a CP plan at the month end (shared/on_cp_plan.sql:
-- started on or before it, not ended by it; plans held by another local authority left out).
--   * plan_start: the start of the earliest of the child's open plans.
SELECT o.period_id, o.person_id AS subject_id, o.person_id, o.plan_start
FROM on_cp_plan o
