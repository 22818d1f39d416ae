"""Public pages: only what is marked public and not confidential (policy.public, through beacon.public.selectors),
no sign-in, no JavaScript needed.

The dashboard stays fast and its query count constant at any size: it shows each KPI's latest figure, target,
status and direction of travel in a table (one row per KPI, four queries for all of them), and leaves the chart
and the full series to the KPI's own page. Drawing a chart takes tens of milliseconds, so 200 of them would
not fit the dashboard's budget; the KPI page draws one and caches it until a figure changes.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotModified
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.text import slugify
from django.views import generic
from django.views.decorators.http import require_safe

from beacon.core import policy
from beacon.performance.charts import kpi_trend_svg
from beacon.performance.selectors import kpi_series
from beacon.performance.status import PeriodResult
from beacon.public import opendata, selectors
from beacon.public.caching import MAX_AGE, public_cache, remembered
from beacon.reports.models import Report, ReportIssue, ReportStatus

PAGE_SIZE = 50
CHART_CACHE_SECONDS = 24 * 60 * 60



class PublicPage(generic.TemplateView):
    """A page of an organisation's public site: the organisation (404 if unknown) and the public navigation."""

    nav = ""

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        organisation = selectors.public_organisation(kwargs["org"])
        context.update(organisation=organisation, public_nav=self.nav)
        return context


@method_decorator(public_cache, name="dispatch")
class PublicDashboard(PublicPage):
    template_name = "public/dashboard.html"
    nav = "dashboard"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        organisation = context["organisation"]
        projects = (
            selectors.public_projects(organisation)
            .select_related("programme")
            .only("pk", "code", "title", "stage", "delivery_confidence", "programme__title")
            .order_by("programme__title", "code", "title", "pk")
        )
        paginator = Paginator(projects, PAGE_SIZE)
        page = paginator.get_page(self.request.GET.get("page"))
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(
            page_title=f"{organisation.name}: transformation programme",
            tree=selectors.kpi_tree(organisation),
            progress=selectors.programme_progress(organisation),
            savings=selectors.savings_positions(organisation),
            savings_rule=selectors.SAVINGS_RULE,
            # Each KPI's page is this prefix, its id and "/" (public/urls.py): one reverse() for every row.
            kpi_url_prefix=reverse("public:dashboard", kwargs={"org": organisation.slug}) + "kpis/",
            datasets=opendata.DATASETS.values(),
            reports=public_reports(organisation),
            projects=page.object_list, page_obj=page, paginator=page.paginator,
            query_without_page=(query.urlencode() + "&") if query else "",
        )
        return context


def public_reports(organisation: Any) -> list[Report]:
    """The organisation's issued reports that it publishes (never a confidential one), latest first."""
    reports = policy.public(Report.objects.filter(status=ReportStatus.ISSUED), organisation)
    return list(reports.only("pk", "title", "version", "report_date", "issued_at").order_by("-issued_at", "pk")[:20])


@require_safe
def public_report(request: HttpRequest, org: str, pk: int) -> HttpResponse:
    """The public version of an issued, published report (without its exempt parts), as issued."""
    organisation = selectors.public_organisation(org)
    report = policy.public(Report.objects.filter(status=ReportStatus.ISSUED, pk=pk), organisation).first()
    issue = ReportIssue.objects.only("public_html").filter(report=report).first() if report else None
    if report is None or issue is None or not issue.public_html:
        raise Http404("There is no such published report.")
    content = bytes(issue.public_html)
    etag = opendata.etag_of(content)
    if opendata.etag_matches(request.headers.get("If-None-Match", ""), etag):
        response: HttpResponse = HttpResponseNotModified()
    else:
        response = HttpResponse(content, content_type="text/html; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{slugify(report.title)[:80] or "report"}.html"'
    response["ETag"] = etag
    response["Cache-Control"] = f"public, max-age={MAX_AGE}"
    return response


def chart_for(kpi: Any, results: list[PeriodResult]) -> str:
    """The KPI's trend chart, drawn once per version of its figures (a chart takes tens of milliseconds)."""
    fingerprint = repr((kpi.pk, kpi.title, kpi.code, kpi.unit, kpi.decimal_places, results))
    key = "public-kpi-chart:" + hashlib.sha256(fingerprint.encode()).hexdigest()
    svg = cache.get(key)
    if svg is None:
        svg = kpi_trend_svg(results, title=f"{kpi.title}: figures and targets by period", unit=kpi.unit,
                            decimal_places=kpi.decimal_places, chart_id=f"kpi-{kpi.pk}")
        cache.set(key, svg, CHART_CACHE_SECONDS)
    return svg


@method_decorator(public_cache, name="dispatch")
class PublicKpi(PublicPage):
    """One published KPI: what it measures, its chart and every period in a table (the chart's alternative)."""

    template_name = "public/kpi.html"
    nav = "dashboard"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        organisation = context["organisation"]
        kpi = selectors.public_kpi(organisation, kwargs["pk"])
        results = kpi_series(kpi)
        rows = [selectors.KpiRow(kpi, result) for result in reversed(results)]
        priority_ids = selectors.kpi_priority_links([kpi], organisation).get(kpi.pk, [])
        dashboard = reverse("public:dashboard", kwargs={"org": organisation.slug})
        observed = [row for row in rows if row.latest and row.latest.value is not None]
        context.update(
            kpi=kpi, page_title=kpi.title, rows=rows, latest=observed[0] if observed else None,
            chart=chart_for(kpi, results) if results else "",
            priorities=selectors.public_priorities(organisation).filter(pk__in=priority_ids).select_related("theme"),
            breadcrumbs=[{"label": organisation.name, "url": dashboard},
                         {"label": "Performance", "url": dashboard + "#performance"}],
        )
        return context


@method_decorator(public_cache, name="dispatch")
class DataDictionary(PublicPage):
    """The open datasets, each with its columns and their meanings, and the licence."""

    template_name = "public/data.html"
    nav = "data"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        organisation = context["organisation"]
        context.update(
            page_title=f"{organisation.name}: open data", datasets=opendata.DATASETS.values(),
            licence_name=opendata.LICENCE_NAME, licence_url=opendata.LICENCE_URL,
            breadcrumbs=[{"label": organisation.name,
                          "url": reverse("public:dashboard", kwargs={"org": organisation.slug})}],
        )
        return context


CONTENT_TYPES = {"csv": "text/csv; charset=utf-8; header=present", "json": "application/json; charset=utf-8"}


@require_safe
def dataset(request: HttpRequest, org: str, name: str, fmt: str) -> HttpResponse:
    """One open dataset as CSV or JSON, with an ETag of its content: a cache (or a client) that holds the same
    version is answered 304 Not Modified."""
    found = opendata.DATASETS.get(name)
    if found is None or fmt not in CONTENT_TYPES:
        raise Http404("There is no such dataset.")
    organisation = selectors.public_organisation(org)
    content = remembered(f"dataset:{organisation.pk}:{found.name}.{fmt}",
                         lambda: opendata.render(found, organisation, fmt))
    etag = opendata.etag_of(content)
    headers = {
        "ETag": etag,
        "Cache-Control": f"public, max-age={MAX_AGE}",
        "Access-Control-Allow-Origin": "*",
    }
    if opendata.etag_matches(request.headers.get("If-None-Match", ""), etag):
        response: HttpResponse = HttpResponseNotModified()
    else:
        response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
        if fmt == "csv":
            headers["Content-Disposition"] = f'attachment; filename="{organisation.slug}-{found.name}.csv"'
    for header, value in headers.items():
        response[header] = value
    return response
