from django.urls import path

from beacon.public import api

urlpatterns = [
    path("<slug:org>/", api.PublicIndex.as_view(), name="public-api-index"),
    path("<slug:org>/programmes/", api.PublicProgrammeList.as_view(), name="public-api-programmes"),
    path("<slug:org>/projects/", api.PublicProjectList.as_view(), name="public-api-projects"),
]
