"""Reference documents generated from the code, so that they cannot drift from it."""

from __future__ import annotations

from csc_insight.indicators.reference import catalogue_markdown
from csc_insight.store import schema


def generated() -> dict[str, str]:
    """Path (relative to the repository root) → content."""
    return {
        "docs/data-model.md": schema.data_model_markdown(),
        "docs/catalogue.md": catalogue_markdown(),
    }
