-- FD 9: contacts received in the period (one row each), and whether each
-- became a referral (shared/contact_journeys.sql: decided REFERRAL, and the child has a referral
-- (ssd_cin_episodes) dated from the contact date to the date the contact was completed).
SELECT
    p.period_id,
    j.contact_id AS subject_id,
    CASE WHEN j.to_referral THEN 1 ELSE 0 END AS numerator,
    1 AS denominator
FROM contact_journeys j
JOIN period_days p ON p.day = j.received
