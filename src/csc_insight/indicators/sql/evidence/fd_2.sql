-- FD 2 evidence: each completed contact received in the month, when it was received and
-- completed, and the working days between (the calendar's working-day numbers: the day received
-- is not counted, the day completed is). Within 1 working day counts.
SELECT
    p.period_id,
    c.cont_contact_id AS subject_id,
    c.cont_person_id AS person_id,
    c.cont_contact_date AS received,
    d.cond_decision_date AS completed,
    completed.cal_working_day_number - received.cal_working_day_number AS working_days,
    d.cond_decision AS decision
FROM ssd_contacts c
JOIN ext_contact_decisions d ON d.cond_contact_id = c.cont_contact_id
JOIN calendar received ON received.cal_date = c.cont_contact_date
JOIN calendar completed ON completed.cal_date = d.cond_decision_date
JOIN period_days p ON p.day = c.cont_contact_date
