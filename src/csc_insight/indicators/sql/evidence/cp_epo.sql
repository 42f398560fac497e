-- CP EPO evidence: each child made subject to an emergency protection order in the month (legal
-- status L2 starting then, not continuing an L2 already open), the status before it (e.g. L1
-- police protection) and when the order ended.
WITH orders AS (
    SELECT DISTINCT
        p.period_id, l.lega_person_id AS person_id,
        l.lega_legal_status_start_date AS order_start
    FROM ssd_legal_status l
    JOIN period_days p ON p.day = l.lega_legal_status_start_date
    WHERE l.lega_legal_status = 'L2'
      AND NOT EXISTS (
          SELECT 1 FROM ssd_legal_status e
          WHERE e.lega_person_id = l.lega_person_id
            AND e.lega_legal_status = 'L2'
            AND e.lega_legal_status_start_date < l.lega_legal_status_start_date
            AND coalesce(e.lega_legal_status_end_date, DATE '9999-12-31') >= l.lega_legal_status_start_date
      )
)
SELECT
    o.period_id,
    o.person_id || '-' || strftime(o.order_start, '%Y%m%d') AS subject_id,
    o.person_id,
    o.order_start,
    -- The child's legal status before the order (e.g. L1 police protection); empty: none.
    (SELECT arg_max(b.lega_legal_status, b.lega_legal_status_start_date)
     FROM ssd_legal_status b
     WHERE b.lega_person_id = o.person_id
       AND b.lega_legal_status_start_date < o.order_start) AS status_before,
    -- When the order's row ended; empty while it runs.
    (SELECT max(x.lega_legal_status_end_date)
     FROM ssd_legal_status x
     WHERE x.lega_person_id = o.person_id AND x.lega_legal_status = 'L2'
       AND x.lega_legal_status_start_date = o.order_start) AS order_end
FROM orders o
