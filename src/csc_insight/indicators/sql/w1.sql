-- W1: cases held at the month end by each case-holding social worker, and their FTE, as the DfE's
-- Children's social work workforce caseload counts them: a case is a child allocated to the
-- worker as their social worker (role SW, or no role), agency workers included; personal
-- advisers' allocations (role PA) are not social workers' cases (W1 local counts them).
-- The cases (sw_cases) and the worker's FTE (staff assignment, else case-system record) are those
-- of shared/caseloads.sql; a worker holding no case as social worker is not in W1.
SELECT period_id, worker AS subject_id, sw_cases AS numerator, fte AS denominator
FROM caseloads
WHERE sw_cases IS NOT NULL
