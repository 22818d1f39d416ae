"""'Your account', mounted at /accounts/ (sign-in and sign-out themselves are named "login" and "logout" in
beacon/urls.py)."""

from django.urls import path

from beacon.accounts import views_account

app_name = "account"

urlpatterns = [
    path("", views_account.AccountView.as_view(), name="index"),
    path("password/", views_account.PasswordChangeView.as_view(), name="password"),
    path("sign-out-everywhere/", views_account.SignOutEverywhereView.as_view(), name="sign-out-everywhere"),
]
