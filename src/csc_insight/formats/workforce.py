"""Workforce templates: csc-insight's own CSV templates for HR and quality-assurance records.

Councils hold workforce data in HR and payroll systems, outside the Standard Safeguarding Dataset,
so csc-insight defines simple CSV templates an analyst fills from an HR export or a spreadsheet
(docs/formats/workforce.md). One file per concept, recognised by its header, not its name:

- ``teams``: teams and the services they belong to (ssd_department);
- ``posts``: the establishment, funded posts (ext_workforce_posts);
- ``staff``: staff in post, one row per person per assignment (ext_workforce_staff, and
  ssd_professionals for rows that give the worker's id in the case-management system);
- ``staff_supervision``: personal supervision of staff (ext_staff_supervision);
- the quality kinds, QA records rather than HR ones, kept in this format because the same
  performance team compiles them: ``case_supervision`` (ext_case_supervision) and
  ``case_audits`` (ext_case_audits).

Values follow the Children's social work workforce census (CSWW) where it has them, as specified
for the 2022 collection (DfE CSWW XML schema 2022): Agency (Y/N) is AgencyWorker (1/0 accepted),
FTE is FTE, Role accepts OrgRole codes 1–6, Start date / End date are RoleStartDate /
RoleEndDate, Leaving reason is ReasonLeave (its codes 1–10 or words, stored as word codes),
NQSW/ASYE (Y/N) is CFKSSstatus 1 (ASYE), SWE registration number is SWENo.

This module also holds the small template engine (columns with friendly headers, tolerant
values, row rules, derived keys) that the early-help template shares.
"""

from __future__ import annotations

import contextlib
import csv
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Literal

import duckdb

from csc_insight.errors import MAX_PROBLEMS_PER_FILE, Problem, ProblemList, ReaderError, quoted
from csc_insight.formats.base import Mode, SourceFile, Staged
from csc_insight.formats.csv_table import (
    Column,
    date_expr,
    header_key,
    read_header,
    reader_error_for,
    stage_csv,
)
from csc_insight.formats.dates import DAY_FIRST, EARLIEST, ISO, LATEST, date_problem

FORMAT = "workforce"
MODE: Mode = "merge"

# ---------------------------------------------------------------------------------------------
# The template engine (shared with formats/early_help.py)
# ---------------------------------------------------------------------------------------------

ValueKind = Literal["text", "date", "fte", "choice"]

#: Spreadsheets save dates day first, sometimes with a midnight time; systems export ISO.
DATE_FORMATS = (ISO, DAY_FIRST, f"{DAY_FIRST} %H:%M", f"{DAY_FIRST} %H:%M:%S")
#: As messages name them: day first, the spelling people type in a spreadsheet.
DATE_SHOWN = (DAY_FIRST, ISO)

#: FTE above 1 happens (overtime contracts); above 1.5 is a typing error (hours, or a percentage).
FTE_MAX = 1.5


def words(mapping: Mapping[str, Sequence[str]]) -> dict[str, str]:
    """{code: [words]} -> {normalised word: code}; each code also stands for itself."""
    out: dict[str, str] = {}
    for code, spellings in mapping.items():
        for w in (code, *spellings):
            out[header_key(w)] = code
    return out


YES_NO = words({"Y": ["yes", "true", "1"], "N": ["no", "false", "0"]})
YES_NO_HINT = "not Y or N (Yes/No and 1/0 are accepted too)"


@dataclass(frozen=True)
class TemplateColumn:
    """A column of a template: its SQL name in the reader, the header an analyst sees."""

    name: str
    header: str
    kind: ValueKind = "text"
    required: bool = False  # a value in every row (so the column must be in the file)
    aliases: tuple[str, ...] = ()  # other headers accepted for it
    choices: Mapping[str, str] | None = None  # normalised word -> stored code
    hint: str = ""  # for a choice: what the reason says when the value is not one of them

    @property
    def headers(self) -> tuple[str, ...]:
        return (self.header, *self.aliases)


@dataclass(frozen=True)
class Rule:
    """A check across a row's values: SQL over the reader's names, true when the row is wrong.

    ``name`` is a column's typed value, ``_t_name`` its text as written (NULL when blank).
    """

    condition: str
    column: str  # header of the column blamed
    reason: str


