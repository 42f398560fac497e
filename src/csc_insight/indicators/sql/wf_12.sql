-- WF 12: social-work posts funded at the month end that no one (direct or agency) is working in.
-- Social-work posts funded and who is in them: shared/funded_posts.sql.
SELECT period_id, post_id AS subject_id, 1 AS numerator, NULL::DOUBLE AS denominator, team_id
FROM social_work_posts
WHERE NOT filled
