-- CP children: children subject to a CP plan at the month end (plan started on or before it and not ended by it; plans held by another LA left out).
SELECT period_id, person_id AS subject_id, 1 AS numerator, NULL AS denominator
FROM on_cp_plan
