"""A load killed with SIGKILL at any point leaves the store exactly as it was before that load."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from csc_insight.store.checksum import store_checksums
from csc_insight.store.load import ingest
from tests.conftest import write_ssd_table

pytestmark = pytest.mark.slow


def big_extract(folder: Path, children: int) -> Path:
    """An SSD extract big enough that loading it takes a second or so."""
    write_ssd_table(
        folder,
        "ssd_person",
        [
            {
                "pers_person_id": f"P{i:07d}",
                "pers_sex": "MF"[i % 2],
                "pers_dob": f"20{i % 18 + 3:02d}-0{i % 9 + 1}-1{i % 9}",
            }
            for i in range(children)
        ],
    )
    write_ssd_table(
        folder,
        "ssd_contacts",
        [
            {
                "cont_contact_id": f"C{i:08d}",
                "cont_person_id": f"P{i % children:07d}",
                "cont_contact_date": f"2020-{i % 12 + 1:02d}-{i % 28 + 1:02d}",
                "cont_contact_source_code": "1A",
            }
            for i in range(children * 4)
        ],
    )
    write_ssd_table(
        folder,
        "ssd_cin_episodes",
        [
            {
                "cine_referral_id": f"R{i:08d}",
                "cine_person_id": f"P{i % children:07d}",
                "cine_referral_date": f"2021-{i % 12 + 1:02d}-{i % 28 + 1:02d}",
                "cine_referral_nfa": "N",
            }
            for i in range(children * 2)
        ],
    )
    return folder


LOADER = "import sys; from csc_insight.store.load import ingest; ingest([sys.argv[1]], sys.argv[2]); print('done')"


def test_sigkill_during_ingest_leaves_store_unchanged(tmp_path: Path, ssd_extract) -> None:
    store = tmp_path / "store.duckdb"
    ingest([ssd_extract()], store)
    before = store_checksums(store)
    big = big_extract(tmp_path / "big", 60_000)

    # How long does the whole load take here? Kill at fractions of it.
    probe = tmp_path / "probe.duckdb"
    t0 = time.perf_counter()
    subprocess.run(
        [sys.executable, "-c", LOADER, str(big), str(probe)], check=True, capture_output=True
    )
    whole = time.perf_counter() - t0

    killed = 0
    finished = False
    for fraction in (0.15, 0.3, 0.45, 0.6, 0.75, 0.9):
        proc = subprocess.Popen(
            [sys.executable, "-c", LOADER, str(big), str(store)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        time.sleep(whole * fraction)
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
            killed += 1
        out, _ = proc.communicate()
        if b"done" in out:  # finished before the kill: nothing more to check
            finished = True
            break
        assert store_checksums(store) == before, (
            f"store changed after a kill at {fraction:.0%} of the load"
        )
    assert killed >= 3, "the load finished before most kill points: make it bigger"

    # And the next load succeeds (unless the last attempt outran its kill and already did).
    if not finished:
        assert ingest([big], store).table_rows["ssd_contacts"] == 240_000
    assert store_checksums(store)["ssd_contacts"][0] == 240_000
