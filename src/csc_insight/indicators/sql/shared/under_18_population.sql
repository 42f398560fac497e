-- Shared view under_18_population (period_id, people): the under-18 population behind every rate
-- per 10,000 children (CIN 1, CIN DfE rate, CLA rate, CP rate), one row per period in `periods`.
--   * Ages 0 to 17 of the ONS mid-year estimate (ext_population).
--   * Persons (pop_sex T) for an area, year and age where loaded; otherwise males plus females.
--   * Every area loaded is added: the store should hold only the council's own population.
--   * The estimate is the latest whose year is no later than the start year of the financial year
--     holding the period end (every month end from 30 April 2020 to 31 March 2021 uses mid-2020, as
--     DfE's 31 March rates do); before the earliest year loaded, the earliest.
--   * No estimate loaded: no row, so the rate has no value.
CREATE OR REPLACE TEMP VIEW under_18_population AS
WITH by_age AS (
    SELECT
        pop_area_code,
        pop_year,
        pop_age,
        CASE
            WHEN count(*) FILTER (WHERE pop_sex = 'T') > 0 THEN sum(pop_count) FILTER (WHERE pop_sex = 'T')
            ELSE sum(pop_count) FILTER (WHERE pop_sex IN ('M', 'F'))
        END AS people
    FROM ext_population
    WHERE pop_age BETWEEN 0 AND 17
    GROUP BY pop_area_code, pop_year, pop_age
),
by_year AS (
    SELECT pop_year, sum(people) AS people FROM by_age GROUP BY pop_year
),
chosen AS (
    SELECT
        p.period_id,
        coalesce(
            (SELECT max(y.pop_year) FROM by_year y
             WHERE y.pop_year <= year(p.period_end) - CASE WHEN month(p.period_end) < 4 THEN 1 ELSE 0 END),
            (SELECT min(y.pop_year) FROM by_year y)
        ) AS pop_year
    FROM periods p
)
SELECT c.period_id, y.people
FROM chosen c
JOIN by_year y ON y.pop_year = c.pop_year;
