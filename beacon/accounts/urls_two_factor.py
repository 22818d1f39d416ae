"""Two-factor sign-in, mounted at /accounts/two-factor/."""

from django.urls import path

from beacon.accounts import views_two_factor as views

app_name = "two-factor"

urlpatterns = [
    path("set-up/", views.SetupView.as_view(), name="setup"),
    path("recovery-codes/", views.RecoveryCodesView.as_view(), name="recovery-codes"),
    path("recovery-codes/new/", views.NewRecoveryCodesView.as_view(), name="recovery-codes-new"),
    path("verify/", views.VerifyView.as_view(), name="verify"),
    path("turn-off/", views.DisableView.as_view(), name="disable"),
]
