-- Shared: the council's own monthly education figures (ext_education_figures, the Monthly
-- figures sheet of the education template: formats/template_education.py), as the education
-- indicators (catalogue/education.yaml) read them.
--   * View education_figures: one row per measure and month with a figure: figure_id,
--     measure_id, month, value, taken_from, note. A month entered as not published is not here
--     (it has no value), so the indicator has no figure for it, as for a month not entered:
--     never 0. A later load of a measure's month replaces its figure (one row per figure_id).
-- materialise: no (a few hundred rows, a filter each indicator reads once)
CREATE OR REPLACE TEMP VIEW education_figures AS
SELECT
    edu_figure_id AS figure_id,
    edu_measure_id AS measure_id,
    edu_month AS month,
    edu_value AS value,
    edu_taken_from AS taken_from,
    edu_note AS note
FROM ext_education_figures
WHERE edu_value IS NOT NULL;
