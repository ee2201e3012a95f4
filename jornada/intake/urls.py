from django.urls import path

from jornada.intake.views import status

app_name = "intake"

urlpatterns = [
    path("ayuda/estado/", status.status, name="status"),
]
