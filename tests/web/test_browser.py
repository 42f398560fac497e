"""The dashboard in a real browser (Debian's Chromium through Playwright) against `csc serve` — the
production server — on the tiny borough: sign in, read, hover, drill down, be refused, change a
target, sign out; axe-core on every page; and pages served while `csc compute` runs.

Skipped only where /usr/bin/chromium is absent (CI installs it with apt).
"""

from __future__ import annotations

import re
import subprocess
import urllib.request
from typing import Any

import pytest

from tests.web.browser import CSC, NEEDS_CHROMIUM, assert_fits, axe, follow, sign_in, text_bodies
from tests.web.conftest import PASSWORD, Site

pytestmark = NEEDS_CHROMIUM


def test_an_analyst_reads_hovers_drills_down_and_sets_a_target(
    server: str, browser: Any, site: Site
) -> None:
    page = sign_in(browser, server, "analyst", axe=True)
    assert page.locator("h1").inner_text() == "Children's services performance"
    axe(page)
    follow(page, "/area/cp/", "Child protection")
    axe(page)
    page.goto(server + "/indicator/cp_13/")
    points = page.locator("svg .point")
    assert points.count() >= 12
    points.last.hover()
    tip = page.locator(".app-tooltip")
    assert tip.is_visible() and re.match(r"Mar-21: \d+% \(\d+ of \d+\)", tip.inner_text())
    axe(page)
    page.select_option("#period", "2021-03")
    page.click("text=List them")
    assert "/children/" in page.url and "OFFICIAL-SENSITIVE" in page.content()
    assert page.locator("table.app-children tbody tr").count() >= 1
    axe(page)
    for path in ("/data/", "/targets/", "/area/workforce/"):
        page.goto(server + path)
        axe(page)
    # A target: the rating on the indicator page changes.
    page.goto(server + "/indicator/cp_13/")
    before = page.locator(".app-figure .app-rag").inner_text()
    page.goto(server + "/targets/")
    form = page.locator("#target-cp_13")
    form.locator("input[name=value]").fill("0" if before != "Green" else "1000")
    form.locator("button").click()
    page.goto(server + "/indicator/cp_13/")
    assert page.locator(".app-figure .app-rag").inner_text() != before
    page.goto(server + "/targets/")
    page.locator("#target-cp_13 input[name=value]").fill("95")
    page.locator("#target-cp_13 button").click()
    page.click("text=Sign out analyst")
    assert "/sign-in/" in page.url
    page.goto(server + "/")
    assert "/sign-in/" in page.url
    assert page.problems == []


def test_a_viewer_is_refused_and_no_child_id_reaches_the_browser(
    server: str, browser: Any, site: Site
) -> None:
    page = sign_in(browser, server, "viewer")
    bodies = text_bodies(page)
    for path in ("/", "/area/cla/", "/indicator/cla_10/", "/indicator/cp_13/", "/data/"):
        page.goto(server + path)
    r = page.goto(server + "/indicator/cla_10/children/?period=2021-03")
    assert r.status == 403 and "not allowed" in page.content()
    words = set(re.findall(r"\b\w+\b", " ".join(bodies)))
    assert bodies and not words & set(site.people)
    assert page.problems == [] or all("403" in p for p in page.problems)


@pytest.mark.parametrize("width", [1280, 390])
def test_pages_fit_the_screen_and_obey_the_csp(server: str, browser: Any, width: int) -> None:
    """Under the real CSP (no bypass): no page wider than the screen, no refused script or style."""
    page = sign_in(browser, server, "manager", width=width)
    for path in ("/", "/area/cp/", "/indicator/cp_13/"):
        page.goto(server + path)
        assert_fits(page, width, path)
    assert page.problems == [], page.problems
    page = sign_in(browser, server, "admin", width=width)  # the analyst's and admin's pages
    for path in ("/commentary/", "/users/", "/targets/"):
        page.goto(server + path)
        assert_fits(page, width, path)
    assert page.problems == [], page.problems


