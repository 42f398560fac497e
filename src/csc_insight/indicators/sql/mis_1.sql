-- MIS 1: children with 3 or more missing episodes starting in the month (repeat missing).
-- Longer periods add the months (the seed's year is the sum of its months).
SELECT p.period_id, m.miss_person_id AS subject_id, 1 AS numerator, NULL AS denominator
FROM ssd_missing m
JOIN period_days p ON p.day = m.miss_missing_episode_start_date
-- Missing (M); a row with no type is read as missing. Away without authorisation (A) is not.
WHERE coalesce(m.miss_missing_episode_type, 'M') = 'M'
GROUP BY p.period_id, m.miss_person_id
HAVING count(DISTINCT m.miss_table_id) >= 3
