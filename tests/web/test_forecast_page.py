"""The Forecast page through Django's test client against the real web database and the published
copy of the tiny borough: who may read it and who may adjust and save a scenario; a scenario moves
the forecast the way its rates say; bad input is refused with a message and nothing saved; no
child is ever on it."""

from __future__ import annotations

import re
from typing import Any

import pytest

from csc_insight.forecast import scenario as sc
from tests.web.conftest import Site
from tests.web.test_access import signed_in


def _n(text: str) -> int:
    return int(text.replace(",", ""))


def _rows(r: Any) -> dict[str, dict[str, Any]]:
    return {
        row["kind"] if row["kind"] != "saved" else row["label"]: row for row in r.context["rows"]
    }


@pytest.mark.parametrize("role", ["viewer", "manager"])
def test_viewers_and_managers_are_refused(site: Site, role: str) -> None:
    c = signed_in(role)
    assert c.get("/forecast/").status_code == 403
    assert c.post("/forecast/", {"name": "x", "entries": "0.5"}).status_code == 403
    assert 'href="/forecast/"' not in c.get("/").content.decode()


def test_a_finance_officer_reads_but_does_not_adjust(site: Site) -> None:
    c = signed_in("finance")
    r = c.get("/forecast/")
    page = r.content.decode()
    assert r.status_code == 200
    assert 'href="/forecast/"' in page  # in the menu
    assert 'data-probability="baseline"' in page and "<svg" in page
    assert 'name="entries"' not in page and 'name="target"' in page
    assert c.get("/forecast/?entries=0.8").status_code == 403
    before = sc.load_all(sc.scenario_file(site.store))
    r = c.post("/forecast/", {"name": "finance's", "entries": "0.5"})
    assert r.status_code == 403
    assert sc.load_all(sc.scenario_file(site.store)) == before


@pytest.mark.parametrize("role", ["analyst", "admin"])
def test_an_analyst_or_admin_has_the_form(site: Site, role: str) -> None:
    page = signed_in(role).get("/forecast/").content.decode()
    for lever in ("entries", "leave", "move"):
        assert f'name="{lever}"' in page


def test_more_entries_mean_more_children_and_less_chance_of_the_target(site: Site) -> None:
    c = signed_in("analyst")
    base = _rows(c.get("/forecast/"))["baseline"]
    target = _n(base["local"]["median"])  # a target the baseline meets about half the time
    query = f"target={target}&by=2023-03-31"
    r = c.get(f"/forecast/?entries=2&{query}")
    assert r.status_code == 200
    rows = _rows(r)
    b, s = rows["baseline"], rows["scenario"]
    assert _n(s["local"]["median"]) > _n(b["local"]["median"])
    assert _n(s["uasc"]["median"]) >= _n(b["uasc"]["median"])
    p_base, p_scen = (float(x["probability"].rstrip("%")) for x in (b, s))
    assert p_scen < p_base, (p_base, p_scen)
    page = r.content.decode()
    assert f'data-probability="scenario">{s["probability"]}<' in page


def test_more_leaving_means_fewer_and_only_for_the_group_chosen(site: Site) -> None:
    c = signed_in("analyst")
    rows = _rows(c.get("/forecast/?leave=2&group=local"))
    b, s = rows["baseline"], rows["scenario"]
    assert _n(s["local"]["median"]) < _n(b["local"]["median"])
    assert s["uasc"] == b["uasc"]  # the UASC rates untouched, the same random numbers


@pytest.mark.parametrize(
    ("query", "field", "words"),
    [
        ("entries=-0.5", "entries", "cannot be negative"),
        ("leave=-1", "leave", "cannot be negative"),
        ("move=lots", "move", "must be a number"),
        ("entries=50", "entries", "at most 5"),
        ("vacancy=150", "vacancy", "percentage"),
        ("by=31%2F13%2F2024", "by", "must be a date"),
        ("group=everyone", "group", "Choose whose rates"),
    ],
)
def test_bad_input_is_a_400_with_a_message(site: Site, query: str, field: str, words: str) -> None:
    r = signed_in("analyst").get(f"/forecast/?{query}")
    assert r.status_code == 400
    page = r.content.decode()
    assert "There is a problem" in page and words in page
    assert f'href="#{field}"' in page
    assert "scenario" not in _rows(r)  # nothing run on a bad scenario


def test_a_saved_scenario_is_kept_audited_and_compared(site: Site) -> None:
    from csc_insight.web.models import AuditEntry

    c = signed_in("analyst")
    r = c.post("/forecast/?entries=0.5", {"entries": "0.5", "name": "Fewer entries", "note": "n"})
    assert r.status_code == 302, r.content[:400]
    assert "compare=Fewer+entries" in r["Location"] and "saved=" in r["Location"]
    saved = sc.load_all(sc.scenario_file(site.store))["Fewer entries"]
    assert saved.changes == {"entries": sc.Change(0.5)} and saved.group == "both"
    entry = AuditEntry.objects.filter(action="forecast-scenario").first()
    assert entry is not None and entry.user_name == "analyst" and "Fewer entries" in entry.detail
    # A finance officer compares it with the baseline
    rows = _rows(signed_in("finance").get("/forecast/?compare=Fewer+entries"))
    assert _n(rows["Fewer entries"]["local"]["median"]) < _n(rows["baseline"]["local"]["median"])


def test_a_bad_save_is_refused_and_nothing_saved(site: Site) -> None:
    c = signed_in("analyst")
    before = sc.load_all(sc.scenario_file(site.store))
    for data, words in (
        ({"entries": "-2", "name": "Negative"}, "cannot be negative"),
        ({"entries": "0.8", "name": ""}, "Give the scenario a name"),
        ({"entries": "1", "name": "No change"}, "Change at least one"),
    ):
        r = c.post("/forecast/", data)
        assert r.status_code == 400 and words in r.content.decode(), data
    assert sc.load_all(sc.scenario_file(site.store)) == before


def test_no_child_is_on_the_page(site: Site) -> None:
    page = signed_in("admin").get("/forecast/?entries=1.3").content.decode()
    words = set(re.findall(r"\b\w+\b", page))
    assert not words & set(site.people)
