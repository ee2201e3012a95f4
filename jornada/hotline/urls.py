"""The hotline's staff pages and the worker's public callback form."""

from django.urls import path

from jornada.hotline import views, views_public

app_name = "hotline"

urlpatterns = [
    path("staff/hotline/", views.index, name="index"),
    path("staff/hotline/call/<int:pk>/", views.call, name="call"),
    path("staff/hotline/<int:pk>/callbacks/", views.callbacks, name="callbacks"),
    path("staff/hotline/callback/<int:pk>/", views.callback, name="callback"),
    path("staff/hotline/<int:pk>/report/", views.report, name="report"),
    path("staff/hotline/<int:pk>/report.<str:fmt>", views.report_export, name="report_export"),
    path("linea/<slug:slug>/llamame/", views_public.callback_request, name="callback_request"),
]
