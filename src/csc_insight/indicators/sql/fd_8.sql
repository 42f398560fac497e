-- FD 8: a referral is a re-referral when the same child had a referral in the 12 months before it.
WITH referral AS (
    -- Each referral with the child's latest referral dated before it (a second referral on the
    -- same day is not an earlier one): one pass over each child's referrals in date order, where
    -- a search of the child's earlier referrals for each took half as long again at national
    -- scale (4 million referrals).
    SELECT cine_referral_id, cine_referral_date, cine_referral_team,
           max(cine_referral_date) OVER (
               PARTITION BY cine_person_id ORDER BY cine_referral_date
               RANGE BETWEEN UNBOUNDED PRECEDING AND INTERVAL 1 DAY PRECEDING) AS previous_date
    FROM ssd_cin_episodes
)
SELECT
    p.period_id,
    r.cine_referral_id AS subject_id,
    CASE WHEN r.previous_date >= r.cine_referral_date - to_months(getvariable('re_referral_months'))
         THEN 1 ELSE 0 END AS numerator,
    1 AS denominator,
    r.cine_referral_team AS team_id
FROM referral r
JOIN period_days p ON p.day = r.cine_referral_date
