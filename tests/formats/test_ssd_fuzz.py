"""Mangled SSD files only ever raise the reader's own error, never another exception."""

from __future__ import annotations

import contextlib
import csv
import io
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from csc_insight.errors import CscError
from csc_insight.store.load import ingest

GOOD = (
    b"cine_referral_id,cine_person_id,cine_referral_date,cine_referral_nfa,cine_close_date\n"
    b"P1-20200229,P1,2020-02-29,N,\n"
    b'P2-20210331,P2,31/03/2021,Y,"2021-03-31"\n'
)


@st.composite
def mangled(draw: st.DrawFn) -> bytes:
    data = bytearray(GOOD)
    for _ in range(draw(st.integers(1, 6))):
        kind = draw(st.sampled_from(["flip", "insert", "delete", "truncate", "replace"]))
        pos = draw(st.integers(0, max(len(data) - 1, 0)))
        if kind == "flip" and data:
            data[pos] = draw(st.integers(0, 255))
        elif kind == "insert":
            data[pos:pos] = draw(st.binary(min_size=1, max_size=8))
        elif kind == "delete" and data:
            del data[pos : pos + draw(st.integers(1, 8))]
        elif kind == "truncate":
            del data[pos:]
        elif kind == "replace":
            data = bytearray(draw(st.binary(max_size=200)))
    return bytes(data)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(content=mangled())
def test_mangled_ssd_file_raises_only_reader_errors(content: bytes) -> None:
    with tempfile.TemporaryDirectory() as d:
        f = Path(d) / "ssd_cin_episodes.csv"
        f.write_bytes(content)
        # ReaderError for bad content, LoadError for an unrecognised file; anything else fails
        with contextlib.suppress(CscError):
            ingest([f], Path(d) / "store.duckdb")


TRICKY = [
    "", " ", "2020-02-30", "31/02/2021", "2021-03-04T25:99", "2099-01-01", "1066-10-14",
    "Y", "N", "X", "P1", "P1-20200229", "a,b", '"', "\x00", "\n", "é", "=1+1", "x" * 1200,
]  # fmt: skip


@st.composite
def spoiled_records(draw: st.DrawFn) -> bytes:
    """A good file of a few records with some cells, rows and commas spoiled."""
    header = ["cine_referral_id", "cine_person_id", "cine_referral_date", "cine_referral_nfa"]
    rows = [[f"P{i}-2020010{i}", f"P{i}", f"2020-01-0{i}", "N"] for i in range(1, 8)]
    for _ in range(draw(st.integers(1, 5))):
        kind = draw(st.sampled_from(["cell", "cell", "duplicate", "short", "long"]))
        r = draw(st.integers(0, len(rows) - 1))
        if kind == "cell" and rows[r]:
            c = draw(st.integers(0, len(rows[r]) - 1))  # a short row has fewer cells
            rows[r][c] = draw(st.sampled_from(TRICKY) | st.text(max_size=12))
        elif kind == "duplicate":
            rows.append(list(rows[r]))
        elif kind == "short" and rows[r]:
            rows[r] = rows[r][:-1]
        else:
            rows[r] = [*rows[r], draw(st.sampled_from(["", "x"]))]
    text = io.StringIO()
    csv.writer(text, lineterminator="\n").writerows([header, *rows])
    return text.getvalue().encode("utf-8", "surrogatepass")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(content=st.one_of(mangled(), spoiled_records()))
def test_what_a_mangled_file_loads_is_what_it_says(content: bytes) -> None:
    """When a mangled file loads, every record is accounted for (stored, held back, or an exact
    duplicate noted) and every stored record is a row of the file, value for value, in its own
    columns: nothing dropped without a word, nothing shifted."""
    from csc_insight.formats.csv_table import header_key
    from csc_insight.store import db

    with tempfile.TemporaryDirectory() as d:
        f = Path(d) / "ssd_cin_episodes.csv"
        f.write_bytes(content)
        try:
            report = ingest([f], Path(d) / "store.duckdb")
        except CscError:
            event("refused")
            return
        event("loaded, some held back" if report.held else "loaded")
        rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))
        header, records = rows[0], [r for r in rows[1:] if r]
        at = {header_key(h): i for i, h in enumerate(header)}
        held_rows = {p.row for p in report.held}
        assert report.rows_read + len(held_rows) + len(report.notes) == len(records)
        con = db.connect(Path(d) / "store.duckdb", read_only=True)
        try:
            stored = con.execute(
                "SELECT cine_referral_id, cine_person_id FROM ssd_cin_episodes"
            ).fetchall()
        finally:
            con.close()
        in_file = {
            # Trimmed of spaces, as the reader trims (Python's strip() takes more).
            (r[at["cinereferralid"]].strip(" "), r[at["cinepersonid"]].strip(" "))
            for r in records
            if len(r) == len(header)
        }
        assert set(stored) <= in_file
