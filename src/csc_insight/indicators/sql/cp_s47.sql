-- CP s47: section 47 enquiries started in the month (date of the strategy discussion that started each).
SELECT p.period_id, s.s47e_s47_enquiry_id AS subject_id, 1 AS numerator, NULL AS denominator,
       s.s47e_s47_completed_by_team AS team_id
FROM ssd_s47_enquiry s
JOIN period_days p ON p.day = s.s47e_s47_start_date
