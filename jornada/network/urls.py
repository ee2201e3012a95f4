from django.urls import path

from jornada.network import views

app_name = "network"

urlpatterns = [
    path("ayuda/organizaciones/", views.find_help, name="find_help"),
    path("staff/network/<slug:slug>/entry/", views.directory_entry, name="directory_entry"),
    path("staff/network/<slug:slug>/trusted/", views.trusted_list, name="trusted_list"),
    path("staff/network/trusted/<int:pk>/remove/", views.trusted_remove, name="trusted_remove"),
]
