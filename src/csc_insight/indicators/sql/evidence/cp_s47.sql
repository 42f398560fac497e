-- CP s47 evidence: each section 47 enquiry started in the month (the date of the strategy
-- discussion that started it), when it ended, and whether a conference was not needed.
SELECT
    p.period_id,
    s.s47e_s47_enquiry_id AS subject_id,
    s.s47e_person_id AS person_id,
    s.s47e_s47_start_date AS strategy_discussion,
    s.s47e_s47_end_date AS enquiry_end,
    s.s47e_s47_nfa AS conference_not_needed
FROM ssd_s47_enquiry s
JOIN period_days p ON p.day = s.s47e_s47_start_date
