-- RR 2 evidence: the entry counted for the month (its latest), with its numerator and
-- denominator, who entered it and when, from which partner; and the entries it superseded.
WITH entries AS (
    SELECT
        *,
        row_number() OVER (
            PARTITION BY efig_month ORDER BY efig_entered_on DESC, efig_entry_id DESC) AS newest
    FROM ext_entered_figures
    WHERE efig_measure_id = 'RAPID_REVIEWS_15WD'
)
SELECT
    p.period_id,
    e.efig_entry_id AS subject_id,
    NULL::VARCHAR AS person_id,
    e.efig_measure_id AS measure_id,
    e.efig_month AS month,
    e.efig_numerator AS numerator,
    e.efig_denominator AS denominator,
    e.efig_source AS source,
    e.efig_entered_by AS entered_by,
    e.efig_entered_on AS entered_on,
    e.efig_note AS note,
    (SELECT count(*) FROM entries o WHERE o.efig_month = e.efig_month) - 1 AS earlier_entries
FROM entries e
JOIN period_days p ON p.day = e.efig_month
WHERE e.newest = 1
