-- WF 6: case-holding social workers (grade 11+) at the month end, and whether each had personal supervision in the last staff_supervision_days days.
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
social_workers AS (
    -- Social workers at grade 11 and above: social workers, senior practitioners, team managers.
    SELECT * FROM in_post
    WHERE wstaf_role IN ('SOCIAL_WORKER', 'SENIOR_PRACTITIONER', 'TEAM_MANAGER')
),
holding AS (
    -- Workers holding at least one case at the month end (an open SW, PA or unlabelled allocation),
    -- used where the assignment's Case holding flag is empty.
    SELECT DISTINCT p.period_id, i.invo_professional_id AS worker
    FROM periods p
    JOIN ssd_involvements i
      ON i.invo_involvement_start_date <= p.period_end
     AND (i.invo_involvement_end_date IS NULL OR i.invo_involvement_end_date > p.period_end)
    WHERE coalesce(upper(i.invo_professional_role_id), 'SW') IN ('SW', 'PA')
),
case_holding AS (
    SELECT s.*,
           coalesce(s.wstaf_case_holding = 'Y', h.worker IS NOT NULL) AS holds_cases
    FROM social_workers s
    LEFT JOIN holding h ON h.period_id = s.period_id AND h.worker = s.wstaf_professional_id
)
SELECT c.period_id, c.wstaf_staff_id AS subject_id,
       CASE WHEN EXISTS (
           SELECT 1 FROM ext_staff_supervision v
           WHERE v.ssup_staff_id = c.wstaf_staff_id
             AND v.ssup_supervision_date > c.period_end - getvariable('staff_supervision_days')
             AND v.ssup_supervision_date <= c.period_end
       ) THEN 1 ELSE 0 END AS numerator,
       1 AS denominator
FROM case_holding c
WHERE c.holds_cases
