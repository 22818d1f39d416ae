"""Forms for benefits and their profile, costs, funding sources, and delivery partner contracts and their
milestones. Money is typed in pounds (``MoneyField``: "£1,200,000", "1.2m") and kept in pence; the models'
clean() methods hold the rules, so the API refuses the same input for the same reasons."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms

from beacon.core import policy
from beacon.core.forms import FinancialYearField, GovukModelForm, MoneyField, OrganisationFormMixin
from beacon.core.models import Role
from beacon.finance.models import Benefit, BenefitProfilePoint, Contract, ContractMilestone, Cost, FundingSource

DATE = forms.DateInput(format="%Y-%m-%d")


class PenceFieldsMixin:
    """Money fields typed in pounds (``pence_fields``: form field → model field in pence). The pence go onto the
    instance before the model's rules run; a blank optional amount is stored as ``blank_pence``."""

    pence_fields: ClassVar[dict[str, str]] = {}
    blank_pence: ClassVar[dict[str, int | None]] = {}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        form: Any = self
        for name, model_name in self.pence_fields.items():
            form.initial.setdefault(name, getattr(form.instance, model_name))

    def _post_clean(self) -> None:
        form: Any = self
        for name, model_name in self.pence_fields.items():
            if name in form.cleaned_data:
                value = form.cleaned_data[name]
                setattr(form.instance, model_name, self.blank_pence.get(name) if value is None else value)
        super()._post_clean()  # type: ignore[misc]


class ChildFormMixin:
    """A record that hangs on a parent given by the URL (a benefit's profile point, a contract's milestone):
    the parent is set before validation, so that the one-per-date rule and the model's rules see it."""

    parent_field: ClassVar[str]
    instance: Any

    def __init__(self, *args: Any, parent: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if parent is not None:
            setattr(self.instance, self.parent_field, parent)

    def _get_validation_exclusions(self) -> set[str]:
        exclusions = super()._get_validation_exclusions()  # type: ignore[misc]
        exclusions.discard(self.parent_field)
        return exclusions


def limit_projects_to_lead(form: Any) -> None:
    """A project lead adds and edits benefits of the projects they lead only, and does not move one."""
    if policy.role_in(form.user, form.organisation) == Role.LEAD:
        form.fields["project"].queryset = form.fields["project"].queryset.filter(lead=form.user)
    for name in policy.locked_fields(form.user, form.instance):
        if form.instance.pk and name in form.fields:
            form.fields[name].disabled = True


class BenefitForm(OrganisationFormMixin, GovukModelForm):
    class Meta:
        model = Benefit
        fields = ["project", "code", "title", "description", "kind", "dis_benefit", "owner_title", "measure", "kpi",
                  "unit", "baseline", "baseline_date", "target", "target_date", "source", "illustrative"]
        widgets = {"baseline_date": DATE, "target_date": DATE}
        labels = {
            "dis_benefit": "This is a dis-benefit",
            "owner_title": "Benefit owner (role title)",
            "kpi": "KPI that measures it (optional)",
            "baseline": "Baseline value",
            "target": "Target value",
            "source": "Where the figures come from",
            "illustrative": "Illustrative (no source gives these figures)",
        }
        help_texts = {"unit": "For example £, %, hours or visits"}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_projects_to_lead(self)


class BenefitProfilePointForm(ChildFormMixin, OrganisationFormMixin, GovukModelForm):
    parent_field = "benefit"

    class Meta:
        model = BenefitProfilePoint
        fields = ["date", "expected", "actual"]
        widgets = {"date": DATE}
        labels = {"expected": "Expected value", "actual": "Actual value (once known)"}
        help_texts = {"date": "The date the value is expected by, for example 31 3 2026"}

    def clean_date(self) -> Any:
        date = self.cleaned_data.get("date")
        benefit = getattr(self.instance, "benefit", None)
        if date and benefit is not None:
            same = BenefitProfilePoint.objects.filter(benefit=benefit, date=date).exclude(pk=self.instance.pk)
            if same.exists():
                raise forms.ValidationError("The profile already has a point on this date: change that one instead.")
        return date


class CostForm(PenceFieldsMixin, OrganisationFormMixin, GovukModelForm):
    amount = MoneyField(label="Amount")
    financial_year = FinancialYearField(label="Financial year")
    pence_fields = {"amount": "amount_pence"}

    class Meta:
        model = Cost
        fields = ["programme", "project", "financial_year", "title", "kind", "amount", "funding_source", "source",
                  "illustrative"]
        labels = {
            "project": "Project (leave as None for a programme-wide cost)",
            "funding_source": "Paid for by",
            "source": "Where the figure comes from",
            "illustrative": "Illustrative (no source gives this figure)",
        }


class FundingSourceForm(PenceFieldsMixin, OrganisationFormMixin, GovukModelForm):
    amount = MoneyField(label="Amount")
    financial_year = FinancialYearField(label="Financial year (optional)", required=False,
                                        empty_label="Not for one year")
    pence_fields = {"amount": "amount_pence"}

    class Meta:
        model = FundingSource
        fields = ["programme", "code", "title", "kind", "amount", "up_to", "financial_year", "status", "conditions",
                  "deadline", "source", "illustrative", "public"]
        widgets = {"deadline": DATE}
        help_texts = {"up_to": "For example a reserves virement of \u201cup to £350,000\u201d"}
        labels = {
            "up_to": "The amount is a ceiling",
            "deadline": "Deadline for its conditions (optional)",
            "source": "Where the figures come from",
            "illustrative": "Illustrative (no source gives these figures)",
            "public": "Show on the public dashboard",
        }


class ContractForm(PenceFieldsMixin, OrganisationFormMixin, GovukModelForm):
    fees = MoneyField(label="Fees")
    savings_identified = MoneyField(label="Savings identified (optional)", required=False)
    pence_fields = {"fees": "fees_pence", "savings_identified": "savings_identified_pence"}
    blank_pence = {"savings_identified": 0}

    class Meta:
        model = Contract
        fields = ["programme", "phase", "code", "title", "partner", "fees", "savings_identified", "roi_expected_low",
                  "roi_expected_high", "start_date", "end_date", "deliverables", "source", "illustrative",
                  "confidential"]
        widgets = {"start_date": DATE, "end_date": DATE}
        labels = {
            "partner": "Delivery partner",
            "roi_expected_low": "Expected return: bottom of the range",
            "roi_expected_high": "Expected return: top of the range",
            "source": "Where the figures come from",
            "illustrative": "Illustrative (no source gives these figures)",
            "confidential": "Confidential (commercially sensitive)",
        }
        help_texts = {
            "roi_expected_low": "Pounds of savings for each £1 of fees: 3 means 3:1",
            "roi_expected_high": "For example 5, for 5:1",
        }


class ContractMilestoneForm(PenceFieldsMixin, ChildFormMixin, OrganisationFormMixin, GovukModelForm):
    fee = MoneyField(label="Fee paid on it (optional)", required=False)
    pence_fields = {"fee": "fee_pence"}
    parent_field = "contract"

    class Meta:
        model = ContractMilestone
        fields = ["title", "due_date", "actual_date", "fee"]
        widgets = {"due_date": DATE, "actual_date": DATE}
        labels = {"title": "Deliverable", "actual_date": "Delivered on (optional)"}
