"""Rendered pages kept per process (web/_cache().py): nothing crosses from one role to another,
the user's name and CSRF token are each request's own, and a new published copy, target or
commentary edit is a new page. Sessions are renewed without a write on every page, and still end
when idle."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from tests.web.conftest import PASSWORD, Site
from tests.web.test_access import signed_in


def _cache() -> Any:
    from csc_insight.web import pagecache  # after Django is set up (the site fixture)

    return pagecache


PAGES = ("/", "/area/cla/", "/indicator/cla_10/", "/indicator/cp_13/")
INTERNAL = "OFFICIAL-SENSITIVE: every figure is shown"
PUBLISHED = "small numbers are suppressed"


def _pages(c: Client) -> dict[str, str]:
    out = {}
    for path in PAGES:
        r = c.get(path)
        assert r.status_code == 200, path
        out[path] = r.content.decode()
    return out


@pytest.mark.parametrize("first", ["manager", "analyst", "admin"])
def test_a_viewer_never_gets_a_page_cached_for_another_role(site: Site, first: str) -> None:
    _cache().clear()
    theirs = _pages(signed_in(first))
    viewer = _pages(signed_in("viewer"))
    people = set(site.people)
    for path in PAGES:
        assert INTERNAL in theirs[path] and INTERNAL not in viewer[path], path
        assert PUBLISHED in viewer[path], path
        assert "List them" not in viewer[path] and "/commentary/" not in viewer[path]
        assert not people & set(re.findall(r"\b\w+\b", viewer[path])), path
        assert f"Sign out {first}" in theirs[path] and "Sign out viewer" in viewer[path]


@pytest.mark.parametrize("then", ["manager", "analyst"])
def test_no_other_role_gets_a_page_cached_for_a_viewer(site: Site, then: str) -> None:
    _cache().clear()
    viewer = _pages(signed_in("viewer"))
    theirs = _pages(signed_in(then))
    for path in PAGES:
        assert PUBLISHED in viewer[path] and INTERNAL in theirs[path], path
    assert "List them" in theirs["/indicator/cla_10/"]
    assert ("/commentary/" in theirs["/"]) == (then == "analyst")


def test_each_request_has_its_own_name_and_a_csrf_token_that_works(site: Site) -> None:
    _cache().clear()
    tokens = []
    for _ in range(2):
        c = Client(enforce_csrf_checks=True)
        assert c.post("/sign-in/", {"username": "viewer", "password": PASSWORD}).status_code == 403
        page = c.get("/sign-in/").content.decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        assert token
        r = c.post(
            "/sign-in/",
            {"username": "viewer", "password": PASSWORD, "csrfmiddlewaretoken": token[1]},
        )
        assert r.status_code == 302
        home = c.get("/").content.decode()  # the second time, from the cache
        assert _cache().USER not in home and _cache().CSRF not in home
        mine = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', home)
        assert mine and "Sign out viewer" in home
        tokens.append(mine[1])
        assert c.post("/sign-out/", {"csrfmiddlewaretoken": mine[1]}).status_code == 302
        assert c.get("/").status_code == 302  # signed out
    assert tokens[0] != tokens[1]


def test_a_user_name_is_escaped_in_a_cached_page(site: Site) -> None:
    from django.contrib.auth import get_user_model

    from csc_insight.web.models import Profile

    # Not a name the Users page accepts; one from elsewhere (another version, the admin shell).
    user = get_user_model().objects.create_user(username="<b>eve</b>", password=PASSWORD + "x")
    Profile.objects.create(user=user, role="viewer")
    try:
        c = Client()
        assert (
            c.post("/sign-in/", {"username": "<b>eve</b>", "password": PASSWORD + "x"}).status_code
            == 302
        )
        page = c.get("/").content.decode()
        assert "Sign out &lt;b&gt;eve&lt;/b&gt;" in page and "<b>eve</b>" not in page
    finally:
        from django.contrib.auth import get_user_model

        get_user_model().objects.filter(username="<b>eve</b>").delete()


def test_a_new_published_copy_is_a_new_page(site: Site) -> None:
    from csc_insight.store import db, published
    from csc_insight.web import data

    c = signed_in("viewer")
    c.get("/")
    before = data.copy_path()
    assert any(before in k[0] for k in _cache().kept())  # type: ignore[index,operator]
    con = db.connect(site.store)
    try:
        after = published.publish(con, site.store)
    finally:
        con.close()
    assert after != before
    assert c.get("/").status_code == 200
    newest = _cache().kept()[-1]
    assert after in newest[0] and before not in newest[0]  # type: ignore[index,operator]


def test_a_session_is_not_written_on_every_page_but_renewed_and_ends_when_idle(site: Site) -> None:
    from django.contrib.sessions.models import Session

    c = signed_in("viewer")
    key = c.cookies["sessionid"].value
    c.get("/")
    first = Session.objects.get(session_key=key).expire_date
    c.get("/area/cp/")
    assert Session.objects.get(session_key=key).expire_date == first  # not written again
    # A minute on, the next page renews it.
    s = c.session
    s["_csc_renewed"] = int(timezone.now().timestamp()) - 61
    s.save()
    saved = Session.objects.get(session_key=key).expire_date
    c.get("/")
    assert Session.objects.get(session_key=key).expire_date > saved
    # Idle past its time: it has ended.
    Session.objects.filter(session_key=key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )
    r = c.get("/")
    assert r.status_code == 302 and r["Location"].startswith("/sign-in/")


def test_roles_that_see_the_same_figures_still_get_their_own_pages(site: Site) -> None:
    """Managers, analysts and admins see every figure, but not the same menu or offers."""
    _cache().clear()
    for first, then in (("analyst", "manager"), ("admin", "analyst"), ("manager", "admin")):
        _cache().clear()
        _pages(signed_in(first))
        theirs = _pages(signed_in(then))
        for path, page in theirs.items():
            assert f"Signed in as {then} ({then})" in page, (first, then, path)
            assert ('href="/targets/"' in page) == (then in ("analyst", "admin")), (first, then)
            assert ('href="/users/"' in page) == (then == "admin"), (first, then)
