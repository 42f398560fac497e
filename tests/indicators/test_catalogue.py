"""The catalogue loader reports every problem with its file and line."""

from __future__ import annotations

import re
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
    bad = GOOD + GOOD.replace("polarity: none", "polarity: up").replace(
        "unit: count", "unit: pct"
    ).replace("[ssd_cin_episodes]", "[ssd_referrals]").replace("working_days: e, ", "")
    with pytest.raises(CatalogueError) as e:
        load_from(make(tmp_path, bad))
    text = "\n".join(e.value.problems)
    assert "catalogue/area.yaml:10: polarity 'up' is not one of BIB, SIB, none" in text
    assert "catalogue/area.yaml:10: unit 'pct'" in text
    assert "catalogue/area.yaml:10: unknown table 'ssd_referrals'" in text
    assert "catalogue/area.yaml:10: definition.working_days missing" in text


def test_duplicate_ids_and_missing_sql(tmp_path: Path) -> None:
    with pytest.raises(CatalogueError) as e:
        load_from(
            make(
                tmp_path,
                GOOD + GOOD.replace("id: X 1", "id: X 2"),
                {"x_1.sql": "SELECT 1 FROM ssd_cin_episodes"},
            )
        )
    assert any("sql/x_2.sql not found" in p for p in e.value.problems)
    with pytest.raises(CatalogueError) as e:
        load_from(make(tmp_path / "b", GOOD + GOOD))
    assert any("id 'X 1' already used at catalogue/area.yaml:1" in p for p in e.value.problems)


def test_sql_must_read_the_tables_it_lists(tmp_path: Path) -> None:
    with pytest.raises(CatalogueError, match="does not read ssd_cin_episodes"):
        load_from(make(tmp_path, GOOD, {"x_1.sql": "SELECT 1 FROM ssd_contacts"}))


def test_targets_need_a_polarity_and_a_year(tmp_path: Path) -> None:
    with pytest.raises(CatalogueError) as e:
        load_from(
            make(
                tmp_path, GOOD.replace("  tables:", "  target: {2020: 5, 2020-21: high}\n  tables:")
            )
        )
    text = "\n".join(e.value.problems)
    assert "target 2020: 5 is not 'yyyy-yy: number'" in text
    assert "target 2020-21: 'high'" in text


def test_the_shipped_catalogue_is_valid() -> None:
    inds = catalogue.load()
    assert len({i.id for i in inds}) == len(inds)
    order = list(catalogue.AREAS)
    assert [order.index(i.area) for i in inds] == sorted(order.index(i.area) for i in inds)


def shared(tmp_path: Path, files: dict[str, str]) -> None:
    (tmp_path / "sql" / "shared").mkdir()
    for name, text in files.items():
        (tmp_path / "sql" / "shared" / name).write_text(text)


