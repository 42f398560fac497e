"""The pack's forecast section (issue 21 item 8): the probability of the target, the target
line's points those of forecast.targets.trajectory (in the section's chart, on the CLA 3 and
CLA rate local charts, and in the workbook as numbers), the scenario, run-off and caseload
tables as numbers, no forecast → no section and no trajectory, and a published pack with the
forecast holds no child's id."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import numpy as np
import openpyxl
import pytest
from click.testing import CliRunner

from csc_insight.cli import main
from csc_insight.forecast import model, states, targets
from csc_insight.forecast import scenario as sc
from csc_insight.forecast.simulate import simulate
from csc_insight.reports import charts, forecast_run, forecast_section
from csc_insight.reports.forecast_run import CaseloadRow, ForecastRun, GroupFan
from csc_insight.reports.report import write_pack
from csc_insight.store import db

#: The tiny borough's records end on 31/03/2021; a target a year on keeps the search short.
BY, AT_MOST = date(2022, 3, 31), 20.0
SMALL: dict[str, int] = {"sims": 80, "draws": 20, "search_sims": 40}


@pytest.fixture(scope="module")
def store(computed_store: Callable[[int], Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the tiny borough with a saved scenario (the copy: scenarios live beside it)."""
    src = computed_store(7)
    dst = tmp_path_factory.mktemp("forecast_pack") / "store.duckdb"
    dst.write_bytes(src.read_bytes())
    sc.save(
        sc.scenario_file(dst),
        sc.Scenario("fewer entries", "local", sc.parse_changes("entries=x0.5")),
    )
    return dst


@pytest.fixture(scope="module")
def run(store: Path) -> ForecastRun:
    return forecast_run.run(
        store, by=BY, at_most=AT_MOST, sims=80, draws=SMALL["draws"], search_sims=40
    )


