-- W1: cases held at the month end by each case-holding social worker, and their FTE, as the DfE's
-- Children's social work workforce caseload counts them: a case is a child allocated to the
-- worker as their social worker (role SW, or no role), agency workers included; personal
-- advisers' allocations (role PA) are not social workers' cases (W1 local counts them).
-- The worker's FTE is the one shared/caseloads.sql takes (staff assignment, else case-system record).
WITH caseload AS (
    -- The children each worker holds as social worker at each month end (open_month_keys:
    -- started on or before it, not ended by it), each child once.
    SELECT month_key, worker, count(DISTINCT child) AS cases
    FROM (
        SELECT invo_professional_id AS worker, invo_person_id AS child,
               unnest(open_month_keys(invo_involvement_start_date, invo_involvement_end_date)) AS month_key
        FROM ssd_involvements
        WHERE coalesce(upper(invo_professional_role_id), 'SW') = 'SW'
    )
    GROUP BY ALL
)
SELECT c.period_id, c.worker AS subject_id, h.cases AS numerator, c.fte AS denominator
FROM caseload h
JOIN periods p ON p.month_key = h.month_key
JOIN caseloads c ON c.period_id = p.period_id AND c.worker = h.worker
