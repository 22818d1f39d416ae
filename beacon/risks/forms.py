"""Forms of risks, equality impact assessments (with one row per group for the impacts), sign-off and local
groups. Likelihood and impact are GOV.UK radios with the words of the scale; the models' clean() methods and
``services`` hold the rules, so the API refuses the same input for the same reasons."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone

from beacon.core import policy
from beacon.core.forms import GovukForm, GovukModelForm, OrganisationFormMixin
from beacon.core.models import Membership, Role
from beacon.programmes.forms import CHECKBOX_LIMIT
from beacon.risks.models import AssessmentStage, EqualityAssessment, EqualityGroup, Impact, Risk
from beacon.risks.selectors import IMPACT_WORDS, LIKELIHOOD_WORDS
from beacon.risks.services import impact_problems

DATE = forms.DateInput(format="%Y-%m-%d")
OUT_OF_SCALE = "Score it from 1 to 5."


def score_field(label: str, words: dict[int, str], hint: str) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label, coerce=int, widget=forms.RadioSelect, help_text=hint,
        choices=[(value, f"{value} {word}") for value, word in words.items()],
    )


class RiskForm(OrganisationFormMixin, GovukModelForm):
    inherent_likelihood = score_field("Likelihood before controls", LIKELIHOOD_WORDS,
                                      "How likely the risk is with no controls in place")
    inherent_impact = score_field("Impact before controls", IMPACT_WORDS, "How bad it would be with no controls")
    residual_likelihood = score_field("Likelihood after controls", LIKELIHOOD_WORDS,
                                      "How likely it is with the controls in place")
    residual_impact = score_field("Impact after controls", IMPACT_WORDS, "How bad it would be with the controls")

    class Meta:
        model = Risk
        fields = ["code", "title", "description", "level", "programme", "projects", "owner", "owner_title",
                  "inherent_likelihood", "inherent_impact", "controls", "residual_likelihood", "residual_impact",
                  "mitigations", "review_date", "status", "confidential", "public", "source", "illustrative"]
        widgets = {"review_date": DATE, "projects": forms.CheckboxSelectMultiple, "level": forms.RadioSelect,
                   "status": forms.RadioSelect}
        labels = {
            "level": "Register",
            "programme": "Programme (optional)",
            "projects": "Projects it affects",
            "owner": "Owner (a Beacon user)",
            "owner_title": "Owner (role title)",
            "controls": "Controls in place",
            "mitigations": "Further mitigations",
            "review_date": "Next review date",
            "confidential": "Confidential (only those entitled may read it)",
            "public": "Public (shown to residents unless confidential)",
            "source": "Where this risk comes from",
            "illustrative": "Illustrative (not from a council's own register)",
        }
        help_texts = {"level": "Strategic, programme or project risk register"}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("inherent_likelihood", "inherent_impact", "residual_likelihood", "residual_impact"):
            self.fields[name].error_messages["invalid_choice"] = OUT_OF_SCALE
        owner = cast(forms.ModelChoiceField, self.fields["owner"])
        members = Membership.objects.filter(organisation=self.organisation).values("user")
        owner.queryset = get_user_model().objects.filter(pk__in=members).order_by("username")
        projects = cast(forms.ModelMultipleChoiceField, self.fields["projects"])
        if projects.queryset.count() > CHECKBOX_LIMIT:  # type: ignore[union-attr]
            projects.widget = forms.SelectMultiple(attrs={"class": "govuk-select", "size": 12})
            projects.help_text = "Hold Ctrl (or Cmd on a Mac) to select more than one."
        for name in policy.locked_fields(self.user, self.instance):
            if self.instance.pk and name in self.fields:
                self.fields[name].disabled = True

    def clean_code(self) -> str:
        code = self.cleaned_data.get("code", "").strip()
        same = Risk.objects.filter(organisation=self.organisation, code__iexact=code).exclude(pk=self.instance.pk)
        if code and same.exists():
            raise forms.ValidationError(f"There is already a risk with the code {code}.")
        return code


class EqualityAssessmentForm(OrganisationFormMixin, GovukModelForm):
    class Meta:
        model = EqualityAssessment
        fields = ["project", "code", "title", "stage", "project_stage", "summary", "full_assessment_needed",
                  "review_date", "confidential", "public", "source", "illustrative"]
        widgets = {"review_date": DATE, "stage": forms.RadioSelect}
        labels = {
            "project": "Project",
            "code": "Reference (optional)",
            "stage": "Kind of assessment",
            "project_stage": "Project stage it covers",
            "summary": "Summary of findings",
            "full_assessment_needed": "This screening finds that a full assessment is needed",
            "review_date": "Review date (optional)",
            "confidential": "Confidential (only those entitled may read it)",
            "public": "Public (shown to residents unless confidential)",
            "source": "Source",
            "illustrative": "Illustrative",
        }
        help_texts = {
            "stage": "Screen first: a screening decides whether a full assessment is needed",
            "project_stage": "An assessment at a later stage also covers the earlier ones",
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["project"].required = True
        self.fields["project"].error_messages["required"] = "Select the project"
        if policy.role_in(self.user, self.organisation) == Role.LEAD:
            project = cast(forms.ModelChoiceField, self.fields["project"])
            project.queryset = project.queryset.filter(lead=self.user)  # type: ignore[union-attr]
        for name in policy.locked_fields(self.user, self.instance):
            if self.instance.pk and name in self.fields:
                self.fields[name].disabled = True

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("stage") == AssessmentStage.FULL:
            data["full_assessment_needed"] = False
        return data


class ImpactRowForm(GovukForm):
    """One group's row: the impact, its evidence and its mitigation."""

    impact = forms.ChoiceField(label="Impact", choices=Impact.choices, widget=forms.RadioSelect)
    evidence = forms.CharField(label="Evidence", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    mitigation = forms.CharField(label="Mitigation", required=False, widget=forms.Textarea(attrs={"rows": 3}),
                                 help_text="Needed when the impact is negative")

    def __init__(self, *args: Any, group: EqualityGroup, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.group = group
        self.fields["impact"].error_messages["required"] = f"Select the impact on {group.title.lower()}"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name, message in impact_problems(data.get("impact", ""), data.get("mitigation", "")).items():
            self.add_error(name, f"{self.group.title}: {message}")
        return data


class BaseImpactFormSet(forms.BaseFormSet):
    def __init__(self, *args: Any, groups: list[EqualityGroup], **kwargs: Any) -> None:
        self.groups = groups
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index: int | None) -> dict[str, Any]:
        kwargs = super().get_form_kwargs(index)
        if index is not None:
            kwargs["group"] = self.groups[index]
        return kwargs


ImpactFormSet = forms.formset_factory(ImpactRowForm, formset=BaseImpactFormSet, extra=0)


class SignOffForm(GovukForm):
    signed_off_by_title = forms.CharField(label="Signed off by (role title)", max_length=200,
                                          help_text="For example, Director of Adult Social Care")
    signed_off_on = forms.DateField(label="Date of sign-off", widget=DATE)

    def clean_signed_off_on(self) -> dt.date:
        date: dt.date = self.cleaned_data["signed_off_on"]
        if date > timezone.localdate():
            raise forms.ValidationError("The date of sign-off must be today or in the past.")
        return date


class EqualityGroupForm(GovukModelForm):
    class Meta:
        model = EqualityGroup
        fields = ["title", "order"]
        labels = {"title": "Group", "order": "Order in lists"}
        help_texts = {"title": "For example, socio-economic disadvantage, rural communities or care leavers",
                      "order": "Local groups are listed after the nine protected characteristics, in this order"}

    def __init__(self, *args: Any, organisation: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.instance.organisation = organisation

    def clean_title(self) -> str:
        title = self.cleaned_data.get("title", "").strip()
        same = EqualityGroup.objects.filter(title__iexact=title, organisation__in=[self.organisation]) | \
            EqualityGroup.objects.filter(title__iexact=title, organisation__isnull=True)
        if title and same.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(f"{title} is already a group: choose another name.")
        return title
