-- RR 1: rapid reviews completed in the month, as the safeguarding partnership gave them: the
-- Value of the month's latest entry of RAPID_REVIEWS (shared/entered_figures.sql).
SELECT p.period_id, f.entry_id AS subject_id, f.value AS numerator, NULL::DOUBLE AS denominator
FROM entered_figures f
JOIN period_days p ON p.day = f.month
WHERE f.measure_id = 'RAPID_REVIEWS'
