-- SYV 1: serious youth violence victims in the month, as the police gave them: the Value of the
-- month's latest entry of SYV_VICTIMS (one row per month; earlier entries superseded).
SELECT p.period_id, f.efig_entry_id AS subject_id, f.efig_value AS numerator, NULL::DOUBLE AS denominator
FROM (
    SELECT * FROM ext_entered_figures
    WHERE efig_measure_id = 'SYV_VICTIMS'
    QUALIFY row_number() OVER (
        PARTITION BY efig_month ORDER BY efig_entered_on DESC, efig_entry_id DESC) = 1
) f
JOIN period_days p ON p.day = f.efig_month
