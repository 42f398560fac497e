"""The SSDA903 in the DfE's XML layout, as loaded to DfE COLLECT: read and written.

The layout, as far as public text confirms it (the DfE technical specification's XSD for
2020-21, "Expanded SSDA903 Return", and the open-source validator's XML reader):

    <EXPSSDA903>
      <CHILD>
        <HEADER> CHILDID SEX DOB ETHNIC UPN MOTHER MC_DOB UASC DUC IN_TOUCH ACTIV ACCOM ...
          <AREVIEW> REVIEW REVIEW_CODE </AREVIEW>            (repeats)
          <AMISSING> MISSING MIS_START MIS_END </AMISSING>   (repeats)
          <OC2>, <PERMANENCE>, <AD_PLACED>                   (not read: nothing maps)
        </HEADER>
        <EPISODE> DECOM RNE LS CIN PL PLACE_PROVIDER DEC REC REASON_PLACE_CHANGE
                  HOME_POST PL_POST URN </EPISODE>           (repeats)
      </CHILD>
    </EXPSSDA903>

Each element's text is the CSV column of the same name (CHILDID is CHILD, PL is PLACE). A
child is in the UASC table when UASC is 1 or DUC is given, and in OC3 when IN_TOUCH, ACTIV or
ACCOM is given. Not confirmed: the element holding social-worker episodes (2023-24 on), read
and written here as ``<SWEPISODE>`` in ``<CHILD>`` with the SWEpisodes columns; and the date
spelling (dd/mm/yyyy, as the validator reads it, or yyyy-mm-dd): both are read, dd/mm/yyyy is
written. OC2 is not read, so its birthday rule is not checked.
"""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
from lxml import etree

from csc_insight.errors import Problem, ReaderError
from csc_insight.formats.ssda903_write import covered_years, year_queries

KIND = "xml"
ROOT = "EXPSSDA903"
_PEEK = 8192

_HEADER = ("SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB")
_RENAMED = {"CHILDID": "CHILD", "PL": "PLACE"}
#: Elements holding a record of another table, in CHILD or HEADER.
_NESTED = {
    "AREVIEW": "Reviews",
    "AMISSING": "Missing",
    "EPISODE": "Episodes",
    "SWEPISODE": "SWEpisodes",
}


def recognise_xml(path: Path) -> str | None:
    """An ``.xml`` file whose root is EXPSSDA903 (first 8 KB only); an empty one named as a
    903 return too, so that the reader can say what is wrong with it."""
    if path.suffix.lower() != ".xml":
        return None
    try:
        with path.open("rb") as f:
            head = f.read(_PEEK).decode("utf-8", errors="replace")
    except OSError:
        return None
    if not head.strip():
        return KIND if "903" in path.stem else None
    found = re.match(
        r"(?:\s*(?:<\?.*?\?>|<!--.*?-->))*\s*<(?:[\w.-]+:)?" + ROOT + r"[\s>/]",
        head.lstrip("\ufeff"),
        re.S,
    )
    return KIND if found else None


Records = dict[str, list[tuple[int, dict[str, str]]]]


def read_xml(path: Path) -> Records:
    """Each table's records (with the line of the element that holds them)."""
    if path.stat().st_size == 0:
        raise ReaderError([Problem(str(path), None, None, "file is empty")])
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.parse(str(path), parser).getroot()
    except etree.XMLSyntaxError as e:
        line = e.lineno if isinstance(e.lineno, int) and e.lineno > 0 else None
        raise ReaderError(
            [
                Problem(
                    str(path), line, None, f"not well-formed XML ({e.msg}): is the file cut short?"
                )
            ]
        ) from None
    if etree.QName(root).localname != ROOT:
        raise ReaderError(
            [Problem(str(path), root.sourceline, None, f"the root element is not {ROOT}")]
        )
    out: Records = {
        t: [] for t in ("Header", "Episodes", "UASC", "OC3", "Reviews", "Missing", "SWEpisodes")
    }
    for child in root:
        if not isinstance(child.tag, str) or etree.QName(child).localname != "CHILD":
            continue
        header = _find(child, "HEADER")
        head = _leaves(header) if header is not None else {}
        line = (header if header is not None else child).sourceline or 0
        who = {"CHILD": head.get("CHILD", ""), "DOB": head.get("DOB", "")}
        out["Header"].append(
            (line, {"CHILD": who["CHILD"], **{k: head.get(k, "") for k in _HEADER}})
        )
        if head.get("UASC") == "1" or head.get("DUC"):
            out["UASC"].append(
                (line, {**who, "SEX": head.get("SEX", ""), "DUC": head.get("DUC", "")})
            )
        if any(head.get(k) for k in ("IN_TOUCH", "ACTIV", "ACCOM")):
            out["OC3"].append(
                (line, {**who, **{k: head.get(k, "") for k in ("IN_TOUCH", "ACTIV", "ACCOM")}})
            )
        for holder in (header, child):
            if holder is None:
                continue
            for part in holder:
                name = etree.QName(part).localname if isinstance(part.tag, str) else ""
                table = _NESTED.get(name)
                if table:
                    out[table].append((part.sourceline or 0, {**who, **_leaves(part)}))
    return out


