-- SCH 3 evidence: the month's figure as the council entered it in the education template,
-- where it was taken from and its note.
SELECT
    p.period_id,
    f.figure_id AS subject_id,
    NULL::VARCHAR AS person_id,
    f.measure_id,
    f.month,
    f.value,
    f.taken_from,
    f.note
FROM education_figures f
JOIN period_days p ON p.day = f.month
WHERE f.measure_id = 'SCH 3'
