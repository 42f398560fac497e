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
SELECT p.period_id, o.person_id AS subject_id, 1 AS numerator, CAST(NULL AS DOUBLE) AS denominator
FROM (
    -- Each child once at the end of each month an episode of theirs is open at.
    SELECT DISTINCT person_id, month_key
    FROM (SELECT person_id, unnest(open_month_keys(start_date, end_date)) AS month_key FROM episodes)
) o
JOIN periods p ON p.month_key = o.month_key
