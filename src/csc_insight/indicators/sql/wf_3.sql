-- WF 3: establishment social workers (grade 11+) in post at the month end who have been employed directly for 12 months or more.
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
runs AS (
    -- An assignment starts a continuous run (agency 'N') unless an earlier assignment of the same
    -- person on the same footing lasted to the day before it or later.
    SELECT a.wstaf_staff_id, a.wstaf_start_date AS run_start
    FROM ext_workforce_staff a
    WHERE a.wstaf_agency = 'N'
      AND NOT EXISTS (
        SELECT 1 FROM ext_workforce_staff b
        WHERE b.wstaf_staff_id = a.wstaf_staff_id
          AND b.wstaf_agency = 'N'
          AND b.wstaf_start_date < a.wstaf_start_date
          AND (b.wstaf_end_date IS NULL OR b.wstaf_end_date >= a.wstaf_start_date - 1)
      )
),
employed_since AS (
    -- The start of the run of direct employment the person is in at the month end.
    SELECT s.period_id, s.period_end, s.wstaf_staff_id, max(r.run_start) AS since
    FROM social_workers s
    JOIN runs r ON r.wstaf_staff_id = s.wstaf_staff_id AND r.run_start <= s.period_end
    WHERE s.wstaf_agency = 'N'
    GROUP BY ALL
)
SELECT period_id, wstaf_staff_id AS subject_id, 1 AS numerator, NULL::DOUBLE AS denominator
FROM employed_since
WHERE since <= CAST(period_end - to_months(12) AS DATE)
