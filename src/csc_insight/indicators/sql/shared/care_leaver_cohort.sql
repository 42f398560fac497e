-- Shared: care leavers counted by CL 1 and CL 2 at each period end.
--   * View care_leaver_cohort (period_id, person, in_touch, activity, eet): one row per young person
--     with a record dated in the 12 months ending at the period end (the month and the 11 before it),
--     from their latest such record: with one record a year per birthday (17th to 21st), the record
--     about the birthday in that window. Young people who have died (DIED) or returned home for
--     6 months or more (RHOM) are no longer care leavers and are left out. eet is true for the
--     SSDA903 activity codes of education, employment or training: F1/P1, F2/P2, F4/P4, F5/P5,
--     and F3/P3 (training or employment, as returns coded it before F4/P4 and F5/P5).
-- materialise: no (millions of rows at national scale for two indicators; quick to compute)
CREATE OR REPLACE TEMP VIEW care_leaver_cohort AS
WITH record AS (
    -- A record is the young person's latest from its date until their next record's (same date:
    -- the highest table id is the later), and stays in the 12-month window to the end of the 11th
    -- month after its own.
    SELECT clea_person_id AS person, clea_care_leaver_in_touch AS in_touch,
           clea_care_leaver_activity AS activity,
           clea_care_leaver_latest_contact AS dated,
           least(coalesce(lead(clea_care_leaver_latest_contact) OVER (
                     PARTITION BY clea_person_id
                     ORDER BY clea_care_leaver_latest_contact, clea_table_id), DATE '9999-12-31'),
                 last_day(clea_care_leaver_latest_contact + INTERVAL 11 MONTH) + 1) AS until_day
    FROM ssd_care_leavers
    WHERE clea_care_leaver_latest_contact IS NOT NULL
)
SELECT p.period_id, r.person, r.in_touch, r.activity,
       coalesce(r.activity IN ('F1', 'P1', 'F2', 'P2', 'F3', 'P3', 'F4', 'P4', 'F5', 'P5'), false) AS eet
FROM record r
JOIN periods p ON p.period_end >= r.dated AND p.period_end < r.until_day
WHERE coalesce(r.in_touch, '') NOT IN ('DIED', 'RHOM');
