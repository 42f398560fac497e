-- CL ARE: young people whose appeal rights are exhausted (an immigration status ARE open at the month end), aged under 25 and alive at it, who have been looked after (a CLA episode begun on or before it) or have a care-leaver record dated on or before it.
WITH are AS (
    -- The month ends at which an ARE status is open: started on or before it (no start: from the
    -- outset) and not ended by it. The code is ARE; the SSD carries the case system's wording,
    -- so 'Appeal Rights Exhausted' in full is read as ARE too.
    SELECT DISTINCT immi_person_id AS person,
           unnest(open_month_keys(coalesce(immi_immigration_status_start_date, DATE '0001-01-01'),
                                  immi_immigration_status_end_date)) AS month_key
    FROM ssd_immigration_status
    WHERE upper(trim(immi_immigration_status)) IN ('ARE', 'APPEAL RIGHTS EXHAUSTED')
)
SELECT p.period_id, a.person AS subject_id, 1 AS numerator, NULL AS denominator
FROM are a
JOIN periods p ON p.month_key = a.month_key
JOIN ssd_person pe ON pe.pers_person_id = a.person
-- Under 25 at the month end (the 25th birthday after it; no date of birth: not counted), alive.
WHERE (pe.pers_dob - INTERVAL 1 DAY) + INTERVAL 25 YEAR + INTERVAL 1 DAY > p.period_end
  AND (pe.pers_death_date IS NULL OR pe.pers_death_date > p.period_end)
  AND (EXISTS (SELECT 1 FROM ssd_cla_episodes e
               WHERE e.clae_person_id = a.person AND e.clae_cla_episode_start_date <= p.period_end)
       OR EXISTS (SELECT 1 FROM ssd_care_leavers r
                  WHERE r.clea_person_id = a.person
                    AND r.clea_care_leaver_latest_contact <= p.period_end))
