"""The report form: its details, the narrative sections (which may hold tokens) and the priorities it serves.
A draft only: issued reports are changed by drafting a new version (beacon.reports.services)."""

from __future__ import annotations

from typing import Any

from django import forms

from beacon.core.forms import GovukForm, GovukModelForm, OrganisationFormMixin
from beacon.reports.filters import meeting_choices
from beacon.reports.models import Report
from beacon.reports.services import NARRATIVE_FIELDS
from beacon.strategy.models import ObjectiveKind

NARRATIVE_HINT = "May hold tokens such as [[savings.delivered 2024/25]]: the tokens you can use are listed above."


class ReportForm(OrganisationFormMixin, GovukModelForm):
    class Meta:
        model = Report
        fields = [
            "kind", "title", "programme", "meeting", "decision", "reporting_period", "decision_maker", "report_date",
            "report_of", "author_title", "author_contact", "wards_affected", *NARRATIVE_FIELDS, "priorities",
            "confidential", "exempt_paragraph", "public",
        ]
        widgets = {"priorities": forms.CheckboxSelectMultiple}
        labels = {
            "kind": "Kind of report",
            "meeting": "Meeting (optional)",
            "decision": "The decision it asks for (optional)",
            "reporting_period": "Month it covers (optional, for a highlight report)",
            "decision_maker": "Decision maker (optional)",
            "report_date": "Date of the meeting or report (optional)",
            "report_of": "Report of (optional)",
            "author_title": "Report author (optional)",
            "author_contact": "Author's contact (optional)",
            "wards_affected": "Wards affected (optional)",
            "executive_summary": "Executive summary",
            "reasons": "Reasons for the recommendations",
            "finance_comments": "Financial implications: comments of the S151 officer",
            "legal_comments": "Legal implications: comments of the monitoring officer",
            "hr_implications": "Human resources implications",
            "equality_implications": "Equality implications",
            "risk_implications": "Risk implications",
            "other_implications": "Other implications",
            "decisions_needed": "Decisions needed (highlight report)",
            "exempt_appendix": "Exempt information (left out of the public version)",
            "priorities": "Corporate priorities it supports (optional)",
            "confidential": "Confidential (exempt information): never published",
            "exempt_paragraph": "Exempt paragraph (needed if confidential)",
            "public": "Publish the issued report on the public dashboard",
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in NARRATIVE_FIELDS:
            field = self.fields[name]
            field.required = False
            field.widget.attrs.setdefault("rows", 5)
            own = f"{field.help_text}. " if field.help_text else ""
            field.help_text = own + NARRATIVE_HINT
        meeting: Any = self.fields["meeting"]
        meeting.queryset = meeting_choices(meeting.queryset)
        priorities: Any = self.fields["priorities"]
        priorities.queryset = priorities.queryset.filter(kind=ObjectiveKind.STRATEGIC).order_by("title", "pk")
        priorities.help_text = "The council's strategic objectives: those ticked show as ticked in the report"


class SignOffForm(GovukForm):
    """The officer signs as the role they hold (finance or monitoring): only a comment is asked."""

    comment = forms.CharField(label="Comment (optional)", required=False, widget=forms.Textarea(attrs={"rows": 4}))