def _find(parent: etree._Element, name: str) -> etree._Element | None:
    for e in parent:
        if isinstance(e.tag, str) and etree.QName(e).localname == name:
            return e
    return None


def _leaves(e: etree._Element) -> dict[str, str]:
    """The element's own leaf children (name -> text), named as the CSV columns."""
    out: dict[str, str] = {}
    for leaf in e:
        if isinstance(leaf.tag, str) and len(leaf) == 0:
            name = etree.QName(leaf).localname
            out[_RENAMED.get(name, name)] = (leaf.text or "").strip()
    return out


# --- writing ------------------------------------------------------------------------------


def write_xml(
    con: duckdb.DuckDBPyConnection, out_dir: Path, *, years: list[int] | None = None
) -> list[Path]:
    """Write each collection year's return as ``out_dir/ssda903_<year it ends>.xml``, holding
    the same records as ssda903.write's CSV tables."""
    written: list[Path] = []
    Path(out_dir).mkdir(parents=True, exist_ok=True)
    for year in years if years is not None else covered_years(con):
        tables = {name: _rows(con, sql) for name, sql in year_queries(year).items()}
        path = Path(out_dir) / f"ssda903_{year}.xml"
        root = etree.Element(ROOT)
        by_child: dict[str, dict[str, list[dict[str, str]]]] = {}
        for name, rows in tables.items():
            for row in rows:
                by_child.setdefault(row["CHILD"], {}).setdefault(name, []).append(row)
        for child_id, own in by_child.items():
            _child(root, child_id, own)
        etree.ElementTree(root).write(
            str(path), encoding="utf-8", xml_declaration=True, pretty_print=True
        )
        written.append(path)
    return written


def _rows(con: duckdb.DuckDBPyConnection, sql: str) -> list[dict[str, str]]:
    cur = con.execute(sql)
    names = [d[0] for d in cur.description]
    return [
        {n: "" if v is None else str(v) for n, v in zip(names, r, strict=False)}
        for r in cur.fetchall()
    ]


def _child(root: etree._Element, child_id: str, own: dict[str, list[dict[str, str]]]) -> None:
    child = etree.SubElement(root, "CHILD")
    header = etree.SubElement(child, "HEADER")
    head = (own.get("Header") or [{}])[0]
    uasc = (own.get("UASC") or [{}])[0]
    oc3 = (own.get("OC3") or [{}])[0]
    _leaf(header, "CHILDID", child_id)
    for k in _HEADER:
        _leaf(header, k, head.get(k, ""))
    _leaf(header, "UASC", "1" if own.get("UASC") else "0")
    _leaf(header, "DUC", uasc.get("DUC", ""))
    for k in ("IN_TOUCH", "ACTIV", "ACCOM"):
        _leaf(header, k, oc3.get(k, ""))
    for name, tag, fields in (
        ("Reviews", "AREVIEW", ("REVIEW", "REVIEW_CODE")),
        ("Missing", "AMISSING", ("MISSING", "MIS_START", "MIS_END")),
    ):
        for row in own.get(name, []):
            e = etree.SubElement(header, tag)
            for k in fields:
                _leaf(e, k, row.get(k, ""))
    for row in own.get("Episodes", []):
        e = etree.SubElement(child, "EPISODE")
        for k, v in row.items():
            if k != "CHILD":
                _leaf(e, "PL" if k == "PLACE" else k, v)
    for row in own.get("SWEpisodes", []):
        e = etree.SubElement(child, "SWEPISODE")
        for k in ("SW_ID", "SW_DECOM", "SW_DEC", "SW_REASON"):
            _leaf(e, k, row.get(k, ""))


def _leaf(parent: etree._Element, name: str, value: str) -> None:
    if value:
        etree.SubElement(parent, name).text = value
