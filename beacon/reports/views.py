"""Pages of committee and highlight reports: the list, a report (its front matter, sign-offs, tokens, a live
preview of a draft and the files of an issued one), the form, sign-off, issue, a new version and the downloads.
Thin: the rules are in beacon.reports.services and the policy."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.db.models.functions import Length
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotModified, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from django.views import generic

from beacon.core import policy
from beacon.core.generic import (
    OrganisationMixin,
    RecordCreateView,
    RecordDetailView,
    RecordListView,
    RefusesStaleEdit,
    org_url,
)
from beacon.core.models import Role
from beacon.reports import renderers, services, tokens
from beacon.reports.document import Document
from beacon.reports.filters import ReportFilterSet
from beacon.reports.forms import ReportForm, SignOffForm
from beacon.reports.models import Report, ReportIssue, ReportStatus, SignOffRole
from beacon.reports.snapshot import take_snapshot

FORMAT_LABELS = {"docx": "Word", "odt": "OpenDocument", "pdf": "PDF", "html": "HTML"}
STATUS_COLOURS = {ReportStatus.DRAFT: "grey", ReportStatus.ISSUED: "green", ReportStatus.SUPERSEDED: "yellow"}
SIGNING_ROLE = {Role.FINANCE: SignOffRole.FINANCE, Role.MONITORING: SignOffRole.MONITORING}


def report_url(name: str, report: Report, **kwargs: Any) -> str:
    return org_url(f"reports:{name}", report.organisation, pk=report.pk, **kwargs)


def file_size(size: int) -> str:
    """A file size as GOV.UK writes it: "812 bytes", "24 KB", "1.2 MB"."""
    if size < 1024:
        return f"{size} bytes"
    if size < 1024 * 1024:
        return f"{round(size / 1024)} KB"
    return f"{size / (1024 * 1024):.1f} MB"


def filename(report: Report, fmt: str, *, draft: bool = False) -> str:
    stem = slugify(report.title)[:80] or "report"
    extension = str(renderers.EXTENSIONS.get(fmt, fmt)).lstrip(".")
    suffix = "-draft" if draft else ""
    return f"{stem}-v{report.version}{suffix}.{extension}"




def preview_body(document: Document) -> str:
    """The document's body inside a report's page, whose own <h1> names the report: the renderer's title
    heading is left out, so that the page keeps one <h1>."""
    return renderers.render_body(document, title=False)


def token_catalogue(snapshot: dict[str, Any]) -> list[tuple[str, str, str]]:
    return tokens.catalogue(snapshot)


class ReportSection:
    nav_section = "reports"
    organisation: Any

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)  # type: ignore[misc]
        context.setdefault("breadcrumbs", [{"label": "Reports", "url": org_url("reports:report-list",
                                                                                self.organisation)}])
        return context


class ReportObjectMixin(OrganisationMixin):
    """A report of this organisation the user may read (404 otherwise)."""

    kwargs: dict[str, Any]

    def get_report(self) -> Report:
        report = get_object_or_404(Report.objects.select_related("organisation", "programme"), pk=self.kwargs["pk"])
        if report.organisation_id != self.organisation.pk or not policy.can_read(self.request.user, report):
            raise Http404("No such record for you.")
        return report

    def get_writable_report(self) -> Report:
        report = self.get_report()
        if not policy.can_change(self.request.user, report):
            raise PermissionDenied
        return report


# List, detail, form ------------------------------------------------------------------------------------------


class ReportList(ReportSection, RecordListView):
    model = Report
    template_name = "reports/report_list.html"
    filterset_class = ReportFilterSet
    page_title = "Reports"
    create_label = "Draft a report"
    select_related = ("programme", "meeting__board")

    def base_queryset(self) -> QuerySet:
        return Report.objects.order_by("-report_date", "title", "-version", "pk")

    def create_url(self) -> str:
        return org_url("reports:report-create", self.organisation)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.pop("breadcrumbs", None)
        context["status_colours"] = STATUS_COLOURS
        return context


class ReportDetail(ReportSection, RecordDetailView):
    model = Report
    template_name = "reports/report_detail.html"

    def get_queryset(self) -> QuerySet:
        return Report.objects.select_related("programme", "meeting__board", "decision", "reporting_period",
                                             "issued_by", "previous_version")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        report: Report = self.object
        draft = report.status == ReportStatus.DRAFT
        writer = context["can_change"]
        sign_offs = {s.role: s for s in report.sign_offs.select_related("signed_by")}
        context.update(
            caption=report.get_kind_display(),
            status_colour=STATUS_COLOURS.get(ReportStatus(report.status), "grey"),
            edit_url=report_url("report-edit", report) if writer and draft else None,
            sign_offs=[{"role": value, "label": label, "sign_off": sign_offs.get(value)}
                       for value, label in SignOffRole.choices],
            missing=services.missing_sign_offs(report) if draft else [],
            priorities=list(report.priorities.all()),
            next_version=Report.objects.filter(previous_version=report).only("pk", "version").first(),
        )
        signing_as = SIGNING_ROLE.get(getattr(self.request, "role", None))  # type: ignore[arg-type]
        if draft and signing_as and signing_as not in sign_offs:
            context["sign_off_url"] = report_url("report-sign-off", report)
        if draft and writer:
            context["issue_url"] = report_url("report-issue", report)
        if report.status == ReportStatus.ISSUED and writer:
            context["new_version_url"] = report_url("report-new-version", report)
        if draft:
            self.add_preview(context, report)
        else:
            self.add_downloads(context, report)
        return context

    def add_preview(self, context: dict[str, Any], report: Report) -> None:
        snapshot = take_snapshot(report)
        context["catalogue"] = token_catalogue(snapshot)
        try:
            document = services.draft_document(report, snapshot)
        except tokens.TokenError as error:
            context["preview_error"] = str(error)
        else:
            context["preview"] = mark_safe(preview_body(document))  # noqa: S308 (the renderer escapes text)
        context["downloads"] = [
            {"label": FORMAT_LABELS[fmt], "url": report_url("report-download", report, fmt=fmt), "size": ""}
            for fmt in services.FORMATS
        ]

    def add_downloads(self, context: dict[str, Any], report: Report) -> None:
        sizes = (
            ReportIssue.objects.filter(report=report)
            .annotate(**{f"{fmt}_size": Length(fmt) for fmt in services.FORMATS})
            .values(*(f"{fmt}_size" for fmt in services.FORMATS), "created_at")
            .first()
        )
        if sizes is None:
            return
        context["downloads"] = [
            {"label": FORMAT_LABELS[fmt], "url": report_url("report-download", report, fmt=fmt),
             "size": file_size(sizes[f"{fmt}_size"] or 0)}
            for fmt in services.FORMATS
        ]


class ReportFormContext:
    """The form page lists the tokens the narrative may use, with their values now."""

    object: Any
    organisation: Any

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)  # type: ignore[misc]
        report = getattr(self, "object", None)
        if report is not None and report.pk:
            context["catalogue"] = token_catalogue(take_snapshot(report))
            context["signed"] = report.sign_offs.exists()
        return context


class ReportCreate(ReportFormContext, ReportSection, RecordCreateView):
    model = Report
    template_name = "reports/report_form.html"
    form_class = ReportForm
    extra_context = {"page_title": "Draft a report", "submit_label": "Save draft"}
    success_message = "Draft saved"

    def get_initial(self) -> dict[str, Any]:
        return {key: self.request.GET.get(key) for key in ("programme", "meeting", "decision", "kind")
                if key in self.request.GET}

    def get_success_url(self) -> str:
        return report_url("report-detail", self.object)


class ReportEdit(ReportFormContext, ReportSection, ReportObjectMixin, RefusesStaleEdit, generic.UpdateView):
    """Change a draft; an issued report is refused (draft a new version). A changed narrative clears the
    sign-offs, since the officers signed what they read."""

    model = Report
    template_name = "reports/report_form.html"
    form_class = ReportForm
    extra_context = {"page_title": "Change draft report", "submit_label": "Save draft"}

    def get_object(self, queryset: QuerySet | None = None) -> Report:
        return self.get_writable_report()

    def refuse_if_issued(self) -> HttpResponse | None:
        if self.object.status != ReportStatus.DRAFT:
            messages.error(self.request, services.NOT_A_DRAFT)
            return HttpResponseRedirect(report_url("report-detail", self.object))
        return None

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.object = self.get_object()
        return self.refuse_if_issued() or self.render_to_response(self.get_context_data())

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.object = self.get_object()
        refused = self.refuse_if_issued()
        if refused is not None:
            return refused
        return super().post(request, *args, **kwargs)

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs.update(user=self.request.user, organisation=self.organisation)
        return kwargs

    def form_valid(self, form: Any) -> HttpResponse:
        report = form.save(commit=False)
        try:
            cleared = services.save_draft(report, actor=self.request.user, priorities=form.cleaned_data["priorities"])
        except services.ReportError as error:
            messages.error(self.request, str(error))
            return HttpResponseRedirect(report_url("report-detail", report))
        message = f"Draft saved: {report}"
        if cleared:
            message += (". The narrative changed, so the sign-offs were cleared ("
                        + " and ".join(cleared) + "): the draft needs signing off again")
        messages.success(self.request, message)
        return HttpResponseRedirect(report_url("report-detail", report))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(caption=str(self.object), cancel_url=report_url("report-detail", self.object))
        return context


# Sign-off, issue, new version ----------------------------------------------------------------------------------


class ReportSignOffView(ReportSection, ReportObjectMixin, RefusesStaleEdit, generic.FormView):
    """The finance officer or the monitoring officer signs off a draft, as the role they hold: refused as stale if
    the draft changed since the page was shown, since they sign what they read."""

    versioned_model = Report

    def versioned_record(self) -> Report:
        return self.report

    template_name = "reports/report_sign_off.html"
    form_class = SignOffForm

    def setup_report(self) -> HttpResponse | None:
        self.report = self.get_report()
        signing_as = SIGNING_ROLE.get(self.request.role)  # type: ignore[attr-defined]
        if signing_as is None:
            raise PermissionDenied
        self.signing_as = signing_as
        if self.report.status != ReportStatus.DRAFT:
            messages.error(self.request, "Only a draft is signed off: this report has been issued.")
            return HttpResponseRedirect(report_url("report-detail", self.report))
        return None

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self.setup_report() or super().get(request, *args, **kwargs)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self.setup_report() or super().post(request, *args, **kwargs)

    def form_valid(self, form: Any) -> HttpResponse:
        try:
            services.sign_off_report(self.report, actor=self.request.user, role=self.signing_as,
                                     comment=form.cleaned_data["comment"])
        except services.ReportError as error:
            messages.error(self.request, str(error))
        else:
            signed_as = services.in_sentence(self.signing_as.label)
            messages.success(self.request, f"Signed off as {signed_as}: {self.report}")
        return HttpResponseRedirect(report_url("report-detail", self.report))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            report=self.report, caption=str(self.report), page_title="Sign off this draft",
            signing_as=services.in_sentence(self.signing_as.label),
            submit_label=f"Sign off as {services.in_sentence(self.signing_as.label)}",
            cancel_url=report_url("report-detail", self.report),
        )
        return context


class ReportConfirm(ReportSection, ReportObjectMixin, generic.TemplateView):
    """A confirm page for one of the services: GET asks, POST does it and goes back to a report's page."""

    state = ReportStatus.DRAFT
    refused_message = ""
    # Each confirm page says what its button does: a service call that returns the report to show next.
    act: Callable[[], Report]

    def setup_report(self) -> HttpResponse | None:
        self.report = self.get_writable_report()
        if self.report.status != self.state:
            messages.error(self.request, self.refused_message)
            return HttpResponseRedirect(report_url("report-detail", self.report))
        return None

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self.setup_report() or super().get(request, *args, **kwargs)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        refused = self.setup_report()
        if refused is not None:
            return refused
        try:
            target = self.act()
        except services.ReportError as error:
            messages.error(request, str(error))
            target = self.report
        return HttpResponseRedirect(report_url("report-detail", target))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(report=self.report, caption=str(self.report),
                       cancel_url=report_url("report-detail", self.report))
        return context


