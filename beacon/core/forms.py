"""GOV.UK Design System forms: a form renderer and a base form that give every field GOV.UK markup,
and an error summary on every form (templates/components/form.html)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms.renderers import TemplatesSetting


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
    if isinstance(widget, forms.DateInput):
        return "date"
    return "input"


class GovukFormMixin:
    """Adds GOV.UK classes and error states to every widget; add it to every form."""

    fields: dict[str, forms.Field]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]
        for field in self.fields.values():
            widget = field.widget
            css = next((c for cls, c in WIDGET_CLASSES.items() if isinstance(widget, cls)), "govuk-input")
            if isinstance(widget, forms.DateInput):
                widget.input_type = "date"
                css = "govuk-input govuk-input--width-10"
            elif isinstance(widget, forms.NumberInput):
                css = "govuk-input govuk-input--width-10"
            existing = widget.attrs.get("class", "")
            widget.attrs["class"] = f"{css} {existing}".strip()

    def full_clean(self) -> None:
        super().full_clean()  # type: ignore[misc]
        for name in getattr(self, "errors", {}):
            if name in self.fields:
                widget = self.fields[name].widget
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
