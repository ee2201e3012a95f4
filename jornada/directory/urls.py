from django.urls import path

from jornada.directory import views

app_name = "directory"

urlpatterns = [
    path("directory/", views.search_page, name="search"),
    path("directory/employers/<slug:slug>/", views.employer, name="employer"),
    path("directory/recruiters/<slug:slug>/", views.recruiter, name="recruiter"),
    path("directory/agents/<slug:slug>/", views.agent, name="agent"),
]
