"""GET /healthz, and every page while the database is unreachable: 503 with a plain message, and recovery
by itself when the database is back.

The outage is real, not mocked: a Beacon server runs in its own process on an SQLite file, and the file
is replaced by a directory (which SQLite cannot open), then put back."""

from __future__ import annotations

import os
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest


@pytest.mark.django_db
def test_healthz_answers_200_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\n"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - our own local server
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


@pytest.fixture
def server(tmp_path: Path):
    database = tmp_path / "beacon.sqlite3"
    sqlite3.connect(database).close()
    port = free_port()
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}", "DEBUG": "false"}
    process = subprocess.Popen(  # noqa: S603 - our own command
        [sys.executable, "-m", "beacon", "runserver", "--noreload", f"127.0.0.1:{port}"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            fetch(base + "/healthz")
            break
        except OSError:
            time.sleep(0.1)
    yield base, database
    process.terminate()
    process.wait(timeout=10)


def test_pages_answer_503_while_the_database_is_down_and_recover_by_themselves(server):
    base, database = server
    assert fetch(base + "/healthz") == (200, "ok\n")

    database.rename(database.with_suffix(".away"))
    database.mkdir()  # SQLite cannot open a directory: the database is unreachable
    status, body = fetch(base + "/healthz")
    assert (status, body) == (503, "database unavailable\n")
    status, body = fetch(base + "/public/chorley/")
    assert status == 503
    assert "Beacon cannot reach its database" in body

    database.rmdir()
    database.with_suffix(".away").rename(database)
    assert fetch(base + "/healthz") == (200, "ok\n")
