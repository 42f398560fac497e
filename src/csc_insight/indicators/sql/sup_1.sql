-- SUP 1: children with an allocated worker at the month end (one row each), and whether their case was supervised within the last supervision_days days (or is too new to be due).
WITH ordered AS (
    -- Each allocation (shared/case_allocations.sql: role SW, PA or empty) with the latest end of the
    -- child's allocations that started before it (an open allocation ends infinitely late).
    SELECT child, started, ended,
           max(coalesce(ended, DATE '9999-12-31')) OVER (
               PARTITION BY child ORDER BY started
               RANGE BETWEEN UNBOUNDED PRECEDING AND INTERVAL 1 DAY PRECEDING) AS before_end
    FROM case_allocations
    WHERE started IS NOT NULL
),
marked AS (
    SELECT child, ended,
           -- The case began at the latest allocation that started a case: one with no earlier
           -- allocation lasting to the day before it or later (a change of worker does not
           -- restart the case).
           max(CASE WHEN before_end IS NULL OR before_end < started - 1 THEN started END) OVER w
               AS case_started,
           -- A span: allocations overlapping or meeting end to start, so the child is allocated
           -- every day from the span's start to (not including) its end.
           max(CASE WHEN before_end IS NULL OR before_end < started THEN started END) OVER w
               AS span_start
    FROM ordered
    WINDOW w AS (PARTITION BY child ORDER BY started RANGE UNBOUNDED PRECEDING)
),
spans AS (
    -- A span lies inside one case, so it has one case start.
    SELECT child, span_start, max(case_started) AS case_started,
           max(coalesce(ended, DATE '9999-12-31')) AS span_end
    FROM marked
    GROUP BY child, span_start
),
supervised AS (
    -- Each child's supervisions as the months they cover: those whose end is on or after the
    -- supervision and less than supervision_days after it (a list of month keys per child).
    SELECT s.csup_person_id AS child, list(w.month_key) AS months
    FROM ext_case_supervision s
    JOIN days_to_period_end(getvariable('supervision_days')) w ON w.day = s.csup_supervision_date
    GROUP BY ALL
),
allocated AS (
    -- Children with an allocation open at the month end (an allocation ended on the month end is
    -- not open at its end), once each: spans do not overlap.
    SELECT s.child, s.case_started, v.months AS supervised,
           unnest(open_month_keys(s.span_start, s.span_end)) AS month_key
    FROM spans s
    LEFT JOIN supervised v ON v.child = s.child
)
SELECT
    p.period_id,
    c.child AS subject_id,
    CASE
        WHEN c.case_started > p.period_end - getvariable('supervision_days') THEN 1
        -- A supervision after the month end minus supervision_days, on or before the month end.
        WHEN list_contains(c.supervised, c.month_key) THEN 1
        ELSE 0
    END AS numerator,
    1 AS denominator
FROM allocated c
JOIN periods p ON p.month_key = c.month_key
