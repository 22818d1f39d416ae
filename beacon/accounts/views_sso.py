"""Signing in with a single sign-on provider (``/accounts/sso/<provider>/``): the button's page and its POST,
which sends the person to the provider, and the callback the provider sends them back to. The rules are in
``beacon.accounts.oidc``; here, HTTP only. An unknown provider is 404; a refusal is a page (400) saying why, in
plain words, with the technical detail in the audit trail."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.shortcuts import render, resolve_url
from django.views import View

from beacon.accounts import audit, oidc
from beacon.accounts.models import EventKind


def allow_sso_form_action(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """Wrap a view whose page shows a sign-in button: its content security policy lets the button's form be
    redirected to the configured providers (``form-action``). Without it the browser stops the sign-in at
    Beacon's redirect. For the sign-in page: ``allow_sso_form_action(LoginView.as_view(...))``."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        response = view(request, *args, **kwargs)
        origins = oidc.form_action_origins()
        if origins:
            update = dict(getattr(response, "_csp_update", None) or {})
            update["form-action"] = [*update.get("form-action", []), *origins]
            setattr(response, "_csp_update", update)  # read by django-csp's middleware  # noqa: B010
        return response

    return wrapped


def provider_or_404(name: str) -> oidc.Provider:
    provider = oidc.get_provider(name)
    if provider is None:
        raise Http404("No such single sign-on provider.")
    return provider


def refused(request: HttpRequest, provider: oidc.Provider, refusal: oidc.SsoRefused) -> HttpResponse:
    """Record the refusal in the audit trail and show it (400)."""
    audit.record(EventKind.SSO_REFUSED, user=refusal.user, username=refusal.user.get_username() if refusal.user
                 else "", detail=f"{provider.name}: {refusal.detail}", request=request)
    context = {"page_title": f"You could not sign in with {provider.title}", "message": refusal.message,
               "provider": provider, "login_url": resolve_url("login")}
    return render(request, "accounts/sso/refused.html", context, status=400)


class SsoStart(View):
    """GET: a page with the provider's button (for a bookmarked link); POST: off to the provider."""

    @classmethod
    def as_view(cls, **initkwargs: Any) -> Any:
        return allow_sso_form_action(super().as_view(**initkwargs))

    def get(self, request: HttpRequest, provider: str) -> HttpResponse:
        found = provider_or_404(provider)
        next_url = oidc.safe_next(request, request.GET.get("next"))
        return render(request, "accounts/sso/start.html",
                      {"page_title": found.button, "provider": found, "next": next_url})

    def post(self, request: HttpRequest, provider: str) -> HttpResponse:
        found = provider_or_404(provider)
        try:
            url = oidc.start(request, found, request.POST.get("next") or request.GET.get("next"))
        except oidc.SsoRefused as refusal:
            return refused(request, found, refusal)
        return HttpResponseRedirect(url)


class SsoCallback(View):
    """Where the provider sends the person back, with a code (or an error) and the state."""

    def get(self, request: HttpRequest, provider: str) -> HttpResponse:
        found = provider_or_404(provider)
        try:
            _user, next_url = oidc.finish(request, found)
        except oidc.SsoRefused as refusal:
            return refused(request, found, refusal)
        return HttpResponseRedirect(next_url or resolve_url("home:index"))
