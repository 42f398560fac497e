"""Generated reference documents must match what is committed."""

from __future__ import annotations

from pathlib import Path

import pytest

from csc_insight.docs import generated

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("rel", sorted(generated()))
def test_generated_docs_are_up_to_date(rel: str) -> None:
    committed = (ROOT / rel).read_text("utf-8")
    assert committed == generated()[rel], f"{rel} is out of date: run `csc docs`"


def test_every_table_and_field_is_documented() -> None:
    text = generated()["docs/data-model.md"]
    from csc_insight.store import schema

    for t in schema.tables().values():
        assert f"## {t.name}" in text
        for f in t.fields:
            assert f.doc.strip(), f"{t.name}.{f.name} has no description"
            assert f"`{f.name}`" in text
