"""Screenshots of the dashboard for docs/: home, an indicator, the Commentary page and the
Users page at 1280 px and 390 px.

Serves a computed store with `csc serve` on a free port, signs in as a throwaway analyst and
admin (made in a web database in a temporary folder, never the store's own), and saves
docs/web-home-1280.png, docs/web-home-390.png, docs/web-indicator-1280.png and
docs/web-indicator-390.png (the indicator's last month hovered), docs/web-commentary-*.png (after
the analyst rewords a bullet and adds one) and docs/web-users-*.png.

    .venv/bin/python scripts/render_web_pages.py --store /tmp/csc-demo/store.duckdb
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

DOCS = Path(__file__).resolve().parents[1] / "docs"
CSC = Path(sys.executable).with_name("csc")
PASSWORD = "screenshots-only-4b9f"  # noqa: S105 - a throwaway user in a temporary database


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--store", type=Path, required=True)
    ap.add_argument("--indicator", default="amt_2")
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "CSC_WEB_DB": str(Path(tmp) / "web.sqlite3")}
        for role in ("analyst", "admin"):
            subprocess.run(
                [str(CSC), "user", "add", role, "--role", role, "--password-stdin",
                 "--store", str(args.store)],
                input=PASSWORD, text=True, env=env, check=True,
            )  # fmt: skip
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        server = subprocess.Popen(
            [str(CSC), "serve", "--store", str(args.store), "--port", str(port)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(100):
                try:
                    urllib.request.urlopen(base + "/sign-in/", timeout=1)  # noqa: S310
                    break
                except OSError:
                    time.sleep(0.1)
            with sync_playwright() as p:
                browser = p.chromium.launch(
                    executable_path="/usr/bin/chromium", args=["--no-sandbox"]
                )
                for width in (1280, 390):
                    page = _signed_in(browser, base, "analyst", width)
                    page.screenshot(path=str(DOCS / f"web-home-{width}.png"), full_page=True)
                    page.goto(f"{base}/indicator/{args.indicator}/")
                    page.locator("svg .point").last.hover()
                    page.screenshot(path=str(DOCS / f"web-indicator-{width}.png"))
                    page.goto(f"{base}/commentary/")
                    if width == 1280:  # an edit or two, so the page shows them and its history
                        _edit_commentary(page)
                    page.screenshot(path=str(DOCS / f"web-commentary-{width}.png"), full_page=True)
                    page = _signed_in(browser, base, "admin", width)
                    page.goto(f"{base}/users/")
                    page.screenshot(path=str(DOCS / f"web-users-{width}.png"), full_page=True)
                    print(f"wrote docs/web-{{home,indicator,commentary,users}}-{width}.png")
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=10)


def _signed_in(browser: Any, base: str, name: str, width: int) -> Any:
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto(base + "/")
    page.fill("#id_username", name)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(base + "/")
    return page


def _edit_commentary(page: Any) -> None:
    first = page.locator(".app-bullet").first
    first.locator("summary").click()
    first.locator("textarea").fill(
        "Contacts are decided within a working day, as they were all year."
    )
    first.locator("text=Save the words").click()
    page.fill("#text-add-do_better", "Recruit two team managers for the assessment service.")
    page.locator("#add-do_better button").click()


if __name__ == "__main__":
    main()
