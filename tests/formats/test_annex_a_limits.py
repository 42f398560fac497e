"""Hostile or damaged workbooks are refused before openpyxl opens them (formats/xlsx_limits.py):
zip bombs, too many parts or rows, a sheet the workbook names but does not hold (issue 17)."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import duckdb
import openpyxl
import pytest

from csc_insight.errors import ReaderError
from csc_insight.formats import annex_a, xlsx_limits
from csc_insight.formats.base import LoadOptions, SourceFile

MB = 1 << 20
L1 = ["Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Age of Child (Years)", "Date of Contact", "Contact Source"]  # fmt: skip
L3 = ["Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Age of Child (Years)", "Date of referral", "Referral Source", "Referral NFA?", "Number of Referrals in Last 12 Months", "Allocated Team", "Allocated Worker"]  # fmt: skip
ROW1 = ["P1", "Male", "WBRI", "29/02/2008", 12, "01/04/2019", "6"]


def workbook(rows: int = 1) -> bytes:
    """A sound two-list workbook, as bytes (write-only: no <dimension> in its sheets)."""
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("List 1")
    ws.append(L1)
    for i in range(rows):
        ws.append([f"P{i}", *ROW1[1:]])
    wb.create_sheet("List 3").append(L3)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def rezip(
    path: Path, data: bytes, *, drop: str = "", pad: tuple[str, int] | None = None,
    blanks: int = 0,
) -> Path:  # fmt: skip
    """``data`` zipped again: without part ``drop``; with a part of ``pad[1]`` MB of spaces
    named ``pad[0]``; with ``blanks`` MB of whitespace inside List 1's rows (a
    zip bomb that is still a well-formed sheet). Parts are written in 1 MB chunks."""
    with (
        zipfile.ZipFile(io.BytesIO(data)) as zin,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zout,
    ):
        for name in zin.namelist():
            part = zin.read(name)
            if name == drop:
                continue
            if blanks and name == "xl/worksheets/sheet1.xml":
                head, tail = part.split(b"<sheetData>")
                with zout.open(name, "w") as f:
                    f.write(head + b"<sheetData>")
                    for _ in range(blanks):
                        f.write(b" " * MB)
                    f.write(tail)
                continue
            zout.writestr(name, part)
        if pad:
            with zout.open(pad[0], "w") as f:
                for _ in range(pad[1]):
                    f.write(b" " * MB)
    return path


def stage(path: Path) -> Any:
    return annex_a.stage(duckdb.connect(), [SourceFile(path, "annex_a", "workbook")], LoadOptions())


def refused(path: Path) -> str:
    """The one reason a workbook is refused for."""
    with pytest.raises(ReaderError) as info:
        stage(path)
    (p,) = info.value.problems
    assert (p.file, p.row, p.column) == (str(path), None, None)
    return p.reason


@pytest.fixture(scope="module")
def bomb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """About 1 MB on disk, 1 GB of whitespace inside List 1 once inflated."""
    path = tmp_path_factory.mktemp("bomb") / "annex_a.xlsx"
    rezip(path, workbook(), blanks=1024)
    assert path.stat().st_size < 1.1 * MB
    return path


# ---------------------------------------------------------------------------------------------
# Size


def test_a_zip_bomb_is_refused_before_openpyxl_opens_it(
    bomb: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def never(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("openpyxl was asked to open a zip bomb")

    monkeypatch.setattr(openpyxl, "load_workbook", never)
    assert annex_a.recognise(bomb) == "workbook"  # its sheet names are fine
    assert refused(bomb) == (
        "refused: part xl/worksheets/sheet1.xml inflates 1,028 times, to 1,024 MB, over the "
        "limit of 100 times for a part over 10 MB (real sheets compress 5 to 50 times); it "
        "looks like a zip bomb or a damaged file"
    )


def test_a_zip_bomb_takes_little_memory(bomb: Path) -> None:
    """Staging the bomb in a process of its own: refused, well under the 1.3 GB it once took."""
    script = (
        "import resource, sys\n"
        "from pathlib import Path\n"
        "import duckdb\n"
        "from csc_insight.errors import ReaderError\n"
        "from csc_insight.formats import annex_a\n"
        "from csc_insight.formats.base import SourceFile\n"
        "try:\n"
        "    annex_a.stage(duckdb.connect(), [SourceFile(Path(sys.argv[1]), 'annex_a', 'workbook')])\n"
        "    print('loaded')\n"
        "except ReaderError:\n"
        "    print('refused')\n"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script, str(bomb)],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
    ).stdout.split()
    assert out[0] == "refused"
    # Opened, it takes over a gigabyte; refused, the process is its imports (90 to 260 MB,
    # depending on the machine's libraries), so the bound leaves room for them only.
    assert int(out[1]) < 400, f"{out[1]} MB"


@pytest.mark.parametrize(
    ("mb", "ok"),
    [(5, True), (11, False)],  # whitespace inflates ~1,000 times: refused over RATIO_FROM only
)
def test_the_ratio_limit_applies_to_big_parts(tmp_path: Path, mb: int, ok: bool) -> None:
    path = rezip(tmp_path / "a.xlsx", workbook(), pad=("xl/media/pad.bin", mb))
    reason = xlsx_limits.check_workbook(path)
    if ok:
        assert reason is None
        assert stage(path).rows == {path: 1}
    else:
        assert reason is not None
        assert reason.startswith("refused: part xl/media/pad.bin inflates 1,0")


def test_the_total_size_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Parts too small for the ratio limit that add up to more than the total (lowered here, so
    that the test need not write hundreds of MB)."""
    monkeypatch.setattr(xlsx_limits, "MAX_UNCOMPRESSED", 2 * MB)
    path = rezip(tmp_path / "a.xlsx", workbook(), pad=("xl/media/pic.bin", 3))
    assert refused(path) == (
        "refused: its parts take 3 MB once uncompressed, over the limit of 2 MB for a "
        "workbook; split it, or check it is the right file"
    )


