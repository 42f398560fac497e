-- WF 10: establishment social workers (grade 11+) who left the council in the month (an assignment ending in the month with a leaving reason).
SELECT DISTINCT p.period_id, s.wstaf_staff_id AS subject_id, 1 AS numerator, NULL::DOUBLE AS denominator,
       s.wstaf_team_id AS team_id
FROM period_days p
JOIN ext_workforce_staff s ON s.wstaf_end_date = p.day
WHERE s.wstaf_agency = 'N'
  AND social_work_role(s.wstaf_role)
  AND s.wstaf_leaving_reason IS NOT NULL
