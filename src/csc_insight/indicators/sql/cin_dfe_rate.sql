-- CIN DfE rate: children in need at the month end (open CIN episode; one row each, numerator 1) and the under-18 population (one row per month with no subject, denominator) for a rate per 10,000.
WITH episode AS (
    -- Open CIN episodes: referred on or before the day, not closed on or before it. ended: the
    -- latest close of the child's episodes referred before this one (open: infinitely late).
    SELECT cine_person_id AS person_id, cine_referral_date AS started,
           coalesce(cine_close_date, DATE '9999-12-31') AS ended,
           max(coalesce(cine_close_date, DATE '9999-12-31')) OVER (
               PARTITION BY cine_person_id ORDER BY cine_referral_date
               RANGE BETWEEN UNBOUNDED PRECEDING AND INTERVAL 1 DAY PRECEDING) AS before_end
    FROM ssd_cin_episodes
    WHERE cine_referral_nfa IS DISTINCT FROM 'Y' AND cine_referral_date IS NOT NULL
),
spell AS (
    -- Overlapping or touching episodes make one spell in need, so a child counts once a month.
    SELECT person_id, started, ended,
           max(CASE WHEN before_end IS NULL OR before_end < started THEN started END) OVER (
               PARTITION BY person_id ORDER BY started RANGE UNBOUNDED PRECEDING) AS spell_start
    FROM episode
),
in_need AS (
    SELECT p.period_id, s.person_id
    FROM (SELECT person_id, spell_start, max(ended) AS spell_end FROM spell GROUP BY ALL) s
    JOIN periods p ON s.spell_start <= p.period_end AND s.spell_end > p.period_end
)
SELECT period_id, person_id AS subject_id, 1 AS numerator, 0 AS denominator
FROM in_need
UNION ALL
-- The population is the denominator, on a row with no subject.
SELECT period_id, NULL AS subject_id, 0 AS numerator, people AS denominator
FROM under_18_population
