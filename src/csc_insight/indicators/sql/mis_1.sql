-- MIS 1: children with 3 or more missing episodes starting in the period (repeat missing); evaluated for every period.
WITH by_month AS (
    -- Episodes per child per month: a period's count is the sum over its months.
    SELECT miss_person_id AS person,
           date_trunc('month', miss_missing_episode_start_date) AS month,
           count(DISTINCT miss_table_id) AS episodes
    FROM ssd_missing
    -- Missing (M); a row with no type is read as missing. Away without authorisation (A) is not.
    WHERE coalesce(miss_missing_episode_type, 'M') = 'M'
    GROUP BY ALL
)
SELECT p.period_id, m.person AS subject_id, 1 AS numerator, NULL AS denominator
FROM by_month m
-- A period holds a month when it holds the month's first day.
JOIN period_days p ON p.day = m.month
GROUP BY p.period_id, m.person
HAVING sum(m.episodes) >= 3
