-- CL 1 evidence: each care leaver in education, employment or training (eet Y) with a record
-- about a 17th to 21st birthday in the 12 months ending at the month end
-- (shared/care_leaver_cohort.sql: not died or returned home), and the record that applies: the
-- young person's latest dated on or before the month end (the highest table id on the same date).
--   * activity: the SSDA903 activity code; in education, employment or training (eet Y) for
--     F1/P1, F2/P2, F3/P3, F4/P4, F5/P5.
SELECT
    k.period_id,
    k.person AS subject_id,
    k.person AS person_id,
    r.clea_care_leaver_latest_contact AS record_date,
    k.in_touch,
    k.activity,
    CASE WHEN k.eet THEN 'Y' ELSE 'N' END AS eet
FROM care_leaver_cohort k
JOIN periods p ON p.period_id = k.period_id
LEFT JOIN ssd_care_leavers r
  ON r.clea_person_id = k.person AND r.clea_care_leaver_latest_contact <= p.period_end
QUALIFY row_number() OVER (
    PARTITION BY k.period_id, k.person
    ORDER BY r.clea_care_leaver_latest_contact DESC, r.clea_table_id DESC
) = 1
