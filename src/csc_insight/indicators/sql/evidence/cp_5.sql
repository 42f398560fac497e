-- CP 5 evidence: each initial child protection conference held in the month after a section 47
-- enquiry (transfer-in conferences have no strategy discussion to time from and are left out),
-- the strategy discussion that started the enquiry, and the working days between (the
-- calendar's working-day numbers: the discussion day is not counted, the conference day is).
-- 15 or fewer counts.
SELECT
    p.period_id,
    i.icpc_icpc_id AS subject_id,
    i.icpc_person_id AS person_id,
    s.s47e_s47_start_date AS strategy_discussion,
    i.icpc_icpc_date AS conference_date,
    held.cal_working_day_number - strategy.cal_working_day_number AS working_days
FROM ssd_initial_cp_conference i
JOIN period_days p ON p.day = i.icpc_icpc_date
JOIN ssd_s47_enquiry s ON s.s47e_s47_enquiry_id = i.icpc_s47_enquiry_id
JOIN calendar held ON held.cal_date = i.icpc_icpc_date
JOIN calendar strategy ON strategy.cal_date = s.s47e_s47_start_date
WHERE coalesce(i.icpc_icpc_transfer_in, 'N') <> 'Y'
