-- EH 7: early help episodes closed in the month (one row each), and whether the family disengaged.
SELECT
    p.period_id,
    c.ehcl_episode_id AS subject_id,
    CASE WHEN c.ehcl_closure_reason = 'DISENGAGED' THEN 1 ELSE 0 END AS numerator,
    1 AS denominator
FROM ext_early_help_closures c
JOIN period_days p ON p.day = c.ehcl_closure_date
