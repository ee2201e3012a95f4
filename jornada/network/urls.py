from django.urls import path

from jornada.network import views

app_name = "network"

urlpatterns = [
    path("ayuda/organizaciones/", views.find_help, name="find_help"),
    path("staff/network/<slug:slug>/entry/", views.directory_entry, name="directory_entry"),
]
