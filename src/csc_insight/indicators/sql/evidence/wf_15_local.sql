-- WF 15 local evidence: each social-work post (grade 11+) funded at the month end
-- (shared/funded_posts.sql, view social_work_posts_listed), a post not a child; vacant
-- (filled_directly N) counts.
--   * filled: someone (direct or agency) has an assignment to the post in force at the month end;
--     filled_directly: a direct employee does.
SELECT f.period_id, f.post_id AS subject_id, CAST(NULL AS VARCHAR) AS person_id,
       f.role, f.job_title, coalesce(t.dept_team_name, f.team_id) AS team, f.grade, f.fte,
       f.post_established, f.filled, f.filled_directly
FROM social_work_posts_listed f
LEFT JOIN ssd_department t ON t.dept_team_id = f.team_id
