"""The dashboard on the tiny synthetic borough: a store loaded, computed and published, Django
set up on a web database beside it (SQLite, or the PostgreSQL of CSC_TEST_DATABASE_URL), and a
user of each role. The environment is restored when the session ends."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from csc_insight.indicators.engine import compute
from csc_insight.store import db
from csc_insight.store.load import ingest
from csc_insight.synth.outputs import write_outputs

PASSWORD = "correct-horse-battery-9"  # noqa: S105 - a test user's, on a throwaway database
ROLES = ("viewer", "finance", "manager", "analyst", "admin")


@dataclass
class Site:
    store: Path
    root: Path
    team: str  # the manager's team
    people: list[str]  # every person id in the store


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    root = tmp_path_factory.mktemp("web")
    write_outputs(
        root / "sources", size="tiny", years=2, seed=1, end=date(2021, 3, 31),
        formats=["ssd"], regimes=[],
    )  # fmt: skip
    store = root / "store.duckdb"
    ingest([root / "sources" / "ssd"], store)
    compute(store)
    con = db.connect(store, read_only=True)
    try:
        (team,) = con.execute(
            """SELECT invo_professional_team FROM ssd_involvements
               WHERE invo_professional_team IS NOT NULL
               GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1"""
        ).fetchone() or ("",)
        people = [p for (p,) in con.execute("SELECT pers_person_id FROM ssd_person").fetchall()]
    finally:
        con.close()
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("CSC_STORE", str(store))
        mp.delenv("CSC_WEB_DB", raising=False)
        if url := os.environ.get("CSC_TEST_DATABASE_URL"):
            mp.setenv("CSC_DATABASE_URL", url)
        from csc_insight.web.setup import django_for, publish_first

        publish_first(store)
        django_for(store)
        from django.contrib.auth import get_user_model
        from django.test.utils import setup_test_environment

        setup_test_environment()  # the test client's host name allowed

        from csc_insight.web import users
        from csc_insight.web.models import AuditEntry, Profile, Target

        # A shared PostgreSQL database may hold an earlier run's rows: start from none.
        Target.objects.all().delete()
        Profile.objects.all().delete()
        get_user_model().objects.all().delete()
        for role in ROLES:
            users.add(role, role, PASSWORD, [team] if role == "manager" else [])
        assert AuditEntry.objects.model is AuditEntry
        yield Site(store, root, team, people)


@pytest.fixture(scope="module")
def server(site: Site) -> Iterator[str]:
    """`csc serve` on the site's store for a module's browser tests: its address
    (tests/web/browser.py)."""
    from tests.web.browser import serving  # it imports this module: here, not at the top

    with serving(site) as base:
        yield base
