"""Packs of chosen sections (`--sections`) and of one service or team (`--service`, `--team`),
and `csc show --by`: each figure read from the results tables, never recomputed."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from csc_insight.cli import main
from csc_insight.errors import CscError
from csc_insight.indicators import catalogue
from csc_insight.reports import model
from csc_insight.store import db


def test_sections_are_chosen_by_name_or_title_in_journey_order() -> None:
    assert model.choose_sections("care_leavers, CLA") == ("cla", "care_leavers")
    assert model.choose_sections("Children looked after,care leavers") == ("cla", "care_leavers")
    with pytest.raises(CscError, match="no section 'leavers'; sections: early_help"):
        model.choose_sections("cla,leavers")


def test_a_pack_of_chosen_sections_holds_those_only(
    computed_store: Callable[[int], Path],
) -> None:
    pack = model.build(computed_store(1), "2021-03", sections=("cla", "care_leavers"))
    assert [s.area for s in pack.sections] == ["cla", "care_leavers"]
    assert "Sections: Children looked after, Care leavers" in pack.scope
    whole = model.build(computed_store(1), "2021-03")
    assert {s.area for s in whole.sections} > {"cla", "care_leavers"} and not whole.scope


def _service_with_most_indicators(store: Path) -> str:
    con = db.connect(store, read_only=True)
    try:
        (name,) = con.execute(
            """SELECT name FROM results_by_team WHERE level = 'service'
               GROUP BY name ORDER BY count(DISTINCT indicator_id) DESC, name LIMIT 1"""
        ).fetchone() or ("",)
    finally:
        con.close()
    return str(name)


def test_a_service_pack_shows_the_service_s_own_figures(
    computed_store: Callable[[int], Path],
) -> None:
    store = computed_store(1)
    service = _service_with_most_indicators(store)
    pack = model.build(store, "2021-03", unit=model.Unit("service", service))
    con = db.connect(store, read_only=True)
    try:
        expected = dict(
            con.execute(
                """SELECT indicator_id, value FROM results_by_team
                   WHERE level = 'service' AND name = ? AND period_id = '2021-03'""",
                [service],
            ).fetchall()
        )
        borough = dict(
            con.execute(
                "SELECT indicator_id, value FROM results WHERE period_id = '2021-03'"
            ).fetchall()
        )
    finally:
        con.close()
    rows = pack.rows()
    assert rows and all(r.indicator.team for r in rows)
    assert all(not r.comparators for r in rows)  # the borough's comparators are not the service's
    shown = {r.indicator.id: r.months[-1].value for r in rows if r.months[-1].value is not None}
    assert shown == expected
    assert any(borough[i] != v for i, v in shown.items())  # not the borough's figures
    assert service in pack.scope and len(pack.months) == 12


def test_an_unknown_team_is_refused_with_the_nearest(
    computed_store: Callable[[int], Path],
) -> None:
    store = computed_store(1)
    service = _service_with_most_indicators(store)
    with pytest.raises(CscError, match=f"did you mean '{service}'"):
        model.build(store, "2021-03", unit=model.Unit("service", service[:-1]))


def test_csc_report_service_and_sections_and_show_by(
    computed_store: Callable[[int], Path], tmp_path: Path
) -> None:
    store = computed_store(1)
    service = _service_with_most_indicators(store)
    runner = CliRunner()
    out = tmp_path / "pack"
    got = runner.invoke(
        main,
        ["report", "--store", str(store), "--out", str(out), "--service", service],
    )
    assert got.exit_code == 0, got.output
    book = openpyxl.load_workbook(out / "pack.xlsx", read_only=True)
    summary = [c for row in book.worksheets[0].iter_rows(values_only=True) for c in row if c]
    assert any(service in str(c) and "only" in str(c) for c in summary)
    assert f"Figures for the service {service} only" in (out / "pack.html").read_text()

    ind = next(i for i in catalogue.load() if i.team)
    shown = runner.invoke(
        main, ["show", ind.id, "--by", "service", "--period", "2021-03", "--store", str(store)]
    )
    assert shown.exit_code == 0, shown.output
    assert service in shown.output and "Whole authority" in shown.output
    plain = next(i for i in catalogue.load() if not i.team)
    refused = runner.invoke(main, ["show", plain.id, "--by", "team", "--store", str(store)])
    assert refused.exit_code != 0 and "has no figures by team" in refused.output


def test_a_pack_of_the_education_section_alone_has_no_empty_kpi_pages(
    computed_store: Callable[[int], Path], tmp_path: Path
) -> None:
    """`--sections education`: the education section (its monthly figures from the results)
    with no Performance tables and no trend charts, which would be empty pages."""
    import pypdfium2 as pdfium

    out = tmp_path / "pack"
    store = str(computed_store(1))
    r = CliRunner().invoke(
        main, ["report", "--store", store, "--out", str(out), "--sections", "education"]
    )
    assert r.exit_code == 0, r.output
    html = (out / "pack.html").read_text("utf-8")
    assert 'id="education"' in html and "Sections: Education" in html
    assert 'id="tables"' not in html and 'id="trend-charts"' not in html
    assert "each section below has its own summary" in html
    assert "Nothing to report this month" not in html  # the empty KPI summary's words
    pdf = pdfium.PdfDocument(out / "pack.pdf")
    pages = [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]
    assert not any("Performance tables" in p for p in pages)
    assert all(p.strip() for p in pages)  # no blank page
    assert any(p.lstrip().startswith("Education") for p in pages)
