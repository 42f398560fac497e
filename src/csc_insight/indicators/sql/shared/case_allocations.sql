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
--   * Macro month_sets_by_range(): the month set of every run of months in `periods`, so that a
--     record becomes the set of month ends it is open at by an equality join (SUP 1; see below).
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

-- month_sets_by_range(): (lo, hi, months), one row for each pair of month keys lo <= hi in
-- `periods`, with the month set (month_set) of the keys from lo to hi. A record open from month
-- key lo to hi (open_month_keys's bounds) joins it on (lo, hi), an equality join on a small table
-- (1,830 rows for 60 months), and a child's records become one set with month_set_union, in which
-- overlapping records count each month once. Unnesting the records instead makes a row per record
-- and month, and counting each month once then needs the records in order (SUP 1 at national
-- scale: 9 million allocations, 29 million allocation-months).
CREATE OR REPLACE TEMP MACRO month_sets_by_range() AS TABLE
SELECT lo.month_key AS lo, hi.month_key AS hi, month_set(k.month_key) AS months
FROM (SELECT DISTINCT month_key FROM periods) lo
JOIN (SELECT DISTINCT month_key FROM periods) hi ON lo.month_key <= hi.month_key
JOIN (SELECT DISTINCT month_key FROM periods) k
  ON k.month_key BETWEEN lo.month_key AND hi.month_key
GROUP BY lo.month_key, hi.month_key;
