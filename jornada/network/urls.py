from django.urls import path

from jornada.network import relationship_views, views

app_name = "network"

urlpatterns = [
    path("ayuda/organizaciones/", views.find_help, name="find_help"),
    path("staff/network/<slug:slug>/entry/", views.directory_entry, name="directory_entry"),
    path("staff/network/<slug:slug>/trusted/", views.trusted_list, name="trusted_list"),
    path("staff/network/trusted/<int:pk>/remove/", views.trusted_remove, name="trusted_remove"),
    path(
        "staff/network/<slug:slug>/partners/<uuid:partner>/", relationship_views.partner_page, name="partner"
    ),
    path("staff/network/<slug:slug>/handover/", relationship_views.handover, name="handover"),
]
