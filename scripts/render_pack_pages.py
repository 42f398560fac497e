"""Render pages 1 and 2 of the demo borough's internal pack as PNG (docs/pack-page-1.png and
docs/pack-page-2.png), so a reader can see the pack without running it.

    .venv/bin/csc demo --out /tmp/csc-demo
    .venv/bin/python scripts/render_pack_pages.py --pdf /tmp/csc-demo/pack/pack.pdf

or, from a store that has results and comparators, writing the pack as `csc report` does:

    .venv/bin/python scripts/render_pack_pages.py --store /tmp/csc-demo/store.duckdb
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
PAGES = (1, 2)


def render_pages(pdf: Path, out_dir: Path, pages: tuple[int, ...] = PAGES) -> list[Path]:
    document = pypdfium2.PdfDocument(pdf)
    written = []
    try:
        for n in pages:
            image = document[n - 1].render(scale=DPI / 72).to_pil()
            # A 256-colour palette keeps each PNG near 100 KB for the repository; without
            # dithering, type and RAG fills stay crisp.
            image = image.convert("RGB").quantize(colors=COLOURS, dither=Image.Dither.NONE)
            path = out_dir / f"pack-page-{n}.png"
            image.save(path, optimize=True)
            written.append(path)
    finally:
        document.close()
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--pdf", type=Path, help="a pack.pdf already written")
    source.add_argument("--store", type=Path, help="a store to write the internal pack from")
    parser.add_argument("--period", help="report month, e.g. 2021-03 (default: the latest)")
    parser.add_argument("--out", type=Path, default=ROOT / "docs")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="csc-pack-") as scratch:
        pdf = args.pdf
        if pdf is None:
            from csc_insight.reports.report import write_pack

            pdf = write_pack(args.store, Path(scratch), args.period, user="docs").files["pdf"]
        for path in render_pages(pdf, args.out):
            print(path)


if __name__ == "__main__":
    main()
