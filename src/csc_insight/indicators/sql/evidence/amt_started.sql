-- AMT started evidence: each child and family assessment started in the month, and when it was
-- authorised (empty while in progress).
SELECT
    p.period_id,
    a.cina_assessment_id AS subject_id,
    a.cina_person_id AS person_id,
    a.cina_assessment_start_date AS assessment_start,
    a.cina_assessment_auth_date AS authorised
FROM ssd_cin_assessments a
JOIN period_days p ON p.day = a.cina_assessment_start_date
