"""The import pages: upload a file, map its headings, see every problem the check found (or what would change),
import, and watch it go. Templates to fill in are downloadable from the Data page. Thin: the work is in
beacon.exchange.services, the rules in the policy."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views import generic

from beacon.core.generic import OrganisationMixin, org_url
from beacon.core.spreadsheets import CONTENT_TYPES, EXTENSIONS, FORMATS, Table, write_table
from beacon.exchange import readers, services
from beacon.exchange.blanks import template_file
from beacon.exchange.forms import MappingForm, UploadForm
from beacon.exchange.kinds import KINDS
from beacon.exchange.models import ImportRun, ImportStatus

STATUS_COLOURS = {
    ImportStatus.UPLOADED: "grey", ImportStatus.CHECKED: "blue", ImportStatus.REFUSED: "red",
    ImportStatus.QUEUED: "yellow", ImportStatus.IMPORTING: "yellow", ImportStatus.IMPORTED: "green",
    ImportStatus.FAILED: "red",
}
PROBLEMS_SHOWN = 100
# Where the imported records are listed, to send the officer on from a finished import.
LIST_PAGES = {
    "projects": "programmes:project-list", "milestones": "programmes:milestone-list",
    "savings-lines": "finance:tracker", "kpis": "performance:kpi-list", "observations": "performance:kpi-list",
    "risks": "risks:risk-list",
}


class DataMixin(OrganisationMixin):
    nav_section = "data"


class ImportStart(DataMixin, generic.FormView):
    template_name = "exchange/import_start.html"
    form_class = UploadForm

    def kinds(self) -> list[Any]:
        kinds = services.importable_types(self.request.user, self.organisation)
        if not kinds:
            raise PermissionDenied
        return kinds

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["kinds"] = self.kinds()
        if "type" in self.request.GET and not self.request.POST:
            kwargs["initial"] = {"record_type": self.request.GET["type"]}
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(page_title="Import a file", submit_label="Check the file",
                       max_size=readers.size_words(readers.settings.IMPORT_MAX_BYTES),
                       cancel_url=org_url("exchange:index", self.organisation))
        return context

    def form_valid(self, form: UploadForm) -> HttpResponse:
        upload = form.cleaned_data["file"]
        run = services.upload_file(
            actor=self.request.user, organisation=self.organisation, record_type=form.cleaned_data["record_type"],
            file_name=upload.name, data=form.data_bytes,
        )
        services.check_run(run, actor=self.request.user)
        return HttpResponseRedirect(run_url(run))


def run_url(run: ImportRun, name: str = "import-run") -> str:
    return org_url(f"exchange:{name}", run.organisation, pk=run.pk)


class RunMixin(DataMixin):
    """An import run of this organisation, seen only by those who may import its record type (its problems quote
    the file's cells, which may hold anything)."""

    kwargs: dict[str, Any]

    def get_run(self) -> ImportRun:
        run = get_object_or_404(ImportRun.objects.select_related("organisation", "created_by"),
                                pk=self.kwargs["pk"], organisation=self.organisation)
        if not services.may_import(self.request.user, self.organisation, run.record_type):
            raise PermissionDenied
        return run


class ImportRunPage(RunMixin, generic.TemplateView):
    template_name = "exchange/import_run.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        run = kwargs.get("run") or self.get_run()
        kind = KINDS[run.record_type]
        form = kwargs.get("mapping_form")
        if form is None and run.status in {ImportStatus.UPLOADED, ImportStatus.CHECKED, ImportStatus.REFUSED}:
            form = MappingForm(headings=services.headings_of(run), kind=kind)
        list_name = LIST_PAGES.get(run.record_type)
        context.update(
            page_title=f"Import of {run.file_name}", run=run, kind=kind, mapping_form=form,
            status_colour=STATUS_COLOURS.get(ImportStatus(run.status), "grey"),
            problems=run.problems[:PROBLEMS_SHOWN], problems_hidden=max(0, run.problem_count - PROBLEMS_SHOWN),
            list_url=org_url(list_name, self.organisation) if list_name else None,
            in_progress=run.status in {ImportStatus.QUEUED, ImportStatus.IMPORTING},
        )
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        """Check the file again with its headings mapped as the officer chose."""
        run = self.get_run()
        if run.status not in {ImportStatus.UPLOADED, ImportStatus.CHECKED, ImportStatus.REFUSED}:
            messages.error(request, "This import has started: upload the file again to change it.")
            return HttpResponseRedirect(run_url(run))
        form = MappingForm(request.POST, headings=services.headings_of(run), kind=KINDS[run.record_type])
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(run=run, mapping_form=form), status=400)
        plan = services.check_run(run, actor=request.user, mapping=form.mapping())
        if plan.ok:
            messages.success(request, "The file has been checked again: no problems were found.")
        return HttpResponseRedirect(run_url(run))


class ImportGo(RunMixin, generic.View):
    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        run = self.get_run()
        if run.status != ImportStatus.CHECKED:
            messages.error(request, "Only a checked file with no problems can be imported.")
            return HttpResponseRedirect(run_url(run))
        services.start_import(run, actor=request.user)
        return HttpResponseRedirect(run_url(run))


class ImportProgress(RunMixin, generic.View):
    """How far an import has got, for the page's script (the page itself says the same without script)."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> JsonResponse:
        run = self.get_run()
        return JsonResponse({
            "status": run.status, "status_label": run.get_status_display(), "rows_done": run.rows_done,
            "rows_total": run.rows_total, "percent": run.percent_done, "finished": run.finished,
        })


class ImportProblems(RunMixin, generic.View):
    """Every problem the check kept, as a spreadsheet to work through."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        run = self.get_run()
        table = Table(name="Problems", headings=["Sheet", "Row", "Column", "Value", "Why"],
                      rows=[[p["sheet"], p["row"], p["column"], p["value"], p["why"]] for p in run.problems])
        response = HttpResponse(write_table("csv", [table]), content_type=CONTENT_TYPES["csv"])
        response["Content-Disposition"] = f'attachment; filename="import-{run.pk}-problems.csv"'
        return response


class TemplateDownload(DataMixin, generic.View):
    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        kind = KINDS.get(kwargs["record_type"])
        fmt = kwargs["fmt"]
        if kind is None or fmt not in FORMATS:
            raise Http404("No such template.")
        response = HttpResponse(template_file(kind, fmt), content_type=CONTENT_TYPES[fmt])
        name = f"beacon-{kind.name}-template-{timezone.localdate().isoformat()}{EXTENSIONS[fmt]}"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
