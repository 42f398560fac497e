-- MIS 1 evidence: each child with 3 or more missing episodes starting in the month (type M, or
-- no type; away without authorisation, A, is not missing). A longer period lists each month's
-- children, so a child repeat missing in two months is listed twice, as the figure counts them.
--   * episodes: how many started in the month; first_missing, last_missing: the first and last
--     of their start dates.
SELECT
    p.period_id,
    m.miss_person_id AS subject_id,
    m.miss_person_id AS person_id,
    count(DISTINCT m.miss_table_id) AS episodes,
    min(m.miss_missing_episode_start_date) AS first_missing,
    max(m.miss_missing_episode_start_date) AS last_missing
FROM ssd_missing m
JOIN period_days p ON p.day = m.miss_missing_episode_start_date
WHERE coalesce(m.miss_missing_episode_type, 'M') = 'M'
GROUP BY p.period_id, m.miss_person_id
HAVING count(DISTINCT m.miss_table_id) >= 3
