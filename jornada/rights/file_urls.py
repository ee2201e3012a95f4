"""Files of the library that do not depend on the interface language: printables, recordings,
and the service worker, which must sit at the site root to keep pages of every language offline."""

from django.urls import path

from jornada.rights import views
from jornada.rights.converters import LANGUAGE

app_name = "rights_files"

urlpatterns = [
    path("sw.js", views.service_worker, name="service_worker"),
    path(f"derechos/<slug:slug>/{LANGUAGE}.pdf", views.printable, name="pdf"),
    path(f"derechos/<slug:slug>/{LANGUAGE}.ogg", views.recording, name="audio"),
]
