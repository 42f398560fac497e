-- CIN DfE rate evidence: each child in need at the month end: a CIN episode (a referral not
-- marked no further action) referred on or before the month end and not closed by it.
--   * referral_date: the earliest referral of the child's episodes open then; open_episodes: how
--     many are open.
SELECT
    p.period_id,
    e.cine_person_id AS subject_id,
    e.cine_person_id AS person_id,
    min(e.cine_referral_date) AS referral_date,
    count(*) AS open_episodes
FROM ssd_cin_episodes e
JOIN periods p
  ON e.cine_referral_date <= p.period_end
 AND (e.cine_close_date IS NULL OR e.cine_close_date > p.period_end)
WHERE e.cine_referral_nfa IS DISTINCT FROM 'Y'
GROUP BY p.period_id, e.cine_person_id
