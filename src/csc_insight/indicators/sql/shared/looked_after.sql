-- Shared: who is looked after, for CIN 4, CIN 8, CIN 1, CLA 3, CLA 4, CLA 10, CLA 19, CLA rate, MIS 2.
-- A child is looked after on a day when a CLA episode started on or before it and had not ceased by
-- it (ceased date empty or after the day: an episode ceasing on the day is over), unless the child's
-- legal status that day is an agreed series of short-term placements (short breaks, V3 or V4),
-- whom DfE leaves out of its children looked after.
--   * Macro looked_after_on(person_id, day): that rule for one child on one day (MIS 2).
--   * View looked_after (period_id, period_end, person_id, care_start): the children looked after
--     at each period end in `periods`, one row each, with the start of their current period of care
--     (clae_entered_care_date, else the first start of the episodes sharing its clae_cla_id, else
--     the episode's own start; the earliest over the child's open episodes).
CREATE OR REPLACE TEMP MACRO looked_after_on(la_person_id, la_day) AS (
    EXISTS (
        SELECT 1 FROM ssd_cla_episodes e
        WHERE e.clae_person_id = la_person_id
          AND e.clae_cla_episode_start_date <= la_day
          AND (e.clae_cla_episode_ceased_date IS NULL OR e.clae_cla_episode_ceased_date > la_day))
    AND NOT EXISTS (
        SELECT 1 FROM ssd_legal_status l
        WHERE l.lega_person_id = la_person_id
          AND l.lega_legal_status IN ('V3', 'V4')
          AND l.lega_legal_status_start_date <= la_day
          AND (l.lega_legal_status_end_date IS NULL OR l.lega_legal_status_end_date > la_day))
);

CREATE OR REPLACE TEMP VIEW looked_after AS
WITH care_periods AS (
    -- First day of each period of care.
    SELECT clae_cla_id, min(clae_cla_episode_start_date) AS first_start
    FROM ssd_cla_episodes
    WHERE clae_cla_id IS NOT NULL
    GROUP BY clae_cla_id
),
short_breaks AS (
    -- Children whose legal status at the month end is short breaks (V3/V4).
    SELECT DISTINCT lega_person_id AS person_id,
           unnest(open_month_keys(lega_legal_status_start_date, lega_legal_status_end_date))
               AS month_key
    FROM ssd_legal_status
    WHERE lega_legal_status IN ('V3', 'V4')
),
episode AS (
    -- Each episode at the ends of the months it is open at (open_month_keys: started on or before
    -- the month end, ceased after it or not at all).
    SELECT e.clae_person_id AS person_id,
           coalesce(e.clae_entered_care_date, cp.first_start, e.clae_cla_episode_start_date)
               AS care_start,
           unnest(open_month_keys(e.clae_cla_episode_start_date, e.clae_cla_episode_ceased_date))
               AS month_key
    FROM ssd_cla_episodes e
    LEFT JOIN care_periods cp ON cp.clae_cla_id = e.clae_cla_id
),
in_care AS (
    SELECT month_key, person_id, min(care_start) AS care_start
    FROM episode e
    WHERE NOT EXISTS (
        SELECT 1 FROM short_breaks b WHERE b.month_key = e.month_key AND b.person_id = e.person_id
    )
    GROUP BY ALL
)
SELECT p.period_id, p.period_end, c.person_id, c.care_start
FROM in_care c
JOIN periods p ON p.month_key = c.month_key;
