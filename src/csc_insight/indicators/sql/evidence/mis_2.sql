-- MIS 2 evidence: each missing episode (type M, or no type) starting in the month for a child
-- looked after that day (an open CLA episode, not on short breaks V3/V4), with when it ended and
-- whether a return home interview was offered and accepted.
SELECT
    p.period_id,
    m.miss_table_id AS subject_id,
    m.miss_person_id AS person_id,
    m.miss_missing_episode_start_date AS missing_from,
    m.miss_missing_episode_end_date AS missing_until,
    m.miss_missing_rhi_offered AS return_interview_offered,
    m.miss_missing_rhi_accepted AS return_interview_accepted
FROM ssd_missing m
JOIN period_days p ON p.day = m.miss_missing_episode_start_date
