-- WF 7: management capacity at the month end (managers in post, and management posts no one fills), and whether each is a direct employee.
-- People in post (shared/staff_in_post.sql) and posts funded (shared/funded_posts.sql).
SELECT period_id, 'staff ' || staff_id AS subject_id,
       CASE WHEN agency = 'N' THEN 1 ELSE 0 END AS numerator,
       1 AS denominator,
       team_id
FROM staff_in_post
WHERE role IN ('TEAM_MANAGER', 'SERVICE_MANAGER')
UNION ALL
SELECT period_id, 'post ' || post_id AS subject_id, 0 AS numerator, 1 AS denominator, team_id
FROM funded_posts
WHERE role IN ('TEAM_MANAGER', 'SERVICE_MANAGER') AND NOT filled
