-- Shared view social_worker_case_holding (the columns of social_workers, then holds_cases): every
-- social worker (grade 11+) in post at each period end in `periods`, one row each, and whether they
-- hold cases (WF 1, WF 4, WF 6).
--   * holds_cases: the assignment's Case holding flag (wstaf_case_holding Y or N) where given; where
--     it is empty, whether the worker (wstaf_professional_id) holds at least one case at the period
--     end (in caseloads: an open SW, PA or unlabelled allocation). No case-system id and no flag:
--     not case holding.
-- A left join on the worker's caseload row (one per period and worker), not EXISTS: DuckDB plans
-- the correlated EXISTS as a join on IS NOT DISTINCT FROM. Materialised, so that WF 1, WF 4 and
-- WF 6 share the join; it is a few columns per worker and month, small beside caseloads.
CREATE OR REPLACE TEMP VIEW social_worker_case_holding AS
SELECT s.*, coalesce(s.case_holding_flag = 'Y', c.worker IS NOT NULL) AS holds_cases
FROM social_workers s
LEFT JOIN caseloads c ON c.period_id = s.period_id AND c.worker = s.professional_id;
