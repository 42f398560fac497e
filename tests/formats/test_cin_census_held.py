"""CIN census records held back: faults in a child, duplicates, code lists by collection year,
and the DfE validation rules the reader checks. Each test stages a hand-written file and asserts
exactly what was held (rule, line, element) and what was staged."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from csc_insight.formats import cin_census
from csc_insight.formats.base import LoadOptions, SourceFile, Staged
from csc_insight.store import db
from tests.formats.test_cin_census import CP_PLAN, census, child, cin, line_of, put


def stage(
    tmp_path: Path, text: str, options: LoadOptions | None = None
) -> tuple[Staged, duckdb.DuckDBPyConnection, Path]:
    path = put(tmp_path / "cin_census.xml", text)
    con = duckdb.connect()
    staged = cin_census.stage(
        con, [SourceFile(path, "cin_census", "cin_census")], options or LoadOptions()
    )
    return staged, con, path


def keys(con: duckdb.DuckDBPyConnection, staged: Staged, table: str) -> list[str]:
    if table not in staged.tables:
        return []
    return [
        r[0] for r in con.execute(f"SELECT * FROM {staged.tables[table][0]} ORDER BY 1").fetchall()
    ]


def found(problems: list) -> list[tuple[str | None, int | None, str | None]]:
    return [(p.rule, p.row, p.column) for p in problems]


def two(second: str, year: int = 2023) -> str:
    """A census of a good child P0000001 and ``second``."""
    return census(child("P0000001", cin()) + second, year=year)


def assessment(*factors: str, start: str = "2022-05-02", auth: str | None = "2022-06-01") -> str:
    leaves = "".join(f"<AssessmentFactors>{f}</AssessmentFactors>" for f in factors)
    return (
        "        <Assessments>\n"
        f"          <AssessmentActualStartDate>{start}</AssessmentActualStartDate>\n"
        + (
            f"          <AssessmentAuthorisationDate>{auth}</AssessmentAuthorisationDate>\n"
            if auth
            else ""
        )
        + (
            f"          <FactorsIdentifiedAtAssessment>{leaves}</FactorsIdentifiedAtAssessment>\n"
            if factors
            else ""
        )
        + "        </Assessments>\n"
    )


def section47(start: str = "2022-05-02", icpc: str | None = "2022-05-20") -> str:
    conference = f"<DateOfInitialCPC>{icpc}</DateOfInitialCPC>" if icpc else ""
    return (
        f"        <Section47><S47ActualStartDate>{start}</S47ActualStartDate>{conference}"
        "<ICPCnotRequired>false</ICPCnotRequired></Section47>\n"
    )


def cp_plan(start: str = "2022-05-20", review: str = "2022-08-01") -> str:
    return (
        f"        <ChildProtectionPlans><CPPstartDate>{start}</CPPstartDate>"
        "<InitialCategoryOfAbuse>NEG</InitialCategoryOfAbuse>"
        "<LatestCategoryOfAbuse>NEG</LatestCategoryOfAbuse>"
        "<NumberOfPreviousCPP>0</NumberOfPreviousCPP>"
        f"<Reviews><CPPreviewDate>{review}</CPPreviewDate></Reviews></ChildProtectionPlans>\n"
    )


# -- A fault in a child holds back the child ------------------------------------------------------

# (case, the second child, the marker of the fault's line (nth occurrence), element, rule, reason)
FAULTS = [
    ("missing LAchildID", child("").replace("<LAchildID></LAchildID>", ""), ("<ChildIdentifiers>", 2),
     "LAchildID", "value-missing", "required element missing from ChildIdentifiers"),
    ("missing referral date", child("P0000002", cin()).replace("<CINreferralDate>2022-05-01</CINreferralDate>", ""),
     ("<CINdetails>", 2), "CINreferralDate", "value-missing", "required element missing from CINdetails"),
    ("empty referral date", child("P0000002", cin(" ")), ("<CINreferralDate>", 2), "CINreferralDate",
     "value-missing", "value missing"),
    ("impossible date", child("P0000002", cin("2022-02-30")), ("2022-02-30", 1), "CINreferralDate",
     "value-date", "'2022-02-30' is not a date: 30 February does not exist (expected yyyy-mm-dd)"),
    ("day-first date", child("P0000002", cin(CINclosureDate="01/06/2022")), ("01/06/2022", 1), "CINclosureDate",
     "value-date", "'01/06/2022' is not a date: it is written day first (expected yyyy-mm-dd, e.g. 2022-06-01)"),
    ("two-digit year", child("P0000002", cin(CINclosureDate="05/05/19")), ("05/05/19", 1), "CINclosureDate",
     "value-date", "a two-digit year is ambiguous"),
    ("date out of range", child("P0000002", cin("1822-06-01")), ("1822-06-01", 1), "CINreferralDate",
     "value-date", "only dates from 1900 to 2100 are accepted"),
    ("bad primary need", child("P0000002", cin(PrimaryNeedCode="N10")), (">N10<", 1), "PrimaryNeedCode",
     "value-code", "not a valid code: 'N10' (expected one of N0, N1"),
    ("bad referral source", child("P0000002", cin(ReferralSource="11")), (">11<", 1), "ReferralSource",
     "value-code", "from the 2022-23 list)"),
    ("bad closure reason", child("P0000002", cin(CINclosureDate="2022-06-01", ReasonForClosure="RC10")),
     ("RC10", 1), "ReasonForClosure", "value-code", "not a valid code: 'RC10'"),
    ("bad category of abuse", child("P0000002", cin(inner=CP_PLAN)), (">SEX<", 1), "InitialCategoryOfAbuse",
     "value-code", "not a valid code: 'SEX'"),
    ("bad yes/no", child("P0000002", cin(ReferralNFA="maybe")), ("maybe", 1), "ReferralNFA", "value-code",
     "not a yes/no value: 'maybe' (expected true, false, 1 or 0)"),
    ("bad GenderCurrent", child("P0000002").replace("<GenderCurrent>1<", "<GenderCurrent>3<"),
     ("<GenderCurrent>3", 1), "GenderCurrent", "value-code", "expected one of 1, 2, 0, 9, from the 2022-23 list"),
    ("Sex before 2024-25", child("P0000002", ids="\n        <Sex>F</Sex>"), ("<Sex>", 1), "Sex", "value-code",
     "Sex is not in the 2022-23 specification: the child's sex is given as GenderCurrent (1, 2, 0, 9)"),
    ("factor never in a list", child("P0000002", cin(inner=assessment("99Z"))), ("99Z", 1), "AssessmentFactors",
     "value-code", "not a valid code: '99Z'"),
    ("element twice, two values", child("P0000002", cin(inner="        <PrimaryNeedCode>N2</PrimaryNeedCode>\n")),
     (">N2<", 1), "PrimaryNeedCode", "key-conflict", "element appears more than once, with different values"),
    ("too long an id", child("P" * 150, cin()), ("P" * 150, 1), "LAchildID", "value-too-long",
     "150 characters long: no census value is longer than 100"),
    ("a tab in an id", child("P000\t0002", cin()), ("P000\t", 1), "LAchildID", "value-control",
     "'P000\\t0002' holds a control character"),
    ("a DEL in an id", child("P000\x7f0002", cin()), ("P000\x7f", 1), "LAchildID", "value-control",
     "holds a control character"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("second", "at", "column", "rule", "reason"),
    [f[1:] for f in FAULTS],
    ids=[f[0] for f in FAULTS],
)
def test_a_fault_holds_back_the_child_and_the_rest_loads(
    tmp_path: Path, second: str, at: tuple[str, int], column: str, rule: str, reason: str
) -> None:
    text = two(second)
    staged, con, path = stage(tmp_path, text)
    child_line = line_of(text, "<Child>", 2)
    assert found(staged.held) == [
        (rule, line_of(text, *at), column),
        ("depends", child_line, "LAchildID"),
    ]
    fault = staged.held[0]
    assert reason in fault.reason
    assert fault.file == str(path)
    assert keys(con, staged, "ssd_person") == ["P0000001"]
    assert keys(con, staged, "ssd_cin_episodes") == ["P0000001-20220501"]
    assert staged.notes == []


def test_what_a_held_problem_carries(tmp_path: Path) -> None:
    text = two(child("P0000002", cin(PrimaryNeedCode="N10")))
    staged, _, path = stage(tmp_path, text)
    fault, depends = staged.held
    assert (fault.value, fault.table, fault.rule) == ("N10", "ssd_cin_episodes", "value-code")
    assert (depends.value, depends.table, depends.key) == ("P0000002", "ssd_person", "P0000002")
    assert staged.scopes == {path: "cin_census:cin_census:2023"}
    assert staged.rows == {path: 2}


def test_a_9_mb_id_is_held_back_and_cut_short_in_the_problem(tmp_path: Path) -> None:
    text = two(child("P" * 9_000_000, cin()))
    staged, con, _ = stage(tmp_path, text)
    assert [p.rule for p in staged.held] == ["value-too-long", "depends"]
    assert len(staged.held[0].value or "") == 200
    assert "9,000,000 characters long" in staged.held[0].reason
    assert keys(con, staged, "ssd_person") == ["P0000001"]


# -- Duplicates ---------------------------------------------------------------------------------


def test_the_same_disability_twice_is_loaded_once(tmp_path: Path) -> None:
    chars = "\n        <Disabilities><Disability>AUT</Disability>\n<Disability>aut</Disability></Disabilities>"
    text = two(child("P0000002", cin(), chars=chars))
    staged, con, _ = stage(tmp_path, text)
    assert staged.held == []
    assert found(staged.notes) == [
        ("row-duplicate", line_of(text, "<Disability>aut"), "Disability")
    ]
    assert (
        staged.notes[0].reason
        == f"the same record as line {line_of(text, '<Disability>AUT')}: loaded once"
    )
    assert keys(con, staged, "ssd_disability") == ["P0000002-AUT"]


def test_the_same_child_twice_is_loaded_once(tmp_path: Path) -> None:
    second = child("P0000002", cin(inner=assessment("3A")))
    text = two(second + second)
    staged, con, _ = stage(tmp_path, text)
    assert staged.held == []
    assert sorted(found(staged.notes), key=lambda f: f[1] or 0) == [
        ("row-duplicate", line_of(text, "<LAchildID>P0000002", 2), "LAchildID"),
        ("row-duplicate", line_of(text, "<CINreferralDate>", 3), "CINreferralDate"),
        (
            "row-duplicate",
            line_of(text, "<AssessmentActualStartDate>", 2),
            "AssessmentActualStartDate",
        ),
    ]
    assert keys(con, staged, "ssd_person") == ["P0000001", "P0000002"]
    assert keys(con, staged, "ssd_cin_assessments") == ["P0000002-20220502"]


def test_two_children_with_one_id_and_different_values_are_both_held_back(tmp_path: Path) -> None:
    other = child("P0000002", cin()).replace("2015-06-01", "2016-06-01")
    text = two(child("P0000002", cin()) + other + child("P0000003", cin()))
    staged, con, _ = stage(tmp_path, text)
    assert found(staged.held) == [
        ("key-conflict", line_of(text, "<LAchildID>P0000002", 2), "LAchildID"),
        ("depends", line_of(text, "<Child>", 2), "LAchildID"),
        ("depends", line_of(text, "<Child>", 3), "LAchildID"),
    ]
    assert "with different values; either child's records in this file are held back" in (
        staged.held[0].reason
    )
    assert keys(con, staged, "ssd_person") == ["P0000001", "P0000003"]


def test_two_referrals_of_one_child_on_one_day_hold_back_the_child(tmp_path: Path) -> None:
    text = two(child("P0000002", cin("2022-06-01"), cin("2022-06-01", PrimaryNeedCode="N2")))
    staged, con, _ = stage(tmp_path, text)
    assert found(staged.held) == [
        ("key-conflict", line_of(text, "<CINreferralDate>2022-06-01", 2), "CINreferralDate"),
        ("depends", line_of(text, "<Child>", 2), "LAchildID"),
    ]
    assert "this child's records in this file are held back" in staged.held[0].reason
    assert keys(con, staged, "ssd_cin_episodes") == ["P0000001-20220501"]


# -- Code lists and elements by collection year ---------------------------------------------------


def factor_file(code: str, year: int) -> str:
    referral = f"{year - 1}-05-01"
    text = two(
        child(
            "P0000002",
            cin(referral, inner=assessment(code, start=referral, auth=f"{year - 1}-06-01")),
        ),
        year=year,
    )
    if year >= 2025:  # Sex replaced GenderCurrent
        text = text.replace("<GenderCurrent>1</GenderCurrent>", "<Sex>M</Sex>")
    return text


@pytest.mark.parametrize(
    ("code", "year", "reason"),
    [
        ("18A", 2020, None),
        ("18A", 2019, None),
        ("18B", 2021, None),
        ("24A", 2022, None),
        ("24A", 2025, None),
        ("24A", 2020, "from the 2019-20 list); it was a code in 2021-22 to 2024-25"),
        ("18A", 2023, "from the 2022-23 list); it was a code in 2018-19 to 2019-20"),
        ("18B", 2020, "from the 2019-20 list); it was a code in 2020-21 to 2024-25"),
        ("99Z", 2023, "from the 2022-23 list)"),
    ],
)
def test_assessment_factors_by_year(
    tmp_path: Path, code: str, year: int, reason: str | None
) -> None:
    text = factor_file(code, year)
    staged, con, path = stage(tmp_path, text)
    assert staged.scopes[path] == f"cin_census:cin_census:{year}"
    if reason is None:
        assert staged.held == []
        assert keys(con, staged, "ssd_cin_assessments") == [f"P0000002-{year - 1}0501"]
    else:
        assert found(staged.held) == [
            ("value-code", line_of(text, f">{code}<"), "AssessmentFactors"),
            ("depends", line_of(text, "<Child>", 2), "LAchildID"),
        ]
        assert staged.held[0].reason.endswith(reason)
        assert keys(con, staged, "ssd_person") == ["P0000001"]


@pytest.mark.parametrize(("year", "held"), [(2021, ["value-code", "depends"]), (2022, [])])
def test_referral_source_5d_from_2021_22(tmp_path: Path, year: int, held: list[str]) -> None:
    text = two(child("P0000002", cin(f"{year - 1}-06-01", ReferralSource="5D")), year=year)
    staged, _, _ = stage(tmp_path, text)
    assert [p.rule for p in staged.held] == held
    if held:
        assert staged.held[0].reason.endswith("; it was a code in 2021-22 to 2024-25")


def test_the_year_given_overrides_the_header(tmp_path: Path) -> None:
    text = factor_file("18A", 2023)
    staged, con, path = stage(tmp_path, text, LoadOptions(year=2020))
    assert staged.held == []
    assert staged.scopes[path] == "cin_census:cin_census:2020"
    assert keys(con, staged, "ssd_cin_assessments") == ["P0000002-20220501"]


def test_sex_by_year(tmp_path: Path) -> None:
    people = "".join(
        child(f"P000000{i}").replace("<GenderCurrent>1<", f"<GenderCurrent>{code}<")
        for i, code in enumerate("1209", start=1)
    )
    staged, con, _ = stage(tmp_path, census(people))
    assert staged.held == []
    sexes = con.execute(
        f"SELECT pers_sex FROM {staged.tables['ssd_person'][0]} ORDER BY 1"
    ).fetchall()
    assert [s for (s,) in sexes] == ["F", "M", "U", "U"]

    # 2024-25: Sex (F, M, U) replaced GenderCurrent.
    def sex(pid: str, code: str) -> str:
        return child(pid).replace("<GenderCurrent>1</GenderCurrent>", f"<Sex>{code}</Sex>")

    text = census(
        sex("P0000001", "f") + sex("P0000002", "U") + sex("P0000003", "I") + child("P0000004"),
        year=2025,
    )
    staged, con, _ = stage(tmp_path, text)
    assert found(staged.held) == [
        ("value-code", line_of(text, "<Sex>I"), "Sex"),
        ("value-code", line_of(text, "<GenderCurrent>"), "GenderCurrent"),
        ("depends", line_of(text, "<Child>", 3), "LAchildID"),
        ("depends", line_of(text, "<Child>", 4), "LAchildID"),
    ]
    assert "from the 2024-25 list" in staged.held[0].reason
    assert staged.held[1].reason.startswith("GenderCurrent is not in the 2024-25 specification")
    people = con.execute(
        f"SELECT pers_person_id, pers_sex FROM {staged.tables['ssd_person'][0]} ORDER BY 1"
    )
    assert people.fetchall() == [("P0000001", "F"), ("P0000002", "U")]


def test_the_writer_writes_sex_from_2024_25(tmp_path: Path) -> None:
    con = duckdb.connect()
    db.create_schema(con)
    con.execute(
        "INSERT INTO ssd_person (pers_person_id, pers_sex, pers_ethnicity) VALUES ('P1', 'I', 'WBRI')"
    )
    con.execute(
        """INSERT INTO ssd_cin_episodes (cine_referral_id, cine_person_id, cine_referral_date,
           cine_referral_source_code, cine_referral_nfa) VALUES ('P1-20240301', 'P1', DATE '2024-03-01', '6', 'N')"""
    )
    (y2024,) = cin_census.write(con, tmp_path / "a", years=[2024])
    (y2025,) = cin_census.write(con, tmp_path / "b", years=[2025])
    assert "<GenderCurrent>9</GenderCurrent>" in y2024.read_text("utf-8")
    assert "<Sex>U</Sex>" in y2025.read_text("utf-8") and "GenderCurrent" not in y2025.read_text(
        "utf-8"
    )
    staged, fresh, _ = stage(tmp_path, y2025.read_text("utf-8"))
    assert staged.held == []
    assert fresh.execute(f"SELECT pers_sex FROM {staged.tables['ssd_person'][0]}").fetchall() == [
        ("U",)
    ]


# -- DfE validation rules -------------------------------------------------------------------------


def test_rule_2884_conference_at_both_levels(tmp_path: Path) -> None:
    text = two(
        child("P0000002", cin("2022-05-01", section47() + cp_plan(), DateOfInitialCPC="2022-05-20"))
    )
    staged, con, _ = stage(tmp_path, text)
    assert found(staged.held) == [
        ("cin-2884", line_of(text, "<DateOfInitialCPC>2022-05-20"), "DateOfInitialCPC")
    ]
    p = staged.held[0]
    assert (p.value, p.table, p.key) == (
        "2022-05-20",
        "ssd_initial_cp_conference",
        "P0000002-20220520",
    )
    assert p.reason == (
        "the initial child protection conference of 2022-05-20 is recorded at both the section 47 "
        f"(line {line_of(text, '<DateOfInitialCPC>2022-05-20', 2)}) and the CIN details level, and it "
        "should only be recorded in one (DfE CIN rule 2884): the conference is held back"
    )
    # The enquiry, the plan and its review load; the plan without the held conference.
    assert keys(con, staged, "ssd_initial_cp_conference") == []
    assert keys(con, staged, "ssd_s47_enquiry") == ["P0000002-20220502"]
    plans = con.execute(
        f"SELECT cppl_cp_plan_id, cppl_icpc_id FROM {staged.tables['ssd_cp_plans'][0]}"
    )
    assert plans.fetchall() == [("P0000002-20220520", None)]
    assert keys(con, staged, "ssd_cp_reviews") == ["P0000002-20220801"]


def test_rule_2885_plan_starting_on_another_day(tmp_path: Path) -> None:
    text = two(
        child(
            "P0000002",
            cin("2022-05-01", section47() + cp_plan("2022-05-21")),
            # started before the year: the census of its own year checked it
            cin(
                "2021-05-01",
                cp_plan("2021-05-21", review="2022-05-01"),
                CINclosureDate="2022-09-01",
            ),
        )
    )
    staged, con, _ = stage(tmp_path, text)
    assert found(staged.held) == [("cin-2885", line_of(text, "2022-05-21"), "CPPstartDate")]
    assert staged.held[0].reason == (
        "child protection plan shown as starting a different day (2022-05-21) to the initial "
        "child protection conference of its CIN details (2022-05-20) (DfE CIN rule 2885): the plan "
        "and its reviews are held back"
    )
    assert keys(con, staged, "ssd_cp_plans") == ["P0000002-20210521"]
    assert keys(con, staged, "ssd_cp_reviews") == ["P0000002-20220501"]
    conference = con.execute(
        f"SELECT icpc_icpc_id, icpc_cp_plan_id, icpc_icpc_outcome_cp_flag FROM {staged.tables['ssd_initial_cp_conference'][0]}"
    )
    assert conference.fetchall() == [("P0000002-20220520", None, "N")]


def test_rule_2990_activity_on_a_case_closed_with_no_further_action(tmp_path: Path) -> None:
    closed = cin(
        "2022-06-01",
        assessment("21", start="2022-06-01", auth="2022-06-10") + section47("2022-06-02", None),
        CINclosureDate="2022-06-20",
        ReasonForClosure="RC8",
    )
    # Closed the same way after an assessment alone: nothing wrong.
    fine = cin("2022-09-01", assessment("21", start="2022-09-01", auth="2022-09-05"),
               CINclosureDate="2022-09-10", ReasonForClosure="rc8")  # fmt: skip
    text = two(child("P0000002", closed, fine))
    staged, con, _ = stage(tmp_path, text)
    assert found(staged.held) == [("cin-2990", line_of(text, "RC8"), "ReasonForClosure")]
    assert staged.held[0].reason == (
        "activity is recorded against a case marked as 'Case closed after assessment, no further "
        f"action': a section 47 enquiry (line {line_of(text, '<Section47>')}) (DfE CIN rule 2990): "
        "the episode and its records are held back"
    )
    assert keys(con, staged, "ssd_cin_episodes") == ["P0000001-20220501", "P0000002-20220901"]
    assert keys(con, staged, "ssd_cin_assessments") == ["P0000002-20220901"]
    assert keys(con, staged, "ssd_s47_enquiry") == []
    assert keys(con, staged, "ssd_person") == ["P0000001", "P0000002"]


def test_rule_8897_completed_assessment_without_factors(tmp_path: Path) -> None:
    inner = (
        assessment(start="2022-05-02", auth="2022-06-01")  # held
        + assessment(start="2022-03-01", auth="2022-03-20")  # completed before the year
        + assessment(start="2022-07-01", auth=None)  # not completed
        + assessment("21", start="2022-08-01", auth="2022-08-05")  # "no factors identified"
    )
    text = two(child("P0000002", cin("2022-02-01", inner)))
    staged, con, _ = stage(tmp_path, text)
    assert found(staged.held) == [("cin-8897", line_of(text, "2022-06-01"), "AssessmentFactors")]
    assert staged.held[0].reason == (
        "parental or child factors at assessment information is missing from a completed "
        "assessment (authorised 2022-06-01) (DfE CIN rule 8897): the assessment is held back"
    )
    assert keys(con, staged, "ssd_cin_assessments") == [
        "P0000002-20220301",
        "P0000002-20220701",
        "P0000002-20220801",
    ]


def test_transfer_in_conference_and_its_plan_still_link(tmp_path: Path) -> None:
    text = two(
        child("P0000002", cin("2022-06-01", cp_plan("2022-06-10"), DateOfInitialCPC="2022-06-10"))
    )
    staged, con, _ = stage(tmp_path, text)
    assert staged.held == []
    rows = con.execute(
        f"SELECT icpc_icpc_id, icpc_cp_plan_id, icpc_icpc_transfer_in FROM {staged.tables['ssd_initial_cp_conference'][0]}"
    ).fetchall()
    # The plan starts on the conference's day (no rule 2885): the conference led to it.
    assert rows == [("P0000002-20220610", "P0000002-20220610", "Y")]
