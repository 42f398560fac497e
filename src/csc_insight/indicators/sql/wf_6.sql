-- WF 6: case-holding social workers (grade 11+) at the month end, and whether each had personal supervision in the last staff_supervision_days days.
-- Social workers in post and whether they hold cases: shared/social_worker_case_holding.sql.
SELECT c.period_id, c.staff_id AS subject_id,
       CASE WHEN EXISTS (
           SELECT 1 FROM ext_staff_supervision v
           WHERE v.ssup_staff_id = c.staff_id
             AND v.ssup_supervision_date > c.period_end - getvariable('staff_supervision_days')
             AND v.ssup_supervision_date <= c.period_end
       ) THEN 1 ELSE 0 END AS numerator,
       1 AS denominator
FROM social_worker_case_holding c
WHERE c.holds_cases
