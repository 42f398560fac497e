"""SSDA903 records held back: code lists by year, the DfE validation rules, and what depends on a
held record. Each case is a small hand-built return with known faults; the tests assert exactly
what was held (rule, row) and what was staged."""

from __future__ import annotations

from pathlib import Path

import pytest

from csc_insight.errors import ReaderError
from csc_insight.formats import ssda903
from csc_insight.formats.base import LoadOptions, SourceFile, Staged
from csc_insight.store import db

EPISODES = (
    "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN"
)
HEADER = "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB"
OC3 = "CHILD,DOB,IN_TOUCH,ACTIV,ACCOM"
REVIEWS = "CHILD,DOB,REVIEW,REVIEW_CODE"


class Return:
    """A return's files written to ``tmp/<year>/``, staged, and what came of it."""

    def __init__(
        self,
        tmp: Path,
        year: int | str,
        options: LoadOptions = LoadOptions(),  # noqa: B008
        **tables: list[str],
    ) -> None:
        folder = tmp / str(year)
        folder.mkdir(parents=True, exist_ok=True)
        heads = {"Episodes": EPISODES, "Header": HEADER, "OC3": OC3, "Reviews": REVIEWS}
        self.paths = {}
        for name, rows in tables.items():
            path = folder / f"{name}.csv"
            path.write_text("\n".join([heads[name], *rows]) + "\n", "utf-8")
            self.paths[name] = path
        self.con = db.connect(tmp / f"s{year}.duckdb")
        files = [SourceFile(p, "ssda903", ssda903.recognise(p) or "") for p in self.paths.values()]
        self.staged: Staged = ssda903.stage(self.con, files, options)

    def held(self) -> list[tuple[str, int | None, str | None, str | None]]:
        return sorted((Path(p.file).stem, p.row, p.column, p.rule) for p in self.staged.held)

    def rows(self, table: str, columns: str) -> list[tuple[object, ...]]:
        temps = self.staged.tables.get(table, [])
        if not temps:
            return []
        return sorted(self.con.execute(f"SELECT {columns} FROM {temps[0]}").fetchall())

    def close(self) -> None:
        self.con.close()


@pytest.fixture
def returns(tmp_path: Path):  # type: ignore[no-untyped-def]
    made: list[Return] = []

    def make(year: int | str, options: LoadOptions = LoadOptions(), **tables: list[str]) -> Return:  # noqa: B008
        r = Return(tmp_path / f"r{len(made)}", year, options, **tables)
        made.append(r)
        return r

    yield make
    for r in made:
        r.close()


# --- code lists by collection year ------------------------------------------------------


@pytest.mark.parametrize(
    ("year", "activ", "held"),
    [
        (2022, "F3", []),  # 2021-22: F3 was still in the list
        (2023, "F3", [("OC3", 2, "ACTIV", "value-code")]),  # gone from 2022-23's
        (2023, "F4", []),
    ],
)
def test_activity_codes_by_year(returns, year: int, activ: str, held: list[object]) -> None:  # type: ignore[no-untyped-def]
    r = returns(
        year, OC3=[f"P1,01/06/{year - 19},YES,{activ},B1", f"P2,01/06/{year - 20},YES,G5,B1"]
    )
    assert r.held() == held
    assert len(r.rows("ssd_care_leavers", "clea_person_id")) == 2 - len(held)
    if held:
        [p] = r.staged.held
        assert p.reason.startswith(f"'F3' is not a code in the {year - 1}-{year % 100:02d} list")
        assert (p.value, p.table) == ("F3", "ssd_care_leavers")


@pytest.mark.parametrize(
    ("year", "place", "rule"),
    [
        (2024, "K3", "value-code"),  # supported accommodation's K3 arrives in 2024-25
        (2025, "K3", None),
        (2025, "Z1", None),
        (2026, "Z1", "value-code"),  # 2025-26 splits Z1 into Z11 to Z14
        (2026, "Z12", None),
    ],
)
def test_placement_types_by_year(returns, year: int, place: str, rule: str | None) -> None:  # type: ignore[no-untyped-def]
    r = returns(year, Episodes=[f"C1,01/05/{year - 1},S,C2,N1,{place},PR1,,,,,,"])
    assert r.held() == ([("Episodes", 2, "PLACE", rule)] if rule else [])


def test_accommodation_codes_are_checked_from_2022_23(returns) -> None:  # type: ignore[no-untyped-def]
    # S1 is in no confirmed list; lists before 2022-23 are not confirmed, so not checked.
    assert returns(2022, OC3=["P1,01/06/2003,YES,F1,S1"]).held() == []
    assert returns(2023, OC3=["P1,01/06/2004,YES,F1,S1"]).held() == [
        ("OC3", 2, "ACCOM", "value-code")
    ]


