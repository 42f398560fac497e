"""The canonical schema, read from schema.yaml: DDL for DuckDB and the data-model document."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml


@dataclass(frozen=True)
class Field:
    name: str
    type: str
    doc: str
    key: bool = False
    required: bool = False
    codes: tuple[str, ...] | None = None


@dataclass(frozen=True)
class Table:
    name: str
    origin: str  # "SSD" or "extension"
    doc: str
    fields: tuple[Field, ...]
    #: The fields that identify the same fact in every source (see schema.yaml).
    natural: tuple[str, ...] = ()
    #: A row loaded again replaces the one held whole, its empty values too (a figure entered
    #: as not published replaces the number it corrects); otherwise an empty value keeps the
    #: old one (schema.yaml's ``reload: whole``; store/load.py's merge).
    reload_whole: bool = False

    @property
    def key(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields if f.key)

    @property
    def columns(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)

    def field(self, name: str) -> Field:
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(f"{self.name} has no field {name}")

    def ddl(self) -> str:
        cols = ",\n  ".join(f"{f.name} {f.type}" for f in self.fields)
        return f"CREATE TABLE IF NOT EXISTS {self.name} (\n  {cols}\n)"


@cache
def tables() -> dict[str, Table]:
    """Every canonical table, in the order of schema.yaml (the journey of the child)."""
    text = resources.files("csc_insight.store").joinpath("schema.yaml").read_text("utf-8")
    raw = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506 - a safe loader
    out: dict[str, Table] = {}
    for name, spec in raw.items():
        fields = tuple(
            Field(
                name=fname,
                type=f["type"],
                doc=f["doc"],
                key=bool(f.get("key", False)),
                required=bool(f.get("required", False) or f.get("key", False)),
                codes=tuple(str(c) for c in f["codes"]) if "codes" in f else None,
            )
            for fname, f in spec["fields"].items()
        )
        out[name] = Table(
            name,
            spec["origin"],
            spec["doc"],
            fields,
            tuple(spec.get("natural", ())),
            spec.get("reload") == "whole",
        )
    return out


def table(name: str) -> Table:
    return tables()[name]


def data_model_markdown() -> str:
    """docs/data-model.md, generated so that the document cannot drift from the schema."""
    lines = [
        "# Data model",
        "",
        "<!-- Generated from src/csc_insight/store/schema.yaml by `csc docs`; do not edit. -->",
        "",
        "The canonical store is one DuckDB file. Tables named `ssd_*` use the table and field names",
        "of the Standard Safeguarding Dataset (SSD, v1.4.5); tables named `ext_*` are csc-insight",
        "extensions for facts the seeds report and the SSD lacks. `calendar`, `loads` and",
        "`load_files` are the store's own tables, described at the end.",
        "",
        "A **key** field identifies a row: loading a row whose key is already present replaces or",
        "fills that row, never adds a second one. A **required** field must be present in every",
        "row a reader accepts. Where a field lists **codes**, no other value is accepted.",
        "",
        "| table | origin | what a row is |",
        "| --- | --- | --- |",
    ]
    for t in tables().values():
        lines.append(f"| [`{t.name}`](#{t.name}) | {t.origin} | {t.doc} |")
    for t in tables().values():
        lines += ["", f"## {t.name}", "", f"{t.origin}. {t.doc}", ""]
        if t.natural:
            lines += [
                "Natural key (the same fact in every source): "
                + ", ".join(f"`{n}`" for n in t.natural)
                + ".",
                "",
            ]
        lines += [
            "| field | type | key / required | meaning | codes |",
            "| --- | --- | --- | --- | --- |",
        ]
        for f in t.fields:
            flag = "key" if f.key else ("required" if f.required else "")
            codes = ", ".join(f.codes) if f.codes else ""
            lines.append(f"| `{f.name}` | {f.type} | {flag} | {f.doc} | {codes} |")
    lines += ["", STORE_TABLES_DOC]
    return "\n".join(lines) + "\n"


STORE_TABLES_DOC = """## calendar

One row per day from 2010-01-01 to 2035-12-31.

| field | type | meaning |
| --- | --- | --- |
| `cal_date` | DATE | The day. |
| `cal_is_working_day` | BOOLEAN | Monday to Friday and not an England bank holiday (`holidays`, subdivision ENG). |
| `cal_bank_holiday` | VARCHAR | Name of the bank holiday, if any. |
| `cal_working_day_number` | INTEGER | Working days since 2010-01-01, counting this day if it is a working day. The working days from date *a* to a later date *b* are `wdn(b) - wdn(a)`: a working day *b* counts, *a* does not (a referral on Friday authorised on Monday took 1 working day). |
| `cal_month_start` | DATE | First day of the month. |
| `cal_financial_year` | VARCHAR | Financial year (April–March), e.g. `2020-21`. |
| `cal_financial_year_start` | DATE | 1 April that starts it. |

## loads

One row per successful load (`csc ingest`).

| field | type | meaning |
| --- | --- | --- |
| `load_id` | INTEGER | Sequence number. |
| `load_started_at` / `load_finished_at` | TIMESTAMP | When. |
| `load_user` | VARCHAR | Who (the operating-system user, or `--user`). |
| `load_files` | INTEGER | Files in the load. |
| `load_rows` | BIGINT | Rows read from them. |
| `load_note` | VARCHAR | Summary, e.g. the formats recognised. |

## load_files

One row per file per load.

| field | type | meaning |
| --- | --- | --- |
| `load_id` | INTEGER | The load (loads). |
| `file_path` | VARCHAR | Path as given. |
| `file_format` | VARCHAR | Format recognised (ssd, ssda903, cin_census, annex_a, workforce, early_help). |
| `file_kind` | VARCHAR | What the file holds within its format (an SSD table, an SSDA903 table, an Annex A list). |
| `file_sha256` | VARCHAR | Checksum of the bytes loaded. |
| `file_bytes` | BIGINT | Size. |
| `file_rows` | BIGINT | Records read. |"""
