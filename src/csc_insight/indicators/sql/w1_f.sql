-- W1 f: cases held and FTE at the month end for each case-holding worker whose cases are mainly in Leaving Care teams.
-- Workers (social workers and personal advisers: the local caseload, W1 local), cases, FTE and main
-- service: shared/caseloads.sql.
SELECT period_id, worker AS subject_id, cases AS numerator, fte AS denominator
FROM caseloads
WHERE service = 'Leaving Care'
