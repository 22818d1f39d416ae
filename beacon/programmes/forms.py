"""Forms for programmes, phases, workstreams, projects and milestones. Choices of linked records are what the
user may read in this organisation; the models' clean() methods hold the rules (dates in order, same
organisation, the organisation's confidence scale), so the API refuses the same input for the same reasons."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from beacon.core import policy
from beacon.core.forms import GovukModelForm
from beacon.core.models import Membership, Organisation, Role
from beacon.programmes.models import Milestone, Phase, Programme, Project, Workstream, confidence_choices

DATE = forms.DateInput(format="%Y-%m-%d")
CHECKBOX_LIMIT = 60


class OrganisationFormMixin:
    """Forms get the user and organisation; the organisation is set before validation so model rules run."""

    fields: dict[str, forms.Field]
    instance: Any

    def __init__(self, *args: Any, user: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]
        self.user = user
        self.organisation = organisation
        self.instance.organisation = organisation
        for field in self.fields.values():
            queryset = getattr(field, "queryset", None)
            if isinstance(queryset, QuerySet) and hasattr(queryset.model, "confidential_path"):
                names = {f.name for f in queryset.model._meta.concrete_fields}
                label_fields = [name for name in ("code", "title") if name in names]
                choices = policy.filter_choices(queryset, user, organisation).only("pk", *label_fields)
                field.queryset = choices  # type: ignore[attr-defined]


    def _get_validation_exclusions(self) -> set[str]:
        # The organisation is set from the URL, not the form; validate it anyway so that unique
        # constraints per organisation (e.g. project codes) give a message rather than an error.
        exclusions = super()._get_validation_exclusions()  # type: ignore[misc]
        exclusions.discard("organisation")
        return exclusions


class ProgrammeForm(OrganisationFormMixin, GovukModelForm):
    class Meta:
        model = Programme
        fields = ["code", "title", "description", "start_date", "end_date", "board", "public", "source"]
        widgets = {"start_date": DATE, "end_date": DATE}
        labels = {"board": "Overseeing board", "public": "Show on the public dashboard"}


class PhaseForm(OrganisationFormMixin, GovukModelForm):
    class Meta:
        model = Phase
        fields = ["programme", "title", "description", "start_date", "end_date", "order"]
        widgets = {"start_date": DATE, "end_date": DATE}


class WorkstreamForm(OrganisationFormMixin, GovukModelForm):
    class Meta:
        model = Workstream
        fields = ["programme", "code", "title", "description", "lead_title", "order"]
        labels = {"lead_title": "Lead (role title)"}


class ProjectForm(OrganisationFormMixin, GovukModelForm):
    class Meta:
        model = Project
        fields = [
            "programme", "workstream", "phase", "code", "title", "description", "stage", "lead", "lead_title",
            "start_date", "end_date", "delivery_confidence", "status_commentary", "update_due", "confidential",
            "public", "key_decision", "fte_change", "workforce_approach", "dependencies", "source",
        ]
        widgets = {"start_date": DATE, "end_date": DATE, "update_due": DATE,
                   "dependencies": forms.CheckboxSelectMultiple}
        labels = {
            "lead": "Lead (a Beacon user)",
            "lead_title": "Lead (role title)",
            "fte_change": "Workforce impact: change in FTE posts",
            "workforce_approach": "Workforce impact: approach",
            "confidential": "Confidential (exempt information)",
            "public": "Show on the public dashboard",
            "key_decision": "Key decision",
            "update_due": "Next update due",
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        confidence = cast(forms.ChoiceField, self.fields["delivery_confidence"])
        confidence.choices = [("", "Not rated"), *confidence_choices(self.organisation)]
        members = Membership.objects.filter(organisation=self.organisation).values("user")
        lead = cast(forms.ModelChoiceField, self.fields["lead"])
        lead.queryset = get_user_model().objects.filter(pk__in=members).order_by("username")
        dependencies = cast(forms.ModelMultipleChoiceField, self.fields["dependencies"])
        others: QuerySet = cast(QuerySet, dependencies.queryset)
        if self.instance.pk:
            others = dependencies.queryset = others.exclude(pk=self.instance.pk)
        if others.count() > CHECKBOX_LIMIT:
            # Checkboxes serve a programme of tens of projects; beyond that a list box stays usable and fast.
            dependencies.widget = forms.SelectMultiple(attrs={"class": "govuk-select", "size": 12})
            dependencies.help_text = "Hold Ctrl (or Cmd on a Mac) to select more than one."
        for name in policy.locked_fields(self.user, self.instance):
            self.fields[name].disabled = True


class MilestoneForm(OrganisationFormMixin, GovukModelForm):
    class Meta:
        model = Milestone
        fields = ["project", "title", "due_date", "actual_date"]
        widgets = {"due_date": DATE, "actual_date": DATE}
        labels = {"actual_date": "Done on"}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if policy.role_in(self.user, self.organisation) == Role.LEAD:
            self.fields["project"].queryset = self.fields["project"].queryset.filter(lead=self.user)  # type: ignore[attr-defined]
