-- CL count UASC: care leavers aged 18 to 21 at the month end (as CL count) who were unaccompanied asylum-seeking children while looked after (shared/uasc.sql, formerly_uasc).
SELECT p.period_id, c.person AS subject_id, 1 AS numerator, NULL AS denominator, c.team AS team_id
FROM care_leavers_18_21 c
JOIN periods p ON p.period_end >= c.from_day AND p.period_end < c.until_day
-- Formerly UASC: UASC on a day they were looked after, on or before the month end.
JOIN formerly_uasc f ON f.person_id = c.person AND f.uasc_from <= p.period_end
