-- CP applications: children subject to a new care application (s31) issued in the month (one per child per application date; ext_care_proceedings).
SELECT DISTINCT
    p.period_id,
    c.cpro_person_id || '-' || strftime(c.cpro_application_date, '%Y%m%d') AS subject_id,
    1 AS numerator,
    NULL AS denominator
FROM ext_care_proceedings c
JOIN period_days p ON p.day = c.cpro_application_date
