-- EH starts: early help episodes that started in the month (one row each).
SELECT
    p.period_id,
    e.earl_episode_id AS subject_id,
    1 AS numerator,
    CAST(NULL AS DOUBLE) AS denominator
FROM ssd_early_help_episodes e
JOIN period_days p ON p.day = e.earl_episode_start_date
