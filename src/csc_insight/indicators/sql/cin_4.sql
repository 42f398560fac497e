-- CIN 4: children on a CIN plan at the month end who are neither on a CP plan nor looked after (one row each), and whether each was seen on a visit in the last 4 weeks.
WITH seen AS (
    SELECT cinv_person_id AS person, cinv_cin_visit_date AS visit_date
    FROM ssd_cin_visits
    WHERE cinv_cin_visit_seen = 'Y' AND cinv_cin_visit_date IS NOT NULL
)
SELECT
    k.period_id,
    k.person_id AS subject_id,
    -- The latest visit with the child seen on or before the month end, if inside the window.
    CASE WHEN v.visit_date > k.period_end - getvariable('cin_visit_days') THEN 1 ELSE 0 END
        AS numerator,
    1 AS denominator
FROM cin_plan_cohort k
ASOF LEFT JOIN seen v ON v.person = k.person_id AND v.visit_date <= k.period_end
