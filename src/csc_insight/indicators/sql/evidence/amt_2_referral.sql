-- AMT 2 referral evidence: each child and family assessment authorised in the month, when its 45
-- working day clock started, when it was authorised, and the working days between.
--   * clock_start: the referral date for the referral's first assessment (the earliest started,
--     then the lowest id), else (a later assessment on the referral, no referral, or a referral
--     not in the store) the assessment's own start.
--   * working_days: the calendar's working-day number of authorised minus that of clock_start
--     (the start day is not counted, the authorised day is). 45 or fewer counts.
-- An assessment authorised before its clock started is a recording error and is in neither count.
WITH assessment AS (
    SELECT
        a.*,
        r.cine_referral_date AS referral_date,
        row_number() OVER (
            PARTITION BY a.cina_referral_id
            ORDER BY a.cina_assessment_start_date, a.cina_assessment_id
        ) = 1 AS first_on_referral
    FROM ssd_cin_assessments a
    LEFT JOIN ssd_cin_episodes r ON r.cine_referral_id = a.cina_referral_id
),
clock AS (
    SELECT
        *,
        CASE
            WHEN first_on_referral THEN coalesce(referral_date, cina_assessment_start_date)
            ELSE cina_assessment_start_date
        END AS clock_start
    FROM assessment
)
SELECT
    p.period_id,
    k.cina_assessment_id AS subject_id,
    k.cina_person_id AS person_id,
    k.referral_date,
    k.cina_assessment_start_date AS assessment_start,
    k.clock_start,
    k.cina_assessment_auth_date AS authorised,
    authorised.cal_working_day_number - started.cal_working_day_number AS working_days
FROM clock k
JOIN calendar started ON started.cal_date = k.clock_start
JOIN calendar authorised ON authorised.cal_date = k.cina_assessment_auth_date
JOIN period_days p ON p.day = k.cina_assessment_auth_date
