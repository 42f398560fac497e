-- FD referrals evidence: each referral received in the month, with its source, whether it led
-- to no further action, and when the episode it opened closed.
SELECT
    p.period_id,
    r.cine_referral_id AS subject_id,
    r.cine_person_id AS person_id,
    r.cine_referral_date AS referral_date,
    coalesce(r.cine_referral_source_desc, r.cine_referral_source_code) AS source,
    r.cine_referral_nfa AS no_further_action,
    r.cine_close_date AS closed
FROM ssd_cin_episodes r
JOIN period_days p ON p.day = r.cine_referral_date