@pytest.fixture(scope="module")
def packs(
    store: Path, run: ForecastRun, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("forecast_packs")
    out = {}
    for name, kw in (
        ("with", {"forecast": run}),
        ("without", {}),
        ("published", {"forecast": run, "published": True}),
    ):
        write_pack(store, root / name, **kw)
        out[name] = root / name
    return out


def test_the_probability_is_the_baselines_share_at_or_below_the_target(
    store: Path, run: ForecastRun
) -> None:
    # Recomputed here from forecast/'s API with the same seed: the run only carries it.
    con = db.open_existing(store)
    try:
        fitted = model.fit(model.read(con, store), draws=SMALL["draws"], seed=forecast_run.SEED)
    finally:
        con.close()
    f = simulate(fitted.start, fitted.rates, fitted.origin, len(run.months) - 1, SMALL["sims"], 1)
    expected = float(np.mean(f.series(states.LOCAL)[:, f.at(BY)] <= AT_MOST))
    assert run.probability == pytest.approx(expected)
    assert run.target is not None and run.target.when == BY


def test_the_section_shows_the_probability_and_the_rate_changes(
    run: ForecastRun, packs: dict[str, Path]
) -> None:
    page = (packs["with"] / "pack.html").read_text("utf-8")
    section = html.unescape(page[page.index('id="forecast"') :])
    assert run.probability is not None
    assert f"is {run.probability:.0%} if the window's rates carry on" in section
    assert "A forecast, not a record" in section
    assert f"{SMALL['sims']:,} simulations" in section
    assert "cannot foresee a change" in section  # the model's limits
    for (lever, chance), m in (run.target.needed if run.target else {}).items():
        if m is not None:
            assert f"× {m:.2f}" in section, (lever, chance)
    assert 'id="forecast-local"' in section and 'id="forecast-uasc"' in section
    assert 'href="#forecast"' in page  # in the contents


def _points(path_d: str) -> list[tuple[float, float]]:
    return [(float(x), float(y)) for x, y in re.findall(r"[ML](-?[\d.]+) (-?[\d.]+)", path_d)]


def test_the_target_line_is_targets_trajectory(store: Path, run: ForecastRun) -> None:
    con = db.open_existing(store)
    try:
        fitted = model.fit(model.read(con, store), draws=SMALL["draws"], seed=1)
    finally:
        con.close()
    now = float(len(fitted.start.dob[states.LOCAL]))
    expected = targets.trajectory(now, AT_MOST, run.origin, BY)
    section = forecast_section.build(run)
    assert section.trajectory_for("CLA 3") == expected
    assert section.trajectory_for("CLA 4") == []  # UASC: the target is for local children
    pop = run.population
    assert pop
    per_10k = section.trajectory_for("CLA rate local")
    assert [d for d, _ in per_10k] == [d for d, _ in expected]
    assert [v for _, v in per_10k] == pytest.approx([v * 10_000 / pop for _, v in expected])


def test_the_cla_chart_draws_the_trajectory_as_a_straight_line_to_its_end(
    run: ForecastRun, packs: dict[str, Path]
) -> None:
    page = (packs["with"] / "pack.html").read_text("utf-8")
    figure = page[page.index('id="chart-cla_3"') :]
    figure = figure[: figure.index("</figure>")]
    chart = figure[: figure.index("</svg>")]
    found = re.search(r'<path d="([^"]+)"[^>]*data-series="trajectory"', chart)
    assert found, "no trajectory on the CLA 3 chart"
    pts = _points(found[1])
    assert len(pts) == len(run.trajectory)  # one point a month end, origin to target date
    (x0, y0), (x1, y1) = pts[0], pts[-1]
    for x, y in pts:  # straight: every point on the line from the first to the last
        assert y == pytest.approx(y0 + (y1 - y0) * (x - x0) / (x1 - x0), abs=0.15)
    assert x1 == pytest.approx(charts.WIDTH - 6)  # the chart runs on to the target date
    # in words beneath the chart and in its description for a screen reader
    assert figure.count("Forecast target trajectory to 20 by 31/03/2022") == 2
    other = page[page.index('id="chart-cla_4"') :]
    assert 'data-series="trajectory"' not in other[: other.index("</svg>")]


def test_the_workbook_holds_the_forecast_as_numbers(
    run: ForecastRun, packs: dict[str, Path]
) -> None:
    wb = openpyxl.load_workbook(packs["with"] / "pack.xlsx")
    ws = wb["Forecast target"]
    rows = list(ws.iter_rows(min_row=5, values_only=True))
    assert rows[0][2] == pytest.approx(run.probability, abs=1e-4)
    assert rows[0][3] == 1
    needed = run.target.needed if run.target else {}
    got = {(r[0], r[1]): r[3] for r in rows[1:]}
    for (lever, chance), m in needed.items():
        words = "entries to care" if lever == "entries" else "leaving care"
        if m is not None:
            assert got[(words, chance)] == pytest.approx(m, abs=1e-4)
    assert ws.cell(5, 3).number_format == "0%"
    assert str(ws.cell(2, 1).value).startswith("Forecast from 31/03/2021")  # read alone
    assert "cannot foresee a change" in str(ws.cell(2, 1).value)
    q = wb["Forecast by quarter"]
    path = dict(run.trajectory)
    seen = 0
    for r in q.iter_rows(min_row=5, values_only=True):
        assert isinstance(r[0], datetime)
        when = r[0].date()
        assert isinstance(r[1], (int, float)) and r[1] == round(
            run.fans[0].q[1, run.months.index(when)]
        )
        if when in path:
            assert r[4] == pytest.approx(path[when], abs=1e-4)
            seen += 1
    assert seen >= 2
    s = wb["Forecast scenarios"]
    names = [r[0] for r in s.iter_rows(min_row=5, values_only=True)]
    assert names == ["baseline", "fewer entries"]
    for r in s.iter_rows(min_row=5, values_only=True):
        assert all(isinstance(v, (int, float)) for v in r[3:8])
    u = wb["Forecast UASC"]
    first = next(u.iter_rows(min_row=5, values_only=True))
    assert first[0] == 0 and first[1] == "0.07%"
    assert first[2] == pytest.approx(0.0007 * (run.population or 0), abs=1e-3)


def test_no_forecast_no_section_and_no_trajectory(packs: dict[str, Path]) -> None:
    page = (packs["without"] / "pack.html").read_text("utf-8")
    assert 'id="forecast"' not in page and 'href="#forecast"' not in page
    assert 'data-series="trajectory"' not in page and 'class="lg lg-trajectory"' not in page
    wb = openpyxl.load_workbook(packs["without"] / "pack.xlsx", read_only=True)
    assert not [n for n in wb.sheetnames if n.startswith("Forecast")]


def test_a_published_pack_with_the_forecast_names_no_child(
    store: Path, packs: dict[str, Path]
) -> None:
    con = db.open_existing(store)
    try:
        ids = [str(r[0]) for r in con.execute("SELECT pers_person_id FROM ssd_person").fetchall()]
    finally:
        con.close()
    assert ids
    page = (packs["published"] / "pack.html").read_text("utf-8")
    assert 'id="forecast"' in page
    wb = openpyxl.load_workbook(packs["published"] / "pack.xlsx", read_only=True)
    text = page + " ".join(
        str(v) for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for v in row if v
    )
    tokens = set(re.findall(r"[A-Za-z0-9_-]+", text))
    long_ids = [i for i in ids if len(i) >= 6]  # a short id could be any number in the pack
    assert long_ids and not tokens.intersection(long_ids)


def _run(**changes: object) -> ForecastRun:
    """A hand-built run: 3 months, local 10/12/11 medians, a trajectory 20 → 16."""
    months = [date(2021, 3, 31), date(2021, 4, 30), date(2021, 5, 31), date(2021, 6, 30)]
    q = np.array([[8.0, 9, 8, 7], [10, 12, 11, 10], [12, 14, 13, 12]])
    base = ForecastRun(
        origin=months[0], window_from=date(2019, 3, 31), months=months, sims=100, draws=10,
        search_sims=50, seed=1,
        fans=(GroupFan("local", q, [(date(2021, 2, 28), 9), (months[0], 10)]),
              GroupFan("UASC", q / 2, [(date(2021, 2, 28), 3), (months[0], 4)])),
        by=months[-1], at_most=9.0,
        target=targets.TargetResult("local", months[-1], 9.0, 0.2, 10.0,
                                    {("entries", 0.5): 0.75, ("entries", 0.8): None,
                                     ("leave", 0.5): 1.5, ("leave", 0.8): 2.25}),
        probability=0.25, trajectory=[(m, 10 - i / 3) for i, m in enumerate(months)],
        scenarios=[], population=20_000, runoff=[], vacancy=0.07,
        caseloads=[CaseloadRow("Children in Care", 4, 2.0, 1.86, 2.15, 2.0, 2.1, 2.3, 16.0,
                               0.0, "children in care")],
    )  # fmt: skip
    return replace(base, **changes)  # type: ignore[arg-type]


def test_hand_built_run_tables() -> None:
    s = forecast_section.build(_run())
    target = {t.key: t for t in s.tables()}["Forecast target"]
    texts = [[c.text for c in r.cells] for r in target.rows]
    assert texts[0][2:] == ["25%", "× 1.00"]
    assert ["entries to care", "80%", "80%", "out of range"] in texts
    assert ["leaving care", "50%", "50%", "× 1.50"] in texts
    assert s.trajectory_for("CLA rate local")[-1][1] == pytest.approx(9 * 10_000 / 20_000)
    assert "The chance of local children in care at most 9 by 30/06/2021 is 25%" in (
        s.target_sentence()
    )
    assert {t.key for t in s.tables()} == {
        "Forecast target", "Forecast by quarter", "Forecast scenarios", "Forecast caseloads"
    }  # no population run-off given: no run-off table  # fmt: skip


def test_published_hides_small_counts_not_the_forecast() -> None:
    s = forecast_section.build(_run(), published=True, threshold=5)
    assert s.actual(s.fans[1]) == []  # UASC 3 and 4 in care: the line would give them away
    assert s.actual(s.fans[0]) == s.fans[0].actual
    loads = {t.key: t for t in s.tables()}["Forecast caseloads"]
    assert loads.rows[0].cells[1].text == "c"  # 4 cases
    internal = forecast_section.build(_run())
    assert {t.key: t for t in internal.tables()}["Forecast caseloads"].rows[0].cells[1].text == "4"


def test_no_target_in_range_no_target_table() -> None:
    s = forecast_section.build(_run(target=None, probability=None, trajectory=[]))
    assert "Forecast target" not in {t.key for t in s.tables()}
    assert s.trajectory_for("CLA 3") == []
    assert "not within the forecast" in s.target_sentence()


def test_csc_report_forecast(store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: dict[str, object] = {}
    real = forecast_run.run

    def small_run(store_: object, origin: date | None = None, **kw: object) -> ForecastRun:
        seen["origin"] = origin
        return real(store_, origin, by=BY, at_most=AT_MOST, sims=80, draws=20, search_sims=40)  # type: ignore[arg-type]

    monkeypatch.setattr(forecast_run, "run", small_run)
    r = CliRunner().invoke(
        main, ["report", "--store", str(store), "--out", str(tmp_path / "p"), "--forecast"]
    )
    assert r.exit_code == 0, r.output
    assert seen["origin"] == date(2021, 3, 31)  # the pack's month end
    assert 'id="forecast"' in (tmp_path / "p" / "pack.html").read_text("utf-8")
