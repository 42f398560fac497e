"""The web dashboard: a Django application over the same results as the committee pack.

Figures come from the results table of the store's latest published copy (store/published.py),
never recomputed in a view; the children behind a figure from indicators/children.py, as
`csc children` lists them. What people type (users, roles, targets, commentary) and the audit
log of who saw which children live in Django's database: SQLite beside the store on one
machine, PostgreSQL when shared (docs/deploy.md).
"""
