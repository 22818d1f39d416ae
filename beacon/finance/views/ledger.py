"""The savings ledger's pages: the savings tracker, a project's ledger, a savings line with its history, a form
per ledger action, and budget lines. Thin: the rules are in ``ledger`` (who may do what, in which state),
``counting`` (the MTFS counting rule), ``selectors`` (the tracker's grouped reads) and ``rules`` (double
counting)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import URLPattern, path
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.views import generic

from beacon.core import policy
from beacon.core.generic import (
    DOWNLOAD,
    OrganisationMixin,
    RecordCreateView,
    RecordDetailView,
    RecordListView,
    RecordUpdateView,
    RefusesStaleEdit,
    org_url,
)
from beacon.core.models import Membership, Organisation, Role
from beacon.core.money import financial_year_label, pounds_text
from beacon.finance import counting, forms, ledger, selectors
from beacon.finance.filters import BudgetLineFilterSet, SavingsLineFilterSet
from beacon.finance.models import BudgetLine, LedgerAction, SavingsEvent, SavingsLine
from beacon.finance.sections import money_context
from beacon.programmes.models import Project

NAV_SECTION = "money"
BRAG_TAGS = {
    "blue": ("govuk-tag--blue", "Blue"),
    "green": ("govuk-tag--green", "Green"),
    "amber": ("govuk-tag--orange", "Amber"),
    "red": ("govuk-tag--red", "Red"),
}
STATE_TAGS = {
    "proposed": "govuk-tag--grey",
    "approved": "govuk-tag--light-blue",
    "delivered": "govuk-tag--blue",
    "carried_forward": "govuk-tag--yellow",
    "written_off": "govuk-tag--red",
    "replaced": "govuk-tag--purple",
}
IN_YEAR, CUMULATIVE = "in_year", "cumulative"
CELL = "govuk-table__cell beacon-nowrap"
CELL_NUMERIC = "govuk-table__cell govuk-table__cell--numeric beacon-nowrap"
HEADLINE_MEASURES = [
    ("target", "Target"),
    ("proposed", "Proposed (not yet approved)"),
    ("approved", "Approved"),
    ("forecast", "Forecast"),
    ("delivered", "Delivered"),
    ("gap", "Gap (target minus forecast)"),
    ("brag", "Status (BRAG)"),
]
BREAKDOWN_MEASURES = [("proposed", "Proposed"), ("approved", "Approved"), ("forecast", "Forecast"),
                      ("delivered", "Delivered")]
TARGET_MEASURES = [("target", "Target"), ("gap", "Gap"), ("brag", "Status (BRAG)")]


# Tables: a position laid out with financial years as columns --------------------------------------------------


def cell(figures: counting.Figures | None, measure: str) -> dict[str, Any]:
    """One cell, already written out: money in pounds, a missing target in words, a BRAG status as a tag."""
    if figures is None:
        return {"text": ""}
    if measure == "brag":
        colour, label = BRAG_TAGS.get(figures.brag, ("govuk-tag--grey", "No target"))
        return {"tag": colour, "text": label, "numeric": True}
    value = getattr(figures, measure)
    if value is None:
        return {"text": "No target"}
    return {"text": pounds_text(value), "numeric": True}


def cells_markup(cells: Iterable[dict[str, Any]]) -> SafeString:
    """The row's cells as HTML. A tracker of many workstreams or projects has thousands of cells: written here
    in one pass they cost a tenth of what a template loop with its variable lookups costs per cell."""
    parts = []
    for item in cells:
        classes = CELL_NUMERIC if item.get("numeric") else CELL
        text = item["text"]
        if item.get("tag"):
            text = f'<strong class="govuk-tag {item["tag"]}">{text}</strong>'
        parts.append(f'<td class="{classes}">{text}</td>')
    # No text needs escaping: each is an amount written by pounds_text (a sign, £, digits, commas and a point)
    # or one of this module's constant words; the classes are constants too.
    return mark_safe("".join(parts))  # noqa: S308


def table_rows(
    position: counting.Position, years: Sequence[int], view: str, measures: Iterable[tuple[str, str]]
) -> list[dict[str, Any]]:
    """A position's rows, one per measure, with its cells (one per year, and the total for in-year figures)."""
    figures = position.in_year if view == IN_YEAR else position.cumulative
    rows = []
    for measure, label in measures:
        cells = [cell(figures.get(year), measure) for year in years]
        if view == IN_YEAR:
            cells.append(cell(position.total, measure))
        rows.append({"label": label, "cells": cells_markup(cells)})
    return rows


