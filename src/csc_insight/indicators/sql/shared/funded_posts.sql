-- Shared: the establishment's posts funded at each period end in `periods`, and who is in them.
--   * View funded_posts (period_id, period_end, post_id, role, team_id, filled, filled_directly): every post
--     (ext_workforce_posts) funded at the period end (start to end date inclusive), one row each
--     (WF 7's management posts).
--   * filled: someone (direct or agency) has an assignment to the post (wstaf_post_id) in force at
--     the period end (start to end date inclusive); filled_directly: a direct employee (agency N)
--     does. Any assignment in force counts, whichever of a person's overlapping assignments
--     staff_in_post keeps.
--   * View social_work_posts (same columns): the funded posts with a social-work role at grade 11+
--     (social_work_role(): social worker, senior practitioner, team manager) (WF 12, WF 13, WF 15).
CREATE OR REPLACE TEMP VIEW funded_posts AS
WITH post AS (
    -- Each post at the ends of the months it is funded at (the end date is inclusive, so it is
    -- open at the month ends before the day after it).
    SELECT wpost_post_id AS post_id, wpost_role AS role, wpost_team_id AS team_id,
           unnest(open_month_keys(wpost_start_date, wpost_end_date + 1)) AS month_key
    FROM ext_workforce_posts
),
filled AS (
    -- Posts with an assignment in force at the month end, and whether a direct employee's is.
    SELECT post_id, month_key, bool_or(agency = 'N') AS filled_directly
    FROM (
        SELECT wstaf_post_id AS post_id, wstaf_agency AS agency,
               unnest(open_month_keys(wstaf_start_date, wstaf_end_date + 1)) AS month_key
        FROM ext_workforce_staff
        WHERE wstaf_post_id IS NOT NULL
    )
    GROUP BY ALL
)
SELECT p.period_id, p.period_end, w.post_id, w.role, w.team_id,
       f.post_id IS NOT NULL AS filled,
       coalesce(f.filled_directly, false) AS filled_directly
FROM post w
JOIN periods p ON p.month_key = w.month_key
LEFT JOIN filled f ON f.post_id = w.post_id AND f.month_key = w.month_key;

-- materialise: no (a filter over funded_posts)
CREATE OR REPLACE TEMP VIEW social_work_posts AS
SELECT * FROM funded_posts WHERE social_work_role(role);

-- View social_work_posts_listed (period_id, post_id, role, job_title, team_id, grade, fte,
-- post_established, filled, filled_directly): social_work_posts as the evidence lists them (WF 12,
-- WF 13, WF 15 local), each post with what ext_workforce_posts says of it (job title, team, grade,
-- funded FTE, start date); filled and filled_directly as Y or N. The listings add the team's name.
-- materialise: no (read only by the evidence listings, one period at a time)
CREATE OR REPLACE TEMP VIEW social_work_posts_listed AS
SELECT
    f.period_id,
    f.post_id,
    f.role,
    x.wpost_job_title AS job_title,
    f.team_id,
    x.wpost_grade AS grade,
    x.wpost_fte AS fte,
    x.wpost_start_date AS post_established,
    CASE WHEN f.filled THEN 'Y' ELSE 'N' END AS filled,
    CASE WHEN f.filled_directly THEN 'Y' ELSE 'N' END AS filled_directly
FROM social_work_posts f
JOIN ext_workforce_posts x ON x.wpost_post_id = f.post_id;
