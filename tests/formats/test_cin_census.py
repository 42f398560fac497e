"""CIN census XML: round trip through the writer, the reader's rules, bad input, mangled input."""

from __future__ import annotations

import json
import time
from datetime import date
from pathlib import Path

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from csc_insight.errors import MAX_PROBLEMS_PER_FILE, Problem, ReaderError
from csc_insight.formats import cin_census
from csc_insight.formats.base import SourceFile
from csc_insight.formats.cin_census import FORMAT
from csc_insight.store import db
from csc_insight.store.checksum import store_checksums
from csc_insight.store.load import ingest

# -- A canonical borough in miniature -----------------------------------------------------------

PERSONS = [
    # id, upn, upn_unknown, dob, expected dob, sex, death, ethnicity
    ("P0000001", "A123456789012", None, "2020-02-29", None, "M", None, "WBRI"),
    ("P0000002", None, "UN2", "2012-12-31", None, "F", None, "BAFR"),
    ("P0000003", "B123456789012", None, "2008-03-31", None, "U", "2022-05-01", "MWBC"),
    ("P0000004", None, "UN1", None, "2023-05-01", "U", None, None),
]
DISABILITIES = [
    ("P0000003-HEAR", "P0000003", "HEAR"),
    ("P0000003-LD", "P0000003", "LD"),
]
EPISODES = [
    # id, person, referral, need, source, nfa, close reason, close date
    ("P0000001-20200229", "P0000001", "2020-02-29", "N1", "6", "N", "RC2", "2021-04-01"),
    ("P0000002-20190630", "P0000002", "2019-06-30", "N0", "1A", "Y", "RC8", "2019-06-30"),
    ("P0000002-20211231", "P0000002", "2021-12-31", "N4", "2A", "N", None, None),
    ("P0000003-20220331", "P0000003", "2022-03-31", "N9", "10", "N", "RC9", "2022-04-30"),
    ("P0000004-20230115", "P0000004", "2023-01-15", "N2", "3B", "N", None, None),
]
ASSESSMENTS = [
    # id, person, referral, start, auth, outcome json
    (
        "P0000001-20200229",
        "P0000001",
        "P0000001-20200229",
        "2020-02-29",
        "2020-04-01",
        '{"factors": ["3A", "4B"]}',
    ),
    (
        "P0000002-20211231",
        "P0000002",
        "P0000002-20211231",
        "2021-12-31",
        "2021-12-31",
        '{"factors": ["21"]}',
    ),
    ("P0000004-20230116", "P0000004", "P0000004-20230115", "2023-01-16", None, None),
]
CIN_PLANS = [
    ("P0000002-20220131", "P0000002-20211231", "P0000002", "2022-01-31", None),
    ("P0000001-20210105", "P0000001-20200229", "P0000001", "2021-01-05", "2021-03-31"),
]
S47 = [
    # id, referral, person, start, nfa
    ("P0000001-20200331", "P0000001-20200229", "P0000001", "2020-03-31", "N"),
    ("P0000004-20230116", "P0000004-20230115", "P0000004", "2023-01-16", "Y"),
]
CONFERENCES = [
    # id, s47, person, plan, referral, transfer in, target, date, outcome
    (
        "P0000001-20200401",
        "P0000001-20200331",
        "P0000001",
        "P0000001-20200401",
        "P0000001-20200229",
        "N",
        "2020-04-22",
        "2020-04-01",
        "Y",
    ),
    (
        "P0000002-20220228",
        None,
        "P0000002",
        "P0000002-20220228",
        "P0000002-20211231",
        "Y",
        None,
        "2022-02-28",
        "Y",
    ),
]
CP_PLANS = [
    # id, referral, icpc, person, start, end, initial, latest
    (
        "P0000001-20200401",
        "P0000001-20200229",
        "P0000001-20200401",
        "P0000001",
        "2020-04-01",
        "2021-01-05",
        "NEG",
        "EMO",
    ),
    (
        "P0000002-20220228",
        "P0000002-20211231",
        "P0000002-20220228",
        "P0000002",
        "2022-02-28",
        None,
        "MUL",
        "PHY",
    ),
]
REVIEWS = [
    ("P0000001-20200701", "P0000001", "P0000001-20200401", "2020-07-01"),
    ("P0000001-20210101", "P0000001", "P0000001-20200401", "2021-01-01"),
    ("P0000002-20220531", "P0000002", "P0000002-20220228", "2022-05-31"),
]

