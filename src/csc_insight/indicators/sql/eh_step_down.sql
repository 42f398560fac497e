-- EH step-down: children's social care (CIN) episodes closed in the month (one row each), and
-- whether the case was stepped down to early help: closed with reason RC9 (closed after
-- assessment, referred to early help), or an early help episode for the child started on or after
-- the referral date and no more than step_down_days days after the close date. Referrals that led
-- to no further action at the front door (cine_referral_nfa = Y) were never open to social care
-- work: left out of both counts.
SELECT
    p.period_id,
    r.cine_referral_id AS subject_id,
    CASE WHEN r.cine_close_reason = 'RC9' OR EXISTS (
        SELECT 1 FROM ssd_early_help_episodes e
        WHERE e.earl_person_id = r.cine_person_id
          AND e.earl_episode_start_date >= r.cine_referral_date
          AND e.earl_episode_start_date <= r.cine_close_date + getvariable('step_down_days')
    ) THEN 1 ELSE 0 END AS numerator,
    1 AS denominator,
    r.cine_referral_team AS team_id
FROM ssd_cin_episodes r
JOIN period_days p ON p.day = r.cine_close_date
WHERE r.cine_referral_nfa IS DISTINCT FROM 'Y'
