-- FD referrals: referrals to children's social care received in the month (one row each).
SELECT
    p.period_id,
    r.cine_referral_id AS subject_id,
    1 AS numerator,
    CAST(NULL AS DOUBLE) AS denominator,
    r.cine_referral_team AS team_id
FROM ssd_cin_episodes r
JOIN period_days p ON p.day = r.cine_referral_date
