-- CL count UASC evidence: each care leaver aged 18 to 21 at the month end who was formerly an
-- unaccompanied asylum-seeking child (shared/uasc.sql, formerly_uasc): a care-leaver record dated
-- on or before it, no later record saying they died (DIED) or returned home (RHOM), their 18th
-- birthday on or before the month end and their 22nd after it, and alive then.
--   * record_date, in_touch: their latest record on or before the month end (the highest table
--     id on the same date).
--   * turns_22: the 22nd birthday (someone born on 29 February has it on 1 March).
--   * uasc_from: the first day they were UASC while looked after (a UASC status open on a day of
--     a CLA episode; with no episode in the store, the status's start).
SELECT
    p.period_id,
    r.clea_person_id AS subject_id,
    r.clea_person_id AS person_id,
    pe.pers_dob AS date_of_birth,
    CAST((pe.pers_dob - INTERVAL 1 DAY) + INTERVAL 22 YEAR + INTERVAL 1 DAY AS DATE) AS turns_22,
    r.clea_care_leaver_latest_contact AS record_date,
    r.clea_care_leaver_in_touch AS in_touch,
    f.uasc_from
FROM periods p
JOIN ssd_care_leavers r ON r.clea_care_leaver_latest_contact <= p.period_end
LEFT JOIN ssd_person pe ON pe.pers_person_id = r.clea_person_id
LEFT JOIN formerly_uasc f ON f.person_id = r.clea_person_id
QUALIFY row_number() OVER (
    PARTITION BY p.period_id, r.clea_person_id
    ORDER BY r.clea_care_leaver_latest_contact DESC, r.clea_table_id DESC
) = 1
