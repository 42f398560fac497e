-- SYV 1: serious youth violence victims in the month, as the police gave them: the Value of the
-- month's latest entry of SYV_VICTIMS (shared/entered_figures.sql: earlier entries superseded).
SELECT p.period_id, f.entry_id AS subject_id, f.value AS numerator, NULL::DOUBLE AS denominator
FROM entered_figures f
JOIN period_days p ON p.day = f.month
WHERE f.measure_id = 'SYV_VICTIMS'
