"""Accepting an invitation: the link in the invitation e-mail (``/accounts/invitations/<token>/``)."""

from django.urls import path

from beacon.accounts import views_invitations

app_name = "invitations"

urlpatterns = [
    path("<str:token>/", views_invitations.AcceptInvitation.as_view(), name="accept"),
]
