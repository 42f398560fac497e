-- CIN 1: children in need at the month end (one row each, numerator 1) and the under-18 population (one row per month with no subject, denominator) for a rate per 10,000.
WITH in_need AS (
    -- Open CIN episode at the month end: referred on or before it, not closed on or before it.
    SELECT DISTINCT p.period_id, e.cine_person_id AS person_id
    FROM ssd_cin_episodes e
    JOIN periods p
      ON e.cine_referral_date <= p.period_end
     AND (e.cine_close_date IS NULL OR e.cine_close_date > p.period_end)
    WHERE e.cine_referral_nfa IS DISTINCT FROM 'Y'
),
by_age AS (
    -- Persons (T) where given; otherwise males plus females.
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
FROM in_need
UNION ALL
SELECT s.period_id, NULL AS subject_id, 0 AS numerator, u.people AS denominator
FROM estimate s
JOIN under_18 u ON u.pop_year = s.pop_year