def test_a_column_mostly_in_another_years_codes_is_refused(returns) -> None:  # type: ignore[no-untyped-def]
    rows = [f"P{i},01/06/2004,YES,F3,B1" for i in range(6)]
    with pytest.raises(ReaderError) as e:
        returns(2023, OC3=rows)
    [p] = e.value.problems
    assert (p.column, p.row) == ("ACTIV", None)
    assert "6 of its 6 codes are not in the 2022-23 list" in p.reason


# --- the DfE's validation rules -----------------------------------------------------------


def test_dfe_rules_on_episodes(returns) -> None:  # type: ignore[no-untyped-def]
    r = returns(
        2024,
        Header=[
            "A,1,01/01/2010,,,,",
            "B,1,01/01/2005,,,,",
            "C,1,01/01/2009,,,,",
            "D,1,01/01/2006,,,,",
            "E,1,01/01/2006,,,,",
            "F,1,01/01/2024,,,,",
        ],
        Episodes=[
            "A,01/05/2023,S,C2,N1,H5,PR4,,,,,,",  # row 2: H5 at 13 (371)
            "B,01/05/2023,S,C2,N1,P2,PR4,01/09/2023,E11,,,,",  # row 3: P2 ended in time
            "B,01/09/2023,S,C2,N1,P2,PR4,,,,,,",  # row 4: P2 open after 28/10/2023 (217t)
            "C,01/05/2023,S,V2,N1,P1,PR0,01/06/2023,E11,,,,",  # row 5: P1 under V2 (378)
            "D,01/05/2023,S,L1,N1,U1,PR1,03/05/2023,X1,,,,",  # row 6: L1 for 2 days
            "D,03/05/2023,L,L1,N1,U1,PR1,08/05/2023,E11,,,,",  # row 7: ... then 3 more (361)
            "E,01/05/2023,S,J2,N1,U1,PR1,01/07/2023,E11,,,,",  # row 8: J2 for 61 days (364)
            "F,01/05/2023,S,C2,N1,U1,PR1,,,,,,",  # row 9: before birth
        ],
    )
    assert r.held() == [
        ("Episodes", 2, "PLACE", "903-371"),
        ("Episodes", 4, "PLACE", "903-217t"),
        ("Episodes", 5, "PLACE", "903-378"),
        ("Episodes", 6, "LS", "903-361"),
        ("Episodes", 7, "LS", "903-361"),
        ("Episodes", 8, "LS", "903-364"),
        ("Episodes", 9, "DECOM", "date-before-birth"),
    ]
    # Row 3 ended before P2 did, and row 4 starts a period of its own.
    assert r.rows("ssd_cla_episodes", "clae_cla_episode_id") == [("B-20230501",)]
    assert len(r.rows("ssd_person", "pers_person_id")) == 6
    reasons = {p.row: p.reason for p in r.staged.held}
    assert reasons[7] == "police protection (L1) for 7 days in a row, longer than 3 days"
    assert reasons[9] == "starts 01/05/2023, before the child was born (01/01/2024)"


def test_217t_applies_from_2023_24_only(returns) -> None:  # type: ignore[no-untyped-def]
    assert returns(2023, Episodes=["B,01/09/2022,S,C2,N1,P2,PR4,,,,,,"]).held() == []


def test_overlapping_and_reversed_episodes(returns) -> None:  # type: ignore[no-untyped-def]
    r = returns(
        2021,
        Episodes=[
            "A,01/05/2020,S,C2,N1,U1,PR1,01/08/2020,X1,,,,",
            "A,01/07/2020,P,C2,N1,U2,PR1,,,,,,",  # row 3 starts before row 2 ended
            "B,01/06/2020,S,C2,N1,U1,PR1,01/05/2020,E11,,,,",  # row 4 ends before it starts
            "C,01/06/2020,S,C2,N1,U1,PR1,,,,,,",
        ],
    )
    assert r.held() == [
        ("Episodes", 2, "CHILD", "depends"),
        ("Episodes", 3, "DECOM", "overlap"),
        ("Episodes", 4, "DEC", "date-order"),
    ]
    assert r.rows("ssd_cla_episodes", "clae_cla_episode_id") == [("C-20200601",)]


def test_oc3_birthdays_outside_17_to_21_are_held(returns) -> None:  # type: ignore[no-untyped-def]
    r = returns(
        2021, OC3=["P1,01/06/2004,YES,F1,B1", "P2,01/06/2003,YES,F1,B1", "P3,01/03/1999,YES,F1,B1"]
    )
    # P1 turns 16 in 2020-21, P2 17; P3 turns 22 on 1 March 2021.
    assert r.held() == [("OC3", 2, "DOB", "903-year"), ("OC3", 4, "DOB", "903-year")]
    assert r.rows("ssd_care_leavers", "clea_person_id") == [("P2",)]


