-- CP ICPC evidence: each initial child protection conference held in the month (transfer-ins
-- included), and whether it made a plan.
SELECT
    p.period_id,
    i.icpc_icpc_id AS subject_id,
    i.icpc_person_id AS person_id,
    i.icpc_icpc_date AS conference_date,
    i.icpc_icpc_transfer_in AS transfer_in,
    i.icpc_icpc_outcome_cp_flag AS plan_made
FROM ssd_initial_cp_conference i
JOIN period_days p ON p.day = i.icpc_icpc_date
