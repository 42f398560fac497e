-- CIN 1: children on a CIN plan at the month end who are neither on a CP plan nor looked after (one row each, numerator 1) and the under-18 population (one row per month with no subject, denominator) for a rate per 10,000.
SELECT period_id, person_id AS subject_id, 1 AS numerator, 0 AS denominator
FROM cin_plan_cohort
UNION ALL
-- The population is the denominator, on a row with no subject.
SELECT period_id, NULL AS subject_id, 0 AS numerator, people AS denominator
FROM under_18_population
