"""Load on the dashboard: N signed-in users browsing home, a service area and an indicator page for
a while, against `csc serve` (gunicorn) on loopback; errors and response times (p50, p95, p99).

Each user is a thread with its own session (signed in through the sign-in page) and its own
keep-alive connection, asking for the next page as soon as the last one came, or after
``--think`` seconds (people read a page before the next). The client runs on the same machine
and takes some of its CPU.

    .venv/bin/python benchmarks/bench_web.py --store /tmp/csc-demo/store.duckdb --users 50 --seconds 60
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path
from typing import Any

CSC = str(Path(sys.executable).with_name("csc"))
PASSWORD = "benchmark-only-7c1e"  # noqa: S105 - throwaway users in a temporary database
PAGES = ("/", "/area/cp/", "/area/cla/", "/indicator/cp_13/", "/indicator/amt_2/")


class User(threading.Thread):
    def __init__(
        self,
        port: int,
        name: str,
        seconds: float,
        think: float = 0.0,
        ready: Any = None,
        gate: Any = None,
    ) -> None:
        super().__init__(daemon=True)
        self.port, self.name, self.seconds, self.think = port, name, seconds, think
        self.ready = ready  # a barrier: everyone signs in first, then all browse
        # A few sign-ins at a time: hundreds at once queue behind each other's Argon2id past
        # the client's time-out, and the server then works through sign-ins nobody waits for.
        self.gate = gate if gate is not None else threading.Semaphore(1)
        self.times: list[float] = []
        self.errors: list[str] = []
        self.cookies: dict[str, str] = {}

    def _request(
        self, con: http.client.HTTPConnection, method: str, path: str, body: str = ""
    ) -> tuple[int, str]:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if body:
            headers |= {
                "Content-Type": "application/x-www-form-urlencoded",
                "Referer": f"http://127.0.0.1:{self.port}/",
            }
        con.request(method, path, body=body or None, headers=headers)
        r = con.getresponse()
        text = r.read().decode(errors="replace")
        for h in r.headers.get_all("Set-Cookie") or []:
            k, v = h.split(";", 1)[0].split("=", 1)
            self.cookies[k] = v
        return r.status, text

    def _sign_in(self, con: http.client.HTTPConnection) -> bool:
        try:
            status, page = self._request(con, "GET", "/sign-in/")
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
            if not token:
                self.errors.append(f"sign-in page {status}")
                return False
            form = urllib.parse.urlencode(
                {"username": self.name, "password": PASSWORD, "csrfmiddlewaretoken": token[1]}
            )
            status, _ = self._request(con, "POST", "/sign-in/", form)
        except (OSError, http.client.HTTPException) as e:
            self.errors.append(f"sign-in: {e}")
            return False
        if status != 302:
            self.errors.append(f"sign-in {status}")
        return status == 302

    def run(self) -> None:
        con = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        with self.gate:
            signed_in = self._sign_in(con)
        if self.ready is not None:
            self.ready.wait()  # every user reaches it, signed in or not
        if not signed_in:
            return
        until = time.perf_counter() + self.seconds
        n = 0
        while time.perf_counter() < until:
            path = PAGES[n % len(PAGES)]
            n += 1
            t = time.perf_counter()
            try:
                status, _ = self._request(con, "GET", path)
            except (OSError, http.client.HTTPException) as e:
                self.errors.append(f"{path}: {e}")
                con = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
                continue
            self.times.append(time.perf_counter() - t)
            if status != 200:
                self.errors.append(f"{path}: {status}")
            if self.think:
                time.sleep(self.think)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--store", type=Path, required=True)
    ap.add_argument("--users", type=int, default=50)
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1)
    ap.add_argument(
        "--think", type=float, default=0.0, help="Seconds each user waits between pages."
    )
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "CSC_WEB_DB": str(Path(tmp) / "web.sqlite3")}
        os.environ["CSC_WEB_DB"] = env["CSC_WEB_DB"]
        from csc_insight.web.setup import django_for

        django_for(args.store)
        from csc_insight.web import users as accounts

        for i in range(args.users):  # half viewers, half managers of one team
            accounts.add(f"user{i}", "viewer" if i % 2 else "manager", PASSWORD, ["T1"])
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        server = subprocess.Popen(
            [CSC, "serve", "--store", str(args.store), "--port", str(port), "--workers", str(args.workers)],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        try:
            for _ in range(200):
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=1).close()
                    break
                except OSError:
                    time.sleep(0.1)
            # Each worker builds its pages once per published copy: warm them before timing.
            warm = User(port, "user0", 5)
            warm.run()
            # Everyone signs in first (Argon2id costs each sign-in tens of milliseconds of CPU, by
            # design), then all browse: the times are of pages, not of a sign-in storm.
            ready = threading.Barrier(args.users, timeout=1800)
            gate = threading.Semaphore(args.workers)
            users = [
                User(port, f"user{i}", args.seconds, args.think, ready, gate)
                for i in range(args.users)
            ]
            for u in users:
                u.start()
            for u in users:
                u.join()
        finally:
            server.terminate()
            server.wait(timeout=20)
    times = sorted(t for u in users for t in u.times)
    errors = [e for u in users for e in u.errors]
    q = statistics.quantiles(times, n=100) if len(times) > 1 else [0.0] * 99
    print(
        f"{args.users} users, {args.seconds:.0f} s, think {args.think:g} s, "
        f"{args.workers} gunicorn workers: "
        f"{len(times):,} pages ({len(times) / args.seconds:,.0f}/s), {len(errors)} errors; "
        f"p50 {q[49] * 1000:.0f} ms, p95 {q[94] * 1000:.0f} ms, p99 {q[98] * 1000:.0f} ms, "
        f"max {max(times, default=0) * 1000:.0f} ms"
    )
    signing_in = [e for e in errors if e.startswith("sign-in")]
    if signing_in:
        print(f"  {len(signing_in)} of the errors were sign-ins (those users never browsed)")
    for e in errors[:10]:
        print("  error:", e)


if __name__ == "__main__":
    main()
