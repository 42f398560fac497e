"""Users and roles from the command line (`csc user add`, `csc user list`); Django started first."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from csc_insight.errors import CscError
from csc_insight.web.models import Profile
from csc_insight.web.roles import ROLES


def add(name: str, role: str, password: str, teams: list[str]) -> None:
    """A new user with a role (and a manager's teams); the password checked by the validators
    in settings (12 characters or more, not common, not all digits, not like the name)."""
    if role not in ROLES:
        raise CscError(f"no role {role!r}; roles: {', '.join(ROLES)}")
    if role == "manager" and not teams:
        raise CscError("a manager sees the children of their own teams: give --teams")
    user_model = get_user_model()
    if user_model.objects.filter(username=name).exists():
        raise CscError(f"there is already a user {name!r}")
    candidate = user_model(username=name)
    try:
        validate_password(password, candidate)
    except ValidationError as e:
        raise CscError("the password is refused: " + " ".join(e.messages)) from e
    with transaction.atomic():
        user = user_model.objects.create_user(username=name, password=password)
        Profile.objects.create(user=user, role=role, teams=",".join(teams))


def rows() -> list[tuple[str, str, str, str]]:
    """(name, role, teams, last sign-in) of every user."""
    out = []
    for u in get_user_model().objects.order_by("username"):
        p = Profile.objects.filter(user=u).first()
        last = f"{u.last_login:%d/%m/%Y %H:%M}" if u.last_login else "never"
        out.append((u.get_username(), p.role if p else "none", p.teams if p else "", last))
    return out
