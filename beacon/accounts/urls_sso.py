"""Signing in with a single sign-on provider (``/accounts/sso/``)."""

from django.urls import path

from beacon.accounts import views_sso as views

app_name = "sso"

urlpatterns = [
    path("<str:provider>/", views.SsoStart.as_view(), name="start"),
    path("<str:provider>/callback/", views.SsoCallback.as_view(), name="callback"),
]
