"""The form for making a personal API token."""

from __future__ import annotations

from typing import Any

from django import forms

from beacon.accounts.models import ApiToken, TokenScope
from beacon.accounts.tokens import MAX_EXPIRY_DAYS
from beacon.core.forms import GovukForm

SCOPE_CHOICES = [
    (TokenScope.READ.value, "Read only: the token can read records but never change them"),
    (TokenScope.WRITE.value, "Read and write: the token can also add and change records, as your role allows"),
]


class TokenCreateForm(GovukForm):
    name = forms.CharField(
        label="Name", max_length=ApiToken._meta.get_field("name").max_length,
        help_text="What the token is for, so that you recognise it later, for example “Monthly dashboard”.",
        error_messages={"max_length": "The name must be 80 characters or fewer"},
    )
    scope = forms.ChoiceField(
        label="What the token can do", choices=SCOPE_CHOICES, widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Choose read only, or read and write"},
    )
    expires_in_days = forms.IntegerField(
        label="Expires after (optional)", required=False, min_value=1, max_value=MAX_EXPIRY_DAYS,
        help_text=f"A number of days, from 1 to {MAX_EXPIRY_DAYS}. Leave it empty for a token that works until "
                  "you revoke it.",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-4"}),
        error_messages={
            "invalid": "Enter the number of days as a whole number, like 90",
            "min_value": "The token must last at least 1 day",
            "max_value": f"The token can last at most {MAX_EXPIRY_DAYS} days",
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # GovukFormMixin writes "Enter the <label>": these say it better.
        self.fields["name"].error_messages["required"] = "Enter a name for the token"
        self.fields["scope"].error_messages["required"] = "Choose what the token can do"

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError("Enter a name for the token")
        return name
