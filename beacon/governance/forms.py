"""Forms for boards and their members, meetings and agenda items, decisions with their options and
implications, and the key-decision thresholds. Money is typed in pounds ("£100,000") and kept in pence; the
models' clean() methods hold the rules (same organisation; an exception needs its reason), and the route's
rules are ``beacon.governance.route.previous_problem``, so the API refuses the same input for the same
reasons."""

from __future__ import annotations

from typing import Any

from django import forms

from beacon.core.forms import GovukModelForm, MoneyField, OrganisationFormMixin
from beacon.finance.forms_resources import ChildFormMixin, PenceFieldsMixin
from beacon.governance.models import (
    AgendaItem,
    Board,
    BoardMember,
    Decision,
    DecisionOption,
    Implication,
    KeyDecisionThresholds,
    Meeting,
)
from beacon.governance.route import previous_problem

DATE = forms.DateInput(format="%Y-%m-%d")


class BoardForm(OrganisationFormMixin, GovukModelForm):
    class Meta:
        model = Board
        fields = ["title", "kind", "terms_of_reference", "chair_title", "sponsor_title", "programmes",
                  "meeting_cadence", "source", "public", "archived"]
        widgets = {"programmes": forms.CheckboxSelectMultiple}
        labels = {
            "title": "Name of the board",
            "kind": "Kind of board",
            "chair_title": "Chair (role title)",
            "sponsor_title": "Sponsor (role title)",
            "programmes": "Programmes it oversees",
            "meeting_cadence": "How often it meets (optional)",
            "source": "Where this comes from (optional)",
            "public": "Show on the public pages",
            "archived": "Archived (no longer meets)",
        }
        help_texts = {"chair_title": "For example Leader of the Council",
                      "sponsor_title": "For example Chief Executive"}


class BoardMemberForm(ChildFormMixin, OrganisationFormMixin, GovukModelForm):
    parent_field = "board"

    class Meta:
        model = BoardMember
        fields = ["role_title", "kind"]
        labels = {"role_title": "Role title", "kind": "Place on the board"}
        help_texts = {"role_title": "A councillor's portfolio or an officer's post, for example Director of Finance"}


class MeetingForm(OrganisationFormMixin, GovukModelForm):
    class Meta:
        model = Meeting
        fields = ["board", "date", "start_time", "location", "status", "minutes", "source", "public", "illustrative"]
        widgets = {"date": DATE, "start_time": forms.TimeInput(format="%H:%M")}
        labels = {
            "start_time": "Start time (optional)",
            "location": "Where it meets (optional)",
            "minutes": "Minutes (optional)",
            "source": "Where this comes from (optional)",
            "public": "Show on the public pages",
            "illustrative": "Illustrative (no source gives this meeting)",
        }
        help_texts = {"start_time": "In 24-hour time, for example 14:00", "date": "For example 21 3 2024"}


def item_label(item: AgendaItem) -> str:
    return f"{item.meeting}: {item.title}"


