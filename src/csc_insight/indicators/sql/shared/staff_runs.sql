-- Shared view staff_runs (staff_id, agency, run_start, assignment_id, role): the assignments that
-- start a continuous run of work on one footing, employed directly (agency N) or through an agency
-- (Y), one row each (WF 11 starters; length of service in WF 3 and WF 8 through social_workers).
--   * An assignment (ext_workforce_staff) starts a run unless an earlier-starting assignment of the
--     same person (wstaf_staff_id) on the same footing lasted to the day before it or later (end
--     date empty, or on or after the day before its start). A change of post, role or team on the
--     same footing does not start a run; a move from agency to direct employment does (and back).
--   * Runs are per footing: an agency spell does not break or start a run of direct employment.
--   * Any role: a social worker promoted to team manager carries their run.
CREATE OR REPLACE TEMP VIEW staff_runs AS
SELECT
    a.wstaf_staff_id AS staff_id,
    a.wstaf_agency AS agency,
    a.wstaf_start_date AS run_start,
    a.wstaf_assignment_id AS assignment_id,
    a.wstaf_role AS role
FROM ext_workforce_staff a
WHERE NOT EXISTS (
    SELECT 1 FROM ext_workforce_staff b
    WHERE b.wstaf_staff_id = a.wstaf_staff_id
      AND b.wstaf_agency = a.wstaf_agency
      AND b.wstaf_start_date < a.wstaf_start_date
      AND (b.wstaf_end_date IS NULL OR b.wstaf_end_date >= a.wstaf_start_date - 1)
);
