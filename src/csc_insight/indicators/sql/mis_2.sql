-- MIS 2: missing episodes starting in the month for a child looked after on the day the episode started.
SELECT p.period_id, m.miss_table_id AS subject_id, 1 AS numerator, NULL AS denominator
FROM ssd_missing m
JOIN period_days p ON p.day = m.miss_missing_episode_start_date
-- Missing (M); a row with no type is read as missing. Away without authorisation (A) is not.
WHERE coalesce(m.miss_missing_episode_type, 'M') = 'M'
  -- Looked after that day (an open CLA episode, not short breaks V3/V4): shared/looked_after.sql.
  AND looked_after_on(m.miss_person_id, m.miss_missing_episode_start_date)
