-- FD 2: completed contacts received in the month (one row each), and whether each was completed within 1 working day.
SELECT
    p.period_id,
    c.cont_contact_id AS subject_id,
    CASE
        WHEN completed.cal_working_day_number - received.cal_working_day_number <= 1 THEN 1
        ELSE 0
    END AS numerator,
    1 AS denominator
FROM ssd_contacts c
JOIN ext_contact_decisions d ON d.cond_contact_id = c.cont_contact_id
JOIN calendar received ON received.cal_date = c.cont_contact_date
JOIN calendar completed ON completed.cal_date = d.cond_decision_date
JOIN period_days p ON p.day = c.cont_contact_date
-- A completed date before the form date is a recording error: left out of both counts.
WHERE d.cond_decision_date >= c.cont_contact_date
