-- CL 1 17-18: care leavers aged 17 or 18 in education, employment or training on their 17th or 18th birthday in the 12 months ending at the month end (shared/care_leaver_cohort.sql).
SELECT period_id, person AS subject_id, 1 AS numerator, NULL AS denominator,
       team AS team_id
FROM care_leaver_cohort
WHERE age <= 18 AND eet
