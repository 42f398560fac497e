"""Analysts' edits to the generated commentary, kept per period in the store.

An edits file (YAML) names its period and lists bullets to remove, replace and add::

    period: 2021-03
    remove:
      - {indicator: CIN 8, rule: amber}
    replace:
      - {indicator: FD 8, text: "Referrals rose after schools reopened."}
    add:
      - {list: do_better, text: "Recruit two team managers for the assessment service."}

Saving a file replaces everything kept for its period, so saving it twice changes nothing. The
edits live in the ``commentary_edits`` table, which the web dashboard will edit too; ``csc
report`` applies them to the generated commentary (removes, then replaces, then adds). See
docs/commentary.md.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

import duckdb
import yaml

from csc_insight.errors import Problem, ProblemList, ReaderError, quoted
from csc_insight.indicators import catalogue
from csc_insight.reports import formatting
from csc_insight.reports.commentary import RULES_BY_NAME
from csc_insight.reports.model import Bullet, Commentary
from csc_insight.store.sql import table_exists

ACTIONS = ("remove", "replace", "add")  # also the order they are applied in
LISTS = tuple(Commentary.HEADINGS)
#: Fields an entry may carry under each action, and those it must carry.
FIELDS = {
    "remove": ("indicator", "rule", "list", "text"),
    "replace": ("indicator", "rule", "list", "text"),
    "add": ("list", "indicator", "text"),
}
REQUIRED = {"remove": (), "replace": ("indicator", "text"), "add": ("list", "text")}

DDL = """CREATE TABLE IF NOT EXISTS commentary_edits (
    period VARCHAR NOT NULL, seq INTEGER NOT NULL, action VARCHAR NOT NULL, list VARCHAR,
    indicator_id VARCHAR, rule VARCHAR, text VARCHAR, edited_by VARCHAR, edited_at TIMESTAMP)"""

Source = str | os.PathLike[str] | Mapping[str, Any]


@dataclass(frozen=True)
class Edit:
    """One analyst's change. ``list_key`` is a key of model.Commentary (going_well, ...)."""

    action: str
    list_key: str | None = None
    indicator_id: str | None = None
    rule: str | None = None
    text: str | None = None
    # Who saved it and when, as the store keeps them; not part of what the edit is, so two
    # edits with the same effect are equal whoever saved them.
    edited_by: str | None = field(default=None, compare=False)
    edited_at: datetime | None = field(default=None, compare=False)

    def describe(self) -> str:
        """The edit in words, for the notes ``csc report`` prints: ``remove the bullet
        'Referrals rose after schools reopened.' (FD 8), saved by jo on 07/12/2026``."""
        if self.action == "add":
            on = f" on {self.indicator_id}" if self.indicator_id else ""
            words = f"add the bullet {quoted(self.text, 60)}{on} to {_heading(self.list_key)}"
        else:
            words = f"{self.action} {_selector(self)._bullet()}"
        if self.action == "replace":
            words += f" with {quoted(self.text, 60)}"
            words += f" in {_heading(self.list_key)}" if self.list_key else ""
        return words + self._saved()

    def _bullet(self) -> str:
        """The generated bullet(s) a remove picks out, in words."""
        if not (self.rule or self.text or self.indicator_id):
            return f"every bullet in {_heading(self.list_key)}"
        words = f"the {self.rule} bullet" if self.rule else "the bullet"
        if self.text:
            words += f" {quoted(self.text, 60)}"
            words += f" ({self.indicator_id})" if self.indicator_id else ""
        elif self.indicator_id:
            words += f" on {self.indicator_id}"
        return words + (f" in {_heading(self.list_key)}" if self.list_key else "")

    def _saved(self) -> str:
        if self.edited_by is None and self.edited_at is None:
            return ""
        by = f" by {self.edited_by}" if self.edited_by else ""
        on = f" on {formatting.day(self.edited_at.date())}" if self.edited_at else ""
        return f", saved{by}{on}"


