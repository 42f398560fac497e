"""`csc demo` fills the dashboard's database (web_db.load_demo, as the demo calls it after the
pack is written): the seed papers' finance, projects and plan, the made-up costs for the
store's placements and the demo's education figures, by "demo", so every page has figures."""

from __future__ import annotations

import re

from csc_insight.costs import demo as costs_demo
from csc_insight.education import demo as education_demo
from csc_insight.reports.finance_inputs import seed_inputs
from csc_insight.store import web_db
from tests.web.conftest import Site
from tests.web.entered_figures import empty
from tests.web.test_access import signed_in


def test_the_demo_fills_every_page(site: Site) -> None:
    from csc_insight.web.models import EnteredChange

    empty(site)
    with web_db.connect(site.store, write=True) as con:
        con.execute("DELETE FROM csc_web_costline")
        con.execute("DELETE FROM csc_web_educationfigure")
    fin = seed_inputs()
    made_up = costs_demo.rows_from_store(site.store, 1)
    n = web_db.load_demo(site.store, fin.money, fin.delivery, made_up, education_demo.records())
    assert n > len(made_up) > 0
    assert EnteredChange.objects.exclude(changed_by="demo").count() == 0
    c = signed_in("finance")

    def words(path: str) -> str:
        r = c.get(path)
        assert r.status_code == 200, path
        return " ".join(re.sub(r"<[^>]+>", " ", r.content.decode()).split())

    assert "105,683" in words("/finance/")  # seed 000 Table 1
    assert "No projects yet" not in words("/delivery/")
    assert "No workstreams yet" not in words("/plan/")
    costs = words("/costs/")
    assert f"{len(made_up)} cost rows" in costs and "No cost rows yet" not in costs
    assert "Monthly figures" in words("/education/")
    # a second demo changes nothing it holds
    assert web_db.load_demo(site.store, fin.money, fin.delivery, made_up,
                            education_demo.records()) == 0  # fmt: skip
