-- WF 15: the DfE's vacancy rate at the month end, vacancy FTE / (vacancy FTE + FTE of directly
-- employed social workers): each social-work post funded with no directly employed worker in
-- it (WF 13) at the post's funded FTE, and each directly employed social worker (grade 11+) in
-- post at their FTE. Posts: shared/funded_posts.sql; social workers: shared/social_workers.sql.
-- FTEs as decimals, so their sum is exact.
SELECT f.period_id, 'post ' || f.post_id AS subject_id,
       CAST(x.wpost_fte AS DECIMAL(12, 6)) AS numerator,
       CAST(x.wpost_fte AS DECIMAL(12, 6)) AS denominator,
       f.team_id
FROM social_work_posts f
JOIN ext_workforce_posts x ON x.wpost_post_id = f.post_id
WHERE NOT f.filled_directly
UNION ALL
SELECT period_id, 'staff ' || staff_id AS subject_id,
       CAST(0 AS DECIMAL(12, 6)) AS numerator,
       CAST(fte AS DECIMAL(12, 6)) AS denominator,
       team_id
FROM social_workers
WHERE agency = 'N'
