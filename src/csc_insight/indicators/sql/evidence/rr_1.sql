-- RR 1 evidence: the entry counted for the month (its latest), who entered it and when, from
-- which partner; and the entries it superseded (how many, and the value before it).
WITH entries AS (
    SELECT
        *,
        row_number() OVER (
            PARTITION BY efig_month ORDER BY efig_entered_on DESC, efig_entry_id DESC) AS newest,
        lead(efig_value) OVER (
            PARTITION BY efig_month ORDER BY efig_entered_on DESC, efig_entry_id DESC) AS previous_value
    FROM ext_entered_figures
    WHERE efig_measure_id = 'RAPID_REVIEWS'
)
SELECT
    p.period_id,
    e.efig_entry_id AS subject_id,
    NULL::VARCHAR AS person_id,
    e.efig_measure_id AS measure_id,
    e.efig_month AS month,
    e.efig_value AS value,
    e.efig_source AS source,
    e.efig_entered_by AS entered_by,
    e.efig_entered_on AS entered_on,
    e.efig_note AS note,
    (SELECT count(*) FROM entries o WHERE o.efig_month = e.efig_month) - 1 AS earlier_entries,
    e.previous_value
FROM entries e
JOIN period_days p ON p.day = e.efig_month
WHERE e.newest = 1
