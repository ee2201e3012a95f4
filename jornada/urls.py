from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from jornada.api import hsds_urls
from jornada.api import urls as api_urls
from jornada.core import views as core_views

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("api/v1/", api_urls()),
    path("", hsds_urls()),  # network: HSDS at /hsds/ as well, the same views
    # rights: the service worker (/sw.js), printables and recordings, whatever the language.
    path("", include("jornada.rights.file_urls")),
    # messaging: the gateways' webhooks, at fixed addresses whatever the language.
    path("messaging/", include("jornada.messaging.urls")),
]
urlpatterns += i18n_patterns(
    path("", include("jornada.core.urls")),
    path("", include("jornada.directory.urls")),
    path("", include("jornada.rights.urls")),
    path("", include("jornada.reviews.urls")),
    path("", include("jornada.alerts.urls")),
    path("", include("jornada.cases.urls")),
    path("", include("jornada.intake.urls")),
    path("", include("jornada.intake.urls_staff")),
    path("", include("jornada.messaging.urls_staff")),
    path("", include("jornada.evidence.urls")),
    path("", include("jornada.protocols.urls")),
    path("", include("jornada.hotline.urls")),
    path("", include("jornada.referrals.urls")),
    path("", include("jornada.outreach.urls")),
    path("", include("jornada.network.urls")),
)

handler403 = "jornada.core.views.error_403"
handler404 = "jornada.core.views.error_404"
handler500 = "jornada.core.views.error_500"
