-- CLA 19 evidence: each child looked after at the month end (shared/looked_after.sql) whose
-- period of care began 12 months or more before it, and the allocated social worker who has held
-- their case longest without a break up to the month end.
--   * social_worker, worker_since: that worker (ssd_involvements, role SW or no role) and the
--     start of their unbroken spell: allocations of the child to the same worker that overlap or
--     follow on the next day are one spell. Held up to the month end: the spell ends on or
--     after it.
--   * worker_needed_since: the first day of the month five months before the month's own (for
--     31 March, 1 October): the same worker throughout the six calendar months. A spell that
--     started on or before it counts.
WITH allocation AS (
    SELECT invo_person_id AS person_id, invo_professional_id AS worker,
           invo_involvement_start_date AS started,
           coalesce(invo_involvement_end_date, DATE '9999-12-31') AS ended
    FROM ssd_involvements
    WHERE coalesce(upper(invo_professional_role_id), 'SW') = 'SW'
),
marked AS (
    -- An allocation starts a new spell unless an earlier one of the same worker and child lasted
    -- to the day before it or later.
    SELECT *,
           CASE WHEN started <= max(ended) OVER (
                    PARTITION BY person_id, worker ORDER BY started, ended
                    ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) + 1
                THEN 0 ELSE 1 END AS new_spell
    FROM allocation
),
spell AS (
    SELECT person_id, worker, min(started) AS started, max(ended) AS ended
    FROM (
        SELECT *, sum(new_spell) OVER (PARTITION BY person_id, worker ORDER BY started, ended
                                       ROWS UNBOUNDED PRECEDING) AS spell_number
        FROM marked
    )
    GROUP BY person_id, worker, spell_number
),
longest AS (
    -- At each month end, the spell held then that started first.
    SELECT la.period_id, la.person_id, s.worker, s.started
    FROM looked_after la
    JOIN spell s
      ON s.person_id = la.person_id AND s.started <= la.period_end AND s.ended >= la.period_end
    QUALIFY row_number() OVER (PARTITION BY la.period_id, la.person_id
                               ORDER BY s.started, s.worker) = 1
)
SELECT
    la.period_id,
    la.person_id AS subject_id,
    la.person_id,
    la.care_start,
    CASE WHEN pw.prof_professional_name IS NULL THEN w.worker
         ELSE pw.prof_professional_name || ' (' || w.worker || ')' END AS social_worker,
    w.started AS worker_since,
    CAST(date_trunc('month', la.period_end) - INTERVAL 5 MONTH AS DATE) AS worker_needed_since
FROM looked_after la
LEFT JOIN longest w ON w.period_id = la.period_id AND w.person_id = la.person_id
LEFT JOIN ssd_professionals pw ON pw.prof_professional_id = w.worker
WHERE la.care_start + INTERVAL 12 MONTH <= la.period_end
