-- EH 9 evidence: each early help episode closed in the month (by its coded closure), when it
-- started and closed, and the reason coded: STEP_UP_CSC (stepped up to children's social care)
-- counts.
SELECT
    p.period_id,
    c.ehcl_episode_id AS subject_id,
    c.ehcl_person_id AS person_id,
    e.earl_episode_start_date AS episode_start,
    c.ehcl_closure_date AS closed,
    c.ehcl_closure_reason AS closure_reason
FROM ext_early_help_closures c
LEFT JOIN ssd_early_help_episodes e ON e.earl_episode_id = c.ehcl_episode_id
JOIN period_days p ON p.day = c.ehcl_closure_date
