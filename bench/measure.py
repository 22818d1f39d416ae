"""Server time and SQL queries of one GET, measured in-process with Django's test client (no network)."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

WARMUPS = 2
REPEATS = 20


class RequestFailed(Exception):
    """A request answered other than 200: a real failure of the bench."""


@dataclass
class Timing:
    median_ms: float
    p95_ms: float
    median_cpu_ms: float
    queries: int
    status: int
    response_kb: float


def get(client: Client, url: str) -> tuple[int, int]:
    response = client.get(url)
    if response.status_code != 200:
        raise RequestFailed(f"GET {url} answered {response.status_code}")
    return response.status_code, len(response.content)


def time_get(client: Client, url: str, *, warmups: int = WARMUPS, repeats: int = REPEATS,
             before_each: Callable[[], object] | None = None) -> Timing:
    """Median and 95th percentile of ``repeats`` requests after ``warmups``, and the queries of one request.

    ``median_cpu_ms`` is this thread's CPU time: far below ``median_ms`` when other work shares the cores.
    Queries are counted on a request of their own: Django's query log on SQLite asks the database to
    quote every parameter, which would inflate the timed requests. ``before_each`` runs before every request,
    outside the time measured.
    """
    for _ in range(warmups):
        get(client, url)
    if before_each is not None:
        before_each()
    with CaptureQueriesContext(connection) as captured:
        status, size = get(client, url)
    queries = len(captured)  # now: the next request clears the connection's query log
    samples, cpu_samples = [], []
    for _ in range(repeats):
        if before_each is not None:
            before_each()
        started, cpu_started = time.perf_counter(), time.thread_time()
        get(client, url)
        samples.append((time.perf_counter() - started) * 1000)
        cpu_samples.append((time.thread_time() - cpu_started) * 1000)
    return Timing(
        median_ms=round(statistics.median(samples), 1),
        p95_ms=round(statistics.quantiles(samples, n=20, method="inclusive")[-1], 1),
        median_cpu_ms=round(statistics.median(cpu_samples), 1),
        queries=queries,
        status=status,
        response_kb=round(size / 1024, 1),
    )
