"""`csc report` with the finance and delivery section, on the tiny computed borough: the seed
figures (--finance-demo), the templates' files read back, and a faulty file refusing the pack
with every problem before anything is written."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import openpyxl
from click.testing import CliRunner

from csc_insight.cli import main
from csc_insight.delivery import demo as delivery_demo
from csc_insight.delivery.template import write_template as write_delivery
from csc_insight.money import demo as money_demo
from csc_insight.money import spend
from csc_insight.money.template import write_template as write_money


def report(store: Path, out: Path, *args: str) -> tuple[int, str]:
    r = CliRunner().invoke(main, ["report", "--store", str(store), "--out", str(out), *args])
    return r.exit_code, r.output


def test_the_demo_figures_make_the_section(
    computed_store: Callable[[int], Path], tmp_path: Path
) -> None:
    code, output = report(computed_store(1), tmp_path / "pack", "--finance-demo")
    assert code == 0, output
    html = (tmp_path / "pack" / "pack.html").read_text("utf-8")
    assert 'id="finance"' in html
    for figure in ("105,683", "(9,433)", "11,000", "8,341", "6,447", "11,192"):
        assert figure in html, figure
    assert ">not checked<" not in html  # the guardrails were judged from the store's results
    sheets = openpyxl.load_workbook(tmp_path / "pack" / "pack.xlsx").sheetnames
    assert {"MTFS", "Disagreements", "Delivery", "Guardrails", "Plan"} <= set(sheets)


def test_the_templates_read_back_make_the_same_section(
    computed_store: Callable[[int], Path], tmp_path: Path
) -> None:
    money, delivery = tmp_path / "money.xlsx", tmp_path / "delivery.xlsx"
    write_money(money, records=money_demo.seed_records())
    write_delivery(delivery, records=delivery_demo.seed_records())
    spend_file = tmp_path / "spend.csv"
    spend_file.write_text(
        (Path(spend.__file__).parent / "data" / spend.DEMO_FILE).read_text("utf-8"), "utf-8"
    )
    code, output = report(
        computed_store(1),
        tmp_path / "pack",
        "--money",
        str(money),
        "--delivery",
        str(delivery),
        "--spend",
        str(spend_file),
    )
    assert code == 0, output
    html = (tmp_path / "pack" / "pack.html").read_text("utf-8")
    for figure in ("128,902", "-1,048", "(4,609)", "8,211", "6,477", "11,192", "CFE SAV05"):
        assert figure in html, figure


def test_a_faulty_file_refuses_the_pack_with_every_problem(
    computed_store: Callable[[int], Path], tmp_path: Path
) -> None:
    money = tmp_path / "money.xlsx"
    write_money(money, records=money_demo.seed_records())
    wb = openpyxl.load_workbook(money)
    wb["Budget lines"]["C2"] = "lots"  # the first line's budget
    wb.save(money)
    bad_spend = tmp_path / "spend.csv"
    bad_spend.write_text(",".join(spend.COLUMNS) + "\n2019-20,x,1,1,1,1,perhaps\n", "utf-8")
    out = tmp_path / "pack"
    code, output = report(computed_store(1), out, "--money", str(money), "--spend", str(bad_spend))
    assert code == 2, output  # bad input, as every reader reports it
    assert "Budget lines" in output and "row 2" in output and "Budget £k" in output
    assert "spend.csv, row 2, column in_gap: not yes or no" in output
    assert not out.exists()  # nothing written


def test_the_demo_figures_and_files_together_are_refused(
    computed_store: Callable[[int], Path], tmp_path: Path
) -> None:
    f = tmp_path / "spend.csv"
    f.write_text(",".join(spend.COLUMNS) + "\n", "utf-8")
    code, output = report(computed_store(1), tmp_path / "p", "--finance-demo", "--spend", str(f))
    assert code == 1
    assert "not both" in output
