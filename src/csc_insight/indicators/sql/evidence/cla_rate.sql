-- CLA rate evidence: each child looked after at the month end (shared/looked_after.sql: an open
-- CLA episode, not on short breaks V3/V4; UASC included), and when their current period of care
-- began.
SELECT la.period_id, la.person_id AS subject_id, la.person_id, la.care_start
FROM looked_after la
