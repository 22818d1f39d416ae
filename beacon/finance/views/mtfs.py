"""The MTFS pages: the list, the MTFS with its position year by year (what it requires, the programme's share,
and what the programme's savings lines have approved, forecast and delivered against it), and the form that
edits the MTFS with its years on one page (beacon.finance.forms_mtfs)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.db import transaction
from django.db.models import QuerySet, Sum
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import NoReverseMatch, URLPattern, path

from beacon.core import policy
from beacon.core.generic import RecordCreateView, RecordDetailView, RecordListView, RecordUpdateView, org_url
from beacon.core.models import FinancialYear
from beacon.finance.counting import Figures, positions, rows_by
from beacon.finance.filters_resources import MtfsFilterSet
from beacon.finance.forms_mtfs import MtfsForm, MtfsYearTable, default_span
from beacon.finance.models import Mtfs, MtfsYear, SavingsLine
from beacon.finance.sections import money_context
from beacon.finance.selectors import programme_target
from beacon.finance.services import replace_mtfs_years

BRAG_WORDS = {
    "blue": "Blue: delivered",
    "green": "Green: on track",
    "amber": "Amber: within 10% of target",
    "red": "Red: off track",
    "": "No target",
}


def mtfs_crumbs(organisation: Any) -> list[dict[str, str]]:
    return [{"label": "MTFS", "url": org_url("finance:mtfs-list", organisation)}]


@dataclass
class YearPosition:
    """One row of the MTFS table: the MTFS's own figures and the programme's position in that year."""

    financial_year: FinancialYear
    year: MtfsYear | None
    in_year: Figures
    cumulative: Figures

    @property
    def whole_requirement(self) -> bool:
        return self.year is not None and self.year.programme_target_pence is None

    @property
    def brag_words(self) -> str:
        return BRAG_WORDS[self.in_year.brag]

    @property
    def cumulative_brag_words(self) -> str:
        return BRAG_WORDS[self.cumulative.brag]


def savings_lines_for(mtfs: Mtfs, user: Any) -> QuerySet[SavingsLine]:
    """The savings lines that count against the MTFS: its programme's (or, without a programme, the
    organisation's), only those the user may read."""
    lines = SavingsLine.objects.filter(organisation_id=mtfs.organisation_id)
    if mtfs.programme_id:
        lines = lines.filter(project__programme_id=mtfs.programme_id)
    return policy.readable(lines, user)


def mtfs_position(mtfs: Mtfs, user: Any) -> tuple[list[YearPosition], Figures]:
    """The MTFS year by year from its first to its last year, under the counting rule (ADR 0003), and the
    totals over its years."""
    years = list(FinancialYear.objects.filter(
        start_year__gte=mtfs.start_year.start_year, start_year__lte=mtfs.end_year.start_year
    ))
    stored = {year.financial_year_id: year for year in mtfs.years.select_related("financial_year")}
    targets = {
        year.financial_year.start_year: programme_target(year) for year in stored.values()
        if mtfs.covers(year.financial_year)
    }
    spans = [year.start_year for year in years]
    position = positions(rows_by(savings_lines_for(mtfs, user), None), spans, {None: targets})[None]
    rows = [
        YearPosition(financial_year=year, year=stored.get(year.pk), in_year=position.in_year[year.start_year],
                     cumulative=position.cumulative[year.start_year])
        for year in years
    ]
    return rows, position.total


class MtfsList(RecordListView):
    model = Mtfs
    template_name = "finance/mtfs_list.html"
    filterset_class = MtfsFilterSet
    page_title = "Medium-term financial strategy"
    export_name = "mtfs"
    create_label = "Add an MTFS"
    nav_section = "money"
    select_related = ("programme", "start_year", "end_year")

    def base_queryset(self) -> QuerySet:
        return Mtfs.objects.annotate(
            savings_required_total=Sum("years__savings_required_pence"),
        ).order_by("-start_year__start_year", "title")

    def create_url(self) -> str:
        return org_url("finance:mtfs-create", self.organisation)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(money_context(self.organisation, "mtfs"))
        return context


class MtfsDetail(RecordDetailView):
    model = Mtfs
    template_name = "finance/mtfs_detail.html"
    edit_url_name = "finance:mtfs-edit"
    nav_section = "money"

    def get_queryset(self) -> QuerySet:
        return Mtfs.objects.select_related("programme", "start_year", "end_year")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        mtfs = self.object
        rows, total = mtfs_position(mtfs, self.request.user)
        role = policy.role_in(self.request.user, self.organisation)
        context.update(money_context(self.organisation, "mtfs"))
        context.update(
            rows=rows,
            total=total,
            total_brag_words=BRAG_WORDS[total.brag],
            savings_required_total=sum(row.year.savings_required_pence for row in rows if row.year is not None),
            illustrative=any(row.year is not None and row.year.illustrative for row in rows),
            notes=[row for row in rows if row.year is not None and row.year.note],
            partial_view=role not in policy.CONFIDENTIAL_READERS,
            tracker_url=tracker_url(self.organisation),
            caption="Medium-term financial strategy",
            breadcrumbs=mtfs_crumbs(self.organisation),
        )
        return context


