-- CL 2 UASC: percentage of care leavers formerly unaccompanied asylum-seeking children (shared/uasc.sql, formerly_uasc: UASC while looked after, on or before the birthday) aged 19 to 21 in education, employment or training on their 19th, 20th or 21st birthday in the 12 months ending at the month end (shared/care_leaver_cohort.sql); no information counts as not.
SELECT period_id, person AS subject_id, CASE WHEN eet THEN 1 ELSE 0 END AS numerator, 1 AS denominator,
       team AS team_id
FROM care_leaver_cohort c
-- Formerly UASC: UASC on a day they were looked after, on or before the birthday.
SEMI JOIN formerly_uasc f ON f.person_id = c.person AND f.uasc_from <= c.birthday
WHERE c.age >= 19
