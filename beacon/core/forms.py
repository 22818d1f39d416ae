"""GOV.UK Design System forms: a form renderer and a base form that give every field GOV.UK markup,
and an error summary on every form (templates/components/form.html)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.forms.renderers import TemplatesSetting

from beacon.core import policy
from beacon.core.models import FinancialYear, Organisation
from beacon.core.money import MoneyError, parse_money


class GovukFormRenderer(TemplatesSetting):
    form_template_name = "components/form.html"
    field_template_name = "components/field.html"


WIDGET_CLASSES: dict[type[forms.Widget], str] = {
    forms.Textarea: "govuk-textarea",
    forms.Select: "govuk-select",
    forms.SelectMultiple: "govuk-select",
    forms.CheckboxInput: "govuk-checkboxes__input",
    forms.CheckboxSelectMultiple: "govuk-checkboxes__input",
    forms.RadioSelect: "govuk-radios__input",
    forms.FileInput: "govuk-file-upload",
}


class GovukDateInput(forms.MultiWidget):
    """The GOV.UK date input: day, month and year boxes (components/field.html draws them).

    Posted as ``<name>_0``, ``_1``, ``_2``; a plain ISO date posted under the field's own name (a link such as
    ``?due_before=2025-03-31``) is understood too. The parts are joined into an ISO string for DateField to
    parse, so an impossible date is refused with the field's own message."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__([forms.TextInput(), forms.TextInput(), forms.TextInput()], attrs)

    def decompress(self, value: Any) -> list[Any]:
        if isinstance(value, dt.date):
            return [value.day, value.month, value.year]
        if isinstance(value, str) and value:
            parts = value.split("-")
            if len(parts) == 3:
                year, month, day = parts
                return [day, month, year]
        return [None, None, None]

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        day, month, year = (str(part or "").strip() for part in super().value_from_datadict(data, files, name))
        if not (day or month or year):
            return data.get(name) or None
        return f"{year}-{month}-{day}"

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return name not in data and super().value_omitted_from_data(data, files, name)


DATE_INVALID = "Enter a real date, with the day, month and year as numbers, for example 31 3 2027"


def widget_kind(widget: forms.Widget) -> str:
    """What GOV.UK component a widget is drawn as (used by components/field.html)."""
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    if isinstance(widget, forms.Select | forms.SelectMultiple):
        return "select"
    if isinstance(widget, GovukDateInput):
        return "date"
    return "input"


class GovukFormMixin:
    """Adds GOV.UK classes and error states to every widget; add it to every form."""

    fields: dict[str, forms.Field]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]
        for field in self.fields.values():
            label = str(field.label or "").lower()
            verb = "Select" if isinstance(field, forms.ChoiceField | forms.ModelChoiceField) else "Enter"
            field.error_messages["required"] = f"{verb} the {label}" if label else "This is required"
            if isinstance(field, forms.DateField):
                field.widget = GovukDateInput()
                field.error_messages["invalid"] = DATE_INVALID
                continue
            if isinstance(field, forms.ModelChoiceField) and field.empty_label is not None:
                field.empty_label = "None" if not field.required else "Choose one"
            widget = field.widget
            css = next((c for cls, c in WIDGET_CLASSES.items() if isinstance(widget, cls)), "govuk-input")
            if isinstance(widget, forms.NumberInput):
                css = "govuk-input govuk-input--width-10"
            existing = widget.attrs.get("class", "")
            widget.attrs["class"] = f"{css} {existing}".strip()

    def full_clean(self) -> None:
        super().full_clean()  # type: ignore[misc]
        for name in getattr(self, "errors", {}):
            if name in self.fields and not isinstance(self.fields[name].widget, GovukDateInput):
                widget = self.fields[name].widget
                if widget.is_hidden:
                    continue
                error_class = {
                    "govuk-textarea": "govuk-textarea--error",
                    "govuk-select": "govuk-select--error",
                }.get(widget.attrs.get("class", "").split(" ")[0], "govuk-input--error")
                if "checkboxes" not in widget_kind(widget) and "radios" not in widget_kind(widget):
                    widget.attrs["class"] += f" {error_class}"
                widget.attrs["aria-invalid"] = "true"


class GovukForm(GovukFormMixin, forms.Form):
    pass


class GovukModelForm(GovukFormMixin, forms.ModelForm):
    pass


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


class GovukAuthenticationForm(GovukFormMixin, AuthenticationForm):
    """The sign-in form (it posts ``username`` and ``password``), in GOV.UK markup."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "Enter a correct username and password. Both are case-sensitive.",
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].error_messages["required"] = "Enter your username"
        self.fields["password"].error_messages["required"] = "Enter your password"


class MoneyField(forms.CharField):
    """An amount typed in pounds ("£1,200,000", "1.2m", "£250k"), cleaned to integer pence."""

    def __init__(self, *, allow_negative: bool = False, **kwargs: Any) -> None:
        kwargs.setdefault("help_text", "In pounds, for example £1,200,000, 1.2m or £250k")
        kwargs.setdefault("widget", forms.TextInput(attrs={"class": "govuk-input--width-10", "spellcheck": "false"}))
        super().__init__(**kwargs)
        self.allow_negative = allow_negative

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, int) and not isinstance(value, bool):
            whole, part = divmod(abs(value), 100)
            return ("-" if value < 0 else "") + f"{whole:,}" + (f".{part:02d}" if part else "")
        return value

    def to_python(self, value: Any) -> int | None:  # type: ignore[override]
        try:
            return parse_money(value, allow_negative=self.allow_negative)
        except MoneyError as error:
            raise ValidationError(str(error), code="invalid") from error


class FinancialYearField(forms.ModelChoiceField):
    """A financial year chosen from the reference list, shown as "2024/25"."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("queryset", FinancialYear.objects.all())
        kwargs.setdefault("empty_label", "Choose a financial year")
        super().__init__(**kwargs)
