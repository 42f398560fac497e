-- SUP 1 evidence: each child with a case-holding allocation open at the month end
-- (shared/case_allocations.sql: role SW, PA or none; started on or before the month end, not
-- ended by it), their last case supervision, and when their case began.
--   * case_began: the start of the child's unbroken run of allocations up to the month end (an
--     allocation starting no later than the day after an earlier one ended continues the run: a
--     change of worker does not restart the case).
--   * last_supervision: the latest supervision of the case on or before the month end.
-- A longer period adds its months: a subject is the child at a month end (child-yyyy-mm), so a
-- child is listed once for each month end in the period.
--   * supervised_from: the month end minus supervision_days (30 by default) plus one. In time: a
--     supervision on or after it, or a case that began on or after it (not yet due).
WITH allocation AS (
    SELECT child, started, coalesce(ended, DATE '9999-12-31') AS ended
    FROM case_allocations
    WHERE started IS NOT NULL
),
run_start AS (
    -- Allocations that start a run: no earlier one (in order of start, then end) lasted to the
    -- day before or later.
    SELECT child, started
    FROM (
        SELECT *, max(ended) OVER (PARTITION BY child ORDER BY started, ended
                                   ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS before_end
        FROM allocation
    )
    WHERE before_end IS NULL OR before_end < started - 1
),
held AS (
    SELECT DISTINCT p.period_id, p.period_end, a.child
    FROM periods p
    JOIN allocation a ON a.started <= p.period_end AND a.ended > p.period_end
)
SELECT
    h.period_id,
    h.child || '-' || h.period_id AS subject_id,
    h.child AS person_id,
    (
        SELECT max(r.started) FROM run_start r
        WHERE r.child = h.child AND r.started <= h.period_end
    ) AS case_began,
    (
        SELECT max(s.csup_supervision_date) FROM ext_case_supervision s
        WHERE s.csup_person_id = h.child AND s.csup_supervision_date <= h.period_end
    ) AS last_supervision,
    CAST(h.period_end - getvariable('supervision_days') + 1 AS DATE) AS supervised_from
FROM held h
