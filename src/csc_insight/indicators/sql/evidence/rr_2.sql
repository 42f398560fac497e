-- RR 2 evidence: the entry counted for the month (its latest), with its numerator and
-- denominator, who entered it and when, from which partner; and the entries it superseded.
SELECT
    p.period_id,
    f.entry_id AS subject_id,
    NULL::VARCHAR AS person_id,
    f.measure_id,
    f.month,
    f.numerator,
    f.denominator,
    f.source,
    f.entered_by,
    f.entered_on,
    f.note,
    f.earlier_entries
FROM entered_figures f
JOIN period_days p ON p.day = f.month
WHERE f.measure_id = 'RAPID_REVIEWS_15WD'
