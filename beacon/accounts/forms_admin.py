"""Forms of account administration and of accepting an invitation. They translate what was typed; the rules are
in ``beacon.accounts.services``."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError

from beacon.accounts.models import EventKind
from beacon.core.forms import GovukForm
from beacon.core.models import Membership, Organisation, Role


class InviteForm(GovukForm):
    email = forms.EmailField(label="E-mail address", max_length=254,
                             help_text="The invitation is sent here; the link in it works once, for 7 days.",
                             widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}))
    role = forms.ChoiceField(label="Role", choices=Role.choices, widget=forms.RadioSelect)
    job_title = forms.CharField(label="Job title (optional)", max_length=120, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].error_messages["invalid"] = (
            "Enter an e-mail address in the correct format, like name@example.org"
        )


class RoleForm(GovukForm):
    role = forms.ChoiceField(label="Role", choices=Role.choices, widget=forms.RadioSelect)
    job_title = forms.CharField(label="Job title (optional)", max_length=120, required=False)


class ReasonForm(GovukForm):
    reason = forms.CharField(label="Reason (optional)", max_length=300, required=False, widget=forms.Textarea(
        attrs={"rows": 3}), help_text="Kept in the audit trail, for example “Left the council on 21 March 2024”.")


class NewAccountForm(GovukForm):
    """Choosing a username and a password when accepting an invitation (Django's password validators apply)."""

    username = forms.CharField(
        label="Username", max_length=150, validators=[UnicodeUsernameValidator()],
        help_text="You sign in with it. Letters, digits and @ . + - _ only.",
        widget=forms.TextInput(attrs={"autocomplete": "username", "spellcheck": "false"}),
    )
    password1 = forms.CharField(
        label="Password", strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="At least 12 characters. Not a common password, not all numbers, not like your username.",
    )
    password2 = forms.CharField(
        label="Password again", strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args: Any, email: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.email = email
        self.fields["username"].error_messages["required"] = "Enter a username"
        self.fields["password1"].error_messages["required"] = "Enter a password"
        self.fields["password2"].error_messages["required"] = "Enter the password again"

    def clean_username(self) -> str:
        username = self.cleaned_data["username"]
        if get_user_model().objects.filter(username__iexact=username).exists():
            raise ValidationError("That username is taken: choose another")
        return username

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", "The two passwords are not the same")
        elif first:
            user = get_user_model()(username=cleaned.get("username", ""), email=self.email)
            try:
                password_validation.validate_password(first, user)
            except ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class AuditFilterForm(GovukForm):
    """The audit trail's filters (GET): what happened, and to whom."""

    kind = forms.ChoiceField(label="What happened", required=False, choices=[("", "Anything"), *EventKind.choices])
    user = forms.ModelChoiceField(label="Whose account", required=False, queryset=get_user_model().objects.none())

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        members = Membership.objects.filter(organisation=organisation).values("user_id")
        field = self.fields["user"]
        field.queryset = get_user_model().objects.filter(pk__in=members).order_by("username")  # type: ignore[attr-defined]
        field.empty_label = "Anyone"  # type: ignore[attr-defined]
        field.label_from_instance = lambda user: (  # type: ignore[attr-defined]
            f"{user.get_full_name()} ({user.get_username()})" if user.get_full_name() else user.get_username()
        )
