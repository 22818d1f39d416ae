from django.urls import path

from beacon.strategy import views

app_name = "strategy"

urlpatterns = [
    path("", views.StrategyIndex.as_view(), name="index"),
    path("plans/", views.PlanList.as_view(), name="plan-list"),
    path("plans/add/", views.PlanCreate.as_view(), name="plan-create"),
    path("plans/<int:pk>/", views.PlanDetail.as_view(), name="plan-detail"),
    path("plans/<int:pk>/edit/", views.PlanEdit.as_view(), name="plan-edit"),
    path("themes/add/", views.ThemeCreate.as_view(), name="theme-create"),
    path("themes/<int:pk>/edit/", views.ThemeEdit.as_view(), name="theme-edit"),
    path("priorities/", views.PriorityList.as_view(), name="priority-list"),
    path("priorities/add/", views.PriorityCreate.as_view(), name="priority-create"),
    path("priorities/<int:pk>/", views.PriorityDetail.as_view(), name="priority-detail"),
    path("priorities/<int:pk>/edit/", views.PriorityEdit.as_view(), name="priority-edit"),
    path("objectives/", views.ObjectiveList.as_view(), name="objective-list"),
    path("objectives/add/", views.ObjectiveCreate.as_view(), name="objective-create"),
    path("objectives/<int:pk>/", views.ObjectiveDetail.as_view(), name="objective-detail"),
    path("objectives/<int:pk>/edit/", views.ObjectiveEdit.as_view(), name="objective-edit"),
    path("principles/", views.PrincipleList.as_view(), name="principle-list"),
    path("principles/add/", views.PrincipleCreate.as_view(), name="principle-create"),
    path("principles/<int:pk>/", views.PrincipleDetail.as_view(), name="principle-detail"),
    path("principles/<int:pk>/edit/", views.PrincipleEdit.as_view(), name="principle-edit"),
]
