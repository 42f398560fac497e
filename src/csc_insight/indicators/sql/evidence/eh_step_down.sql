-- EH step-down evidence: each children's social care (CIN) episode closed in the month (not a
-- referral that led to no further action), its close reason and the first early help episode
-- the child started from the referral date to step_down_days days after the close date: RC9
-- (closed after assessment, referred to early help) or such an early help episode counts.
SELECT
    p.period_id,
    r.cine_referral_id AS subject_id,
    r.cine_person_id AS person_id,
    r.cine_referral_date AS referral_date,
    r.cine_close_date AS closed,
    r.cine_close_reason AS close_reason,
    (SELECT min(e.earl_episode_start_date) FROM ssd_early_help_episodes e
     WHERE e.earl_person_id = r.cine_person_id
       AND e.earl_episode_start_date >= r.cine_referral_date
       AND e.earl_episode_start_date <= r.cine_close_date + getvariable('step_down_days'))
        AS early_help_started,
    r.cine_close_date + getvariable('step_down_days') AS early_help_by
FROM ssd_cin_episodes r
JOIN period_days p ON p.day = r.cine_close_date
WHERE r.cine_referral_nfa IS DISTINCT FROM 'Y'
