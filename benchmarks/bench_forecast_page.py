"""The dashboard's Forecast page against `csc serve` on loopback, one analyst: the first view of a
published copy (the spells read, the rates fitted, the baseline and the UASC run-off run), the
baseline again, a new scenario each time (only its simulation runs: the rates are kept per
copy), the same scenario again, and three saved scenarios side by side. Times are the whole
request as the browser sees it (server, HTML and loopback), best and median of ``--runs``.

One gunicorn worker, so that every request finds the worker's kept model: with more, each worker
fits its own once per copy (the first view on each worker costs what the first view does here).

    .venv/bin/python benchmarks/bench_forecast_page.py --store /tmp/csc-demo/store.duckdb
"""

from __future__ import annotations

import argparse
import http.client
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

from bench_web import CSC, PASSWORD, User  # the same sign-in and cookie handling


def _timed(user: User, con: http.client.HTTPConnection, path: str) -> float:
    t = time.perf_counter()
    status, page = user._request(con, "GET", path)
    took = time.perf_counter() - t
    if status != 200 or "data-probability" not in page:
        raise SystemExit(f"{path}: {status}\n{page[:2000]}")
    return took


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--store", type=Path, required=True)
    ap.add_argument("--runs", type=int, default=7)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "CSC_WEB_DB": str(Path(tmp) / "web.sqlite3")}
        os.environ["CSC_WEB_DB"] = env["CSC_WEB_DB"]
        from csc_insight.forecast import scenario as sc
        from csc_insight.web.setup import django_for

        django_for(args.store)
        from csc_insight.web import users as accounts

        accounts.add("analyst", "analyst", PASSWORD, [])
        saved = sc.scenario_file(args.store)
        kept = saved.read_bytes() if saved.exists() else None
        for name, m in (("bench a", 0.8), ("bench b", 0.9), ("bench c", 1.1)):
            sc.save(saved, sc.Scenario(name, "both", {"entries": sc.Change(m)}))
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        server = subprocess.Popen(
            [CSC, "serve", "--store", str(args.store), "--port", str(port), "--workers", "1"],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        try:
            for _ in range(200):
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=1).close()
                    break
                except OSError:
                    time.sleep(0.1)
            user = User(port, "analyst", 0)
            con = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
            if not user._sign_in(con):
                raise SystemExit(f"could not sign in: {user.errors}")
            rows = [
                (
                    "first view of the copy (fit, baseline, run-off)",
                    [_timed(user, con, "/forecast/")],
                )
            ]
            rows.append(
                ("baseline again", [_timed(user, con, "/forecast/") for _ in range(args.runs)])
            )
            new = [
                _timed(user, con, f"/forecast/?entries={0.7 + 0.05 * i:g}&leave=1.1")
                for i in range(args.runs)
            ]
            rows.append(("a new scenario (its simulation runs)", new))
            rows.append(
                (
                    "the same scenario again",
                    [
                        _timed(user, con, "/forecast/?entries=0.7&leave=1.1")
                        for _ in range(args.runs)
                    ],
                )
            )
            compare = "&".join(
                "compare=" + urllib.parse.quote_plus(n) for n in ("bench a", "bench b", "bench c")
            )
            rows.append(
                ("three saved scenarios side by side (first time)",
                 [_timed(user, con, f"/forecast/?{compare}")])
            )  # fmt: skip
        finally:
            server.terminate()
            server.wait(timeout=20)
            if kept is None:
                saved.unlink(missing_ok=True)
            else:
                saved.write_bytes(kept)
    print("| request | best (s) | median (s) | runs |")
    print("| --- | ---: | ---: | ---: |")
    for label, ts in rows:
        print(f"| {label} | {min(ts):.3f} | {statistics.median(ts):.3f} | {len(ts)} |")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
