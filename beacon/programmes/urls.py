from django.urls import path

from beacon.programmes import views

app_name = "programmes"

urlpatterns = [
    path("programmes/", views.ProgrammeList.as_view(), name="programme-list"),
    path("programmes/add/", views.ProgrammeCreate.as_view(), name="programme-create"),
    path("programmes/<int:pk>/", views.ProgrammeDetail.as_view(), name="programme-detail"),
    path("programmes/<int:pk>/edit/", views.ProgrammeEdit.as_view(), name="programme-edit"),
    path("workstreams/add/", views.WorkstreamCreate.as_view(), name="workstream-create"),
    path("workstreams/<int:pk>/", views.WorkstreamDetail.as_view(), name="workstream-detail"),
    path("workstreams/<int:pk>/edit/", views.WorkstreamEdit.as_view(), name="workstream-edit"),
    path("phases/add/", views.PhaseCreate.as_view(), name="phase-create"),
    path("phases/<int:pk>/edit/", views.PhaseEdit.as_view(), name="phase-edit"),
    path("components/add/", views.ComponentCreate.as_view(), name="component-create"),
    path("components/<int:pk>/edit/", views.ComponentEdit.as_view(), name="component-edit"),
    path("projects/", views.ProjectList.as_view(), name="project-list"),
    path("projects/add/", views.ProjectCreate.as_view(), name="project-create"),
    path("projects/<int:pk>/", views.ProjectDetail.as_view(), name="project-detail"),
    path("projects/<int:pk>/edit/", views.ProjectEdit.as_view(), name="project-edit"),
    path("milestones/", views.MilestoneList.as_view(), name="milestone-list"),
    path("milestones/add/", views.MilestoneCreate.as_view(), name="milestone-create"),
    path("milestones/<int:pk>/edit/", views.MilestoneEdit.as_view(), name="milestone-edit"),
]
