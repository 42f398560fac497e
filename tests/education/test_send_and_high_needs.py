"""SEND placements and the EHCP scenarios (seed 003, Tables 1 and 2) and the high-needs block
(seeds 000 and 003), computed from what is entered."""

from __future__ import annotations

from csc_insight.education import demo, high_needs, send
from csc_insight.education.model import EhcpScenario, HighNeedsYear, Placement, Source

SRC = Source("hand-made")
#: Table 2 as seed 003 prints it (seed-finance-and-plans.yaml, send_2021).
PRINTED_SAVINGS = {
    326: 5_552_106,
    652: 11_104_212,
    978: 16_656_318,
    1304: 22_208_424,
    1630: 27_760_530,
}


def test_the_ehcp_scenario_table_is_the_unit_cost_times_the_reductions() -> None:
    rows = send.scenario_table(EhcpScenario(n, 17_031, SRC) for n in PRINTED_SAVINGS)
    assert {r.reduced: r.saving for r in rows} == PRINTED_SAVINGS


def test_the_demo_scenarios_reproduce_table_2() -> None:
    rows = send.scenario_table(demo.records().scenarios)
    assert [(r.reduced, r.saving) for r in rows] == list(PRINTED_SAVINGS.items())


def test_placements_total_and_cost_per_pupil() -> None:
    rows = send.placement_table(
        [
            Placement("2020-21", "in", 145, 1608, 20_484_571, SRC),
            Placement("2020-21", "out", 164, 544, 15_818_826, SRC),
            Placement("2019-20", "in", 1, 1, 1, SRC),  # an earlier year: not in the latest table
        ]
    )
    total = rows[-1]
    assert (total.label, total.pupils, total.cost) == ("Total", 2152, 36_303_397)
    assert round(rows[0].cost_per_pupil or 0) == 12_739
    assert round(send.share_out_of_borough(rows) or 0, 1) == 25.3


def _year(y: str, allocation: float, spend: float, **kw: float | None) -> HighNeedsYear:
    values: dict[str, float | None] = {
        "opening_overspend": None,
        "dsg_deficit": None,
        "printed_overspend": None,
        "plan_deficit": None,
        **kw,
    }
    return HighNeedsYear(y, allocation, spend, source=SRC, **values)


def test_the_cumulative_overspend_against_the_recovery_plan() -> None:
    rows = high_needs.table(
        [
            _year("2019-20", 100, 130, plan_deficit=25, printed_overspend=40),
            _year("2018-19", 100, 110, opening_overspend=0),
        ]
    )
    assert [(r.year, r.overspend, r.cumulative) for r in rows] == [
        ("2018-19", 10, 10),
        ("2019-20", 30, 40),
    ]
    assert rows[1].against_plan == 15
    assert high_needs.disagreements(rows) == []


def test_a_printed_cumulative_overspend_that_disagrees_is_named() -> None:
    rows = high_needs.table(
        [_year("2019-20", 100, 130, opening_overspend=0, printed_overspend=18_500)]
    )
    [d] = high_needs.disagreements(rows)
    assert "£18,500k" in d and "£30k" in d


def test_the_demo_reaches_the_seeds_18_5m_and_keeps_the_14_6m_deficit() -> None:
    rows = high_needs.table(demo.records().high_needs)
    end_2019_20 = next(r for r in rows if r.year == "2019-20")
    assert end_2019_20.cumulative == 18_500 and end_2019_20.dsg_deficit == 14_600
    assert high_needs.disagreements(rows) == []
