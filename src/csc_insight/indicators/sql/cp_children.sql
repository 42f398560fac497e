-- CP children: children subject to a CP plan at the month end (plan started on or before it and not ended by it).
SELECT DISTINCT p.period_id, c.cppl_person_id AS subject_id, 1 AS numerator, NULL AS denominator
FROM periods p
JOIN ssd_cp_plans c
  ON c.cppl_cp_plan_start_date <= p.period_end
 AND (c.cppl_cp_plan_end_date IS NULL OR c.cppl_cp_plan_end_date > p.period_end)
WHERE coalesce(c.cppl_cp_plan_ola, 'N') <> 'Y'
