"""The placement and package cost tracker: each child's placement or care package joined to
its weekly cost, provider and next review (from the documented cost template), costed over a
financial year by days, set against the budget line it feeds, and reconciled with the store's
case records (seed 003: "no single version of the truth on commitments and spend")."""
