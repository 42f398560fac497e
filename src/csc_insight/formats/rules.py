"""The record rules: why a record is held back at a load, by id.

A record that breaks one of these is left out of the store (and of every figure), kept in the
problems table with its file, row, column, value and rule, and listed by ``csc problems``. A
reader adds its own rules (a return's validation rules) in its module's ``RULES``; every id is
documented in docs/load-policy.md, which ``csc docs`` writes from here.
"""

from __future__ import annotations

from types import ModuleType

#: Rules every reader applies, and the loader's rules across tables.
RULES: dict[str, str] = {
    "value-missing": "a value the record cannot do without is empty",
    "value-date": "a date that is not a date in the expected format, or not between 1900 and 2100",
    "value-number": "a number that is not a number",
    "value-code": "a code that is not in the list for the file's collection year",
    "value-too-long": "a value longer than any real one (a limit per field, so a damaged file "
    "cannot fill the store)",
    "value-control": "an identifier holding a control character (in a CSV, a NUL byte or a line "
    "break in a record's key; in XML any): a damaged file",
    "key-conflict": "two records with the same key and different values: neither is loaded, "
    "as there is no telling which is right",
    "row-duplicate": "the same record twice: loaded once (a note, nothing is held back)",
    "date-future": "an event dated after the day of the load",
    "date-before-birth": "care, a placement, a review or a visit dated before the child's birth",
    "date-order": "an end dated before its start",
    "overlap": "two periods of one kind (care episodes, CP plans) for a child at the same time",
    "depends": "the record belongs to a child, episode or referral that is held back",
}


#: The common rules in a few words, for the pack's data note ("4 unreadable dates").
LABELS: dict[str, str] = {
    "value-missing": "with a required value missing",
    "value-date": "with an unreadable or impossible date",
    "value-number": "with a number that is not a number",
    "value-code": "with a code not in the year's list",
    "value-too-long": "with a value far too long",
    "value-control": "with a damaged identifier",
    "key-conflict": "sharing an id with a different record",
    "date-future": "dated in the future",
    "date-before-birth": "dated before the child's birth",
    "date-order": "ending before they start",
    "overlap": "overlapping another episode or plan of the child",
    "depends": "belonging to a child or case held back",
}


def label(rule: str) -> str:
    """A rule in a few words; a reader's own rule by its id (its meaning is in docs)."""
    return LABELS.get(rule, f"breaking rule {rule}")


def all_rules(modules: list[ModuleType] | None = None) -> dict[str, str]:
    """Every rule id and its meaning: these and each reader's own."""
    if modules is None:
        from csc_insight.formats import registry

        modules = registry.FORMATS
    out = dict(RULES)
    for m in modules:
        out.update(getattr(m, "RULES", {}))
    return out
