-- Shared: case-holding allocations of children to workers (ssd_involvements), for the caseloads
-- (W1 to W1 g), case holding (WF 1, WF 4, WF 6) and case supervision (SUP 1).
--   * View case_allocations (worker, child, team, started, ended): every allocation with the role
--     SW (allocated social worker), PA (personal adviser) or no role (case letters, any case), one
--     row each. team is the team the case was held in, where the allocation says.
--   * View open_case_allocations (period_id, period_end, worker, child, team, started): those held
--     at each period end in `periods`, one row per allocation: started on or before the period end
--     and not ended by it (end date empty or after it). An allocation ended on the period end is
--     not held at its end (the next worker's allocation, starting that day, is). This is the rule
--     the caseloads and SUP 1 apply, in forms that avoid a row per allocation and month; no
--     indicator reads the view itself (drill-down and tests may).
-- materialise: no (a filter over ssd_involvements, read by caseloads and SUP 1)
CREATE OR REPLACE TEMP VIEW case_allocations AS
SELECT
    invo_professional_id AS worker,
    invo_person_id AS child,
    invo_professional_team AS team,
    invo_involvement_start_date AS started,
    invo_involvement_end_date AS ended
FROM ssd_involvements
WHERE coalesce(upper(invo_professional_role_id), 'SW') IN ('SW', 'PA');

-- materialise: no (about 30 million rows at national scale, and no indicator reads it)
CREATE OR REPLACE TEMP VIEW open_case_allocations AS
SELECT p.period_id, p.period_end, a.worker, a.child, a.team, a.started
FROM periods p
JOIN case_allocations a
  ON a.started <= p.period_end
 AND (a.ended IS NULL OR a.ended > p.period_end);
