"""The seed's finance figures, loaded as the demo loads them, give every total the papers print:
seed 000 Tables 1 and 2 and seed 003 Table 8, computed from the lines and compared with the
printed figures; and the data file is the reference file's transcription."""

from __future__ import annotations

import doctest
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from csc_insight.money import budget, checks, demo, model, mtfs, render
from csc_insight.money.model import MoneyRecords

YEAR = "2020-21"
CSC = "Children's Social Care (includes Asylum Seekers)"
REFERENCE = Path(__file__).parents[3] / "shared" / "reference" / "seed-finance-and-plans.yaml"


@pytest.fixture(scope="module")
def seed() -> MoneyRecords:
    return demo.seed_records()


def d(x: int) -> Decimal:
    return Decimal(x)


def test_table_1_quarter_3(seed: MoneyRecords) -> None:
    t = budget.quarter_totals(seed.budget_lines, YEAR, 3)
    assert (t.budget, t.projected, t.variance) == (d(105683), d(128902), d(23219))
    by_service = {x.service: budget.variance(x, 3) for x in seed.budget_lines}
    assert by_service == {
        "CFE Directorate": d(-267),
        "Performance and Quality Assurance": d(-350),
        CSC: d(25078),
        "Education (excludes HNB deficit)": d(-1242),
    }


def test_table_2_movement_between_q2_and_q3(seed: MoneyRecords) -> None:
    q2, q3 = (budget.quarter_totals(seed.budget_lines, YEAR, q) for q in (2, 3))
    assert (q2.variance, q3.variance, q3.movement) == (d(24267), d(23219), d(-1048))
    moved = {x.service: budget.movement(x, 3) for x in seed.budget_lines}
    assert moved[CSC] == d(-521)  # 25,599 -> 25,078
    assert list(moved.values()) == [d(-143), d(83), d(-521), d(-467)]


def test_table_8_savings_growth_and_net(seed: MoneyRecords) -> None:
    got = [(t.year, t.savings, t.growth, t.net) for t in mtfs.totals(seed.proposals)]
    assert got == [
        ("2021-22", d(9433), d(20433), d(11000)),
        ("2022-23", d(4694), d(85), d(-4609)),
        ("2023-24", d(2296), d(77), d(-2219)),
    ]


def test_every_printed_total_agrees_with_its_lines(seed: MoneyRecords) -> None:
    """Each printed figure of the data file is checked, and none disagrees with its lines."""
    kinds = {(t.what, t.quarter, t.service is None) for t in seed.printed}
    assert {
        ("budget", None, True),
        ("projected", 3, True),
        ("variance", 2, True),
        ("variance", 3, True),
        ("movement", 3, True),
        ("variance", 3, False),
        ("movement", 3, False),
        ("savings", None, True),
        ("growth", None, True),
        ("net", None, True),
    } == kinds
    assert len(seed.printed) == 5 + 2 * 4 + 3 * 3
    assert [p for p in checks.problems(seed) if p.rule == checks.TOTAL_RULE] == []
    for t in seed.printed:
        value, _ = checks.computed(t, seed)
        assert value == t.figure, checks.label(t)


def test_the_only_problems_are_the_two_sources_of_gro01_and_gro03(seed: MoneyRecords) -> None:
    found = [(p.rule, p.column, p.value) for p in checks.problems(seed)]
    assert found == [
        (mtfs.DISAGREE_RULE, "2021-22 £k", "8,341"),
        (mtfs.DISAGREE_RULE, "2022-23 £k", "77"),  # the overview prints 77 and 85 the other way
        (mtfs.DISAGREE_RULE, "2023-24 £k", "85"),
        (mtfs.DISAGREE_RULE, "2021-22 £k", "6,447"),
    ]


def test_tables_print_as_the_seed_prints_them(seed: MoneyRecords) -> None:
    t1 = render.table_1(seed.budget_lines, YEAR).splitlines()
    assert t1[0] == "Quarter 3 budget monitoring, 2020-21 (£'000)"
    assert t1[-1].split() == ["Total", "105,683", "128,902", "23,219"]
    assert "-1,242" in t1[-2]
    t2 = render.table_2(seed.budget_lines, YEAR).splitlines()
    assert t2[-1].split() == ["Total", "105,683", "24,267", "23,219", "-1,048"]
    t8 = render.table_8(seed.proposals).splitlines()
    rows = {line[:76].strip(): line[76:].split() for line in t8[2:]}
    assert rows["Reconfiguration of Early Help Services"] == ["(424)", "(185)", "-", "CFE", "SAV02"]
    assert rows["Total savings"] == ["(9,433)", "(4,694)", "(2,296)"]
    assert rows["Total growth"] == ["20,433", "85", "77"]
    assert rows["Net (growth − savings)"] == ["11,000", "(4,609)", "(2,219)"]


def test_the_whole_report(seed: MoneyRecords) -> None:
    text = render.report(seed)
    assert text.count("\nTotal ") == 4 and "Movement between Q2 and Q3" in text  # 1, 2, 8 (2)
    assert (
        "4 disagreements:\n- seed 003 (CFE Delivery Plan 2021-24), column 2021-22 £k: CFE GRO01"
        in text
    )
    assert render.report(MoneyRecords()) == "No budget lines or MTFS proposals."


def test_doctests() -> None:
    for module in (model, render):
        assert doctest.testmod(module).failed == 0


@pytest.mark.skipif(not REFERENCE.exists(), reason="the shared reference file is not here")
def test_the_data_file_transcribes_the_reference_file() -> None:
    """Every finance fact of the reference file is in the data file, with the same figures."""
    ref = yaml.safe_load(REFERENCE.read_text("utf-8"))
    ours = demo.seed_facts()
    for theirs, mine in zip(
        ref["budget_monitoring_2020_21"]["services"],
        ours["budget_monitoring_2020_21"]["services"],
        strict=True,
    ):
        assert {k: mine[k] for k in theirs} == theirs
    assert (
        ref["budget_monitoring_2020_21"]["printed_totals"]
        == ours["budget_monitoring_2020_21"]["printed_totals"]
    )
    r, o = ref["mtfs_proposals_2021_24"], ours["mtfs_proposals_2021_24"]
    overviews = {p["ref"]: p for p in o["project_overviews"]}
    for part in ("savings", "growth"):
        for theirs, mine in zip(r[part], o[part], strict=True):
            said = theirs.pop("project_overview_says_y2021_22", None)
            assert mine == theirs
            if said is not None:
                assert overviews[theirs["ref"]]["y2021_22"] == said
    for key in ("printed_total_savings", "printed_total_growth", "printed_net"):
        assert r[key] == o[key]
