"""The ``load-public`` row of ``make bench`` (PRODUCT section 4: served by gunicorn with 2 workers, 50 concurrent
clients for 60 s on the public pages: no errors, p95 ≤ 250 ms, each worker ≤ 250 MB resident after the run).

A scratch PostgreSQL database (``beacon_bench_load`` on the server of POSTGRES_URL, made and dropped here) gets the
demo councils; gunicorn serves it with production settings (bench/server.py, as docs/deploy.md); Debian's
``wrk`` drives it in a closed loop, 50 connections without think time, rotating through the public pages of one
council: its dashboard (twice in each round: the page most visited), the open-data CSV of its projects, its
public API list of projects and its open-data page. A Lua ``done()`` prints the exact 50th, 95th and 99th
percentiles. A 5 s warm-up at 10 connections comes first, so that the figures are of a running service rather
than of each worker's first requests. BENCH_LOAD_SECONDS shortens the run when trying things out."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

import psycopg

from bench.server import POSTGRES_URL, WORKERS, Gunicorn, fetch, prepare_database, production_env

DATABASE = "beacon_bench_load"
ORG = "chorley"
PATHS = (
    f"/public/{ORG}/",
    f"/public/{ORG}/data/projects.csv",
    f"/api/v1/public/{ORG}/projects/",
    f"/public/{ORG}/",
    f"/public/{ORG}/data/",
)
CONNECTIONS, THREADS = 50, 2
SECONDS = int(os.environ.get("BENCH_LOAD_SECONDS", "60"))
P95_BAR_MS, RSS_BAR_MB = 250.0, 250.0

LUA = """
local paths = {%(paths)s}
local i = 0
request = function()
  i = i %% #paths + 1
  return wrk.format("GET", paths[i])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "BENCH requests=%%d duration_us=%%d p50_us=%%d p75_us=%%d p90_us=%%d p95_us=%%d p99_us=%%d max_us=%%d "
    .. "connect=%%d read=%%d write=%%d status=%%d timeout=%%d\\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(75), latency:percentile(90),
    latency:percentile(95), latency:percentile(99), latency.max, e.connect, e.read, e.write, e.status, e.timeout))
end
"""


def admin_url() -> str:
    return POSTGRES_URL.rsplit("/", 1)[0] + "/postgres"


def recreate_database(drop_only: bool = False) -> None:
    with psycopg.connect(admin_url(), autocommit=True, connect_timeout=5) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        if not drop_only:
            connection.execute(f'CREATE DATABASE "{DATABASE}"')


def wrk(base: str, script: Path, connections: int, seconds: int) -> dict[str, int]:
    wrk_binary = shutil.which("wrk") or "/usr/bin/wrk"
    done = subprocess.run(  # noqa: S603 - Debian's wrk against our own local server
        [wrk_binary, f"-t{THREADS}", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "--latency",
         "-s", str(script), base],
        capture_output=True, text=True, timeout=seconds + 60, check=False,
    )
    line = next((line for line in done.stdout.splitlines() if line.startswith("BENCH ")), None)
    if done.returncode != 0 or line is None:
        raise RuntimeError(f"wrk exited {done.returncode}: {done.stdout[-1500:]} {done.stderr[-1500:]}")
    return {key: int(value) for key, value in (item.split("=") for item in line.split()[1:])}


def measure_load_public() -> dict[str, Any]:
    if not (shutil.which("wrk") or Path("/usr/bin/wrk").exists()):
        raise RuntimeError("wrk is not installed (Debian package wrk)")
    base_url = POSTGRES_URL.rsplit("/", 1)[0]
    env = production_env(f"{base_url}/{DATABASE}")
    recreate_database()
    try:
        prepare_database(env)
        with tempfile.TemporaryDirectory() as directory, Gunicorn(env, Path(directory) / "gunicorn.log") as server:
            pages = {}
            for path in dict.fromkeys(PATHS):  # each page answers 200 before the load starts
                started = time.perf_counter()
                status, body = fetch(server.base + path)
                if status != 200:
                    raise RuntimeError(f"GET {path} answered {status} before the load test")
                pages[path] = {"first_ms": round((time.perf_counter() - started) * 1000, 1),
                               "kb": round(len(body) / 1024, 1)}
            script = Path(directory) / "rotate.lua"
            script.write_text(LUA % {"paths": ", ".join(f'"{path}"' for path in PATHS)})
            wrk(server.base, script, 10, 5)  # warm-up
            result = wrk(server.base, script, CONNECTIONS, SECONDS)
            rss = server.worker_rss_mb()
            if len(rss) != WORKERS:
                raise RuntimeError(f"expected {WORKERS} gunicorn workers after the run, found {len(rss)}: "
                                   f"{server.log_tail()}")
    finally:
        recreate_database(drop_only=True)
    socket_errors = result["connect"] + result["read"] + result["write"] + result["timeout"]
    p95_ms = result["p95_us"] / 1000
    row: dict[str, Any] = {
        "name": "load-public", "n": CONNECTIONS, "seconds": SECONDS, "workers": WORKERS,
        "requests": result["requests"],
        "requests_per_s": round(result["requests"] / (result["duration_us"] / 1e6), 1),
        "median_ms": round(result["p50_us"] / 1000, 1), "p95_ms": round(p95_ms, 1),
        "p99_ms": round(result["p99_us"] / 1000, 1), "max_ms": round(result["max_us"] / 1000, 1),
        "non_2xx_3xx": result["status"], "socket_errors": socket_errors, "worker_rss_mb": rss,
        "pages": pages,
    }
    row["passed"] = p95_ms <= P95_BAR_MS and result["status"] == 0 and socket_errors == 0 and max(rss) <= RSS_BAR_MB
    return row
