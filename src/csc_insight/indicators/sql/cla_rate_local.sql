-- CLA rate local: children looked after at the month end who are not unaccompanied asylum-seeking children (UASC) that day (CLA 3) per 10,000 children aged 0-17 (ONS mid-year estimate).
SELECT period_id, person_id AS subject_id, 1 AS numerator, 0 AS denominator
FROM looked_after_uasc
WHERE NOT uasc
UNION ALL
-- The population is the denominator, on a row with no subject.
SELECT period_id, NULL AS subject_id, 0 AS numerator, people AS denominator
FROM under_18_population
