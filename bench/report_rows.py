"""The ``report-docx`` and ``report-pdf`` rows of ``make bench`` (PRODUCT section 4: the committee report for the
whole programme of the synthetic council at 2,000 projects, .docx ≤ 2 s and PDF ≤ 5 s): the snapshot, the
document and the file, as issuing a report does them, timed together over a few runs after a warm-up (the first
run imports python-docx or weasyprint and is reported apart as ``cold_ms``). The report is a committee report on
the council's largest programme, with a decision-free front sheet and narrative full of tokens."""

from __future__ import annotations

import statistics
import time
from typing import Any

from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext

from beacon.core.models import Organisation
from beacon.programmes.models import Programme, Project
from beacon.reports.builders import build_document
from beacon.reports.models import Report
from beacon.reports.snapshot import take_snapshot

SLUG = "bench-2000"
REPEATS = {"docx": 5, "pdf": 3}
NARRATIVE = (
    "The programme has [[projects.count]] open projects, [[projects.red]] of them rated Red.\n\n"
    "It has delivered [[savings.total.delivered]] against a forecast of [[savings.total.forecast]]; "
    "[[milestones.late]] milestones are late."
)


def bench_report(slug: str = SLUG) -> Report:
    organisation = Organisation.objects.get(slug=slug)
    programme = (Programme.objects.filter(organisation=organisation).annotate(n=Count("projects"))
                 .order_by("-n", "pk").first())
    if programme is None:
        raise RuntimeError(f"{slug} has no programme")
    report, _ = Report.objects.update_or_create(
        organisation=organisation, title="Bench committee report", version=1,
        defaults={"programme": programme, "decision_maker": "Cabinet", "report_of": "Chief Executive",
                  "wards_affected": "All wards", "purpose": NARRATIVE, "executive_summary": NARRATIVE,
                  "recommendations": "Note the programme's position.", "background": NARRATIVE},
    )
    return report


def measure_report(fmt: str, slug: str = SLUG) -> dict[str, Any]:
    from beacon.reports.renderers import render  # noqa: PLC0415 - the renderers import weasyprint / python-docx

    name = f"report-{fmt}"
    report = bench_report(slug)
    n = Project.objects.filter(organisation=report.organisation).count()
    programme_projects = report.programme.projects.count()

    def once() -> bytes:
        fresh = Report.objects.select_related("organisation", "programme").get(pk=report.pk)
        return render(build_document(fresh, take_snapshot(fresh)), fmt)

    started = time.perf_counter()
    size = len(once())
    cold_ms = (time.perf_counter() - started) * 1000
    with CaptureQueriesContext(connection) as captured:
        once()
    wall, cpu = [], []
    for _ in range(REPEATS[fmt]):
        started, cpu_started = time.perf_counter(), time.process_time()
        once()
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - cpu_started) * 1000)
    return {
        "name": name, "n": n, "median_ms": round(statistics.median(wall), 1), "p95_ms": round(max(wall), 1),
        "median_cpu_ms": round(statistics.median(cpu), 1), "queries": len(captured),
        "cold_ms": round(cold_ms, 1), "programme_projects": programme_projects, "file_kb": round(size / 1024, 1),
        "limit_ms": 2000 if fmt == "docx" else 5000,
    }


def measure_report_docx() -> dict[str, Any]:
    return measure_report("docx")


def measure_report_pdf() -> dict[str, Any]:
    return measure_report("pdf")
