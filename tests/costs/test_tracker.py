"""The tracker's figures on a hand-built store: weekly costs pro rata by calendar days, a
placement ended in the store costing nothing from its end date, and the costs adding up to the
budget lines they feed."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from csc_insight.costs.model import CostRow
from csc_insight.costs.periods import Period, quarters, rest_of_year, to_date, year_of
from csc_insight.costs.store import read_store
from csc_insight.costs.tracker import by_line, total, track
from csc_insight.costs.view import build
from csc_insight.money.model import BudgetLine, Entry, Source
from tests.costs.conftest import cost

AS_AT = date(2020, 3, 31)
YEAR = year_of(AS_AT)  # 2019-20: 366 days


def _rows() -> list[CostRow]:
    return [
        cost("A", "PA1", "700", "2019-04-01"),  # £100 a day, all year
        cost("B", "PB1", "7000", "2019-06-01"),  # still paid: the store ended it 1 Oct
        # a package over Christmas and to 25 December (a bank holiday) inclusive
        cost("C", None, "350", "2019-04-01", "2019-12-25", kind="cwd package", line="CWD"),
    ]


def _line(service: str, budget: str) -> BudgetLine:
    return BudgetLine(
        "2019-20", service, Decimal(budget), (None, None, None, None), None,
        Entry("finance", date(2020, 4, 1)), Source("money.xlsx [Budget lines]", None, 2),
    )  # fmt: skip


def test_the_year_holds_the_leap_day() -> None:
    assert Period("2019-20", date(2019, 4, 1), date(2020, 3, 31)) == YEAR
    assert YEAR.days == 366
    assert [q.days for q in quarters(YEAR)] == [91, 92, 92, 91]  # Q4: 31 + 29 + 31


def test_weekly_costs_add_up_to_the_budget_lines_they_feed(store: Path) -> None:
    tracked = track(_rows(), read_store(store, AS_AT))
    a, b, c = (t.cost_in(YEAR) for t in tracked)
    assert a == Decimal(100 * 366)  # every day of a leap year, 29 February too
    assert b == Decimal(1000 * 122)  # 1 June to 30 September: paid to the day it ended
    assert c == Decimal(50 * 269)  # 1 April to 25 December inclusive: bank holidays are days
    lines = {x.line: x for x in by_line(tracked, YEAR, {"placements": Decimal("158.6"),
                                                       "CWD": Decimal("13.45")})}  # fmt: skip
    assert lines["Placements"].cost == a + b == Decimal(158_600)
    assert lines["Placements"].budget_k == Decimal("158.6")  # matched ignoring case
    assert lines["Placements"].difference_k == 0
    assert lines["CWD"].cost == c and lines["CWD"].difference_k == 0
    assert total(tracked, YEAR) == a + b + c


def test_the_difference_from_the_budget_is_shown(store: Path) -> None:
    v = build(_rows(), read_store(store, AS_AT), AS_AT, [_line("Placements", "200"),
                                                        _line("Other", "5")])  # fmt: skip
    lines = {x.line: x for x in by_line(v.tracked, v.year, v.budgets)}
    assert lines["Placements"].difference_k == Decimal("41.4")  # 200 - 158.6: left for the rest
    assert lines["CWD"].budget_k is None and lines["CWD"].difference_k is None


def day(d: date) -> Period:
    return Period("day", d, d)


def test_a_placement_ended_in_the_store_stops_costing_from_its_end_date(store: Path) -> None:
    (b,) = track([cost("B", "PB1", "7000", "2019-06-01")], read_store(store, AS_AT))
    assert b.cost_in(day(date(2019, 9, 30))) == Decimal(1000)  # the last night before it ended
    assert b.cost_in(day(date(2019, 10, 1))) == 0  # the end date: the next placement pays it
    assert b.cost_in(Period("after", date(2019, 10, 1), YEAR.last)) == 0
    assert not b.paid_on(date(2019, 10, 1)) and b.paid_on(date(2019, 9, 30))
    # a Cost to before the end is kept: the row's own last day
    (early,) = track([cost("B", "PB1", "7000", "2019-06-01", "2019-06-30")], read_store(store))
    assert early.cost_in(YEAR) == Decimal(30_000)


def test_quarters_and_to_date_and_the_rest_of_the_year_add_up(store: Path) -> None:
    tracked = track(_rows(), read_store(store, AS_AT))
    assert sum(total(tracked, q) for q in quarters(YEAR)) == total(tracked, YEAR)
    as_at = date(2019, 12, 24)
    done, rest = to_date(YEAR, as_at), rest_of_year(YEAR, as_at)
    assert done.last == as_at and rest.first == date(2019, 12, 25)
    assert total(tracked, done) + total(tracked, rest) == total(tracked, YEAR)
    # the year to date: A 268 days, B 122, C 268 (C's last day, 25 December, is still to come)
    assert total(tracked, done) == Decimal(100 * 268 + 1000 * 122 + 50 * 268)


def test_a_week_is_a_week_whatever_holidays_it_holds(store: Path) -> None:
    (a,) = track([cost("A", "PA1", "735.35", "2019-04-01")], read_store(store))
    christmas = Period("week", date(2019, 12, 23), date(2019, 12, 29))  # two bank holidays
    assert a.cost_in(christmas) == Decimal("735.35")
    odd = a.cost_in(Period("3 days", date(2019, 4, 1), date(2019, 4, 3)))
    assert odd == Decimal("735.35") * 3 / 7  # exact until shown: 315.15


def test_a_placement_row_without_an_id_is_joined_by_its_date(store: Path) -> None:
    facts = read_store(store, AS_AT)
    (t,) = track([cost("B", None, "700", "2019-10-01")], facts)
    assert t.placement is not None and t.placement.placement_id == "PB2" and t.joined == "by date"
    (t,) = track([cost("B", "PB1", "700", "2019-06-01")], facts)
    assert t.joined == "by id" and t.placement is not None
    assert t.placement.legal_status == "V2" and t.placement.uasc


def test_legal_status_is_the_one_in_force_as_at(store: Path) -> None:
    assert read_store(store, date(2019, 7, 1)).placements["PA1"].legal_status == "C1"
    assert read_store(store, AS_AT).placements["PA1"].legal_status == "C2"
    facts = read_store(store)
    assert facts.reach == date(2019, 10, 1)  # the latest start or end the store holds


def test_the_command_sets_the_costs_against_a_money_workbook(store: Path, tmp_path: Path) -> None:
    """End to end: a real money workbook and a real cost workbook, written and read back."""
    from click.testing import CliRunner

    from csc_insight.cli import main
    from csc_insight.costs.template import write_template
    from csc_insight.money.model import MoneyRecords
    from csc_insight.money.template import write_template as write_money

    money = write_money(tmp_path / "money.xlsx", None, MoneyRecords(
        budget_lines=(_line("Placements", "158.6"), _line("CWD", "20"))))  # fmt: skip
    book = write_template(tmp_path / "costs.xlsx", _rows())
    args = ["costs", "show", str(book), "--store", str(store), "--money", str(money)]
    r = CliRunner().invoke(main, [*args, "--as-at", "2020-03-31"])
    assert r.exit_code == 0, r.output
    lines = {" ".join(x.split()[:1]): x.split() for x in r.output.splitlines()}
    assert lines["Placements"][1:] == ["2", "158.6", "158.6", "0"]
    assert lines["CWD"][1:] == ["1", "13.5", "20", "6.6"]  # 20 - 13.45, shown to £100
    assert "projected year  01/04/2019 to 31/03/2020  £172,050.00" in r.output
