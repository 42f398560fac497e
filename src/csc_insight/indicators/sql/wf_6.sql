-- WF 6: case-holding social workers (grade 11+) at the month end, and whether each had personal supervision in the last staff_supervision_days days.
-- Social workers in post and whether they hold cases: shared/social_worker_case_holding.sql.
WITH supervised AS (
    -- Each person's month keys at whose end a supervision falls in the last staff_supervision_days
    -- days (after the month end minus that, on or before the month end).
    SELECT v.ssup_staff_id AS staff_id, month_set_union(w.months) AS months
    FROM ext_staff_supervision v
    JOIN month_sets_by_day(getvariable('staff_supervision_days')) w ON w.day = v.ssup_supervision_date
    GROUP BY ALL
)
SELECT c.period_id, c.staff_id AS subject_id,
       CASE WHEN in_month_set(s.months, month_key(c.period_end)) THEN 1 ELSE 0 END AS numerator,
       1 AS denominator,
       c.team_id
FROM social_worker_case_holding c
LEFT JOIN supervised s ON s.staff_id = c.staff_id
WHERE c.holds_cases