#: The canonical columns the census carries, per table (key first), with the rows above.
CARRIED: dict[str, tuple[tuple[str, ...], list[tuple[str | None, ...]]]] = {
    "ssd_person": (
        (
            *("pers_person_id", "pers_upn", "pers_upn_unknown", "pers_dob"),
            *("pers_expected_dob", "pers_sex", "pers_death_date", "pers_ethnicity"),
        ),
        PERSONS,
    ),
    "ssd_disability": (("disa_table_id", "disa_person_id", "disa_disability_code"), DISABILITIES),
    "ssd_cin_episodes": (
        (
            *("cine_referral_id", "cine_person_id", "cine_referral_date"),
            *("cine_cin_primary_need_code", "cine_referral_source_code", "cine_referral_nfa"),
            *("cine_close_reason", "cine_close_date"),
        ),
        EPISODES,
    ),
    "ssd_cin_assessments": (
        (
            *("cina_assessment_id", "cina_person_id", "cina_referral_id"),
            *("cina_assessment_start_date", "cina_assessment_auth_date"),
            "cina_assessment_outcome_json",
        ),
        ASSESSMENTS,
    ),
    "ssd_cin_plans": (
        (
            *("cinp_cin_plan_id", "cinp_referral_id", "cinp_person_id"),
            *("cinp_cin_plan_start_date", "cinp_cin_plan_end_date"),
        ),
        CIN_PLANS,
    ),
    "ssd_s47_enquiry": (
        (
            *("s47e_s47_enquiry_id", "s47e_referral_id", "s47e_person_id"),
            *("s47e_s47_start_date", "s47e_s47_nfa"),
        ),
        S47,
    ),
    "ssd_initial_cp_conference": (
        (
            *("icpc_icpc_id", "icpc_s47_enquiry_id", "icpc_person_id", "icpc_cp_plan_id"),
            *("icpc_referral_id", "icpc_icpc_transfer_in", "icpc_icpc_target_date"),
            *("icpc_icpc_date", "icpc_icpc_outcome_cp_flag"),
        ),
        CONFERENCES,
    ),
    "ssd_cp_plans": (
        (
            *("cppl_cp_plan_id", "cppl_referral_id", "cppl_icpc_id", "cppl_person_id"),
            *("cppl_cp_plan_start_date", "cppl_cp_plan_end_date"),
            *("cppl_cp_plan_initial_category", "cppl_cp_plan_latest_category"),
        ),
        CP_PLANS,
    ),
    "ssd_cp_reviews": (
        ("cppr_cp_review_id", "cppr_person_id", "cppr_cp_plan_id", "cppr_cp_review_date"),
        REVIEWS,
    ),
}


def canonical() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    db.create_schema(con)
    for table, (columns, rows) in CARRIED.items():
        marks = ", ".join("?" * len(columns))
        con.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)
    # Fields the census does not carry, which the round trip must leave alone.
    con.execute("UPDATE ssd_person SET pers_gender = 'Female' WHERE pers_person_id = 'P0000002'")
    return con


def rows(con: duckdb.DuckDBPyConnection, table: str, columns: tuple[str, ...]) -> list[tuple]:
    return con.execute(f"SELECT {', '.join(columns)} FROM {table} ORDER BY ALL").fetchall()


def test_round_trip_gives_back_every_fact_the_census_carries(tmp_path: Path) -> None:
    con = canonical()
    paths = cin_census.write(con, tmp_path / "census")
    assert [p.name for p in paths] == [f"cin_census_{y}.xml" for y in range(2020, 2024)]
    report = ingest([tmp_path / "census"], tmp_path / "store.duckdb")
    assert {s.format for s in report.files} == {"cin_census"}
    store = duckdb.connect(str(tmp_path / "store.duckdb"), read_only=True)
    for table, (columns, _) in CARRIED.items():
        assert rows(store, table, columns) == rows(con, table, columns), table


