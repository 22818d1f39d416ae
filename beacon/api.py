"""The /api/v1/ router: every collection of PRODUCT section 3 that exists, and the OpenAPI schema."""

from __future__ import annotations

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from beacon.core.api import CouncilViewSet, OrganisationViewSet
from beacon.programmes import api as programmes
from beacon.reporting.api import ReportingPeriodViewSet
from beacon.strategy import api as strategy

router = DefaultRouter()
router.register("organisations", OrganisationViewSet, basename="organisation")
router.register("councils", CouncilViewSet, basename="council")
router.register("plans", strategy.PlanViewSet, basename="plan")
router.register("themes", strategy.ThemeViewSet, basename="theme")
router.register("priorities", strategy.PriorityViewSet, basename="priority")
router.register("objectives", strategy.ObjectiveViewSet, basename="objective")
router.register("principles", strategy.PrincipleViewSet, basename="principle")
router.register("programmes", programmes.ProgrammeViewSet, basename="programme")
router.register("phases", programmes.PhaseViewSet, basename="phase")
router.register("workstreams", programmes.WorkstreamViewSet, basename="workstream")
router.register("projects", programmes.ProjectViewSet, basename="project")
router.register("milestones", programmes.MilestoneViewSet, basename="milestone")
router.register("reporting-periods", ReportingPeriodViewSet, basename="reporting-period")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("public/", include("beacon.public.api_urls")),
    path("", include(router.urls)),
]
