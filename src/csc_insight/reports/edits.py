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
edits live in the dashboard's database (table ``csc_web_commentaryedit``: web/models.py
CommentaryEdit), the one home that both the dashboard's Commentary page and ``csc report
--edits`` write; it is read and written here with sqlite3 or psycopg (store/web_db.py), so the
command line never starts Django. ``csc report`` and the pages apply a month's edits to the
generated commentary in order (a file's: removes, then replaces, then adds; the dashboard's:
in the order they were made). See docs/commentary.md.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any

import duckdb
import yaml

from csc_insight.errors import CscError, Problem, ProblemList, ReaderError, quoted
from csc_insight.indicators import catalogue
from csc_insight.reports import formatting
from csc_insight.reports.commentary import RULES_BY_NAME
from csc_insight.reports.model import Bullet, Commentary
from csc_insight.store import web_db
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


# --- where edits are kept ----------------------------------------------------------------

#: The dashboard's table (web/models.py CommentaryEdit, app label csc_web): the one home of edits.
TABLE = "csc_web_commentaryedit"
COLUMNS = "period, seq, action, list, indicator_id, rule, text, edited_by, edited_at"
#: Where edits were kept before the dashboard could write them: a table in the store. Rows
#: still there are moved to the dashboard's database once (``_move_legacy``).
LEGACY = "commentary_edits"
#: The audit entries of commentary: the move (which is how it is known to be done), an edits
#: file saved by `csc report --edits`, and a change made on the dashboard's Commentary page.
MOVED = "commentary-moved"
FILE_SAVED = "commentary-file"
CHANGED = "commentary"

#: A store's path, or a connection to it (or to its published copy); None: the default store.
Where = duckdb.DuckDBPyConnection | str | os.PathLike[str] | None


def _store(where: Where) -> Path | None:
    if isinstance(where, duckdb.DuckDBPyConnection):
        from csc_insight.indicators.targets import store_of

        return store_of(where)
    return None if where is None else Path(where)


def _homeless(where: Where) -> bool:
    """A store in memory, with no dashboard database named for it (CSC_WEB_DB or
    CSC_DATABASE_URL): its edits have nowhere to live (never the default store's by chance)."""
    return (
        isinstance(where, duckdb.DuckDBPyConnection)
        and _store(where) is None
        and not (os.environ.get("CSC_WEB_DB") or web_db.url())
    )


def save_edits(
    where: Where,
    period: str,
    source: Source,
    user: str,
    *,
    indicators: Iterable[str] | None = None,
) -> list[Edit]:
    """Check the edits and keep them as the period's edits in the dashboard's database,
    replacing what was kept for the period before (its tables are set up first if the dashboard
    has never run: web_db.create_tables)."""
    edits = parse(source, period, indicators=indicators)
    if _homeless(where):
        raise CscError("a store in memory has no dashboard database for edits: set CSC_WEB_DB")
    store = _store(where)
    try:
        with web_db.connect(store, write=True) as w:
            w.execute(f"SELECT 1 FROM {TABLE} WHERE 1 = 0")
    except web_db.NotSetUp:
        web_db.create_tables(store)
    now = _utc_now()
    with web_db.connect(store, write=True) as w:
        if isinstance(where, duckdb.DuckDBPyConnection):
            _move_legacy(where, w)
        w.execute(f"DELETE FROM {TABLE} WHERE period = ?", [period])
        rows = [
            [period, i, e.action, e.list_key, e.indicator_id, e.rule, e.text, user, now]
            for i, e in enumerate(edits, 1)
        ]
        if rows:
            w.executemany(f"INSERT INTO {TABLE} ({COLUMNS}) VALUES ({_marks(9)})", rows)
        name = "a dict" if isinstance(source, Mapping) else Path(source).name
        record(w, user, FILE_SAVED, period, len(edits), f"the month's edits replaced from {name}")
    return edits


