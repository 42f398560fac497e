-- CL ARE evidence: each young person whose appeal rights are exhausted at the month end (an
-- immigration status ARE, or 'Appeal Rights Exhausted', open at it), under 25 and alive then, known
-- as looked after or as a care leaver.
--   * are_from, are_until: the ARE status open at the month end (the latest started); are_until
--     empty while it lasts.
--   * date_of_birth, turns_25: the age.
--   * first_in_care, latest_care_leaver_record: how the store knows them (a CLA episode begun on
--     or before the month end; a care-leaver record dated on or before it).
SELECT
    p.period_id,
    s.immi_person_id AS subject_id,
    s.immi_person_id AS person_id,
    s.immi_immigration_status_start_date AS are_from,
    s.immi_immigration_status_end_date AS are_until,
    pe.pers_dob AS date_of_birth,
    CAST((pe.pers_dob - INTERVAL 1 DAY) + INTERVAL 25 YEAR + INTERVAL 1 DAY AS DATE) AS turns_25,
    (SELECT min(e.clae_cla_episode_start_date) FROM ssd_cla_episodes e
     WHERE e.clae_person_id = s.immi_person_id) AS first_in_care,
    (SELECT max(r.clea_care_leaver_latest_contact) FROM ssd_care_leavers r
     WHERE r.clea_person_id = s.immi_person_id
       AND r.clea_care_leaver_latest_contact <= p.period_end) AS latest_care_leaver_record
FROM periods p
JOIN ssd_immigration_status s
  ON upper(trim(s.immi_immigration_status)) IN ('ARE', 'APPEAL RIGHTS EXHAUSTED')
 AND coalesce(s.immi_immigration_status_start_date, DATE '0001-01-01') <= p.period_end
 AND (s.immi_immigration_status_end_date IS NULL OR s.immi_immigration_status_end_date > p.period_end)
LEFT JOIN ssd_person pe ON pe.pers_person_id = s.immi_person_id
QUALIFY row_number() OVER (PARTITION BY p.period_id, s.immi_person_id
                           ORDER BY s.immi_immigration_status_start_date DESC NULLS LAST) = 1
