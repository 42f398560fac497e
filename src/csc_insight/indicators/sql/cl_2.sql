-- CL 2: percentage of care leavers aged 19 to 21 in education, employment or training on their 19th, 20th or 21st birthday in the 12 months ending at the month end (shared/care_leaver_cohort.sql); no information counts as not.
SELECT period_id, person AS subject_id, CASE WHEN eet THEN 1 ELSE 0 END AS numerator, 1 AS denominator,
       team AS team_id
FROM care_leaver_cohort
WHERE age >= 19