def breakdown(
    groups: Iterable[selectors.Group], years: Sequence[int], view: str, url: Any = None
) -> list[dict[str, Any]]:
    result = []
    for group in groups:
        measures = list(BREAKDOWN_MEASURES)
        if group.position.total.target is not None:
            measures = [TARGET_MEASURES[0], *measures, *TARGET_MEASURES[1:]]
        result.append({
            "title": group.title, "code": group.code, "confidential": group.confidential,
            "url": url(group) if url else "", "rows": table_rows(group.position, years, view, measures),
        })
    return result


def flag_lines_markup(flags: Iterable[Any], lines_url: str) -> None:
    """Each double count's lines as list items with a link (written here for the same reason as the cells)."""
    for flag in flags:
        items = []
        for item in flag.lines:
            name = escape(item.title or item.project)
            project = f" ({escape(item.project)})" if item.title else ""
            items.append(f'<li><a class="govuk-link" href="{lines_url}{item.id}/">{name}</a>{project}: '
                         f"{escape(pounds_text(item.claimed_pence))}</li>")
        flag.lines_markup = mark_safe("".join(items))  # noqa: S308 (every text is escaped above)


def people(organisation: Organisation, user_ids: Iterable[int | None]) -> dict[int, str]:
    """Each user as the ledger names them: their job title in the organisation, else their username."""
    ids = {pk for pk in user_ids if pk is not None}
    if not ids:
        return {}
    titles = dict(Membership.objects.filter(organisation=organisation, user_id__in=ids).exclude(job_title="")
                  .values_list("user_id", "job_title"))
    names = get_user_model()._default_manager.filter(pk__in=ids).values_list("pk", "username")
    return {pk: titles.get(pk) or username for pk, username in names}


def refused(request: HttpRequest, message: str) -> HttpResponse:
    """The 403 page, saying why (the ledger's own words)."""
    response = TemplateResponse(request, "finance/ledger_refused.html", {"page_title": "You cannot do this",
                                                                        "message": message}, status=403)
    return response.render()


def may_add_line(user: Any, organisation: Organisation, project: Project | None = None) -> bool:
    """Whether ``user`` may propose a saving (for ``project``, if given): the money writers, and a project lead
    for the projects they lead."""
    if not policy.can_create(user, organisation, SavingsLine):
        return False
    if policy.role_in(user, organisation) != Role.LEAD:
        return True
    return project is None or policy.is_lead(user, project)


def tracker_crumbs(organisation: Organisation) -> list[dict[str, str]]:
    return [{"label": "Savings tracker", "url": org_url("finance:tracker", organisation)}]


# The savings tracker --------------------------------------------------------------------------------------------


class SavingsLineList(RecordListView):
    """The savings lines as a spreadsheet (``?download=`` on the tracker, and ``beacon export savings-lines``):
    the tracker is a summary, so the lines behind it are offered as a file rather than a page of their own."""

    model = SavingsLine
    filterset_class = SavingsLineFilterSet
    page_title = "Savings lines"
    export_name = "savings-lines"
    nav_section = NAV_SECTION

    def base_queryset(self) -> QuerySet:
        return SavingsLine.objects.order_by("financial_year__start_year", "project__code", "pk")


