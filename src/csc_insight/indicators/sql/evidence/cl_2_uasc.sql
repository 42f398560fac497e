-- CL 2 UASC evidence: each care leaver formerly an unaccompanied asylum-seeking child
-- (shared/uasc.sql, formerly_uasc: uasc_from, the first day they were UASC while looked after, on
-- or before the birthday) aged 19 to 21 with their 19th, 20th or 21st birthday in the 12
-- months ending at the month end (shared/care_leaver_cohort.sql: not looked after on it, 13 weeks
-- looked after since 14 or recorded as a care leaver, not died or returned home), and the status
-- recorded at it.
--   * birthday, age: the birthday in the window and the age it marks.
--   * record_date: the care-leaver record giving the status (the latest from 3 months before the
--     birthday to 1 month after it); empty when there is none: no information, not in education,
--     employment or training (eet N).
--   * activity: the SSDA903 activity code; in education, employment or training (eet Y) for
--     F1/P1, F2/P2, F3/P3, F4/P4, F5/P5.
SELECT
    period_id,
    person AS subject_id,
    person AS person_id,
    birthday,
    age,
    record_date,
    in_touch,
    activity,
    CASE WHEN eet THEN 'Y' ELSE 'N' END AS eet,
    f.uasc_from
FROM care_leaver_cohort c
JOIN formerly_uasc f ON f.person_id = c.person AND f.uasc_from <= c.birthday
WHERE c.age >= 19
