-- AMT 2 referral: child and family assessments authorised in the month (one row each), and whether
-- each was completed within 45 working days of its referral (Working Together: 'from the point of
-- referral'). Local measure; AMT 2 is the DfE's (from the assessment's start).
WITH ordered AS (
    -- The referral's first assessment is the earliest started (the lower id on the same day).
    SELECT
        a.cina_assessment_id, a.cina_referral_id, a.cina_assessment_start_date,
        a.cina_assessment_auth_date, a.cina_assessment_team,
        row_number() OVER (
            PARTITION BY a.cina_referral_id
            ORDER BY a.cina_assessment_start_date, a.cina_assessment_id
        ) AS nth
    FROM ssd_cin_assessments a
),
clocked AS (
    SELECT
        a.cina_assessment_id,
        a.cina_assessment_auth_date AS completed_date,
        a.cina_assessment_team,
        -- From the point of referral for the referral's first assessment; a later assessment on
        -- the same referral, or one whose referral is unknown, from its own start.
        CASE
            WHEN a.nth = 1 THEN coalesce(r.cine_referral_date, a.cina_assessment_start_date)
            ELSE a.cina_assessment_start_date
        END AS clock_start
    FROM ordered a
    LEFT JOIN ssd_cin_episodes r ON r.cine_referral_id = a.cina_referral_id
    WHERE a.cina_assessment_auth_date IS NOT NULL
)
SELECT
    p.period_id,
    k.cina_assessment_id AS subject_id,
    CASE
        WHEN completed.cal_working_day_number - started.cal_working_day_number <= 45 THEN 1
        ELSE 0
    END AS numerator,
    1 AS denominator,
    k.cina_assessment_team AS team_id
FROM clocked k
JOIN calendar started ON started.cal_date = k.clock_start
JOIN calendar completed ON completed.cal_date = k.completed_date
JOIN period_days p ON p.day = k.completed_date
-- Authorised before the clock started is a recording error: left out of both counts.
WHERE k.completed_date >= k.clock_start
