-- CLA 4: children looked after at the month end who are unaccompanied asylum-seeking children (UASC) that day.
SELECT period_id, person_id AS subject_id, 1 AS numerator, NULL AS denominator
FROM looked_after_uasc
WHERE uasc
