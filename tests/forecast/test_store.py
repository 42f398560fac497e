"""The model over a real store: spells read from DuckDB, and the back-test and the command
line on the tiny synthetic borough."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from csc_insight.cli import main
from csc_insight.forecast import backtest, history, states
from csc_insight.store import db
from csc_insight.store.load import ingest
from csc_insight.synth.outputs import write_outputs


def test_spells_are_read_from_the_store(tmp_path: Path) -> None:
    con = db.connect(tmp_path / "s.duckdb")
    con.execute("INSERT INTO ssd_person (pers_person_id, pers_dob) VALUES ('A', '2010-05-01'), "
                "('B', '2004-01-10'), ('C', NULL)")  # fmt: skip
    con.execute("INSERT INTO ssd_immigration_status VALUES ('i', 'B', '2019-01-01', NULL, 'UASC')")
    rows = [  # id, person, start, end, type, provider
        ("1", "A", "2019-01-01", "2019-06-01", "U4", "PR1"),  # in-house, then agency
        ("2", "A", "2019-06-01", "2020-01-01", "U6", "PR4"),  # left care
        ("3", "A", "2020-06-01", None, "K2", "PR4"),  # back in care: residential
        ("4", "B", "2019-01-01", None, "H5", "PR4"),
        ("5", "C", "2019-01-01", None, "U1", "PR1"),  # no date of birth: not modelled
    ]
    con.executemany(
        "INSERT INTO ssd_cla_placement (clap_cla_placement_id, clap_person_id, "
        "clap_cla_placement_start_date, clap_cla_placement_end_date, clap_cla_placement_type, "
        "clap_cla_placement_provider) VALUES (?, ?, ?, ?, ?, ?)",
        rows,
    )
    sp = history.read_spells(con)
    assert len(sp) == 4
    assert sp.cat.tolist() == [states.IN_HOUSE, states.AGENCY, states.RESIDENTIAL, states.SUPPORTED]
    assert sp.enters.tolist() == [True, False, True, True]
    assert sp.leaves.tolist() == [False, True, False, False]
    assert sp.next_cat.tolist() == [states.AGENCY, -1, -1, -1]
    assert sp.group.tolist() == [0, 0, 0, 1]
    stock = sp.stock(history.day(date(2020, 12, 31)))
    assert stock[0].sum() == 1 and stock[0, 3, states.RESIDENTIAL] == 1  # A is 10: band 10-15
    assert stock[1, 4, states.SUPPORTED] == 1  # B is 16: UASC, 16+


@pytest.fixture(scope="module")
def tiny_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("forecast_tiny")
    write_outputs(
        root / "src", size="tiny", years=4, seed=3, end=date(2021, 3, 31),
        formats=["ssd"], regimes=[],
    )  # fmt: skip
    store = root / "store.duckdb"
    ingest([root / "src" / "ssd"], store)
    return store


def test_the_backtest_on_the_tiny_borough_reports_finite_errors(tiny_store: Path) -> None:
    con = db.open_existing(tiny_store)
    spells = history.read_spells(con)
    con.close()
    origins = backtest.default_origins(spells, 24, count=2)
    assert origins == [date(2018, 3, 31), date(2019, 3, 31)]
    points = backtest.run(spells, origins, draws=50, sims=100)
    assert {p.horizon for p in points} == {12, 24}
    summary = backtest.summarise(points)
    assert summary and all(np.isfinite(s.mape) and 0 <= s.coverage <= 1 for s in summary)


def test_the_forecast_commands_run_on_the_tiny_borough(tiny_store: Path) -> None:
    run = CliRunner().invoke
    s = ["--store", str(tiny_store)]
    r = run(main, ["forecast", "cla", *s, "--months", "6", "--sims", "100", "--draws", "20"])
    assert r.exit_code == 0, r.output
    assert "local: median" in r.output and "agency fostering" in r.output
    r = run(main, ["forecast", "scenario", "save", "cut", "entries=-20%", "--group", "local", *s])
    assert r.exit_code == 0, r.output
    r = run(main, ["forecast", "scenario", "compare", "cut", *s, "--sims", "100", "--draws", "0"])
    assert r.exit_code == 0 and "cut" in r.output, r.output
    r = run(main, ["forecast", "scenario", "compare", "nothing", *s])
    assert r.exit_code != 0 and "no saved scenario nothing" in r.output
    r = run(main, ["forecast", "cla", *s, "--months", "61"])
    assert r.exit_code != 0 and "1 to 60 months" in r.output


def test_costs_demand_caseloads_target_and_uasc_run_on_the_tiny_borough(tiny_store: Path) -> None:
    run = CliRunner().invoke
    s = ["--store", str(tiny_store), "--sims", "100", "--draws", "20"]
    r = run(main, ["forecast", "costs", "--demo", *s, "--months", "24"])
    assert r.exit_code == 0 and "UASC net" in r.output and "2022-23" in r.output, r.output
    book = tiny_store.parent / "costs.xlsx"
    r = run(main, ["forecast", "cost-template", "--out", str(book), "--demo"])
    assert r.exit_code == 0 and book.exists(), r.output
    filled = run(main, ["forecast", "costs", str(book), *s, "--months", "24"])
    assert filled.exit_code == 0, filled.output
    demo = run(main, ["forecast", "costs", "--demo", *s, "--months", "24"])
    assert filled.output == demo.output  # the demo workbook, written and read back, is the demo
    r = run(main, ["forecast", "demand", "--store", str(tiny_store), "--series", "contacts"])
    assert r.exit_code == 0 and "contacts: median" in r.output, r.output
    r = run(main, ["forecast", "caseloads", *s, "--vacancy", "0.07"])
    assert r.exit_code == 0 and "7% of posts held vacant" in r.output, r.output
    r = run(main, ["forecast", "target", *s, "--at-most", "20", "--by", "2022-03-31"])
    assert r.exit_code == 0 and "P = " in r.output and "entries to care" in r.output, r.output
    r = run(main, ["forecast", "uasc", *s, "--population", "5000", "--arrivals", "0"])
    assert r.exit_code == 0 and "0.07% (4)" in r.output, r.output
    r = run(main, ["forecast", "caseloads", *s, "--vacancy", "1.5"])
    assert r.exit_code != 0 and "share of posts" in r.output


BAD_COMMANDS = [  # (arguments after `csc forecast`, what the message says)
    (["cla", "--origin", "2030-03-31"], "is after the records end"),
    (["cla", "--origin", "2010-03-31"], "is not after the records begin"),
    (["cla", "--origin", "2020-03-31", "--window-from", "2020-06-30"], "must start before"),
    (["cla", "--origin", "31/03/2020"], "is not a date (YYYY-MM-DD)"),
    (["cla", "--sims", "0"], "--sims must be 1 or more"),
    (["scenario", "save", "bad", "entries=xfew"], "'xfew' is not a number"),
    (["scenario", "save", "bad", "entries=x-1"], "multiplier -1.0 must be a number of 0 or more"),
    (["scenario", "save", "bad", "arrivals=x2"], "'arrivals' is not a rate"),
    (["cla", "--scenario", "missing"], "no scenario 'missing'"),
    (["costs"], "give the unit-cost files, or --demo"),
]


@pytest.mark.parametrize(("args", "message"), BAD_COMMANDS)
def test_bad_forecast_input_is_refused_in_words(
    tiny_store: Path, args: list[str], message: str
) -> None:
    r = CliRunner().invoke(main, ["forecast", *args, "--store", str(tiny_store)])
    assert r.exit_code != 0, r.output
    assert message in r.output, r.output
    assert "Traceback" not in r.output
