-- AMT started: child and family assessments started in the month (one row each).
SELECT
    p.period_id,
    a.cina_assessment_id AS subject_id,
    1 AS numerator,
    CAST(NULL AS DOUBLE) AS denominator,
    a.cina_assessment_team AS team_id
FROM ssd_cin_assessments a
JOIN period_days p ON p.day = a.cina_assessment_start_date