def test_round_trip_of_single_years_merges_into_the_same_rows(tmp_path: Path) -> None:
    """Loading the years one at a time, latest first, ends where loading them together does."""
    con = canonical()
    paths = cin_census.write(con, tmp_path / "census")
    for p in reversed(paths):
        ingest([p], tmp_path / "store.duckdb")
    store = duckdb.connect(str(tmp_path / "store.duckdb"), read_only=True)
    columns, _ = CARRIED["ssd_cin_episodes"]
    assert rows(store, "ssd_cin_episodes", columns) == rows(con, "ssd_cin_episodes", columns)


def test_writer_puts_in_each_year_what_the_census_would(tmp_path: Path) -> None:
    con = canonical()
    by_year = {p.name: p.read_text("utf-8") for p in cin_census.write(con, tmp_path)}
    y2020, y2021, y2022 = (by_year[f"cin_census_{y}.xml"] for y in (2020, 2021, 2022))
    assert "<ReferenceDate>2020-03-31</ReferenceDate>" in y2020
    # An episode closed on 1 April is open for one day of the next year.
    assert "<CINreferralDate>2020-02-29</CINreferralDate>" in y2022
    # The section 47 started on 31 March shows in both years: its conference came on 1 April.
    assert y2020.count("<S47ActualStartDate>2020-03-31") == 1
    assert y2021.count("<S47ActualStartDate>2020-03-31") == 1
    # A section 47 conference is written at the section 47 level only (DfE CIN rule 2884); a
    # transfer-in conference at the CIN level.
    assert y2021.count("<DateOfInitialCPC>2020-04-01</DateOfInitialCPC>") == 1
    assert "          <DateOfInitialCPC>2020-04-01" in y2021
    assert "        <DateOfInitialCPC>2022-02-28</DateOfInitialCPC>" in y2022
    # Reviews go to the year they were held in.
    assert "2020-07-01" in y2021 and "2020-07-01" not in y2022
    # Female, written as the 2022-23 GenderCurrent code.
    assert "<GenderCurrent>2</GenderCurrent>" in y2022
    assert cin_census.write(con, tmp_path / "none", years=[2019]) == [
        tmp_path / "none" / "cin_census_2019.xml"
    ]
    assert "<Child>" not in (tmp_path / "none" / "cin_census_2019.xml").read_text("utf-8")


# -- Hand-written census files ------------------------------------------------------------------


