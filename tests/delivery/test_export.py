"""The fortnightly return, read back with openpyxl: one row per project, its guardrails from a
hand-built results table (FD 8 above its threshold breaches CFE SAV02's)."""

from __future__ import annotations

import dataclasses
from datetime import date
from decimal import Decimal
from pathlib import Path

import openpyxl

from csc_insight.delivery import demo, export, guardrails, render, status
from csc_insight.money import demo as money_demo
from tests.delivery.test_guardrails import STEADY, results_table, series

AS_AT = date(2021, 6, 30)


def _statuses() -> list[status.ProjectStatus]:
    records = demo.seed_records()
    p0 = dataclasses.replace(records.projects[0], achieved={"2021-22": Decimal(100)})
    records = dataclasses.replace(records, projects=(p0, *records.projects[1:]))
    con = results_table(
        [
            *series("FD 8", [20, 21, 25, 26], STEADY, ["common cause"] * 4),
            *series("EH 9", [10, 10, 10, 10], STEADY, ["common cause"] * 4),
        ]
    )
    checked = {
        ref: guardrails.check_project(con, ref, gs, "2021-04")
        for ref, gs in records.guardrails_by_project().items()
    }
    return status.statuses(records, money_demo.seed_records(), AS_AT, checked)


def test_the_return_reads_back_one_row_per_project(tmp_path: Path) -> None:
    statuses = _statuses()
    path = export.write_return(tmp_path / "return.xlsx", statuses, AS_AT)
    wb = openpyxl.load_workbook(path, data_only=True)
    ws = wb[export.SHEET]
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    assert rows[0] == export.columns("2021-22")
    by_ref = {r[0]: dict(zip(rows[0], r, strict=True)) for r in rows[1:]}
    assert list(by_ref) == [s.project.ref for s in statuses]
    sav02 = by_ref["CFE SAV02"]
    assert sav02["Project manager"] == "Lain Low"
    assert sav02["Delivery RAG"] == "Red"  # Remove vacant posts 90 days late
    assert sav02["Completion score %"] == 0
    assert sav02["Delivery assurance"] == "limited"
    assert sav02["Savings profile 2021-22 £k"] == 424
    assert sav02["Profile to date £k"] == 106  # 3 of 12 months of 424
    assert sav02["Achieved to date £k"] == 100
    assert sav02["Guardrails"] == "breached"  # FD 8 25 in March, above 22
    assert sav02["Guardrails last changed"] == "2021-03"
    assert sav02["Next milestone"] == "Remove vacant posts"
    assert sav02["Next milestone due"].date() == date(2021, 4, 1)
    assert "90 days late" in sav02["Why"]
    # SAV03's guardrails are not in the hand-built results: no figure, never "holds"
    assert by_ref["CFE SAV03"]["Guardrails"] == "no figure"
    assert by_ref["CFE SAV09"]["Guardrails"] == "none set"
    about = [r[0] for r in wb["About"].iter_rows(values_only=True)]
    assert about[0] == "Fortnightly return to the programme office, as at 30/06/2021."
    assert any("RED_DAYS" in line for line in about)


def test_the_terminal_tables_show_the_same() -> None:
    statuses = _statuses()
    text = render.projects(statuses, AS_AT)
    line = next(x for x in text.splitlines() if x.startswith("CFE SAV02"))
    assert "Red" in line and "100 / 106" in line and "breached (since 2021-03)" in line
    g = render.guardrails(statuses)
    assert "FD 8 at most 22: breached (FD 8 26% in 2021-04, at most 22% wanted)" in g
    assert "2021-03: holds -> breached" in g
