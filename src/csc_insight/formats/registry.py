"""The formats csc-insight reads, in the order a file is offered to them for recognition."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

from csc_insight.formats import (
    annex_a,
    cin_census,
    csww,
    early_help,
    ssd,
    ssda903,
    template_education,
    template_figures,
    workforce,
)

#: Recognition order matters only where two formats could claim a file: the SSD's table-named
#: files first, then the returns, then the templates. It is also the order in which a load
#: merges the formats after the snapshots: the workforce census comes after the council's own
#: workforce template, so that its records match the template's staff instead of adding them.
FORMATS: list[ModuleType] = [
    ssd, ssda903, cin_census, annex_a, workforce, early_help, template_figures,
    template_education, csww,
]  # fmt: skip


def recognise(path: Path) -> tuple[str, str] | None:
    """(format, kind) for a file, or None if no reader knows it."""
    for module in FORMATS:
        kind = module.recognise(path)
        if kind is not None:
            return module.FORMAT, kind
    return None


def module(name: str) -> ModuleType:
    for m in FORMATS:
        if name == m.FORMAT:
            return m
    raise KeyError(name)