def census(children: str, *, year: int = 2023, namespace: str = "", header: bool = True) -> str:
    head = (
        f"""  <Header>
    <CollectionDetails>
      <Collection>CIN</Collection>
      <Year>{year}</Year>
      <ReferenceDate>{year}-03-31</ReferenceDate>
    </CollectionDetails>
  </Header>
"""
        if header
        else ""
    )
    ns = f' xmlns="{namespace}"' if namespace else ""
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<Message{ns}>
{head}  <Children>
{children}  </Children>
</Message>
"""


def child(pid: str = "P0000001", *details: str, ids: str = "", chars: str = "") -> str:
    return f"""    <Child>
      <ChildIdentifiers>
        <LAchildID>{pid}</LAchildID>
        <PersonBirthDate>2015-06-01</PersonBirthDate>
        <GenderCurrent>1</GenderCurrent>{ids}
      </ChildIdentifiers>
      <ChildCharacteristics>
        <Ethnicity>WBRI</Ethnicity>{chars}
      </ChildCharacteristics>
{"".join(details)}    </Child>
"""


def cin(referral: str = "2022-05-01", inner: str = "", **fields: str) -> str:
    values = {
        "ReferralSource": "6",
        "PrimaryNeedCode": "N1",
        "ReferralNFA": "false",
        **fields,
    }
    leaves = "".join(f"        <{k}>{v}</{k}>\n" for k, v in values.items() if v is not None)
    return f"""      <CINdetails>
        <CINreferralDate>{referral}</CINreferralDate>
{leaves}{inner}      </CINdetails>
"""


GOOD = census(child("P0000001", cin()) + child("P0000002", cin("2022-06-01")))


def put(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)
    return path


def stage_one(path: Path) -> tuple[duckdb.DuckDBPyConnection, dict[str, list[tuple]]]:
    """Stage one file on a fresh connection; the staged rows by canonical table."""
    con = duckdb.connect()  # staging needs no canonical tables, only somewhere to stage
    staged = cin_census.stage(con, [SourceFile(path, "cin_census", "cin_census")])
    out = {
        t: con.execute(f"SELECT * FROM {temps[0]} ORDER BY ALL").fetchall()
        for t, temps in staged.tables.items()
    }
    return con, out


def staged_dicts(path: Path, table: str) -> list[dict]:
    con = duckdb.connect()
    staged = cin_census.stage(con, [SourceFile(path, "cin_census", "cin_census")])
    temp = staged.tables[table][0]
    cur = con.execute(f"SELECT * FROM {temp} ORDER BY 1")
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]


def test_nested_records_and_the_transfer_in_rule(tmp_path: Path) -> None:
    s47 = """        <Section47>
          <S47ActualStartDate>2022-05-02</S47ActualStartDate>
          <InitialCPCtarget>2022-05-23</InitialCPCtarget>
          <DateOfInitialCPC>2022-05-20</DateOfInitialCPC>
          <ICPCnotRequired>false</ICPCnotRequired>
        </Section47>
        <Section47>
          <S47ActualStartDate>2022-07-01</S47ActualStartDate>
          <ICPCnotRequired>1</ICPCnotRequired>
        </Section47>
        <ChildProtectionPlans>
          <CPPstartDate>2022-05-20</CPPstartDate>
          <InitialCategoryOfAbuse>neg</InitialCategoryOfAbuse>
          <LatestCategoryOfAbuse>EMO</LatestCategoryOfAbuse>
          <NumberOfPreviousCPP>0</NumberOfPreviousCPP>
          <Reviews><CPPreviewDate>2022-08-01</CPPreviewDate><CPPreviewDate>2023-01-31</CPPreviewDate></Reviews>
        </ChildProtectionPlans>
        <Assessments>
          <AssessmentActualStartDate>2022-05-01</AssessmentActualStartDate>
          <AssessmentAuthorisationDate>2022-05-30</AssessmentAuthorisationDate>
          <FactorsIdentifiedAtAssessment><AssessmentFactors>3A</AssessmentFactors></FactorsIdentifiedAtAssessment>
        </Assessments>
