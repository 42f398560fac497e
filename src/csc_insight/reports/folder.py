"""Writing a pack's files into place whole: never half a pack, never two packs mixed.

The three files are written to a hidden folder beside the destination and moved into place by
renaming folders, so a run killed at any point leaves either the previous pack or the new one
(a published pack.html can never sit beside an internal pack.pdf). The destination may be new,
empty, or a folder holding only a pack's files: a folder with anything else in it is refused,
so pointing --out at a folder of one's own never deletes a thing.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from csc_insight.errors import CscError

#: What a pack folder may hold: the pack's files, and nothing a person put there.
PACK_FILES = frozenset({"pack.html", "pack.pdf", "pack.xlsx"})


def check_destination(out_dir: Path) -> None:
    """Refuse a destination that holds anything but a pack, before any work is done."""
    if out_dir.exists() and not out_dir.is_dir():
        raise CscError(f"{out_dir} is a file: --out names a folder for the pack")
    if out_dir.is_dir():
        others = sorted(p.name for p in out_dir.iterdir() if p.name not in PACK_FILES)
        if others:
            shown = ", ".join(others[:5]) + (
                f" and {len(others) - 5} more" if len(others) > 5 else ""
            )
            raise CscError(
                f"{out_dir} holds other files ({shown}): write the pack to a new or empty "
                "folder, or to a folder holding only an earlier pack (it is replaced whole)"
            )


@contextmanager
def staged(out_dir: Path) -> Iterator[Path]:
    """A hidden folder to write the pack into; on leaving without error it replaces
    ``out_dir`` whole. On an error it is removed and ``out_dir`` is as it was."""
    check_destination(out_dir)
    parent = out_dir.parent
    parent.mkdir(parents=True, exist_ok=True)
    _clear_leftovers(out_dir)
    work = parent / f".{out_dir.name}.writing-{os.getpid()}"
    work.mkdir()
    try:
        yield work
        _swap_in(work, out_dir)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _swap_in(work: Path, out_dir: Path) -> None:
    """Two renames: the old pack aside, the new one in; between them there is no pack at all,
    never a mixed one. The old pack is deleted only once the new one is in place."""
    old = out_dir.parent / f".{out_dir.name}.old-{os.getpid()}"
    if out_dir.exists():
        out_dir.rename(old)
    work.rename(out_dir)
    shutil.rmtree(old, ignore_errors=True)


def _clear_leftovers(out_dir: Path) -> None:
    """Hidden folders a killed run left beside ``out_dir``: a half-written pack, or the old
    pack set aside (put back if the new one never arrived)."""
    for left in out_dir.parent.glob(f".{out_dir.name}.old-*"):
        if not out_dir.exists() and left.is_dir():
            left.rename(out_dir)
        else:
            shutil.rmtree(left, ignore_errors=True)
    for left in out_dir.parent.glob(f".{out_dir.name}.writing-*"):
        shutil.rmtree(left, ignore_errors=True)
