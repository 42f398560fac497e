"""What a page's form field shows, read from the HTML as a browser would: its value (an input's
value, a textarea's text, a select's selected option), the GOV.UK error message beside it (the
element with id FIELD-error) and whether the details holding it are open."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Shown:
    value: str | None = None
    error: str | None = None
    described_by: str | None = None
    open: bool = False  # inside a <details open>


@dataclass
class _Reader(HTMLParser):
    wanted: str
    shown: Shown = field(default_factory=Shown)
    _in: str | None = None  # "textarea", "option", "error" while reading its text
    _select: bool = False
    _option_selected: bool = False
    _option_value: str = ""
    _details: list[bool] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "details":
            self._details.append("open" in a)
        if a.get("id") == f"{self.wanted}-error":
            self._in, self.shown.error = "error", ""
        if a.get("id") == self.wanted:
            self.shown.open = any(self._details)
            self.shown.described_by = a.get("aria-describedby")
            if tag == "input":
                self.shown.value = a.get("value") or ""
            elif tag == "textarea":
                self._in, self.shown.value = "textarea", ""
            elif tag == "select":
                self._select = True
        elif tag == "option" and self._select:
            self._option_selected, self._option_value = "selected" in a, a.get("value") or ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "details" and self._details:
            self._details.pop()
        if tag == "select":
            self._select = False
        if tag == "option" and self._select and self._option_selected:
            self.shown.value = self._option_value
        if (tag == "p" and self._in == "error") or (tag == "textarea" and self._in == "textarea"):
            self._in = None

    def handle_data(self, data: str) -> None:
        if self._in == "textarea":
            self.shown.value = (self.shown.value or "") + data
        elif self._in == "error":
            self.shown.error = (self.shown.error or "") + data


def shown(page: str, field_id: str) -> Shown:
    """The field with this id as the page shows it (value None: no such field)."""
    reader = _Reader(field_id)
    reader.feed(page)
    reader.close()
    if reader.shown.error is not None:
        reader.shown.error = " ".join(reader.shown.error.split()).removeprefix("Error: ")
    return reader.shown
