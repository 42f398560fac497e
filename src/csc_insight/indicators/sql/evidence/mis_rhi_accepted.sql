-- MIS RHI accepted evidence: each missing episode (type M, or no type) ending in the month, when
-- it started and ended, and whether a return home interview was offered and accepted (both Y
-- counts; an acceptance with no offer recorded does not).
SELECT
    p.period_id,
    m.miss_table_id AS subject_id,
    m.miss_person_id AS person_id,
    m.miss_missing_episode_start_date AS missing_from,
    m.miss_missing_episode_end_date AS missing_until,
    m.miss_missing_rhi_offered AS return_interview_offered,
    m.miss_missing_rhi_accepted AS return_interview_accepted
FROM ssd_missing m
JOIN period_days p ON p.day = m.miss_missing_episode_end_date
WHERE coalesce(m.miss_missing_episode_type, 'M') = 'M'
