"""Guardrails read from a hand-built results table: each month judged, the changes listed."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

import duckdb
import pytest

from csc_insight.delivery import guardrails
from csc_insight.errors import CscError
from csc_insight.indicators.engine import RESULTS_DDL
from csc_insight.indicators.periods import month_end
from tests.delivery.cases import guardrail

MONTHS = ["2021-01", "2021-02", "2021-03", "2021-04"]


def results_table(
    rows: Iterable[tuple[str, str, float | None, str, str | None]],
) -> duckdb.DuckDBPyConnection:
    """An in-memory results table of (indicator, month, value, rag, signal) rows."""
    con = duckdb.connect()
    con.execute(RESULTS_DDL)
    for ident, month, value, rating, signal in rows:
        start = date(int(month[:4]), int(month[5:]), 1)
        con.execute(
            "INSERT INTO results (indicator_id, period_id, period_type, period_start, period_end, "
            "value, rag, signal, full_history, computed_at) VALUES (?, ?, 'month', ?, ?, ?, ?, ?, "
            "true, ?)",
            [ident, month, start, month_end(start), value, rating, signal, datetime(2021, 5, 1)],
        )
    return con


def series(
    ident: str, values: list[float | None], rags: list[str], signals: list[str | None]
) -> list:
    return [(ident, m, v, r, s) for m, v, r, s in zip(MONTHS, values, rags, signals, strict=True)]


STEADY = ["Green"] * 4
CALM: list[str | None] = ["common cause"] * 4


def test_an_indicator_turning_red_breaches_and_names_the_month() -> None:
    con = results_table(series("EH 9", [10, 11, 19, 12], ["Green", "Green", "Red", "Amber"], CALM))
    g = guardrail("EH 9", "no adverse signal")
    assert guardrails.check(con, g, "2021-02").status == "holds"
    at_march = guardrails.check(con, g, "2021-03")
    assert at_march.status == "breached"
    assert "rated Red" in at_march.why
    latest = guardrails.check(con, g)  # April: back to holding
    assert latest.month == "2021-04"
    assert latest.status == "holds"
    assert [(c.month, c.before, c.after) for c in latest.changes] == [
        ("2021-03", "holds", "breached"),
        ("2021-04", "breached", "holds"),
    ]


def test_a_concerning_signal_gives_watch() -> None:
    signals: list[str | None] = ["common cause", "improving", "deteriorating", "common cause"]
    con = results_table(series("FD 8", [20, 18, 25, 21], STEADY, signals))
    c = guardrails.check(con, guardrail("FD 8", "no adverse signal"), "2021-03")
    assert c.status == "watch"
    assert "deteriorating" in c.why
    assert [(x.month, x.after) for x in c.changes] == [("2021-03", "watch")]  # improving holds


def test_a_threshold_crossed_mid_period() -> None:
    con = results_table(series("CLA 3", [470, 484, 485, 480], ["Grey"] * 4, [None] * 4))
    c = guardrails.check(con, guardrail("CLA 3", "at most", 484))
    assert c.status == "holds"  # 480 in April
    assert [(x.month, x.before, x.after) for x in c.changes] == [
        ("2021-03", "holds", "breached"),  # 484 is at most 484; 485 is not
        ("2021-04", "breached", "holds"),
    ]
    low = results_table(series("SUP 1", [80, 75, 74.9, 90], STEADY, CALM))
    c = guardrails.check(low, guardrail("SUP 1", "at least", 75), "2021-03")
    assert (c.status, c.value) == ("breached", 74.9)
    assert c.why == "SUP 1 74.9% in 2021-03, at least 75% wanted"  # not "75%"


def test_a_threshold_guardrail_ignores_rag_and_signal() -> None:
    con = results_table(series("W1", [15, 16, 16, 16], ["Red"] * 4, ["deteriorating"] * 4))
    assert guardrails.check(con, guardrail("W1", "at most", 17)).status == "holds"


def test_an_indicator_missing_from_the_results_is_reported() -> None:
    con = results_table(series("FD 8", [20, 20, 20, 20], STEADY, CALM))
    c = guardrails.check(con, guardrail("EH step-down", "at least", 10))
    assert c.status == "no figure"
    assert "no result for 2021-04" in c.why
    p = guardrails.check_project(
        con,
        "CFE SAV02",
        [guardrail("FD 8", "at most", 22), guardrail("EH step-down", "at least", 10)],
    )
    assert p.status == "no figure"  # not "holds": a guardrail with no figure is not passed


def test_a_value_not_entered_is_no_figure() -> None:
    con = results_table(series("SYV 1", [3, None, 4, 5], ["Green", "Grey", "Green", "Green"], CALM))
    c = guardrails.check(con, guardrail("SYV 1", "no adverse signal"), "2021-02")
    assert c.status == "no figure"
    assert c.value is None
    assert "no figure for 2021-02" in c.why
    assert [(x.month, x.after) for x in c.changes] == [("2021-02", "no figure")]


def test_a_project_takes_its_worst_guardrail_with_the_months_that_changed_it() -> None:
    con = results_table(
        [
            *series(
                "EH 9",
                [10, 10, 10, 10],
                STEADY,
                ["common cause", "deteriorating", "common cause", "common cause"],
            ),
            *series("FD 8", [20, 21, 23, 22], STEADY, CALM),
        ]
    )
    gs = [guardrail("EH 9", "no adverse signal"), guardrail("FD 8", "at most", 22)]
    p = guardrails.check_project(con, "CFE SAV02", gs, "2021-04")
    assert p.status == "holds"
    assert [c.status for c in p.checks] == ["holds", "holds"]
    assert [(x.month, x.before, x.after) for x in p.changes] == [
        ("2021-02", "holds", "watch"),
        ("2021-03", "watch", "breached"),
        ("2021-04", "breached", "holds"),
    ]
    assert p.changes[1].why == "FD 8 23% in 2021-03, at most 22% wanted"
    assert p.changes[2].why == "every guardrail holds"
    assert guardrails.check_project(con, "X", [], "2021-04").status is None


def test_a_month_outside_the_results_is_refused() -> None:
    con = results_table(series("FD 8", [20, 20, 20, 20], STEADY, CALM))
    with pytest.raises(CscError, match="no results for 2021-09"):
        guardrails.check(con, guardrail("FD 8", "at most", 22), "2021-09")
