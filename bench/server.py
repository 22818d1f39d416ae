"""What the ``load-public`` and ``fault-postgres`` rows share: Beacon served by gunicorn as in production
(docs/deploy.md), each ``beacon`` command run as its own process, and the workers' resident memory.

The rows run Beacon in processes of their own, with their own PostgreSQL database and environment: nothing
here uses the bench's in-process SQLite database."""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
# The gunicorn settings of docs/deploy.md: two sync workers (one per core), no access log (the proxy keeps one).
WORKERS = 2
GUNICORN_ARGS = ("--workers", str(WORKERS), "--worker-class", "sync", "--timeout", "30")
# The PostgreSQL server the load row makes its scratch database on (the Makefile's POSTGRES_URL).
POSTGRES_URL = os.environ.get("POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/beacon")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def production_env(database_url: str) -> dict[str, str]:
    """Production settings (BEACON_ENV=production, DEBUG off, a secret key, allowed hosts) that work over plain
    HTTP on 127.0.0.1: no redirect to HTTPS, as behind a TLS-terminating proxy that sets X-Forwarded-Proto."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "PYTEST"))}
    for key in ("TASK_BACKEND", "REDIS_URL", "CSRF_TRUSTED_ORIGINS", "EMAIL_BACKEND", "OIDC_PROVIDERS"):
        env.pop(key, None)
    env.update({
        "BEACON_ENV": "production", "DEBUG": "false", "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1", "SECURE_SSL_REDIRECT": "false", "DATABASE_URL": database_url,
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend", "LOG_LEVEL": "ERROR",
        "DJANGO_SETTINGS_MODULE": "beacon.settings",
    })
    if os.environ.get("BENCH_REDIS_URL"):  # the public pages' cache in Redis, as in production, when given
        env["REDIS_URL"] = os.environ["BENCH_REDIS_URL"]
    return env


def beacon(env: dict[str, str], *args: str, timeout: float = 600) -> str:
    """``beacon <args>`` as its own process; its output, or an error carrying the end of its stderr."""
    done = subprocess.run(  # noqa: S603 - our own command
        [sys.executable, "-m", "beacon", *args], env=env, cwd=PROJECT_DIR, capture_output=True, text=True,
        timeout=timeout, check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"beacon {' '.join(args[:2])} exited {done.returncode}: {done.stderr[-2000:]}")
    return done.stdout


def prepare_database(env: dict[str, str]) -> None:
    """Migrate, load the demo councils, and collect the static files (production serves them hashed)."""
    beacon(env, "migrate", "--no-input", "--verbosity", "0")
    beacon(env, "loaddemo")
    beacon(env, "collectstatic", "--no-input", "--verbosity", "0")


def fetch(url: str, timeout: float = 10) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 - our own local server
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


class Gunicorn:
    """gunicorn serving Beacon on 127.0.0.1:<port> with the deployment guide's settings; a context manager
    that stops it (and its workers) whatever happens."""

    def __init__(self, env: dict[str, str], log: Path) -> None:
        self.env, self.port, self.log_path = env, free_port(), log
        self.base = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> Gunicorn:
        self.log = self.log_path.open("wb")
        self.process = subprocess.Popen(  # noqa: S603 - our own command
            [sys.executable, "-m", "gunicorn", "beacon.wsgi", "--bind", f"127.0.0.1:{self.port}", *GUNICORN_ARGS],
            env=self.env, cwd=PROJECT_DIR, stdout=self.log, stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited {self.process.returncode}: {self.log_tail()}")
            try:
                status, _ = fetch(self.base + "/healthz", timeout=5)
            except OSError:
                time.sleep(0.2)
                continue
            if status == 200 and len(self.worker_pids()) == WORKERS:
                return self
            time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not answer /healthz within 60 s: {self.log_tail()}")

    def __exit__(self, *exc: object) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)  # graceful: the master stops its workers
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self.log.close()

    def log_tail(self) -> str:
        self.log.flush()
        return self.log_path.read_text(errors="replace")[-2000:]

    def worker_pids(self) -> list[int]:
        assert self.process is not None
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        try:
            return [int(pid) for pid in children.read_text().split()]
        except OSError:
            return []

    def worker_rss_mb(self) -> list[float]:
        """Each worker's resident memory (VmRSS), in MB."""
        sizes = []
        for pid in self.worker_pids():
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    sizes.append(round(int(line.split()[1]) / 1024, 1))
        return sizes
