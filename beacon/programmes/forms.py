"""Forms for programmes, phases, workstreams, projects and milestones. Choices of linked records are what the
user may read in this organisation; the models' clean() methods hold the rules (dates in order, same
organisation, the organisation's confidence scale), so the API refuses the same input for the same reasons."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any, cast

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from beacon.core import policy
from beacon.core.forms import GovukModelForm, OrganisationFormMixin
from beacon.core.models import Membership, Role
from beacon.programmes.models import (
    Component,
    Milestone,
    Phase,
    Programme,
    Project,
    Workstream,
    confidence_choices,
)
from beacon.programmes.rules import cycle_error

DATE = forms.DateInput(format="%Y-%m-%d")
CHECKBOX_LIMIT = 60


REPORTED_LABEL = "Reported status"
REPORTED_HELP = "The status it reports. Beacon compares it with the roll-up of its projects and flags a " \
    "reported status better than its projects allow."


def reported_status_field(form: Any) -> None:
    """The reported status on the organisation's own scale, "Not reported" first."""
    field = cast(forms.ChoiceField, form.fields["reported_confidence"])
    field.choices = [("", "Not reported"), *confidence_choices(form.organisation)]
    field.label = REPORTED_LABEL
    field.help_text = REPORTED_HELP


class ProgrammeForm(OrganisationFormMixin, GovukModelForm):
    class Meta:
        model = Programme
        fields = ["code", "title", "description", "start_date", "end_date", "board", "reported_confidence",
                  "public", "source"]
        widgets = {"start_date": DATE, "end_date": DATE}
        labels = {"board": "Overseeing board", "public": "Show on the public dashboard"}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        reported_status_field(self)


POUNDS_INVALID = "Enter the savings target in pounds, like £40,000,000 or £40m"
MULTIPLIERS = {"": 1, "k": 1_000, "thousand": 1_000, "m": 1_000_000, "mn": 1_000_000, "million": 1_000_000,
               "bn": 1_000_000_000, "billion": 1_000_000_000}
POUNDS = re.compile(r"^(?P<number>\d+(?:\.\d+)?)\s*(?P<unit>[a-z]*)$")


def parse_pounds(text: str) -> int:
    """Pounds as people write them ("40,000,000", "£40m", "£1.5 million", "£250k", "£12.50") in pence.
    Raises ValueError for anything else, a negative amount or a fraction of a penny."""
    cleaned = text.strip().lower().replace(",", "").replace("£", "").replace(" ", "")
    if cleaned.startswith("gbp"):
        cleaned = cleaned[3:]
    match = POUNDS.match(cleaned)
    if not match or match["unit"] not in MULTIPLIERS:
        raise ValueError(POUNDS_INVALID)
    try:
        pence = Decimal(match["number"]) * MULTIPLIERS[match["unit"]] * 100
    except InvalidOperation as error:
        raise ValueError(POUNDS_INVALID) from error
    if pence != pence.to_integral_value():
        raise ValueError("Enter the savings target to the nearest penny")
    return int(pence)


def pence_as_pounds_text(pence: int | None) -> str:
    """Pence as pounds for a form field: 4000000000 -> "40,000,000"; 1250 -> "12.50"."""
    if pence is None:
        return ""
    pounds, rest = divmod(pence, 100)
    return f"{pounds:,}" + (f".{rest:02d}" if rest else "")


class PoundsField(forms.CharField):
    """Money typed in pounds, cleaned to integer pence."""

    def to_python(self, value: Any) -> int | None:  # type: ignore[override]
        text = super().to_python(value)
        if not text:
            return None
        try:
            return parse_pounds(text)
        except ValueError as error:
            raise forms.ValidationError(str(error), code="invalid") from error

    def prepare_value(self, value: Any) -> Any:
        return pence_as_pounds_text(value) if isinstance(value, int) else value


class ComponentForm(OrganisationFormMixin, GovukModelForm):
    savings_target = PoundsField(
        required=False, label="Savings target (optional)",
        help_text="In pounds, for example £40,000,000 or £40m",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "spellcheck": "false"}),
    )

    class Meta:
        model = Component
        fields = ["programme", "title", "description", "savings_target", "order"]
        help_texts = {"order": "Components are listed in this order on the programme's page"}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.initial.setdefault("savings_target", self.instance.savings_target_pence)

    def _post_clean(self) -> None:
        # The model keeps pence; parse_pounds never gives a negative amount, the one thing its clean() refuses.
        self.instance.savings_target_pence = self.cleaned_data.get("savings_target")
        super()._post_clean()  # type: ignore[misc]


class PhaseForm(OrganisationFormMixin, GovukModelForm):
    class Meta:
        model = Phase
        fields = ["programme", "title", "description", "start_date", "end_date", "order"]
        widgets = {"start_date": DATE, "end_date": DATE}


class WorkstreamForm(OrganisationFormMixin, GovukModelForm):
    class Meta:
        model = Workstream
        fields = ["programme", "code", "title", "description", "lead_title", "reported_confidence", "order"]
        labels = {"lead_title": "Lead (role title)"}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        reported_status_field(self)


class ProjectForm(OrganisationFormMixin, GovukModelForm):
    class Meta:
        model = Project
        fields = [
            "programme", "workstream", "phase", "component", "code", "title", "description", "stage", "lead",
            "lead_title", "start_date", "end_date", "delivery_confidence", "status_commentary", "update_due",
            "confidential", "public", "key_decision", "fte_change", "workforce_approach", "principles",
            "dependencies", "source",
        ]
        widgets = {"start_date": DATE, "end_date": DATE, "update_due": DATE,
                   "dependencies": forms.CheckboxSelectMultiple, "principles": forms.CheckboxSelectMultiple}
        labels = {
            "lead": "Lead (a Beacon user)",
            "lead_title": "Lead (role title)",
            "fte_change": "Workforce impact: change in FTE posts",
            "workforce_approach": "Workforce impact: approach",
            "confidential": "Confidential (exempt information)",
            "public": "Show on the public dashboard",
            "key_decision": "Key decision",
            "update_due": "Next update due",
            "component": "Programme component",
            "principles": "Design principles it follows",
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

    def clean_dependencies(self) -> Any:
        dependencies = self.cleaned_data.get("dependencies")
        if dependencies:
            reason = cycle_error(self.instance.pk, self.organisation.pk, dependencies, self.user)
            if reason:
                raise forms.ValidationError(reason, code="cycle")
        return dependencies


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
