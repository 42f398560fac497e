"""A pack lands whole: never half written, never an internal and a published pack mixed (issue 16)."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pypdf
import pytest
from click.testing import CliRunner

from csc_insight.cli import main
from csc_insight.reports import report

CSC = str(Path(sys.executable).with_name("csc"))
INTERNAL, PUBLISHED = "OFFICIAL-SENSITIVE", "PUBLISHED: small numbers suppressed"


def markings(folder: Path) -> set[str]:
    """The marking each file carries in its own metadata (title, properties), not on its pages."""
    html = (folder / "pack.html").read_text("utf-8")
    title = html[html.index("<title>") + 7 : html.index("</title>")]
    pdf = pypdf.PdfReader(folder / "pack.pdf").metadata
    xlsx = openpyxl.load_workbook(folder / "pack.xlsx", read_only=True).properties
    found = set()
    for text in (title, pdf.title if pdf else "", xlsx.subject or ""):
        found |= {m for m in (INTERNAL, PUBLISHED) if m in (text or "")}
    assert len(found) >= 1, (title, pdf, xlsx.subject)
    return found


def test_each_file_says_which_pack_it_is(
    computed_store: Callable[[int], Path], tmp_path: Path
) -> None:
    store = str(computed_store(1))
    runner = CliRunner()
    assert (
        runner.invoke(main, ["report", "--store", store, "--out", str(tmp_path / "i")]).exit_code
        == 0
    )
    r = runner.invoke(
        main, ["report", "--store", store, "--out", str(tmp_path / "p"), "--published"]
    )
    assert r.exit_code == 0, r.output
    assert markings(tmp_path / "i") == {INTERNAL}
    assert markings(tmp_path / "p") == {PUBLISHED}


def test_a_failed_run_leaves_the_previous_pack_whole(
    computed_store: Callable[[int], Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "pack"
    report.write_pack(computed_store(1), out)
    before = {p.name: p.read_bytes() for p in out.iterdir()}

    def fail(*_args: object) -> None:
        raise RuntimeError("killed while writing the workbook")

    # The HTML and the PDF of the published pack are written; the workbook fails.
    monkeypatch.setattr("csc_insight.reports.excel.render_excel", fail)
    with pytest.raises(RuntimeError):
        report.write_pack(computed_store(1), out, published=True)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pack"]  # no staging folder left


@pytest.mark.slow
def test_a_killed_published_run_never_mixes_packs(
    computed_store: Callable[[int], Path], tmp_path: Path
) -> None:
    """Kill `csc report --published` at several moments over an internal pack: the folder holds
    one whole pack each time (the old or the new), and the next run cleans up after it."""
    store = str(computed_store(1))
    out, internal = tmp_path / "pack", tmp_path.parent / f"{tmp_path.name}-internal"
    r = CliRunner().invoke(main, ["report", "--store", store, "--out", str(internal)])
    assert r.exit_code == 0, r.output
    for delay in (0.4, 1.2, 2.0, 2.8):
        shutil.rmtree(out, ignore_errors=True)
        shutil.copytree(internal, out)
        proc = subprocess.Popen(
            [CSC, "report", "--store", store, "--out", str(out), "--published"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(delay)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        if out.exists():
            assert sorted(p.name for p in out.iterdir()) == ["pack.html", "pack.pdf", "pack.xlsx"]
            assert len(markings(out)) == 1, delay
    r = CliRunner().invoke(main, ["report", "--store", store, "--out", str(out), "--published"])
    assert r.exit_code == 0, r.output
    assert markings(out) == {PUBLISHED}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pack"]


def test_a_folder_of_ones_own_is_refused(
    computed_store: Callable[[int], Path], tmp_path: Path
) -> None:
    mine = tmp_path / "documents"
    mine.mkdir()
    (mine / "budget.xlsx").write_bytes(b"mine")
    r = CliRunner().invoke(main, ["report", "--store", str(computed_store(1)), "--out", str(mine)])
    assert r.exit_code == 1
    assert "holds other files (budget.xlsx)" in r.output
    assert sorted(p.name for p in mine.iterdir()) == ["budget.xlsx"]


def test_report_reads_a_store_it_may_not_write(
    computed_store: Callable[[int], Path], tmp_path: Path
) -> None:
    """Without --edits the store is opened read-only: a report beside a running reader works."""
    store = tmp_path / "copy.duckdb"
    shutil.copy(computed_store(1), store)
    # Another process reading the store (a read-only connection allows other readers only).
    reader = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"import duckdb, time; c = duckdb.connect({str(store)!r}, read_only=True); "
            "print('reading', flush=True); time.sleep(60)",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert reader.stdout is not None and reader.stdout.readline().strip() == "reading"
        r = CliRunner().invoke(
            main, ["report", "--store", str(store), "--out", str(tmp_path / "p")]
        )
    finally:
        reader.kill()
        reader.wait()
    assert r.exit_code == 0, r.output
