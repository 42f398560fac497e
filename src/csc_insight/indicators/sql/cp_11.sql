-- CP 11: children becoming subject to a CP plan in the month who had been subject to a plan before (second or subsequent time).
WITH starts AS (
    -- One start per child per day: two plans recorded as starting the same day are one start.
    SELECT DISTINCT p.period_id, c.cppl_person_id AS person, c.cppl_cp_plan_start_date AS start_date
    FROM ssd_cp_plans c
    JOIN period_days p ON p.day = c.cppl_cp_plan_start_date
    WHERE coalesce(c.cppl_cp_plan_ola, 'N') <> 'Y'
)
SELECT
    s.period_id,
    s.person || '-' || strftime(s.start_date, '%Y%m%d') AS subject_id,
    -- Any earlier plan ever, wherever held, however it ended (even on this start date).
    CASE WHEN EXISTS (
        SELECT 1 FROM ssd_cp_plans prev
        WHERE prev.cppl_person_id = s.person
          AND prev.cppl_cp_plan_start_date < s.start_date
    ) THEN 1 ELSE 0 END AS numerator,
    1 AS denominator
FROM starts s
