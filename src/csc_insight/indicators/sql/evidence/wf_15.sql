-- WF 15 evidence: the DfE vacancy rate's parts at the month end, not children: each social-work
-- post (grade 11+) funded with no directly employed worker in it (shared/funded_posts.sql; counts,
-- at its funded FTE) and each directly employed social worker in post (shared/social_workers.sql;
-- in the denominator only, at their FTE).
--   * filled_directly: N for a vacant post (filled: whether an agency worker covers it); Y for a
--     directly employed social worker.
--   * fte: the post's funded FTE, or the worker's FTE: what each adds to the figure.
SELECT
    f.period_id,
    'post ' || f.post_id AS subject_id,
    CAST(NULL AS VARCHAR) AS person_id,
    'vacant post' AS counted_as,
    CAST(NULL AS VARCHAR) AS worker_name,
    f.role,
    x.wpost_job_title AS job_title,
    coalesce(t.dept_team_name, x.wpost_team_id) AS team,
    x.wpost_fte AS fte,
    CASE WHEN f.filled THEN 'Y' ELSE 'N' END AS filled,
    'N' AS filled_directly,
    x.wpost_start_date AS since
FROM social_work_posts f
JOIN ext_workforce_posts x ON x.wpost_post_id = f.post_id
LEFT JOIN ssd_department t ON t.dept_team_id = x.wpost_team_id
WHERE NOT f.filled_directly
UNION ALL
SELECT
    s.period_id,
    'staff ' || s.staff_id AS subject_id,
    CAST(NULL AS VARCHAR) AS person_id,
    'social worker in post' AS counted_as,
    w.prof_professional_name AS worker_name,
    s.role,
    w.prof_professional_job_title AS job_title,
    coalesce(t.dept_team_name, s.team_id) AS team,
    s.fte,
    'Y' AS filled,
    'Y' AS filled_directly,
    s.start_date AS since
FROM social_workers s
LEFT JOIN ssd_professionals w ON w.prof_professional_id = s.professional_id
LEFT JOIN ssd_department t ON t.dept_team_id = s.team_id
WHERE s.agency = 'N'
