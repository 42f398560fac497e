-- SCH 2, share of schools in special measures: the percentage the council entered for the month
-- (shared/education_figures.sql). A month not entered or not published has no row: no figure.
SELECT p.period_id, f.figure_id AS subject_id, f.value AS numerator, 100.0 AS denominator
FROM education_figures f
JOIN period_days p ON p.day = f.month
WHERE f.measure_id = 'SCH 2'