def tracker_url(organisation: Any) -> str:
    try:
        return org_url("finance:tracker", organisation)
    except NoReverseMatch:  # the savings tracker is its own module; the MTFS page does not depend on it
        return ""


class MtfsFormMixin:
    """The MTFS form with its table of years (create and edit share it)."""

    request: HttpRequest
    organisation: Any
    object: Any
    form_class: Any
    nav_section = "money"

    def get_form(self, form_class: Any = None) -> MtfsForm:
        return super().get_form(form_class)  # type: ignore[misc]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)  # type: ignore[misc]
        form = context["form"]
        table = kwargs.get("table")
        if table is None:
            instance = form.instance
            span = (instance.start_year.start_year, instance.end_year.start_year) if instance.pk else default_span()
            table = MtfsYearTable(instance, span=span)
        context.update(money_context(self.organisation, "mtfs"))
        context.update(
            table=table,
            error_links=[] if kwargs.get("redrawn") else table.error_links(),
            breadcrumbs=mtfs_crumbs(self.organisation),
        )
        return context

    def get_success_url(self) -> str:
        return org_url("finance:mtfs-detail", self.organisation, pk=self.object.pk)

    def handle_post(self) -> HttpResponse:
        form = self.get_form()
        form_valid = form.is_valid()
        start = form.cleaned_data.get("start_year")
        end = form.cleaned_data.get("end_year")
        span = (start.start_year, end.start_year) if start and end and start.start_year <= end.start_year else None
        data = self.request.POST
        if "redraw" in data:
            # Only the years shown change: draw the form again, unsaved, with what was typed and no errors.
            table = MtfsYearTable(form.instance, data, span=span, redraw=True)
            initial = {name: form[name].value() for name in form.fields}
            unbound = self.form_class(initial=initial, instance=self.object, user=self.request.user,
                                      organisation=self.organisation)
            return self.render_to_response(  # type: ignore[attr-defined]
                self.get_context_data(form=unbound, table=table, redrawn=True)
            )
        table = MtfsYearTable(form.instance, data, span=span)
        rows_valid = table.is_valid(start if span else None, end if span else None)
        if not (form_valid and rows_valid):
            return self.render_to_response(self.get_context_data(form=form, table=table))  # type: ignore[attr-defined]
        user = self.request.user
        with transaction.atomic():
            mtfs = form.save(commit=False)
            mtfs.organisation = self.organisation
            if mtfs.pk is None:
                mtfs.created_by = user
            mtfs.modified_by = user
            mtfs.save()
            replace_mtfs_years(mtfs, table.figures(), actor=user)
        self.object = mtfs
        messages.success(self.request, f"{self.success_message}: {mtfs}")  # type: ignore[attr-defined]
        return HttpResponseRedirect(self.get_success_url())


class MtfsCreate(MtfsFormMixin, RecordCreateView):
    model = Mtfs
    form_class = MtfsForm
    template_name = "finance/mtfs_form.html"
    extra_context = {"page_title": "Add an MTFS", "submit_label": "Add MTFS"}
    success_message = "MTFS added"

    def get_initial(self) -> dict[str, Any]:
        first, last = default_span()
        years = dict(FinancialYear.objects.filter(start_year__in=[first, last]).values_list("start_year", "pk"))
        return {"start_year": years.get(first), "end_year": years.get(last),
                "programme": self.request.GET.get("programme")}

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.check_create()
        self.object = None
        return self.handle_post()


class MtfsEdit(MtfsFormMixin, RecordUpdateView):
    model = Mtfs
    form_class = MtfsForm
    template_name = "finance/mtfs_form.html"
    extra_context = {"page_title": "Change MTFS"}
    success_message = "MTFS saved"

    def get_queryset(self) -> QuerySet:
        return Mtfs.objects.select_related("start_year", "end_year")

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.object = self.get_object()
        return self.handle_post()


urlpatterns: list[URLPattern] = [
    path("mtfs/", MtfsList.as_view(), name="mtfs-list"),
    path("mtfs/add/", MtfsCreate.as_view(), name="mtfs-create"),
    path("mtfs/<int:pk>/", MtfsDetail.as_view(), name="mtfs-detail"),
    path("mtfs/<int:pk>/edit/", MtfsEdit.as_view(), name="mtfs-edit"),
]
