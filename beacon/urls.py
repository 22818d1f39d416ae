from __future__ import annotations

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from beacon.accounts.views_sso import allow_sso_form_action
from beacon.core.forms import GovukAuthenticationForm
from beacon.core.views import healthz
from beacon.governance.views import boards as governance_boards

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path(
        "accounts/login/",
        # The single sign-on buttons' forms may be redirected to the configured providers (form-action).
        allow_sso_form_action(
            auth_views.LoginView.as_view(
                authentication_form=GovukAuthenticationForm,
                redirect_authenticated_user=True,
                extra_context={"page_title": "Sign in", "submit_label": "Sign in"},
            )
        ),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/invitations/", include("beacon.accounts.urls_invitations")),
    path("accounts/two-factor/", include("beacon.accounts.urls_two_factor")),
    path("accounts/tokens/", include("beacon.accounts.urls_tokens")),
    path("accounts/sso/", include("beacon.accounts.urls_sso")),
    path("accounts/", include("beacon.accounts.urls_account")),
    path("", include("beacon.core.urls_service")),
    path("admin/", admin.site.urls),
    path("api/v1/", include("beacon.api")),
    path("public/<slug:org>/calendar.ics", governance_boards.public_calendar, name="public-calendar"),
    path("public/", include("beacon.public.urls")),
    path("org/<slug:org>/", include("beacon.programmes.urls")),
    path("org/<slug:org>/strategy/", include("beacon.strategy.urls")),
    path("org/<slug:org>/users/single-sign-on/", include("beacon.accounts.urls_sso_admin")),
    path("org/<slug:org>/users/", include("beacon.accounts.urls_admin")),
    path("org/<slug:org>/reporting/", include("beacon.reporting.urls")),
    path("org/<slug:org>/money/", include("beacon.finance.urls")),
    path("org/<slug:org>/performance/", include("beacon.performance.urls")),
    path("org/<slug:org>/risks/", include("beacon.risks.urls")),
    path("org/<slug:org>/governance/", include("beacon.governance.urls")),
    path("org/<slug:org>/engagement/", include("beacon.engagement.urls")),
    path("org/<slug:org>/reports/", include("beacon.reports.urls")),
    path("org/<slug:org>/data/", include("beacon.exchange.urls")),
    path("", include("beacon.home.urls")),
]
