"""Forms and the list filter of the capability maturity self-assessment (PRODUCT C6).

The framework is data an administrator edits: its title, the names of its five levels (a name may stay blank:
the seed does not publish level 4's) and its capabilities. An assessment is one form for the assessment itself and
one row per capability of its framework (score 1-5 to one decimal place, evidence, and the programme risk a low
score gives rise to). Every row is checked by ``MaturityScore.full_clean``, so the page and the API refuse the same
scores for the same reasons; ``save_assessment`` writes the assessment and its scores in one transaction.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from beacon.core import policy
from beacon.core.forms import GovukForm, GovukModelForm, OrganisationFormMixin
from beacon.core.models import Organisation
from beacon.governance.charts import level_label
from beacon.governance.models import (
    Capability,
    ImprovementAction,
    MaturityAssessment,
    MaturityFramework,
    MaturityLevel,
    MaturityScore,
)
from beacon.risks.models import Risk

LEVELS = range(1, 6)
SCORE_MESSAGE = "Score it from 1 to 5, for example 1.8"


class FrameworkForm(OrganisationFormMixin, GovukModelForm):
    """The framework with the names of its five levels. A blank name is kept blank: the page then says the name
    is not published, rather than inventing one."""

    class Meta:
        model = MaturityFramework
        fields = ["title", "description", "source"]
        labels = {"source": "Where the framework comes from"}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        existing = {level.number: level for level in self.instance.levels.all()} if self.instance.pk else {}
        for number in LEVELS:
            level = existing.get(number)
            self.fields[f"level_{number}"] = forms.CharField(
                label=f"Name of level {number}", required=False, max_length=80,
                initial=level.name if level else "",
                help_text="Leave it blank if the name is not published" if number == 4 else "",
                widget=forms.TextInput(attrs={"class": "govuk-input govuk-input--width-20"}),
            )

    def save_levels(self, framework: MaturityFramework, *, actor: Any) -> None:
        """Write the five levels' names (a level row exists for each number, named or not)."""
        for number in LEVELS:
            name = (self.cleaned_data.get(f"level_{number}") or "").strip()
            level = MaturityLevel.objects.filter(framework=framework, number=number).first()
            if level is None:
                level = MaturityLevel(framework=framework, number=number, organisation=framework.organisation,
                                      created_by=actor)
            elif level.name == name:
                continue
            level.name = name
            level.modified_by = actor
            level.full_clean()
            level.save()