def test_too_many_parts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = rezip(tmp_path / "a.xlsx", workbook())
    assert xlsx_limits.zip_parts(path) == 10
    monkeypatch.setattr(xlsx_limits, "MAX_PARTS", 9)
    assert annex_a.recognise(path) == "unreadable"  # its directory is not even read
    assert refused(path).startswith("refused: the workbook holds 10 parts, over the limit of 9")


# ---------------------------------------------------------------------------------------------
# Rows


def test_a_sheet_stated_over_the_row_limit(tmp_path: Path) -> None:
    """A cell far down the sheet: its <dimension> says so, and the file is refused unopened."""
    wb = openpyxl.Workbook()
    ws: Any = wb.active
    ws.title = "List 1"
    ws.append(L1)
    ws.append(ROW1)
    ws.cell(600_001, 2, "x")
    wb.create_sheet("List 3").append(L3)
    path = tmp_path / "a.xlsx"
    wb.save(path)
    assert refused(path) == (
        "refused: sheet 'List 1' has 600,001 rows, over the limit of 500,000 rows for a "
        "sheet; is it the right file, or are there stray cells far down the sheet?"
    )


def test_rows_over_the_limit_found_while_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A sheet with no <dimension> is counted as it is read, and refused at the limit."""
    monkeypatch.setattr(xlsx_limits, "MAX_ROWS_PER_SHEET", 50)
    path = tmp_path / "a.xlsx"
    path.write_bytes(workbook(rows=49))  # header and 49 rows: 50, at the limit
    assert stage(path).rows == {path: 49}
    path.write_bytes(workbook(rows=50))
    with pytest.raises(ReaderError) as info:
        stage(path)
    (p,) = info.value.problems
    assert (p.file, p.reason) == (
        f"{path} [List 1]",
        "refused: sheet 'List 1' has more rows than that, over the limit of 50 rows for a "
        "sheet; is it the right file, or are there stray cells far down the sheet?",
    )


def test_a_stray_cell_far_to_the_right_is_passed_over(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws: Any = wb.active
    ws.title = "List 1"
    ws.append(L1)
    ws.append(ROW1)
    ws.cell(2, 16_000, "stray")
    wb.create_sheet("List 3").append(L3)
    path = tmp_path / "a.xlsx"
    wb.save(path)
    staged = stage(path)
    assert (staged.rows, staged.held) == ({path: 1}, [])


# ---------------------------------------------------------------------------------------------
# Damaged or other files


def test_a_sheet_named_but_missing_is_refused(tmp_path: Path) -> None:
    """openpyxl passes over it: the workbook would load without List 3."""
    path = rezip(tmp_path / "a.xlsx", workbook(), drop="xl/worksheets/sheet2.xml")
    assert annex_a.recognise(path) == "workbook"
    assert refused(path) == (
        "the workbook names a sheet 'List 3' whose data (xl/worksheets/sheet2.xml) is missing "
        "from the file: it is damaged; open it in Excel and save it again"
    )


def test_a_sheet_with_no_relationship_is_refused(tmp_path: Path) -> None:
    path = rezip(tmp_path / "a.xlsx", workbook(), drop="xl/_rels/workbook.xml.rels")
    assert refused(path).startswith("the workbook names a sheet 'List 1' whose data is missing")


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "file is empty"),
        (xlsx_limits.OLE_MAGIC + bytes(600), xlsx_limits.OLE_FILE),
        (b"PK\x03\x04" + bytes(40), xlsx_limits.NOT_A_ZIP),
        (b"Child Unique ID,Gender\nP1,M\n", xlsx_limits.NOT_A_ZIP),
    ],
)
def test_files_that_are_not_workbooks(tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / "a.xlsx"
    path.write_bytes(content)
    assert xlsx_limits.check_workbook(path) == reason
    assert refused(path) == reason


def test_a_sound_workbook_passes(tmp_path: Path) -> None:
    path = tmp_path / "a.xlsx"
    path.write_bytes(workbook(rows=3))
    assert xlsx_limits.check_workbook(path) is None
    with zipfile.ZipFile(path) as z:
        assert xlsx_limits.sheet_parts(z) == [
            ("List 1", "xl/worksheets/sheet1.xml"),
            ("List 3", "xl/worksheets/sheet2.xml"),
        ]


def test_attributes_in_single_quotes_are_read(tmp_path: Path) -> None:
    """XML allows either quote: a workbook written so is a workbook, and its sheets are found."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(workbook())) as zin,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout,
    ):
        for name in zin.namelist():
            part = zin.read(name)
            if name in ("xl/workbook.xml", "xl/_rels/workbook.xml.rels"):
                part = part.replace(b'"', b"'")
            zout.writestr(name, part)
    path = tmp_path / "a.xlsx"
    path.write_bytes(out.getvalue())
    assert annex_a.recognise(path) == "workbook"
    path2 = rezip(tmp_path / "b.xlsx", out.getvalue(), drop="xl/worksheets/sheet2.xml")
    assert refused(path2).startswith("the workbook names a sheet 'List 3'")
    assert stage(path).rows == {path: 1}
