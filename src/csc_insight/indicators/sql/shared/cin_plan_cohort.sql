-- Shared view cin_plan_cohort (period_id, period_end, person_id, current_plan_start): children on a
-- CIN plan at each period end in `periods` who are then neither on a CP plan (view on_cp_plan) nor
-- looked after (view looked_after), one row each (CIN 1, CIN 4, CIN 8).
--   * On a CIN plan: a plan started on or before the period end and not ended by it (end date empty
--     or after it). A child with two open plans is one row.
--   * current_plan_start: the start of the latest-starting of the child's open plans.
--   * Children on short breaks only (V3/V4) are not looked after, so stay in; a CP plan held by
--     another local authority does not take a child out.
CREATE OR REPLACE TEMP VIEW cin_plan_cohort AS
WITH on_cin_plan AS (
    -- Each plan's child at the ends of the months it is open at (open_month_keys).
    SELECT month_key, person_id, max(plan_start) AS current_plan_start
    FROM (
        SELECT cinp_person_id AS person_id, cinp_cin_plan_start_date AS plan_start,
               unnest(open_month_keys(cinp_cin_plan_start_date, cinp_cin_plan_end_date))
                   AS month_key
        FROM ssd_cin_plans
    )
    GROUP BY ALL
)
SELECT p.period_id, p.period_end, k.person_id, k.current_plan_start
FROM on_cin_plan k
JOIN periods p ON p.month_key = k.month_key
-- Anti joins on plain equality: NOT EXISTS is planned as a join on IS NOT DISTINCT FROM,
-- about twice as slow at national scale.
ANTI JOIN on_cp_plan x ON x.period_id = p.period_id AND x.person_id = k.person_id
ANTI JOIN looked_after y ON y.period_id = p.period_id AND y.person_id = k.person_id;
