"""DfE published tables: areas, symbols, filters, the neighbours' average."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import pytest

from csc_insight.comparators import dfe, store
from csc_insight.errors import CscError, ReaderError

WHO = dfe.Authority("E09000008", "Croydon", "London", ("E09000001", "E09000002", "E09000003"))
MAPS = [
    dfe.Mapping("FD 8", "re_referral_pct", ()),
    dfe.Mapping("AMT 2", "percent", (("social_care_group", "Within 45 days"),)),
]
HEADER = "time_period,time_identifier,geographic_level,country_code,country_name,region_code,region_name,old_la_code,new_la_code,la_name,social_care_group,re_referral_pct,percent"


def csv_file(tmp_path: Path, lines: list[str]) -> Path:
    p = tmp_path / "dfe.csv"
    p.write_text("\n".join([HEADER, *lines]) + "\n", encoding="utf-8")
    return p


def test_areas_symbols_filters_and_average(tmp_path: Path) -> None:
    f = csv_file(
        tmp_path,
        [
            "202021,Financial year,National,E92000001,England,,,,,,Within 45 days,22.7,88",
            "202021,Financial year,Regional,E92000001,England,E12000007,London,,,,Within 45 days,18.9,87",
            "202021,Financial year,Regional,E92000001,England,E12000006,East of England,,,,Within 45 days,21,80",
            "202021,Financial year,Local authority,E92000001,England,E12000007,London,306,E09000008,Croydon,Within 45 days,26.1,77",
            "202021,Financial year,Local authority,E92000001,England,E12000007,London,201,E09000001,A,Within 45 days,20,90",
            "202021,Financial year,Local authority,E92000001,England,E12000007,London,202,E09000002,B,Within 45 days,c,c",
            "202021,Financial year,Local authority,E92000001,England,E12000007,London,203,E09000003,C,Within 45 days,16,70",
            "202021,Financial year,Local authority,E92000001,England,E12000007,London,999,E09000099,Z,Within 45 days,1,1",
        ],
    )
    rows = {(r[0], r[2], r[3]): r for r in dfe.read_file(f, WHO, MAPS)}
    assert rows[("FD 8", "england", None)][5] == 22.7
    assert rows[("FD 8", "region", None)][5] == 18.9  # London only, not the East of England
    assert rows[("FD 8", "own", "E09000008")][1] == "2020-21"
    assert rows[("FD 8", "neighbour", "E09000002")][5:] == (
        None,
        "c",
    )  # suppressed: a symbol, not 0
    sn = rows[("FD 8", "stat_neighbours", None)]
    assert sn[5] == pytest.approx((20 + 16) / 2)  # the suppressed neighbour is left out
    assert sn[4] == "average of 2 of 3 neighbours"
    assert rows[("AMT 2", "stat_neighbours", None)][5] == pytest.approx((90 + 70) / 2)
    assert not any(r[3] == "E09000099" for r in rows.values())  # not a neighbour


def test_filters_pick_one_row_and_an_unfiltered_mapping_is_refused(tmp_path: Path) -> None:
    f = csv_file(
        tmp_path,
        [
            "202021,Financial year,Local authority,E92000001,England,E12000007,London,203,E09000003,C,Within 45 days,16,70",
            "202021,Financial year,Local authority,E92000001,England,E12000007,London,203,E09000003,C,Other group,99,99",
        ],
    )
    # AMT 2 filters on the group, so the 'Other group' row (99) is not used...
    rows = dfe.read_file(f, WHO, [MAPS[1]])
    assert [r[5] for r in rows if r[2] == "neighbour"] == [70]
    # ...but FD 8 has no filter, so two rows for one area are ambiguous: an error, not a sum.
    with pytest.raises(ReaderError) as e:
        dfe.read_file(f, WHO, [MAPS[0]])
    assert (e.value.problems[0].row, e.value.problems[0].column) == (3, "re_referral_pct")
    assert "add a filter" in e.value.problems[0].reason


def test_reporting_year_periods() -> None:
    assert dfe.period_label("2021", "Reporting year") == "2020-21"
    assert dfe.period_label("202122") == "2021-22"


def test_bad_value_names_row_and_column(tmp_path: Path) -> None:
    f = csv_file(
        tmp_path, ["202021,Financial year,National,E92000001,England,,,,,,Within 45 days,twenty,88"]
    )
    with pytest.raises(ReaderError) as e:
        dfe.read_file(f, WHO, MAPS)
    p = e.value.problems[0]
    assert (p.row, p.column) == (2, "re_referral_pct")


def test_not_a_dfe_file(tmp_path: Path) -> None:
    f = tmp_path / "x.csv"
    f.write_text("a,b\n1,2\n")
    with pytest.raises(ReaderError, match="time_period"):
        dfe.read_file(f, WHO, MAPS)


def test_latest_prefers_dfe_over_the_bundled_seed_figures(tmp_path: Path) -> None:
    con = duckdb.connect()
    store.load_bundled(con)
    assert store.latest(con, "FD 8")["own"].value == 18  # seed pack, 2019-20
    con.execute("BEGIN")
    store.replace(con, "dfe", [("FD 8", "2019-20", "own", "E09000008", "Croydon", 18.4, None)])
    con.execute("COMMIT")
    latest = store.latest(con, "FD 8", as_of=date(2020, 3, 31))
    assert (latest["own"].value, latest["own"].source) == (18.4, "dfe")
    assert latest["stat_neighbours"].value == 19  # only the seed has it
    assert latest["england"].value == 22.6  # the DfE's bundled figure, over the seed's 23
    store.load_bundled(con)  # loading again replaces, never duplicates
    assert (
        con.execute(
            "SELECT count(*) FROM comparators WHERE source = 'seed pack' AND indicator_id = 'FD 8'"
        ).fetchall()[0][0]
        == 4
    )


# (code, what the message must say): the form of an LA code, and the known code nearest a typo.
LA_CODE_CASES = [
    ("E0900008", ["E followed by 8 digits", "e.g. E09000008", "did you mean E09000008 (Croydon)?"]),
    ("E090000088", ["E followed by 8 digits", "did you mean E09000008 (Croydon)?"]),
    ("e09000008", ["E followed by 8 digits", "did you mean E09000008 (Croydon)?"]),
    ("Croydon", ["E followed by 8 digits", "bundled neighbours list: E09000008 (Croydon)"]),
    ("E09000009", ["no statistical neighbours for E09000009", "did you mean E09000008"]),
]


@pytest.mark.parametrize(("code", "says"), LA_CODE_CASES)
def test_la_code_errors_name_the_form_and_the_known_code(code: str, says: list[str]) -> None:
    with pytest.raises(CscError) as e:
        dfe.authority(code)
    for text in says:
        assert text in str(e.value)


def test_la_code_must_be_one_the_given_neighbours_yaml_knows(tmp_path: Path) -> None:
    f = tmp_path / "n.yaml"
    f.write_text(
        "authorities:\n"
        "  E08000025: {name: Birmingham, region: West Midlands, neighbours: [E08000026]}\n"
        "  E06000001: {name: Hartlepool, region: North East, neighbours: []}\n"
    )
    assert dfe.authority(" E08000025 ", f).neighbours == ("E08000026",)
    with pytest.raises(CscError, match=r"in .*n\.yaml; did you mean E08000025 \(Birmingham\)"):
        dfe.authority("E0800025", f)
    with pytest.raises(CscError) as e:
        dfe.authority("802", f)  # an old LA code: no known code is near, so all are listed
    assert "E06000001 (Hartlepool), E08000025 (Birmingham)" in str(e.value)


def test_a_malformed_neighbour_code_in_the_yaml_is_refused(tmp_path: Path) -> None:
    f = tmp_path / "n.yaml"
    f.write_text("authorities:\n  E09000008: {name: Croydon, neighbours: [E0900009]}\n")
    with pytest.raises(CscError, match="'E0900009', not new LA codes"):
        dfe.authority("E09000008", f)
