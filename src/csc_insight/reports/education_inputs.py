"""Where the pack's education section gets its records: the analyst's education files (read
with the template's own reader, every problem named and nothing used when there is one), or the
demo borough's bundled figures. One place, so `csc report` and `csc demo` read them alike."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from csc_insight.education.model import EducationRecords
from csc_insight.errors import CscError, ReaderError


def read_education(paths: Sequence[Path] = (), *, demo: bool = False) -> EducationRecords | None:
    """The records the files give (or, with ``demo``, the demo's); None when neither is asked
    for. Raises ``ReaderError`` with every problem of every file when any has one."""
    if demo and paths:
        raise CscError("give the education files or --education-demo, not both")
    if demo:
        from csc_insight.education import demo as education_demo

        return education_demo.records()
    if not paths:
        return None
    from csc_insight.education import template_read

    records, problems = template_read.read_files(list(paths))
    if problems:
        raise ReaderError(problems)
    return records
