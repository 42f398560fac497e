-- CLA rate: children looked after at the month end (UASC included) per 10,000 children aged 0-17 (ONS mid-year estimate).
WITH looked_after AS (
    -- Looked after at the month end: an episode started on or before it and not ceased by it,
    -- and not under an agreed series of short-term placements (legal status V3/V4) that day.
    SELECT DISTINCT p.period_id, p.period_end, e.clae_person_id AS person
    FROM periods p
    JOIN ssd_cla_episodes e
      ON e.clae_cla_episode_start_date <= p.period_end
     AND (e.clae_cla_episode_ceased_date IS NULL OR e.clae_cla_episode_ceased_date > p.period_end)
    WHERE NOT EXISTS (
        SELECT 1 FROM ssd_legal_status l
        WHERE l.lega_person_id = e.clae_person_id
          AND l.lega_legal_status IN ('V3', 'V4')
          AND l.lega_legal_status_start_date <= p.period_end
          AND (l.lega_legal_status_end_date IS NULL OR l.lega_legal_status_end_date > p.period_end))
),
estimate AS (
    -- The mid-year estimate inside the month's financial year (mid-2020 for April 2020 to March 2021),
    -- else the latest earlier one loaded, else the earliest loaded.
    SELECT p.period_id,
           coalesce(
               max(x.pop_year) FILTER (WHERE x.pop_year <= year(p.period_end) - CASE WHEN month(p.period_end) < 4 THEN 1 ELSE 0 END),
               min(x.pop_year)
           ) AS pop_year
    FROM periods p CROSS JOIN ext_population x
    GROUP BY p.period_id
),
children AS (
    -- Both sexes: the T rows, or M + F where an area/year/age has no T row.
    SELECT e.period_id, sum(x.pop_count) AS population
    FROM estimate e
    JOIN ext_population x ON x.pop_year = e.pop_year AND x.pop_age BETWEEN 0 AND 17
    WHERE x.pop_sex = 'T'
       OR (x.pop_sex IN ('M', 'F') AND NOT EXISTS (
           SELECT 1 FROM ext_population t
           WHERE t.pop_sex = 'T' AND t.pop_area_code = x.pop_area_code
             AND t.pop_year = x.pop_year AND t.pop_age = x.pop_age))
    GROUP BY e.period_id
)
SELECT period_id, person AS subject_id, 1 AS numerator, 0 AS denominator FROM looked_after
UNION ALL
-- The population is the denominator, on a row with no subject.
SELECT period_id, NULL AS subject_id, 0 AS numerator, population AS denominator FROM children
