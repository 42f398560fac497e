-- CLA 3: children looked after at the month end who are not unaccompanied asylum-seeking children (UASC) that day (local CLA).
SELECT la.period_id, la.person_id AS subject_id, 1 AS numerator, NULL AS denominator
FROM looked_after la
LEFT JOIN uasc u ON u.person_id = la.person_id AND u.month_key = month_key(la.period_end)
WHERE u.person_id IS NULL