def _heading(list_key: str | None) -> str:
    """A list as the pack heads it: do_better -> 'Things to do better'."""
    return f"'{Commentary.HEADINGS.get(list_key or '', list_key)}'"


# --- reading an edits file ----------------------------------------------------------------


@dataclass
class _Node:
    """A parsed value with the line it came from (None for a dict given in code)."""

    value: Any  # str | None | list[_Node] | dict[str, _Node]
    line: int | None


def _from_yaml(node: yaml.Node) -> _Node:
    line = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        return _Node({str(k.value): _from_yaml(v) for k, v in node.value}, line)
    if isinstance(node, yaml.SequenceNode):
        return _Node([_from_yaml(v) for v in node.value], line)
    return _Node(None if node.tag.endswith(":null") else node.value, line)


def _from_python(obj: Any) -> _Node:
    if isinstance(obj, Mapping):
        return _Node({str(k): _from_python(v) for k, v in obj.items()}, None)
    if isinstance(obj, list | tuple):
        return _Node([_from_python(v) for v in obj], None)
    return _Node(None if obj is None else str(obj), None)


#: An edits file is a few lines per bullet; anything near this is not one (and is not read).
MAX_EDITS_BYTES = 1_000_000
#: A bullet is a sentence or two; a longer one is refused rather than cut short somewhere
#: (a workbook cell holds at most 32,767 characters).
MAX_BULLET_CHARS = 1_000


class _NoAliasLoader(yaml.SafeLoader):
    """YAML without aliases: ``*name`` repeats a node, so nested aliases make a few hundred
    bytes expand to gigabytes (and a recursive one never ends). Commentary has no use for them."""

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()  # type: ignore[no-untyped-call]  # untyped in PyYAML's stubs
            raise yaml.composer.ComposerError(
                None,
                None,
                "aliases (*name) are not allowed in an edits file: write the text out",
                event.start_mark,
            )
        return super().compose_node(parent, index)


def _read(source: Source, file: str) -> _Node:
    if isinstance(source, Mapping):
        return _from_python(source)
    try:
        size = Path(source).stat().st_size
        if size > MAX_EDITS_BYTES:
            raise ReaderError(
                [
                    Problem(
                        file,
                        None,
                        None,
                        f"{size:,} bytes is too big for an edits file (at most {MAX_EDITS_BYTES:,})",
                    )
                ]
            )
        node = yaml.compose(Path(source).read_text("utf-8"), Loader=_NoAliasLoader)
    except UnicodeDecodeError as e:
        raise ReaderError([Problem(file, None, None, f"not UTF-8 text: {e.reason}")]) from e
    except OSError as e:
        raise ReaderError([Problem(file, None, None, f"cannot read: {e.strerror or e}")]) from e
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        line = mark.line + 1 if mark else None
        raise ReaderError([Problem(file, line, None, f"not valid YAML: {e}")]) from e
    return _from_yaml(node) if node is not None else _Node(None, 1)


def _name(source: Source, period: str) -> str:
    return f"edits for {period}" if isinstance(source, Mapping) else str(source)


def parse(source: Source, period: str, *, indicators: Iterable[str] | None = None) -> list[Edit]:
    """The edits in a file (or a dict of the same shape), checked against ``period``.

    Raises ReaderError naming the file, the line and the field of every problem. ``indicators``
    are the ids an edit may name (default: the catalogue's).
    """
    file = _name(source, period)
    root = _read(source, file)
    if not isinstance(root.value, dict):
        reason = "expected a mapping with period, remove, replace and add"
        raise ReaderError([Problem(file, root.line, None, reason)])
    problems = ProblemList(file)
    known = _known(indicators)
    top: dict[str, _Node] = root.value
    for key, node in top.items():
        if key not in ("period", *ACTIONS):
            problems.add(node.line, key, "unknown field (expected period, remove, replace, add)")
    _check_period(top.get("period"), root.line, period, problems)
    edits = []
    for action in ACTIONS:
        listed = top.get(action)
        if listed is None or listed.value is None:
            continue
        if not isinstance(listed.value, list):
            problems.add(listed.line, action, "expected a list of edits")
            continue
        for entry in listed.value:
            edit = _entry(action, entry, known, problems)
            if edit is not None:
                edits.append(edit)
    problems.raise_if_any()
    return edits


