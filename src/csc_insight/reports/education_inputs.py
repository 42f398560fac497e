"""Where the pack's education section gets its records: the analyst's education files (read
with the template's own reader, every problem named and nothing used when there is one), the
DfE's published tables among them (explore-education-statistics CSVs, recognised by their
header and read for the authority ``la``), or the demo borough's bundled figures. One place, so
`csc report` and `csc demo` read them alike."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from csc_insight.education.model import EducationRecords
from csc_insight.errors import CscError


def read_education(
    paths: Sequence[Path] = (),
    *,
    demo: bool = False,
    la: str | None = None,
    neighbours: Path | None = None,
) -> EducationRecords | None:
    """The records the files give (or, with ``demo``, the demo's); None when neither is asked
    for. Raises ``ReaderError`` with every problem of every file when any has one, and
    ``CscError`` for a DfE file without ``la``."""
    if demo and paths:
        raise CscError("give the education files or --education-demo, not both")
    if demo:
        from csc_insight.education import demo as education_demo

        return education_demo.records()
    if not paths:
        return None
    from csc_insight.education import inputs

    template_files, dfe_files = inputs.split(paths)
    return inputs.read_load(template_files, dfe_files, la, neighbours)
