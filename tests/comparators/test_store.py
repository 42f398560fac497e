"""The comparators table: period ends, the as_of rule, precedence and the bundled figures."""

from __future__ import annotations

from datetime import date

import duckdb
import pytest

from csc_insight.comparators import store
from csc_insight.comparators.store import Comparator
from csc_insight.indicators import catalogue


@pytest.fixture
def con() -> duckdb.DuckDBPyConnection:
    return duckdb.connect()


def put(con: duckdb.DuckDBPyConnection, source: str, rows: list[store.Row]) -> None:
    con.execute("BEGIN")
    store.replace(con, source, rows)
    con.execute("COMMIT")


@pytest.mark.parametrize(
    ("label", "end"),
    [
        ("2019-20", date(2020, 3, 31)),
        ("1999-00", date(2000, 3, 31)),
        ("2020-21", date(2021, 3, 31)),
        ("2019-21", None),  # not a financial year
        ("2020", None),  # a bare year: 31 March or 30 September, depending on the publication
        ("2020-2021", None),
        ("", None),
    ],
)
def test_period_end_from_label(label: str, end: date | None) -> None:
    assert store.period_end(label) == end


# (as_of, the England figure latest() gives): a period ending on the as_of day is kept, one ending
# the day after is not; with no as_of the latest of all.
AS_OF_CASES = [
    (None, 22.7),
    (date(2021, 3, 31), 22.7),  # 2020-21 ends that day
    (date(2021, 3, 30), 22.6),
    (date(2021, 1, 31), 22.6),  # a pack for January 2021 is not compared with 2020-21
    (date(2020, 3, 31), 22.6),
    (date(2020, 3, 30), None),  # nothing had ended yet
]


@pytest.mark.parametrize(("as_of", "england"), AS_OF_CASES)
def test_latest_leaves_out_periods_ending_after_as_of(
    con: duckdb.DuckDBPyConnection, as_of: date | None, england: float | None
) -> None:
    put(
        con,
        store.IMPORTED,
        [
            ("FD 8", "2019-20", "england", None, None, 22.6, None),
            ("FD 8", "2020-21", "england", None, None, 22.7, None),
        ],
    )
    got = store.latest(con, "FD 8", as_of=as_of).get("england")
    assert (got.value if got else None) == england


def test_a_census_counts_from_its_own_end_date(con: duckdb.DuckDBPyConnection) -> None:
    # The workforce census at 30 September 2020 is "2020": its end is stated, not guessed.
    store.load_bundled(con)
    assert store.latest(con, "WF 14", as_of=date(2020, 9, 29))["england"].time_period == "2019"
    on_the_day = store.latest(con, "WF 14", as_of=date(2020, 9, 30))["england"]
    assert (on_the_day.time_period, on_the_day.period_end) == ("2020", date(2020, 9, 30))
    assert store.latest(con, "WF 14", as_of=date(2020, 3, 31))["england"].period_end == date(
        2019, 9, 30
    )


def test_each_kind_of_area_has_its_own_latest_period(con: duckdb.DuckDBPyConnection) -> None:
    put(
        con,
        store.IMPORTED,
        [
            ("CP 11", "2019-20", "stat_neighbours", None, None, 17.6, None),
            ("CP 11", "2019-20", "england", None, None, 21.9, None),
            ("CP 11", "2020-21", "england", None, None, 22.1, None),
        ],
    )
    got = store.latest(con, "CP 11", as_of=date(2021, 3, 31))
    assert got["england"] == Comparator("2020-21", 22.1, None, "dfe", None, date(2021, 3, 31))
    assert got["stat_neighbours"].time_period == "2019-20"  # kept, with its own year


def test_a_figure_with_no_known_end_is_never_shown_against_a_month(
    con: duckdb.DuckDBPyConnection,
) -> None:
    put(con, store.IMPORTED, [("W1", "2020", "england", None, None, 16.3, None)])
    assert store.latest(con, "W1", as_of=date(2030, 1, 31)) == {}
    assert store.latest(con, "W1")["england"].value == 16.3  # no month to protect


def test_precedence_for_one_period(con: duckdb.DuckDBPyConnection) -> None:
    # FD 8 England 2019-20: the seed pack printed 23, the DfE published 22.6; a DfE file wins all.
    store.load_bundled(con)
    england = store.latest(con, "FD 8", as_of=date(2020, 3, 31))["england"]
    assert (england.value, england.source.startswith("DfE Children in need")) == (22.6, True)
    put(con, store.IMPORTED, [("FD 8", "2019-20", "england", None, None, 22.5, None)])
    assert store.latest(con, "FD 8", as_of=date(2020, 3, 31))["england"].source == "dfe"


