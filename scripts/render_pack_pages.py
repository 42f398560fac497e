"""Render the demo borough's internal pack as PNG for docs/: every page of the PDF
(docs/pack-page-N.png) and pack.html as a desktop (1280 px) and a phone (390 px) show it, whole
(docs/pack-html-1280.png, docs/pack-html-390.png), and the phone's first screen alone
(docs/pack-html-390-first-screen.png, which the README shows), so a reader can see the pack
without running it.

    .venv/bin/csc demo --out /tmp/csc-demo
    .venv/bin/python scripts/render_pack_pages.py --pack /tmp/csc-demo/pack

or, from a store that has results and comparators, writing the pack as `csc report` does:

    .venv/bin/python scripts/render_pack_pages.py --store /tmp/csc-demo/store.duckdb

The HTML is drawn by Debian's Chromium (/usr/bin/chromium, from apt), driven by Playwright; no
browser is downloaded. Earlier pack-page-N.png beyond the PDF's last page are deleted.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

import pypdfium2
from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
DPI = 100
COLOURS = 256
WIDTHS = (1280, 390)
FIRST_SCREEN = 844  # px: a phone's screen height (and a laptop's, near enough)
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _save(image: Image.Image, path: Path) -> Path:
    # A 256-colour palette keeps each PNG small for the repository; without dithering, type and
    # RAG fills stay crisp.
    image.convert("RGB").quantize(colors=COLOURS, dither=Image.Dither.NONE).save(
        path, optimize=True
    )
    return path


def render_pages(pdf: Path, out_dir: Path) -> list[Path]:
    """Every page of the PDF, as pack-page-1.png, pack-page-2.png, ..."""
    document = pypdfium2.PdfDocument(pdf)
    try:
        written = [
            _save(page.render(scale=DPI / 72).to_pil(), out_dir / f"pack-page-{n}.png")
            for n, page in enumerate(document, 1)
        ]
    finally:
        document.close()
    for stale in out_dir.glob("pack-page-*.png"):
        if stale not in written:  # a pack that shrank leaves no page behind
            stale.unlink()
    return written


def render_html(html: Path, out_dir: Path, widths: tuple[int, ...] = WIDTHS) -> list[Path]:
    """pack.html at each width, the whole page top to bottom, as pack-html-<width>.png."""
    from playwright.sync_api import sync_playwright

    written = []
    with tempfile.TemporaryDirectory(prefix="csc-shots-") as scratch, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            for width in widths:
                page = browser.new_page(viewport={"width": width, "height": 900})
                page.goto(html.resolve().as_uri())
                shot = Path(scratch) / f"{width}.png"
                page.screenshot(path=str(shot), full_page=True)
                page.close()
                with Image.open(shot) as image:
                    written.append(_save(image, out_dir / f"pack-html-{width}.png"))
                    if width == min(widths):
                        # The first screen alone, at phone width, for the README to show inline.
                        top = image.crop((0, 0, image.width, min(image.height, FIRST_SCREEN)))
                        written.append(_save(top, out_dir / f"pack-html-{width}-first-screen.png"))
        finally:
            browser.close()
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--pack", type=Path, help="a folder holding pack.pdf and pack.html")
    source.add_argument("--store", type=Path, help="a store to write the internal pack from")
    parser.add_argument("--period", help="report month, e.g. 2021-03 (default: the latest)")
    parser.add_argument("--out", type=Path, default=ROOT / "docs")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="csc-pack-") as scratch:
        folder = args.pack
        if folder is None:
            from csc_insight.reports.report import write_pack

            folder = (
                write_pack(args.store, Path(scratch), args.period, user="docs").files["pdf"].parent
            )
        for path in render_pages(folder / "pack.pdf", args.out):
            print(path)
        for path in render_html(folder / "pack.html", args.out):
            print(path)


if __name__ == "__main__":
    main()
