"""Forms for plans, themes, priorities, objectives and service design principles.

Choices of linked records are what the user may read in this organisation. The models' clean() methods hold
the rules about one record's links (same organisation; a sub-theme in its parent's plan); ``rules`` holds the
approval route, the plan's status and the theme tree, which the API applies too, with the same words.
"""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import QuerySet

from beacon.core.forms import GovukModelForm, OrganisationFormMixin
from beacon.strategy import rules
from beacon.strategy.models import Objective, Plan, Principle, Priority, Theme

DATE = forms.DateInput(format="%Y-%m-%d")


class ThemeChoiceField(forms.ModelChoiceField):
    """A theme named with the theme above it, so that two sub-themes of the same name can be told apart."""

    def label_from_instance(self, obj: Any) -> str:
        theme = cast(Theme, obj)
        return f"{theme.parent.title} – {theme.title}" if theme.parent_id and theme.parent else theme.title


def with_plans(field: forms.Field) -> None:
    """Theme choices grouped by plan (a select's option groups), fetched with their parents in one query."""
    choice = cast(forms.ModelChoiceField, field)
    themes = cast(QuerySet, choice.queryset).defer(None).select_related("plan", "parent").order_by(
        "plan__title", "plan_id", "parent__order", "parent__title", "order", "title"
    )
    choice.queryset = themes
    groups: dict[str, list[tuple[int, str]]] = {}
    for theme in themes:
        groups.setdefault(theme.plan.title, []).append((theme.pk, choice.label_from_instance(theme)))
    empty = [("", choice.empty_label)] if choice.empty_label is not None else []
    choice.choices = [*empty, *groups.items()]  # type: ignore[assignment]


class PlanForm(OrganisationFormMixin, GovukModelForm):
    class Meta:
        model = Plan
        fields = ["title", "description", "period_start", "period_end", "status", "scrutiny_date", "cabinet_date",
                  "council_date", "public", "source"]
        widgets = {name: DATE for name in ("period_start", "period_end", "scrutiny_date", "cabinet_date",
                                           "council_date")}
        labels = {
            "period_start": "Period start",
            "period_end": "Period end",
            "scrutiny_date": "Scrutiny date",
            "cabinet_date": "Cabinet date",
            "council_date": "Council date",
            "public": "Show on the public pages",
        }
        help_texts = {
            "scrutiny_date": "When scrutiny considered it, for example 30 4 2014",
            "cabinet_date": "When Cabinet approved it, for example 6 5 2014",
            "council_date": "When full Council approved it, for example 21 5 2014",
        }

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not any(name in self.errors for name in ("status", *(field for field, _ in rules.APPROVAL_ROUTE))):
            for name, message in rules.plan_errors(cleaned).items():
                self.add_error(name, message)
        return cleaned


class ThemeForm(OrganisationFormMixin, GovukModelForm):
    parent = ThemeChoiceField(queryset=Theme.objects.all(), required=False, label="Parent theme",
                              help_text="Leave as None for a top-level theme; choose a theme to make a sub-theme")

    class Meta:
        model = Theme
        fields = ["plan", "parent", "title", "description", "expected_priorities", "order"]
        labels = {"expected_priorities": "Number of priorities (where their titles are not recorded)"}
        help_texts = {
            "expected_priorities": "How many priorities the plan gives under this theme. Put the numbers on the "
                                   "sub-themes, not on their parent: the parent shows their sum.",
            "order": "Themes are shown in this order, lowest first",
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        with_plans(self.fields["parent"])

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        plan = cleaned.get("plan")
        errors = rules.theme_errors(theme_pk=self.instance.pk, plan_id=plan.pk if plan else None,
                                    parent=cleaned.get("parent"))
        for name, message in errors.items():
            if name not in self.errors:
                self.add_error(name, message)
        return cleaned


class PriorityForm(OrganisationFormMixin, GovukModelForm):
    theme = ThemeChoiceField(queryset=Theme.objects.all(), label="Theme")

    class Meta:
        model = Priority
        fields = ["theme", "code", "title", "description", "supporting_actions", "measures", "targets"]
        help_texts = {
            "supporting_actions": "The delivery plans and actions that support this priority",
            "measures": "How progress is measured",
            "targets": "What the plan aims to achieve, and by when",
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        with_plans(self.fields["theme"])


class ObjectiveForm(OrganisationFormMixin, GovukModelForm):
    class Meta:
        model = Objective
        fields = ["kind", "code", "title", "description", "source"]
        widgets = {"kind": forms.RadioSelect}


class PrincipleForm(OrganisationFormMixin, GovukModelForm):
    class Meta:
        model = Principle
        fields = ["code", "title", "description", "source"]
