-- CLA 4 evidence: each child looked after at the month end (shared/looked_after.sql) who is an
-- unaccompanied asylum-seeking child (UASC) that day, when their current period of care began,
-- and the start of their UASC status (empty where none is recorded).
SELECT
    la.period_id,
    la.person_id AS subject_id,
    la.person_id,
    c.care_start,
    (
        SELECT min(s.immi_immigration_status_start_date)
        FROM ssd_immigration_status s
        WHERE s.immi_person_id = la.person_id
          AND s.immi_immigration_status = 'UASC'
          AND coalesce(s.immi_immigration_status_start_date, DATE '0001-01-01') <= la.period_end
          AND (s.immi_immigration_status_end_date IS NULL
               OR s.immi_immigration_status_end_date > la.period_end)
    ) AS uasc_since
FROM looked_after_uasc la
JOIN looked_after c ON c.period_id = la.period_id AND c.person_id = la.person_id
WHERE la.uasc
