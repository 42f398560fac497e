"""Reading a CIN census file as XML: its encoding, its structure and its Header.

The file is streamed with ``lxml.etree.iterparse``: each ``Child`` is handed on and then cleared,
with the children before it, so memory stays flat however many children a file holds. Problems
found here are with the whole file (not XML, wrong root, bytes that are not its encoding, a
Header missing or unreadable): they go in the file's ProblemList and refuse the load.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from lxml import etree

from csc_insight import financial_year
from csc_insight.errors import ProblemList, quoted
from csc_insight.formats.dates import FIRST, ISO, LAST, date_problem

#: Every element of the specification the reader knows (to name one in a syntax problem).
ELEMENTS = frozenset(
    """Message Header CollectionDetails Collection Year ReferenceDate Source SourceLevel LEA
    SoftwareCode Release SerialNo DateTime Children Child ChildIdentifiers LAchildID UPN
    FormerUPN UPNunknown PersonBirthDate ExpectedPersonBirthDate GenderCurrent Sex
    PersonDeathDate ChildCharacteristics Ethnicity Disabilities Disability CINdetails
    CINreferralDate ReferralSource PrimaryNeedCode CINclosureDate ReasonForClosure
    DateOfInitialCPC ReferralNFA Assessments AssessmentActualStartDate
    AssessmentInternalReviewDate AssessmentAuthorisationDate FactorsIdentifiedAtAssessment
    AssessmentFactors CINPlanDates CINPlanStartDate CINPlanEndDate Section47 S47ActualStartDate
    InitialCPCtarget ICPCnotRequired ChildProtectionPlans CPPstartDate CPPendDate
    InitialCategoryOfAbuse LatestCategoryOfAbuse NumberOfPreviousCPP Reviews CPPreviewDate""".split()  # noqa: SIM905
)

PEEK = 8192
_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[T ][0-9:.]*|Z|[+-]\d{2}:\d{2})?")
_LOCAL_NAMES: dict[str, str] = {}


# -- Elements -------------------------------------------------------------------------------------


def local(tag: object) -> str:
    """An element's name without its namespace ("" for comments and processing instructions)."""
    if not isinstance(tag, str):
        return ""
    name = _LOCAL_NAMES.get(tag)
    if name is None:
        name = tag[tag.index("}") + 1 :] if tag.startswith("{") else tag
        if len(_LOCAL_NAMES) < 10_000:  # bounded: a hostile file may carry any number of names
            _LOCAL_NAMES[tag] = name
    return name


def groups(el: Any) -> dict[str, list[Any]]:
    """Child elements by local name, in document order."""
    out: dict[str, list[Any]] = {}
    if el is None:
        return out
    for c in el:
        tag = c.tag
        name = _LOCAL_NAMES.get(tag) if isinstance(tag, str) else ""
        if name is None:
            name = local(tag)
        if name:
            out.setdefault(name, []).append(c)
    return out


def text(el: Any) -> str:
    """A leaf's text, trimmed; text split by a comment is joined up again."""
    value = el.text if len(el) == 0 else "".join(el.itertext())
    return (value or "").strip()


def parse_date(value: str) -> date | None:
    """An ``xs:date`` (a time or zone after it is ignored) between 1900 and 2100, or None."""
    m = _DATE.fullmatch(value)
    try:
        parsed = date(int(m.group(1)), int(m.group(2)), int(m.group(3))) if m else None
    except ValueError:
        return None
    return parsed if parsed is not None and FIRST <= parsed <= LAST else None


# -- The whole file -------------------------------------------------------------------------------


