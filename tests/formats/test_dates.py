"""Bad dates are reported with the value as found, what is wrong with it, and the format(s) the
reader accepts. Each reader's own bad-input table has its date cases; this file holds the
wording (one table) and the SSD extract's cases, which have no table of their own here."""

from __future__ import annotations

import doctest
from datetime import date
from pathlib import Path

import pytest

from csc_insight.formats import dates
from csc_insight.formats.dates import DAY_FIRST, ISO, date_problem
from csc_insight.store import db
from csc_insight.store.load import ingest
from tests.formats.bad_input import assert_refused_and_store_unchanged, store_holding

BOTH = (DAY_FIRST, ISO)
EXPECTED = "(expected dd/mm/yyyy or yyyy-mm-dd)"

DATE_PROBLEMS = [
    # (value as found, formats the reader accepts, reason)
    ("31/02/2020", BOTH, f"'31/02/2020' is not a date: 31 February does not exist {EXPECTED}"),
    ("05/05/19", BOTH, "'05/05/19' is not a date: a two-digit year is ambiguous (expected dd/mm/yyyy, e.g. 05/05/2019)"),
    ("05/05/85", BOTH, "'05/05/85' is not a date: a two-digit year is ambiguous (expected dd/mm/yyyy, e.g. 05/05/1985)"),
    ("31/02/19", BOTH, "'31/02/19' is not a date: a two-digit year is ambiguous (expected dd/mm/yyyy)"),
    ("05/05/19", (ISO,), "'05/05/19' is not a date: a two-digit year is ambiguous (expected yyyy-mm-dd, e.g. 2019-05-05)"),
    ("05/05/2019", (ISO,), "'05/05/2019' is not a date: it is written day first (expected yyyy-mm-dd, e.g. 2019-05-05)"),
    ("29/02/2019", BOTH, f"'29/02/2019' is not a date: 2019 is not a leap year, so 29 February 2019 does not exist {EXPECTED}"),
    ("2020-02-30", (ISO, DAY_FIRST), "'2020-02-30' is not a date: 30 February does not exist (expected yyyy-mm-dd or dd/mm/yyyy)"),
    ("2020-02-30T00:00:00Z", (ISO,), "'2020-02-30T00:00:00Z' is not a date: 30 February does not exist (expected yyyy-mm-dd)"),
    ("12/31/2020", BOTH, f"'12/31/2020' is not a date: there is no month 31; are the day and month the wrong way round? {EXPECTED}"),
    ("13/13/2020", BOTH, f"'13/13/2020' is not a date: there is no month 13 {EXPECTED}"),
    ("0/5/2019", BOTH, f"'0/5/2019' is not a date: there is no day 0 {EXPECTED}"),
    ("05/05/219", BOTH, f"'05/05/219' is not a date: the year 219 does not have four digits {EXPECTED}"),
    ("01/01/1899", BOTH, f"'01/01/1899' is out of range: only dates from 1900 to 2100 are accepted {EXPECTED}"),
    ("2101-01-01", BOTH, f"'2101-01-01' is out of range: only dates from 1900 to 2100 are accepted {EXPECTED}"),
    ("yesterday", BOTH, f"'yesterday' is not a date {EXPECTED}"),
    ("05.05.2019", BOTH, f"'05.05.2019' is not a date {EXPECTED}"),
    ("2019-5-5", BOTH, f"'2019-5-5' is not a date {EXPECTED}"),
    ("05/05/2019 25:00", BOTH, f"'05/05/2019 25:00' is not a date {EXPECTED}"),  # the time is wrong
    (" 31/02/2020 ", BOTH, f"'31/02/2020' is not a date: 31 February does not exist {EXPECTED}"),
    ("2020-\n01-01", BOTH, f"'2020-\\n01-01' is not a date {EXPECTED}"),  # one line per problem
    ("x" * 60, BOTH, f"'{'x' * 37}...' is not a date {EXPECTED}"),
    # Time formats are accepted after a date, but never asked for.
    ("yesterday", (ISO, DAY_FIRST, f"{DAY_FIRST} %H:%M"), "'yesterday' is not a date (expected yyyy-mm-dd or dd/mm/yyyy)"),
]  # fmt: skip


