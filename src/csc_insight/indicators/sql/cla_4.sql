-- CLA 4: children looked after at the month end who are unaccompanied asylum-seeking children (UASC) that day.
SELECT la.period_id, la.person_id AS subject_id, 1 AS numerator, NULL AS denominator
FROM looked_after la
JOIN uasc u ON u.person_id = la.person_id AND u.month_key = month_key(la.period_end)