def _known(indicators: Iterable[str] | None) -> dict[str, str]:
    """slug -> id, so 'fd 8' and 'FD 8' name the same indicator."""
    ids = indicators if indicators is not None else (i.id for i in catalogue.load())
    return {catalogue.slug(i): i for i in ids}


def _check_period(node: _Node | None, line: int | None, period: str, problems: ProblemList) -> None:
    if node is None or node.value is None:
        problems.add(line, "period", f"missing: say which month the edits are for ({period})")
    elif not isinstance(node.value, str) or node.value.strip() != period:
        problems.add(node.line, "period", f"the file is for {node.value!r}, not {period}")


def _entry(action: str, entry: _Node, known: dict[str, str], problems: ProblemList) -> Edit | None:
    if not isinstance(entry.value, dict):
        problems.add(entry.line, action, "each edit must be a mapping, e.g. {indicator: FD 8}")
        return None
    before = len(problems.items)
    fields: dict[str, _Node] = entry.value
    for key, node in fields.items():
        if key not in FIELDS[action]:
            problems.add(
                node.line, key, f"unknown field for {action} ({', '.join(FIELDS[action])})"
            )
    values = {k: _text(fields.get(k)) for k in FIELDS[action]}
    for key in REQUIRED[action]:
        if not values[key]:
            problems.add(_line(fields, key, entry), key, f"missing: {action} needs {key}")
    if action == "remove" and not any(values.values()):
        problems.add(entry.line, "indicator", "remove needs an indicator, a rule or the exact text")
    if values["list"] and values["list"] not in LISTS:
        problems.add(
            _line(fields, "list", entry),
            "list",
            f"unknown list {values['list']!r} (expected {', '.join(LISTS)})",
        )
    indicator = values["indicator"]
    if indicator and catalogue.slug(indicator) not in known:
        problems.add(
            _line(fields, "indicator", entry), "indicator", f"unknown indicator {indicator!r}"
        )
    text = values.get("text")
    if text and len(text) > MAX_BULLET_CHARS:
        problems.add(
            _line(fields, "text", entry),
            "text",
            f"{len(text):,} characters is too long for a bullet (at most {MAX_BULLET_CHARS:,})",
        )
    rule = values.get("rule")
    if rule and rule not in RULES_BY_NAME:
        problems.add(_line(fields, "rule", entry), "rule", f"unknown rule {rule!r}")
    if len(problems.items) > before:
        return None
    return Edit(
        action,
        values["list"],
        known[catalogue.slug(indicator)] if indicator else None,
        rule,
        values["text"],
    )


def _text(node: _Node | None) -> str | None:
    if node is None or not isinstance(node.value, str):
        return None
    return " ".join(node.value.split()) or None  # folded YAML keeps no stray line breaks


def _line(fields: dict[str, _Node], key: str, entry: _Node) -> int | None:
    node = fields.get(key)
    return node.line if node is not None else entry.line


# --- the store ----------------------------------------------------------------------------


def ensure(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(DDL)


def save_edits(
    con: duckdb.DuckDBPyConnection,
    period: str,
    source: Source,
    user: str,
    *,
    indicators: Iterable[str] | None = None,
) -> list[Edit]:
    """Check the edits and keep them as the period's edits, replacing what was kept before."""
    edits = parse(source, period, indicators=indicators)
    ensure(con)
    now = datetime.now()
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute("DELETE FROM commentary_edits WHERE period = ?", [period])
        if edits:
            con.executemany(
                "INSERT INTO commentary_edits VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    [period, i, e.action, e.list_key, e.indicator_id, e.rule, e.text, user, now]
                    for i, e in enumerate(edits, 1)
                ],
            )
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    return edits


