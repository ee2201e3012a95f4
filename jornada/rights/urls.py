"""Worker-facing pages of the library, under the language prefix (/es/derechos/, /en/derechos/)."""

from django.urls import path

from jornada.rights import views
from jornada.rights.converters import LANGUAGE

app_name = "rights"

urlpatterns = [
    path("derechos/", views.index, name="index"),
    path("derechos/buscar/", views.search, name="search"),
    path("derechos/tema/<slug:topic>/", views.topic, name="topic"),
    path("derechos/<slug:slug>/", views.article, name="article"),
    path(f"derechos/<slug:slug>/{LANGUAGE}/", views.article_in, name="article_in"),
]
