-- CLA 4: children looked after at the month end who are unaccompanied asylum-seeking children (UASC) that day.
WITH looked_after AS (
    -- Looked after at the month end: an episode started on or before it and not ceased by it,
    -- and not under an agreed series of short-term placements (legal status V3/V4) that day.
    SELECT DISTINCT p.period_id, p.period_end, e.clae_person_id AS person
    FROM periods p
    JOIN ssd_cla_episodes e
      ON e.clae_cla_episode_start_date <= p.period_end
     AND (e.clae_cla_episode_ceased_date IS NULL OR e.clae_cla_episode_ceased_date > p.period_end)
    WHERE NOT EXISTS (
        SELECT 1 FROM ssd_legal_status l
        WHERE l.lega_person_id = e.clae_person_id
          AND l.lega_legal_status IN ('V3', 'V4')
          AND l.lega_legal_status_start_date <= p.period_end
          AND (l.lega_legal_status_end_date IS NULL OR l.lega_legal_status_end_date > p.period_end))
)
SELECT la.period_id, la.person AS subject_id, 1 AS numerator, NULL AS denominator
FROM looked_after la
WHERE EXISTS (
    SELECT 1 FROM ssd_immigration_status i
    WHERE i.immi_person_id = la.person
      AND i.immi_immigration_status = 'UASC'
      AND (i.immi_immigration_status_start_date IS NULL OR i.immi_immigration_status_start_date <= la.period_end)
      AND (i.immi_immigration_status_end_date IS NULL OR i.immi_immigration_status_end_date > la.period_end))
