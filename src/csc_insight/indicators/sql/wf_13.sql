-- WF 13: social-work posts funded at the month end with no directly employed worker in them (vacant, even if an agency worker covers).
WITH funded_posts AS (
    -- Social-work posts (grade 11+: social worker, senior practitioner, team manager) funded at
    -- the month end (start to end date inclusive).
    SELECT p.period_id, p.period_end, w.wpost_post_id
    FROM periods p
    JOIN ext_workforce_posts w
      ON w.wpost_start_date <= p.period_end
     AND (w.wpost_end_date IS NULL OR w.wpost_end_date >= p.period_end)
    WHERE w.wpost_role IN ('SOCIAL_WORKER', 'SENIOR_PRACTITIONER', 'TEAM_MANAGER')
),
posts AS (
    SELECT f.period_id, f.wpost_post_id,
           NOT EXISTS (
               SELECT 1 FROM ext_workforce_staff s
               WHERE s.wstaf_post_id = f.wpost_post_id
                 AND s.wstaf_start_date <= f.period_end
                 AND (s.wstaf_end_date IS NULL OR s.wstaf_end_date >= f.period_end)
                 AND s.wstaf_agency = 'N'
           ) AS empty
    FROM funded_posts f
)
SELECT period_id, wpost_post_id AS subject_id, 1 AS numerator, NULL::DOUBLE AS denominator
FROM posts
WHERE empty
