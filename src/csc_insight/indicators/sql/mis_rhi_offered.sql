-- MIS RHI offered: missing episodes ending in the month (type M, or no type), and whether a return home interview was offered.
SELECT
    p.period_id,
    m.miss_table_id AS subject_id,
    CASE WHEN m.miss_missing_rhi_offered = 'Y' THEN 1 ELSE 0 END AS numerator,
    1 AS denominator
FROM ssd_missing m
JOIN period_days p ON p.day = m.miss_missing_episode_end_date
-- Missing (M); a row with no type is read as missing. Away without authorisation (A) is not.
WHERE coalesce(m.miss_missing_episode_type, 'M') = 'M'
