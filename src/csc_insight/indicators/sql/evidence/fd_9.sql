-- FD 9 evidence: each contact received in the period, with its journey
-- (shared/contact_journeys.sql): its source (the CIN census referral-source code and the DfE's
-- group of it), the decision and completed date (ext_contact_decisions), and the first referral of
-- the child dated from the contact date to the completed date.
--   * referral_id: set when the contact became a referral (it counts in FD 9);
--     assessment_started: set when that referral, or another in the window, has an assessment (it
--     counts in FD 10): the earliest start of one.
SELECT
    p.period_id,
    j.contact_id AS subject_id,
    j.person_id,
    j.received,
    j.source_code,
    j.source_group,
    d.cond_decision AS decision,
    d.cond_decision_date AS completed,
    j.referral_id,
    j.referral_date,
    j.assessment_started
FROM contact_journeys j
JOIN period_days p ON p.day = j.received
-- The decision and completed date: empty with no decision row.
LEFT JOIN ext_contact_decisions d ON d.cond_contact_id = j.contact_id