class CensusXml:
    """Streams one file: ``on_header(el)`` for Message/Header, ``on_child(el)`` for each
    Children/Child; file problems go to ``problems``. ``reference_date`` comes from the Header
    (or 31 March of its Year)."""

    def __init__(self, path: Path, problems: ProblemList) -> None:
        self.path = path
        self.problems = problems
        self.reference_date: date | None = None
        self.header_seen = False

    def read(self, on_child: Callable[[Any], None]) -> None:
        if not self._readable():
            return
        try:
            # resolve_entities="internal" is lxml 5's; the stubs still say bool.
            context = etree.iterparse(  # type: ignore[call-overload]
                str(self.path),
                events=("end",),
                tag=("{*}Child", "{*}Header"),
                resolve_entities="internal",  # never fetch files or URLs
                no_network=True,
                load_dtd=False,
                huge_tree=False,
            )
            for _, el in context:
                self._element(el, on_child)
                if self.problems:
                    return  # a file problem: nothing after it can be trusted
            root = context.root
        except etree.XMLSyntaxError as e:
            self._syntax_error(e)
            return
        except (etree.Error, UnicodeError, LookupError, ValueError) as e:
            first = str(e).splitlines()[0] if str(e) else type(e).__name__
            self.problems.add(None, None, f"could not be read as XML: {first}")
            return
        if local(root.tag) != "Message":
            self.problems.add(root.sourceline, local(root.tag), "the root element must be Message")
        elif not self.header_seen:
            self.problems.add(root.sourceline, "Header", "required element missing from Message")

    def _element(self, el: Any, on_child: Callable[[Any], None]) -> None:
        parent = el.getparent()
        within = local(parent.tag) if parent is not None else ""
        name = local(el.tag)
        if name == "Header" and within == "Message":
            self.header_seen = True
            self._header(el)
        elif name == "Child" and within == "Children":
            if not self.header_seen:
                # The year, and with it the code lists, must be known before any child.
                message = parent.getparent()
                line = message.sourceline if message is not None else el.sourceline
                reason = "required element missing from Message, before the Children"
                self.problems.add(line, "Header", reason)
                return
            on_child(el)
            # Keep memory flat: drop this child and everything read before it.
            el.clear(keep_tail=True)
            while el.getprevious() is not None:
                del parent[0]
        else:
            root = el.getroottree().getroot()
            if local(root.tag) != "Message":
                self.problems.add(
                    root.sourceline, local(root.tag), "the root element must be Message"
                )
                return
            where = f"{within} (line {parent.sourceline})" if within else "the root"
            self.problems.add(el.sourceline, name, f"element out of place: inside {where}")

    def _header(self, el: Any) -> None:
        details = groups(el).get("CollectionDetails")
        if not details:
            self.problems.add(
                el.sourceline, "CollectionDetails", "required element missing from Header"
            )
            return
        g = groups(details[0])
        collection = self._leaf(g, "Collection")
        if collection is not None and collection.upper() != "CIN":
            self.problems.add(
                g["Collection"][0].sourceline,
                "Collection",
                f"not a CIN census (Collection is {collection!r})",
            )
        year = self._leaf(g, "Year")
        if year is not None and not (year.isascii() and year.isdigit() and len(year) == 4):
            self.problems.add(
                g["Year"][0].sourceline, "Year", f"not a year: {quoted(year)} (expected yyyy)"
            )
            return
        ref = self._leaf(g, "ReferenceDate")
        if ref is not None:
            self.reference_date = parse_date(ref)
            if self.reference_date is None:
                line = g["ReferenceDate"][0].sourceline
                self.problems.add(line, "ReferenceDate", date_problem(ref, (ISO,)))
        elif year is not None:
            # The reference date is 31 March of the collection year.
            self.reference_date = financial_year.bounds(int(year))[1]
        else:
            self.problems.add(
                details[0].sourceline,
                "ReferenceDate",
                "required element missing from CollectionDetails",
            )

    def _leaf(self, g: dict[str, list[Any]], name: str) -> str | None:
        els = g.get(name)
        if not els:
            return None
        if len(els) > 1:
            self.problems.add(els[1].sourceline, name, "element appears more than once")
        return text(els[0]) or None

    def _readable(self) -> bool:
        """False (with a problem) for an empty file or bytes that do not match the encoding."""
        try:
            size = self.path.stat().st_size
            with self.path.open("rb") as f:
                head = f.read(PEEK)
        except OSError as e:
            self.problems.add(None, None, f"could not be opened ({e.strerror or e})")
            return False
        if size == 0 or not head.lstrip(codecs.BOM_UTF8 + b" \t\r\n"):
            self.problems.add(None, None, "file is empty")
            return False
        problem = _encoding_problem(self.path, head)
        if problem:
            self.problems.add(*problem)
            return False
        return True

    def _syntax_error(self, e: etree.XMLSyntaxError) -> None:
        message = (str(e.msg or e) or "not well-formed").splitlines()[0]
        message = re.sub(r", line \d+, column \d+$", "", message)
        line = e.lineno or None
        # Name the element the parser was in, when its message gives one the census knows.
        tag = re.search(r"[Tt]ag (?:name )?([A-Za-z_][\w.-]*)", message)
        element = tag.group(1) if tag and tag.group(1) in ELEMENTS else None
        if "Invalid bytes" in message or "encoding" in message.lower():
            hint = " (is the file saved in the encoding it declares?)"
        elif "Char value" in message or "Char 0x" in message:
            hint = " (a control character such as NUL, which XML does not allow)"
        elif line is not None and line >= _line_count(self.path):
            hint = " (the file ends here: is it truncated?)"
        else:
            hint = ""
        self.problems.add(line, element, f"not well-formed XML: {message}{hint}")


