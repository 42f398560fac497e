-- Shared view staff_in_post (period_id, period_end, staff_id, assignment_id, professional_id,
-- post_id, team_id, role, agency, nqsw, fte, case_holding_flag, start_date, end_date): every person
-- in post at each period end in `periods`, of any role, employed directly (agency N) or through an
-- agency (Y), one row each (WF 7, and the view social_workers).
--   * In post: an assignment (ext_workforce_staff) from its start date to its end date inclusive
--     (the end date is the last day worked), so someone leaving on the period end is still in post.
--   * One assignment per person (wstaf_staff_id): where two overlap (e.g. on the day an agency
--     worker becomes permanent) the latest-started one, then the highest assignment id. Its columns
--     are the person's role, agency, NQSW, FTE and Case holding flag (wstaf_case_holding, as given).
CREATE OR REPLACE TEMP VIEW staff_in_post AS
WITH assignment AS (
    -- rank: the person's assignments in order of start date, then assignment id.
    SELECT *,
           row_number() OVER (PARTITION BY wstaf_staff_id
                              ORDER BY wstaf_start_date, wstaf_assignment_id) AS rank
    FROM ext_workforce_staff
),
in_post AS (
    -- Each person's assignments at the ends of the months they are in force at (the end date is
    -- inclusive, so open at the month ends before the day after it): the latest-ranked one.
    SELECT month_key, staff_id, max(rank) AS rank
    FROM (
        SELECT wstaf_staff_id AS staff_id, rank,
               unnest(open_month_keys(wstaf_start_date, wstaf_end_date + 1)) AS month_key
        FROM assignment
    )
    GROUP BY ALL
)
SELECT
    p.period_id,
    p.period_end,
    s.wstaf_staff_id AS staff_id,
    s.wstaf_assignment_id AS assignment_id,
    s.wstaf_professional_id AS professional_id,
    s.wstaf_post_id AS post_id,
    s.wstaf_team_id AS team_id,
    s.wstaf_role AS role,
    s.wstaf_agency AS agency,
    s.wstaf_nqsw AS nqsw,
    s.wstaf_fte AS fte,
    s.wstaf_case_holding AS case_holding_flag,
    s.wstaf_start_date AS start_date,
    s.wstaf_end_date AS end_date
FROM in_post i
JOIN assignment s ON s.wstaf_staff_id = i.staff_id AND s.rank = i.rank
JOIN periods p ON p.month_key = i.month_key;
