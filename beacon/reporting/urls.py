from django.urls import path

from beacon.reporting import views

app_name = "reporting"

urlpatterns = [
    path("", views.PeriodList.as_view(), name="period-list"),
    path("open/", views.PeriodOpen.as_view(), name="period-open"),
    path("changes/", views.Changes.as_view(), name="changes"),
    path("<int:pk>/", views.PeriodDetail.as_view(), name="period-detail"),
    path("<int:pk>/close/", views.PeriodClose.as_view(), name="period-close"),
    path("projects/<int:pk>/history/", views.ProjectHistory.as_view(), name="project-history"),
]
