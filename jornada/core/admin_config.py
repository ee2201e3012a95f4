from django.contrib.admin.apps import AdminConfig


class JornadaAdminConfig(AdminConfig):
    """The Django admin, reserved for site administrators with a verified second factor."""

    default_site = "jornada.core.admin_site.JornadaAdminSite"
