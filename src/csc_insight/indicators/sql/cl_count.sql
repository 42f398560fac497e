-- CL count: care leavers aged 18 to 21 at the month end (shared/care_leaver_cohort.sql,
-- care_leavers_18_21: a care-leaver record in force then, not died or returned home, aged 18 to 21).
SELECT p.period_id, c.person AS subject_id, 1 AS numerator, NULL AS denominator, c.team AS team_id
FROM care_leavers_18_21 c
JOIN periods p ON p.period_end >= c.from_day AND p.period_end < c.until_day