class Tracker(OrganisationMixin, generic.TemplateView):
    template_name = "finance/tracker.html"
    nav_section = NAV_SECTION

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if DOWNLOAD in request.GET:  # the lines that match the tracker's filters, through the same policy
            return cast(HttpResponse, SavingsLineList.as_view()(request, *args, **kwargs))
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        organisation, query = self.organisation, self.request.GET
        lines = selectors.readable_lines(self.request.user, organisation)
        params = query.copy()
        for name in ("group", "view", "page"):
            params.pop(name, None)
        filterset = SavingsLineFilterSet(params or None, queryset=lines, request=self.request,
                                         organisation=organisation)
        filtered, programme, workstream_filtered = lines, None, False
        narrowed = filterset.is_bound and filterset.is_valid()
        if narrowed:
            filtered = filterset.qs
            programme = filterset.form.cleaned_data.get("programme")
            workstream_filtered = bool(query.get("workstream"))
        group_projects = query.get("group") == "project"
        view = CUMULATIVE if query.get("view") == CUMULATIVE else IN_YEAR
        tracker = selectors.tracker(
            filtered, organisation, all_lines=lines, programme_id=programme.pk if programme else None,
            use_targets=not workstream_filtered, project_page=(query.get("page") or 1) if group_projects else None,
        )
        years = tracker.years
        tracker_url = org_url("finance:tracker", organisation)
        ledger_prefix = tracker_url + "projects/"
        flag_lines_markup(tracker.flags, tracker_url + "lines/")
        context.update(money_context(organisation, "tracker"))
        context.update(
            page_title="Savings tracker",
            tracker=tracker,
            years=[financial_year_label(year) for year in years],
            in_year=table_rows(tracker.overall, years, IN_YEAR, HEADLINE_MEASURES),
            cumulative=table_rows(tracker.overall, years, CUMULATIVE, HEADLINE_MEASURES),
            view=view,
            show_total=view == IN_YEAR,
            programmes=breakdown(tracker.programmes, years, view) if len(tracker.programmes) > 1 else [],
            workstreams=breakdown(tracker.workstreams, years, view, url=self.workstream_url),
            projects=breakdown(tracker.projects, years, view, url=lambda group: f"{ledger_prefix}{group.key}/"),
            group_projects=group_projects,
            page_obj=tracker.project_page,
            paginator=tracker.project_page.paginator if tracker.project_page else None,
            filter_form=filterset.form,
            filter_active=bool(params),
            narrowed=narrowed,
            filters_query=params.urlencode(),
            download_query=params.urlencode(),
            query_without_page=self.query_without_page(),
            has_targets=any(figures.target is not None for figures in tracker.overall.in_year.values()),
            workstream_filtered=workstream_filtered,
            can_add=may_add_line(self.request.user, organisation),
            add_url=org_url("finance:savings-line-create", organisation),
            budget_lines_url=org_url("finance:budget-line-list", organisation),
        )
        return context

    def workstream_url(self, group: selectors.Group) -> str:
        if group.key is None:
            return ""
        # One reverse() for every workstream's link (the pattern ends in "<pk>/"), not one per row.
        if not hasattr(self, "_workstream_prefix"):
            self._workstream_prefix = org_url("programmes:workstream-detail", self.organisation, pk=0)[:-2]
        return f"{self._workstream_prefix}{group.key}/"

    def query_without_page(self) -> str:
        query = self.request.GET.copy()
        query.pop("page", None)
        return (query.urlencode() + "&") if query else ""


# A project's ledger ---------------------------------------------------------------------------------------------


def lines_with_events(queryset: QuerySet[SavingsLine]) -> QuerySet[SavingsLine]:
    # The project's lead too: the ledger asks, per line, whether a project lead leads its project.
    return queryset.select_related("financial_year", "budget_line", "project__lead").prefetch_related(
        Prefetch("events", queryset=SavingsEvent.objects.order_by("at", "pk"))
    )


