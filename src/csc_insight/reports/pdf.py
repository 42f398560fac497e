"""The pack as a PDF: WeasyPrint prints the HTML page through its print rules (``print.css``).

A4 landscape, "Page n of m" and the protective marking in the margin of every page, table headers
repeated on each page and no row split across two. Nothing is fetched: the page is
self-contained, so the URL fetcher refuses everything. What the page marks screen-only (the full
definitions, hidden by print.css) is left out of what WeasyPrint reads: it would still parse and
style a thousand hidden elements, a third of a second of the pack's time.
"""

from __future__ import annotations

import gc
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from csc_insight.errors import CscError
from csc_insight.reports.html import render_html
from csc_insight.reports.model import Pack

_SCREEN_ONLY = re.compile(r"<!-- screen-only\b.*?<!-- /screen-only -->", re.S)


def for_print(page: str) -> str:
    """The page without its screen-only parts (each between <!-- screen-only ... --> and
    <!-- /screen-only -->), which print.css hides anyway: the PDF is the same, made faster."""
    return _SCREEN_ONLY.sub("", page)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while WeasyPrint works.

    WeasyPrint builds a few hundred thousand objects (the parsed page, computed styles, boxes)
    that all live until the PDF is written. Each full collection rescans every one of them: on
    the borough's pack, nine full collections took 0.7-0.8 s of a 4-5 s run and freed about
    10,000 objects. Reference counting still frees everything else as usual, and the collector
    resumes (and catches up) as soon as the PDF is written.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def render_pdf(pack: Pack, path: str | os.PathLike[str], *, html: str | None = None) -> Path:
    """Print the pack to ``path``. ``html`` is the page ``render_html(pack)`` already made, if the
    caller has it: rendering it again would give the same string."""
    # Imported here: WeasyPrint loads Pango when imported, which the HTML and Excel outputs
    # do not need.
    from weasyprint import HTML

    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    from weasyprint.urls import FatalURLFetchingError, URLFetcher

    class Refuse(URLFetcher):
        """Fetches nothing, and stops the print at the first reference to anything outside."""

        refused: str | None = None

        def fetch(self, url: str, headers: object = None) -> object:
            self.refused = url
            raise FatalURLFetchingError(url)

    page = for_print(render_html(pack) if html is None else html)
    fetcher = Refuse(fail_on_errors=True)
    try:
        with _collector_paused():
            HTML(string=page, url_fetcher=fetcher).write_pdf(out)
    except FatalURLFetchingError as e:
        out.unlink(missing_ok=True)
        raise CscError(
            f"the pack must be self-contained, but it refers to {fetcher.refused}"
        ) from e
    return out
