-- CP applications evidence: each child subject to a care application issued in the month (one
-- per child per application date), the order sought, the court, and how it ended if it has.
SELECT
    p.period_id,
    c.cpro_person_id || '-' || strftime(c.cpro_application_date, '%Y%m%d') AS subject_id,
    c.cpro_person_id AS person_id,
    c.cpro_application_date AS application_date,
    string_agg(DISTINCT c.cpro_order_sought, ', ') AS order_sought,
    string_agg(DISTINCT c.cpro_court, ', ') AS court,
    max(c.cpro_concluded_date) AS concluded_date,
    string_agg(DISTINCT c.cpro_outcome, ', ') AS outcome
FROM ext_care_proceedings c
JOIN period_days p ON p.day = c.cpro_application_date
GROUP BY p.period_id, c.cpro_person_id, c.cpro_application_date
