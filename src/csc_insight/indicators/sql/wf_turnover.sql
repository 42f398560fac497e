-- WF turnover: the DfE's turnover rate over the 12 months to the month end, leavers' FTE / FTE in
-- post at the month end: each establishment social worker (grade 11+, agency N) who left the
-- council in those 12 months (an assignment ending with a leaving reason, as WF 10) at the FTE
-- they left with, and each one in post at the month end at their FTE (shared/social_workers.sql).
-- FTEs as decimals, so their sum is exact.
SELECT p.period_id, 'leaver ' || s.wstaf_assignment_id AS subject_id,
       CAST(s.wstaf_fte AS DECIMAL(12, 6)) AS numerator,
       CAST(0 AS DECIMAL(12, 6)) AS denominator,
       s.wstaf_team_id AS team_id
FROM periods p
JOIN ext_workforce_staff s
  ON s.wstaf_end_date <= p.period_end
 AND s.wstaf_end_date > p.period_end - INTERVAL 12 MONTH
WHERE s.wstaf_agency = 'N'
  AND social_work_role(s.wstaf_role)
  AND s.wstaf_leaving_reason IS NOT NULL
-- One leaving per person and last day (two assignments ending together are one leaver).
QUALIFY row_number() OVER (
    PARTITION BY p.period_id, s.wstaf_staff_id, s.wstaf_end_date ORDER BY s.wstaf_assignment_id DESC
) = 1
UNION ALL
SELECT period_id, 'staff ' || staff_id AS subject_id,
       CAST(0 AS DECIMAL(12, 6)) AS numerator,
       CAST(fte AS DECIMAL(12, 6)) AS denominator,
       team_id
FROM social_workers
WHERE agency = 'N'
