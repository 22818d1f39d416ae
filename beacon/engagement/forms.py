"""Forms of ideas and events: submitting an idea (any role), a reviewer's changes to it, its status (accepting it
names an existing project or makes a new one; declining needs a reason) and its moderation, and an event. The
rules sit in the models' clean() methods and in ``beacon.engagement.services``: these forms only gather input,
and the views turn a service's ValidationError into these forms' errors."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError

from beacon.core import policy
from beacon.core.forms import GovukForm, GovukModelForm, OrganisationFormMixin
from beacon.engagement.models import IDEA_TRANSITIONS, Event, Idea, IdeaStatus, Moderation
from beacon.programmes.models import Programme, Project

DATE = forms.DateInput(format="%Y-%m-%d")


class IdeaSubmitForm(OrganisationFormMixin, GovukModelForm):
    """What anyone with a role gives when submitting an idea (``services.submit_idea`` saves it)."""

    class Meta:
        model = Idea
        fields = ["title", "description", "workstream", "submitter", "submitter_role_title", "event"]
        widgets = {"submitter": forms.RadioSelect, "description": forms.Textarea(attrs={"rows": 6})}
        labels = {
            "title": "Title",
            "description": "Describe the idea",
            "workstream": "Workstream (optional)",
            "submitter": "Who is putting the idea forward",
            "submitter_role_title": "Role, team or service (optional)",
            "event": "Event it came from (optional)",
        }
        help_texts = {
            "title": "A short name for the idea",
            "description": "What would change, for whom, and what it might save or improve",
            "submitter": "A kind of person: no name is shown with the idea",
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["description"].error_messages["required"] = "Describe the idea"
        self.fields["submitter"].error_messages["required"] = "Say who is putting the idea forward"
        event = cast(forms.ModelChoiceField, self.fields["event"])
        event.queryset = event.queryset.order_by("-date", "title")  # type: ignore[union-attr]


class IdeaEditForm(OrganisationFormMixin, GovukModelForm):
    """A reviewer's changes to an idea's wording and links (its status and moderation have their own forms)."""

    class Meta:
        model = Idea
        fields = ["title", "description", "workstream", "event", "submitter_role_title"]
        widgets = {"description": forms.Textarea(attrs={"rows": 6})}
        labels = {
            "description": "Description",
            "workstream": "Workstream (optional)",
            "event": "Event it came from (optional)",
            "submitter_role_title": "Submitter's role, team or service (optional)",
        }


class ProjectChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.code} {obj.title}".strip()


class IdeaStatusForm(GovukForm):
    """Move an idea on: the statuses its current one allows; accepting names a project (existing or new)."""

    status = forms.ChoiceField(label="New status", widget=forms.RadioSelect)
    project = ProjectChoiceField(
        label="An existing project (when accepting)", queryset=Project.objects.none(), required=False,
        help_text="The project the idea becomes, if it already exists",
    )
    programme = forms.ModelChoiceField(
        label="Or a new project in this programme (when accepting)", queryset=Programme.objects.none(),
        required=False, help_text="A new project at the idea stage is made in this programme",
    )
    new_project_title = forms.CharField(
        label="Title of the new project (optional)", max_length=200, required=False,
        help_text="Leave blank to use the idea's title",
    )
    reason = forms.CharField(
        label="Reason", required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Needed when declining: the reason is published with the idea",
    )

    def __init__(self, *args: Any, idea: Idea, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.idea = idea
        allowed = IDEA_TRANSITIONS.get(idea.status, ())
        cast(forms.ChoiceField, self.fields["status"]).choices = [(value, IdeaStatus(value).label) for value in allowed]
        self.fields["status"].error_messages["invalid_choice"] = "Choose one of the statuses shown."
        self.fields["status"].error_messages["required"] = "Choose the idea's new status"
        project = cast(forms.ModelChoiceField, self.fields["project"])
        project.queryset = policy.filter_choices(Project.objects.all(), user, idea.organisation).only(
            "pk", "code", "title").order_by("code", "title")
        programme = cast(forms.ModelChoiceField, self.fields["programme"])
        programme.queryset = policy.filter_choices(Programme.objects.all(), user, idea.organisation).only(
            "pk", "title").order_by("title")
        project.empty_label = programme.empty_label = "None"
        if IdeaStatus.ACCEPTED not in allowed:  # the project fields only serve an acceptance
            for name in ("project", "programme", "new_project_title"):
                del self.fields[name]

    @property
    def may_accept(self) -> bool:
        return IdeaStatus.ACCEPTED in IDEA_TRANSITIONS.get(self.idea.status, ())

    @property
    def allowed(self) -> bool:
        """Whether the idea can be moved anywhere from its status (an accepted one stays accepted)."""
        return bool(IDEA_TRANSITIONS.get(self.idea.status, ()))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("status") == IdeaStatus.ACCEPTED and data.get("project") and data.get("programme"):
            self.add_error("programme", "Choose an existing project or a programme for a new one, not both.")
        return data

    # The services' error keys, as this form's fields.
    FIELD_OF = {"status": "status", "project": "project", "programme": "programme", "status_reason": "reason",
                "title": "new_project_title", "reason": "reason"}

    def add_service_error(self, error: ValidationError) -> None:
        if hasattr(error, "error_dict"):
            for key, messages in error.message_dict.items():
                field = self.FIELD_OF.get(key)
                field = field if field in self.fields else None
                for message in messages:
                    self.add_error(field, message)
        else:
            for message in error.messages:
                self.add_error(None, message)


class IdeaModerationForm(GovukForm):
    """Whether colleagues' and residents' ideas may be shown on the public pages."""

    moderation = forms.ChoiceField(label="Moderation", choices=Moderation.choices, widget=forms.RadioSelect)
    public = forms.TypedChoiceField(
        label="Show on the public pages", choices=[("yes", "Yes"), ("no", "No")], widget=forms.RadioSelect,
        coerce=lambda value: value == "yes", help_text="Only a published idea is shown to the public",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["moderation"].error_messages["required"] = "Choose published, hidden or waiting for moderation"
        self.fields["public"].error_messages["required"] = "Say whether to show the idea on the public pages"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("public") and data.get("moderation") not in (None, Moderation.PUBLISHED):
            self.add_error("public", "Publish the idea before showing it on the public pages.")
        return data


class EventForm(OrganisationFormMixin, GovukModelForm):
    class Meta:
        model = Event
        fields = ["title", "kind", "description", "status", "date", "end_date", "audience", "location", "programme",
                  "workstream", "participants", "outcomes", "public", "source", "illustrative"]
        widgets = {"date": DATE, "end_date": DATE, "kind": forms.RadioSelect, "status": forms.RadioSelect,
                   "description": forms.Textarea(attrs={"rows": 4}), "outcomes": forms.Textarea(attrs={"rows": 6})}
        labels = {
            "kind": "Kind of event",
            "date": "Date (optional until it is held)",
            "end_date": "End date (optional)",
            "audience": "Who it is for (optional)",
            "location": "Where (optional)",
            "programme": "Programme (optional)",
            "workstream": "Workstream (optional)",
            "participants": "Number of participants (optional)",
            "outcomes": "Outcomes",
            "public": "Public (shown on the public pages)",
            "source": "Source",
            "illustrative": "Illustrative (not from a council's own records)",
        }
        help_texts = {"outcomes": "What came out of it: decisions, themes, next steps"}
