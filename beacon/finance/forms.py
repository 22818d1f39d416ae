"""Forms of the savings ledger: adding a line, editing what is not its state, one form per ledger action (each
with a required reason), and budget lines. The rules are the ledger's (``beacon.finance.ledger``) and the
model's; a form only reads what was typed, in pounds, and hands it on."""

from __future__ import annotations

from typing import Any, ClassVar, cast

from django import forms

from beacon.core import policy
from beacon.core.forms import FinancialYearField, GovukForm, GovukModelForm, MoneyField, OrganisationFormMixin
from beacon.core.models import FinancialYear, Role
from beacon.finance import ledger
from beacon.finance.models import BudgetLine, LedgerAction, SavingsLine
from beacon.programmes.models import Project

REASON_HELP = "Recorded in the line's history with your name and the date"
# The ledger names money in pence; the forms name it as typed.
LEDGER_FIELDS = {"amount_pence": "amount", "forecast_pence": "forecast", "delivered_pence": "delivered"}


def money_text(pence: int | None) -> str | None:
    """Pence as the pounds a person would type ("1,200,000"), for a MoneyField's initial value: a MoneyField
    reads an integer as pounds, so a disabled field given pence would clean to a hundred times the amount."""
    return None if pence is None else MoneyField().prepare_value(pence)


