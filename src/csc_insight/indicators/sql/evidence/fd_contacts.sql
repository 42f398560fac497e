-- FD contacts evidence: each contact received in the month, with its source and what it led to.
SELECT
    p.period_id,
    c.cont_contact_id AS subject_id,
    c.cont_person_id AS person_id,
    c.cont_contact_date AS received,
    coalesce(c.cont_contact_source_desc, c.cont_contact_source_code) AS source,
    d.cond_decision_date AS completed,
    d.cond_decision AS decision
FROM ssd_contacts c
LEFT JOIN ext_contact_decisions d ON d.cond_contact_id = c.cont_contact_id
JOIN period_days p ON p.day = c.cont_contact_date
