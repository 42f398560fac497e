-- CLA rate local evidence: each child looked after at the month end (shared/looked_after.sql: an
-- open CLA episode, not on short breaks V3/V4) who is not an unaccompanied asylum-seeking child
-- (UASC) that day, and when their current period of care began.
SELECT la.period_id, la.person_id AS subject_id, la.person_id, c.care_start
FROM looked_after_uasc la
JOIN looked_after c ON c.period_id = la.period_id AND c.person_id = la.person_id
WHERE NOT la.uasc
