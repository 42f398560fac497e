-- SYV 1 evidence: the entry counted for the month (its latest), who entered it and when, from
-- which partner; and the entries it superseded (how many, and the value before it).
SELECT
    p.period_id,
    f.entry_id AS subject_id,
    NULL::VARCHAR AS person_id,
    f.measure_id,
    f.month,
    f.value,
    f.source,
    f.entered_by,
    f.entered_on,
    f.note,
    f.earlier_entries,
    f.previous_value
FROM entered_figures f
JOIN period_days p ON p.day = f.month
WHERE f.measure_id = 'SYV_VICTIMS'
