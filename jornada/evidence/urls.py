from django.urls import path

from jornada.evidence import views

app_name = "evidence"

urlpatterns = [
    path("staff/organisations/<slug:slug>/activity/", views.org_activity, name="org_activity"),
    path(
        "staff/organisations/<slug:slug>/activity/<slug:audience>.<slug:extension>",
        views.org_activity_download,
        name="org_activity_download",
    ),
    path("evidencia/", views.index, name="index"),
    path("evidencia/metodologia/", views.methodology, name="methodology"),
    path("evidencia/datos/", views.snapshots, name="snapshots"),
    path("evidencia/datos/<slug:month>.zip", views.snapshot_download, name="snapshot_download"),
    path("evidencia/<slug:source>/", views.source, name="source"),
    path("evidencia/<slug:source>/<slug:kind>/", views.figure, name="figure"),
    path("evidencia/<slug:source>/<slug:kind>.<slug:extension>", views.download, name="download"),
]
