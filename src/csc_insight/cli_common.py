"""What every `csc` command shares: the consoles, the progress bar and the --store option.

Kept apart from cli.py so each domain's commands (money, delivery, ...) live in a module of
their own and register on the main group.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click


class _Console:
    """A rich Console made on first use: importing rich costs about 40 ms, which a short command
    (`csc compute` on a borough, a second) should not pay before it has anything to show.

    Only attribute access is forwarded: a caller that needs the Console itself (a Progress, which
    uses it as a context manager) takes ``real()``, since Python looks special methods such as
    ``__enter__`` up on the type, never through ``__getattr__``."""

    def __init__(self, **options: Any) -> None:
        self._options = options
        self._console: Any = None

    def real(self) -> Any:
        if self._console is None:
            from rich.console import Console

            self._console = Console(**self._options)
        return self._console

    def __getattr__(self, name: str) -> Any:
        return getattr(self.real(), name)


console = _Console(stderr=True, soft_wrap=True)
out = _Console(soft_wrap=True)  # lines wrap in the terminal, not at 80 columns in a pipe

Update = Callable[[str, int, int], None]


@contextmanager
def progress_bar(title: str) -> Iterator[Update]:
    """Progress driven by (step, done, total) callbacks: a bar on a terminal; otherwise (a pipe,
    a file, CI, cron) one plain line on stderr each time the step changes, so a log shows where a
    long job is without a bar's control characters."""
    if not sys.stderr.isatty():
        yield _plain_progress(title)
        return
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(
        TextColumn(f"[bold]{title}[/] {{task.description}}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total}"),
        TimeElapsedColumn(),
        console=console.real(),
        transient=True,
    ) as bar:
        task = bar.add_task("", total=1)

        def update(step: str, done: int, total: int) -> None:
            bar.update(task, description=step, completed=done, total=max(total, 1))

        yield update


def _plain_progress(title: str) -> Update:
    last: list[str] = []

    def update(step: str, done: int, total: int) -> None:
        if not last or last[-1] != step:
            last.append(step)
            click.echo(f"{title}: {step} ({done}/{max(total, 1)})", err=True)

    return update


def _remember_store(ctx: click.Context, _param: click.Parameter, value: Path | None) -> Path | None:
    ctx.meta["store"] = value  # for CscGroup's message when the store fails under a command
    return value


store_option = click.option(
    "--store",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    callback=_remember_store,
    help="DuckDB store file (default: $CSC_STORE or csc-data/store.duckdb).",
)


existing_files = click.Path(exists=True, dir_okay=False, path_type=Path)
