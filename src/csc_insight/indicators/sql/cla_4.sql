-- CLA 4: children looked after at the month end who are unaccompanied asylum-seeking children (UASC) that day.
SELECT la.period_id, la.person_id AS subject_id, 1 AS numerator, NULL AS denominator
FROM looked_after la
WHERE EXISTS (
    SELECT 1 FROM ssd_immigration_status i
    WHERE i.immi_person_id = la.person_id
      AND i.immi_immigration_status = 'UASC'
      AND (i.immi_immigration_status_start_date IS NULL OR i.immi_immigration_status_start_date <= la.period_end)
      AND (i.immi_immigration_status_end_date IS NULL OR i.immi_immigration_status_end_date > la.period_end))
