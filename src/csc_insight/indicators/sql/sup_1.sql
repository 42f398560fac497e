-- SUP 1: children with an allocated worker at the month end (one row each), and whether their case was supervised within the last supervision_days days (or is too new to be due).
WITH case_starts AS (
    -- An allocation (shared/case_allocations.sql: role SW, PA or empty) starts a case unless an
    -- earlier allocation of the same child lasted to the day before it or later (a change of worker
    -- does not restart the case).
    SELECT a.child, a.started
    FROM case_allocations a
    WHERE NOT EXISTS (
        SELECT 1 FROM case_allocations b
        WHERE b.child = a.child
          AND b.started < a.started
          AND (b.ended IS NULL OR b.ended >= a.started - 1)
    )
),
allocated AS (
    -- Children with an allocation open at the month end (open_case_allocations: an allocation
    -- ended on the month end is not open at its end).
    SELECT DISTINCT period_id, period_end, child
    FROM open_case_allocations
),
cases AS (
    SELECT k.period_id, k.period_end, k.child, max(s.started) AS case_started
    FROM allocated k
    JOIN case_starts s ON s.child = k.child AND s.started <= k.period_end
    GROUP BY ALL
)
SELECT
    c.period_id,
    c.child AS subject_id,
    CASE
        WHEN c.case_started > c.period_end - getvariable('supervision_days') THEN 1
        WHEN EXISTS (
            SELECT 1 FROM ext_case_supervision v
            WHERE v.csup_person_id = c.child
              AND v.csup_supervision_date > c.period_end - getvariable('supervision_days')
              AND v.csup_supervision_date <= c.period_end
        ) THEN 1
        ELSE 0
    END AS numerator,
    1 AS denominator
FROM cases c
