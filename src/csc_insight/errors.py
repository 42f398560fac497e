"""Errors a person can act on: every problem names the file, the row, the column and the reason."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

#: Problems reported per file before a reader gives up on it.
MAX_PROBLEMS_PER_FILE = 50


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input file.

    ``row`` counts lines as a spreadsheet shows them: the header is row 1, the first record row 2.
    For XML it is the line of the element; ``None`` when the problem is with the whole file.

    A problem with a *record* (not the whole file) also carries the ``rule`` it broke (an id
    from formats/rules.py), the ``value`` found and the canonical ``table`` the record was for:
    the loader holds that record back and keeps the problem in the store's problems table.
    ``key`` is the held record's key value (its id, or its key columns joined by ``|``): the
    loader holds back what belongs to it (a referral's assessments, a child's records).
    """

    file: str
    row: int | None
    column: str | None
    reason: str
    rule: str | None = None
    value: str | None = None
    table: str | None = None
    key: str | None = None

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column {self.column}")
        return f"{', '.join(where)}: {self.reason}"


_ESCAPES = str.maketrans({"\n": "\\n", "\r": "\\r", "\t": "\\t"})


def quoted(value: object, limit: int = 40) -> str:
    """A value as found in a file, quoted for a reason (``'31/02/2020' is not a date``) and cut
    short, so a long cell cannot swamp the report; line breaks and tabs are shown as ``\\n``,
    ``\\r`` and ``\\t``, so each problem stays on one line."""
    text = str(value).translate(_ESCAPES)
    return "'" + (text if len(text) <= limit else text[: limit - 3] + "...") + "'"


class CscError(Exception):
    """Base of every error csc-insight raises on purpose; the CLI prints it in one line."""


class ReaderError(CscError):
    """A source file could not be read; carries every problem found (up to a limit per file)."""

    def __init__(self, problems: Iterable[Problem], truncated: bool = False) -> None:
        self.problems = list(problems)
        self.truncated = truncated
        first = str(self.problems[0]) if self.problems else "unreadable input"
        more = len(self.problems) - 1
        suffix = f" (and {more} more problem{'s' if more != 1 else ''})" if more else ""
        super().__init__(first + suffix)

    def report(self) -> str:
        """All problems, one per line, as the CLI shows them."""
        lines = [str(p) for p in self.problems]
        if self.truncated:
            lines.append(f"... stopped after {MAX_PROBLEMS_PER_FILE} problems in a file")
        return "\n".join(lines)


class LoadError(CscError):
    """A load could not go ahead (nothing recognised, store locked, ...); the store is unchanged."""


class Refusals:
    """The problems of the files a reader refuses, gathered so that one run reports every file:

    refusals = Refusals()
    for f in files:
        with refusals.of_file():
            ...  # read f; a ReaderError is kept and the loop goes on to the next file
    refusals.raise_if_any()
    """

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.truncated = False

    @contextmanager
    def of_file(self) -> Iterator[None]:
        try:
            yield
        except ReaderError as e:
            self.problems += e.problems
            self.truncated = self.truncated or e.truncated

    def add(self, problem: Problem) -> None:
        self.problems.append(problem)

    def __bool__(self) -> bool:
        return bool(self.problems)

    def raise_if_any(self) -> None:
        if self.problems:
            raise ReaderError(self.problems, self.truncated)


class ProblemList:
    """Collects problems for one file up to the limit, then raises them together."""

    def __init__(self, file: str, limit: int = MAX_PROBLEMS_PER_FILE) -> None:
        self.file = file
        self.limit = limit
        self.items: list[Problem] = []
        self.truncated = False

    def add(self, row: int | None, column: str | None, reason: str) -> None:
        if len(self.items) >= self.limit:
            self.truncated = True
            return
        self.items.append(Problem(self.file, row, column, reason))

    @property
    def full(self) -> bool:
        return len(self.items) >= self.limit

    def __bool__(self) -> bool:
        return bool(self.items)

    def raise_if_any(self) -> None:
        if self.items:
            raise ReaderError(self.items, self.truncated)
