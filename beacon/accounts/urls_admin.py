"""An organisation's users, managed by its administrator (``/org/<slug>/users/``)."""

from django.urls import path

from beacon.accounts import views_admin as views

app_name = "users"

urlpatterns = [
    path("", views.UserList.as_view(), name="list"),
    path("invite/", views.UserInvite.as_view(), name="invite"),
    path("audit/", views.AuditTrail.as_view(), name="audit"),
    path("invitations/<int:pk>/withdraw/", views.InvitationWithdraw.as_view(), name="invitation-withdraw"),
    path("<int:user_pk>/", views.UserDetail.as_view(), name="detail"),
    path("<int:user_pk>/role/", views.RoleChange.as_view(), name="role"),
    path("<int:user_pk>/remove/", views.RoleRemove.as_view(), name="remove"),
    path("<int:user_pk>/disable/", views.AccountSwitch.as_view(), name="disable"),
    path("<int:user_pk>/enable/", views.AccountSwitch.as_view(enable=True), name="enable"),
    path("<int:user_pk>/two-factor/reset/", views.TwoFactorReset.as_view(), name="two-factor-reset"),
]
