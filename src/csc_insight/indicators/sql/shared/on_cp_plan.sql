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
WITH on_plan AS (
    -- Each plan's child at the ends of the months it is open at (open_month_keys).
    SELECT month_key, person_id, min(plan_start) AS plan_start
    FROM (
        SELECT cppl_person_id AS person_id, cppl_cp_plan_start_date AS plan_start,
               unnest(open_month_keys(cppl_cp_plan_start_date, cppl_cp_plan_end_date)) AS month_key
        FROM ssd_cp_plans
        WHERE coalesce(cppl_cp_plan_ola, 'N') <> 'Y'
    )
    GROUP BY ALL
)
SELECT p.period_id, p.period_end, o.person_id, o.plan_start
FROM on_plan o
JOIN periods p ON p.month_key = o.month_key;
