-- Shared view on_cp_plan (period_id, period_end, person_id, plan_start): children subject to a child
-- protection plan at each period end in `periods`, one row each (CP children, CP rate, CP 13, and
-- the CIN plan cohort's exclusion).
--   * On a plan at the period end: a plan started on or before it and not ended by it (end date
--     empty or after it: a plan ending on the period end is over).
--   * One rule everywhere: plans held by another local authority (cppl_cp_plan_ola = Y) are left
--     out. They are that authority's plans: not counted in this council's CP figures, and they do
--     not take a child out of this council's CIN plan cohort.
--   * plan_start: the start of the earliest of the child's open plans.
CREATE OR REPLACE TEMP VIEW on_cp_plan AS
SELECT
    p.period_id,
    p.period_end,
    c.cppl_person_id AS person_id,
    min(c.cppl_cp_plan_start_date) AS plan_start
FROM periods p
JOIN ssd_cp_plans c
  ON c.cppl_cp_plan_start_date <= p.period_end
 AND (c.cppl_cp_plan_end_date IS NULL OR c.cppl_cp_plan_end_date > p.period_end)
WHERE coalesce(c.cppl_cp_plan_ola, 'N') <> 'Y'
GROUP BY p.period_id, p.period_end, c.cppl_person_id;
