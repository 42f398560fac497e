-- CIN 4: children on a CIN plan at the month end who are neither on a CP plan nor looked after (one row each), and whether each was seen on a visit in the last 4 weeks.
WITH on_cin_plan AS (
    SELECT DISTINCT p.period_id, p.period_end, cp.cinp_person_id AS person_id
    FROM ssd_cin_plans cp
    JOIN periods p
      ON cp.cinp_cin_plan_start_date <= p.period_end
     AND (cp.cinp_cin_plan_end_date IS NULL OR cp.cinp_cin_plan_end_date > p.period_end)
),
on_cp_plan AS (
    SELECT DISTINCT p.period_id, pl.cppl_person_id AS person_id
    FROM ssd_cp_plans pl
    JOIN periods p
      ON pl.cppl_cp_plan_start_date <= p.period_end
     AND (pl.cppl_cp_plan_end_date IS NULL OR pl.cppl_cp_plan_end_date > p.period_end)
),
looked_after AS (
    -- Open CLA episode at the month end, unless the child's legal status then is a series of short breaks (V3/V4).
    SELECT DISTINCT p.period_id, e.clae_person_id AS person_id
    FROM ssd_cla_episodes e
    JOIN periods p
      ON e.clae_cla_episode_start_date <= p.period_end
     AND (e.clae_cla_episode_ceased_date IS NULL OR e.clae_cla_episode_ceased_date > p.period_end)
    WHERE NOT EXISTS (
        SELECT 1 FROM ssd_legal_status l
        WHERE l.lega_person_id = e.clae_person_id
          AND l.lega_legal_status IN ('V3', 'V4')
          AND l.lega_legal_status_start_date <= p.period_end
          AND (l.lega_legal_status_end_date IS NULL OR l.lega_legal_status_end_date > p.period_end)
    )
),
cohort AS (
    SELECT c.period_id, c.period_end, c.person_id
    FROM on_cin_plan c
    WHERE NOT EXISTS (SELECT 1 FROM on_cp_plan x WHERE x.period_id = c.period_id AND x.person_id = c.person_id)
      AND NOT EXISTS (SELECT 1 FROM looked_after x WHERE x.period_id = c.period_id AND x.person_id = c.person_id)
)
SELECT
    k.period_id,
    k.person_id AS subject_id,
    CASE WHEN EXISTS (
        SELECT 1 FROM ssd_cin_visits v
        WHERE v.cinv_person_id = k.person_id
          AND v.cinv_cin_visit_seen = 'Y'
          AND v.cinv_cin_visit_date > k.period_end - getvariable('cin_visit_days')
          AND v.cinv_cin_visit_date <= k.period_end
    ) THEN 1 ELSE 0 END AS numerator,
    1 AS denominator
FROM cohort k