def load_edits(con: duckdb.DuckDBPyConnection, period: str) -> list[Edit]:
    """The period's edits in the order they are applied (none if nothing was ever saved)."""
    if not table_exists(con, "commentary_edits"):
        return []
    rows = con.execute(
        """SELECT action, list, indicator_id, rule, text, edited_by, edited_at
           FROM commentary_edits WHERE period = ? ORDER BY seq""",
        [period],
    ).fetchall()
    return [Edit(*r) for r in rows]


def dump(period: str, edits: Iterable[Edit]) -> str:
    """The edits as an edits file, e.g. to fetch what the dashboard saved and edit it by hand."""
    doc: dict[str, Any] = {"period": period}
    keys = {"list_key": "list", "indicator_id": "indicator", "rule": "rule", "text": "text"}
    for e in edits:
        entry = {name: getattr(e, attr) for attr, name in keys.items() if getattr(e, attr)}
        doc.setdefault(e.action, []).append(entry)
    return yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=100)


# --- applying -----------------------------------------------------------------------------


def apply(commentary: Commentary, edits: Iterable[Edit]) -> Commentary:
    """A new Commentary with the edits applied in order; the generated one is left as it was."""
    lists = {k: list(getattr(commentary, k)) for k in LISTS}
    for e in edits:
        if e.action == "remove":
            for k in LISTS:
                lists[k] = [b for b in lists[k] if not _matches(e, k, b)]
        elif e.action == "replace":
            _replace(lists, e)
        elif e.action == "add" and e.list_key in lists:
            _insert(lists[e.list_key], Bullet(e.text or "", e.indicator_id))
    return Commentary(**lists)


def unmatched(commentary: Commentary, edits: Iterable[Edit]) -> list[Edit]:
    """Removes and replaces that match no generated bullet (the figures changed since they were
    written), so ``csc report`` can say so rather than drop them silently."""
    groups = [(k, b) for k in LISTS for b in getattr(commentary, k)]
    return [
        e
        for e in edits
        if e.action != "add"
        and not (e.action == "replace" and e.list_key)
        and not any(_matches(_selector(e), k, b) for k, b in groups)
    ]


def _selector(e: Edit) -> Edit:
    """What an edit picks out: a replace's list and text say where it goes, not what it finds."""
    return Edit(e.action, None, e.indicator_id, e.rule) if e.action == "replace" else e


def _matches(e: Edit, list_key: str, b: Bullet) -> bool:
    checks = (
        (e.indicator_id, b.indicator_id),
        (e.rule, b.rule),
        (e.list_key, list_key),
        (e.text, b.text),
    )
    return any(want for want, _ in checks) and all(
        want is None or want == have for want, have in checks
    )


def _replace(lists: dict[str, list[Bullet]], e: Edit) -> None:
    new = Bullet(e.text or "", e.indicator_id)
    where = _selector(e)
    for k in LISTS:
        for i, b in enumerate(lists[k]):
            if _matches(where, k, b):
                if e.list_key in (None, k):
                    lists[k][i] = new
                else:  # moved to another list
                    del lists[k][i]
                    _insert(lists[e.list_key], new)
                return
    if e.list_key:  # nothing generated for it this month: the analyst's text still goes in
        _insert(lists[e.list_key], new)


def _insert(bullets: list[Bullet], new: Bullet) -> None:
    """Place a bullet in the pack's section (catalogue) order; free text goes last."""
    rank = _rank(new.indicator_id)
    at = next((i for i, b in enumerate(bullets) if _rank(b.indicator_id) > rank), len(bullets))
    bullets.insert(at, new)


def _rank(indicator_id: str | None) -> float:
    return _order().get(indicator_id or "", float("inf"))


@cache
def _order() -> dict[str, int]:
    return {ind.id: i for i, ind in enumerate(catalogue.load())}
