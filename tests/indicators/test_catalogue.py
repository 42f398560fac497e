"""The catalogue loader reports every problem with its file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from csc_insight.indicators import catalogue
from csc_insight.indicators.catalogue import CatalogueError, load_from

GOOD = """\
- id: X 1
  title: Referrals
  area: front_door
  polarity: none
  unit: count
  kind: flow
  subject: referral
  tables: [ssd_cin_episodes]
  definition: {numerator: a, denominator: b, period: c, dates: d, working_days: e, exclusions: f, source: g}
"""


def make(tmp_path: Path, yaml_text: str, sql: dict[str, str] | None = None) -> Path:
    (tmp_path / "catalogue").mkdir(parents=True)
    (tmp_path / "sql").mkdir()
    (tmp_path / "catalogue" / "area.yaml").write_text(yaml_text)
    for name, text in (sql or {"x_1.sql": "SELECT 1 FROM ssd_cin_episodes"}).items():
        (tmp_path / "sql" / name).write_text(text)
    return tmp_path


def test_a_good_entry_loads(tmp_path: Path) -> None:
    (ind,) = load_from(make(tmp_path, GOOD))
    assert (ind.id, ind.aggregate, ind.tolerance, ind.line) == ("X 1", "sum", 0.10, 1)


def test_every_problem_is_reported_with_file_and_line(tmp_path: Path) -> None:
    bad = GOOD + GOOD.replace("polarity: none", "polarity: up").replace("unit: count", "unit: pct").replace(
        "[ssd_cin_episodes]", "[ssd_referrals]"
    ).replace("working_days: e, ", "")
    with pytest.raises(CatalogueError) as e:
        load_from(make(tmp_path, bad))
    text = "\n".join(e.value.problems)
    assert "catalogue/area.yaml:10: polarity 'up' is not one of BIB, SIB, none" in text
    assert "catalogue/area.yaml:10: unit 'pct'" in text
    assert "catalogue/area.yaml:10: unknown table 'ssd_referrals'" in text
    assert "catalogue/area.yaml:10: definition.working_days missing" in text


def test_duplicate_ids_and_missing_sql(tmp_path: Path) -> None:
    with pytest.raises(CatalogueError) as e:
        load_from(make(tmp_path, GOOD + GOOD.replace("id: X 1", "id: X 2"), {"x_1.sql": "SELECT 1 FROM ssd_cin_episodes"}))
    assert any("sql/x_2.sql not found" in p for p in e.value.problems)
    with pytest.raises(CatalogueError) as e:
        load_from(make(tmp_path / "b", GOOD + GOOD))
    assert any("id 'X 1' already used at catalogue/area.yaml:1" in p for p in e.value.problems)


def test_sql_must_read_the_tables_it_lists(tmp_path: Path) -> None:
    with pytest.raises(CatalogueError, match="does not read ssd_cin_episodes"):
        load_from(make(tmp_path, GOOD, {"x_1.sql": "SELECT 1 FROM ssd_contacts"}))


def test_targets_need_a_polarity_and_a_year(tmp_path: Path) -> None:
    with pytest.raises(CatalogueError) as e:
        load_from(make(tmp_path, GOOD.replace("  tables:", "  target: {2020: 5, 2020-21: high}\n  tables:")))
    text = "\n".join(e.value.problems)
    assert "target 2020: 5 is not 'yyyy-yy: number'" in text
    assert "target 2020-21: 'high'" in text


def test_the_shipped_catalogue_is_valid() -> None:
    inds = catalogue.load()
    assert len({i.id for i in inds}) == len(inds)
    order = list(catalogue.AREAS)
    assert [order.index(i.area) for i in inds] == sorted(order.index(i.area) for i in inds)
