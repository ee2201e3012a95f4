from django.urls import path

from jornada.core import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("privacy/", views.privacy, name="privacy"),
    path("staff/login/", views.login, name="login"),
    path("staff/login/code/", views.verify, name="verify"),
    path("staff/login/setup/", views.setup, name="setup"),
    path("staff/logout/", views.logout, name="logout"),
    path("staff/password/", views.password_reset, name="password_reset"),
    path("staff/password/<uidb64>/<token>/", views.password_set, name="password_set"),
    path("staff/", views.staff_home, name="staff_home"),
    path("staff/invitations/<int:pk>/", views.invitation, name="invitation"),
    path("staff/moderators/", views.moderators, name="moderators"),
    path("staff/audit/", views.audit_list, name="audit_list"),
    path("staff/audit/<int:pk>/", views.audit_detail, name="audit_detail"),
    path("staff/organisations/<slug:slug>/members/", views.members, name="members"),
    path("staff/organisations/<slug:slug>/intake/", views.intake_settings, name="intake_settings"),
    path(
        "staff/organisations/<slug:slug>/members/<int:user_id>/",
        views.member_detail,
        name="member_detail",
    ),
]
