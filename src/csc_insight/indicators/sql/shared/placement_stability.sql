-- Shared: placements counted as the DfE counts them for placement stability, for CLA 20 short-term,
-- CLA 20 long-term and their evidence (DfE 'Children looked after in England including
-- adoptions', SSDA903 guide: reason for new episode, RNE).
-- View dfe_placements (person_id, started, ceased, previous_from): one row per placement of a
-- child, from the SSDA903 episodes in ssd_cla_episodes.
--   * Episodes begun on short breaks (a V3 or V4 legal status in ssd_legal_status open on the
--     episode's start day) are left out, as the DfE leaves them out. An episode is looked after
--     from its start day to the day before its ceased day (no ceased date: 9999-12-31).
--   * A placement (with new carers) begins with an episode whose RNE is S (started to be looked
--     after), P (change of placement and carers) or B (change of legal status and placement and
--     carers). T and U (a change of placement with the same carers) and L (legal status only)
--     continue the placement. The child's first episode, and one starting after a gap in care
--     (the episode before ceased before it started), always begin one, whatever the RNE; an
--     episode with no RNE begins one when its clae_cla_placement_id differs from the episode
--     before.
--   * started: the start of the episode that began the placement; ceased: the latest ceased date
--     of its episodes (the child is in it up to the day before). Two episodes with the same start
--     are one placement.
--   * previous_from: when the child's placement before this one began (NULL for their first):
--     CLA 20 long-term counts an adoptive placement together with the one before it.
-- Materialised: both CLA 20 indicators read it, and they already go with the other readers of
-- looked_after (engine.shared_groups), so it is computed once for the two.
CREATE OR REPLACE TEMP VIEW dfe_placements AS
WITH episode AS (
    SELECT e.clae_person_id AS person_id, e.clae_cla_episode_start_date AS started,
           coalesce(e.clae_cla_episode_ceased_date, DATE '9999-12-31') AS ceased,
           e.clae_cla_episode_start_reason AS rne, e.clae_cla_placement_id AS placement_id
    FROM ssd_cla_episodes e
    WHERE e.clae_cla_episode_start_date IS NOT NULL
      AND NOT EXISTS (
          SELECT 1 FROM ssd_legal_status l
          WHERE l.lega_person_id = e.clae_person_id
            AND l.lega_legal_status IN ('V3', 'V4')
            AND l.lega_legal_status_start_date <= e.clae_cla_episode_start_date
            AND (l.lega_legal_status_end_date IS NULL
                 OR l.lega_legal_status_end_date > e.clae_cla_episode_start_date))
),
marked AS (
    -- placement_from: the episode's start when it begins a placement, else NULL.
    SELECT *,
           CASE
               WHEN lag(started) OVER w IS NULL OR lag(ceased) OVER w < started THEN started
               WHEN rne IN ('S', 'P', 'B') THEN started
               WHEN rne IN ('L', 'T', 'U') THEN NULL
               WHEN placement_id IS DISTINCT FROM lag(placement_id) OVER w THEN started
           END AS placement_from
    FROM episode
    WINDOW w AS (PARTITION BY person_id ORDER BY started, ceased)
),
placement AS (
    -- Each episode belongs to the latest placement begun at or before it.
    SELECT person_id, placement_from AS started, max(ceased) AS ceased
    FROM (
        SELECT person_id, ceased,
               max(placement_from) OVER (PARTITION BY person_id ORDER BY started, ceased
                                         ROWS UNBOUNDED PRECEDING) AS placement_from
        FROM marked
    )
    GROUP BY ALL
)
SELECT person_id, started, ceased,
       lag(started) OVER (PARTITION BY person_id ORDER BY started) AS previous_from
FROM placement;
