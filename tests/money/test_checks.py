"""Disagreements are reported, never settled: two sources of a proposal's figure, and a printed
total that is not what its lines give, each named with both figures and where each came from.
And the edges: a quarter not yet projected is blank (not 0), a year with no proposals has no
totals, figures to the pound round as printed."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from csc_insight.money import budget, checks, demo, mtfs, render
from csc_insight.money.model import (
    BudgetLine,
    Entry,
    MoneyRecords,
    MtfsProposal,
    PrintedTotal,
    Source,
    TotalKind,
)
from csc_insight.reports.formatting import amount_k

ENTRY = Entry("A. Finance", date(2021, 1, 15))
HERE = Source("test")


def line(
    service: str, budget_: str, *projected: str | None, outturn: str | None = None
) -> BudgetLine:
    q = [None if p is None else Decimal(p) for p in projected] + [None] * (4 - len(projected))
    return BudgetLine(
        "2020-21",
        service,
        Decimal(budget_),
        (q[0], q[1], q[2], q[3]),
        None if outturn is None else Decimal(outturn),
        ENTRY,
        HERE,
    )


def printed(
    what: TotalKind,
    figure: str,
    *,
    year: str = "2020-21",
    quarter: int | None = None,
    service: str | None = None,
) -> PrintedTotal:
    return PrintedTotal(what, year, Decimal(figure), Source("paper", "Table X"), quarter, service)


def test_gro01_and_gro03_name_both_figures_and_both_sources() -> None:
    problems = {(p.column, p.value): p for p in checks.problems(demo.seed_records())}
    gro01 = problems[("2021-22 £k", "8,341")]
    assert gro01.file == demo.SEED_003
    for words in (
        "CFE GRO01",
        "8,211 in the MTFS summary (seed 003 (CFE Delivery Plan 2021-24), Table 8)",
        "8,341 in the project's own profile (seed 003 (CFE Delivery Plan 2021-24), project "
        "overview CFE GRO01",
        "both are kept and neither is chosen",
    ):
        assert words in gro01.reason
    gro03 = problems[("2021-22 £k", "6,447")]
    assert "CFE GRO03" in gro03.reason
    assert (
        "6,477 in the MTFS summary" in gro03.reason and "6,447 in the project's own" in gro03.reason
    )
    # Both are kept: the records still hold both figures, and the totals are the summary's.
    seed = demo.seed_records()
    assert [p.amounts["2021-22"] for p in seed.proposals if p.ref == "CFE GRO01"] == [8211]
    assert [p.amounts["2021-22"] for p in seed.profiles if p.ref == "CFE GRO01"] == [8341]


def test_a_profile_with_no_proposal_is_reported() -> None:
    seed = demo.seed_records()
    stray = replace(seed.profiles[0], ref="CFE SAV99")
    problems = mtfs.disagreements(seed.proposals, [stray])
    assert len(problems) == 1 and "CFE SAV99" in problems[0].reason
    assert "no MTFS proposal has this reference" in problems[0].reason


@pytest.mark.parametrize(
    ("total", "words"),
    [
        (
            printed("savings", "9443", year="2021-22"),
            "total savings for 2021-22 is printed as 9,443 (paper, Table X) but its 14 proposals give 9,433",
        ),
        (
            printed("net", "-4619", year="2022-23"),
            "total net (growth − savings) for 2022-23 is printed as -4,619 (paper, Table X) but its 21 proposals give -4,609",
        ),
        (
            printed("variance", "23229", quarter=3),
            "total Q3 projected variance for 2020-21 is printed as 23,229 (paper, Table X) but its 4 lines give 23,219",
        ),
        (printed("budget", "105682"), "but its 4 lines give 105,683"),
        (
            printed("movement", "-521", quarter=3, service="CFE Directorate"),
            "movement in projected variance from Q2 to Q3 of CFE Directorate for 2020-21 is printed as -521 (paper, Table X) but its line's figures give -143",
        ),
        (
            printed("projected", "1", quarter=4),
            "cannot be checked: no Q4 projection is entered for CFE Directorate",
        ),
        (
            printed("variance", "1", quarter=3, service="Youth Service"),
            "cannot be checked: there is no budget line for Youth Service in 2020-21",
        ),
        (
            printed("savings", "1", year="2024-25"),
            "cannot be checked: no MTFS proposal states an amount for 2024-25",
        ),
        (printed("outturn", "1"), "cannot be checked: no outturn is entered for CFE Directorate"),
    ],
)
def test_a_printed_total_that_disagrees_with_its_lines(total: PrintedTotal, words: str) -> None:
    seed = demo.seed_records()
    records = replace(seed, printed=(*seed.printed, total))
    problems = [p for p in checks.problems(records) if p.rule == checks.TOTAL_RULE]
    assert len(problems) == 1
    assert words in problems[0].reason
    assert (problems[0].file, problems[0].row) == ("paper", None)


def test_rounding_a_printed_figure_is_to_the_places_printed() -> None:
    lines = (
        line("A", "0.4", None, "0.4"),
        line("B", "0.4", None, "0.4"),
        line("C", "1.7", None, "1.7"),
    )
    ok = MoneyRecords(
        lines, printed=(printed("budget", "3"), printed("projected", "2.5", quarter=2))
    )
    assert checks.problems(ok) == []  # 2.5 rounds to 3 (half up); 2.5 printed to 1 place is 2.5
    wrong = MoneyRecords(lines, printed=(printed("budget", "2"), printed("budget", "2.4")))
    assert [p.value for p in checks.problems(wrong)] == ["2", "2.4"]


def test_a_quarter_not_yet_projected_is_blank_not_zero() -> None:
    lines = [line("A", "100", "110", "120", "125"), line("B", "50", "55", "60", None)]
    q2 = budget.quarter_totals(lines, "2020-21", 2)
    q3 = budget.quarter_totals(lines, "2020-21", 3)
    assert (q2.projected, q2.variance, q2.movement) == (180, 30, 15) and q2.missing == ()
    assert (q3.projected, q3.variance, q3.movement, q3.missing) == (None, None, None, ("B",))
    assert budget.variance(lines[1], 3) is None and budget.movement(lines[1], 3) is None
    assert budget.movement(lines[0], 3) == 5 and budget.movement(lines[0], 1) is None
    assert budget.latest_quarter(lines, "2020-21") == 2
    assert [t.projected for t in budget.trend(lines, "2020-21")] == [165, 180, None, None]
    table = render.table_1(lines, "2020-21", 3).splitlines()
    assert table[-2].split() == ["B", "50"]  # no projection, no variance: blank, not 0
    assert table[-1].split() == ["Total", "150"]


def test_forecast_accuracy_against_the_outturn() -> None:
    lines = [
        line("A", "100", "110", "120", "118", "119", outturn="121"),
        line("B", "50", "50", outturn="48"),
    ]
    acc = budget.forecast_accuracy(lines, "2020-21")
    assert [(a.service, a.quarter, a.error) for a in acc if a.service == "A"] == [
        ("A", 1, -11),
        ("A", 2, -1),
        ("A", 3, -3),
        ("A", 4, -2),
    ]
    # The totals only for Q1, the one quarter both lines were projected in.
    assert [(a.quarter, a.projected, a.outturn, a.error) for a in acc if a.service is None] == [
        (1, 160, 169, -9)
    ]


def test_a_year_with_no_proposals_has_no_totals() -> None:
    p = MtfsProposal("X SAV01", "A saving", None, "saving", {"2021-22": Decimal(5)}, ENTRY, HERE)
    nil = MtfsProposal("X GRO01", "A growth", None, "growth", {"2022-23": Decimal(0)}, ENTRY, HERE)
    got = mtfs.totals([p, nil], ["2021-22", "2022-23", "2023-24"])
    assert [(t.savings, t.growth, t.net) for t in got] == [
        (5, 0, -5),
        (0, 0, 0),
        (None, None, None),
    ]
    table = render.table_8([p, nil], ["2021-22", "2022-23", "2023-24"]).splitlines()
    assert table[-1].split() == ["Net", "(growth", "−", "savings)", "(5)", "-"]  # 2023-24 blank
    assert mtfs.totals([], ["2021-22"])[0].net is None


def test_amounts_print_as_the_finance_tables_print_them() -> None:
    assert [amount_k(Decimal(x)) for x in ("9050", "-1242", "0", "424.5")] == [
        "9,050",
        "-1,242",
        "0",
        "424.5",
    ]
    assert amount_k(Decimal(-4609), brackets=True) == "(4,609)"
    assert amount_k(Decimal(0), nil="-") == "-" and amount_k(None) == ""
