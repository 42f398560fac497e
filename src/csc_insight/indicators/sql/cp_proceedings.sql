-- CP proceedings: children in care proceedings at the month end (an application issued on or before it and not concluded by it; ext_care_proceedings). A child in two sets of proceedings counts once.
WITH open_at AS (
    -- Each application's child at the ends of the months it is running at (open_month_keys).
    SELECT DISTINCT person_id, month_key
    FROM (
        SELECT cpro_person_id AS person_id,
               unnest(open_month_keys(cpro_application_date, cpro_concluded_date)) AS month_key
        FROM ext_care_proceedings
    )
)
SELECT p.period_id, o.person_id AS subject_id, 1 AS numerator, NULL AS denominator
FROM open_at o
JOIN periods p ON p.month_key = o.month_key
