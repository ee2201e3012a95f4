"""The staff intake queue's pages (the worker's pages have their own ``jornada.intake.urls``)."""

from django.urls import path

from jornada.intake import views_staff

app_name = "intake_staff"

urlpatterns = [
    path("staff/intake/", views_staff.queue, name="queue"),
    path("staff/intake/<int:pk>/", views_staff.detail, name="detail"),
]