class CapabilityForm(OrganisationFormMixin, GovukModelForm):
    class Meta:
        model = Capability
        fields = ["title", "description", "order"]
        labels = {"order": "Position in the framework"}

    def __init__(self, *args: Any, parent: MaturityFramework | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if parent is not None:
            self.instance.framework = parent


class ImprovementActionForm(OrganisationFormMixin, GovukModelForm):
    class Meta:
        model = ImprovementAction
        fields = ["title", "owner_title", "due_date", "done"]
        labels = {"title": "Action", "owner_title": "Owner (role title)", "done": "Done"}

    def __init__(self, *args: Any, parent: Capability | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if parent is not None:
            self.instance.capability = parent


class AssessmentForm(OrganisationFormMixin, GovukModelForm):
    class Meta:
        model = MaturityAssessment
        fields = ["kind", "date", "assessor_title", "summary", "source", "illustrative"]
        labels = {
            "kind": "Kind of assessment",
            "date": "Date of the assessment",
            "assessor_title": "Assessed by (role title or body)",
            "summary": "Overall finding",
            "source": "Where the assessment comes from",
            "illustrative": "The scores are illustrative (demonstration data, not a council's own figures)",
        }
        widgets = {"kind": forms.RadioSelect}

    def __init__(self, *args: Any, framework: MaturityFramework | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if framework is not None:
            self.instance.framework = framework


class ScoresForm(GovukForm):
    """A row per capability of the framework: ``score_<id>``, ``evidence_<id>`` and ``risk_<id>``. A capability
    left unscored is not assessed; at least one must be scored."""

    def __init__(self, *args: Any, capabilities: list[Capability], user: Any, organisation: Organisation,
                 existing: dict[int, MaturityScore] | None = None, **kwargs: Any) -> None:
        self.capabilities = capabilities
        existing = existing or {}
        risks = policy.filter_choices(Risk.objects.all(), user, organisation).order_by("code")
        initial = kwargs.pop("initial", None) or {}
        for capability in capabilities:
            score = existing.get(capability.pk)
            if score is not None:
                initial.setdefault(f"score_{capability.pk}", score.score)
                initial.setdefault(f"evidence_{capability.pk}", score.evidence)
                initial.setdefault(f"risk_{capability.pk}", score.risk_id)
        super().__init__(*args, initial=initial, **kwargs)
        for capability in capabilities:
            self.fields[f"score_{capability.pk}"] = forms.DecimalField(
                label=f"Score for {capability.title}", required=False, max_digits=3, decimal_places=1,
                help_text="From 1 to 5, to one decimal place (for example 1.8). Leave it blank if not assessed.",
                error_messages={"invalid": SCORE_MESSAGE, "max_digits": SCORE_MESSAGE,
                                "max_decimal_places": "Give the score to one decimal place, for example 1.8"},
                widget=forms.TextInput(attrs={"class": "govuk-input govuk-input--width-3", "inputmode": "decimal",
                                              "spellcheck": "false"}),
            )
            self.fields[f"evidence_{capability.pk}"] = forms.CharField(
                label=f"Evidence for {capability.title}", required=False,
                widget=forms.Textarea(attrs={"class": "govuk-textarea", "rows": 3}),
            )
            self.fields[f"risk_{capability.pk}"] = forms.ModelChoiceField(
                label=f"Programme risk linked to {capability.title} (optional)", queryset=risks, required=False,
                empty_label="None", widget=forms.Select(attrs={"class": "govuk-select"}),
            )

    def rows(self) -> list[dict[str, Any]]:
        """The bound fields of each capability, for the template's row per capability."""
        return [
            {"capability": capability, "score": self[f"score_{capability.pk}"],
             "evidence": self[f"evidence_{capability.pk}"], "risk": self[f"risk_{capability.pk}"]}
            for capability in self.capabilities
        ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for capability in self.capabilities:
            name = f"score_{capability.pk}"
            score = cleaned.get(name)
            if score is not None and not Decimal(1) <= score <= Decimal(5):
                self.add_error(name, SCORE_MESSAGE)
        scored = [c for c in self.capabilities if cleaned.get(f"score_{c.pk}") is not None]
        if self.capabilities and not scored and not self.errors:
            raise ValidationError("Score at least one capability.")
        return cleaned

    def scores(self) -> dict[int, tuple[Decimal | None, str, Risk | None]]:
        """Capability id → (score or None, evidence, risk)."""
        return {
            capability.pk: (self.cleaned_data.get(f"score_{capability.pk}"),
                            (self.cleaned_data.get(f"evidence_{capability.pk}") or "").strip(),
                            self.cleaned_data.get(f"risk_{capability.pk}"))
            for capability in self.capabilities
        }


def check_scores(form: ScoresForm, assessment: MaturityAssessment) -> bool:
    """Run the model's own rules on each row (a risk of another council, a capability of another framework); an
    error goes to the row's field. True when every row passes."""
    ok = True
    for capability_id, (score, evidence, risk) in form.scores().items():
        if score is None:
            continue
        row = MaturityScore(organisation=assessment.organisation, assessment=assessment, score=score,
                            capability_id=capability_id, evidence=evidence, risk=risk)
        try:
            row.full_clean(exclude=["assessment"] if assessment.pk is None else [], validate_unique=False,
                           validate_constraints=False)
        except ValidationError as error:
            ok = False
            for field_name, messages in error.message_dict.items():
                target = {"score": "score", "risk": "risk", "evidence": "evidence"}.get(field_name, "score")
                for message in messages:
                    form.add_error(f"{target}_{capability_id}", message)
    return ok


def levels_of(framework: MaturityFramework) -> dict[int, str]:
    """Number → name of the framework's levels (blank names kept blank)."""
    return {level.number: level.name for level in framework.levels.all()}


def level_rows(framework: MaturityFramework) -> list[dict[str, Any]]:
    """The five levels as the framework page lists them, each with its words."""
    levels = {level.number: level for level in framework.levels.all()}
    rows = []
    for number in LEVELS:
        level = levels.get(number)
        name = level.name if level else ""
        rows.append({"number": number, "name": name, "label": level_label(number, name),
                     "description": level.description if level else "", "published": bool(name.strip())})
    return rows
