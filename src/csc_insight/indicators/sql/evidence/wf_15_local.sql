-- WF 15 local evidence: each social-work post (grade 11+) funded at the month end
-- (shared/funded_posts.sql), a post not a child; vacant (filled_directly N) counts.
--   * filled: someone (direct or agency) has an assignment to the post in force at the month end;
--     filled_directly: a direct employee does.
SELECT
    f.period_id,
    f.post_id AS subject_id,
    CAST(NULL AS VARCHAR) AS person_id,
    f.role,
    x.wpost_job_title AS job_title,
    coalesce(t.dept_team_name, x.wpost_team_id) AS team,
    x.wpost_grade AS grade,
    x.wpost_fte AS fte,
    x.wpost_start_date AS post_established,
    CASE WHEN f.filled THEN 'Y' ELSE 'N' END AS filled,
    CASE WHEN f.filled_directly THEN 'Y' ELSE 'N' END AS filled_directly
FROM social_work_posts f
JOIN ext_workforce_posts x ON x.wpost_post_id = f.post_id
LEFT JOIN ssd_department t ON t.dept_team_id = x.wpost_team_id
