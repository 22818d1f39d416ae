"""The ``fault-postgres`` row of ``make bench`` (PRODUCT section 4: PostgreSQL restarted under load; Beacon answers
503 while it is down and recovers by itself).

A private PostgreSQL cluster is made for the test (``initdb`` in a temporary directory owned by the postgres
user, ``pg_ctl`` on a spare port on 127.0.0.1, run as that user: we are root); the demo councils are loaded into
it and gunicorn serves it with production settings (bench/server.py). Eight client threads request, without
pause, the public dashboard and a signed-in page (the programme dashboard, as the demo's viewer) and /healthz.
After 5 s of normal service the cluster is stopped (``pg_ctl stop -m fast``) for 10 s and started again;
gunicorn is never restarted. The row records every answer during the outage (each must be 503 with the clear
page: its heading and no stack trace; never a 500) and, from the moment the cluster accepts connections again,
the seconds until the first 200 and until every request answers 200. The cluster and processes are removed
whatever happens."""

from __future__ import annotations

import glob
import re
import shutil
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any

from bench.server import Gunicorn, free_port, prepare_database, production_env

HEADING = "Sorry, Beacon is unavailable"
LEAKS = ("Traceback", "Exception", "OperationalError", "InterfaceError", 'File "')
THREADS = 8
BEFORE, OUTAGE, AFTER_LIMIT, SETTLE = 5.0, 10.0, 60.0, 5.0
DEMO_USER, DEMO_PASSWORD = "viewer", "beacon-demo-password"
PATHS = ("/public/chorley/", "/org/chorley/", "/healthz")


@dataclass
class Answer:
    started: float  # when the request was sent
    at: float  # when its answer came
    path: str
    status: int  # 0: no HTTP answer (connection refused, reset or timed out)
    body: str


def postgres_bin(name: str) -> str:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    if not found:
        raise RuntimeError(f"{name} not found in /usr/lib/postgresql/*/bin (Debian's postgresql package)")
    return found[-1]


def as_postgres(*command: str, timeout: float = 120) -> None:
    done = subprocess.run(  # noqa: S603 - PostgreSQL's own tools on our private cluster
        ["runuser", "-u", "postgres", "--", *command], capture_output=True, text=True, timeout=timeout, check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"{Path(command[0]).name} exited {done.returncode}: {done.stdout[-1000:]}"
                           f"{done.stderr[-1000:]}")


