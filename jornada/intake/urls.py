from django.urls import path

from jornada.intake.views import interview, status

app_name = "intake"

urlpatterns = [
    path("ayuda/", interview.start, name="start"),
    path("ayuda/rastros/", interview.traces, name="traces"),
    path("ayuda/estado/", status.status, name="status"),
]