def test_pages_keep_serving_while_compute_runs(server: str, site: Site) -> None:
    """Requests in a loop while `csc compute` runs: never an error, and the new figures appear."""
    import http.cookiejar

    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(server + "/sign-in/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert token
    data = f"username=analyst&password={PASSWORD}&csrfmiddlewaretoken={token[1]}".encode()
    signing_in = urllib.request.Request(  # noqa: S310 - our own server on loopback
        server + "/sign-in/", data=data, headers={"Referer": server}
    )
    opener.open(signing_in)

    def cin4() -> str:
        text = opener.open(server + "/indicator/cin_4/").read().decode()
        found = re.search(
            r"<dt class=\"govuk-summary-list__key\">Latest</dt><dd[^>]*>([^<]*)<", text
        )
        assert found, text[:500]
        return found[1]

    before = cin4()
    proc = subprocess.Popen(
        [str(CSC), "compute", "--store", str(site.store), "--set", "cin_visit_days=7"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    statuses = []
    while proc.poll() is None:
        for path in ("/", "/area/cin/", "/indicator/cin_4/"):
            statuses.append(opener.open(server + path).status)
    assert proc.returncode == 0, proc.stderr.read() if proc.stderr else ""
    assert statuses and set(statuses) == {200}
    after = cin4()
    assert after != before  # visited within 7 days, not 28: fewer
    subprocess.run([str(CSC), "compute", "--store", str(site.store)], check=True)


def _orm(work: Any) -> Any:
    """Run ``work`` (the ORM) outside Playwright's event loop, which Django refuses to share."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1) as pool:
        return pool.submit(work).result()


def test_an_analyst_edits_the_commentary_without_javascript(
    server: str, browser: Any, site: Site
) -> None:
    """Plain forms: reword a bullet, be told a bullet needs words, add one, withdraw them; the
    home page shows each change. axe-core on the page as it stands, and with its errors."""
    from csc_insight.web.models import CommentaryEdit

    _orm(lambda: CommentaryEdit.objects.all().delete())
    page = sign_in(browser, server, "analyst", axe=True)
    page.goto(server + "/commentary/")
    assert page.locator("h1").inner_text() == "Commentary"
    axe(page)
    plain = sign_in(browser, server, "analyst", javascript=False)
    plain.goto(server + "/commentary/")
    first = plain.locator(".app-bullet").first
    first.locator("summary").click()
    first.locator("textarea").fill("Contacts are decided within a working day.")
    first.locator("text=Save the words").click()
    assert "Saved" in plain.locator(".govuk-notification-banner").inner_text()
    assert "Last changed by analyst" in plain.content().replace("<b>", "").replace("</b>", "")
    plain.locator("#add-to_watch button").click()  # no words
    summary = plain.locator(".govuk-error-summary")
    assert "Enter the bullet's words." in summary.inner_text()
    plain.fill("#text-add-to_watch", "Agency staff in the assessment teams.")
    plain.locator("#add-to_watch button").click()
    plain.goto(server + "/")
    home = plain.locator(".app-commentary").inner_text()
    assert "Contacts are decided within a working day." in home
    assert "Agency staff in the assessment teams." in home
    page.goto(server + "/commentary/")
    axe(page)  # with the analyst's bullets, the edits and the history
    page.locator("#add-do_better button").click()
    assert page.locator(".govuk-error-summary").is_visible()
    axe(page)  # with an error
    plain.goto(server + "/commentary/")
    for _ in range(2):  # the two edits above, newest last
        plain.locator("button:has-text('Withdraw')").first.click()
    assert plain.locator("button:has-text('Withdraw')").count() == 0
    plain.goto(server + "/")
    assert "Agency staff" not in plain.locator(".app-commentary").inner_text()
    assert not _orm(CommentaryEdit.objects.exists)
    plain.context.close()
    assert page.problems == []


def test_an_admin_adds_changes_and_deactivates_a_user(
    server: str, browser: Any, site: Site
) -> None:
    from django.contrib.auth import get_user_model

    page = sign_in(browser, server, "admin", axe=True)
    follow(page, "/users/", "Users")
    axe(page)
    page.fill("#add-name", "casey")
    page.check("#add-role_1")  # manager
    page.fill("#add-password1", "short")
    page.fill("#add-password2", "short")
    page.click("text=Add the user")
    assert page.locator(".govuk-error-summary").is_visible()
    axe(page)  # with errors
    page.fill("#add-teams", site.team)
    page.fill("#add-password1", "a-long-enough-phrase-77")
    page.fill("#add-password2", "a-long-enough-phrase-77")
    page.click("text=Add the user")
    assert "casey can sign in now" in page.content()
    page.click("text=Change casey")
    assert page.locator("h1").inner_text() == "casey"
    axe(page)
    page.click("text=Deactivate casey")
    assert "casey is deactivated" in page.content()
    axe(page)
    _orm(lambda: get_user_model().objects.filter(username="casey").delete())
    assert page.problems == []
