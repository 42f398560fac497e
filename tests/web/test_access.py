"""Sign-in, roles, CSRF, the audit log and targets, through Django's test client against the real
web database and the published copy of the tiny borough."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.urls import URLPattern, get_resolver

from csc_insight.indicators import catalogue
from tests.web.conftest import PASSWORD, Site

#: Sample values for each URL parameter, so every pattern can be requested.
SAMPLES = {"area": "cp", "ident": "cp_13", "kind": "published", "pk": 1}
OPEN = {"sign-in"}


def every_url() -> list[tuple[str, str]]:
    """(name, path) of every pattern in the URL conf, not a hand-made list."""
    from django.urls import reverse

    out = []
    for p in get_resolver().url_patterns:
        assert isinstance(p, URLPattern)
        args = {k: SAMPLES[k] for k in p.pattern.regex.groupindex}
        out.append((str(p.name), reverse(str(p.name), kwargs=args)))
    return out


def signed_in(role: str, **options: Any) -> Client:
    """A client signed in through the sign-in page, as a person would."""
    c = Client(**options)
    r = c.post("/sign-in/", {"username": role, "password": PASSWORD})
    assert r.status_code == 302 and r["Location"] == "/", r.content[:300]
    return c


def test_every_url_but_sign_in_is_closed_to_the_signed_out(site: Site) -> None:
    urls = every_url()
    assert len(urls) >= 12
    c = Client()
    for name, path in urls:
        for method in ("get", "post"):
            r = getattr(c, method)(path)
            if name in OPEN:
                assert r.status_code in (200, 302, 403), (name, method)  # 403: POST without CSRF
                continue
            if method == "get" and not path.endswith(".csv"):
                assert r.status_code == 302 and r["Location"].startswith("/sign-in/"), name
            else:
                assert r.status_code in (401, 403), (name, method, r.status_code)
            assert "P0" not in r.content.decode(errors="replace")


def test_static_assets_are_served_without_sign_in(site: Site) -> None:
    c = Client()
    for path in ("/static/web/app.css", "/static/web/app.js", "/static/web/govuk.css"):
        r = c.get(path)
        assert r.status_code == 200, path


def test_security_headers(site: Site) -> None:
    r = signed_in("viewer").get("/")
    csp = r["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "frame-ancestors 'none'" in csp and r["X-Frame-Options"] == "DENY"
    assert r["X-Content-Type-Options"] == "nosniff"
    # No inline script or style attribute anywhere the CSP would have to allow.
    html = r.content.decode()
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)
    assert " style=" not in html and " onclick=" not in html


@pytest.mark.parametrize("role", ["viewer", "manager", "analyst", "admin"])
def test_each_role_reads_the_aggregate_pages(site: Site, role: str) -> None:
    c = signed_in(role)
    for path in ("/", "/area/cp/", "/area/workforce/", "/indicator/cp_13/", "/data/"):
        r = c.get(path)
        assert r.status_code == 200, (role, path)


def test_a_viewer_never_reaches_a_child(site: Site) -> None:
    """Every child list, by every URL and indicator: 403; and no person id in any page."""
    c = signed_in("viewer")
    for ind in catalogue.load():
        for path in (f"/indicator/{ind.slug}/children/", f"/indicator/{ind.slug}/children.csv"):
            for query in ("", "?period=2021-03", "?period=2021-03&not_met=1"):
                assert c.get(path + query).status_code == 403, path + query
    people = set(site.people)
    for path in ("/", "/area/cla/", "/indicator/cla_10/", "/data/", "/indicator/cp_13/"):
        page = c.get(path).content.decode()
        assert not people & set(re.findall(r"\b\w+\b", page)), path
        assert "List them" not in page  # no drill-down offered
    assert c.get("/pack/internal/").status_code == 403
    assert c.get("/targets/").status_code == 403 and c.get("/audit/").status_code == 403


def test_a_viewer_sees_small_numbers_suppressed(site: Site) -> None:
    viewer = signed_in("viewer").get("/indicator/cla_10/").content.decode()
    analyst = signed_in("analyst").get("/indicator/cla_10/").content.decode()
    assert "small numbers are suppressed" in viewer and "OFFICIAL-SENSITIVE" in analyst


def _audit_rows() -> list[Any]:
    from csc_insight.web.models import AuditEntry

    return list(AuditEntry.objects.order_by("-id"))


def test_an_analyst_s_drill_down_is_audited_with_the_children(site: Site) -> None:
    from csc_insight.web.models import AuditEntry

    c = signed_in("analyst")
    before = AuditEntry.objects.count()
    r = c.get("/indicator/cp_13/children/?period=2021-03")
    assert r.status_code == 200
    page = r.content.decode()
    entry = _audit_rows()[0]
    assert AuditEntry.objects.count() == before + 1
    assert (entry.user_name, entry.action, entry.indicator_id, entry.period_id) == (
        "analyst", "children", "CP 13", "2021-03",
    )  # fmt: skip
    listed = entry.children.split(",")
    assert entry.count == len(listed) > 0 and all(p in page for p in listed)
    csv = c.get("/indicator/cp_13/children.csv?period=2021-03&not_met=1")
    assert csv.status_code == 200 and csv["Content-Type"].startswith("text/csv")
    assert csv.content.decode().startswith("# OFFICIAL-SENSITIVE")
    assert _audit_rows()[0].action == "children-csv (not met)"


def test_a_manager_sees_only_their_teams_children(site: Site) -> None:
    from csc_insight.web.models import AuditEntry

    analyst = signed_in("analyst").get("/indicator/cla_10/children/?period=2021-03")
    everyone = _audit_rows()[0].children.split(",")
    manager = signed_in("manager").get("/indicator/cla_10/children/?period=2021-03")
    assert analyst.status_code == manager.status_code == 200
    theirs = AuditEntry.objects.order_by("-id").first()
    assert theirs is not None and theirs.user_name == "manager"
    mine = [p for p in theirs.children.split(",") if p]
    assert set(mine) < set(everyone)  # fewer, and only those listed are recorded
    page = manager.content.decode()
    assert not {p for p in everyone if p not in mine} & set(re.findall(r"\b\w+\b", page))
    # Workers' own records are for analysts.
    assert signed_in("manager").get("/indicator/w1/children/").status_code == 404


def test_the_audit_log_cannot_be_changed(site: Site) -> None:
    from csc_insight.web.models import AppendOnly, AuditEntry

    signed_in("analyst").get("/indicator/cp_13/children/?period=2021-03")
    entry = AuditEntry.objects.order_by("-id").first()
    assert entry is not None
    entry.user_name = "someone else"
    with pytest.raises(AppendOnly):
        entry.save()
    with pytest.raises(AppendOnly):
        entry.delete()
    # Below the application too: the database refuses (a trigger).
    with pytest.raises(Exception, match="append-only"), connection.cursor() as cur:
        cur.execute("UPDATE csc_web_auditentry SET user_name = 'x' WHERE id = %s", [entry.pk])
    with pytest.raises(Exception, match="append-only"), connection.cursor() as cur:
        cur.execute("DELETE FROM csc_web_auditentry")


def test_only_an_admin_reads_and_exports_the_audit_log(site: Site) -> None:
    for role in ("viewer", "manager", "analyst"):
        c = signed_in(role)
        assert c.get("/audit/").status_code == 403 and c.get("/audit.csv").status_code == 403
    admin = signed_in("admin")
    assert "Audit log" in admin.get("/audit/").content.decode()
    csv = admin.get("/audit.csv")
    assert csv.status_code == 200 and "children" in csv.content.decode()
    assert _audit_rows()[0].action == "audit-export"


def test_csrf_is_enforced_on_every_post(site: Site) -> None:
    c = Client(enforce_csrf_checks=True)
    page = c.get("/sign-in/").content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert token
    r = c.post("/sign-in/", {"username": "analyst", "password": PASSWORD})
    assert r.status_code == 403  # the sign-in form too
    r = c.post(
        "/sign-in/",
        {"username": "analyst", "password": PASSWORD, "csrfmiddlewaretoken": token[1]},
    )
    assert r.status_code == 302
    r = c.post("/targets/", {"indicator_id": "CP 13", "financial_year": "2020-21", "value": 50})
    assert r.status_code == 403
    assert c.post("/sign-out/").status_code == 403


def test_an_analyst_s_target_changes_the_rating_at_once(site: Site) -> None:
    from csc_insight.web.models import Target

    c = signed_in("analyst")

    def rating() -> str:
        page = c.get("/indicator/cp_13/").content.decode()
        found = re.search(r'app-rag app-rag--\w+">(\w+)<', page)
        assert found
        return found[1]

    before = rating()
    target = 0.0 if before != "Green" else 1000.0  # a target it meets, or one it cannot
    r = c.post(
        "/targets/",
        {"indicator_id": "CP 13", "financial_year": "2020-21", "value": target, "reason": "test"},
    )
    assert r.status_code == 302
    after = rating()
    assert after != before and after in ("Green", "Red")
    t = Target.objects.get(indicator_id="CP 13", financial_year="2020-21")
    assert (t.set_by, t.value) == ("analyst", target)
    # The command line reads the same target: the next compute rates against it.
    from csc_insight.indicators import targets

    assert targets.overrides(site.store)[("CP 13", "2020-21")] == (target, None)
    t.delete()
    assert rating() == before
    assert signed_in("viewer").post("/targets/", {}).status_code == 403


def test_sign_in_attempts_are_limited(site: Site) -> None:
    c = Client()
    for _ in range(5):
        r = c.post("/sign-in/", {"username": "viewer", "password": "wrong password 1"})
        assert r.status_code in (200, 429)
    r = c.post("/sign-in/", {"username": "viewer", "password": PASSWORD})
    assert r.status_code == 429  # locked, though the password is right
    from axes.utils import reset

    reset(username="viewer")
    signed_in("viewer")


def test_passwords_are_hashed_with_argon2(site: Site) -> None:
    from django.contrib.auth import get_user_model

    u = get_user_model().objects.get(username="viewer")
    assert u.password.startswith("argon2$argon2id$")


def test_the_pack_downloads_by_role(site: Site) -> None:
    """Everyone gets the published pack, as a PDF or a workbook opened again; only managers
    and above the internal one."""
    import io

    import openpyxl

    viewer = signed_in("viewer")
    pdf = viewer.get("/pack/published/")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    book = viewer.get("/pack/published/?format=xlsx")
    assert book.status_code == 200
    wb = openpyxl.load_workbook(io.BytesIO(book.content), read_only=True)
    assert len(wb.sheetnames) > 3
    assert viewer.get("/pack/internal/?format=xlsx").status_code == 403
    assert viewer.get("/pack/published/?format=docx").status_code == 404
    assert signed_in("manager").get("/pack/internal/?format=xlsx").status_code == 200
