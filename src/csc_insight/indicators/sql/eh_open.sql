-- EH open: children with an early help episode open at the month end (one row per child).
WITH episodes AS (
    -- An episode ends at its end date, or failing that at the date its coded closure records
    -- (open: infinitely late). before_end: the latest end of the child's episodes before this one
    -- in order of start (then end), which cover every day from its start to before_end.
    SELECT person_id, start_date, end_date,
           max(end_date) OVER (PARTITION BY person_id ORDER BY start_date, end_date
                               ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS before_end
    FROM (
        SELECT e.earl_person_id AS person_id, e.earl_episode_start_date AS start_date,
               coalesce(e.earl_episode_end_date, c.ehcl_closure_date, DATE '9999-12-31')
                   AS end_date
        FROM ssd_early_help_episodes e
        LEFT JOIN ext_early_help_closures c ON c.ehcl_episode_id = e.earl_episode_id
        WHERE e.earl_episode_start_date IS NOT NULL
    )
)
-- Each child once a month: an episode adds the month ends from before_end on, as the ones
-- before are its predecessors'.
SELECT p.period_id, e.person_id AS subject_id, 1 AS numerator, CAST(NULL AS DOUBLE) AS denominator
FROM (
    SELECT person_id, unnest(open_month_keys(greatest(start_date, before_end), end_date)) AS month_key
    FROM episodes
) e
JOIN periods p ON p.month_key = e.month_key
