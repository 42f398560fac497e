-- CIN DfE rate: children in need at the month end (open CIN episode; one row each, numerator 1) and the under-18 population (one row per month with no subject, denominator) for a rate per 10,000.
WITH episode AS (
    -- Open CIN episodes: referred on or before the day, not closed on or before it (open: ends
    -- infinitely late). before_end: the latest close of the child's episodes before this one in
    -- order of referral (then close), which cover every day from its referral to before_end.
    SELECT cine_person_id AS person_id, cine_referral_date AS started,
           coalesce(cine_close_date, DATE '9999-12-31') AS ended,
           max(coalesce(cine_close_date, DATE '9999-12-31')) OVER (
               PARTITION BY cine_person_id ORDER BY cine_referral_date, cine_close_date
               ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS before_end
    FROM ssd_cin_episodes
    WHERE cine_referral_nfa IS DISTINCT FROM 'Y' AND cine_referral_date IS NOT NULL
),
in_need AS (
    -- A child counts once a month: each episode adds the month ends from before_end on, as the
    -- ones before are its predecessors'.
    SELECT p.period_id, e.person_id
    FROM (
        SELECT person_id,
               unnest(open_month_keys(greatest(started, before_end), ended)) AS month_key
        FROM episode
    ) e
    JOIN periods p ON p.month_key = e.month_key
)
SELECT period_id, person_id AS subject_id, 1 AS numerator, 0 AS denominator
FROM in_need
UNION ALL
-- The population is the denominator, on a row with no subject.
SELECT period_id, NULL AS subject_id, 0 AS numerator, people AS denominator
FROM under_18_population
