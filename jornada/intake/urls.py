from django.urls import path

from jornada.intake import views

app_name = "intake"

urlpatterns = [
    path("ayuda/", views.start, name="start"),
    path("ayuda/rastros/", views.traces, name="traces"),
]
