-- QA 5 evidence: each case audit completed in the month, and its grade: INADEQUATE counts.
SELECT
    p.period_id,
    a.caud_audit_id AS subject_id,
    a.caud_person_id AS person_id,
    a.caud_audit_date AS audit_date,
    a.caud_grade AS grade,
    coalesce(t.dept_team_name, a.caud_team) AS team_audited
FROM ext_case_audits a
LEFT JOIN ssd_department t ON t.dept_team_id = a.caud_team
JOIN period_days p ON p.day = a.caud_audit_date
