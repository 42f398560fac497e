-- CP ICPC: initial child protection conferences held in the month (one per child; transfer-in conferences included).
SELECT p.period_id, i.icpc_icpc_id AS subject_id, 1 AS numerator, NULL AS denominator,
       i.icpc_icpc_team AS team_id
FROM ssd_initial_cp_conference i
JOIN period_days p ON p.day = i.icpc_icpc_date