def describe_lines(lines: list[SavingsLine], user: Any, organisation: Organisation) -> list[dict[str, Any]]:
    """Each line with its actions (only those the ledger allows this user now) and its events, named people."""
    who = people(organisation, (event.actor_id for line in lines for event in line.events.all()))
    described = []
    for line in lines:
        actions = [
            {"slug": forms.ACTION_SLUGS[action], "label": forms.ACTION_FORMS[forms.ACTION_SLUGS[action]].submit_label}
            for action in ledger.allowed_actions(user, line)
        ]
        events = [
            {"event": event, "who": who.get(event.actor_id, "Not recorded") if event.actor_id else "Not recorded"}
            for event in line.events.all()
        ]
        described.append({"line": line, "actions": actions, "events": events, "state_tag": STATE_TAGS[line.state],
                          "can_edit": policy.can_change(user, line)})
    return described


class ProjectLedger(OrganisationMixin, generic.DetailView):
    model = Project
    template_name = "finance/ledger_project.html"
    nav_section = NAV_SECTION
    context_object_name = "project"

    def get_object(self, queryset: QuerySet | None = None) -> Project:
        project = get_object_or_404(Project.objects.select_related("programme", "workstream", "lead"),
                                    pk=self.kwargs["pk"])
        if project.organisation_id != self.organisation.pk or not policy.can_read(self.request.user, project):
            raise Http404("No such project for you.")
        return project

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        project, user = self.object, self.request.user
        lines = list(lines_with_events(project.savings_lines.all()))
        position = selectors.project_position(project.savings_lines.all())
        years = list(position.years)
        context.update(money_context(self.organisation, "tracker"))
        context.update(
            page_title=f"Savings of {project}",
            caption=str(project.programme),
            lines=describe_lines(lines, user, self.organisation),
            years=[financial_year_label(year) for year in years],
            in_year=table_rows(position, years, IN_YEAR, BREAKDOWN_MEASURES),
            cumulative=table_rows(position, years, CUMULATIVE, BREAKDOWN_MEASURES),
            can_add=may_add_line(user, self.organisation, project),
            add_url=org_url("finance:savings-line-create", self.organisation) + f"?project={project.pk}",
            breadcrumbs=tracker_crumbs(self.organisation),
        )
        return context


# One savings line ------------------------------------------------------------------------------------------------


class LineMixin:
    organisation: Organisation
    request: HttpRequest
    kwargs: dict[str, Any]

    def line_or_404(self) -> SavingsLine:
        line = get_object_or_404(SavingsLine.objects.select_related("project__lead", "financial_year", "budget_line"),
                                 pk=self.kwargs["pk"])
        if line.organisation_id != self.organisation.pk or not policy.can_read(self.request.user, line):
            raise Http404("No such savings line for you.")
        return line


def line_crumbs(organisation: Organisation, line: SavingsLine) -> list[dict[str, str]]:
    return [*tracker_crumbs(organisation),
            {"label": str(line.project), "url": org_url("finance:project-ledger", organisation, pk=line.project_id)}]


def line_heading(line: SavingsLine) -> str:
    return f"{line.title or line.project.title}, {line.financial_year}"


class SavingsLineDetail(RecordDetailView):
    model = SavingsLine
    template_name = "finance/savings_line_detail.html"
    nav_section = NAV_SECTION

    def get_queryset(self) -> QuerySet[SavingsLine]:
        return lines_with_events(SavingsLine.objects.all()).select_related("carried_from", "replaces")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        line, user = self.object, self.request.user
        context["entry"] = describe_lines([line], user, self.organisation)[0]
        context["page_title"] = line_heading(line)
        context["caption"] = f"Savings line of {line.project}"
        context["breadcrumbs"] = line_crumbs(self.organisation, line)
        if context["can_change"]:
            context["edit_url"] = org_url("finance:savings-line-edit", self.organisation, pk=line.pk)
        readable = policy.readable(SavingsLine.objects.all(), user)
        context["carried_to"] = list(readable.filter(carried_from=line).select_related("financial_year"))
        context["replaced_by"] = list(readable.filter(replaces=line).select_related("financial_year", "project"))
        context["links"] = [
            (label, linked) for label, linked in (("Carried forward from", line.carried_from),
                                                  ("Replaces", line.replaces))
            if linked is not None and policy.can_read(user, linked)
        ]
        context.update(money_context(self.organisation, "tracker"))
        return context


