-- AMT 2: child and family assessments authorised in the month (one row each), and whether each was
-- completed within 45 working days of its start, as the DfE times them (CIN census: the
-- assessment's actual start date to its authorisation date).
SELECT
    p.period_id,
    a.cina_assessment_id AS subject_id,
    CASE
        WHEN authorised.cal_working_day_number - started.cal_working_day_number <= 45 THEN 1
        ELSE 0
    END AS numerator,
    1 AS denominator,
    a.cina_assessment_team AS team_id
FROM ssd_cin_assessments a
JOIN calendar started ON started.cal_date = a.cina_assessment_start_date
JOIN calendar authorised ON authorised.cal_date = a.cina_assessment_auth_date
JOIN period_days p ON p.day = a.cina_assessment_auth_date
-- Authorised before it started is a recording error: left out of both counts.
WHERE a.cina_assessment_auth_date >= a.cina_assessment_start_date
