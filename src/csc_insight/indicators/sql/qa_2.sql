-- QA 2: case audits completed in the month (one row per audit).
SELECT p.period_id, a.caud_audit_id AS subject_id, 1 AS numerator, NULL::DOUBLE AS denominator,
       a.caud_team AS team_id
FROM ext_case_audits a
JOIN period_days p ON p.day = a.caud_audit_date
