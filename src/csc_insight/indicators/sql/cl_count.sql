-- CL count: care leavers aged 18 to 21 at the month end (a care-leaver record on or before it; not died or returned home).
WITH latest AS (
    SELECT p.period_id, p.period_end, c.clea_person_id AS person, c.clea_care_leaver_in_touch AS in_touch
    FROM periods p
    JOIN ssd_care_leavers c ON c.clea_care_leaver_latest_contact <= p.period_end
    QUALIFY row_number() OVER (
        PARTITION BY p.period_id, c.clea_person_id
        ORDER BY c.clea_care_leaver_latest_contact DESC, c.clea_table_id DESC) = 1
),
aged AS (
    -- Birthdays: (dob - 1 day) + n years + 1 day, so someone born on 29 February turns 18 on 1 March in a common year.
    SELECT l.*, pe.pers_death_date,
           (pe.pers_dob - INTERVAL 1 DAY) + INTERVAL 18 YEAR + INTERVAL 1 DAY AS birthday_18,
           (pe.pers_dob - INTERVAL 1 DAY) + INTERVAL 22 YEAR + INTERVAL 1 DAY AS birthday_22
    FROM latest l
    JOIN ssd_person pe ON pe.pers_person_id = l.person
)
SELECT period_id, person AS subject_id, 1 AS numerator, NULL AS denominator
FROM aged
WHERE period_end >= birthday_18
  AND period_end < birthday_22
  AND coalesce(in_touch, '') NOT IN ('DIED', 'RHOM')
  AND (pers_death_date IS NULL OR pers_death_date > period_end)