def peek_text(head: bytes) -> str:
    """The first bytes as text good enough to find element names, whatever the encoding."""
    for bom, enc in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if head.startswith(bom):
            return head[len(bom) :].decode(enc, errors="ignore")
    if head.startswith(codecs.BOM_UTF8):
        head = head[len(codecs.BOM_UTF8) :]
    if head[:2] == b"<\x00":
        return head.decode("utf-16-le", errors="ignore")
    if head[:2] == b"\x00<":
        return head.decode("utf-16-be", errors="ignore")
    return head.decode("latin-1")


_DECLARED = re.compile(rb"\s*<\?xml[^>]*?encoding\s*=\s*[\"']([^\"']*)[\"']")
_OPEN_TAG = re.compile(rb"<([A-Za-z_][\w.-]*)[\s>/]")


def _encoding_problem(path: Path, head: bytes) -> tuple[int | None, str | None, str] | None:
    """(line, element, reason) when the bytes do not match the declared (or default UTF-8)
    encoding; None when they do, or when the file is in a UTF-16/32 form lxml checks itself."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or head[:2] in (
        b"<\x00",
        b"\x00<",
    ):
        return None
    body = head[len(codecs.BOM_UTF8) :] if head.startswith(codecs.BOM_UTF8) else head
    m = _DECLARED.match(body)
    declared = m.group(1).decode("latin-1") if m else None
    if declared is None:
        return _check_decoding(path, "utf-8", "the file declares no encoding, so it must be UTF-8")
    try:
        info = codecs.lookup(declared)
    except LookupError:
        info = None
    if info is None or not getattr(info, "_is_text_encoding", True):
        return 1, None, f"the declared encoding {declared!r} is not a known encoding"
    codec = info.name
    if codec.startswith(("utf-16", "utf-32")):
        return (
            1,
            None,
            f"the file declares {declared} but its bytes are not {declared} (is it UTF-8?)",
        )
    if head.startswith(codecs.BOM_UTF8) and codec != "utf-8":
        return 1, None, f"the file declares {declared} but starts with a UTF-8 byte-order mark"
    found = _check_decoding(path, codec, f"the file declares {declared}")
    if found or codec == "utf-8":
        return found
    # A single-byte declaration over bytes that are in fact UTF-8 reads without error but
    # garbles every accented character: catch it by the UTF-8 sequences it would garble.
    if _check_decoding(path, "utf-8", "") is None:
        first = _first_non_ascii(path)
        if first is not None:
            line, element = first
            return (
                line,
                element,
                f'the file declares {declared} but its bytes are UTF-8; declare encoding="UTF-8"',
            )
    return None


def _check_decoding(path: Path, codec: str, why: str) -> tuple[int, str | None, str] | None:
    try:
        return _decode_all(path, codec, why)
    except (LookupError, TypeError, ValueError) as e:  # exotic codecs that are not byte codecs
        return 1, None, f"cannot be decoded as {codec}: {e}"


def _decode_all(path: Path, codec: str, why: str) -> tuple[int, str | None, str] | None:
    decoder = codecs.getincrementaldecoder(codec)(errors="strict")
    lines, tail = 0, b""
    with path.open("rb") as f:
        while chunk := f.read(1 << 20):
            pending = len(decoder.getstate()[0])
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as e:
                at = max(e.start - pending, 0)
                before = tail + chunk[:at]
                tags = _OPEN_TAG.findall(before[-4096:])
                element = tags[-1].decode("latin-1") if tags else None
                line = lines + chunk[:at].count(b"\n") + 1
                return line, element, f"byte 0x{chunk[at]:02x} is not {codec.upper()} text: {why}"
            lines += chunk.count(b"\n")
            tail = chunk[-4096:]
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return lines + 1, None, f"the file ends inside a {codec.upper()} character: {why}"
    return None


def _line_count(path: Path) -> int:
    lines = 1
    with path.open("rb") as f:
        while chunk := f.read(1 << 20):
            lines += chunk.count(b"\n")
    return lines


def _first_non_ascii(path: Path) -> tuple[int, str | None] | None:
    lines, tail = 0, b""
    with path.open("rb") as f:
        while chunk := f.read(1 << 20):
            m = re.search(rb"[\x80-\xff]", chunk)
            if m:
                before = tail + chunk[: m.start()]
                tags = _OPEN_TAG.findall(before[-4096:])
                return lines + chunk[: m.start()].count(b"\n") + 1, (
                    tags[-1].decode("latin-1") if tags else None
                )
            lines += chunk.count(b"\n")
            tail = chunk[-4096:]
    return None
