-- WF 7 evidence: management capacity at the month end, not children: each team or service
-- manager in post (shared/staff_in_post.sql; a direct employee, agency N, counts) and each
-- management post no one fills (shared/funded_posts.sql; never counts).
SELECT
    s.period_id,
    'staff ' || s.staff_id AS subject_id,
    CAST(NULL AS VARCHAR) AS person_id,
    w.prof_professional_name AS worker_name,
    s.role,
    coalesce(t.dept_team_name, s.team_id) AS team,
    s.agency,
    s.post_id,
    s.start_date AS in_post_since
FROM staff_in_post s
LEFT JOIN ssd_professionals w ON w.prof_professional_id = s.professional_id
LEFT JOIN ssd_department t ON t.dept_team_id = s.team_id
WHERE s.role IN ('TEAM_MANAGER', 'SERVICE_MANAGER')
UNION ALL
SELECT
    f.period_id,
    'post ' || f.post_id AS subject_id,
    CAST(NULL AS VARCHAR) AS person_id,
    'unfilled post' AS worker_name,
    f.role,
    coalesce(t.dept_team_name, x.wpost_team_id) AS team,
    CAST(NULL AS VARCHAR) AS agency,
    f.post_id,
    CAST(NULL AS DATE) AS in_post_since
FROM funded_posts f
JOIN ext_workforce_posts x ON x.wpost_post_id = f.post_id
LEFT JOIN ssd_department t ON t.dept_team_id = x.wpost_team_id
WHERE f.role IN ('TEAM_MANAGER', 'SERVICE_MANAGER') AND NOT f.filled
