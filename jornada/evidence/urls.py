from django.urls import path, re_path

from jornada.evidence import views

app_name = "evidence"

urlpatterns = [
    path("evidencia/", views.index, name="index"),
    path("evidencia/metodologia/", views.methodology, name="methodology"),
    re_path(r"^evidencia/(?P<source>[a-z]+)/$", views.source, name="source"),
    re_path(r"^evidencia/(?P<source>[a-z]+)/(?P<kind>[a-z-]+)/$", views.figure, name="figure"),
    re_path(
        r"^evidencia/(?P<source>[a-z]+)/(?P<kind>[a-z-]+)\.(?P<extension>csv|xlsx)$",
        views.download,
        name="download",
    ),
]
