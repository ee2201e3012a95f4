"""Files of the library that do not depend on the interface language: printables, recordings,
and the service worker, which must sit at the site root to keep pages of every language offline."""

from django.urls import path, register_converter

from jornada.rights import views
from jornada.rights.converters import LanguageCodeConverter

register_converter(LanguageCodeConverter, "lang")

app_name = "rights_files"

urlpatterns = [
    path("sw.js", views.service_worker, name="service_worker"),
    path("derechos/<slug:slug>/<lang:language>.pdf", views.printable, name="pdf"),
    path("derechos/<slug:slug>/<lang:language>.ogg", views.recording, name="audio"),
]
