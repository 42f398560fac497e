"""Roles, and the checks every view makes.

- viewer: aggregate figures only, small numbers suppressed as in the published pack;
- manager: also the children behind a figure, for the children of their own teams;
- analyst: every child, targets and commentary;
- admin: users, roles and the audit log (and what an analyst may do).

A role is kept on the user's Profile. Each view says the least role it needs (``needs``); a
user without it gets 403, and no child-level data is ever rendered for them.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

ROLES = ("viewer", "manager", "analyst", "admin")
RANK = {r: n for n, r in enumerate(ROLES)}

View = TypeVar("View", bound=Callable[..., HttpResponse])


def role_of(user: AbstractBaseUser | AnonymousUser) -> str | None:
    if not user.is_authenticated:
        return None
    profile = getattr(user, "profile", None)
    return profile.role if profile is not None and profile.role in RANK else None


def has(user: AbstractBaseUser | AnonymousUser, role: str) -> bool:
    mine = role_of(user)
    return mine is not None and RANK[mine] >= RANK[role]


def teams_of(user: AbstractBaseUser | AnonymousUser) -> list[str] | None:
    """The teams whose children the user may see: None for all (analyst, admin)."""
    if has(user, "analyst"):
        return None
    profile = getattr(user, "profile", None)
    return profile.team_ids() if profile is not None and has(user, "manager") else []


def needs(role: str) -> Callable[[View], View]:
    """A view for users with ``role`` or above; others get 403 (signed-out users never reach a
    view: security.SignInRequired sends them to sign in first)."""

    def wrap(view: View) -> View:
        @wraps(view)
        def checked(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not has(request.user, role):
                raise PermissionDenied(f"needs the {role} role")
            return view(request, *args, **kwargs)

        checked.needs_role = role  # type: ignore[attr-defined]
        return checked  # type: ignore[return-value]

    return wrap


def context(request: HttpRequest) -> dict[str, Any]:
    """Template context: the signed-in user's role and what it allows."""
    user = request.user
    return {
        "role": role_of(user),
        "can_see_children": has(user, "manager"),
        "is_analyst": has(user, "analyst"),
        "is_admin": has(user, "admin"),
    }