# --- what depends on a held record ------------------------------------------------------


def test_a_held_header_holds_the_childs_records_of_that_year(returns) -> None:  # type: ignore[no-untyped-def]
    r = returns(
        2021,
        Header=["A,1,31/02/2010,,,,", "B,2,01/01/2010,,,,"],
        Episodes=["A,01/05/2020,S,C2,N1,U1,PR1,,,,,,", "B,01/05/2020,S,C2,N1,U1,PR1,,,,,,"],
        Reviews=["A,,01/06/2020,PN1", "B,,01/06/2020,PN1"],
    )
    assert r.held() == [
        ("Episodes", 2, "CHILD", "depends"),
        ("Header", 2, "DOB", "value-date"),
        ("Reviews", 2, "CHILD", "depends"),
    ]
    assert r.rows("ssd_cla_episodes", "clae_person_id") == [("B",)]
    assert r.rows("ssd_cla_reviews", "clar_person_id") == [("B",)]


def test_a_held_episode_holds_its_period_of_care_and_the_reviews_in_it(returns) -> None:  # type: ignore[no-untyped-def]
    r = returns(
        2021,
        Episodes=[
            "A,01/04/2020,S,C2,N1,U1,PR1,01/06/2020,X1,,,,",  # row 2: first period
            "A,01/06/2020,P,C2,N1,QQ,PR1,01/08/2020,X1,,,,",  # row 3: bad placement type
            "A,01/08/2020,P,C2,N1,U2,PR1,01/09/2020,E11,,,,",  # row 4: same period
            "A,01/10/2020,S,C2,N1,U3,PR1,,,,,,",  # row 5: a new period, loads
        ],
        Reviews=["A,,15/05/2020,PN1", "A,,15/10/2020,PN1"],
    )
    assert r.held() == [
        ("Episodes", 2, "CHILD", "depends"),
        ("Episodes", 3, "PLACE", "value-code"),
        ("Episodes", 4, "CHILD", "depends"),
        ("Reviews", 2, "REVIEW", "depends"),
    ]
    assert r.rows("ssd_cla_episodes", "clae_cla_episode_id, clae_cla_id") == [
        ("A-20201001", "A-20201001")
    ]
    assert r.rows("ssd_cla_placement", "clap_cla_placement_id") == [("A-20201001",)]
    assert r.rows("ssd_cla_reviews", "clar_cla_review_id, clar_cla_id") == [
        ("A-20201015", "A-20201001")
    ]
    why = {p.row: p.reason for p in r.staged.held if p.table == "ssd_cla_episodes"}
    assert why[2] == (
        f"in the same period of care as the episode held back at {r.paths['Episodes']} row 3"
    )


def test_an_episode_with_an_unreadable_start_holds_the_childs_episodes(returns) -> None:  # type: ignore[no-untyped-def]
    r = returns(
        2021,
        Episodes=[
            "A,01/04/2020,S,C2,N1,U1,PR1,01/06/2020,X1,,,,",
            "A,1 June 2020,P,C2,N1,U2,PR1,,,,,,",
            "B,01/04/2020,S,C2,N1,U1,PR1,,,,,,",
        ],
    )
    assert r.held() == [("Episodes", 2, "CHILD", "depends"), ("Episodes", 3, "DECOM", "value-date")]


# --- the year of a return -----------------------------------------------------------------


def test_the_year_given_overrides_the_name(returns) -> None:  # type: ignore[no-untyped-def]
    r = returns(2021, LoadOptions(year=2023), OC3=["P1,01/06/2004,YES,F3,B1"])
    assert r.held() == [("OC3", 2, "ACTIV", "value-code")]
    assert r.staged.scopes == {r.paths["OC3"]: "ssda903:OC3:2023"}
    assert r.rows("ssd_care_leavers", "clea_care_leaver_latest_contact") == []


def test_the_year_comes_from_the_episodes_of_an_unnamed_folder(returns) -> None:  # type: ignore[no-untyped-def]
    r = returns(
        "return",
        Episodes=[
            "A,01/04/2019,S,C2,N1,U1,PR1,01/06/2020,X1,,,,",
            "A,01/06/2020,P,C2,N1,U2,PR1,,,,,,",
        ],
        OC3=["P1,01/06/2003,YES,F1,B1"],
    )
    assert set(r.staged.scopes.values()) == {"ssda903:Episodes:2021", "ssda903:OC3:2021"}
    assert r.held() == []
