"""'Your API tokens' (``/accounts/tokens/``): every signed-in user lists, makes and revokes their own personal
API tokens. The key of a new token is shown once, on the page after the form (held in the session until then),
and never again: only its hash is stored. Another user's token is not found (404)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.views import generic

from beacon.accounts import tokens
from beacon.accounts.forms_tokens import TokenCreateForm
from beacon.accounts.models import ApiToken
from beacon.accounts.views_account import when

# The session key holding a token just made, until the page that shows its key has been seen.
NEW_TOKEN_SESSION_KEY = "beacon_new_api_token"  # noqa: S105 (a session key name, not a secret)


def token_breadcrumbs(here: str | None = None) -> list[dict[str, str]]:
    crumbs = [{"label": "Home", "url": reverse("home:index")},
              {"label": "Your account", "url": reverse("account:index")}]
    if here is None:
        return [*crumbs, {"label": "API tokens"}]
    return [*crumbs, {"label": "API tokens", "url": reverse("tokens:list")}, {"label": here}]


def own_tokens(request: HttpRequest) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=request.user)  # type: ignore[misc]


class TokenList(LoginRequiredMixin, generic.TemplateView):
    template_name = "accounts/tokens/list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        now = timezone.now()
        rows = [
            {
                "token": token,
                "state": tokens.token_state(token, now),
                "created": when(token.created_at),
                "last_used": when(token.last_used_at) if token.last_used_at else "Never",
                "expires": when(token.expires_at) if token.expires_at else "Never",
                "revoked": when(token.revoked_at) if token.revoked_at else "",
            }
            for token in own_tokens(self.request).order_by("-created_at", "-pk")
        ]
        context.update(page_title="Your API tokens", breadcrumbs=token_breadcrumbs(), rows=rows,
                       api_url=self.request.build_absolute_uri("/api/v1/"))
        return context


class TokenCreate(LoginRequiredMixin, generic.FormView):
    template_name = "accounts/tokens/create.html"
    form_class = TokenCreateForm
    success_url = reverse_lazy("tokens:created")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(page_title="Make an API token", submit_label="Make token", cancel_url=reverse("tokens:list"),
                       breadcrumbs=token_breadcrumbs("Make an API token"))
        return context

    def form_valid(self, form: TokenCreateForm) -> HttpResponse:
        made = tokens.create_token(
            user=self.request.user, name=form.cleaned_data["name"], scope=form.cleaned_data["scope"],
            expires_in_days=form.cleaned_data["expires_in_days"], request=self.request,
        )
        self.request.session[NEW_TOKEN_SESSION_KEY] = {"id": made.token.pk, "key": made.key}
        return super().form_valid(form)


class TokenCreated(LoginRequiredMixin, generic.TemplateView):
    """The one page that shows a new token's key. Reloading it, or coming back to it, shows nothing."""

    template_name = "accounts/tokens/created.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        held = request.session.pop(NEW_TOKEN_SESSION_KEY, None)
        token = own_tokens(request).filter(pk=int(held["id"])).first() if isinstance(held, dict) else None
        if token is None:
            messages.info(request, "A token's key is shown only once, just after it is made. If you did not copy "
                                   "it, revoke the token and make a new one")
            return HttpResponseRedirect(reverse("tokens:list"))
        response = self.render_to_response(self.get_context_data(
            token=token, key=held["key"], page_title="Your new API token", breadcrumbs=token_breadcrumbs("New token"),
            api_url=request.build_absolute_uri("/api/v1/"),
        ))
        add_never_cache_headers(response)  # the key must not be kept by the browser's or a proxy's cache
        response["Cache-Control"] += ", no-store"
        return response


class TokenRevoke(LoginRequiredMixin, generic.TemplateView):
    template_name = "accounts/tokens/revoke.html"

    def get_token(self) -> ApiToken:
        return get_object_or_404(own_tokens(self.request), pk=self.kwargs["pk"])

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        token = self.get_token()
        if token.revoked_at is not None:
            messages.info(request, f"The token “{token.name}” was already revoked")
            return HttpResponseRedirect(reverse("tokens:list"))
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        token = self.get_token()
        context.update(token=token, page_title=f"Revoke the token “{token.name}”", submit_label="Revoke token",
                       warning=True, cancel_url=reverse("tokens:list"), breadcrumbs=token_breadcrumbs("Revoke"))
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        token = self.get_token()
        if tokens.revoke_token(token, actor=request.user, request=request):
            messages.success(request, f"The token “{token.name}” has been revoked: it no longer works")
        else:
            messages.info(request, f"The token “{token.name}” was already revoked")
        return HttpResponseRedirect(reverse("tokens:list"))
