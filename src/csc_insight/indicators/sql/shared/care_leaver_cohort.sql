-- Shared: care leavers counted by CL 1 and CL 2 at each period end.
--   * View care_leaver_cohort (period_id, person, in_touch, activity, eet): one row per young person
--     with a record dated in the 12 months ending at the period end (the month and the 11 before it),
--     from their latest such record: with one record a year per birthday (17th to 21st), the record
--     about the birthday in that window. Young people who have died (DIED) or returned home for
--     6 months or more (RHOM) are no longer care leavers and are left out. eet is true for the
--     SSDA903 activity codes of education, employment or training: F1/P1, F2/P2, F4/P4, F5/P5.
CREATE OR REPLACE TEMP VIEW care_leaver_cohort AS
WITH latest AS (
    SELECT p.period_id, c.clea_person_id AS person,
           c.clea_care_leaver_in_touch AS in_touch, c.clea_care_leaver_activity AS activity
    FROM periods p
    JOIN ssd_care_leavers c
      ON c.clea_care_leaver_latest_contact BETWEEN p.period_start - INTERVAL 11 MONTH AND p.period_end
    QUALIFY row_number() OVER (
        PARTITION BY p.period_id, c.clea_person_id
        ORDER BY c.clea_care_leaver_latest_contact DESC, c.clea_table_id DESC) = 1
)
SELECT period_id, person, in_touch, activity,
       coalesce(activity IN ('F1', 'P1', 'F2', 'P2', 'F4', 'P4', 'F5', 'P5'), false) AS eet
FROM latest
WHERE coalesce(in_touch, '') NOT IN ('DIED', 'RHOM');
