"""Forms for KPIs, their targets and their observations.

A period is typed as a council writes it ("2024/25 Q1", "April 2024", "2024/25") and read with
``periods.parse_period`` for the KPI's frequency, so that a quarter typed for a monthly KPI is refused with the
reason. The models' clean() methods hold the other rules, so the API refuses the same input for the same
reasons.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from beacon.core import policy
from beacon.core.forms import GovukModelForm, OrganisationFormMixin
from beacon.performance.models import Kpi, KpiTarget, Observation
from beacon.performance.periods import Frequency, parse_period, period_label

User = get_user_model()

PERIOD_HINT = {
    Frequency.MONTHLY: "For example April 2024",
    Frequency.QUARTERLY: "For example 2024/25 Q1 (April to June 2024)",
    Frequency.ANNUAL: "For example 2024/25",
}


class OwnerField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.get_full_name() or obj.username


class KpiForm(OrganisationFormMixin, GovukModelForm):
    """A KPI. Priorities and projects are those of the organisation that the user may read (the policy narrows
    them); the owner is a user with a role in the organisation. A KPI owner who edits their KPI cannot change
    the fields the policy locks (its code, who owns it, and whether it is public or confidential)."""

    owner = OwnerField(queryset=User.objects.none(), required=False,
                       help_text="The Beacon user who reports it and is reminded when it is overdue")
    source_url = forms.URLField(label="Link to the source (optional)", required=False, assume_scheme="https")

    class Meta:
        model = Kpi
        fields = ["code", "title", "description", "unit", "decimal_places", "polarity", "frequency", "owner",
                  "owner_title", "data_source", "source_url", "reporting_lag_days", "priorities", "projects",
                  "benchmark", "public", "confidential", "illustrative", "archived"]
        widgets = {
            "priorities": forms.CheckboxSelectMultiple,
            "projects": forms.CheckboxSelectMultiple,
            "polarity": forms.RadioSelect,
            "frequency": forms.RadioSelect,
            "unit": forms.RadioSelect,
            "description": forms.Textarea(attrs={"rows": 4}),
        }
        labels = {
            "owner_title": "Owner's role title",
            "data_source": "Data source",
            "reporting_lag_days": "Days allowed after a period ends to report its figure",
            "benchmark": "Published indicator to benchmark against (optional)",
            "public": "Show on the public dashboard",
            "confidential": "Confidential (never shown to viewers or the public)",
            "illustrative": "Illustrative (the figures are made up for a demonstration)",
            "archived": "Archived (no longer reported)",
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        owner: Any = self.fields["owner"]
        owner.queryset = User.objects.filter(memberships__organisation=self.organisation).order_by(
            "first_name", "last_name", "username"
        )
        owner.empty_label = "No owner"
        benchmark: Any = self.fields["benchmark"]
        benchmark.empty_label = "None"
        for name in ("priorities", "projects"):
            self.fields[name].required = False
        for name in policy.locked_fields(self.user, self.instance):
            if self.instance.pk and name in self.fields:
                self.fields[name].disabled = True
                self.fields[name].help_text = "Only the programme office can change this."

    def clean_code(self) -> str:
        code = " ".join(str(self.cleaned_data.get("code") or "").split())
        duplicate = Kpi.objects.filter(organisation=self.organisation, code__iexact=code).exclude(pk=self.instance.pk)
        if code and duplicate.exists():
            raise ValidationError(f"There is already a KPI with the code {code}: choose another code.")
        return code

    def clean_frequency(self) -> str:
        frequency = self.cleaned_data.get("frequency") or ""
        kpi = self.instance
        if kpi.pk and frequency != kpi.frequency and (kpi.observations.exists() or kpi.targets.exists()):
            raise ValidationError(
                f"The frequency cannot change while the KPI has targets or figures recorded "
                f"{kpi.get_frequency_display().lower()}: add a new KPI instead."
            )
        return frequency


class FigureField(forms.DecimalField):
    """A figure typed as a person writes it: "1,250", "£1,250.50", "12.5%" (the unit is the KPI's)."""

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        if isinstance(value, str):
            value = re.sub(r"[£,%\s]", "", value)
        return super().to_python(value)


class KpiFigureForm(OrganisationFormMixin, GovukModelForm):
    """A target or an observation of one KPI, for one period typed as text."""

    period = forms.CharField(label="Period", max_length=40)
    kind = "figure"

    def __init__(self, *args: Any, kpi: Kpi, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kpi = kpi
        self.instance.kpi = kpi
        self.fields["period"].help_text = PERIOD_HINT[Frequency(kpi.frequency)]
        self.fields["period"].widget.attrs.update({"class": "govuk-input govuk-input--width-10",
                                                  "spellcheck": "false"})
        self.fields["period"].error_messages["required"] = "Enter the period, " + PERIOD_HINT[
            Frequency(kpi.frequency)].lower()
        if self.instance.pk:
            self.initial["period"] = period_label(kpi.frequency, self.instance.period_start)
        self.order_fields(["period"])

    def clean_period(self) -> dt.date:
        text = self.cleaned_data.get("period") or ""
        try:
            start = parse_period(self.kpi.frequency, text)
        except ValueError as error:
            raise ValidationError(str(error)) from error
        model = type(self.instance)
        if model.objects.filter(kpi=self.kpi, period_start=start).exclude(pk=self.instance.pk).exists():
            raise ValidationError(
                f"There is already {self.kind} for {period_label(self.kpi.frequency, start)}: change that one instead."
            )
        self.instance.period_start = start
        return start


class KpiTargetForm(KpiFigureForm):
    value = FigureField(label="Target", max_digits=20, decimal_places=4)
    tolerance = FigureField(
        label="Tolerance", max_digits=20, decimal_places=4, min_value=0, required=False,
        help_text="How far on the wrong side of the target still counts as within tolerance, in the KPI's unit. "
                  "Leave empty for none.",
    )
    kind = "a target"

    class Meta:
        model = KpiTarget
        fields = ["value", "tolerance"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["tolerance"].error_messages["min_value"] = "The tolerance must be 0 or more"

    def clean_tolerance(self) -> Decimal:
        return self.cleaned_data.get("tolerance") or Decimal(0)


class ObservationForm(KpiFigureForm):
    value = FigureField(label="Value", max_digits=20, decimal_places=4)
    kind = "a figure"

    class Meta:
        model = Observation
        fields = ["value", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}
        labels = {"note": "Note (optional)"}
        help_texts = {"note": "Anything a reader should know about this figure"}
