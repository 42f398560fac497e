-- Shared view social_workers (the columns of staff_in_post, then continuous_start): social workers
-- at grade 11 and above in post at each period end in `periods`, employed directly or through an
-- agency, one row per person (WF 2, WF 3, WF 5, WF 8, WF 9, WF 14, and the case-holding view).
--   * In post and one assignment per person as staff_in_post; a social-work role as
--     social_work_role() (social worker, senior practitioner, team manager) on that assignment.
--   * continuous_start: the start of the run on the current footing (staff_runs) the person is in at
--     the period end: the latest run start of the same person and footing on or before the period
--     end. Direct employees (agency N): continuously employed since; agency workers (Y):
--     continuously working here through an agency since.
CREATE OR REPLACE TEMP VIEW social_workers AS
SELECT s.*, list_max(list_filter(r.run_starts, lambda d: d <= s.period_end)) AS continuous_start
FROM staff_in_post s
-- Each person's run starts on each footing, as a list (a person has one or two).
LEFT JOIN (
    SELECT staff_id, agency, list(run_start) AS run_starts FROM staff_runs GROUP BY ALL
) r ON r.staff_id = s.staff_id AND r.agency = s.agency
WHERE social_work_role(s.role);
