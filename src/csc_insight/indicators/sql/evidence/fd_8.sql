-- FD 8 evidence: each referral received in the month, and the earlier referral of the same child
-- that makes it a re-referral.
--   * previous_referral_date: the child's latest referral dated before this one and on or after
--     window_start (the same calendar date re_referral_months before: 12 by default). Empty when
--     there is none: a first referral, or the earlier one is older than the window. A second
--     referral on the same day is not an earlier one.
--   * latest_earlier_referral: the child's latest referral before this one at any time, so that
--     one just outside the window shows.
SELECT
    p.period_id,
    r.cine_referral_id AS subject_id,
    r.cine_person_id AS person_id,
    r.cine_referral_date AS referral_date,
    CAST(r.cine_referral_date - to_months(getvariable('re_referral_months')) AS DATE)
        AS window_start,
    (
        SELECT max(prev.cine_referral_date)
        FROM ssd_cin_episodes prev
        WHERE prev.cine_person_id = r.cine_person_id
          AND prev.cine_referral_date < r.cine_referral_date
          AND prev.cine_referral_date >= r.cine_referral_date
                                         - to_months(getvariable('re_referral_months'))
    ) AS previous_referral_date,
    (
        SELECT max(prev.cine_referral_date)
        FROM ssd_cin_episodes prev
        WHERE prev.cine_person_id = r.cine_person_id
          AND prev.cine_referral_date < r.cine_referral_date
    ) AS latest_earlier_referral
FROM ssd_cin_episodes r
JOIN period_days p ON p.day = r.cine_referral_date
