-- WF 7: management capacity at the month end (managers in post, and management posts no one fills), and whether each is a direct employee.
WITH in_post AS (
    -- Each person's assignment at each month end: in post from the start date to the end date
    -- inclusive (the end date is the last day worked); where two overlap (e.g. on the day an
    -- agency worker becomes permanent) the latest-started one.
    SELECT p.period_id, p.period_end, s.*
    FROM periods p
    JOIN ext_workforce_staff s
      ON s.wstaf_start_date <= p.period_end
     AND (s.wstaf_end_date IS NULL OR s.wstaf_end_date >= p.period_end)
    QUALIFY row_number() OVER (
        PARTITION BY p.period_id, s.wstaf_staff_id
        ORDER BY s.wstaf_start_date DESC, s.wstaf_assignment_id DESC
    ) = 1
),
funded_posts AS (
    -- Posts funded at the month end (start to end date inclusive).
    SELECT p.period_id, p.period_end, w.*
    FROM periods p
    JOIN ext_workforce_posts w
      ON w.wpost_start_date <= p.period_end
     AND (w.wpost_end_date IS NULL OR w.wpost_end_date >= p.period_end)
),
unfilled_management_posts AS (
    SELECT f.period_id, f.wpost_post_id
    FROM funded_posts f
    WHERE f.wpost_role IN ('TEAM_MANAGER', 'SERVICE_MANAGER')
      AND NOT EXISTS (
        SELECT 1 FROM ext_workforce_staff s
        WHERE s.wstaf_post_id = f.wpost_post_id
          AND s.wstaf_start_date <= f.period_end
          AND (s.wstaf_end_date IS NULL OR s.wstaf_end_date >= f.period_end)
      )
)
SELECT period_id, 'staff ' || wstaf_staff_id AS subject_id,
       CASE WHEN wstaf_agency = 'N' THEN 1 ELSE 0 END AS numerator,
       1 AS denominator
FROM in_post
WHERE wstaf_role IN ('TEAM_MANAGER', 'SERVICE_MANAGER')
UNION ALL
SELECT period_id, 'post ' || wpost_post_id AS subject_id, 0 AS numerator, 1 AS denominator
FROM unfilled_management_posts
