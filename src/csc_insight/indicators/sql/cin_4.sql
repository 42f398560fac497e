-- CIN 4: children on a CIN plan at the month end who are neither on a CP plan nor looked after (one row each), and whether each was seen on a visit in the last 4 weeks.
WITH seen AS (
    -- Each child's visits with the child seen, as the months they count for: those whose end is
    -- on or after the visit and less than cin_visit_days after it (month_sets_by_day).
    SELECT v.cinv_person_id AS person_id, month_set_union(w.months) AS months
    FROM ssd_cin_visits v
    JOIN month_sets_by_day(getvariable('cin_visit_days')) w ON w.day = v.cinv_cin_visit_date
    WHERE v.cinv_cin_visit_seen = 'Y'
    GROUP BY ALL
)
SELECT
    k.period_id,
    k.person_id AS subject_id,
    -- Seen on a visit after the month end minus cin_visit_days, on or before the month end.
    CASE WHEN in_month_set(s.months, month_key(k.period_end)) THEN 1 ELSE 0 END AS numerator,
    1 AS denominator
FROM cin_plan_cohort k
LEFT JOIN seen s ON s.person_id = k.person_id
