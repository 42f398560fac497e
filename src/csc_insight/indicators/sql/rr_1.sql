-- RR 1: rapid reviews completed in the month, as the safeguarding partnership gave them: the Value of the
-- month's latest entry of RAPID_REVIEWS (one row per month; earlier entries superseded).
SELECT p.period_id, f.efig_entry_id AS subject_id, f.efig_value AS numerator, NULL::DOUBLE AS denominator
FROM (
    SELECT * FROM ext_entered_figures
    WHERE efig_measure_id = 'RAPID_REVIEWS'
    QUALIFY row_number() OVER (
        PARTITION BY efig_month ORDER BY efig_entered_on DESC, efig_entry_id DESC) = 1
) f
JOIN period_days p ON p.day = f.efig_month
