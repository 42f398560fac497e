-- Shared: who is looked after, for CIN 4, CIN 8, CIN 1, CLA 3, CLA 4, CLA 10, CLA 19, CLA 20, CLA rate, MIS 2.
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
    -- Each episode with the start of its period of care, and whether it is open at a month end
    -- together with another of the child's (overlap): in order of the first month end each is
    -- open at (lo), an episode shares one with an earlier episode when the latest month end of
    -- those before it (hi) is at or after its first, and with a later one when the next first is
    -- at or before its last. Months before the first period or after the last count too, so an
    -- episode may be called overlapping when it is not, which costs only time.
    SELECT *,
           coalesce(max(hi) OVER w >= lo, false) OR coalesce(lead(lo) OVER w <= hi, false)
               AS overlap
    FROM (
        SELECT e.clae_person_id AS person_id,
               coalesce(e.clae_entered_care_date, cp.first_start, e.clae_cla_episode_start_date)
                   AS care_start,
               e.clae_cla_episode_start_date AS started, e.clae_cla_episode_ceased_date AS ceased,
               month_key(e.clae_cla_episode_start_date) AS lo,
               coalesce(month_key(e.clae_cla_episode_ceased_date) - 1, 999999) AS hi
        FROM ssd_cla_episodes e
        LEFT JOIN care_periods cp ON cp.clae_cla_id = e.clae_cla_id
        WHERE e.clae_cla_episode_start_date IS NOT NULL
    )
    WINDOW w AS (PARTITION BY person_id ORDER BY lo, hi
                 ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)
),
in_care AS (
    -- At each month end the episode is open at (open_month_keys: started on or before the month
    -- end, ceased after it or not at all), but on short breaks: an episode that overlaps none of
    -- the child's is one row per month; overlapping ones are grouped, with the earliest start.
    SELECT month_key, person_id, care_start
    FROM (
        SELECT person_id, care_start, unnest(open_month_keys(started, ceased)) AS month_key
        FROM episode
        WHERE NOT overlap
    ) e
    ANTI JOIN short_breaks b ON b.month_key = e.month_key AND b.person_id = e.person_id
    UNION ALL
    SELECT month_key, person_id, min(care_start)
    FROM (
        SELECT person_id, care_start, unnest(open_month_keys(started, ceased)) AS month_key
        FROM episode
        WHERE overlap
    ) e
    ANTI JOIN short_breaks b ON b.month_key = e.month_key AND b.person_id = e.person_id
    GROUP BY ALL
)
SELECT p.period_id, p.period_end, c.person_id, c.care_start
FROM in_care c
JOIN periods p ON p.month_key = c.month_key;
