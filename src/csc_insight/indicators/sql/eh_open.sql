-- EH open: children with an early help episode open at the month end (one row per child).
WITH episodes AS (
    -- An episode ends at its end date, or failing that at the date its coded closure records.
    SELECT
        e.earl_person_id AS person_id,
        e.earl_episode_start_date AS start_date,
        coalesce(e.earl_episode_end_date, c.ehcl_closure_date) AS end_date
    FROM ssd_early_help_episodes e
    LEFT JOIN ext_early_help_closures c ON c.ehcl_episode_id = e.earl_episode_id
)
SELECT
    p.period_id,
    e.person_id AS subject_id,
    1 AS numerator,
    CAST(NULL AS DOUBLE) AS denominator
FROM episodes e
JOIN periods p
  ON e.start_date <= p.period_end
 AND (e.end_date IS NULL OR e.end_date > p.period_end)
GROUP BY p.period_id, e.person_id
