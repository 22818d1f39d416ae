"""Forms of partnerships (with their members, localities and history) and target operating models (with the six
parameters, as-is and to-be, in one form). Choices of linked records are this organisation's records that the user
may read (``OrganisationFormMixin``); the models' clean() methods hold the rules, so the API refuses the same input
for the same reasons."""

from __future__ import annotations

from typing import Any, cast

from django import forms

from beacon.core.forms import GovukForm, GovukModelForm, OrganisationFormMixin
from beacon.core.models import Council
from beacon.engagement.models import (
    PARAMETER_QUESTIONS,
    Locality,
    OperatingModel,
    OperatingModelParameter,
    Parameter,
    Partnership,
    PartnershipMember,
    PartnershipMilestone,
)
from beacon.programmes.forms import CHECKBOX_LIMIT

DATE = forms.DateInput(format="%Y-%m-%d")
MANY_HELP = "Hold Ctrl (or Cmd on a Mac) to select more than one."


def long_lists_as_list_boxes(form: Any, *names: str) -> None:
    """Checkboxes serve tens of choices; beyond that a list box stays usable and fast."""
    for name in names:
        field = cast(forms.ModelMultipleChoiceField, form.fields[name])
        if field.queryset.count() > CHECKBOX_LIMIT:  # type: ignore[union-attr]
            field.widget = forms.SelectMultiple(attrs={"class": "govuk-select", "size": 12})
            field.help_text = MANY_HELP


class PartnershipForm(OrganisationFormMixin, GovukModelForm):
    class Meta:
        model = Partnership
        fields = ["title", "spatial_level", "parent", "focus", "themes", "description", "terms_of_reference",
                  "meeting_cadence", "chair_title", "status", "start_date", "end_date", "funding", "programmes",
                  "boards", "public", "source", "illustrative"]
        widgets = {"start_date": DATE, "end_date": DATE, "spatial_level": forms.RadioSelect,
                   "status": forms.RadioSelect, "programmes": forms.CheckboxSelectMultiple,
                   "boards": forms.CheckboxSelectMultiple}
        labels = {
            "title": "Name",
            "spatial_level": "Spatial level",
            "parent": "Parent partnership (optional)",
            "meeting_cadence": "How often it meets",
            "chair_title": "Chair (role title)",
            "start_date": "Start date (optional)",
            "end_date": "End date (optional)",
            "programmes": "Programmes it links to",
            "boards": "Boards it links to",
            "public": "Public (shown on the public pages)",
            "source": "Source",
            "illustrative": "Illustrative (not from a council's own records)",
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        parent = cast(forms.ModelChoiceField, self.fields["parent"])
        if self.instance.pk:  # a partnership cannot sit within itself
            parent.queryset = parent.queryset.exclude(pk=self.instance.pk)  # type: ignore[union-attr]
        long_lists_as_list_boxes(self, "programmes", "boards")


class CouncilChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class PartnershipMemberForm(OrganisationFormMixin, GovukModelForm):
    """A member body: a council from the register or another body by name (the model refuses both or neither)."""

    council = CouncilChoiceField(
        queryset=Council.objects.filter(current=True).only("pk", "name").order_by("name"), required=False,
        label="A council from the register", help_text="Any UK council, whether or not it uses Beacon",
    )

    class Meta:
        model = PartnershipMember
        fields = ["council", "body_name", "sector", "role_title", "order"]
        labels = {
            "body_name": "Or another body",
            "role_title": "Role in the partnership (optional)",
            "order": "Position in the list",
        }
        help_texts = {
            "body_name": "For example a police force, an NHS trust or a voluntary organisation",
            "order": "Lower numbers come first",
        }

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.partnership = partnership
        council = cast(CouncilChoiceField, self.fields["council"])
        council.empty_label = "Not a council from the register"
        if self.instance.council_id and not self.instance.council.current:
            # A member council that has since been abolished stays choosable on its own record.
            council.queryset = Council.objects.filter(current=True) | Council.objects.filter(
                pk=self.instance.council_id)


class LocalityForm(OrganisationFormMixin, GovukModelForm):
    class Meta:
        model = Locality
        fields = ["title", "description", "testbed", "wards", "population", "source", "illustrative"]
        labels = {
            "title": "Name",
            "testbed": "Testbed locality (where the partnership tries new ways of working first)",
            "wards": "Wards",
            "population": "Population (optional)",
            "illustrative": "Illustrative (not from a council's own records)",
        }

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.partnership = partnership


class PartnershipMilestoneForm(OrganisationFormMixin, GovukModelForm):
    class Meta:
        model = PartnershipMilestone
        fields = ["date", "title", "description", "source"]
        widgets = {"date": DATE}
        labels = {"title": "What happened", "description": "Details (optional)", "source": "Source (optional)"}

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.partnership = partnership


class OperatingModelForm(OrganisationFormMixin, GovukModelForm):
    class Meta:
        model = OperatingModel
        fields = ["title", "service", "description", "programme", "status", "owner_title", "target_date",
                  "projects", "kpis", "public", "source", "illustrative"]
        widgets = {"target_date": DATE, "status": forms.RadioSelect, "projects": forms.CheckboxSelectMultiple,
                   "kpis": forms.CheckboxSelectMultiple}
        labels = {
            "programme": "Programme (optional)",
            "owner_title": "Owner (role title)",
            "target_date": "Target date (optional)",
            "projects": "Projects that get it there",
            "kpis": "KPIs that show it",
            "public": "Public (shown on the public pages)",
            "illustrative": "Illustrative (not from a council's own records)",
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        long_lists_as_list_boxes(self, "projects", "kpis")


def parameter_field_name(parameter: str, side: str) -> str:
    return f"{parameter}__{side}"


class OperatingModelParametersForm(GovukForm):
    """The six parameters, each with an "As is" and a "To be" text: ``fieldsets`` gives them in the report's
    order with the parameter's label and question, for one GOV.UK fieldset each."""

    def __init__(self, *args: Any, rows: list[OperatingModelParameter], **kwargs: Any) -> None:
        self.rows = {row.parameter: row for row in rows}
        kwargs.setdefault("initial", {})
        for value in Parameter.values:
            row = self.rows.get(value)
            kwargs["initial"][parameter_field_name(value, "as_is")] = row.as_is if row else ""
            kwargs["initial"][parameter_field_name(value, "to_be")] = row.to_be if row else ""
        super().__init__(*args, **kwargs)
        for value in Parameter.values:
            for side, words in (("as_is", "As is"), ("to_be", "To be")):
                self.fields[parameter_field_name(value, side)] = forms.CharField(
                    label=words, required=False, widget=forms.Textarea(attrs={"rows": 4}),
                )
                self.fields[parameter_field_name(value, side)].widget.attrs["class"] = "govuk-textarea"

    def fieldsets(self) -> list[dict[str, Any]]:
        return [
            {"value": value, "label": Parameter(value).label, "question": PARAMETER_QUESTIONS[Parameter(value)],
             "as_is": self[parameter_field_name(value, "as_is")],
             "to_be": self[parameter_field_name(value, "to_be")]}
            for value in Parameter.values
        ]

    def texts(self) -> dict[str, tuple[str, str]]:
        """What was entered, by parameter value: (as is, to be), trimmed."""
        data = self.cleaned_data
        return {
            value: (data[parameter_field_name(value, "as_is")].strip(),
                    data[parameter_field_name(value, "to_be")].strip())
            for value in Parameter.values
        }


class CompareForm(GovukForm):
    parameter = forms.ChoiceField(choices=Parameter.choices, label="Parameter")
