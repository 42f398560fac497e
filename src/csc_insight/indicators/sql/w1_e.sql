-- W1 e: cases held and FTE at the month end for each case-holding worker in their assessed and supported year (NQSW/ASYE).
-- Workers (social workers and personal advisers: the local caseload, W1 local), cases, FTE and main
-- service: shared/caseloads.sql.
SELECT period_id, worker AS subject_id, cases AS numerator, fte AS denominator
FROM caseloads
WHERE nqsw = 'Y'
