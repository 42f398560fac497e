"""What every browser test of the dashboard shares: `csc serve` started on the tiny borough (the
production server, under its real CSP), a user signed in through the sign-in page, axe-core's
accessibility check, and the check that a page fits the screen. The `server` fixture
(tests/web/conftest.py) starts the server once for a module; a module of browser tests sets
``pytestmark = NEEDS_CHROMIUM``.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import CHROMIUM
from tests.web.conftest import PASSWORD, Site

#: Marks a module's tests as browser tests, skipped only where Debian's Chromium is absent.
NEEDS_CHROMIUM = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason=f"{CHROMIUM} is absent: install Debian's chromium package to run browser tests",
    ),
]

AXE = Path(__file__).parents[2] / "src/csc_insight/web/assets/node_modules/axe-core/axe.min.js"
CSC = Path(sys.executable).with_name("csc")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serving(site: Site) -> Iterator[str]:
    """`csc serve` on the site's store, on a free port; its address while it runs."""
    port = _free_port()
    env = {**os.environ, "CSC_STORE": str(site.store)}
    # The server's log to a file: a pipe nobody reads fills up (each request logs a line) and
    # the server then stops, mid-request, once it has served a few hundred pages.
    log = (site.root / "serve.log").open("w")
    proc = subprocess.Popen(
        [str(CSC), "serve", "--store", str(site.store), "--port", str(port), "--workers", "2"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/sign-in/", timeout=1)  # noqa: S310 - our server
                break
            except OSError:
                time.sleep(0.1)
        else:
            raise AssertionError("csc serve did not start")
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        log.close()


def sign_in(
    browser: Any,
    base: str,
    role: str,
    *,
    axe: bool = False,
    width: int = 1280,
    javascript: bool = True,
) -> Any:
    """A page signed in as the role's user, in a context of its own; ``page.problems`` collects
    the console's errors (a script or style the CSP refused shows there)."""
    # bypass_csp only where axe-core is injected; the other pages run under the real policy.
    context = browser.new_context(
        viewport={"width": width, "height": 900}, bypass_csp=axe, java_script_enabled=javascript
    )
    page = context.new_page()
    page.problems = []
    page.on("console", lambda m: page.problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: page.problems.append(str(e)))
    page.goto(base + "/")
    assert "/sign-in/" in page.url
    page.fill("#id_username", role)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(base + "/")
    return page


def follow(page: Any, path: str, heading: str) -> None:
    """Follow the page's link to ``path`` (as someone would, from the navigation) and check that
    the page it opens has this heading."""
    page.click(f"a[href='{path}']")
    assert page.locator("h1").inner_text() == heading


def text_bodies(page: Any) -> list[str]:
    """Every text response the page is sent from now on (HTML, CSS, script, JSON), as it
    arrives: to show that what must not reach the browser (a child's id) never does."""
    bodies: list[str] = []
    page.on(
        "response",
        lambda r: (
            bodies.append(r.text()) if "text" in (r.headers.get("content-type") or "") else None
        ),
    )
    return bodies


def axe(page: Any) -> None:
    """No serious or critical accessibility violation (WCAG 2.2 A and AA rules)."""
    page.add_script_tag(path=str(AXE))
    found = page.evaluate(
        """() => axe.run(document, {runOnly: {type: 'tag',
               values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']}})
             .then(r => r.violations.filter(v => ['serious', 'critical'].includes(v.impact))
             .map(v => v.id + ': ' + v.nodes.length + ' ' + v.nodes[0].target))"""
    )
    assert found == [], f"{page.url}: {found}"


def axe_where_installed(page: Any) -> None:
    """axe-core's check where its package is installed (scripts/test installs it)."""
    if AXE.exists():
        axe(page)


def too_wide(page: Any, width: int) -> list[str]:
    """The elements reaching past the screen's edge, to say which."""
    return list(
        page.evaluate(
            """(w) => [...document.querySelectorAll('body *')]
                 .filter(e => e.getBoundingClientRect().right > w + 1
                              && !e.closest('.app-table-scroll'))
                 .slice(0, 5).map(e => e.tagName + '.' + e.className)""",
            width,
        )
    )


def assert_fits(page: Any, width: int, *where: object) -> None:
    """The page is no wider than the screen (a pixel's rounding allowed); ``where`` says which
    page when it is not, beside the elements reaching past the edge."""
    wide = page.evaluate("document.documentElement.scrollWidth")
    assert wide <= width + 1, (*where, wide, too_wide(page, width))