@dataclass(frozen=True)
class Output:
    """One canonical table a template fills: field -> SQL over the reader's names."""

    table: str
    fields: Mapping[str, str]
    where: str | None = None
    one_per: str | None = None  # several rows may give this key: keep one ...
    prefer: str = "_row DESC"  # ... the first in this order


@dataclass(frozen=True)
class Template:
    kind: str
    columns: tuple[TemplateColumn, ...]
    signature: tuple[str, ...]  # columns whose headers identify the file
    key_id: str  # the id column
    outputs: tuple[Output, ...]
    key_from: tuple[str, str] | None = None  # (who, date) columns deriving a blank id
    rules: tuple[Rule, ...] = ()
    excludes: tuple[str, ...] = ()  # headers that mean another kind
    same_for: tuple[tuple[str, str], ...] = ()  # (a, b): rows sharing a must share b
    file_name: str = ""

    def column(self, name: str) -> TemplateColumn:
        return next(c for c in self.columns if c.name == name)


def _lit(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _norm_sql(expr: str) -> str:
    """The SQL twin of header_key: values match case-, space- and punctuation-blind."""
    return f"regexp_replace(lower({expr}), '[^0-9a-z]+', '', 'g')"


def _present(col: TemplateColumn, keys: set[str]) -> str | None:
    """The header under which the file carries the column, or None."""
    return next((h for h in col.headers if header_key(h) in keys), None)


def recognise_template(path: Path, templates: Sequence[Template]) -> str | None:
    """The kind a CSV file holds, by its header, or None.

    The first kind (in order) whose signature columns are all there, with at least half of its
    required columns; failing that, the kind with most of its columns there (two thirds or more),
    so that a file with one key column misspelt is still read and the reader names the column.
    A file whose first line cannot be read (empty, or not UTF-8) is claimed by its name when that
    is the template's (``workforce_staff.csv``), so the reader can say what is wrong.
    """
    if path.suffix.lower() != ".csv":
        return None
    header = read_header(path)
    if not header:
        stem = header_key(path.stem)
        named = [t for t in templates if t.file_name and header_key(Path(t.file_name).stem) in stem]
        return max(named, key=lambda t: len(t.file_name)).kind if named else None
    keys = {header_key(h) for h in header}
    candidates = [t for t in templates if not any(header_key(h) in keys for h in t.excludes)]
    for t in candidates:
        required = [c for c in t.columns if c.required]
        if all(_present(t.column(n), keys) for n in t.signature) and sum(
            _present(c, keys) is not None for c in required
        ) * 2 >= len(required):
            return t.kind
    best: tuple[float, str] | None = None
    for t in candidates:
        hits = sum(_present(c, keys) is not None for c in t.columns)
        share = hits / len(t.columns)
        if hits >= 3 and share * 3 >= 2 and (best is None or share > best[0]):
            best = (share, t.kind)
    return best[1] if best else None


def _typed_sql(col: TemplateColumn, txt: str) -> str:
    if col.kind == "date":
        return date_expr(txt, DATE_FORMATS)
    if col.kind == "fte":
        return f"try_cast({txt} AS DOUBLE)"
    if col.kind == "choice":
        assert col.choices is not None
        whens = " ".join(f"WHEN {_lit(k)} THEN {_lit(v)}" for k, v in col.choices.items())
        return f"CASE {_norm_sql(txt)} {whens} END"
    return txt


#: The reason a row fails a check, given the failing column's text as written.
Reason = Callable[[object], str]


def _fixed(reason: str) -> Reason:
    return lambda _text: reason


def _showing(reason: str) -> Reason:
    return lambda text: f"{quoted(text)} is {reason}"


def _date_reason(text: object) -> str:
    return date_problem(str(text), DATE_SHOWN)


def _value_checks(col: TemplateColumn) -> list[tuple[str, Reason]]:
    """(condition, reason) for one column's values."""
    t, v = f"_t_{col.name}", col.name
    checks: list[tuple[str, Reason]] = []
    if col.required:
        checks.append((f"{t} IS NULL", _fixed("value missing")))
    if col.kind == "date":
        # Unparseable and out of range in one check: the reason tells them apart.
        checks.append(
            (
                f"{t} IS NOT NULL AND ({v} IS NULL OR "
                f"{v} NOT BETWEEN DATE '{EARLIEST}' AND DATE '{LATEST}')",
                _date_reason,
            )
        )
    elif col.kind == "fte":
        checks.append((f"{t} IS NOT NULL AND {v} IS NULL", _showing("not a number")))
        checks.append(
            (
                f"NOT ({v} BETWEEN 0 AND {FTE_MAX})",
                _showing(f"not a valid FTE: it must be between 0 and {FTE_MAX} (1 = full time)"),
            )
        )
    elif col.kind == "choice":
        checks.append((f"{t} IS NOT NULL AND {v} IS NULL", _showing(col.hint)))
    return checks


class _FileStager:
    """Reads one template file: parse (stage_csv), type, check, then stage canonical rows."""

    def __init__(self, con: duckdb.DuckDBPyConnection, path: Path, t: Template, tag: str):
        self.con, self.path, self.t, self.tag = con, path, t, tag
        self.label = str(path)
        self.raw, self.typed = f"_tpl_raw_{tag}", f"_tpl_typed_{tag}"
        self.problems: list[tuple[int, int, Problem]] = []

    def run(self, staged: Staged) -> int:
        try:
            self._parse()
            count = self._type()
            self._check(count)
            if self.problems:
                self._raise()
            for i, out in enumerate(self.t.outputs):
                staged.add(out.table, self._output(out, f"stage_{self.tag}_{i}"))
            return count
        except duckdb.Error as e:
            # A safety net: no input should get here, but none may escape as anything else.
            reason = f"could not be read: {str(e).splitlines()[0] if str(e) else type(e).__name__}"
            raise reader_error_for(self.label, reason) from e
        finally:
            self._drop()

    def _drop(self) -> None:
        # Fails only when a file DuckDB could not parse aborted the transaction; it rolls back.
        with contextlib.suppress(duckdb.Error):
            self.con.execute(f"DROP TABLE IF EXISTS {self.raw}; DROP TABLE IF EXISTS {self.typed}")

    def _parse(self) -> None:
        header = read_header(self.path) or []
        keys = {header_key(h) for h in header}
        # Every value is read as text here; typing and checks happen below in one SQL pass, so
        # a file's problems of every kind are reported together.
        self.source = {c.name: _present(c, keys) or c.header for c in self.t.columns}
        columns = [
            Column(name=self.source[c.name], optional_column=not c.required) for c in self.t.columns
        ]
        stage_csv(self.con, self.path, columns, self.raw, label=self.label)

    def _type(self) -> int:
        texts = ", ".join(f"{_quote(self.source[c.name])} AS _t_{c.name}" for c in self.t.columns)
        typed = ", ".join(_typed_sql(c, f"_t_{c.name}") + f" AS {c.name}" for c in self.t.columns)
        nonblank = " OR ".join(f"_t_{c.name} IS NOT NULL" for c in self.t.columns)
        self.con.execute(
            f"""CREATE OR REPLACE TEMP TABLE {self.typed} AS
                SELECT *, {self._key_sql()} AS _key FROM (
                    SELECT _row, {", ".join(f"_t_{c.name}" for c in self.t.columns)}, {typed}
                    FROM (SELECT _row, {texts} FROM {self.raw}) WHERE {nonblank})"""
        )
        rows = self.con.execute(f"SELECT count(*) FROM {self.typed}").fetchall()
        return int(rows[0][0])

    def _key_sql(self) -> str:
        given = f"_t_{self.t.key_id}"
        if self.t.key_from is None:
            return given
        who, when = self.t.key_from
        return f"coalesce({given}, _t_{who} || '-' || strftime({when}, '%Y%m%d'))"

    def _add(self, row: int | None, header: str | None, reason: str) -> None:
        order = next(
            (i for i, c in enumerate(self.t.columns) if c.header == header), len(self.t.columns)
        )
        column = self.source.get(self._name_of(header), header) if header else None
        self.problems.append((row or 0, order, Problem(self.label, row, column, reason)))

    def _name_of(self, header: str | None) -> str:
        return next((c.name for c in self.t.columns if c.header == header), "")

    def _check(self, count: int) -> None:
        if count == 0:
            self._add(2, None, "no records below the header (is this the blank template?)")
            return
        self._check_values()
        self._check_keys()
        for a, b in self.t.same_for:
            self._check_same(a, b)

    def _check_values(self) -> None:
        checks: list[tuple[str, TemplateColumn, Reason]] = []
        for c in self.t.columns:
            checks += [(cond, c, reason) for cond, reason in _value_checks(c)]
        for r in self.t.rules:
            checks.append((r.condition, self._by_header(r.column), _fixed(r.reason)))
        flags = ", ".join(f"CASE WHEN {c} THEN {i} END" for i, (c, _, _) in enumerate(checks))
        where = " OR ".join(f"({c})" for c, _, _ in checks)
        texts = ", ".join(f"_t_{c.name}" for c in self.t.columns)
        failing = self.con.execute(
            f"""SELECT _row, list_filter([{flags}], lambda x: x IS NOT NULL), {texts}
                FROM {self.typed} WHERE {where} ORDER BY _row LIMIT {MAX_PROBLEMS_PER_FILE + 1}"""
        ).fetchall()
        names = [c.name for c in self.t.columns]
        for row, hits, *values in failing:
            text = dict(zip(names, values, strict=True))
            for i in hits:
                _, col, reason = checks[i]
                self._add(int(row), col.header, reason(text[col.name]))

    def _by_header(self, header: str) -> TemplateColumn:
        return next(c for c in self.t.columns if c.header == header)

    def _check_keys(self) -> None:
        dups = self.con.execute(
            f"""SELECT dup_row, first_row, given FROM (
                    SELECT _row AS dup_row, _t_{self.t.key_id} IS NOT NULL AS given,
                        min(_row) OVER (PARTITION BY _key) AS first_row
                    FROM {self.typed} WHERE _key IS NOT NULL)
                WHERE dup_row <> first_row ORDER BY dup_row LIMIT {MAX_PROBLEMS_PER_FILE}"""
        ).fetchall()
        id_col = self.t.column(self.t.key_id)
        for dup_row, first_row, given in dups:
            if given or self.t.key_from is None:
                reason = f"duplicate {id_col.header}: same as row {first_row}"
            else:
                who, when = (self.t.column(n).header for n in self.t.key_from)
                reason = (
                    f"same {who} and {when} as row {first_row}, and no {id_col.header} to tell "
                    "them apart"
                )
            self._add(int(dup_row), id_col.header, reason)

    def _check_same(self, a: str, b: str) -> None:
        ca, cb = self.t.column(a), self.t.column(b)
        clashes = self.con.execute(
            f"""SELECT _row, first_row, first_b FROM (
                    SELECT _row, {b},
                        first_value(_row) OVER w AS first_row, first_value({b}) OVER w AS first_b
                    FROM {self.typed} WHERE {a} IS NOT NULL AND {b} IS NOT NULL
                    WINDOW w AS (PARTITION BY {a} ORDER BY _row))
                WHERE {b} <> first_b ORDER BY _row LIMIT {MAX_PROBLEMS_PER_FILE}"""
        ).fetchall()
        for row, first_row, first_b in clashes:
            self._add(
                int(row),
                ca.header,
                f"this {ca.header} is given to {cb.header} {quoted(first_b)} in row {first_row}",
            )

    def _raise(self) -> None:
        problems = ProblemList(self.label)
        for _, _, p in sorted(self.problems, key=lambda x: (x[0], x[1])):
            problems.add(p.row, p.column, p.reason)
        problems.raise_if_any()

    def _output(self, out: Output, temp: str) -> str:
        select = ", ".join(f"{sql} AS {field}" for field, sql in out.fields.items())
        where = f"WHERE {out.where}" if out.where else ""
        if out.one_per is None:
            body = f"SELECT {select} FROM {self.typed} {where}"
        else:
            body = f"""SELECT * EXCLUDE (_pick) FROM (
                SELECT {select}, row_number() OVER (PARTITION BY {out.one_per} ORDER BY {out.prefer}) AS _pick
                FROM {self.typed} {where}) WHERE _pick = 1"""
        self.con.execute(f"CREATE OR REPLACE TEMP TABLE {temp} AS {body}")
        return temp


def stage_templates(
    con: duckdb.DuckDBPyConnection,
    files: list[SourceFile],
    templates: Mapping[str, Template],
    prefix: str,
) -> Staged:
    """Stage each file in order (a later file updates what an earlier one gave, by key).

    Every file is read even when an earlier one fails, so one run reports them all.
    """
    staged = Staged()
    problems: list[Problem] = []
    truncated = False
    for i, f in enumerate(files):
        t = templates.get(f.kind)
        try:
            if t is None:
                raise reader_error_for(str(f.path), f"not a {prefix} template kind: {f.kind}")
            staged.rows[f.path] = _FileStager(con, f.path, t, f"{prefix}_{t.kind}_{i}").run(staged)
        except ReaderError as e:
            problems += e.problems
            truncated = truncated or e.truncated
            if not _usable(con):
                break  # a parse error aborted the load's transaction: report what we have
    if problems:
        raise ReaderError(problems, truncated)
    return staged


def _usable(con: duckdb.DuckDBPyConnection) -> bool:
    try:
        con.execute("SELECT 1").fetchall()
        return True
    except duckdb.Error:
        return False


# -- writing ----------------------------------------------------------------------------------


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return repr(value)  # shortest text that reads back as the same number
    return str(value)


def write_template(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    columns: Sequence[tuple[str, str]],
    from_sql: str,
    order: str,
) -> Path | None:
    """Write ``(header, SQL)`` columns of ``from_sql`` to ``path``; None if there are no rows."""
    select = ", ".join(sql for _, sql in columns)
    rows = con.execute(f"SELECT {select} FROM {from_sql} ORDER BY {order}").fetchall()
    if not rows:
        return None
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as f:
        out = csv.writer(f, lineterminator="\n")
        out.writerow([h for h, _ in columns])
        out.writerows([_cell(v) for v in row] for row in rows)
    return path


# ---------------------------------------------------------------------------------------------
# The workforce templates
# ---------------------------------------------------------------------------------------------

ROLE_CODES = (
    "SOCIAL_WORKER",
    "SENIOR_PRACTITIONER",
    "TEAM_MANAGER",
    "SERVICE_MANAGER",
    "PERSONAL_ADVISER",
    "EARLY_HELP_WORKER",
)
#: The codes read as words ("Social worker"), common short forms, and CSWW OrgRole 1–6. The
#: census has no service-manager code: its senior and middle managers both map to SERVICE_MANAGER;
#: a qualified worker without cases (6) is a SOCIAL_WORKER whose Case holding is N.
ROLES = words(
    {
        "SOCIAL_WORKER": ["SW", "Case holder", "5", "Qualified without cases", "6"],
        "SENIOR_PRACTITIONER": ["Advanced practitioner", "4"],
        "TEAM_MANAGER": ["First line manager", "3"],
        "SERVICE_MANAGER": ["Middle manager", "2", "Senior manager", "1"],
        "PERSONAL_ADVISER": ["PA", "Personal advisor"],
        "EARLY_HELP_WORKER": ["EHW", "Early help practitioner"],
    }
)
ROLE_HINT = (
    "not a role (expected Social worker, Senior practitioner, Team manager, Service manager, "
    "Personal adviser or Early help worker, or a CSWW OrgRole code 1–6)"
)

#: CSWW ReasonLeave as word codes (its numbers 1–10 are accepted too), plus two csc-insight
#: additions the census has no reason for: CAREER_BREAK (the census records it as a leaver
#: destination) and END_OF_CONTRACT (agency and fixed-term staff, who are not census leavers).
LEAVING_REASONS = words(
    {
        "RESIGNED": ["Resignation", "1"],
        "VOLUNTARY_REDUNDANCY": ["2"],
        "COMPULSORY_REDUNDANCY": ["3"],
        "DISMISSED": ["Dismissal", "4"],
        "RETIRED": ["Retirement", "5"],
        "DECEASED": ["Died", "6"],
        "MOVED_WITHIN_LA": [
            "Moved to a non-child and family social work role within LA",
            "Moved to a non-child and family social work role",
            "Moved to a non-social work role",
            "7",
        ],
        "OTHER": ["8"],
        "NOT_KNOWN": ["Unknown", "9"],
        "NOT_YET_COLLECTED": ["10"],
        "CAREER_BREAK": [],
        "END_OF_CONTRACT": [
            "Contract ended",
            "End of fixed-term contract",
            "End of fixed term contract",
            "End of assignment",
        ],
    }
)
LEAVING_HINT = (
    "not a leaving reason (expected Resigned, Voluntary redundancy, Compulsory redundancy, "
    "Dismissed, Retired, Deceased, Moved within LA, Other, Not known, Not yet collected, "
    "Career break or End of contract, or a CSWW ReasonLeave code 1–10)"
)

AUDIT_GRADES = words(
    {
        "OUTSTANDING": ["1"],
        "GOOD": ["2"],
        "REQUIRES_IMPROVEMENT": ["RI", "Requires improvement to be good", "3"],
        "INADEQUATE": ["4"],
    }
)
AUDIT_HINT = (
    "not a grade (expected Outstanding, Good, Requires improvement or Inadequate, or Ofsted's 1–4)"
)


def _yn(
    name: str, header: str, *, required: bool = False, aliases: tuple[str, ...] = ()
) -> TemplateColumn:
    return TemplateColumn(
        name, header, "choice", required, aliases=aliases, choices=YES_NO, hint=YES_NO_HINT
    )


def _role(required: bool = True) -> TemplateColumn:
    return TemplateColumn("role", "Role", "choice", required, choices=ROLES, hint=ROLE_HINT)


END_AFTER_START = Rule("end_date < start_date", "End date", "the end date is before the start date")

TEAMS = Template(
    kind="teams",
    file_name="workforce_teams.csv",
    columns=(
        TemplateColumn("team_id", "Team ID", required=True),
        TemplateColumn("team_name", "Team name", required=True),
        TemplateColumn("service_id", "Service ID"),
        TemplateColumn("service_name", "Service name", aliases=("Service",)),
    ),
    signature=("team_id", "team_name"),
    key_id="team_id",
    outputs=(
        Output(
            "ssd_department",
            {
                "dept_team_id": "_key",
                "dept_team_name": "team_name",
                "dept_team_parent_id": "service_id",
                "dept_team_parent_name": "service_name",
            },
        ),
    ),
)

POSTS = Template(
    kind="posts",
    file_name="workforce_posts.csv",
    columns=(
        TemplateColumn("post_id", "Post ID", required=True),
        TemplateColumn("team_id", "Team ID", required=True),
        TemplateColumn("job_title", "Job title"),
        _role(),
        TemplateColumn("grade", "Grade"),
        TemplateColumn("fte", "FTE", "fte", required=True),
        _yn("case_holding", "Case holding (Y/N)", aliases=("Case holding",)),
        TemplateColumn("start_date", "Start date", "date", required=True),
        TemplateColumn("end_date", "End date", "date"),
    ),
    signature=("post_id",),
    # A staff file names the post each person fills: never read one as posts.
    excludes=(
        "Staff ID",
        "Assignment ID",
        "Agency (Y/N)",
        "Agency",
        "Agency worker",
        "Leaving reason",
    ),
    key_id="post_id",
    rules=(END_AFTER_START,),
    outputs=(
        Output(
            "ext_workforce_posts",
            {
                "wpost_post_id": "_key",
                "wpost_team_id": "team_id",
                "wpost_job_title": "job_title",
                "wpost_role": "role",
                "wpost_grade": "grade",
                "wpost_fte": "fte",
                "wpost_case_holding": "case_holding",
                "wpost_start_date": "start_date",
                "wpost_end_date": "end_date",
            },
        ),
    ),
)

STAFF = Template(
    kind="staff",
    file_name="workforce_staff.csv",
    columns=(
        TemplateColumn("assignment_id", "Assignment ID"),
        TemplateColumn("staff_id", "Staff ID", required=True),
        TemplateColumn("worker_id", "Worker ID", aliases=("Case system worker ID",)),
        TemplateColumn("name", "Name"),
        TemplateColumn(
            "swe_no", "SWE registration number", aliases=("SWE number", "SWENo", "SWE no")
        ),
        TemplateColumn("post_id", "Post ID"),
        TemplateColumn("team_id", "Team ID", required=True),
        _role(),
        TemplateColumn("job_title", "Job title"),
        _yn("agency", "Agency (Y/N)", required=True, aliases=("Agency", "Agency worker")),
        _yn("nqsw", "NQSW/ASYE (Y/N)", aliases=("NQSW/ASYE", "NQSW", "ASYE")),
        TemplateColumn("fte", "FTE", "fte", required=True),
        TemplateColumn("start_date", "Start date", "date", required=True),
        TemplateColumn("end_date", "End date", "date"),
        TemplateColumn(
            "leaving_reason", "Leaving reason", "choice", choices=LEAVING_REASONS, hint=LEAVING_HINT
        ),
        _yn("case_holding", "Case holding (Y/N)", aliases=("Case holding",)),
    ),
    signature=("staff_id",),
    key_id="assignment_id",
    key_from=("staff_id", "start_date"),
    rules=(
        END_AFTER_START,
        Rule(
            "_t_leaving_reason IS NOT NULL AND _t_end_date IS NULL",
            "Leaving reason",
            "a leaving reason is given but no end date",
        ),
    ),
    same_for=(("worker_id", "staff_id"),),
    outputs=(
        Output(
            "ext_workforce_staff",
            {
                "wstaf_assignment_id": "_key",
                "wstaf_staff_id": "staff_id",
                "wstaf_professional_id": "worker_id",
                "wstaf_post_id": "post_id",
                "wstaf_team_id": "team_id",
                "wstaf_role": "role",
                "wstaf_agency": "agency",
                "wstaf_nqsw": "nqsw",
                "wstaf_fte": "fte",
                "wstaf_start_date": "start_date",
                "wstaf_end_date": "end_date",
                "wstaf_leaving_reason": "leaving_reason",
                "wstaf_case_holding": "case_holding",
            },
        ),
        # A worker's case-system record takes their current assignment (else the latest).
        Output(
            "ssd_professionals",
            {
                "prof_professional_id": "worker_id",
                "prof_staff_id": "staff_id",
                "prof_professional_name": "name",
                "prof_social_worker_registration_no": "swe_no",
                "prof_agency_worker_flag": "agency",
                "prof_professional_job_title": "job_title",
                "prof_professional_department": "team_id",
                "prof_full_time_equivalency": "fte",
            },
            where="worker_id IS NOT NULL",
            one_per="worker_id",
            prefer="end_date IS NULL DESC, start_date DESC, _row DESC",
        ),
    ),
)

STAFF_SUPERVISION = Template(
    kind="staff_supervision",
    file_name="workforce_staff_supervision.csv",
    columns=(
        TemplateColumn("supervision_id", "Supervision ID"),
        TemplateColumn("staff_id", "Staff ID", required=True),
        TemplateColumn("supervision_date", "Supervision date", "date", required=True),
        TemplateColumn("supervisor_staff_id", "Supervisor staff ID"),
    ),
    signature=("staff_id", "supervision_date"),
    key_id="supervision_id",
    key_from=("staff_id", "supervision_date"),
    outputs=(
        Output(
            "ext_staff_supervision",
            {
                "ssup_supervision_id": "_key",
                "ssup_staff_id": "staff_id",
                "ssup_supervision_date": "supervision_date",
                "ssup_supervisor_staff_id": "supervisor_staff_id",
            },
        ),
    ),
)

CASE_SUPERVISION = Template(
    kind="case_supervision",
    file_name="workforce_case_supervision.csv",
    columns=(
        TemplateColumn("supervision_id", "Supervision ID"),
        TemplateColumn("person_id", "Person ID", required=True, aliases=("Child ID",)),
        TemplateColumn("supervision_date", "Supervision date", "date", required=True),
        TemplateColumn("supervisor_id", "Supervisor ID"),
        TemplateColumn("worker_id", "Worker ID"),
        TemplateColumn("team_id", "Team ID"),
    ),
    signature=("person_id", "supervision_date"),
    key_id="supervision_id",
    key_from=("person_id", "supervision_date"),
    outputs=(
        Output(
            "ext_case_supervision",
            {
                "csup_supervision_id": "_key",
                "csup_person_id": "person_id",
                "csup_supervision_date": "supervision_date",
                "csup_supervisor_id": "supervisor_id",
                "csup_worker_id": "worker_id",
                "csup_team": "team_id",
            },
        ),
    ),
)

CASE_AUDITS = Template(
    kind="case_audits",
    file_name="workforce_case_audits.csv",
    columns=(
        TemplateColumn("audit_id", "Audit ID"),
        TemplateColumn("person_id", "Person ID", required=True, aliases=("Child ID",)),
        TemplateColumn("audit_date", "Audit date", "date", required=True),
        TemplateColumn("grade", "Grade", "choice", True, choices=AUDIT_GRADES, hint=AUDIT_HINT),
        TemplateColumn("auditor_id", "Auditor ID"),
        TemplateColumn("team_id", "Team ID"),
    ),
    signature=("person_id", "audit_date"),
    key_id="audit_id",
    key_from=("person_id", "audit_date"),
    outputs=(
        Output(
            "ext_case_audits",
            {
                "caud_audit_id": "_key",
                "caud_person_id": "person_id",
                "caud_audit_date": "audit_date",
                "caud_grade": "grade",
                "caud_auditor_id": "auditor_id",
                "caud_team": "team_id",
            },
        ),
    ),
)

#: In recognition order: a kind whose signature another's contains comes first.
TEMPLATES: dict[str, Template] = {
    t.kind: t for t in (STAFF_SUPERVISION, STAFF, CASE_SUPERVISION, CASE_AUDITS, POSTS, TEAMS)
}

#: Which canonical field each template column is written from (the reverse of the outputs).
WRITE_FROM: dict[str, tuple[str, str, Sequence[tuple[str, str]]]] = {
    "teams": (
        "ssd_department",
        "dept_team_id",
        [
            ("Team ID", "dept_team_id"),
            ("Team name", "dept_team_name"),
            ("Service ID", "dept_team_parent_id"),
            ("Service name", "dept_team_parent_name"),
        ],
    ),
    "posts": (
        "ext_workforce_posts",
        "wpost_team_id, wpost_post_id",
        [
            ("Post ID", "wpost_post_id"),
            ("Team ID", "wpost_team_id"),
            ("Job title", "wpost_job_title"),
            ("Role", "wpost_role"),
            ("Grade", "wpost_grade"),
            ("FTE", "wpost_fte"),
            ("Case holding (Y/N)", "wpost_case_holding"),
            ("Start date", "wpost_start_date"),
            ("End date", "wpost_end_date"),
        ],
    ),
    "staff": (
        "ext_workforce_staff s LEFT JOIN ssd_professionals p"
        " ON p.prof_professional_id = s.wstaf_professional_id",
        "s.wstaf_staff_id, s.wstaf_start_date, s.wstaf_assignment_id",
        [
            ("Assignment ID", "s.wstaf_assignment_id"),
            ("Staff ID", "s.wstaf_staff_id"),
            ("Worker ID", "s.wstaf_professional_id"),
            ("Name", "p.prof_professional_name"),
            ("SWE registration number", "p.prof_social_worker_registration_no"),
            ("Post ID", "s.wstaf_post_id"),
            ("Team ID", "s.wstaf_team_id"),
            ("Role", "s.wstaf_role"),
            ("Job title", "p.prof_professional_job_title"),
            ("Agency (Y/N)", "s.wstaf_agency"),
            ("NQSW/ASYE (Y/N)", "s.wstaf_nqsw"),
            ("FTE", "s.wstaf_fte"),
            ("Start date", "s.wstaf_start_date"),
            ("End date", "s.wstaf_end_date"),
            ("Leaving reason", "s.wstaf_leaving_reason"),
            ("Case holding (Y/N)", "s.wstaf_case_holding"),
        ],
    ),
    "staff_supervision": (
        "ext_staff_supervision",
        "ssup_staff_id, ssup_supervision_date, ssup_supervision_id",
        [
            ("Supervision ID", "ssup_supervision_id"),
            ("Staff ID", "ssup_staff_id"),
            ("Supervision date", "ssup_supervision_date"),
            ("Supervisor staff ID", "ssup_supervisor_staff_id"),
        ],
    ),
    "case_supervision": (
        "ext_case_supervision",
        "csup_person_id, csup_supervision_date, csup_supervision_id",
        [
            ("Supervision ID", "csup_supervision_id"),
            ("Person ID", "csup_person_id"),
            ("Supervision date", "csup_supervision_date"),
            ("Supervisor ID", "csup_supervisor_id"),
            ("Worker ID", "csup_worker_id"),
            ("Team ID", "csup_team"),
        ],
    ),
    "case_audits": (
        "ext_case_audits",
        "caud_person_id, caud_audit_date, caud_audit_id",
        [
            ("Audit ID", "caud_audit_id"),
            ("Person ID", "caud_person_id"),
            ("Audit date", "caud_audit_date"),
            ("Grade", "caud_grade"),
            ("Auditor ID", "caud_auditor_id"),
            ("Team ID", "caud_team"),
        ],
    ),
}


def recognise(path: Path) -> str | None:
    return recognise_template(path, list(TEMPLATES.values()))


def stage(con: duckdb.DuckDBPyConnection, files: list[SourceFile]) -> Staged:
    return stage_templates(con, files, TEMPLATES, "wf")


def write(con: duckdb.DuckDBPyConnection, out_dir: Path) -> list[Path]:
    """Write one template file per kind that has rows (``workforce_<kind>.csv``)."""
    written = []
    for kind, (from_sql, order, columns) in WRITE_FROM.items():
        path = write_template(
            con, Path(out_dir) / TEMPLATES[kind].file_name, columns, from_sql, order
        )
        if path is not None:
            written.append(path)
    return written
