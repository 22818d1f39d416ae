from django.urls import path

from beacon.public import api, api_engagement

urlpatterns = [
    path("<slug:org>/", api.PublicIndex.as_view(), name="public-api-index"),
    path("<slug:org>/programmes/", api.PublicProgrammeList.as_view(), name="public-api-programmes"),
    path("<slug:org>/projects/", api.PublicProjectList.as_view(), name="public-api-projects"),
    path("<slug:org>/milestones/", api.PublicMilestoneList.as_view(), name="public-api-milestones"),
    path("<slug:org>/themes/", api.PublicThemeList.as_view(), name="public-api-themes"),
    path("<slug:org>/priorities/", api.PublicPriorityList.as_view(), name="public-api-priorities"),
    path("<slug:org>/kpis/", api.PublicKpiList.as_view(), name="public-api-kpis"),
    path("<slug:org>/observations/", api.PublicObservationList.as_view(), name="public-api-observations"),
    path("<slug:org>/savings/", api.PublicSavingsList.as_view(), name="public-api-savings"),
    path("<slug:org>/comparator-groups/", api.PublicComparatorGroupList.as_view(),
         name="public-api-comparator-groups"),
    path("<slug:org>/ideas/", api_engagement.PublicIdeaList.as_view(), name="public-api-ideas"),
    path("<slug:org>/events/", api_engagement.PublicEventList.as_view(), name="public-api-events"),
    path("<slug:org>/partnerships/", api_engagement.PublicPartnershipList.as_view(), name="public-api-partnerships"),
    path("<slug:org>/operating-models/", api_engagement.PublicOperatingModelList.as_view(),
         name="public-api-operating-models"),
]
