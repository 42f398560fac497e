-- Shared: care leavers aged 18 to 21 at a month end, as CL count counts them.
--   * View care_leavers_18_21 (person, team, from_day, until_day): the care leavers aged 18 to 21,
--   for CL count and CL count UASC, each record counting at the month ends from from_day until
--   the day before until_day. Each care-leaver record is the young person's latest from its date
--   until their next record's (records on the same date: the highest table id is the later); it
--   counts from its date (or the 18th birthday, if later) until it is superseded, the 22nd
--   birthday or the young person's death. Birthdays: (dob - 1 day) + n years + 1 day, so someone
--   born on 29 February turns 18 on 1 March in a common year. Left out: records saying the young
--   person died (DIED) or returned home (RHOM), and anyone with no date of birth (the age is
--   unknown). team: the team the record names.
CREATE OR REPLACE TEMP VIEW care_leavers_18_21 AS
WITH record AS (
    SELECT clea_person_id AS person, clea_care_leaver_in_touch AS in_touch,
           clea_care_leaver_latest_contact AS dated, clea_care_leaver_allocated_team AS team,
           lead(clea_care_leaver_latest_contact) OVER (
               PARTITION BY clea_person_id
               ORDER BY clea_care_leaver_latest_contact, clea_table_id) AS superseded
    FROM ssd_care_leavers
    WHERE clea_care_leaver_latest_contact IS NOT NULL
)
SELECT r.person, r.team,
       greatest(r.dated, (pe.pers_dob - INTERVAL 1 DAY) + INTERVAL 18 YEAR + INTERVAL 1 DAY) AS from_day,
       least(coalesce(r.superseded, DATE '9999-12-31'),
             (pe.pers_dob - INTERVAL 1 DAY) + INTERVAL 22 YEAR + INTERVAL 1 DAY,
             coalesce(pe.pers_death_date, DATE '9999-12-31')) AS until_day
FROM record r
JOIN ssd_person pe ON pe.pers_person_id = r.person
WHERE coalesce(r.in_touch, '') NOT IN ('DIED', 'RHOM')
  AND pe.pers_dob IS NOT NULL;