class Cluster:
    """A private PostgreSQL cluster in a temporary directory owned by postgres, on a spare port."""

    def __init__(self) -> None:
        self.directory = Path(tempfile.mkdtemp(prefix="beacon-fault-"))
        shutil.chown(self.directory, "postgres", "postgres")
        self.data, self.port = self.directory / "data", free_port()
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/postgres"

    def init(self) -> None:
        as_postgres(postgres_bin("initdb"), "-D", str(self.data), "-U", "postgres", "--auth=trust",
                    "--no-instructions", "--encoding=UTF8", "--locale=C")

    def start(self) -> None:
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.directory} -c fsync=off"
        as_postgres(postgres_bin("pg_ctl"), "-D", str(self.data), "-o", options, "-l",
                    str(self.directory / "postgres.log"), "-w", "start")

    def stop(self) -> None:
        as_postgres(postgres_bin("pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop")

    def remove(self) -> None:
        if (self.data / "postmaster.pid").exists():
            try:
                as_postgres(postgres_bin("pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop")
            except (RuntimeError, subprocess.TimeoutExpired):
                pass
        shutil.rmtree(self.directory, ignore_errors=True)


class Browser:
    """A client that keeps its cookies and says, as the TLS-terminating proxy would, that it came over HTTPS
    (production cookies are Secure and CSRF checks an HTTPS Referer). Redirects are not followed."""

    def __init__(self, base: str) -> None:
        self.base, self.cookies = base, SimpleCookie()
        self.opener = urllib.request.build_opener(NoRedirect)

    def request(self, path: str, form: dict[str, str] | None = None) -> tuple[int, str]:
        headers = {"X-Forwarded-Proto": "https", "Referer": f"https://{self.base.split('//', 1)[1]}/"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={morsel.value}" for name, morsel in self.cookies.items())
        data = None if form is None else urllib.parse.urlencode(form).encode()
        request = urllib.request.Request(self.base + path, data=data, headers=headers)
        try:
            with self.opener.open(request, timeout=10) as response:
                status, body, answer_headers = response.status, response.read(), response.headers
        except urllib.error.HTTPError as error:
            status, body, answer_headers = error.code, error.read(), error.headers
        for header in answer_headers.get_all("Set-Cookie") or []:
            self.cookies.load(header)
        return status, body.decode(errors="replace")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def signed_in_browser(base: str) -> Browser:
    """The demo viewer, signed in through the sign-in form as a person would."""
    browser = Browser(base)
    _, page = browser.request("/accounts/login/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    if token is None:
        raise RuntimeError("no CSRF token on the sign-in page")
    status, _ = browser.request("/accounts/login/", {"csrfmiddlewaretoken": token.group(1), "username": DEMO_USER,
                                                     "password": DEMO_PASSWORD})
    if status != 302 or "sessionid" not in browser.cookies:
        raise RuntimeError(f"signing in as {DEMO_USER} failed: {status}")
    return browser


def ask(browser: Browser, path: str) -> Answer:
    started = time.monotonic()
    try:
        status, body = browser.request(path)
    except OSError:
        return Answer(started, time.monotonic(), path, 0, "")
    return Answer(started, time.monotonic(), path, status, body)


def drive(browsers: list[Browser], stop: threading.Event, answers: list[Answer]) -> None:
    def client(number: int) -> None:
        browser, turn = browsers[number], number
        while not stop.is_set():
            answers.append(ask(browser, PATHS[turn % len(PATHS)]))
            turn += 1

    with ThreadPoolExecutor(THREADS) as pool:
        list(pool.map(client, range(THREADS)))


def measure_fault_postgres() -> dict[str, Any]:
    cluster = Cluster()
    try:
        cluster.init()
        cluster.start()
        env = production_env(cluster.url)
        prepare_database(env)
        with tempfile.TemporaryDirectory() as directory, Gunicorn(env, Path(directory) / "gunicorn.log") as server:
            browsers = [signed_in_browser(server.base) for _ in range(THREADS)]
            for path in PATHS:
                answer = ask(browsers[0], path)
                if answer.status != 200:
                    raise RuntimeError(f"GET {path} answered {answer.status} before the fault")
            answers: list[Answer] = []
            stop = threading.Event()
            driver = threading.Thread(target=drive, args=(browsers, stop, answers))
            driver.start()
            try:
                time.sleep(BEFORE)
                stopping = time.monotonic()
                cluster.stop()
                down = time.monotonic()
                time.sleep(OUTAGE)
                starting = time.monotonic()
                cluster.start()
                up = time.monotonic()
                while time.monotonic() - up < AFTER_LIMIT:
                    time.sleep(0.5)
                    recent = [a for a in list(answers) if a.started > up and a.at > time.monotonic() - SETTLE]
                    if time.monotonic() - up > SETTLE and recent and all(a.status == 200 for a in recent):
                        break
            finally:
                stop.set()
                driver.join(timeout=60)
            rss = server.worker_rss_mb()
            pids_after = server.worker_pids()
    finally:
        cluster.remove()
    return summarise(answers, stopping, down, starting, up, rss, len(pids_after))


def summarise(answers: list[Answer], stopping: float, down: float, starting: float, up: float,
              rss: list[float], workers: int) -> dict[str, Any]:
    # Requests wholly inside a period: one still in flight when PostgreSQL stopped may have had its answer.
    before = [a for a in answers if a.at < stopping]
    outage = [a for a in answers if down <= a.started and a.at <= starting]
    after = sorted((a for a in answers if a.at > up), key=lambda a: a.at)
    sent_after = [a for a in after if a.started > up]
    bad_pages = [a for a in outage if a.status == 503 and a.path != "/healthz"
                 and (HEADING not in a.body or any(leak in a.body for leak in LEAKS))]
    first_ok = next((a.at - up for a in after if a.status == 200), None)
    # From the cluster accepting connections to the first 200 after the last answer that was not 200.
    last_bad = max((a.at for a in after if a.status != 200), default=up)
    all_ok = next((a.at - up for a in after if a.status == 200 and a.at >= last_bad), None)
    server_errors = Counter(a.status for a in answers if a.status >= 500 and a.status != 503)
    row: dict[str, Any] = {
        "name": "fault-postgres", "n": len(answers), "before": dict(Counter(a.status for a in before)),
        "outage_s": round(starting - down, 1), "outage": dict(Counter(a.status for a in outage)),
        "outage_by_path": {path: dict(Counter(a.status for a in outage if a.path == path)) for path in PATHS},
        "unclear_503_pages": len(bad_pages), "server_errors": dict(server_errors),
        "after": dict(Counter(a.status for a in after)), "sent_after": dict(Counter(a.status for a in sent_after)),
        "first_200_after_s": None if first_ok is None else round(first_ok, 2),
        "all_200_after_s": None if all_ok is None else round(all_ok, 2),
        "worker_rss_mb": rss, "gunicorn_workers_after": workers,
    }
    row["passed"] = (
        bool(outage) and all(a.status == 503 for a in outage) and not bad_pages and not server_errors
        and all(a.status == 200 for a in before) and first_ok is not None
        and bool(sent_after) and sent_after[-1].status == 200
    )
    # The row's one time: seconds from the cluster accepting connections again to every request answering 200.
    row["median_ms"] = None if all_ok is None else round(all_ok * 1000, 1)
    return row
