-- RR 2: rapid reviews completed in the month within 15 working days, of those completed: the
-- Numerator and Denominator of the month's latest entry of RAPID_REVIEWS_15WD.
SELECT p.period_id, f.efig_entry_id AS subject_id, f.efig_numerator AS numerator, f.efig_denominator AS denominator
FROM (
    SELECT * FROM ext_entered_figures
    WHERE efig_measure_id = 'RAPID_REVIEWS_15WD'
    QUALIFY row_number() OVER (
        PARTITION BY efig_month ORDER BY efig_entered_on DESC, efig_entry_id DESC) = 1
) f
JOIN period_days p ON p.day = f.efig_month
