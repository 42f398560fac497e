-- WF 4: establishment social workers (grade 11+) in post at the month end who hold no cases (e.g. maternity leave, long-term sick).
-- Social workers in post and whether they hold cases: shared/social_worker_case_holding.sql.
SELECT period_id, staff_id AS subject_id, 1 AS numerator, NULL::DOUBLE AS denominator, team_id
FROM social_worker_case_holding
WHERE agency = 'N' AND NOT holds_cases