def load_edits(where: Where, period: str) -> list[Edit]:
    """The period's edits in the order they are applied (none if nothing was ever saved).

    From the dashboard's database; edits an earlier version kept in the store (``where`` a
    connection to it) are moved there first, once, or read from the store while the dashboard's
    database is not set up (a read never creates it)."""
    store = _store(where)
    legacy = isinstance(where, duckdb.DuckDBPyConnection) and table_exists(where, LEGACY)
    try:
        if _homeless(where):
            raise web_db.NotSetUp("a store in memory")
        with web_db.connect(store, write=legacy) as w:
            if legacy:
                assert isinstance(where, duckdb.DuckDBPyConnection)
                _move_legacy(where, w)
            rows = w.execute(
                f"""SELECT action, list, indicator_id, rule, text, edited_by, edited_at
                    FROM {TABLE} WHERE period = ? ORDER BY seq""",
                [period],
            )
    except web_db.NotSetUp:
        if not legacy:
            return []
        assert isinstance(where, duckdb.DuckDBPyConnection)
        rows = where.execute(
            f"""SELECT action, list, indicator_id, rule, text, edited_by, edited_at
                FROM {LEGACY} WHERE period = ? ORDER BY seq""",
            [period],
        ).fetchall()
    return [
        Edit(a, lst, ind, rule, text, edited_by=by, edited_at=_local(at))
        for a, lst, ind, rule, text, by, at in rows
    ]


def move_from_store(con: duckdb.DuckDBPyConnection) -> int:
    """Move the edits an earlier version kept in the store ``con`` has open into the
    dashboard's database, once (nothing when that database is not set up yet)."""
    if not table_exists(con, LEGACY) or _homeless(con):
        return 0
    try:
        with web_db.connect(_store(con), write=True) as w:
            return _move_legacy(con, w)
    except web_db.NotSetUp:
        return 0


def next_seq(w: web_db.Connection, period: str) -> int:
    (found,) = w.execute(f"SELECT max(seq) FROM {TABLE} WHERE period = ?", [period])
    return int(found[0] or 0) + 1


def _move_legacy(con: duckdb.DuckDBPyConnection, w: web_db.Connection) -> int:
    """Move the edits kept in the store's own table (before the dashboard could write them)
    into the dashboard's database, once: the months it already holds edits for keep its own.
    The move is written to the audit log, which is how it is known to be done. Returns the
    number of edits moved."""
    if not table_exists(con, LEGACY):
        return 0
    if w.execute("SELECT 1 FROM csc_web_auditentry WHERE action = ?", [MOVED]):
        return 0
    there = {p for (p,) in w.execute(f"SELECT DISTINCT period FROM {TABLE}")}
    rows = [
        [*r[:8], _utc(r[8])]
        for r in con.execute(f"SELECT {COLUMNS} FROM {LEGACY} ORDER BY period, seq").fetchall()
        if r[0] not in there
    ]
    if rows:
        w.executemany(f"INSERT INTO {TABLE} ({COLUMNS}) VALUES ({_marks(9)})", rows)
    periods = sorted({r[0] for r in rows})
    detail = f"commentary edits moved from the store's {LEGACY} table"
    record(
        w, "csc", MOVED, "", len(rows), detail + (f" for {', '.join(periods)}" if periods else "")
    )
    return len(rows)


def record(
    w: web_db.Connection, user: str, action: str, period: str, count: int, detail: str
) -> None:
    """A row of the dashboard's audit log (web/models.py AuditEntry), which is also the
    history of each month's commentary: who changed it, when, and how."""
    w.execute(
        """INSERT INTO csc_web_auditentry
           (recorded_at, user_name, action, indicator_id, period_id, children, count, detail)
           VALUES (?, ?, ?, '', ?, '', ?, ?)""",
        [_utc_now(), user, action, period, count, detail],
    )


def _marks(n: int) -> str:
    return ", ".join("?" * n)


def _utc_now() -> datetime:
    return datetime.now(UTC)


def _utc(when: datetime | None) -> datetime | None:
    """A time to keep: aware, in UTC (a naive one is this machine's local time)."""
    return None if when is None else when.astimezone(UTC)


def _local(when: datetime | str | None) -> datetime | None:
    """A kept time as this machine's local time (SQLite gives back text, in UTC, as Django
    writes it)."""
    if when is None:
        return None
    if isinstance(when, str):
        when = datetime.fromisoformat(when)
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.astimezone()


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
