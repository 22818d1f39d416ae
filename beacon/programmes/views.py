"""Pages for programmes, workstreams, phases, projects and milestones: thin views over the generic ones."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from beacon.core import policy
from beacon.core.generic import RecordCreateView, RecordDetailView, RecordListView, RecordUpdateView, org_url
from beacon.programmes import filters, forms
from beacon.programmes.freshness import days_overdue, is_stale
from beacon.programmes.models import Component, Milestone, Phase, Programme, Project, ProjectQuerySet, Workstream
from beacon.programmes.rollup import organisation_roll_ups, roll_up_projects
from beacon.programmes.rules import dependency_warnings

DETAIL_PROJECT_LIMIT = 25

# Panels that apps further downhill add to the project page (e.g. risks: its risks and equality assessments),
# so that programmes never imports them. Each is a callable (project, user) -> (template name, its context) or
# None for no panel; an app appends it in its AppConfig.ready(), and project_detail.html includes each in turn.
ProjectPanel = Callable[[Project, Any], tuple[str, dict[str, Any]] | None]
PROJECT_PANELS: list[ProjectPanel] = []


def count_of(queryset: QuerySet) -> Coalesce:
    """A correlated subquery counting ``queryset`` (filtered on OuterRef), 0 when there is none."""
    counted = queryset.order_by().values(group=Value(1)).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def first_projects(projects: ProjectQuerySet) -> list[Project]:
    """The first projects by code for a detail page; the page links to the full, filtered list."""
    ordered = projects.for_table().order_by("code", "title", "pk")
    return list(ordered[:DETAIL_PROJECT_LIMIT])



def components_of(programme: Programme, projects: QuerySet) -> list[Component]:
    """The programme's components with their savings target in pounds and how many readable projects each has."""
    components: list[Component] = list(
        programme.components.annotate(project_count=count_of(projects.filter(component=OuterRef("pk"))))
    )
    for component in components:
        pence = component.savings_target_pence
        component.savings_target = None if pence is None else Decimal(pence) / 100  # type: ignore[attr-defined]
    return components


# Programmes -----------------------------------------------------------------------------------------------


class ProgrammeList(RecordListView):
    model = Programme
    template_name = "programmes/programme_list.html"
    filterset_class = filters.ProgrammeFilterSet
    page_title = "Programmes"
    create_label = "Add a programme"
    nav_section = "programmes"

    def base_queryset(self) -> QuerySet:
        # One correlated count per programme and figure (a handful of rows), never a join of projects,
        # workstreams and milestones, whose size would grow with the programme.
        user = self.request.user
        projects = policy.readable(Project.objects.all(), user)
        late = policy.readable(Milestone.objects.late(), user)
        return Programme.objects.annotate(
            project_count=count_of(projects.filter(programme=OuterRef("pk"))),
            workstream_count=count_of(Workstream.objects.filter(programme=OuterRef("pk"))),
            late_milestone_count=count_of(late.filter(project__programme=OuterRef("pk"))),
        )

    def create_url(self) -> str:
        return org_url("programmes:programme-create", self.organisation)


class ProgrammeDetail(RecordDetailView):
    model = Programme
    template_name = "programmes/programme_detail.html"
    edit_url_name = "programmes:programme-edit"
    nav_section = "programmes"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        programme = self.object
        projects = policy.readable(programme.projects.all(), self.request.user)
        workstreams = list(programme.workstreams.annotate(
            project_count=count_of(projects.filter(workstream=OuterRef("pk")))
        ))
        roll_ups = organisation_roll_ups(self.organisation, self.request.user, programme=programme,
                                         workstreams=workstreams)
        for workstream in workstreams:
            workstream.roll_up = roll_ups.workstreams[workstream.pk]
        context["roll_up"] = roll_ups.programmes[programme.pk]
        context["workstreams"] = workstreams
        context["phases"] = programme.phases.all()
        context["components"] = components_of(programme, projects)
        context["project_count"] = projects.count()
        context["projects"] = first_projects(projects)
        context["can_add"] = policy.can_create(self.request.user, self.organisation, Workstream)
        context["caption"] = "Programme"
        programmes_url = org_url("programmes:programme-list", self.organisation)
        context["breadcrumbs"] = [{"label": "Programmes", "url": programmes_url}]
        return context


