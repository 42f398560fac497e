"""The SSDA903 in the DfE's XML layout: recognised, read to the same canonical rows as the CSV
layout of the same data, faulty records held back with the element's line."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import pytest

from csc_insight.errors import ReaderError
from csc_insight.formats import ssda903
from csc_insight.formats.base import SourceFile, Staged
from csc_insight.store import db
from csc_insight.synth import SynthOptions, simulate
from tests.formats.test_ssda903 import CARRIED, canonical


def staged_rows(
    con: duckdb.DuckDBPyConnection, staged: Staged
) -> dict[str, set[tuple[object, ...]]]:
    out = {}
    for table, temps in staged.tables.items():
        [temp] = temps
        out[table] = set(con.execute(f"SELECT {CARRIED[table]} FROM {temp}").fetchall())
    return out


def stage_paths(
    tmp_path: Path, name: str, paths: list[Path]
) -> tuple[Staged, dict[str, set[tuple[object, ...]]]]:
    con = db.connect(tmp_path / f"{name}.duckdb")
    try:
        files = [SourceFile(p, "ssda903", ssda903.recognise(p) or "") for p in paths]
        staged = ssda903.stage(con, files)
        return staged, staged_rows(con, staged)
    finally:
        con.close()


def both_layouts(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> tuple[list[Path], list[Path]]:
    csvs = ssda903.write(con, tmp_path / "csv")
    xmls = ssda903.write_xml(con, tmp_path / "xml")
    return csvs, xmls


def test_the_xml_layout_stages_what_the_csv_layout_does(tmp_path: Path) -> None:
    csvs, xmls = both_layouts(canonical(), tmp_path)
    assert [p.name for p in xmls] == ["ssda903_2020.xml", "ssda903_2021.xml", "ssda903_2022.xml"]
    assert {ssda903.recognise(p) for p in xmls} == {"xml"}
    from_csv, rows_csv = stage_paths(tmp_path, "csv", csvs)
    from_xml, rows_xml = stage_paths(tmp_path, "xml", xmls)
    assert rows_xml == rows_csv
    assert set(rows_csv) == set(CARRIED)
    assert from_csv.held == from_xml.held == []
    assert from_xml.scopes[xmls[1]] == "ssda903:xml:2021"


def test_the_synthetic_boroughs_return_round_trips_through_xml(tmp_path: Path) -> None:
    con = duckdb.connect()
    simulate(SynthOptions(size="tiny", years=3, seed=3, end=date(2021, 3, 31)), con=con)
    csvs, xmls = both_layouts(con, tmp_path)
    from_csv, rows_csv = stage_paths(tmp_path, "csv", csvs)
    from_xml, rows_xml = stage_paths(tmp_path, "xml", xmls)
    assert rows_csv["ssd_cla_episodes"]
    assert rows_xml == rows_csv
    # The same records held, for the same reasons, in either layout.
    assert sorted((p.rule, p.value) for p in from_xml.held) == sorted(
        (p.rule, p.value) for p in from_csv.held
    )


XML = """<?xml version="1.0" encoding="utf-8"?>
<EXPSSDA903>
  <CHILD>
    <HEADER>
      <CHILDID>C1</CHILDID>
      <SEX>1</SEX>
      <DOB>01/05/2006</DOB>
      <AREVIEW>
        <REVIEW>01/09/2020</REVIEW>
        <REVIEW_CODE>PN1</REVIEW_CODE>
      </AREVIEW>
    </HEADER>
    <EPISODE>
      <DECOM>01/05/2020</DECOM>
      <RNE>S</RNE>
      <LS>C2</LS>
      <PL>U1</PL>
    </EPISODE>
    <EPISODE>
      <DECOM>01/07/2020</DECOM>
      <RNE>P</RNE>
      <LS>C2</LS>
      <PL>Q9</PL>
    </EPISODE>
  </CHILD>
  <CHILD>
    <HEADER>
      <CHILDID>C2</CHILDID>
      <SEX>2</SEX>
      <DOB>2010-02-01</DOB>
    </HEADER>
    <EPISODE>
      <DECOM>2020-06-01</DECOM>
      <RNE>S</RNE>
      <LS>V2</LS>
      <PL>P1</PL>
      <DEC>2020-08-01</DEC>
      <REC>E13</REC>
    </EPISODE>
  </CHILD>
</EXPSSDA903>
"""


def test_faults_in_an_xml_return_are_held_with_their_lines(tmp_path: Path) -> None:
    path = tmp_path / "903_2020-21.xml"
    path.write_text(XML, "utf-8")
    staged, rows = stage_paths(tmp_path, "s", [path])
    assert sorted((p.row, p.column, p.rule, p.value) for p in staged.held) == [
        (8, "REVIEW", "depends", "C1"),  # within C1's held period of care
        (13, "CHILD", "depends", "C1"),  # the period's first episode
        (19, "PLACE", "value-code", "Q9"),  # no such placement type
        (32, "PLACE", "903-378", "P1"),  # placed with parents under section 20
    ]
    assert {p.file for p in staged.held} == {str(path)}
    assert rows["ssd_person"] == {
        ("C1", "M", date(2006, 5, 1), None, None),
        ("C2", "F", date(2010, 2, 1), None, None),
    }
    assert "ssd_cla_episodes" in rows and rows["ssd_cla_episodes"] == set()


@pytest.mark.parametrize(
    ("text", "row", "reason"),
    [
        (XML[: XML.index("<EPISODE>")], None, "not well-formed XML"),
        ("<EXPSSDA903><CHILD><HEADER></CHILD></EXPSSDA903>", 1, "not well-formed XML"),
        ("", None, "file is empty"),
    ],
)
def test_an_unreadable_xml_return_is_refused(
    tmp_path: Path, text: str, row: int | None, reason: str
) -> None:
    path = tmp_path / "ssda903_2021.xml"
    path.write_text(text, "utf-8")
    assert ssda903.recognise(path) == "xml"
    with pytest.raises(ReaderError) as e:
        stage_paths(tmp_path, "s", [path])
    [problem] = e.value.problems
    assert problem.file == str(path)
    assert reason in problem.reason
    if row is not None:
        assert problem.row == row


def test_other_xml_is_not_claimed(tmp_path: Path) -> None:
    cin = tmp_path / "cin.xml"
    cin.write_text("<Message><Header/><Children/></Message>", "utf-8")
    assert ssda903.recognise(cin) is None
