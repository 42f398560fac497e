-- WF 9: newly qualified social workers (in their assessed and supported year in employment) in post at the month end.
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
)
SELECT period_id, wstaf_staff_id AS subject_id, 1 AS numerator, NULL::DOUBLE AS denominator
FROM social_workers
WHERE wstaf_nqsw = 'Y'
