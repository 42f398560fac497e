-- CL 1: care leavers in education, employment or training on their 17th to 21st birthday in the 12 months ending at the month end.
WITH latest AS (
    -- Each young person's latest record dated in the 12 months ending at the month end (the month and
    -- the 11 before it): with one record a year per birthday, the record about the birthday in that window.
    SELECT p.period_id, c.clea_person_id AS person,
           c.clea_care_leaver_in_touch AS in_touch, c.clea_care_leaver_activity AS activity
    FROM periods p
    JOIN ssd_care_leavers c
      ON c.clea_care_leaver_latest_contact BETWEEN p.period_start - INTERVAL 11 MONTH AND p.period_end
    QUALIFY row_number() OVER (
        PARTITION BY p.period_id, c.clea_person_id
        ORDER BY c.clea_care_leaver_latest_contact DESC, c.clea_table_id DESC) = 1
),
cohort AS (
    -- Young people who have died (DIED) or returned home for 6 months or more (RHOM) are no longer care leavers.
    SELECT * FROM latest WHERE coalesce(in_touch, '') NOT IN ('DIED', 'RHOM')
)
SELECT period_id, person AS subject_id, 1 AS numerator, NULL AS denominator
FROM cohort
WHERE activity IN ('F1', 'P1', 'F2', 'P2', 'F4', 'P4', 'F5', 'P5')