def test_tables_read_through_shared_views_count(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(catalogue, "SHARED", ("plans", "cohort"))
    entry = GOOD.replace("[ssd_cin_episodes]", "[ssd_cin_episodes, ssd_cp_plans, ssd_cla_episodes]")
    root = make(tmp_path, entry, {"x_1.sql": "-- X 1: children.\nSELECT person_id FROM cohort"})
    shared(
        tmp_path,
        {
            "plans.sql": "-- reads ssd_contacts only in a comment\nCREATE OR REPLACE TEMP VIEW plans AS SELECT * FROM ssd_cp_plans;",
            # cohort reads plans, so ssd_cp_plans as well.
            "cohort.sql": "CREATE OR REPLACE TEMP VIEW cohort AS SELECT * FROM plans, ssd_cla_episodes, ssd_cin_episodes;",
        },
    )
    assert catalogue.shared_reads(root) == {
        "plans": frozenset({"ssd_cp_plans"}),
        "cohort": frozenset({"ssd_cp_plans", "ssd_cla_episodes", "ssd_cin_episodes"}),
    }
    (ind,) = load_from(root)
    assert ind.tables == ("ssd_cin_episodes", "ssd_cp_plans", "ssd_cla_episodes")


def test_a_shared_view_s_tables_must_be_listed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(catalogue, "SHARED", ("plans",))
    root = make(tmp_path, GOOD, {"x_1.sql": "SELECT 1 FROM ssd_cin_episodes JOIN plans USING (x)"})
    shared(
        tmp_path, {"plans.sql": "CREATE OR REPLACE TEMP VIEW plans AS SELECT * FROM ssd_cp_plans;"}
    )
    with pytest.raises(CatalogueError, match="reads ssd_cp_plans through shared plans; list it"):
        load_from(root)


def test_a_view_named_only_in_a_comment_is_not_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(catalogue, "SHARED", ("plans",))
    root = make(tmp_path, GOOD, {"x_1.sql": "-- unlike plans\nSELECT 1 FROM ssd_cin_episodes"})
    shared(
        tmp_path, {"plans.sql": "CREATE OR REPLACE TEMP VIEW plans AS SELECT * FROM ssd_cp_plans;"}
    )
    assert len(load_from(root)) == 1


def test_shared_files_must_be_in_the_engine_s_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(catalogue, "SHARED", ("plans", "gone"))
    root = make(tmp_path, GOOD)
    shared(
        tmp_path, {"plans.sql": "CREATE OR REPLACE TEMP VIEW plans AS SELECT 1;", "stray.sql": ""}
    )
    with pytest.raises(CatalogueError) as e:
        load_from(root)
    assert set(e.value.problems) == {
        "sql/shared/stray.sql: not in catalogue.SHARED, so the engine would not create it",
        "sql/shared/gone.sql not found (listed in catalogue.SHARED)",
    }


def test_the_shipped_shared_views() -> None:
    reads = catalogue.shared_reads()
    assert reads["under_18_population"] == {"ext_population", "periods"}
    assert (
        reads["looked_after"]
        == reads["looked_after_on"]
        == {
            "ssd_cla_episodes",
            "ssd_legal_status",
            "periods",
        }
    )
    assert reads["on_cp_plan"] == {"ssd_cp_plans", "periods"}
    assert reads["cin_plan_cohort"] == {
        "ssd_cin_plans",
        "ssd_cp_plans",
        "ssd_cla_episodes",
        "ssd_legal_status",
        "periods",
    }


PUBLISHED = """\
- id: P 1
  title: Attainment
  area: education
  frequency: annual
  polarity: BIB
  unit: score
  comparators: {dfe: "avg_att8; gender=Total"}
  definition: {numerator: a, denominator: b, period: c, dates: d, working_days: e, exclusions: f, source: g}
"""


def test_a_published_annual_figure_is_in_the_catalogue_but_not_computed(tmp_path: Path) -> None:
    root = make(tmp_path, GOOD + PUBLISHED)
    assert [i.id for i in load_from(root)] == ["X 1"]  # what `csc compute` computes
    (figure,) = catalogue._load_all(root)[1]
    assert (figure.id, figure.unit, figure.dfe, figure.line) == (
        "P 1", "score", "avg_att8; gender=Total", 10
    )  # fmt: skip


def test_a_published_entry_s_problems_are_named(tmp_path: Path) -> None:
    bad = PUBLISHED.replace("unit: score", "unit: pct").replace("working_days: e, ", "")
    bad += "  kind: flow\n"
    with pytest.raises(CatalogueError) as e:
        load_from(make(tmp_path, bad + GOOD.replace("id: X 1", "id: P 1")))
    text = "\n".join(e.value.problems)
    assert "catalogue/area.yaml:1: unit 'pct' is not one of percent, count, score" in text
    assert "catalogue/area.yaml:1: definition.working_days missing" in text
    assert "catalogue/area.yaml:1: kind given, but a published figure is not computed" in text
    # One id for one indicator, computed or published.
    good = make(
        tmp_path / "b",
        PUBLISHED + GOOD.replace("id: X 1", "id: P 1"),
        {"p_1.sql": "SELECT 1 FROM ssd_cin_episodes"},
    )
    with pytest.raises(
        CatalogueError, match=re.escape("id 'P 1' already used at catalogue/area.yaml:1")
    ):
        load_from(good)


def test_the_shipped_education_area_has_its_monthly_and_annual_indicators() -> None:
    monthly = [i.id for i in catalogue.load() if i.area == "education"]
    annual = [p.id for p in catalogue.published_figures() if p.area == "education"]
    assert len(monthly) == 20 and len(annual) == 13
    assert "KS4 1" in annual and "EXC 1" in monthly
    with pytest.raises(catalogue.CscError, match=r"KS4 1 .* is a published annual figure"):
        catalogue.get("ks4 1")
