"""Mangled SSD files only ever raise the reader's own error, never another exception."""

from __future__ import annotations

import contextlib
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
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
