"""The form of an organisation's single sign-on mapping: which provider's group gives which role."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from beacon.accounts import oidc
from beacon.accounts.models import SsoRoleMapping
from beacon.core.forms import GovukForm
from beacon.core.models import Organisation, Role


class MappingForm(GovukForm):
    provider = forms.ChoiceField(label="Provider", widget=forms.RadioSelect)
    group = forms.CharField(
        label="Group", max_length=255,
        help_text="The group's value exactly as the provider sends it in its group claim (for Microsoft Entra ID, "
                  "the group's object ID).",
        widget=forms.TextInput(attrs={"spellcheck": "false", "autocomplete": "off"}),
    )
    role = forms.ChoiceField(label="Role", choices=Role.choices, widget=forms.RadioSelect,
                             help_text="Someone in several mapped groups gets the highest of their roles.")

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        choices = [(p.name, p.title) for p in oidc.providers().values()]
        self.fields["provider"].choices = choices  # type: ignore[attr-defined]
        self.fields["provider"].error_messages["required"] = "Choose the provider"
        self.fields["provider"].error_messages["invalid_choice"] = "Choose one of the providers listed"
        self.fields["group"].error_messages["required"] = "Enter the group"
        self.fields["role"].error_messages["required"] = "Choose the role the group gives"
        self.fields["role"].error_messages["invalid_choice"] = "Choose one of the roles listed"

    def clean_group(self) -> str:
        return str(self.cleaned_data["group"]).strip()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        provider, group = cleaned.get("provider"), cleaned.get("group")
        if provider and group:
            existing = SsoRoleMapping.objects.filter(organisation=self.organisation, provider=provider,
                                                     group=group).first()
            if existing is not None:
                raise ValidationError(
                    f"The group {group} already gives the role {existing.get_role_display()} in "
                    f"{self.organisation}. Remove that line first to give it another role.")
        return cleaned
