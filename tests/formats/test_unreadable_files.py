"""Files that cannot be read as their format say what they are and what to do (issue 17)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from csc_insight.cli import main

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _ingest(path: Path, tmp_path: Path) -> tuple[int, str]:
    r = CliRunner().invoke(main, ["ingest", str(path), "--store", str(tmp_path / "s.duckdb")])
    return r.exit_code, r.output


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_bom(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "ssd_person.csv"
    path.write_bytes("pers_person_id,pers_sex,pers_dob\nP1,M,2010-01-01\n".encode(encoding))
    code, output = _ingest(path, tmp_path)
    assert code == 2
    assert f"{path}: holds NUL bytes: it is UTF-16" in output
    assert "save it as CSV UTF-8" in output
    assert "\x00" not in output


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (OLE + bytes(600), "an Excel 97-2003 file (.xls) or a workbook protected with a password"),
        (b"PK\x03\x04" + bytes(40), "not the zip archive an .xlsx is"),
        (b"just some text\n" * 40, "not the zip archive an .xlsx is"),
    ],
)
def test_a_workbook_that_is_not_an_xlsx(tmp_path: Path, content: bytes, says: str) -> None:
    path = tmp_path / "annex_a.xlsx"
    path.write_bytes(content)
    code, output = _ingest(path, tmp_path)
    assert code == 2, output
    assert says in output
    assert "BadZipFile" not in output
