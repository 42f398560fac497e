"""Roles, and the checks every view makes.

- viewer: aggregate figures only, small numbers suppressed as in the published pack;
- finance: a finance officer: sees what a viewer sees (never a child), and enters the money
  and delivery figures (budget lines, MTFS, projects, milestones, risks, guardrails, the
  improvement plan) on the Finance, Delivery and Improvement plan pages;
- manager: also the children behind a figure, for the children of their own teams;
- analyst: every child, targets and commentary, and the money and delivery figures;
- admin: users, roles and the audit log (and what an analyst may do).

A role is kept on the user's Profile. Each view says the least role it needs (``needs``); a
user without it gets 403, and no child-level data is ever rendered for them. What a role may
see is ranked (RANK: a finance officer sees as much as a viewer); what it may enter is a
capability beside the rank (``can_enter_money``: finance, analyst, admin; a manager, who sees
more than a finance officer, enters no money figures). A page that takes the figures checks
the capability on every POST (``needs_money_entry``): others get 403, and are shown no form.

The Forecast page (web/forecast.py) is a planning tool, not a published figure, and is for those
who plan: finance officers, analysts and admins read it (``can_forecast``: the baseline forecast,
the target, the saved scenarios side by side, the UASC run-off, caseloads under vacancies);
only analysts and admins adjust a scenario's rates and save one (``can_run_scenarios``: a
finance officer reads the scenarios the analysts saved, and asks them for another). Viewers and
managers get 403. Every figure on it is a modelled count of children in aggregate: no child is
named, listed or counted in a cell of their own, whoever reads it.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from csc_insight.web.role_names import ROLES as ROLES  # re-exported: the roles by name

#: What a role may see, ranked: a finance officer sees the published figures, as a viewer.
RANK = {"viewer": 0, "finance": 0, "manager": 1, "analyst": 2, "admin": 3}
#: The roles that enter the money and delivery figures.
MONEY_ENTRY = ("finance", "analyst", "admin")
#: The roles that read the Forecast page, and those that also adjust and save its scenarios.
FORECAST_READ = ("finance", "analyst", "admin")
FORECAST_RUN = ("analyst", "admin")

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


def can_enter_money(user: AbstractBaseUser | AnonymousUser) -> bool:
    """Whether the user enters money and delivery figures (a finance officer, an analyst or an
    admin)."""
    return role_of(user) in MONEY_ENTRY


def needs_money_entry(view: View) -> View:
    """A page anyone signed in may read, whose POST (a change to the money or delivery figures)
    only ``can_enter_money`` users may make; others get 403 and nothing is changed."""

    @wraps(view)
    def checked(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method not in ("GET", "HEAD") and not can_enter_money(request.user):
            raise PermissionDenied("needs the finance, analyst or admin role")
        return view(request, *args, **kwargs)

    return checked  # type: ignore[return-value]


def can_forecast(user: AbstractBaseUser | AnonymousUser) -> bool:
    """Whether the user reads the Forecast page (a finance officer, an analyst or an admin)."""
    return role_of(user) in FORECAST_READ


def can_run_scenarios(user: AbstractBaseUser | AnonymousUser) -> bool:
    """Whether the user adjusts and saves the Forecast page's scenarios (analyst, admin)."""
    return role_of(user) in FORECAST_RUN


def context(request: HttpRequest) -> dict[str, Any]:
    """Template context: the signed-in user's role and what it allows."""
    user = request.user
    return {
        "role": role_of(user),
        "can_see_children": has(user, "manager"),
        "is_analyst": has(user, "analyst"),
        "is_admin": has(user, "admin"),
        "can_enter_money": can_enter_money(user),
        "can_forecast": can_forecast(user),
    }
