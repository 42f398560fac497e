-- CL 2 17-18: percentage of care leavers aged 17 or 18 in education, employment or training on their 17th or 18th birthday in the 12 months ending at the month end (shared/care_leaver_cohort.sql); no information counts as not.
SELECT period_id, person AS subject_id, CASE WHEN eet THEN 1 ELSE 0 END AS numerator, 1 AS denominator,
       team AS team_id
FROM care_leaver_cohort
WHERE age <= 18
