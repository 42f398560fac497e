-- CIN DfE rate: children in need at the month end (open CIN episode; one row each, numerator 1) and the under-18 population (one row per month with no subject, denominator) for a rate per 10,000.
WITH in_need AS (
    -- Open CIN episode at the month end: referred on or before it, not closed on or before it.
    SELECT DISTINCT p.period_id, e.cine_person_id AS person_id
    FROM ssd_cin_episodes e
    JOIN periods p
      ON e.cine_referral_date <= p.period_end
     AND (e.cine_close_date IS NULL OR e.cine_close_date > p.period_end)
    WHERE e.cine_referral_nfa IS DISTINCT FROM 'Y'
)
SELECT period_id, person_id AS subject_id, 1 AS numerator, 0 AS denominator
FROM in_need
UNION ALL
-- The population is the denominator, on a row with no subject.
SELECT period_id, NULL AS subject_id, 0 AS numerator, people AS denominator
FROM under_18_population
