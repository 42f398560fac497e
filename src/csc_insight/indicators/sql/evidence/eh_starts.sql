-- EH starts evidence: each early help episode started in the month, and when it ended.
SELECT
    p.period_id,
    e.earl_episode_id AS subject_id,
    e.earl_person_id AS person_id,
    e.earl_episode_start_date AS episode_start,
    e.earl_episode_end_date AS episode_end,
    e.earl_episode_reason AS reason
FROM ssd_early_help_episodes e
JOIN period_days p ON p.day = e.earl_episode_start_date
