-- EH open evidence: each child with an early help episode open at the month end, one row each.
--   * An episode is open from its start until its end date, or failing that the date its coded
--     closure records (ext_early_help_closures); with neither, it is still open. Ending on the
--     month end is not open at it.
--   * episode_start: the earliest start among the child's episodes open at the month end;
--     open_episodes: how many are open then.
SELECT
    p.period_id,
    e.earl_person_id AS subject_id,
    e.earl_person_id AS person_id,
    min(e.earl_episode_start_date) AS episode_start,
    count(*) AS open_episodes
FROM ssd_early_help_episodes e
LEFT JOIN ext_early_help_closures c ON c.ehcl_episode_id = e.earl_episode_id
JOIN periods p
  ON e.earl_episode_start_date <= p.period_end
 AND coalesce(e.earl_episode_end_date, c.ehcl_closure_date, DATE '9999-12-31') > p.period_end
GROUP BY p.period_id, e.earl_person_id
