-- QA 3: case audits completed in the month (one row per audit), and whether each was graded good or outstanding.
SELECT p.period_id, a.caud_audit_id AS subject_id,
       CASE WHEN a.caud_grade IN ('GOOD', 'OUTSTANDING') THEN 1 ELSE 0 END AS numerator,
       1 AS denominator,
       a.caud_team AS team_id
FROM ext_case_audits a
JOIN period_days p ON p.day = a.caud_audit_date
