"""The admin's Users page: list, add, change role and teams, deactivate and reactivate, reset a
password; each change audited; the last admin kept; `csc user add/list` on the same rules."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.test import Client

from tests.web.conftest import PASSWORD, ROLES, Site
from tests.web.test_access import signed_in

NEW_PASSWORD = "another-long-phrase-42"  # noqa: S105 - a test user's


@pytest.fixture(autouse=True)
def only_the_four(site: Site) -> Iterator[None]:
    """Users a test adds are gone after it, and the four roles as they were."""
    yield
    from django.contrib.auth import get_user_model

    from csc_insight.web.models import Profile

    get_user_model().objects.exclude(username__in=ROLES).delete()
    for role in ROLES:
        u = get_user_model().objects.get(username=role)
        u.is_active = True
        u.set_password(PASSWORD)
        u.save()
        Profile.objects.filter(user=u).update(
            role=role, teams=site.team if role == "manager" else ""
        )


def _pk(name: str) -> int:
    from django.contrib.auth import get_user_model

    return int(get_user_model().objects.get(username=name).pk)


def _last_audit() -> tuple[str, str, str]:
    from csc_insight.web.models import AuditEntry

    e = AuditEntry.objects.order_by("-id").first()
    assert e is not None
    return e.user_name, e.action, e.detail


@pytest.mark.parametrize("role", ["viewer", "manager", "analyst"])
def test_only_an_admin_reaches_the_users_pages(site: Site, role: str) -> None:
    c = signed_in(role)
    pk = _pk("viewer")
    for path in ("/users/", f"/users/{pk}/"):
        assert c.get(path).status_code == 403
        assert c.post(path, {"do": "deactivate"}).status_code == 403
    assert c.post("/users/", {"name": "x", "role": "admin", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}).status_code == 403  # fmt: skip
    from django.contrib.auth import get_user_model

    assert get_user_model().objects.filter(is_active=True).count() == len(ROLES)


def test_the_list_shows_role_teams_last_sign_in_and_active(site: Site) -> None:
    page = signed_in("admin").get("/users/").content.decode()
    for role in ROLES:
        assert f'<td class="govuk-table__cell">{role}</td>' in page
    assert site.team in page and "Last signed in" in page and "Add a user" in page


def test_adding_a_user_who_then_signs_in(site: Site) -> None:
    admin = signed_in("admin")
    r = admin.post(
        "/users/", {"name": "jo", "role": "analyst", "password1": "short", "password2": "short"}
    )
    assert r.status_code == 200
    page = r.content.decode()
    assert (
        "There is a problem" in page
        and 'href="#add-password1"' in page
        and "govuk-input--error" in page
    )
    r = admin.post(
        "/users/",
        {"name": "jo", "role": "manager", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert r.status_code == 200 and "Enter the manager" in r.content.decode()  # no teams
    r = admin.post(
        "/users/",
        {"name": "jo", "role": "analyst", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert r.status_code == 302
    assert _last_audit() == ("admin", "user-add", "jo: added as analyst")
    assert admin.get("/users/").content.decode().count(">jo<") == 1
    c = Client()
    assert c.post("/sign-in/", {"username": "jo", "password": NEW_PASSWORD}).status_code == 302
    assert c.get("/commentary/").status_code == 200  # an analyst
    r = admin.post(
        "/users/",
        {"name": "jo", "role": "viewer", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert r.status_code == 200 and "already a user" in r.content.decode()


def test_a_new_role_and_teams_apply_at_once(site: Site) -> None:
    viewer, admin = signed_in("viewer"), signed_in("admin")
    assert viewer.get("/indicator/cla_10/children/?period=2021-03").status_code == 403
    pk = _pk("viewer")
    r = admin.post(f"/users/{pk}/", {"do": "role", "role": "manager", "teams": ""})
    assert r.status_code == 200 and "Enter the manager" in r.content.decode()
    r = admin.post(f"/users/{pk}/", {"do": "role", "role": "manager", "teams": site.team})
    assert r.status_code == 302
    assert _last_audit() == (
        "admin",
        "user-role",
        f"viewer: role viewer → manager (teams {site.team})",
    )
    assert viewer.get("/indicator/cla_10/children/?period=2021-03").status_code == 200


def test_deactivating_signs_out_and_reactivating_lets_in(site: Site) -> None:
    analyst, admin = signed_in("analyst"), signed_in("admin")
    pk = _pk("analyst")
    assert admin.post(f"/users/{pk}/", {"do": "deactivate"}).status_code == 302
    assert _last_audit() == ("admin", "user-active", "analyst: deactivated")
    assert analyst.get("/").status_code == 302  # to sign in
    assert (
        Client().post("/sign-in/", {"username": "analyst", "password": PASSWORD}).status_code == 200
    )
    assert (
        '<strong class="govuk-tag govuk-tag--grey">no</strong>'
        in admin.get("/users/").content.decode()
    )
    assert admin.post(f"/users/{pk}/", {"do": "reactivate"}).status_code == 302
    assert _last_audit() == ("admin", "user-active", "analyst: reactivated")
    signed_in("analyst")


def test_a_reset_password_replaces_the_old_one(site: Site) -> None:
    viewer, admin = signed_in("viewer"), signed_in("admin")
    pk = _pk("viewer")
    r = admin.post(
        f"/users/{pk}/", {"do": "password", "password1": NEW_PASSWORD, "password2": "not the same"}
    )
    assert r.status_code == 200 and "not the same" in r.content.decode()
    r = admin.post(
        f"/users/{pk}/", {"do": "password", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )
    assert r.status_code == 302
    assert _last_audit() == ("admin", "user-password", "viewer: password reset")
    assert viewer.get("/").status_code == 302  # the old session ends
    assert (
        Client().post("/sign-in/", {"username": "viewer", "password": PASSWORD}).status_code == 200
    )
    assert (
        Client().post("/sign-in/", {"username": "viewer", "password": NEW_PASSWORD}).status_code
        == 302
    )


def test_the_last_admin_cannot_demote_or_deactivate_themselves(site: Site) -> None:
    from csc_insight.web.models import Profile

    admin = signed_in("admin")
    pk = _pk("admin")
    r = admin.post(f"/users/{pk}/", {"do": "role", "role": "analyst", "teams": ""})
    assert r.status_code == 200 and "only active admin" in r.content.decode()
    r = admin.post(f"/users/{pk}/", {"do": "deactivate"})
    assert r.status_code == 200 and "only active admin" in r.content.decode()
    assert (
        Profile.objects.get(user_id=pk).role == "admin" and admin.get("/users/").status_code == 200
    )
    # With a second admin, the first may step down.
    admin.post(f"/users/{_pk('analyst')}/", {"do": "role", "role": "admin", "teams": ""})
    assert (
        admin.post(f"/users/{pk}/", {"do": "role", "role": "analyst", "teams": ""}).status_code
        == 302
    )
    assert admin.get("/users/").status_code == 403


def test_csc_user_add_and_list_share_the_rules_and_the_audit(site: Site) -> None:
    csc = str(Path(sys.executable).with_name("csc"))
    env = {**os.environ, "CSC_STORE": str(site.store)}
    added = subprocess.run(
        [csc, "user", "add", "sam", "--role", "viewer", "--password-stdin", "--store", str(site.store)],
        input=NEW_PASSWORD + "\n", capture_output=True, text=True, env=env, check=False,
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    user, action, detail = _last_audit()
    assert (action, detail) == ("user-add", "sam: added as viewer") and user.endswith("(csc user)")
    listed = subprocess.run(
        [csc, "user", "list", "--store", str(site.store)], capture_output=True, text=True, env=env, check=True
    )  # fmt: skip
    assert "sam" in listed.stdout and "viewer" in listed.stdout
    again = subprocess.run(
        [csc, "user", "add", "sam", "--role", "viewer", "--password-stdin", "--store", str(site.store)],
        input=NEW_PASSWORD + "\n", capture_output=True, text=True, env=env, check=False,
    )  # fmt: skip
    assert again.returncode != 0 and "already a user" in again.stdout + again.stderr
    assert ">sam<" in signed_in("admin").get("/users/").content.decode()
