from django.urls import path

from jornada.protocols import views

app_name = "protocols"

urlpatterns = [
    path("staff/cases/<int:pk>/protocol/", views.case_protocol, name="case"),
    path("staff/organisations/<slug:slug>/protocols/", views.protocol_monitoring, name="monitoring"),
    path(
        "staff/organisations/<slug:slug>/protocols/figures.csv",
        views.protocol_monitoring_csv,
        name="monitoring_csv",
    ),
    path(
        "staff/organisations/<slug:slug>/protocols/exports/<slug:kind>.<slug:extension>",
        views.protocol_export,
        name="export",
    ),
]
