"""Shared fixtures: tiny hand-built SSD extracts written as CSV."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from csc_insight.store import schema


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [",".join(header)] + [",".join(r) for r in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def write_ssd_table(folder: Path, table: str, rows: list[dict[str, str]]) -> Path:
    """An SSD table file with every schema column, filled from ``rows`` (missing = empty)."""
    cols = list(schema.table(table).columns)
    return write_csv(folder / f"{table}.csv", cols, [[r.get(c, "") for c in cols] for r in rows])


@pytest.fixture
def ssd_extract(tmp_path: Path) -> Callable[..., Path]:
    """A small SSD extract: two children, a referral each, one on a leap day."""

    def make(name: str = "extract", extra_person: bool = False) -> Path:
        folder = tmp_path / name
        people = [
            {"pers_person_id": "P0000001", "pers_sex": "M", "pers_dob": "2010-01-31"},
            {"pers_person_id": "P0000002", "pers_sex": "F", "pers_dob": "2012-02-29"},
        ]
        if extra_person:
            people.append({"pers_person_id": "P0000003", "pers_sex": "F", "pers_dob": "2015-12-31"})
        write_ssd_table(folder, "ssd_person", people)
        write_ssd_table(
            folder,
            "ssd_cin_episodes",
            [
                {
                    "cine_referral_id": "P0000001-20200229",
                    "cine_person_id": "P0000001",
                    "cine_referral_date": "2020-02-29",
                    "cine_cin_primary_need_code": "N1",
                },
                {
                    "cine_referral_id": "P0000002-20210331",
                    "cine_person_id": "P0000002",
                    "cine_referral_date": "2021-03-31",
                    "cine_referral_nfa": "Y",
                    "cine_close_date": "2021-03-31",
                    "cine_close_reason": "RC8",
                },
            ],
        )
        return folder

    return make


#: Debian's Chromium, which the browser tests drive through Playwright (never a downloaded one).
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Debian's Chromium, launched once for a module's browser tests."""
    from playwright.sync_api import sync_playwright  # a test dependency: not skipped if missing

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()
