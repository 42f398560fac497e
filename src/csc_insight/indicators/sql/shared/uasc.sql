-- Shared: unaccompanied asylum-seeking children (UASC), for CLA 3 and CLA 4.
--   * View uasc (person_id, month_key): the children who are UASC at the end of each month in
--     `periods`, one row each. UASC on a day: an immigration status (ssd_immigration_status) of
--     UASC that started on or before it (or has no start date) and had not ended by it (end date
--     empty or after it).
--   * View looked_after_uasc (period_id, period_end, person_id, uasc): the children looked after
--     at each period end (view looked_after), one row each, and whether they are UASC that day.
--     CLA 3 and CLA 4 each take one side of it, so the children looked after are matched with
--     the UASC once, not once for each.
-- materialise: no (read only by looked_after_uasc)
CREATE OR REPLACE TEMP VIEW uasc AS
SELECT DISTINCT person_id, month_key
FROM (
    SELECT immi_person_id AS person_id,
           unnest(open_month_keys(coalesce(immi_immigration_status_start_date, DATE '0001-01-01'),
                                  immi_immigration_status_end_date)) AS month_key
    FROM ssd_immigration_status
    WHERE immi_immigration_status = 'UASC'
);

CREATE OR REPLACE TEMP VIEW looked_after_uasc AS
SELECT la.period_id, la.period_end, la.person_id, u.person_id IS NOT NULL AS uasc
FROM looked_after la
LEFT JOIN uasc u ON u.person_id = la.person_id AND u.month_key = month_key(la.period_end);
