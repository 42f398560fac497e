-- CLA 3: children looked after at the month end who are not unaccompanied asylum-seeking children (UASC) that day (local CLA).
SELECT period_id, person_id AS subject_id, 1 AS numerator, NULL AS denominator
FROM looked_after_uasc
WHERE NOT uasc