class AgendaItemForm(ChildFormMixin, OrganisationFormMixin, GovukModelForm):
    parent_field = "meeting"

    class Meta:
        model = AgendaItem
        fields = ["number", "title", "decision", "previous", "resolution", "comments_to_next", "confidential",
                  "exempt_paragraph"]
        labels = {
            "number": "Item number (optional)",
            "title": "Title of the item or report",
            "decision": "The decision it is about (optional)",
            "previous": "The same matter at an earlier board (optional)",
            "resolution": "What the board resolved (optional)",
            "comments_to_next": "Comments passed to the next board (optional)",
            "confidential": "Confidential (exempt information)",
            "exempt_paragraph": "Exempt paragraph (optional)",
        }
        help_texts = {
            "previous": "For example the Scrutiny Commission's item on the report that now comes to Cabinet",
            "comments_to_next": "For example “subject to consideration of the issues highlighted above”",
            "exempt_paragraph": "The paragraph of Schedule 12A, Local Government Act 1972",
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["previous"]
        choices = field.queryset.model.objects.filter(pk__in=field.queryset.values("pk")).select_related(
            "meeting__board"
        ).order_by("-meeting__date", "meeting__board__title", "number", "pk")
        meeting = self.instance.meeting if self.instance.meeting_id else None
        if meeting is not None:
            choices = choices.filter(meeting__date__lt=meeting.date)
        if self.instance.pk:
            choices = choices.exclude(pk=self.instance.pk)
        field.queryset = choices
        field.label_from_instance = item_label
        decision: Any = self.fields["decision"]
        decision.queryset = decision.queryset.order_by("-decision_date", "title")

    def clean_previous(self) -> AgendaItem | None:
        previous = self.cleaned_data.get("previous")
        problem = previous_problem(self.instance, previous)
        if problem:
            raise forms.ValidationError(problem)
        return previous


class DecisionForm(PenceFieldsMixin, OrganisationFormMixin, GovukModelForm):
    revenue_impact = MoneyField(label="Revenue budget impact (optional)", required=False,
                                help_text="The change to a service revenue budget, in pounds, for example £100,000. "
                                          "Leave blank to use the linked projects' savings.")
    contract_value = MoneyField(label="Contract value (optional)", required=False,
                                help_text="In pounds, for example £450,000. Leave blank to use the linked "
                                          "contracts' fees.")
    capital_scheme = MoneyField(label="New or unprogrammed capital scheme (optional)", required=False,
                                help_text="In pounds, for example £2.5m")
    pence_fields = {"revenue_impact": "revenue_impact_pence", "contract_value": "contract_value_pence",
                    "capital_scheme": "capital_scheme_pence"}

    class Meta:
        model = Decision
        fields = ["code", "title", "decision_maker", "decision_maker_title", "decision_date", "status",
                  "recommendation", "resolution", "reasons", "projects", "contracts", "revenue_impact",
                  "contract_value", "capital_scheme", "wards_affected", "all_wards", "significant_ward_impact",
                  "forward_plan_published", "general_exception", "special_urgency", "exception_reason",
                  "call_in_ends", "confidential", "exempt_paragraph", "public", "source", "illustrative"]
        widgets = {"decision_date": DATE, "forward_plan_published": DATE, "call_in_ends": DATE,
                   "projects": forms.CheckboxSelectMultiple, "contracts": forms.CheckboxSelectMultiple}
        labels = {
            "code": "Reference (optional)",
            "decision_maker": "Board that takes it (optional)",
            "decision_maker_title": "Or the officer or cabinet member who takes it (role title)",
            "decision_date": "Decision date (optional)",
            "recommendation": "Recommendation (optional)",
            "resolution": "Resolution (optional)",
            "reasons": "Reasons (optional)",
            "projects": "Projects it is about (optional)",
            "contracts": "Delivery partner contracts it awards or changes (optional)",
            "wards_affected": "Wards affected (optional)",
            "all_wards": "Every ward is affected",
            "significant_ward_impact": "The impact in those wards is significant",
            "forward_plan_published": "Published on the forward plan on (optional)",
            "general_exception": "Taken under the general exception (regulation 10)",
            "special_urgency": "Taken under special urgency (regulation 11)",
            "exception_reason": "Why the exception or urgency applies",
            "call_in_ends": "Call-in period ends (optional)",
            "confidential": "Confidential (exempt information)",
            "exempt_paragraph": "Exempt paragraph (optional)",
            "public": "Show on the public pages",
            "source": "Where this comes from (optional)",
            "illustrative": "Illustrative (no source gives this decision)",
        }
        help_texts = {
            "wards_affected": "One ward a line, or “All wards”",
            "significant_ward_impact": "In environmental, social or physical terms (the key-decision test)",
            "exception_reason": "Needed when the general exception or special urgency is recorded",
            "exempt_paragraph": "The paragraph of Schedule 12A, Local Government Act 1972",
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("projects", "contracts"):
            field: Any = self.fields[name]
            field.queryset = field.queryset.order_by(*(["code"] if name == "projects" else []), "title")

    def clean_wards_affected(self) -> str:
        text = self.cleaned_data.get("wards_affected", "")
        # One ward a line, tidied: blank lines and stray spaces dropped.
        return "\n".join(line.strip() for line in text.splitlines() if line.strip())


class DecisionOptionForm(ChildFormMixin, OrganisationFormMixin, GovukModelForm):
    parent_field = "decision"

    class Meta:
        model = DecisionOption
        fields = ["order", "option", "impact", "risk", "recommended"]
        labels = {"order": "Order in the table", "option": "Option", "impact": "Impact (optional)",
                  "risk": "Risk (optional)", "recommended": "This is the recommended option"}
        help_texts = {"option": "For example “Do nothing”, “In house”, “Fully external” or “Hybrid”"}


class ImplicationForm(ChildFormMixin, OrganisationFormMixin, GovukModelForm):
    parent_field = "decision"

    class Meta:
        model = Implication
        fields = ["kind", "text", "officer_comments", "officer_title"]
        labels = {"kind": "Kind of implication", "text": "Implication",
                  "officer_comments": "Officer's comments (optional)",
                  "officer_title": "Officer (role title, optional)"}
        help_texts = {"officer_title": "For example Section 151 Officer or Monitoring Officer"}


class ThresholdsForm(PenceFieldsMixin, OrganisationFormMixin, GovukModelForm):
    revenue = MoneyField(label="Revenue budget impact", help_text="In pounds, for example £100,000")
    contract = MoneyField(label="Contract value", help_text="In pounds, for example £100,000")
    capital = MoneyField(label="New or unprogrammed capital scheme", help_text="In pounds, for example £100,000")
    pence_fields = {"revenue": "revenue_pence", "contract": "contract_pence", "capital": "capital_pence"}

    class Meta:
        model = KeyDecisionThresholds
        fields = ["revenue", "contract", "capital", "wards", "notice_days", "source"]
        labels = {"wards": "Wards significantly affected", "notice_days": "Clear days' notice on the forward plan",
                  "source": "Where these come from (optional)"}
        help_texts = {"wards": "A decision is key when its impact is significant in this many wards or more",
                      "source": "For example the constitution's article and date"}