"""
    text = census(
        child(
            "P0000001",
            # a conference at the section 47 level, and the plan it led to
            cin("2022-05-01", s47),
            # a CIN-level date in the year with no section 47: a transfer-in conference
            cin("2022-11-01", DateOfInitialCPC="2022-11-10"),
            # a CIN-level date before the collection year: reported in its own year's census
            cin("2021-11-01", DateOfInitialCPC="2021-11-10", CINclosureDate="2022-06-01"),
        )
    )
    _, staged = stage_one(put(tmp_path / "c.xml", text))
    assert staged["ssd_initial_cp_conference"] == [
        (
            *("P0000001-20220520", "P0000001-20220502", "P0000001", "P0000001-20220520"),
            *("P0000001-20220501", "N", date(2022, 5, 23), date(2022, 5, 20), "Y"),
        ),
        (
            *("P0000001-20221110", None, "P0000001", None, "P0000001-20221101", "Y", None),
            *(date(2022, 11, 10), "N"),
        ),
    ]
    assert [r[4] for r in staged["ssd_s47_enquiry"]] == ["N", "Y"]
    assert staged["ssd_cp_plans"] == [
        (
            *("P0000001-20220520", "P0000001-20220501", "P0000001-20220520", "P0000001"),
            *(date(2022, 5, 20), None, "NEG", "EMO"),
        )
    ]
    assert [r[0] for r in staged["ssd_cp_reviews"]] == ["P0000001-20220801", "P0000001-20230131"]
    assessment = staged["ssd_cin_assessments"][0]
    assert assessment[2] == "P0000001-20220501"
    assert json.loads(assessment[5]) == {"factors": ["3A"]}


def test_later_census_wins_whatever_the_order_given(tmp_path: Path) -> None:
    open_2022 = census(child("P0000001", cin("2022-03-01", PrimaryNeedCode="N4")), year=2022)
    closed_2023 = census(
        child(
            "P0000001",
            cin(
                "2022-03-01",
                PrimaryNeedCode="N5",
                CINclosureDate="2022-09-01",
                ReasonForClosure="RC8",
            ),
        ),
        year=2023,
    )
    later = put(tmp_path / "a" / "cin_2023.xml", closed_2023)
    earlier = put(tmp_path / "b" / "cin_2022.xml", open_2022)
    con = duckdb.connect()
    db.create_schema(con)
    staged = cin_census.stage(
        con,
        [
            SourceFile(later, "cin_census", "cin_census"),
            SourceFile(earlier, "cin_census", "cin_census"),
        ],
    )
    temp = staged.tables["ssd_cin_episodes"][0]
    got = con.execute(
        f"SELECT cine_referral_id, cine_cin_primary_need_code, cine_close_date, cine_close_reason FROM {temp}"
    ).fetchall()
    assert got == [("P0000001-20220301", "N5", date(2022, 9, 1), "RC8")]


def test_namespaced_file_and_header_year_only(tmp_path: Path) -> None:
    text = census(child("P0000001", cin()), namespace="http://www.dcsf.gov.uk/cin")
    text = text.replace("      <ReferenceDate>2023-03-31</ReferenceDate>\n", "")
    path = put(tmp_path / "x.xml", text)
    assert cin_census.recognise(path) == "cin_census"
    _, staged = stage_one(path)
    assert [r[0] for r in staged["ssd_cin_episodes"]] == ["P0000001-20220501"]


def test_external_entities_are_never_read(tmp_path: Path) -> None:
    secret = put(tmp_path / "secret.txt", "P9999999")
    doctype = f'<!DOCTYPE Message [<!ENTITY x SYSTEM "{secret.as_uri()}">]>\n<Message>'
    text = GOOD.replace("<Message>", doctype).replace("<LAchildID>P0000001<", "<LAchildID>&x;<")
    path = put(tmp_path / "cin.xml", text)
    with pytest.raises(ReaderError) as caught:
        stage_one(path)
    assert "P9999999" not in caught.value.report()
    assert caught.value.problems[0].row == line_of(text, "&x;")


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("census.xml", GOOD, "cin_census"),
        ("census.XML", GOOD, "cin_census"),
        ("census.csv", GOOD, None),
        ("other.xml", GOOD.replace(">CIN<", ">School Census<"), None),
        ("other.xml", "<EXPSSDA903><CHILD/></EXPSSDA903>", None),
        ("other.xml", "", None),
        ("cin_census_2023.xml", "", "cin_census"),
        ("cin_census_2023.xml", GOOD[:60], "cin_census"),
        (
            "anything.xml",
            '<?xml version="1.0"?>\n<!-- x -->\n<Message>\n<Children><Child><ChildIdentifiers><LAchildID>',
            "cin_census",
        ),
    ],
)
def test_recognise(tmp_path: Path, name: str, content: str, expected: str | None) -> None:
    assert cin_census.recognise(put(tmp_path / name, content)) == expected


# -- Bad input ------------------------------------------------------------------------------------


def line_of(text: str | bytes, marker: str | bytes, nth: int = 1) -> int:
    """The line (1-based) holding the nth occurrence of marker."""
    start = -1
    for _ in range(nth):
        start = text.index(marker, start + 1)  # type: ignore[arg-type]
    return text[:start].count("\n" if isinstance(text, str) else b"\n") + 1  # type: ignore[arg-type]


def _truncated() -> str:
    cut = GOOD.index("<PrimaryNeedCode>", GOOD.index("P0000002")) + len("<PrimaryNeedCode>N")
    return GOOD[:cut]


CP_PLAN = """        <ChildProtectionPlans>
          <CPPstartDate>2022-05-20</CPPstartDate>
          <InitialCategoryOfAbuse>SEX</InitialCategoryOfAbuse>
        </ChildProtectionPlans>
