-- MIS 2: missing episodes starting in the month for a child looked after on the day the episode started.
SELECT p.period_id, m.miss_table_id AS subject_id, 1 AS numerator, NULL AS denominator
FROM ssd_missing m
JOIN periods p ON m.miss_missing_episode_start_date BETWEEN p.period_start AND p.period_end
-- Missing (M); a row with no type is read as missing. Away without authorisation (A) is not.
WHERE coalesce(m.miss_missing_episode_type, 'M') = 'M'
  -- Looked after that day: an episode started on or before it and not ceased by it.
  AND EXISTS (
      SELECT 1 FROM ssd_cla_episodes e
      WHERE e.clae_person_id = m.miss_person_id
        AND e.clae_cla_episode_start_date <= m.miss_missing_episode_start_date
        AND (e.clae_cla_episode_ceased_date IS NULL
             OR e.clae_cla_episode_ceased_date > m.miss_missing_episode_start_date))
  -- Not looked after under an agreed series of short-term placements (short breaks) that day.
  AND NOT EXISTS (
      SELECT 1 FROM ssd_legal_status l
      WHERE l.lega_person_id = m.miss_person_id
        AND l.lega_legal_status IN ('V3', 'V4')
        AND l.lega_legal_status_start_date <= m.miss_missing_episode_start_date
        AND (l.lega_legal_status_end_date IS NULL
             OR l.lega_legal_status_end_date > m.miss_missing_episode_start_date))
