"""CSWW census XML: what a clean census stages, each record fault held back with its rule, each
file fault refused, several censuses merged, and reconciliation with what the store knows."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import pytest

from csc_insight.errors import Problem, ReaderError
from csc_insight.formats import cin_census, csww, csww_read, registry
from csc_insight.formats.base import LoadOptions, SourceFile, Staged
from csc_insight.store import db

HEADER = """  <Header>
    <CollectionDetails>
      <Collection>CSWW</Collection>
      <Year>2022</Year>
      <ReferenceDate>2022-09-30</ReferenceDate>
    </CollectionDetails>
    <Source><SourceLevel>L</SourceLevel><LEA>999</LEA></Source>
  </Header>
"""
VACANCIES = """  <LALevelVacancies>
    <NumberOfVacancies>3.50</NumberOfVacancies>
    <NoAgencyFTE>2.00</NoAgencyFTE>
    <NoAgencyHeadcount>2</NoAgencyHeadcount>
  </LALevelVacancies>
"""

#: Element values of a clean worker not from an agency, in the schema's order.
DIRECT = {
    "AgencyWorker": "0",
    "SWENo": "SW100001",
    "FTE": "1.000000",
    "PersonBirthDate": "1985-05-05",
    "GenderCurrent": "2",
    "Ethnicity": "WBRI",
    "QualInst": "A University",
    "QualLevel": "1",
    "StepUpGrad": "0",
    "OrgRole": "5",
    "RoleStartDate": "2019-04-01",
    "StartOrigin": "2",
    "FTE30": "1.000000",
    "Cases30": "17",
    "WorkingDaysLost": "3.50",
    "FrontlineGrad": "0",
}


def worker(**values: str | None) -> dict[str, str | None]:
    """A clean direct worker with some values changed (None leaves the element out)."""
    return {**DIRECT, **values}


def xml(workers: list[dict[str, str | None]], header: str = HEADER) -> str:
    body = ""
    for w in workers:
        items = "".join(f"    <{k}>{v}</{k}>\n" for k, v in w.items() if v is not None)
        body += f"  <CSWWWorker>\n{items}  </CSWWWorker>\n"
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<Message>\n{header}{VACANCIES}{body}</Message>\n'
    )


def line_of_worker(text: str, n: int) -> int:
    """The line of the n-th (from 0) CSWWWorker element in a file."""
    lines = [i + 1 for i, s in enumerate(text.splitlines()) if "<CSWWWorker>" in s]
    return lines[n]


@pytest.fixture
def con() -> duckdb.DuckDBPyConnection:
    c = duckdb.connect()
    db.create_schema(c)
    return c


def stage(
    con: duckdb.DuckDBPyConnection,
    tmp_path: Path,
    texts: list[str] | str,
    options: LoadOptions = LoadOptions(),  # noqa: B008
) -> tuple[Staged, list[tuple[object, ...]]]:
    files = []
    for i, text in enumerate([texts] if isinstance(texts, str) else texts):
        path = tmp_path / f"csww_{i}.xml"
        path.write_text(text, encoding="utf-8")
        files.append(SourceFile(path, "csww", "csww"))
    staged = csww.stage(con, files, options)
    rows: list[tuple[object, ...]] = []
    for temp in staged.tables.get("ext_workforce_staff", []):
        rows += con.execute(
            f"SELECT {', '.join(csww.COLUMNS)} FROM {temp} ORDER BY wstaf_assignment_id"
        ).fetchall()
    return staged, rows


def ids(rows: list[tuple[object, ...]]) -> list[object]:
    return [r[0] for r in rows]


# -- A clean census -------------------------------------------------------------------------------


def test_clean_census_stages_one_assignment_per_worker(con, tmp_path: Path) -> None:
    text = xml(
        [
            worker(CFKSSstatus="1"),
            # an agency worker: AgencyWorker, SWENo, FTE and (here) no role or start date
            {"AgencyWorker": "1", "SWENo": "sw200002", "FTE": "0.5", "Cases30": "12"},
            # a team manager who left in the year, holding no cases on leaving
            worker(
                SWENo="SW300003",
                OrgRole="3",
                RoleStartDate="2010-01-04",
                Cases30=None,
                RoleEndDate="2022-06-30",
                LeaverDestination="8",
                ReasonLeave="1",
                FTE="0.8",
            ),
            worker(SWENo="SW400004", OrgRole="6", Cases30="0", CFKSSstatus="3"),
        ]
    )
    staged, rows = stage(con, tmp_path, text)
    assert staged.held == [] and staged.notes == []
    assert staged.scopes == {tmp_path / "csww_0.xml": "csww:csww:2022"}
    assert staged.rows == {tmp_path / "csww_0.xml": 4}
    d = date.fromisoformat
    assert rows == [
        ("SW100001-20190401", "SW100001", None, csww.NO_TEAM, "SOCIAL_WORKER", "N", "Y", 1.0,
         d("2019-04-01"), None, None, "Y"),
        ("SW200002-20220930-A", "SW200002", None, csww.NO_TEAM, "SOCIAL_WORKER", "Y", None, 0.5,
         d("2022-09-30"), None, None, "Y"),  # no OrgRole: holding from Cases30
        ("SW300003-20100104", "SW300003", None, csww.NO_TEAM, "TEAM_MANAGER", "N", None, 0.8,
         d("2010-01-04"), d("2022-06-30"), "RESIGNED", None),
        ("SW400004-20190401", "SW400004", None, csww.NO_TEAM, "SOCIAL_WORKER", "N", "N", 1.0,
         d("2019-04-01"), None, None, "N"),
    ]  # fmt: skip


def test_recognised_as_csww_not_cin(tmp_path: Path) -> None:
    path = tmp_path / "return.xml"
    path.write_text(xml([worker()]), encoding="utf-8")
    assert registry.recognise(path) == ("csww", "csww")
    assert cin_census.recognise(path) is None
    names = [m.FORMAT for m in registry.FORMATS]
    # Last: a load merges the formats in this order, and the census should match the staff
    # the council's own workforce template gave rather than add them again.
    assert names.index("csww") > names.index("workforce")


def test_collection_year_from_year_alone_and_from_option(con, tmp_path: Path) -> None:
    header = HEADER.replace("      <ReferenceDate>2022-09-30</ReferenceDate>\n", "")
    staged, _ = stage(con, tmp_path, xml([worker(RoleEndDate="2022-09-30", ReasonLeave="5",
                                                    LeaverDestination="8")], header))  # fmt: skip
    assert staged.scopes[tmp_path / "csww_0.xml"] == "csww:csww:2022" and staged.held == []
    no_year = header.replace("      <Year>2022</Year>\n", "")
    staged, _ = stage(con, tmp_path, xml([worker()], no_year), LoadOptions(year=2021))
    assert staged.scopes[tmp_path / "csww_0.xml"] == "csww:csww:2021"


# -- One faulty worker among good ones is held back -----------------------------------------------

GOOD = [worker(SWENo=f"SW90000{i}") for i in range(4)]
FAULTS = [
    # (changed values, rule, column, value)
    ({"Ethnicity": "WBRX"}, "value-code", "Ethnicity", "WBRX"),
    ({"OrgRole": "7"}, "value-code", "OrgRole", "7"),
    ({"RoleStartDate": "2021-02-30"}, "value-date", "RoleStartDate", "2021-02-30"),
    ({"PersonBirthDate": "05/05/1985"}, "value-date", "PersonBirthDate", "05/05/1985"),
    ({"FTE": "1.5"}, "csww-fte", "FTE", "1.5"),
    ({"FTE": "-0.1"}, "csww-fte", "FTE", "-0.1"),
    ({"FTE30": "37"}, "csww-fte", "FTE30", "37"),
    ({"FTE": "full"}, "value-number", "FTE", "full"),
    ({"FTE": None}, "value-missing", "FTE", None),
    ({"Cases30": "-3"}, "value-number", "Cases30", "-3"),
    ({"SWENo": "12345"}, "csww-swe-number", "SWENo", "12345"),
    ({"SWENo": None}, "value-missing", "SWENo", None),
    ({"AgencyWorker": "Y"}, "value-code", "AgencyWorker", "Y"),
    ({"QualInst": "x" * 301}, "value-too-long", "QualInst", "x" * 300),
    ({"OrgRole": None}, "value-missing", "OrgRole", None),
    ({"RoleStartDate": "2022-10-01"}, "csww-start-after-census", "RoleStartDate", "2022-10-01"),
    ({"RoleEndDate": "2021-09-30", "ReasonLeave": "1"}, "csww-end-outside-year", "RoleEndDate",
     "2021-09-30"),
    ({"RoleStartDate": "2022-08-01", "RoleEndDate": "2022-07-01", "ReasonLeave": "1"},
     "date-order", "RoleEndDate", "2022-07-01"),
    ({"ReasonLeave": "1"}, "csww-reason-without-end", "ReasonLeave", "1"),
]  # fmt: skip


@pytest.mark.parametrize(("changes", "rule", "column", "value"), FAULTS)
def test_faulty_worker_is_held_back(con, tmp_path: Path, changes, rule, column, value) -> None:
    bad = worker(**{"SWENo": "SW999999", **changes})
    text = xml([*GOOD[:2], bad, *GOOD[2:]])
    staged, rows = stage(con, tmp_path, text)
    assert ids(rows) == [f"SW90000{i}-20190401" for i in range(4)]
    assert len(staged.held) == 1
    p = staged.held[0]
    assert (p.rule, p.column, p.value, p.table) == (rule, column, value, "ext_workforce_staff")
    assert p.file == str(tmp_path / "csww_0.xml")
    first, last = line_of_worker(text, 2), line_of_worker(text, 3)
    assert p.row is not None and first <= p.row < last  # the worker's element, or the worker


def test_element_given_twice_is_held(con, tmp_path: Path) -> None:
    text = xml([*GOOD]).replace(
        "<OrgRole>5</OrgRole>", "<OrgRole>5</OrgRole><OrgRole>4</OrgRole>", 1
    )
    staged, rows = stage(con, tmp_path, text)
    assert [(p.rule, p.column, p.value) for p in staged.held] == [("key-conflict", "OrgRole", "4")]
    assert len(rows) == 3


def test_exact_duplicate_loads_once_conflicting_duplicate_is_held(con, tmp_path: Path) -> None:
    text = xml([GOOD[0], GOOD[0], GOOD[1], worker(SWENo="SW900001", FTE="0.5"), GOOD[2]])
    staged, rows = stage(con, tmp_path, text)
    assert ids(rows) == ["SW900000-20190401", "SW900002-20190401"]
    assert [(p.rule, p.row) for p in staged.notes] == [("row-duplicate", line_of_worker(text, 1))]
    assert [(p.rule, p.row) for p in staged.held] == [
        ("key-conflict", line_of_worker(text, 2)),
        ("key-conflict", line_of_worker(text, 3)),
    ]


def test_one_swe_number_two_people_is_held(con, tmp_path: Path) -> None:
    # a leaver who came back is two records of one person; two dates of birth are two people
    back = worker(SWENo="SW900000", RoleStartDate="2022-05-01", StartOrigin="7")
    left = worker(SWENo="SW900000", RoleEndDate="2022-01-31", ReasonLeave="1",
                  LeaverDestination="6")  # fmt: skip
    staged, rows = stage(con, tmp_path, xml([left, back, *GOOD[1:]]))
    assert staged.held == [] and ids(rows)[:2] == ["SW900000-20190401", "SW900000-20220501"]
    other = worker(SWENo="SW900000", RoleStartDate="2022-05-01", PersonBirthDate="1990-01-01")
    staged, rows = stage(con, tmp_path, xml([left, other, *GOOD[1:]]))
    assert [(p.rule, p.column) for p in staged.held] == [
        ("csww-swe-conflict", "PersonBirthDate")
    ] * 2
    assert ids(rows) == [f"SW90000{i}-20190401" for i in (1, 2, 3)]


def test_entities_are_not_expanded(con, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRET", encoding="utf-8")
    text = xml([worker(QualInst="&ext;&lol;")]).replace(
        "<Message>",
        f'<!DOCTYPE Message [<!ENTITY ext SYSTEM "file://{secret}"><!ENTITY lol "lol">]>\n<Message>',
    )
    staged, rows = stage(con, tmp_path, text)
    assert len(rows) == 1 and staged.held == []
    assert "TOPSECRET" not in repr(rows) + repr(staged)


# -- File faults refuse the file ------------------------------------------------------------------

FILE_FAULTS = [
    ("not xml", "SWENo,FTE\nSW1,1\n", "not well-formed XML"),
    ("cut short", xml(GOOD)[:-40], "not well-formed XML"),
    ("wrong root", xml(GOOD).replace("Message>", "Return>"), "the root element must be Message"),
    ("no header", xml(GOOD, header=""), "required element missing from Message"),
    ("another collection", xml(GOOD, HEADER.replace(">CSWW<", ">CIN<")), "not a workforce census"),
    ("no year", xml(GOOD, HEADER.replace("<Year>2022</Year>", "").replace(
        "<ReferenceDate>2022-09-30</ReferenceDate>", "")), "the census year is not given"),
    ("years disagree", xml(GOOD, HEADER.replace("<Year>2022", "<Year>2021")),
     "does not match ReferenceDate"),
    ("NUL byte", xml(GOOD).replace("SW900001", "SW90\x000001"), "not well-formed XML"),
    ("no workers", xml([]), "holds no workers"),
    ("empty", "", "file is empty"),
    ("mostly held", xml([*GOOD[:2], *[worker(SWENo=f"SW80000{i}", OrgRole=None)
                                       for i in range(5)]]), "5 of its 7 workers would be held"),
    ("a wrong layout", xml([worker(SWENo=f"SW80000{i}", RoleStartDate="01/04/2019")
                            for i in range(6)]), "6 of its 6 values are wrong"),
]  # fmt: skip


@pytest.mark.parametrize(("case", "text", "reason"), FILE_FAULTS, ids=[c[0] for c in FILE_FAULTS])
def test_file_faults_refuse_the_file(
    con, tmp_path: Path, case: str, text: str, reason: str
) -> None:
    with pytest.raises(ReaderError) as e:
        stage(con, tmp_path, text)
    assert reason in str(e.value.report())
    assert all(p.file == str(tmp_path / "csww_0.xml") for p in e.value.problems)


def test_file_too_big_is_refused(con, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(csww_read, "MAX_FILE_BYTES", 1000)
    with pytest.raises(ReaderError, match="far more than a workforce census holds"):
        stage(con, tmp_path, xml(GOOD))


def test_every_refused_file_is_reported(con, tmp_path: Path) -> None:
    with pytest.raises(ReaderError) as e:
        stage(con, tmp_path, [xml([]), xml(GOOD), "<Message>"])
    assert sorted({Path(p.file).name for p in e.value.problems}) == ["csww_0.xml", "csww_2.xml"]


# -- Several censuses, and the store --------------------------------------------------------------


def test_later_census_wins(con, tmp_path: Path) -> None:
    y2021 = xml([worker(FTE="0.5", OrgRole="5")], HEADER.replace("2022", "2021"))
    y2022 = xml([worker(FTE="0.8", OrgRole="4", Cases30=None)])
    _, rows = stage(con, tmp_path, [y2022, y2021])
    assert [(r[0], r[4], r[7], r[11]) for r in rows] == [
        ("SW100001-20190401", "SENIOR_PRACTITIONER", 0.8, "Y")  # 2021's holding, nothing newer
    ]


def test_worker_the_store_knows_updates_their_assignment(con, tmp_path: Path) -> None:
    con.execute(
        """INSERT INTO ssd_professionals (prof_professional_id, prof_staff_id,
               prof_social_worker_registration_no, prof_professional_department)
           VALUES ('W7', 'E7', ' sw100001 ', 'T9'), ('W8', 'E8', 'SW200002', 'T8')"""
    )
    con.execute(
        """INSERT INTO ext_workforce_staff VALUES
           ('A7', 'E7', 'W7', 'POST7', 'T7', 'SOCIAL_WORKER', 'N', 'N', 1.0,
            DATE '2019-04-01', NULL, NULL, 'Y'),
           ('A8', 'E8', 'W8', NULL, 'T8', 'SOCIAL_WORKER', 'Y', NULL, 1.0,
            DATE '2022-01-10', NULL, NULL, NULL)"""
    )
    text = xml(
        [
            worker(FTE="0.6"),  # same start: assignment A7
            {"AgencyWorker": "1", "SWENo": "SW200002", "FTE": "1"},  # no start: in force, A8
            worker(RoleStartDate="2022-08-01", OrgRole="4"),  # a new assignment of E7
        ]
    )
    _, rows = stage(con, tmp_path, text)
    d = date.fromisoformat
    assert rows == [
        ("A7", "E7", "W7", None, "SOCIAL_WORKER", "N", None, 0.6, d("2019-04-01"), None, None, "Y"),
        ("A8", "E8", "W8", None, "SOCIAL_WORKER", "Y", None, 1.0, None, None, None, None),
        ("E7-20220801", "E7", "W7", "T9", "SENIOR_PRACTITIONER", "N", None, 1.0, d("2022-08-01"),
         None, None, "Y"),
    ]  # fmt: skip


def test_problem_type_is_the_shared_one() -> None:
    assert csww.RULES and all(k.startswith("csww-") for k in csww.RULES)
    assert isinstance(Problem("f", 1, "c", "r", "value-code"), Problem)