"""
LATIN1 = census(child("P0000001", cin(), ids="\n        <UPN>A12345678901É</UPN>"))
NO_DECLARATION = LATIN1.replace('<?xml version="1.0" encoding="UTF-8"?>\n', "")
DECLARED_LATIN1 = LATIN1.replace('encoding="UTF-8"', 'encoding="ISO-8859-1"')


def case(
    name: str,
    content: str | bytes,
    at: str | tuple[str, int] | int | None,
    column: str | None,
    reason: str,
) -> tuple[str, str | bytes, int | None, str | None, str]:
    """A bad file, where its problem is (a marker in the text, its nth occurrence, or a line)."""
    text = content.decode("latin-1") if isinstance(content, bytes) else content
    if isinstance(at, str):
        at = (at, 1)
    row = line_of(text, *at) if isinstance(at, tuple) else at
    return (name, content, row, column, reason)


#: Files that are not readable as a census: refused whole, whatever else they hold.
REFUSED = [
    case("truncated", _truncated(), _truncated().count("\n") + 1, "PrimaryNeedCode", "truncated"),
    case(
        "bad year",
        GOOD.replace("<Year>2023<", "<Year>x<"),
        "<Year>",
        "Year",
        "not a year",
    ),
    case(
        "bad reference date",
        GOOD.replace("<ReferenceDate>2023-03-31<", "<ReferenceDate>31/03/2023<"),
        "<ReferenceDate>",
        "ReferenceDate",
        "'31/03/2023' is not a date: it is written day first",
    ),
    case(
        "no CollectionDetails",
        GOOD.replace("<CollectionDetails>", "<Other>").replace("</CollectionDetails>", "</Other>"),
        "<Header>",
        "CollectionDetails",
        "required element missing from Header",
    ),
    case(
        "wrong root",
        GOOD.replace("<Message>", "<Return>").replace("</Message>", "</Return>"),
        "<Return>",
        "Return",
        "the root element must be Message",
    ),
    case(
        "NUL byte in an id",
        GOOD.replace("<LAchildID>P0000002<", "<LAchildID>P00\x0000002<"),
        "P00\x00",
        None,
        "a control character such as NUL",
    ),
    case("empty file", "", None, None, "file is empty"),
    case("blank file", "\n  \n", None, None, "file is empty"),
    case("UTF-8 declared, Latin-1 bytes", LATIN1.encode("latin-1"), "<UPN>", "UPN", "not UTF-8"),
    case(
        "no declaration, Latin-1 bytes",
        NO_DECLARATION.encode("latin-1"),
        "<UPN>",
        "UPN",
        "declares no encoding",
    ),
    case(
        "Latin-1 declared, UTF-8 bytes",
        DECLARED_LATIN1.encode("utf-8"),
        "<UPN>",
        "UPN",
        "its bytes are UTF-8",
    ),
    case(
        "unknown encoding declared",
        GOOD.replace('encoding="UTF-8"', 'encoding="UTF-9"'),
        1,
        None,
        "not a known encoding",
    ),
    case(
        "second root element",
        GOOD.replace("</Message>", "</Message>\n<Message/>"),
        "<Message/>",
        None,
        "not well-formed",
    ),
]


@pytest.mark.parametrize(
    ("case", "content", "row", "column", "reason"), REFUSED, ids=[b[0] for b in REFUSED]
)
def test_unreadable_files_are_refused(
    tmp_path: Path,
    case: str,
    content: str | bytes,
    row: int | None,
    column: str | None,
    reason: str,
) -> None:
    bad = put(tmp_path / "bad" / "cin_census_2023.xml", content)
    with pytest.raises(ReaderError) as caught:
        stage_one(bad)
    first = caught.value.problems[0]
    assert first == Problem(str(bad), row, column, first.reason), str(first)
    assert reason in first.reason
    assert str(first).startswith(str(bad))
    if row is not None:
        assert f"row {row}" in str(first)
    if column is not None:
        assert f"column {column}" in str(first)


def test_a_refused_file_leaves_the_store_unchanged(tmp_path: Path) -> None:
    store = tmp_path / "store.duckdb"
    ingest([put(tmp_path / "good" / "cin_census_2023.xml", GOOD)], store)
    before = store_checksums(store)
    with pytest.raises(ReaderError):
        ingest([put(tmp_path / "bad" / "cin_census_2023.xml", _truncated())], store)
    assert store_checksums(store) == before


def test_a_file_whose_children_mostly_fail_is_refused(tmp_path: Path) -> None:
    """80 children with a day-first referral date: another layout, not 80 faulty records."""
    text = census("".join(child(f"P{i:07d}", cin("01/05/2022")) for i in range(80)))
    path = put(tmp_path / "cin.xml", text)
    with pytest.raises(ReaderError) as caught:
        stage_one(path)
    problems = caught.value.problems
    assert problems[0] == Problem(
        str(path),
        None,
        None,
        "80 of 80 children have problems (most often value-date in CINreferralDate, 80 times): "
        "this looks like a file of another layout or year, not a few faulty records, so it is "
        "not loaded",
    )
    assert len(problems) == MAX_PROBLEMS_PER_FILE
    assert problems[1].row == line_of(text, "01/05/2022")
    assert caught.value.truncated


def test_half_the_children_held_back_is_not_refused(tmp_path: Path) -> None:
    text = census(
        "".join(child(f"P{i:07d}", cin("01/05/2022" if i % 2 else "2022-05-01")) for i in range(10))
    )
    con = duckdb.connect()
    staged = cin_census.stage(con, [SourceFile(put(tmp_path / "c.xml", text), FORMAT, FORMAT)])
    assert [p.rule for p in staged.held].count("value-date") == 5
    temp = staged.tables["ssd_person"][0]
    assert con.execute(f"SELECT count(*) FROM {temp}").fetchall() == [(5,)]


def test_problems_before_a_truncation_are_not_loaded(tmp_path: Path) -> None:
    text = GOOD.replace("<PrimaryNeedCode>N1<", "<PrimaryNeedCode>X<", 1)
    text = text[: text.index("<LAchildID>P0000002")]
    with pytest.raises(ReaderError) as caught:
        stage_one(put(tmp_path / "cin.xml", text))
    assert [p.column for p in caught.value.problems] == ["ChildIdentifiers"]
    assert "truncated" in caught.value.problems[0].reason


def test_missing_header(tmp_path: Path) -> None:
    text = census(child("P0000001", cin()), header=False)
    with pytest.raises(ReaderError) as caught:
        stage_one(put(tmp_path / "cin.xml", text))
    assert caught.value.problems[0].column == "Header"
    assert caught.value.problems[0].row == 2
    assert "required element missing from Message" in caught.value.problems[0].reason


# -- Mangled input ---------------------------------------------------------------------------------

SEED = census(
    child(
        "P0000001",
        cin(
            "2022-05-01",
            """        <Assessments>
          <AssessmentActualStartDate>2022-05-01</AssessmentActualStartDate>
          <FactorsIdentifiedAtAssessment><AssessmentFactors>3A</AssessmentFactors></FactorsIdentifiedAtAssessment>
        </Assessments>
        <Section47>
          <S47ActualStartDate>2022-05-02</S47ActualStartDate>
          <DateOfInitialCPC>2022-05-20</DateOfInitialCPC>
        </Section47>
        <ChildProtectionPlans>
          <CPPstartDate>2022-05-20</CPPstartDate>
          <Reviews><CPPreviewDate>2022-08-01</CPPreviewDate></Reviews>
        </ChildProtectionPlans>
