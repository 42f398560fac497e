"""What a form on a page of many forms shows: the stored values, or, when it is the form just
posted and refused (400), what was typed with each message beside its field, as GOV.UK forms do.
Showing the stored values again would throw away what someone has just written (an action's
evidence, a reason).

The messages are (field id, message) pairs, the field id being the field's name, a hyphen and
the key of the record the form changes (the error summary links to it)."""

from __future__ import annotations

from typing import Any

Problems = list[tuple[str, str]]  # (the field's id, the message)


def form(
    kind: str, key: str, stored: dict[str, str], posted: dict[str, str], errors: Problems
) -> dict[str, Any]:
    """The values and messages of the form changing the record ``key``: ``kind`` names the
    posted field holding the key ("action", "milestone"); ``stored`` gives the form's fields
    with their stored values. "open" says the form was the one refused, to be shown open."""
    if posted.get(kind) != key:
        return {"values": stored, "errors": {}, "open": False}
    found = dict(errors)
    return {
        "values": {f: posted.get(f, "") for f in stored},
        "errors": {f: found[f"{f}-{key}"] for f in stored if f"{f}-{key}" in found},
        "open": True,
    }