def test_bundled_file_loads_and_names_only_catalogue_indicators() -> None:
    ids = {ind.id for ind in catalogue.load()}
    for name in store.BUNDLED_FILES:
        rows = store.bundled_rows(name)
        assert rows, name
        unknown = {row[0] for row, _, _ in rows} - ids
        assert not unknown, f"{name}: not in the catalogue: {sorted(unknown)}"
        for row, source, end in rows:
            assert row[2] in store.AREA_KINDS and row[5] is not None and source, row
            assert end is not None, row  # every figure can be dated against a pack's month


def test_bundled_dfe_figures_say_where_they_come_from() -> None:
    rows = store.bundled_rows("dfe-published.csv")
    assert {source for _, source, _ in rows} == {s for _, s, _ in rows if s.startswith("DfE ")}
    workforce = {row[1]: end for row, _, end in rows if row[0] == "WF 15"}
    assert workforce == {"2019": date(2019, 9, 30), "2020": date(2020, 9, 30)}


def test_load_bundled_replaces_bundled_figures_and_keeps_imported_ones(
    con: duckdb.DuckDBPyConnection,
) -> None:
    n = store.load_bundled(con)
    put(con, store.IMPORTED, [("FD 8", "2020-21", "own", "E09000008", "Croydon", 18.6, None)])
    con.execute("UPDATE comparators SET value = -1 WHERE source <> 'dfe'")  # stale bundled rows
    assert store.load_bundled(con) == n
    count, low = con.execute(
        "SELECT count(*), min(value) FROM comparators WHERE source <> 'dfe'"
    ).fetchall()[0]
    assert (count, low > 0) == (n, True)
    assert store.latest(con, "FD 8")["own"].value == 18.6


def test_a_store_made_before_period_end_is_read_and_then_migrated(
    con: duckdb.DuckDBPyConnection,
) -> None:
    con.execute(
        """CREATE TABLE comparators (indicator_id VARCHAR, time_period VARCHAR,
           area_kind VARCHAR, area_code VARCHAR, area_name VARCHAR, value DOUBLE,
           symbol VARCHAR, source VARCHAR, loaded_at TIMESTAMP)"""
    )
    con.execute(
        "INSERT INTO comparators VALUES ('CP 11', '2019-20', 'england', NULL, NULL, 21.9, NULL,"
        " 'dfe', now())"
    )
    # Read as it is (a report may hold the store read-only): the end comes from the label.
    assert store.latest(con, "CP 11", as_of=date(2020, 3, 31))["england"].value == 21.9
    assert store.latest(con, "CP 11", as_of=date(2020, 3, 30)) == {}
    store.load_bundled(con)  # the next write adds the column and dates the old rows
    assert con.execute("SELECT period_end FROM comparators WHERE source = 'dfe'").fetchall() == [
        (date(2020, 3, 31),)
    ]


#: The DfE's published England counts behind the bundled workforce rates (csww_indicators,
#: reporting years 2019 and 2020): in-post FTE, leavers FTE, agency FTE.
CSWW_ENGLAND = {"2019": (30683.8, 4607.5, 5753.5), "2020": (31852.3, 4294.2, 5800.9)}


@pytest.mark.parametrize("year", sorted(CSWW_ENGLAND))
def test_bundled_workforce_rates_are_the_dfe_formulas_on_its_counts(year: str) -> None:
    """WF turnover = leavers FTE / in-post FTE; WF 14 FTE = agency FTE / (agency + in-post FTE),
    as their catalogue entries define them: the bundled England figures are those, rounded."""
    rows = {
        (row[0], row[1], row[2]): row[5] for row, _, _ in store.bundled_rows("dfe-published.csv")
    }
    in_post, leavers, agency = CSWW_ENGLAND[year]
    assert rows["WF turnover", year, "england"] == round(100 * leavers / in_post, 1)
    assert rows["WF 14 FTE", year, "england"] == round(100 * agency / (agency + in_post), 1)


def test_bundled_care_leavers_are_by_the_dfe_s_age_groups() -> None:
    """CL 1 / CL 2 are the DfE's 19 to 21 figures and CL 1 17-18 / CL 2 17-18 its 17 to 18 ones
    (year to 31 March 2021): England 16,890 of 32,460 (52%) and 7,830 of 12,040 (65%)."""
    rows = {
        (row[0], row[2]): (row[1], row[5]) for row, _, _ in store.bundled_rows("dfe-published.csv")
    }
    assert rows["CL 1", "england"] == ("2020-21", 16890)
    assert rows["CL 2", "england"] == ("2020-21", round(100 * 16890 / 32460))
    assert rows["CL 1 17-18", "england"] == ("2020-21", 7830)
    assert rows["CL 2 17-18", "england"] == ("2020-21", round(100 * 7830 / 12040))
