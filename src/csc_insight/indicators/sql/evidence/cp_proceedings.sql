-- CP proceedings evidence: each child in care proceedings at the month end (an application issued
-- on or before it and not concluded by it), with the running application (the earliest, where a
-- child is in two).
SELECT
    p.period_id,
    c.cpro_person_id AS subject_id,
    c.cpro_person_id AS person_id,
    min(c.cpro_application_date) AS application_date,
    arg_min(c.cpro_order_sought, c.cpro_application_date) AS order_sought,
    arg_min(c.cpro_court, c.cpro_application_date) AS court,
    count(*) AS applications_running
FROM ext_care_proceedings c
JOIN periods p
  ON c.cpro_application_date <= p.period_end
 AND (c.cpro_concluded_date IS NULL OR c.cpro_concluded_date > p.period_end)
GROUP BY p.period_id, c.cpro_person_id
