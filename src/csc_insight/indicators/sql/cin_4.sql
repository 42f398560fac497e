-- CIN 4: children on a CIN plan at the month end who are neither on a CP plan nor looked after (one row each), and whether each was seen on a visit in the last 4 weeks.
SELECT
    k.period_id,
    k.person_id AS subject_id,
    CASE WHEN EXISTS (
        SELECT 1 FROM ssd_cin_visits v
        WHERE v.cinv_person_id = k.person_id
          AND v.cinv_cin_visit_seen = 'Y'
          AND v.cinv_cin_visit_date > k.period_end - getvariable('cin_visit_days')
          AND v.cinv_cin_visit_date <= k.period_end
    ) THEN 1 ELSE 0 END AS numerator,
    1 AS denominator
FROM cin_plan_cohort k
