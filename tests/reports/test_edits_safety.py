"""The edits file is read safely: no aliases, a bounded size, problems named by file and line."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from csc_insight.errors import ReaderError
from csc_insight.reports import edits

BOMB = """\
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
"""


def _problem(path: Path) -> tuple[int | None, str]:
    with pytest.raises(ReaderError) as e:
        edits.parse(path, "2021-03")
    (p,) = e.value.problems
    assert p.file == path.name or str(path).endswith(p.file)
    return p.row, p.reason


def test_an_alias_bomb_is_refused_at_once(tmp_path: Path) -> None:
    path = tmp_path / "edits.yaml"
    path.write_text(BOMB, "utf-8")
    started = time.perf_counter()
    row, reason = _problem(path)
    assert time.perf_counter() - started < 1  # refused, not expanded
    assert row == 2  # the first alias
    assert "aliases (*name) are not allowed" in reason


def test_a_recursive_alias_is_a_problem_not_a_traceback(tmp_path: Path) -> None:
    path = tmp_path / "edits.yaml"
    path.write_text("period: 2021-03\nremove: &x [*x]\n", "utf-8")
    row, reason = _problem(path)
    assert row == 2 and "aliases" in reason


def test_a_huge_file_is_not_read(tmp_path: Path) -> None:
    path = tmp_path / "edits.yaml"
    path.write_text("# " + "x" * edits.MAX_EDITS_BYTES + "\n", "utf-8")
    row, reason = _problem(path)
    assert row is None and "too big for an edits file" in reason


def test_a_file_that_is_not_text(tmp_path: Path) -> None:
    path = tmp_path / "edits.yaml"
    path.write_bytes(b"period: 2021-03\n\xff\xfe\x00")
    _, reason = _problem(path)
    assert "not UTF-8 text" in reason


def test_an_anchor_without_an_alias_is_harmless(tmp_path: Path) -> None:
    path = tmp_path / "edits.yaml"
    path.write_text("period: &p 2021-03\n", "utf-8")
    assert edits.parse(path, "2021-03") == []
