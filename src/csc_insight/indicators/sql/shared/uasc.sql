-- Shared view uasc (person_id, month_key): the children who are unaccompanied asylum-seeking
-- children (UASC) at the end of each month in `periods`, one row each (CLA 3, CLA 4).
--   * UASC on a day: an immigration status (ssd_immigration_status) of UASC that started on or
--     before it (or has no start date) and had not ended by it (end date empty or after it).
CREATE OR REPLACE TEMP VIEW uasc AS
SELECT DISTINCT person_id, month_key
FROM (
    SELECT immi_person_id AS person_id,
           unnest(open_month_keys(coalesce(immi_immigration_status_start_date, DATE '0001-01-01'),
                                  immi_immigration_status_end_date)) AS month_key
    FROM ssd_immigration_status
    WHERE immi_immigration_status = 'UASC'
);