class ProgrammeCreate(RecordCreateView):
    model = Programme
    form_class = forms.ProgrammeForm
    nav_section = "programmes"
    extra_context = {"page_title": "Add a programme", "submit_label": "Add programme"}
    success_message = "Programme added"


class ProgrammeEdit(RecordUpdateView):
    model = Programme
    form_class = forms.ProgrammeForm
    nav_section = "programmes"
    extra_context = {"page_title": "Change programme"}


# Workstreams and phases -----------------------------------------------------------------------------------


class WorkstreamDetail(RecordDetailView):
    model = Workstream
    template_name = "programmes/workstream_detail.html"
    edit_url_name = "programmes:workstream-edit"
    nav_section = "programmes"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        workstream = self.object
        projects = policy.readable(workstream.projects.all(), self.request.user)
        context["roll_up"] = roll_up_projects(projects, self.organisation, reported=workstream.reported_confidence)
        context["project_count"] = projects.count()
        context["projects"] = first_projects(projects)
        context["caption"] = f"Workstream of {workstream.programme}"
        context["breadcrumbs"] = [
            {"label": "Programmes", "url": org_url("programmes:programme-list", self.organisation)},
            {"label": str(workstream.programme), "url": workstream.programme.get_absolute_url()},
        ]
        return context


class WorkstreamCreate(RecordCreateView):
    model = Workstream
    form_class = forms.WorkstreamForm
    nav_section = "programmes"
    extra_context = {"page_title": "Add a workstream", "submit_label": "Add workstream"}
    success_message = "Workstream added"

    def get_initial(self) -> dict[str, Any]:
        return {"programme": self.request.GET.get("programme")}


class WorkstreamEdit(RecordUpdateView):
    model = Workstream
    form_class = forms.WorkstreamForm
    nav_section = "programmes"
    extra_context = {"page_title": "Change workstream"}


class PhaseCreate(RecordCreateView):
    model = Phase
    form_class = forms.PhaseForm
    nav_section = "programmes"
    extra_context = {"page_title": "Add a phase", "submit_label": "Add phase"}
    success_message = "Phase added"

    def get_initial(self) -> dict[str, Any]:
        return {"programme": self.request.GET.get("programme")}

    def get_success_url(self) -> str:
        return self.object.programme.get_absolute_url()


class PhaseEdit(RecordUpdateView):
    model = Phase
    form_class = forms.PhaseForm
    nav_section = "programmes"
    extra_context = {"page_title": "Change phase"}

    def get_success_url(self) -> str:
        return self.object.programme.get_absolute_url()


class ComponentCreate(RecordCreateView):
    model = Component
    form_class = forms.ComponentForm
    nav_section = "programmes"
    extra_context = {"page_title": "Add a component", "submit_label": "Add component"}
    success_message = "Component added"

    def get_initial(self) -> dict[str, Any]:
        return {"programme": self.request.GET.get("programme")}

    def get_success_url(self) -> str:
        return self.object.programme.get_absolute_url()


class ComponentEdit(RecordUpdateView):
    model = Component
    form_class = forms.ComponentForm
    nav_section = "programmes"
    extra_context = {"page_title": "Change component"}

    def get_success_url(self) -> str:
        return self.object.programme.get_absolute_url()


# Projects -------------------------------------------------------------------------------------------------


