from django.urls import path

from jornada.cases import views

app_name = "cases"

urlpatterns = [
    path("staff/cases/", views.case_list, name="list"),
    path("staff/cases/<int:pk>/", views.case_detail, name="detail"),
    path("staff/organisations/<slug:slug>/cases/", views.case_settings, name="settings"),
]
