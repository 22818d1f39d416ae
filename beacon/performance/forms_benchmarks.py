"""Forms for comparator groups (chosen by hand, or nearest neighbours under a preset) and the benchmarks page's
choice of indicator and group. Councils are typed, one per line, as a GSS code or a name: a multi-select of 400
councils is no way to choose fifteen."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.db.models import Q

from beacon.core.forms import GovukForm, GovukModelForm, OrganisationFormMixin
from beacon.core.models import Council
from beacon.performance import comparators
from beacon.performance.indicators import COUNCIL_TYPES
from beacon.performance.models import ComparatorGroup, Indicator

GSS = re.compile(r"^[EWSN]\d{8}$", re.IGNORECASE)
MAX_MEMBERS = 60


def find_councils(lines: list[str]) -> tuple[list[Council], list[str]]:
    """The councils named by ``lines`` (a GSS code or a council's name, in any case), and the lines that name
    no single current council. Two queries, whatever the number of lines."""
    wanted = [line.strip() for line in lines if line.strip()]
    codes = {line.upper() for line in wanted if GSS.match(line)}
    names = {line.lower() for line in wanted if not GSS.match(line)}
    councils = Council.objects.filter(current=True, council_type__in=COUNCIL_TYPES)
    by_code = {council.gss_code: council for council in councils.filter(gss_code__in=codes)}
    by_name: dict[str, list[Council]] = {}
    if names:
        query = Q()
        for name in names:
            query |= Q(name__iexact=name) | Q(official_name__iexact=name)
        for council in councils.filter(query):
            for key in {council.name.lower(), council.official_name.lower()} & names:
                by_name.setdefault(key, []).append(council)
    found: list[Council] = []
    unknown: list[str] = []
    for line in wanted:
        match = by_code.get(line.upper()) if GSS.match(line) else None
        if not GSS.match(line):
            candidates = by_name.get(line.lower(), [])
            match = candidates[0] if len(candidates) == 1 else None
        if match is None:
            unknown.append(line)
        elif match not in found:
            found.append(match)
    return found, unknown


def unknown_message(unknown: list[str]) -> str:
    listed = ", ".join(f"“{line}”" for line in unknown[:10]) + (" and more" if len(unknown) > 10 else "")
    return (f"{listed} {'is not a council' if len(unknown) == 1 else 'are not councils'} in the register: write "
            "one GSS code (like E07000118) or a council's name (like Chorley) per line")


class CouncilField(forms.CharField):
    """One council, typed as its GSS code or name."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 250)
        kwargs.setdefault("widget", forms.TextInput(attrs={"class": "govuk-input--width-20", "spellcheck": "false"}))
        super().__init__(**kwargs)

    def clean(self, value: Any) -> Council | None:  # type: ignore[override]
        text = super().clean(value)
        if not text:
            return None
        found, unknown = find_councils([text])
        if unknown or not found:
            raise forms.ValidationError(unknown_message([text]))
        return found[0]


class GroupFormMixin(OrganisationFormMixin):
    """The council a group is built around: typed, or the organisation's own council when left blank."""

    fields: dict[str, forms.Field]
    instance: Any
    initial: Any
    cleaned_data: dict[str, Any]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        own = self.organisation.council
        self.fields["around"].help_text = (
            f"GSS code or name. Leave blank for {own.name} ({own.gss_code})." if own is not None
            else "GSS code or name, for example E07000118 or Chorley."
        )
        self.fields["around"].required = own is None
        if self.instance.pk:
            self.initial.setdefault("around", self.instance.council.gss_code)

    def clean_around(self) -> Council:
        council = self.cleaned_data.get("around") or self.organisation.council
        if council is None:
            raise forms.ValidationError("Enter the council the group is built around")
        self.instance.council = council
        return council


class ManualGroupForm(GroupFormMixin, GovukModelForm):
    around = CouncilField(label="Council the group is built around", required=False)
    councils = forms.CharField(
        label="Councils to compare with", widget=forms.Textarea(attrs={"rows": 10, "spellcheck": "false"}),
        help_text="One per line: a GSS code (like E07000117) or a council's name (like Burnley).",
    )

    class Meta:
        model = ComparatorGroup
        fields = ["title", "description", "public"]
        labels = {"public": "Show on the public dashboard"}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            members = self.instance.memberships.select_related("council").order_by("rank", "council__name")
            self.initial.setdefault("councils", "\n".join(m.council.gss_code for m in members))

    def clean_councils(self) -> list[Council]:
        found, unknown = find_councils(self.cleaned_data["councils"].splitlines())
        if unknown:
            raise forms.ValidationError(unknown_message(unknown))
        if not found:
            raise forms.ValidationError("Enter at least one council to compare with")
        if len(found) > MAX_MEMBERS:
            raise forms.ValidationError(f"A group holds at most {MAX_MEMBERS} councils: you entered {len(found)}")
        return found


class NearestGroupForm(GroupFormMixin, GovukModelForm):
    around = CouncilField(label="Council the group is built around", required=False)
    preset = forms.ChoiceField(
        label="Method", widget=forms.RadioSelect,
        choices=[(key, preset.title) for key, preset in comparators.PRESETS.items()],
    )
    size = forms.IntegerField(label="How many neighbours", min_value=1, max_value=comparators.MAX_K, initial=15,
                              help_text=f"From 1 to {comparators.MAX_K}; 15 is usual.",
                              error_messages={"min_value": f"Enter a number from 1 to {comparators.MAX_K}",
                                              "max_value": f"Enter a number from 1 to {comparators.MAX_K}",
                                              "invalid": "Enter a whole number, like 15"})

    class Meta:
        model = ComparatorGroup
        fields = ["title", "description", "preset", "size", "public"]
        labels = {"public": "Show on the public dashboard"}

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        council, preset, size = cleaned.get("around"), cleaned.get("preset"), cleaned.get("size")
        if council is not None and preset and size:
            try:
                self.neighbours = comparators.nearest(preset, council.gss_code, size)
            except comparators.ComparatorError as error:
                self.add_error("around", str(error))
            else:
                if not self.neighbours:
                    self.add_error("around", f"No council can be compared with {council.name} under this method.")
        return cleaned


class BenchmarkForm(GovukForm):
    """The benchmarks page's question (a GET form): which indicator, which group, and optionally which period."""

    indicator = forms.ModelChoiceField(queryset=Indicator.objects.none(), to_field_name="code",
                                       empty_label="Choose an indicator",
                                       error_messages={"invalid_choice": "Choose an indicator from the list"})
    group = forms.ModelChoiceField(queryset=ComparatorGroup.objects.none(), label="Comparator group",
                                   empty_label="Choose a group",
                                   error_messages={"invalid_choice": "Choose a comparator group from the list"})
    period = forms.CharField(required=False, max_length=40, help_text="Leave blank for the latest common period",
                             widget=forms.TextInput(attrs={"class": "govuk-input--width-10"}))

    def __init__(self, *args: Any, organisation: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        indicator: Any = self.fields["indicator"]
        indicator.queryset = Indicator.objects.order_by("dataset", "title")
        group: Any = self.fields["group"]
        group.queryset = ComparatorGroup.objects.filter(organisation=organisation).order_by("title")
