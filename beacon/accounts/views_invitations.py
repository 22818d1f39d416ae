"""Accepting an invitation from the link in its e-mail (``/accounts/invitations/<token>/``).

Anyone may open the link: a person new to Beacon chooses a username and a password; a person who already has an
account (one with the invitation's e-mail address) signs in first and then accepts, which adds the role to their
account. A link that is unknown (404), or expired, accepted or withdrawn (410), gets a page saying so."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import login
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views import generic
from django.views.decorators.cache import never_cache

from beacon.accounts import services
from beacon.accounts.forms_admin import NewAccountForm
from beacon.accounts.models import Invitation
from beacon.core.generic import org_url
from beacon.core.models import Role

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


@method_decorator(never_cache, name="dispatch")
class AcceptInvitation(generic.View):
    invitation: Invitation

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        try:
            self.invitation = services.find_invitation(kwargs["token"])
        except services.InvitationUnusable as error:
            return self.unusable(error)
        return super().dispatch(request, *args, **kwargs)

    def unusable(self, error: services.InvitationUnusable) -> HttpResponse:
        return render(self.request, "accounts/invitation_unusable.html",
                      {"page_title": "This invitation cannot be used", "problem": str(error)},
                      status=410 if error.known else 404)

    def mode(self) -> str:
        """What this visitor is asked: ``confirm`` (signed in as the invited e-mail), ``other_account`` (signed in
        as someone else), ``sign_in`` (an account with that e-mail exists) or ``new`` (choose a username)."""
        user = self.request.user
        email = self.invitation.email.strip().lower()
        if user.is_authenticated:
            return "confirm" if (user.email or "").strip().lower() == email else "other_account"
        return "sign_in" if services.accounts_with_email(email).exists() else "new"

    def context(self, **extra: Any) -> dict[str, Any]:
        invitation = self.invitation
        return {
            "page_title": f"Join {invitation.organisation} on Beacon", "invitation": invitation,
            "role": Role(invitation.role).label,
            "login_url": f"{reverse('login')}?{urlencode({'next': self.request.path})}",
            **extra,
        }

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        mode = self.mode()
        if mode == "new":
            return self.new_account_page(NewAccountForm(email=self.invitation.email))
        return render(request, f"accounts/invitation_{mode}.html", self.context())

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        mode = self.mode()
        if mode == "new":
            return self.create_account()
        if mode == "confirm":
            return self.accept()
        # Nothing to accept as this visitor: the same explanation, as a refusal.
        return render(request, f"accounts/invitation_{mode}.html", self.context(), status=403)

    def new_account_page(self, form: NewAccountForm) -> HttpResponse:
        context = self.context(form=form, submit_label="Accept and create account")
        return render(self.request, "accounts/invitation_new.html", context)

    def create_account(self) -> HttpResponse:
        form = NewAccountForm(self.request.POST, email=self.invitation.email)
        if not form.is_valid():
            return self.new_account_page(form)
        try:
            user = services.accept_invitation_as_new_user(
                token=self.kwargs["token"], username=form.cleaned_data["username"],
                password=form.cleaned_data["password1"], request=self.request,
            )
        except services.InvitationUnusable as error:
            return self.unusable(error)
        except services.AccountAdminError as error:
            form.add_error(None, str(error))
            return self.new_account_page(form)
        login(self.request, user, backend=MODEL_BACKEND)
        return self.welcome()

    def accept(self) -> HttpResponse:
        try:
            services.accept_invitation(actor=self.request.user, token=self.kwargs["token"], request=self.request)
        except services.InvitationUnusable as error:
            return self.unusable(error)
        except services.AccountAdminError as error:
            return render(self.request, "accounts/invitation_confirm.html", self.context(refusal=str(error)))
        return self.welcome()

    def welcome(self) -> HttpResponse:
        organisation = self.invitation.organisation
        role = Role(self.invitation.role).label.lower()
        messages.success(self.request, f"Welcome to {organisation}: your role is {role}")
        return HttpResponseRedirect(org_url("home:dashboard", organisation))