""",
            DateOfInitialCPC="2022-05-20",
        ),
        chars="\n        <Disabilities><Disability>AUT</Disability></Disabilities>",
    )
    + child("P0000002", cin("2022-06-01", CINclosureDate="2022-07-01", ReasonForClosure="RC8"))
).encode("utf-8")


@st.composite
def mangled(draw: st.DrawFn) -> bytes:
    data = bytearray(SEED)
    how = draw(st.sampled_from(["flip", "truncate", "insert", "delete", "text", "bytes"]))
    if how == "flip":
        for _ in range(draw(st.integers(1, 8))):
            i = draw(st.integers(0, len(data) - 1))
            data[i] ^= 1 << draw(st.integers(0, 7))
    elif how == "truncate":
        data = data[: draw(st.integers(0, len(data)))]
    elif how == "insert":
        i = draw(st.integers(0, len(data)))
        data[i:i] = draw(st.one_of(st.binary(max_size=20), st.text(max_size=20).map(str.encode)))
    elif how == "delete":
        i = draw(st.integers(0, len(data) - 1))
        del data[i : i + draw(st.integers(1, 40))]
    elif how == "text":
        return draw(st.text(max_size=300)).encode("utf-8")
    else:
        return draw(st.binary(max_size=300))
    return bytes(data)


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(content=mangled())
def test_mangled_files_raise_only_reader_errors(tmp_path: Path, content: bytes) -> None:
    path = put(tmp_path / "cin_census_2023.xml", content)
    if cin_census.recognise(path) is None:
        return  # the load would stop with LoadError: not a format it reads
    try:
        stage_one(path)
    except ReaderError as e:
        assert e.problems and all(p.file == str(path) for p in e.problems)


# -- Speed ----------------------------------------------------------------------------------------


def test_reads_3000_children_quickly(tmp_path: Path) -> None:
    con = duckdb.connect()
    db.create_schema(con)
    con.execute(
        """INSERT INTO ssd_person (pers_person_id, pers_dob, pers_sex, pers_ethnicity)
           SELECT printf('P%07d', i), DATE '2010-01-01' + CAST(i AS INTEGER), 'F', 'WBRI'
           FROM range(3000) t(i)"""
    )
    con.execute(
        """INSERT INTO ssd_cin_episodes (cine_referral_id, cine_person_id, cine_referral_date,
               cine_cin_primary_need_code, cine_referral_source_code, cine_referral_nfa)
           SELECT printf('P%07d', i) || '-' || strftime(d, '%Y%m%d'), printf('P%07d', i), d,
                  'N1', '6', 'N'
           FROM (SELECT i, DATE '2022-04-01' + CAST(i % 365 AS INTEGER) AS d FROM range(3000) t(i))"""
    )
    for table, prefix, offset in [
        ("ssd_cin_assessments", "cina", 1),
        ("ssd_cin_plans", "cinp", 20),
    ]:
        what = "assessment" if prefix == "cina" else "cin_plan"
        con.execute(
            f"""INSERT INTO {table} ({prefix}_{what}_id, {prefix}_person_id, {prefix}_referral_id,
                    {prefix}_{what}_start_date,
                    {prefix}_{"assessment_auth" if prefix == "cina" else "cin_plan_end"}_date)
                SELECT cine_person_id || '-' || strftime(d, '%Y%m%d'), cine_person_id,
                       cine_referral_id, d, d + 30
                FROM (SELECT *, cine_referral_date + {offset} AS d FROM ssd_cin_episodes)"""
        )
    (path,) = cin_census.write(con, tmp_path, years=[2023])
    fresh = duckdb.connect()
    started = time.perf_counter()
    staged = cin_census.stage(fresh, [SourceFile(path, "cin_census", "cin_census")])
    took = time.perf_counter() - started
    assert staged.rows[path] == 3000
    assert took < 5, took  # about 0.2 s on a laptop; the bound only catches a pathology
