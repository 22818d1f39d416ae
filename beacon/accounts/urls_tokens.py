"""'Your API tokens', mounted at /accounts/tokens/: every signed-in user's own personal API tokens."""

from django.urls import path

from beacon.accounts import views_tokens as views

app_name = "tokens"

urlpatterns = [
    path("", views.TokenList.as_view(), name="list"),
    path("new/", views.TokenCreate.as_view(), name="create"),
    path("new/key/", views.TokenCreated.as_view(), name="created"),
    path("<int:pk>/revoke/", views.TokenRevoke.as_view(), name="revoke"),
]
