-- CP 5: initial child protection conferences held in the month within 15 working days of the strategy discussion that started the section 47.
SELECT
    p.period_id,
    i.icpc_icpc_id AS subject_id,
    -- 15 working days is national (Working Together 2018; DfE CIN census), not a local choice.
    CASE WHEN held.cal_working_day_number - strategy.cal_working_day_number <= 15 THEN 1 ELSE 0 END AS numerator,
    1 AS denominator,
    i.icpc_icpc_team AS team_id
FROM ssd_initial_cp_conference i
JOIN period_days p ON p.day = i.icpc_icpc_date
-- A conference with no section 47 behind it (a transfer-in) has no strategy discussion to time from.
JOIN ssd_s47_enquiry s ON s.s47e_s47_enquiry_id = i.icpc_s47_enquiry_id
JOIN calendar held ON held.cal_date = i.icpc_icpc_date
JOIN calendar strategy ON strategy.cal_date = s.s47e_s47_start_date
WHERE coalesce(i.icpc_icpc_transfer_in, 'N') <> 'Y'
