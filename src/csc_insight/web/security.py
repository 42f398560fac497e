"""Middleware: a sign-in before any page, a Content Security Policy on every response, and
sessions renewed while used; the sign-in backend.

SignInRequired sends a signed-out request for any URL to the sign-in page (or 401 for a CSV),
except the sign-in page itself and the static assets: new URLs are closed by default, so a view
cannot be left open by forgetting a decorator. tests/web enumerate the URL conf to check it.

The CSP allows scripts, styles, images and fonts from this server only: no inline script or
style attribute (`unsafe-inline`) and no `eval`, which is why the charts use Vega's CSP-safe
expression interpreter. Frames are refused (frame-ancestors 'none', with X-Frame-Options).

RenewSession: a session ends after CSC_SESSION_MINUTES without a request (idle, not absolute).
Each request would renew it, but writing the session to the database on every page cost more
than the page (a commit each time); so it is written at most once every RENEW_SECONDS, and a
session ends between CSC_SESSION_MINUTES and that much less a minute after the last request.

ProfileBackend: Django's own, reading the user's Profile (role, teams) in the same query as the
user, one query fewer on every page.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import User
from django.contrib.auth.views import redirect_to_login
from django.db import connection, models
from django.http import HttpRequest, HttpResponse

CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

#: Paths anyone may request: the sign-in page and the static assets.
OPEN = ("/sign-in/", "/static/")


class ContentSecurityPolicy:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=()"
        )
        return response


class SignInRequired:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.user.is_authenticated and not request.path.startswith(OPEN):
            if request.method != "GET" or request.path.endswith(".csv"):
                return HttpResponse("Sign in first.", status=401, content_type="text/plain")
            return redirect_to_login(request.get_full_path())
        return self.get_response(request)


#: How often a session in use is written again, renewing its idle expiry.
RENEW_SECONDS = 60
_RENEWED = "_csc_renewed"


class RenewSession:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session = request.session
        if session.session_key is not None:
            now = int(time.time())
            if now - int(session.get(_RENEWED, 0)) >= RENEW_SECONDS:
                session[_RENEWED] = now  # modified: saved, with a new expiry, after the view
        return self.get_response(request)


class ProfileBackend(ModelBackend):
    def get_user(self, user_id: Any) -> User | None:
        user = user_with_profile(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None


def _fields(model: Any) -> tuple[list[str], list[str]]:
    fields = model._meta.concrete_fields
    return [f.attname for f in fields], [f.column for f in fields]


def user_with_profile(user_id: Any) -> User | None:
    """The user and their Profile in one query, built as the ORM builds them (Model.from_db):
    this runs on every page, where composing the ORM's query cost more than the page."""
    from csc_insight.web.models import Profile

    users, user_columns = _fields(User)
    profiles, profile_columns = _fields(Profile)
    table, profile_table = User._meta.db_table, Profile._meta.db_table
    columns = [f"u.{c}" for c in user_columns] + [f"p.{c}" for c in profile_columns]
    sql = (
        f"SELECT {', '.join(columns)} FROM {table} u "
        f"LEFT JOIN {profile_table} p ON p.user_id = u.id WHERE u.id = %s"
    )
    with connection.cursor() as cur:
        cur.execute(sql, [user_id])
        row = cur.fetchone()
    if row is None:
        return None
    user = User.from_db(connection.alias, users, as_python(User, row[: len(users)]))
    found = row[len(users) :]
    if found[0] is not None:
        user.profile = Profile.from_db(connection.alias, profiles, as_python(Profile, found))
    return user


def as_python(model: Any, row: Sequence[Any]) -> list[Any]:
    """A row of ``model``'s concrete fields as the ORM gives them back: booleans as bool (SQLite
    keeps 0 and 1), times aware, in UTC (SQLite keeps them naive)."""
    out = []
    for field, value in zip(model._meta.concrete_fields, row, strict=True):
        if value is not None and isinstance(field, models.BooleanField):
            value = bool(value)
        elif isinstance(value, datetime) and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        out.append(value)
    return out