def reason_field(label: str = "Reason for the change", *, required: bool = True) -> forms.CharField:
    return forms.CharField(
        label=label, required=required, help_text=REASON_HELP,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


def add_ledger_errors(form: forms.BaseForm, error: ledger.LedgerError | Any) -> None:
    """Put the ledger's (or the model's) refusal on the field it names, else above the form."""
    if hasattr(error, "error_dict"):
        for name, messages in error.message_dict.items():
            field = LEDGER_FIELDS.get(name, name)
            for message in messages:
                form.add_error(field if field in form.fields else None, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


class SavingsLineForm(OrganisationFormMixin, GovukModelForm):
    """Add a savings line (it starts as proposed)."""

    amount = MoneyField(label="Amount")
    reason = reason_field("Why it is added (optional)", required=False)

    class Meta:
        model = SavingsLine
        fields = ["project", "financial_year", "code", "title", "recurrence", "cashable", "budget_line", "source",
                  "illustrative"]
        field_classes = {"financial_year": FinancialYearField}
        labels = {
            "cashable": "Cashable (the budget is reduced by this amount)",
            "budget_line": "Budget line (service or cost centre) it reduces",
            "illustrative": "Illustrative (no source gives this figure)",
        }
        help_texts = {"code": "Optional: the council's own reference for the saving"}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field_order = ["project", "financial_year", "code", "title", "amount", "recurrence", "cashable",
                       "budget_line", "source", "illustrative", "reason"]
        self.order_fields(field_order)
        project = cast(forms.ModelChoiceField, self.fields["project"])
        if policy.role_in(self.user, self.organisation) == Role.LEAD:
            # A project lead proposes savings for the projects they lead, and only those.
            project.queryset = cast(Any, project.queryset).filter(lead=self.user)
        project.queryset = cast(Any, project.queryset).order_by("code", "title", "pk")
        self.fields["recurrence"].help_text = (
            "A recurring saving reduces the budget from its year onwards; a one-off saving counts in its year only"
        )

    def _post_clean(self) -> None:
        # The model keeps pence; MoneyField has already refused a negative amount or anything not money.
        self.instance.amount_pence = self.cleaned_data.get("amount")
        super()._post_clean()  # type: ignore[misc]

    def ledger_fields(self) -> dict[str, Any]:
        data = {name: self.cleaned_data[name] for name in self._meta.fields or ()}
        return {**data, "organisation": self.organisation, "amount_pence": self.cleaned_data["amount"]}


class SavingsLineEditForm(OrganisationFormMixin, GovukModelForm):
    """Edit what is not a line's state. What the ledger freezes for this user and line is shown, not editable."""

    amount = MoneyField(label="Amount")

    class Meta:
        model = SavingsLine
        fields = ["code", "title", "recurrence", "cashable", "budget_line", "source", "illustrative"]
        labels = SavingsLineForm.Meta.labels

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.order_fields(["code", "title", "amount", "recurrence", "cashable", "budget_line", "source",
                           "illustrative"])
        self.initial.setdefault("amount", money_text(self.instance.amount_pence))
        self.frozen = ledger.frozen_fields(self.user, self.instance)
        for name in self.frozen:
            field = self.fields[LEDGER_FIELDS.get(name, name)]
            field.disabled = True
            field.help_text = (
                "Your role cannot change this" if name in policy.locked_fields(self.user, self.instance)
                else "Fixed once approved: replace the line, or convert it to cashable, so that the change is recorded"
            )

    def _post_clean(self) -> None:
        self.instance.amount_pence = self.cleaned_data.get("amount")
        super()._post_clean()  # type: ignore[misc]

    def changes(self) -> dict[str, Any]:
        data = {name: self.cleaned_data[name] for name in self._meta.fields or ()}
        return {**data, "amount_pence": self.cleaned_data["amount"]}


# The ledger's actions ----------------------------------------------------------------------------------------


def later_years(line: SavingsLine) -> Any:
    return FinancialYear.objects.filter(start_year__gt=line.financial_year.start_year)


class ActionForm(GovukForm):
    """One ledger action on one line; ``run`` calls the ledger, which checks the role and state again."""

    action: ClassVar[str]
    title: ClassVar[str]
    submit_label: ClassVar[str]
    warning: ClassVar[bool] = False

    reason = reason_field()

    def __init__(self, *args: Any, line: SavingsLine, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.line = line
        # The reason comes last on every form, after the figures it explains.
        self.order_fields([name for name in self.fields if name != "reason"] + ["reason"])

    def ledger_kwargs(self) -> dict[str, Any]:
        return {}

    def run(self, actor: Any) -> Any:
        return ledger.FUNCTIONS[self.action](self.line, actor=actor, reason=self.cleaned_data["reason"],
                                      **self.ledger_kwargs())


class ApproveForm(ActionForm):
    action = LedgerAction.APPROVED
    title = "Approve this saving"
    submit_label = "Approve saving"


class DeliverForm(ActionForm):
    action = LedgerAction.DELIVERED
    title = "Confirm this saving as delivered"
    submit_label = "Confirm as delivered"

    delivered = MoneyField(label="Amount delivered")
    remainder = forms.ChoiceField(
        label="If less than the full amount was delivered, what happens to the rest?", required=False,
        choices=[("carry_forward", "Carry it forward to a later year"), ("write_off", "Write it off")],
        widget=forms.RadioSelect,
        help_text="Nothing is lost: the rest is either saved in a later year or written off",
    )
    carry_to = FinancialYearField(label="Year to carry the rest forward to", required=False,
                                  help_text="Only when you carry the rest forward")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.initial.setdefault("delivered", money_text(self.line.amount_pence))
        carry_to = cast(forms.ModelChoiceField, self.fields["carry_to"])
        carry_to.queryset = later_years(self.line)
        carry_to.empty_label = "Not carried forward"

    def ledger_kwargs(self) -> dict[str, Any]:
        return {"delivered_pence": self.cleaned_data["delivered"], "remainder": self.cleaned_data["remainder"],
                "carry_to": self.cleaned_data["carry_to"]}


class CarryForwardForm(ActionForm):
    action = LedgerAction.CARRIED_FORWARD
    title = "Carry this saving forward to a later year"
    submit_label = "Carry forward"

    to_year = FinancialYearField(label="Carry it forward to")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["to_year"]).queryset = later_years(self.line)

    def ledger_kwargs(self) -> dict[str, Any]:
        return {"to_year": self.cleaned_data["to_year"]}


class WriteOffForm(ActionForm):
    action = LedgerAction.WRITTEN_OFF
    title = "Write off this saving"
    submit_label = "Write off saving"
    warning = True


class ConvertForm(ActionForm):
    action = LedgerAction.CONVERTED
    title = "Convert this saving to cashable"
    submit_label = "Convert to cashable"


class ForecastForm(ActionForm):
    action = LedgerAction.FORECAST
    title = "Change the forecast"
    submit_label = "Save forecast"

    forecast = MoneyField(label="Forecast", required=False,
                          help_text="What the saving is now expected to deliver, in pounds. Leave it blank to expect "
                                    "the full amount")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.initial.setdefault("forecast", money_text(self.line.forecast_pence))

    def ledger_kwargs(self) -> dict[str, Any]:
        return {"forecast_pence": self.cleaned_data["forecast"]}


class ReplaceForm(ActionForm):
    action = LedgerAction.REPLACED
    title = "Replace this saving with another"
    submit_label = "Replace saving"

    project = forms.ModelChoiceField(queryset=Project.objects.none(), label="Project of the replacement")
    financial_year = FinancialYearField(label="Financial year of the replacement")
    amount = MoneyField(label="Amount of the replacement")

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        line = self.line
        projects = policy.filter_choices(Project.objects.all(), user, line.organisation)
        cast(forms.ModelChoiceField, self.fields["project"]).queryset = projects.only("pk", "code", "title").order_by(
            "code", "title", "pk")
        self.initial.setdefault("project", line.project_id)
        self.initial.setdefault("financial_year", line.financial_year_id)
        self.initial.setdefault("amount", money_text(line.amount_pence))

    def ledger_kwargs(self) -> dict[str, Any]:
        return {"project": self.cleaned_data["project"], "financial_year": self.cleaned_data["financial_year"],
                "amount_pence": self.cleaned_data["amount"]}


ACTION_FORMS: dict[str, type[ActionForm]] = {
    "approve": ApproveForm,
    "deliver": DeliverForm,
    "carry-forward": CarryForwardForm,
    "write-off": WriteOffForm,
    "replace": ReplaceForm,
    "convert": ConvertForm,
    "forecast": ForecastForm,
}
ACTION_SLUGS = {form.action: slug for slug, form in ACTION_FORMS.items()}


# Budget lines ----------------------------------------------------------------------------------------------


class BudgetLineForm(OrganisationFormMixin, GovukModelForm):
    budget = MoneyField(label="Annual net budget (optional)", required=False)

    class Meta:
        model = BudgetLine
        fields = ["code", "title", "service"]
        help_texts = {"code": "The cost centre or budget code", "service": "The service it belongs to"}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.initial.setdefault("budget", money_text(self.instance.budget_pence))
        self.fields["budget"].help_text = (
            "In pounds, for example £1,200,000 or 1.2m. Beacon flags two savings that claim more than this in a year"
        )

    def _post_clean(self) -> None:
        self.instance.budget_pence = self.cleaned_data.get("budget")
        super()._post_clean()  # type: ignore[misc]
