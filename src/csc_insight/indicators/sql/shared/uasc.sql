-- Shared: unaccompanied asylum-seeking children (UASC), for CLA 3, CLA 4 and CLA rate local, and
-- care leavers formerly UASC (CL count UASC, CL 2 UASC).
--   * View uasc (person_id, month_key): the children who are UASC at the end of each month in
--     `periods`, one row each. UASC on a day: an immigration status (ssd_immigration_status) of
--     UASC that started on or before it (or has no start date) and had not ended by it (end date
--     empty or after it).
--   * View looked_after_uasc (period_id, period_end, person_id, uasc): the children looked after
--     at each period end (view looked_after), one row each, and whether they are UASC that day.
--     CLA 3 and CLA 4 each take one side of it, so the children looked after are matched with
--     the UASC once, not once for each.
--   * View formerly_uasc (person_id, uasc_from): UASC at some time while looked after (below).
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

-- View formerly_uasc (person_id, uasc_from): young people who were unaccompanied asylum-seeking
-- children while looked after, for CL count UASC and CL 2 UASC: a UASC status (started on or
-- before a day they were looked after, or with no start, and not ended by it) on any day of a
-- CLA episode (from its start to the day before it ceased); uasc_from is the first such day. A
-- young person with no CLA episode in the store (a care history the store does not hold) is
-- formerly UASC from the start of their UASC status (no start: always).
-- materialise: no (a few rows per UASC, read by the care-leaver measures)
CREATE OR REPLACE TEMP VIEW formerly_uasc AS
WITH pair AS (
    -- Each UASC status with each of the young person's CLA episodes (none: one row, no episode).
    SELECT u.immi_person_id AS person_id,
           coalesce(u.immi_immigration_status_start_date, DATE '0001-01-01') AS status_from,
           coalesce(u.immi_immigration_status_end_date, DATE '9999-12-31') AS status_until,
           e.clae_cla_episode_start_date AS care_from,
           coalesce(e.clae_cla_episode_ceased_date, DATE '9999-12-31') AS care_until
    FROM ssd_immigration_status u
    LEFT JOIN ssd_cla_episodes e
      ON e.clae_person_id = u.immi_person_id AND e.clae_cla_episode_start_date IS NOT NULL
    WHERE u.immi_immigration_status = 'UASC'
)
SELECT person_id,
       coalesce(min(greatest(status_from, care_from))
                    FILTER (WHERE greatest(status_from, care_from) < least(status_until, care_until)),
                min(status_from) FILTER (WHERE care_from IS NULL)) AS uasc_from
FROM pair
GROUP BY person_id
HAVING uasc_from IS NOT NULL;
