-- RR 2: rapid reviews completed in the month within 15 working days, of those completed: the
-- Numerator and Denominator of the month's latest entry of RAPID_REVIEWS_15WD
-- (shared/entered_figures.sql).
SELECT p.period_id, f.entry_id AS subject_id, f.numerator, f.denominator
FROM entered_figures f
JOIN period_days p ON p.day = f.month
WHERE f.measure_id = 'RAPID_REVIEWS_15WD'