class SavingsLineCreate(RecordCreateView):
    model = SavingsLine
    form_class = forms.SavingsLineForm
    nav_section = NAV_SECTION
    template_name = "finance/savings_line_form.html"
    extra_context = {"page_title": "Add a saving", "submit_label": "Add saving", "caption": "Savings tracker"}

    def get_initial(self) -> dict[str, Any]:
        return {"project": self.request.GET.get("project")} if "project" in self.request.GET else {}

    def form_valid(self, form: Any) -> HttpResponse:
        try:
            line = ledger.create_line(actor=self.request.user, reason=form.cleaned_data.get("reason") or "",
                                      **form.ledger_fields())
        except ledger.LedgerError as error:
            if getattr(error, "code", None) == "forbidden":
                return refused(self.request, error.messages[0])
            forms.add_ledger_errors(form, error)
            return self.form_invalid(form)
        except ValidationError as error:
            forms.add_ledger_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"Saving added: {line}")
        return HttpResponseRedirect(org_url("finance:project-ledger", self.organisation, pk=line.project_id))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["cancel_url"] = org_url("finance:tracker", self.organisation)
        context["breadcrumbs"] = tracker_crumbs(self.organisation)
        context.update(money_context(self.organisation, "tracker"))
        return context


class SavingsLineEdit(RecordUpdateView):
    model = SavingsLine
    form_class = forms.SavingsLineEditForm
    nav_section = NAV_SECTION
    template_name = "finance/savings_line_form.html"

    def get_queryset(self) -> QuerySet[SavingsLine]:
        return SavingsLine.objects.select_related("project", "financial_year")

    def form_valid(self, form: Any) -> HttpResponse:
        try:
            line = ledger.edit_line(self.object, actor=self.request.user, **form.changes())
        except ledger.LedgerError as error:
            if getattr(error, "code", None) == "forbidden":
                return refused(self.request, error.messages[0])
            forms.add_ledger_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"Saving changed: {line}")
        return HttpResponseRedirect(org_url("finance:savings-line-detail", self.organisation, pk=line.pk))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        line = self.object
        context.update(
            page_title="Change saving", caption=line_heading(line), line=line,
            cancel_url=org_url("finance:savings-line-detail", self.organisation, pk=line.pk),
            breadcrumbs=line_crumbs(self.organisation, line),
        )
        context.update(money_context(self.organisation, "tracker"))
        return context


class SavingsLineAction(LineMixin, OrganisationMixin, RefusesStaleEdit, generic.FormView):
    """A form per ledger action (``forms.ACTION_FORMS``). The ledger checks the role and state again on POST:
    a refused role gets the 403 page with the ledger's reason, a bad state or input the form's error summary."""

    template_name = "finance/ledger_action.html"
    nav_section = NAV_SECTION
    versioned_model = SavingsLine

    def versioned_record(self) -> SavingsLine:
        return self.line

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self.checked(lambda: super(SavingsLineAction, self).get(request, *args, **kwargs))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self.checked(lambda: super(SavingsLineAction, self).post(request, *args, **kwargs))

    def checked(self, respond: Any) -> HttpResponse:
        if self.kwargs["action"] not in forms.ACTION_FORMS:
            raise Http404("No such action.")
        self.line = self.line_or_404()
        self.form_class = forms.ACTION_FORMS[self.kwargs["action"]]
        action = self.form_class.action
        if not ledger.may(self.request.user, action, self.line):
            return refused(self.request, ledger.REFUSALS.get(action, "You cannot change this savings line."))
        if self.request.method == "GET" and not ledger.state_allows(action, self.line):
            messages.error(self.request, ledger.state_refusal(action, self.line))
            return HttpResponseRedirect(self.line_url())
        return respond()

    def line_url(self) -> str:
        return org_url("finance:savings-line-detail", self.organisation, pk=self.line.pk)

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["line"] = self.line
        if self.form_class is forms.ReplaceForm:
            kwargs["user"] = self.request.user
        return kwargs

    def form_valid(self, form: Any) -> HttpResponse:
        try:
            form.run(self.request.user)
        except ledger.LedgerError as error:
            if getattr(error, "code", None) == "forbidden":
                return refused(self.request, error.messages[0])
            forms.add_ledger_errors(form, error)
            return self.form_invalid(form)
        except ValidationError as error:  # the model's own rules, e.g. a replacement outside the MTFS
            forms.add_ledger_errors(form, error)
            return self.form_invalid(form)
        self.line.refresh_from_db()
        messages.success(self.request, f"{LedgerAction(form.action).label}: {self.line}")
        return HttpResponseRedirect(self.line_url())

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        form_class = forms.ACTION_FORMS[self.kwargs["action"]]
        line = self.line
        context.update(
            page_title=form_class.title, caption=line_heading(line), line=line,
            submit_label=form_class.submit_label, warning=form_class.warning,
            state_tag=STATE_TAGS[line.state], cancel_url=self.line_url(),
            breadcrumbs=line_crumbs(self.organisation, line),
        )
        context.update(money_context(self.organisation, "tracker"))
        return context


