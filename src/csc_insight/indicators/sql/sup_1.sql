-- SUP 1: children with an allocated worker at the month end (one row each), and whether their case was supervised within the last supervision_days days (or is too new to be due).
-- A longer period adds its months, so a subject is a child at a month end: child-yyyy-mm.
WITH ordered AS MATERIALIZED (
    -- Each allocation (shared/case_allocations.sql: role SW, PA or empty; an open one ends
    -- infinitely late) with before_end, the latest end of the child's allocations before it in
    -- order of start (then end). Those allocations cover every day from its start to before_end.
    SELECT child, started, coalesce(ended, DATE '9999-12-31') AS ended,
           max(coalesce(ended, DATE '9999-12-31')) OVER (
               PARTITION BY child ORDER BY started, ended
               ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS before_end
    FROM case_allocations
    WHERE started IS NOT NULL
),
in_time AS (
    -- Each child's month keys at whose end the case counts as supervised in time: a supervision,
    -- or the start of the case (no earlier allocation lasting to the day before it or later: a
    -- change of worker does not restart the case), after the month end minus supervision_days
    -- and on or before the month end. A case younger than that has no supervision due yet.
    SELECT e.child, month_set_union(w.months) AS months
    FROM (
        SELECT csup_person_id AS child, csup_supervision_date AS day FROM ext_case_supervision
        UNION ALL
        SELECT child, started FROM ordered WHERE before_end IS NULL OR before_end < started - 1
    ) e
    JOIN month_sets_by_day(getvariable('supervision_days')) w ON w.day = e.day
    GROUP BY ALL
),
allocated AS (
    -- Children with an allocation open at the month end (an allocation ended on the month end is
    -- not open at its end), once each: an allocation adds the month ends from before_end on, as
    -- the ones before are its predecessors'.
    SELECT o.child, t.months AS in_time,
           unnest(open_month_keys(greatest(o.started, o.before_end), o.ended)) AS month_key
    FROM ordered o
    LEFT JOIN in_time t ON t.child = o.child
)
SELECT
    p.period_id,
    a.child || '-' || p.period_id AS subject_id,
    CASE WHEN in_month_set(a.in_time, a.month_key) THEN 1 ELSE 0 END AS numerator,
    1 AS denominator
FROM allocated a
JOIN periods p ON p.month_key = a.month_key
