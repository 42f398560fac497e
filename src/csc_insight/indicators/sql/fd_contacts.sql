-- FD contacts: contacts received at the front door in the month (one row each).
SELECT
    p.period_id,
    c.cont_contact_id AS subject_id,
    1 AS numerator,
    CAST(NULL AS DOUBLE) AS denominator
FROM ssd_contacts c
JOIN period_days p ON p.day = c.cont_contact_date
