-- CIN plans rate: children on a CIN plan at the month end who are neither on a CP plan nor looked after (one row each, numerator 1) and the under-18 population (one row per month with no subject, denominator) for a rate per 10,000.
WITH on_cin_plan AS (
    SELECT DISTINCT p.period_id, cp.cinp_person_id AS person_id
    FROM ssd_cin_plans cp
    JOIN periods p
      ON cp.cinp_cin_plan_start_date <= p.period_end
     AND (cp.cinp_cin_plan_end_date IS NULL OR cp.cinp_cin_plan_end_date > p.period_end)
),
on_cp_plan AS (
    SELECT DISTINCT p.period_id, pl.cppl_person_id AS person_id
    FROM ssd_cp_plans pl
    JOIN periods p
      ON pl.cppl_cp_plan_start_date <= p.period_end
     AND (pl.cppl_cp_plan_end_date IS NULL OR pl.cppl_cp_plan_end_date > p.period_end)
),
looked_after AS (
    -- Open CLA episode at the month end, unless the child's legal status then is a series of short breaks (V3/V4).
    SELECT DISTINCT p.period_id, e.clae_person_id AS person_id
    FROM ssd_cla_episodes e
    JOIN periods p
      ON e.clae_cla_episode_start_date <= p.period_end
     AND (e.clae_cla_episode_ceased_date IS NULL OR e.clae_cla_episode_ceased_date > p.period_end)
    WHERE NOT EXISTS (
        SELECT 1 FROM ssd_legal_status l
        WHERE l.lega_person_id = e.clae_person_id
          AND l.lega_legal_status IN ('V3', 'V4')
          AND l.lega_legal_status_start_date <= p.period_end
          AND (l.lega_legal_status_end_date IS NULL OR l.lega_legal_status_end_date > p.period_end)
    )
),
cohort AS (
    SELECT c.period_id, c.person_id
    FROM on_cin_plan c
    WHERE NOT EXISTS (SELECT 1 FROM on_cp_plan x WHERE x.period_id = c.period_id AND x.person_id = c.person_id)
      AND NOT EXISTS (SELECT 1 FROM looked_after x WHERE x.period_id = c.period_id AND x.person_id = c.person_id)
),
by_age AS (
    -- Persons (T) where given; otherwise males plus females. As CIN 1.
    SELECT
        pop_year,
        pop_age,
        CASE
            WHEN count(*) FILTER (WHERE pop_sex = 'T') > 0 THEN sum(pop_count) FILTER (WHERE pop_sex = 'T')
            ELSE sum(pop_count) FILTER (WHERE pop_sex IN ('M', 'F'))
        END AS people
    FROM ext_population
    WHERE pop_age BETWEEN 0 AND 17
    GROUP BY pop_year, pop_age
),
under_18 AS (
    SELECT pop_year, sum(people) AS people FROM by_age GROUP BY pop_year
),
estimate AS (
    -- The latest mid-year estimate no later than the start year of the month end's financial year
    -- (31 March 2021 uses mid-2020, as DfE's 31 March rates do); before the first one loaded, the first.
    SELECT
        p.period_id,
        coalesce(
            (SELECT max(u.pop_year) FROM under_18 u WHERE u.pop_year <= year(p.period_end) - CASE WHEN month(p.period_end) < 4 THEN 1 ELSE 0 END),
            (SELECT min(u.pop_year) FROM under_18 u)
        ) AS pop_year
    FROM periods p
)
SELECT period_id, person_id AS subject_id, 1 AS numerator, 0 AS denominator
FROM cohort
UNION ALL
SELECT s.period_id, NULL AS subject_id, 0 AS numerator, u.people AS denominator
FROM estimate s
JOIN under_18 u ON u.pop_year = s.pop_year
