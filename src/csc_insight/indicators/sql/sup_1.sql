-- SUP 1: children with an allocated worker at the month end (one row each), and whether their case was supervised within the last supervision_days days (or is too new to be due).
-- A longer period adds its months, so a subject is a child at a month end: child-yyyy-mm.
WITH case_start AS (
    -- The start of each case: an allocation (shared/case_allocations.sql: role SW, PA or empty;
    -- an open one ends infinitely late) with no earlier allocation of the child (in order of
    -- start, then end) lasting to the day before it or later (before_end, the latest end of
    -- those before it). A change of worker does not restart the case.
    SELECT child, started AS day
    FROM (
        SELECT child, started,
               max(coalesce(ended, DATE '9999-12-31')) OVER (
                   PARTITION BY child ORDER BY started, ended
                   ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS before_end
        FROM case_allocations
        WHERE started IS NOT NULL
    )
    WHERE before_end IS NULL OR before_end < started - 1
),
child_months AS (
    -- For each child, as month sets (one bit per month of `periods`):
    --   * allocated: the month keys at whose end an allocation is open (an allocation ended on
    --     the month end is not open at its end). Each allocation's run of months becomes a set
    --     (month_sets_by_range, shared/case_allocations.sql) and the sets are merged, so
    --     allocations that overlap count a month once, with no need to put them in order;
    --   * in_time: the month keys at whose end the case counts as supervised in time: a
    --     supervision, or the start of the case, after the month end minus supervision_days and
    --     on or before the month end (a case younger than that has no supervision due yet);
    --   * lo and hi: the first and last month allocated.
    SELECT child, month_set_union(allocated) AS allocated, month_set_union(in_time) AS in_time,
           min(lo) AS lo, max(hi) AS hi
    FROM (
        SELECT a.child, r.months AS allocated, NULL AS in_time, a.lo, a.hi
        FROM (
            -- The bounds of open_month_keys(started, ended).
            SELECT child,
                   greatest(month_key(started), getvariable('first_month_key')) AS lo,
                   least(month_key(coalesce(ended, DATE '9999-12-31')) - 1,
                         getvariable('last_month_key')) AS hi
            FROM case_allocations
            WHERE started IS NOT NULL
        ) a
        JOIN month_sets_by_range() r ON r.lo = a.lo AND r.hi = a.hi
        UNION ALL
        SELECT e.child, NULL, w.months, NULL, NULL
        FROM (
            SELECT csup_person_id AS child, csup_supervision_date AS day FROM ext_case_supervision
            UNION ALL
            SELECT child, day FROM case_start
        ) e
        JOIN month_sets_by_day(getvariable('supervision_days')) w ON w.day = e.day
    )
    GROUP BY child
),
allocated AS (
    -- Each child at each month end they are allocated at, once.
    SELECT child, in_time, month_key
    FROM (
        SELECT child, allocated, in_time, unnest(generate_series(lo, hi)) AS month_key
        FROM child_months
        WHERE lo IS NOT NULL
    )
    WHERE in_month_set(allocated, month_key)
)
SELECT
    p.period_id,
    a.child || '-' || p.period_id AS subject_id,
    CASE WHEN in_month_set(a.in_time, a.month_key) THEN 1 ELSE 0 END AS numerator,
    1 AS denominator
FROM allocated a
JOIN periods p ON p.month_key = a.month_key
