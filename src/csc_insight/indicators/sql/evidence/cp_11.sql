-- CP 11 evidence: each child becoming subject to a CP plan in the month (one start per child per
-- day; plans held by another local authority left out), and their plan before it.
--   * previous_plan_start, previous_plan_end: the child's latest plan starting before this start,
--     ever, wherever held, however it ended. Empty: a first plan.
WITH starts AS (
    SELECT DISTINCT p.period_id, c.cppl_person_id AS person_id,
           c.cppl_cp_plan_start_date AS plan_start
    FROM ssd_cp_plans c
    JOIN period_days p ON p.day = c.cppl_cp_plan_start_date
    WHERE coalesce(c.cppl_cp_plan_ola, 'N') <> 'Y'
),
previous AS (
    -- Each start's latest earlier plan (the latest start, then the latest end).
    SELECT s.period_id, s.person_id, s.plan_start,
           prev.cppl_cp_plan_start_date AS previous_plan_start,
           prev.cppl_cp_plan_end_date AS previous_plan_end
    FROM starts s
    JOIN ssd_cp_plans prev
      ON prev.cppl_person_id = s.person_id AND prev.cppl_cp_plan_start_date < s.plan_start
    QUALIFY row_number() OVER (
        PARTITION BY s.period_id, s.person_id, s.plan_start
        ORDER BY prev.cppl_cp_plan_start_date DESC, prev.cppl_cp_plan_end_date DESC NULLS FIRST
    ) = 1
)
SELECT
    s.period_id,
    s.person_id || '-' || strftime(s.plan_start, '%Y%m%d') AS subject_id,
    s.person_id,
    s.plan_start,
    x.previous_plan_start,
    x.previous_plan_end
FROM starts s
LEFT JOIN previous x
  ON x.period_id = s.period_id AND x.person_id = s.person_id AND x.plan_start = s.plan_start
