-- CLA 10: children looked after at the month end whose statutory visits are within timescales (setting cla_visit_rule: reg28 or six_weekly).
-- Under reg28 the rule in force for a visit is the one in force on the day of the visit; the next
-- visit is due a week, four weeks, six weeks or three months after it (see the catalogue entry).
-- The rules are those of shared/cla_visits_due.sql.
SELECT
    period_id,
    person AS subject_id,
    CASE WHEN period_end <= due_by THEN 1 ELSE 0 END AS numerator,
    1 AS denominator
FROM cla_visits_due
