"""'Your account': who you are, your roles, your recent sign-ins, changing your password and signing out
everywhere. Every page is the signed-in user's own; anyone else is sent to sign in."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.shortcuts import resolve_url
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.views import generic

from beacon.accounts import audit, sessions, two_factor
from beacon.accounts.forms_account import GovukPasswordChangeForm
from beacon.accounts.models import AccountEvent, EventKind
from beacon.core.models import Membership

RECENT_SIGN_INS = 10
# For a user made by single sign-on (no Beacon password: ``set_unusable_password``).
SSO_PASSWORD_ADVICE = "change your password with your organisation's sign-in service, as your IT team advises"  # noqa: S105 - advice, not a password
SIGN_IN_KINDS = (EventKind.SIGNED_IN, EventKind.SIGN_IN_FAILED)


def when(at: dt.datetime) -> str:
    """A moment as GOV.UK writes it, in local time: 21 March 2024 at 2:05pm."""
    local = timezone.localtime(at)
    hour = local.hour % 12 or 12
    return f"{local.day} {local:%B %Y} at {hour}:{local.minute:02d}{'am' if local.hour < 12 else 'pm'}"


def account_breadcrumbs(here: str) -> list[dict[str, str]]:
    return [{"label": "Home", "url": reverse("home:index")}, {"label": "Your account", "url": reverse("account:index")},
            {"label": here}]


class AccountView(LoginRequiredMixin, generic.TemplateView):
    template_name = "accounts/account_index.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user: Any = self.request.user
        events = AccountEvent.objects.filter(user=user, kind__in=SIGN_IN_KINDS).order_by("-at", "-pk")
        context.update(
            page_title="Your account",
            breadcrumbs=[{"label": "Home", "url": reverse("home:index")}, {"label": "Your account"}],
            memberships=Membership.objects.filter(user=user).select_related("organisation"),
            sign_ins=[
                {"when": when(event.at), "failed": event.kind == EventKind.SIGN_IN_FAILED, "address": event.address}
                for event in events[:RECENT_SIGN_INS]
            ],
            idle_timeout=sessions.duration_text(settings.SESSION_IDLE_TIMEOUT),
            absolute_timeout=sessions.duration_text(settings.SESSION_COOKIE_AGE),
            two_factor_on=two_factor.is_on(user),
            two_factor_required=two_factor.required_for(user),
            sso_password_advice=SSO_PASSWORD_ADVICE,
        )
        return context


class PasswordChangeView(LoginRequiredMixin, generic.FormView):
    template_name = "accounts/account_password.html"
    form_class = GovukPasswordChangeForm
    success_url = reverse_lazy("account:index")

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.user.is_authenticated and not request.user.has_usable_password():
            messages.info(request, f"Beacon keeps no password for you: {SSO_PASSWORD_ADVICE}")
            return HttpResponseRedirect(reverse("account:index"))
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["user"] = self.request.user
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(page_title="Change your password", submit_label="Change password",
                       cancel_url=reverse("account:index"), breadcrumbs=account_breadcrumbs("Change your password"))
        return context

    def form_valid(self, form: GovukPasswordChangeForm) -> HttpResponse:
        with transaction.atomic():
            user = form.save()
            audit.record(EventKind.PASSWORD_CHANGED, user=user, request=self.request)
        # The new password changes the session's password hash: this session is kept (with a new key), every
        # other session of the user is refused at its next request.
        update_session_auth_hash(self.request, user)
        messages.success(self.request, "Your password has been changed. You have been signed out everywhere else")
        return super().form_valid(form)


class SignOutEverywhereView(LoginRequiredMixin, generic.TemplateView):
    template_name = "accounts/account_sign_out_everywhere.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(page_title="Sign out everywhere", submit_label="Sign out everywhere", warning=True,
                       cancel_url=reverse("account:index"), breadcrumbs=account_breadcrumbs("Sign out everywhere"))
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        sessions.sign_out_everywhere(request)
        messages.success(request, "You have been signed out everywhere, including here. Sign in again to carry on")
        return HttpResponseRedirect(resolve_url(settings.LOGIN_URL))
