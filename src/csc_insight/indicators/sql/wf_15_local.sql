-- WF 15 local: social-work posts funded at the month end, and whether each is vacant (no directly
-- employed worker in it): the council's vacancy rate, counted in posts.
-- Social-work posts funded and who is in them: shared/funded_posts.sql.
SELECT period_id, post_id AS subject_id, CASE WHEN filled_directly THEN 0 ELSE 1 END AS numerator, 1 AS denominator, team_id
FROM social_work_posts
