-- FD 8: a referral is a re-referral when the same child had a referral in the 12 months before it.
SELECT
    p.period_id,
    r.cine_referral_id AS subject_id,
    CASE WHEN EXISTS (
        SELECT 1 FROM ssd_cin_episodes prev
        WHERE prev.cine_person_id = r.cine_person_id
          AND prev.cine_referral_date < r.cine_referral_date
          AND prev.cine_referral_date >= r.cine_referral_date - to_months(getvariable('re_referral_months'))
    ) THEN 1 ELSE 0 END AS numerator,
    1 AS denominator,
    r.cine_referral_team AS team_id
FROM ssd_cin_episodes r
JOIN period_days p ON p.day = r.cine_referral_date