@pytest.mark.parametrize(("value", "formats", "reason"), DATE_PROBLEMS)
def test_the_reason_names_the_value_and_the_format_expected(
    value: str, formats: tuple[str, ...], reason: str
) -> None:
    assert date_problem(value, formats) == reason


def test_a_workbook_names_date_cells_first() -> None:
    assert date_problem("yesterday", BOTH, also=("a date cell",)) == (
        "'yesterday' is not a date (expected a date cell, dd/mm/yyyy or yyyy-mm-dd)"
    )


def test_docstring_examples() -> None:
    assert doctest.testmod(dates, raise_on_error=True).attempted == 2


# -- the SSD extract ---------------------------------------------------------------------------

GOOD = b"pers_person_id,pers_dob\nP1,2020-01-01\n"
SSD_EXPECTED = "(expected yyyy-mm-dd or dd/mm/yyyy)"  # the extract's own order: ISO first

SSD_BAD_DATES = {
    "two-digit year": (
        b"pers_person_id,pers_dob\nP1,2020-01-01\nP2,05/05/19\n",
        3,
        "'05/05/19' is not a date: a two-digit year is ambiguous (expected dd/mm/yyyy, e.g. 05/05/2019)",
    ),
    "day the month lacks": (
        b"pers_person_id,pers_dob\nP1,31/02/2020\n",
        2,
        f"'31/02/2020' is not a date: 31 February does not exist {SSD_EXPECTED}",
    ),
    "ISO, day the month lacks": (
        b"pers_person_id,pers_dob\nP1,2021-02-29\n",
        2,
        f"'2021-02-29' is not a date: 2021 is not a leap year, so 29 February 2021 does not exist {SSD_EXPECTED}",
    ),
    "out of range": (
        b"pers_person_id,pers_dob\nP1,1066-10-14\n",
        2,
        f"'1066-10-14' is out of range: only dates from 1900 to 2100 are accepted {SSD_EXPECTED}",
    ),
    "not a date at all": (
        b"pers_person_id,pers_dob\nP1,unknown\n",
        2,
        f"'unknown' is not a date {SSD_EXPECTED}",
    ),
}  # fmt: skip


@pytest.fixture(scope="module")
def good_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return store_holding(tmp_path_factory.mktemp("good"), "ssd_person.csv", GOOD)


@pytest.mark.parametrize("case", list(SSD_BAD_DATES))
def test_ssd_bad_date_names_value_and_format_and_leaves_store_unchanged(
    tmp_path: Path, good_store: Path, case: str
) -> None:
    content, row, reason = SSD_BAD_DATES[case]
    assert_refused_and_store_unchanged(
        tmp_path,
        good_store,
        "ssd_person.csv",
        content,
        (row, "pers_dob", reason),
        ("ssd_person", 1),
        strict=True,
    )


def test_a_time_after_a_date_must_be_a_time(tmp_path: Path) -> None:
    """SQL Server writes 2021-03-04T10:15:00; 2021-03-04T25:99 is no time, so no date."""
    f = tmp_path / "x" / "ssd_person.csv"
    f.parent.mkdir()
    f.write_text(
        "pers_person_id,pers_dob\nP1,2021-03-04T10:15:00\nP2,2021-03-04T25:99\n"
        "P3,2021-03-04 00:00:00.000\n"
    )
    report = ingest([f], tmp_path / "s.duckdb")
    assert [(p.row, p.rule, p.value) for p in report.held] == [
        (3, "value-date", "2021-03-04T25:99")
    ]
    con = db.connect(tmp_path / "s.duckdb", read_only=True)
    try:
        assert con.execute(
            "SELECT pers_person_id, pers_dob FROM ssd_person ORDER BY 1"
        ).fetchall() == [
            ("P1", date(2021, 3, 4)),
            ("P3", date(2021, 3, 4)),
        ]
    finally:
        con.close()
