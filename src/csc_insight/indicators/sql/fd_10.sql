-- FD 10: contacts received in the period (one row each), and whether each
-- became a referral (as FD 9) that has a child and family assessment
-- (ssd_cin_assessments.cina_referral_id), whenever the assessment started
-- (shared/contact_journeys.sql).
SELECT
    p.period_id,
    j.contact_id AS subject_id,
    CASE WHEN j.to_assessment THEN 1 ELSE 0 END AS numerator,
    1 AS denominator
FROM contact_journeys j
JOIN period_days p ON p.day = j.received
