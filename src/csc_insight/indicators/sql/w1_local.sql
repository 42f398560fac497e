-- W1 local: cases held and FTE at the month end for every case-holding worker, social workers
-- and personal advisers alike (the council's own caseload, of which W1 a to W1 g are the services).
-- Workers, cases, FTE and main service: shared/caseloads.sql.
SELECT period_id, worker AS subject_id, cases AS numerator, fte AS denominator
FROM caseloads
