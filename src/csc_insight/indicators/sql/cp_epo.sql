-- CP EPO: children made subject to an emergency protection order in the month: a legal status L2 starting then (one per child per day), unless it continues an L2 the child was already under.
SELECT DISTINCT
    p.period_id,
    l.lega_person_id || '-' || strftime(l.lega_legal_status_start_date, '%Y%m%d') AS subject_id,
    1 AS numerator,
    NULL AS denominator
FROM ssd_legal_status l
JOIN period_days p ON p.day = l.lega_legal_status_start_date
WHERE l.lega_legal_status = 'L2'
  -- An L2 row starting while another L2 of the child is open, or on the day it ends (an
  -- extension, or a new row for a change of placement), continues that order: not a new one.
  AND NOT EXISTS (
      SELECT 1 FROM ssd_legal_status e
      WHERE e.lega_person_id = l.lega_person_id
        AND e.lega_legal_status = 'L2'
        AND e.lega_legal_status_start_date < l.lega_legal_status_start_date
        AND coalesce(e.lega_legal_status_end_date, DATE '9999-12-31') >= l.lega_legal_status_start_date
  )
