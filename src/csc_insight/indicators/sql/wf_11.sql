-- WF 11: social workers (grade 11+) who started employment with the council in the month (the first day of a run of direct employment).
WITH
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
)
SELECT DISTINCT p.period_id, s.wstaf_staff_id AS subject_id, 1 AS numerator, NULL::DOUBLE AS denominator
FROM periods p
JOIN ext_workforce_staff s ON s.wstaf_start_date BETWEEN p.period_start AND p.period_end
JOIN runs r ON r.wstaf_staff_id = s.wstaf_staff_id AND r.run_start = s.wstaf_start_date
WHERE s.wstaf_agency = 'N'
  AND s.wstaf_role IN ('SOCIAL_WORKER', 'SENIOR_PRACTITIONER', 'TEAM_MANAGER')
