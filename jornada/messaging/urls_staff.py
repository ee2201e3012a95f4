from django.urls import path

from jornada.messaging import views_staff

app_name = "messaging_staff"

urlpatterns = [
    path("staff/messaging/", views_staff.health, name="health"),
]