class ProjectList(RecordListView):
    model = Project
    template_name = "programmes/project_list.html"
    filterset_class = filters.ProjectFilterSet
    page_title = "Projects"
    create_label = "Add a project"
    nav_section = "projects"
    export_columns = [
        ("Code", "code"), ("Title", "title"), ("Programme", "programme"), ("Workstream", "workstream"),
        ("Phase", "phase"), ("Component", "component"), ("Stage", "stage"),
        ("Delivery confidence", "delivery_confidence"), ("Lead", "lead"), ("Lead's job title", "lead_title"),
        ("Start date", "start_date"), ("End date", "end_date"), ("Update due", "update_due"),
        ("Status commentary", "status_commentary"), ("Description", "description"),
        ("Key decision", "key_decision"), ("Confidential", "confidential"), ("Public", "public"),
        ("Change in staff (FTE)", "fte_change"), ("Workforce approach", "workforce_approach"), ("Source", "source"),
    ]

    def base_queryset(self) -> QuerySet:
        return Project.objects.for_table().order_by("code", "title", "pk")

    def create_url(self) -> str:
        return org_url("programmes:project-create", self.organisation)


class ProjectDetail(RecordDetailView):
    model = Project
    template_name = "programmes/project_detail.html"
    edit_url_name = "programmes:project-edit"
    nav_section = "projects"

    def get_queryset(self) -> QuerySet:
        return Project.objects.select_related(
            "programme", "workstream", "phase", "component", "lead", "organisation"
        ).with_late_milestones()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        project = self.object
        user = self.request.user
        today = timezone.localdate()
        context["milestones"] = project.milestones.all()
        dependencies = list(policy.readable(project.dependencies.all(), user).for_table())
        dependants = list(policy.readable(project.dependants.all(), user).for_table())
        context["dependencies"] = dependencies
        context["dependants"] = dependants
        context["dependency_warnings"] = dependency_warnings(
            project, bool(project.has_late_milestone), dependencies, dependants
        )
        context["stale"] = is_stale(project.update_due, project.stage, today)
        context["days_overdue"] = days_overdue(project.update_due, today)
        context["priorities"] = project.priorities.all()
        context["objectives"] = project.objectives.all()
        context["principles"] = project.principles.all()
        context["can_add_milestone"] = context["can_change"]
        context["caption"] = str(project.programme)
        context["breadcrumbs"] = [{"label": "Projects", "url": org_url("programmes:project-list", self.organisation)}]
        context["panels"] = [panel for make in PROJECT_PANELS if (panel := make(project, user)) is not None]
        return context


class ProjectCreate(RecordCreateView):
    model = Project
    form_class = forms.ProjectForm
    nav_section = "projects"
    extra_context = {"page_title": "Add a project", "submit_label": "Add project"}
    success_message = "Project added"

    def get_initial(self) -> dict[str, Any]:
        return {key: self.request.GET.get(key) for key in ("programme", "workstream") if key in self.request.GET}


class ProjectEdit(RecordUpdateView):
    model = Project
    form_class = forms.ProjectForm
    nav_section = "projects"
    extra_context = {"page_title": "Change project"}


# Milestones -----------------------------------------------------------------------------------------------


class MilestoneList(RecordListView):
    model = Milestone
    template_name = "programmes/milestone_list.html"
    filterset_class = filters.MilestoneFilterSet
    page_title = "Milestones"
    create_label = "Add a milestone"
    nav_section = "milestones"
    select_related = ("project",)

    def create_url(self) -> str:
        return org_url("programmes:milestone-create", self.organisation)


class MilestoneCreate(RecordCreateView):
    model = Milestone
    form_class = forms.MilestoneForm
    nav_section = "milestones"
    extra_context = {"page_title": "Add a milestone", "submit_label": "Add milestone"}
    success_message = "Milestone added"

    def get_initial(self) -> dict[str, Any]:
        return {"project": self.request.GET.get("project")}

    def get_success_url(self) -> str:
        return self.object.project.get_absolute_url()


class MilestoneEdit(RecordUpdateView):
    model = Milestone
    form_class = forms.MilestoneForm
    nav_section = "milestones"
    extra_context = {"page_title": "Change milestone"}

    def get_success_url(self) -> str:
        return self.object.project.get_absolute_url()
