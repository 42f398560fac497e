-- CL 1: care leavers aged 19 to 21 in education, employment or training on their 19th, 20th or 21st birthday in the 12 months ending at the month end (shared/care_leaver_cohort.sql).
SELECT period_id, person AS subject_id, 1 AS numerator, NULL AS denominator,
       team AS team_id
FROM care_leaver_cohort
WHERE age >= 19 AND eet
