"""`csc user add --role` offers every role the dashboard has (web/roles.py's), the finance
officer's included, and a finance officer added so signs in with that role."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from csc_insight.cli import main
from csc_insight.web.role_names import ROLES
from tests.web.conftest import PASSWORD, Site


def test_every_role_is_offered() -> None:
    text = CliRunner().invoke(main, ["user", "add", "--help"]).output
    offered = text.split("--role")[1].split("]")[0]
    assert [r for r in ROLES if r in offered] == list(ROLES) and "finance" in offered


def test_a_finance_officer_is_added_from_the_command_line(site: Site) -> None:
    from django.contrib.auth import get_user_model

    from csc_insight.web.roles import role_of

    csc = str(Path(sys.executable).with_name("csc"))
    env = {**os.environ, "CSC_STORE": str(site.store)}
    added = subprocess.run(
        [csc, "user", "add", "fo-cli", "--role", "finance", "--password-stdin", "--store",
         str(site.store)],
        input=PASSWORD + "\n", capture_output=True, text=True, env=env, check=False,
    )  # fmt: skip
    try:
        assert added.returncode == 0, added.stderr
        assert role_of(get_user_model().objects.get(username="fo-cli")) == "finance"
    finally:
        get_user_model().objects.filter(username="fo-cli").delete()
