-- AMT 2 evidence: each child and family assessment authorised in the month, when it started, when
-- it was authorised, and the working days between (the DfE's duration of assessment).
--   * working_days: the calendar's working-day number of authorised minus that of
--     assessment_start (the start day is not counted, the authorised day is). 45 or fewer counts.
--   * referral_date: the referral's date, for reference only (AMT 2 referral times from it).
-- An assessment authorised before it started is a recording error and is in neither count.
SELECT
    p.period_id,
    a.cina_assessment_id AS subject_id,
    a.cina_person_id AS person_id,
    r.cine_referral_date AS referral_date,
    a.cina_assessment_start_date AS assessment_start,
    a.cina_assessment_auth_date AS authorised,
    authorised.cal_working_day_number - started.cal_working_day_number AS working_days
FROM ssd_cin_assessments a
LEFT JOIN ssd_cin_episodes r ON r.cine_referral_id = a.cina_referral_id
JOIN calendar started ON started.cal_date = a.cina_assessment_start_date
JOIN calendar authorised ON authorised.cal_date = a.cina_assessment_auth_date
JOIN period_days p ON p.day = a.cina_assessment_auth_date
WHERE a.cina_assessment_auth_date >= a.cina_assessment_start_date