# Budget lines ----------------------------------------------------------------------------------------------------


class BudgetLineList(RecordListView):
    model = BudgetLine
    template_name = "finance/budget_line_list.html"
    filterset_class = BudgetLineFilterSet
    page_title = "Budget lines"
    create_label = "Add a budget line"
    nav_section = NAV_SECTION

    def base_queryset(self) -> QuerySet:
        return BudgetLine.objects.order_by("code", "pk")

    def create_url(self) -> str:
        return org_url("finance:budget-line-create", self.organisation)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(money_context(self.organisation, "budget-lines"))
        context["can_change"] = policy.can_create(self.request.user, self.organisation, BudgetLine)
        return context


class BudgetLineFormMixin:
    organisation: Organisation

    def get_success_url(self) -> str:
        return org_url("finance:budget-line-list", self.organisation)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)  # type: ignore[misc]
        context["cancel_url"] = self.get_success_url()
        context["breadcrumbs"] = [{"label": "Budget lines", "url": self.get_success_url()}]
        context.update(money_context(self.organisation, "budget-lines"))
        return context


class BudgetLineCreate(BudgetLineFormMixin, RecordCreateView):
    model = BudgetLine
    template_name = "finance/budget_line_form.html"
    form_class = forms.BudgetLineForm
    nav_section = NAV_SECTION
    extra_context = {"page_title": "Add a budget line", "submit_label": "Add budget line"}
    success_message = "Budget line added"


class BudgetLineEdit(BudgetLineFormMixin, RecordUpdateView):
    model = BudgetLine
    template_name = "finance/budget_line_form.html"
    form_class = forms.BudgetLineForm
    nav_section = NAV_SECTION
    extra_context = {"page_title": "Change budget line"}


urlpatterns: list[URLPattern] = [
    path("", Tracker.as_view(), name="tracker"),
    path("projects/<int:pk>/", ProjectLedger.as_view(), name="project-ledger"),
    path("lines/add/", SavingsLineCreate.as_view(), name="savings-line-create"),
    path("lines/<int:pk>/", SavingsLineDetail.as_view(), name="savings-line-detail"),
    path("lines/<int:pk>/edit/", SavingsLineEdit.as_view(), name="savings-line-edit"),
    path("lines/<int:pk>/<slug:action>/", SavingsLineAction.as_view(), name="savings-line-action"),
    path("budget-lines/", BudgetLineList.as_view(), name="budget-line-list"),
    path("budget-lines/add/", BudgetLineCreate.as_view(), name="budget-line-create"),
    path("budget-lines/<int:pk>/edit/", BudgetLineEdit.as_view(), name="budget-line-edit"),
]
