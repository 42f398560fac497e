-- CLA 10 evidence: each child looked after at the month end (shared/looked_after.sql), their
-- placement and legal status then, the paragraph of reg 28 that applies, their last visit with the
-- child seen, and the day by which the next visit was due (setting cla_visit_rule). In time: the
-- month end is on or before visit_due_by. The rules are those of shared/cla_visits_due.sql.
--   * placement_start, placement_type: the placement open at the month end (the latest started,
--     should records overlap); with none recorded, the placement starts with the care.
--   * legal_status: the legal status open at the month end (the latest started).
--   * rule_from: the day the rule began to apply (the placement start; for a child at home with a
--     parent under an interim or full care order, the later of the placement and the order).
--   * first_review: the first review held (not cancelled) on or after rule_from, if any.
--   * last_visit: the latest visit with the child seen on or before the month end (any time).
--   * visit_rule and visit_due_by, with reg28 (the default; Care Planning Regulations 2010 reg 28):
--       - not yet seen since rule_from: within 1 week of it (rule_from + 7 days);
--       - at home under an interim care order, or with a relative or friend (U3) seen within 16
--         weeks of the placement start (temporary approval assumed): 1 week after the last visit
--         if it came before the first review, else 4 weeks;
--       - at home under a care order: 6 weeks after the last visit;
--       - otherwise 6 weeks after a visit in the placement's first year; after it 3 months in
--         long-term foster care (U1, U4), else 6 weeks.
--     With six_weekly (the seed's reading): 6 weeks after the last visit in this period of care.
SELECT
    period_id,
    person AS subject_id,
    person AS person_id,
    care_start,
    placement_start,
    placement_type,
    legal_status,
    rule_from,
    first_review,
    visit_date AS last_visit,
    CASE
        WHEN getvariable('cla_visit_rule') = 'six_weekly' THEN 'six weekly'
        WHEN seen_since IS NULL THEN CASE paragraph
            WHEN 'ico_at_home' THEN 'first week, interim care order at home'
            WHEN 'care_order_at_home' THEN 'first week, care order at home'
            ELSE 'first week of placement'
        END
        WHEN paragraph = 'ico_at_home' OR (paragraph = 'connected_person' AND seen_since < rule_from + 112)
            THEN CASE WHEN first_review IS NULL OR seen_since < first_review THEN 'weekly until first review'
                      ELSE 'four weekly' END
                 || CASE paragraph WHEN 'ico_at_home' THEN ', interim care order at home'
                                   ELSE ', connected person (temporary approval assumed)' END
        WHEN paragraph = 'care_order_at_home' THEN 'six weekly, care order at home'
        WHEN seen_since < placement_start + INTERVAL 1 YEAR THEN 'six weekly, first year of placement'
        WHEN placement_type IN ('U1', 'U4') THEN 'three monthly, long-term foster care'
        ELSE 'six weekly'
    END AS visit_rule,
    CAST(due_by AS DATE) AS visit_due_by
FROM cla_visits_due
