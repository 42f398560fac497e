-- Shared: the establishment's posts funded at each period end in `periods`, and who is in them.
--   * View funded_posts (period_id, period_end, post_id, role, filled, filled_directly): every post
--     (ext_workforce_posts) funded at the period end (start to end date inclusive), one row each
--     (WF 7's management posts).
--   * filled: someone (direct or agency) has an assignment to the post (wstaf_post_id) in force at
--     the period end (start to end date inclusive); filled_directly: a direct employee (agency N)
--     does. Any assignment in force counts, whichever of a person's overlapping assignments
--     staff_in_post keeps.
--   * View social_work_posts (same columns): the funded posts with a social-work role at grade 11+
--     (social_work_role(): social worker, senior practitioner, team manager) (WF 12, WF 13, WF 15).
CREATE OR REPLACE TEMP VIEW funded_posts AS
SELECT
    p.period_id,
    p.period_end,
    w.wpost_post_id AS post_id,
    w.wpost_role AS role,
    EXISTS (
        SELECT 1 FROM ext_workforce_staff s
        WHERE s.wstaf_post_id = w.wpost_post_id
          AND s.wstaf_start_date <= p.period_end
          AND (s.wstaf_end_date IS NULL OR s.wstaf_end_date >= p.period_end)
    ) AS filled,
    EXISTS (
        SELECT 1 FROM ext_workforce_staff s
        WHERE s.wstaf_post_id = w.wpost_post_id
          AND s.wstaf_start_date <= p.period_end
          AND (s.wstaf_end_date IS NULL OR s.wstaf_end_date >= p.period_end)
          AND s.wstaf_agency = 'N'
    ) AS filled_directly
FROM periods p
JOIN ext_workforce_posts w
  ON w.wpost_start_date <= p.period_end
 AND (w.wpost_end_date IS NULL OR w.wpost_end_date >= p.period_end);

-- materialise: no (a filter over funded_posts)
CREATE OR REPLACE TEMP VIEW social_work_posts AS
SELECT * FROM funded_posts WHERE social_work_role(role);
