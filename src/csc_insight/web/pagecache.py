"""Rendered aggregate pages, kept per process: everyone of a role sees the same home, service
area and indicator page for the same figures, so each is rendered once and served again.

The key is what the page is made from (data.pack_keyed: the published copy, the month, the
audience, the targets and the commentary edits as they stand), the user's role (which decides
the audience, the menu and what the page offers) and the path with its query. A new published
copy, a changed target or edit, is another key: nothing stale is served, and nothing crosses
from one role to another.

The only per-user parts of these pages, the user's name and the CSRF token of the sign-out
form, are rendered as placeholders and filled in for each request (a CSRF token is never
served from the cache). A page with any other form of its own is not cached.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils.html import escape

from csc_insight.web.roles import role_of

#: Pages kept per process (each 15-50 kB): a month's pages for every role, and some.
SIZE = 256
#: Placeholders: rendered into the cached page, replaced for each request.
USER = "csc-user-7d4e91c2"
CSRF = "csc-csrf-7d4e91c2"

_pages: OrderedDict[Hashable, str] = OrderedDict()
_lock = threading.Lock()


class _Someone:
    """The user as a cached page sees them: signed in, named by the placeholder."""

    is_authenticated = True
    is_anonymous = False

    def get_username(self) -> str:
        return USER


def render(
    request: HttpRequest,
    made_from: Hashable,
    make: Callable[[], tuple[str, dict[str, Any]]],
) -> HttpResponse:
    """The page for ``made_from`` and the request's role and path, from the cache or rendered
    by ``make`` (which returns the template and its context) and kept."""
    key = (made_from, role_of(request.user), request.get_full_path())
    with _lock:
        page = _pages.get(key)
        if page is not None:
            _pages.move_to_end(key)
    if page is None:
        template, context = make()
        page = render_to_string(
            template, {**context, "user": _Someone(), "csrf_token": CSRF}, request
        )
        with _lock:
            _pages[key] = page
            while len(_pages) > SIZE:
                _pages.popitem(last=False)
    body = page.replace(CSRF, get_token(request)).replace(USER, escape(request.user.get_username()))
    return HttpResponse(body)


def clear() -> None:
    with _lock:
        _pages.clear()


def kept() -> list[Hashable]:
    with _lock:
        return list(_pages)
