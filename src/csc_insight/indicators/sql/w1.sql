-- W1: cases held and FTE at the month end for every case-holding worker (allocated social workers and personal advisers).
-- Workers, cases, FTE and main service: shared/caseloads.sql.
SELECT period_id, worker AS subject_id, cases AS numerator, fte AS denominator
FROM caseloads
