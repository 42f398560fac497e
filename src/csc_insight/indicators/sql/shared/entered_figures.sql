-- Shared: the figures an analyst entered from partners (ext_entered_figures, the template of
-- formats/template_figures.py), as the partner-figure indicators (SYV 1, RR 1, RR 2) count them.
--   * View entered_figures: one row per measure and month, the month's latest entry (latest
--     Entered on, then the highest entry id): entry_id, measure_id, month, value, numerator,
--     denominator, source, entered_by, entered_on, note; with earlier_entries (how many entries
--     of that measure and month it superseded) and previous_value (the value of the one before
--     it). Every entry stays in the table: a later one supersedes, never deletes.
-- materialise: no (a few hundred rows, a filter each indicator reads once)
CREATE OR REPLACE TEMP VIEW entered_figures AS
SELECT * EXCLUDE (newest)
FROM (
    SELECT
        efig_entry_id AS entry_id,
        efig_measure_id AS measure_id,
        efig_month AS month,
        efig_value AS value,
        efig_numerator AS numerator,
        efig_denominator AS denominator,
        efig_source AS source,
        efig_entered_by AS entered_by,
        efig_entered_on AS entered_on,
        efig_note AS note,
        count(*) OVER w - 1 AS earlier_entries,
        lead(efig_value) OVER (w ORDER BY efig_entered_on DESC, efig_entry_id DESC) AS previous_value,
        row_number() OVER (w ORDER BY efig_entered_on DESC, efig_entry_id DESC) AS newest
    FROM ext_entered_figures
    WINDOW w AS (PARTITION BY efig_measure_id, efig_month)
)
WHERE newest = 1;