class ReportIssueView(ReportConfirm):
    template_name = "reports/report_issue.html"
    refused_message = "This report has already been issued: draft a new version to change it."

    def act(self) -> Report:
        services.issue_report(self.report, actor=self.request.user)
        messages.success(self.request, f"Report issued: {self.report}. Its files are kept unchanged.")
        return self.report

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(page_title="Issue this report", submit_label="Issue report",
                       missing=services.officers_text(services.missing_sign_offs(self.report)))
        return context


class ReportNewVersion(ReportConfirm):
    template_name = "reports/report_new_version.html"
    state = ReportStatus.ISSUED
    refused_message = "Only the latest issued version of a report can be drafted again."

    def act(self) -> Report:
        draft = services.new_version(self.report, actor=self.request.user)
        messages.success(self.request, f"Version {draft.version} drafted: {draft.title}")
        return draft

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(page_title=f"Draft version {self.report.version + 1}", submit_label="Draft a new version")
        return context


# Downloads ------------------------------------------------------------------------------------------------------


class ReportDownload(ReportObjectMixin, generic.View):
    """An issued report's stored file, byte for byte; a draft's file rendered now and marked DRAFT."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        fmt = kwargs["fmt"]
        if fmt not in services.FORMATS:
            raise Http404("There is no such format.")
        report = self.get_report()
        if report.status == ReportStatus.DRAFT:
            try:
                content = renderers.render(services.draft_document(report), fmt)
            except tokens.TokenError as error:
                messages.error(request, f"The draft cannot be rendered: {error}")
                return HttpResponseRedirect(report_url("report-detail", report))
            name = filename(report, fmt, draft=True)
        else:
            issue = ReportIssue.objects.only(fmt).filter(report=report).first()
            if issue is None:
                raise Http404("This report's files are missing.")
            content = bytes(getattr(issue, fmt))
            name = filename(report, fmt)
        etag = '"' + hashlib.sha256(content).hexdigest() + '"'
        if etag in [tag.strip() for tag in request.headers.get("If-None-Match", "").split(",")]:
            response: HttpResponse = HttpResponseNotModified()
        else:
            response = HttpResponse(content, content_type=renderers.CONTENT_TYPES[fmt])
            response["Content-Disposition"] = f'attachment; filename="{name}"'
        response["ETag"] = etag
        response["Cache-Control"] = "private, no-cache"
        return response
