from django.urls import path

from jornada.alerts import feeds
from jornada.alerts.views import public, staff

app_name = "alerts"

urlpatterns = [
    path("alerts/", public.lookup, name="lookup"),
    path("alerts/report/", public.report_form, name="report"),
    path("alerts/report/receipt/", public.receipt, name="receipt"),
    path("alerts/report/withdraw/", public.withdraw, name="withdraw"),
    path("alerts/warnings/", public.warnings, name="warnings"),
    path("alerts/warnings/<uuid:pk>/", public.warning, name="warning"),
    path("alerts/follow/<slug:kind>/<str:target>/", public.follow, name="follow"),
    path("alerts/follow/confirm/", public.follow_confirm, name="follow_confirm"),
    path("alerts/stop/<str:token>/", public.unsubscribe, name="unsubscribe"),
    path("alerts/news/<int:pk>/", public.news, name="news"),
    path("alerts/feed/", feeds.site_feed, name="feed"),
    path("alerts/feed/<str:kind>/<str:target>/", feeds.profile_feed, name="profile_feed"),
    path("staff/alerts/", staff.queue, name="moderation"),
    path("staff/alerts/<uuid:pk>/", staff.report_detail, name="moderation_report"),
    path("staff/alerts/screenshots/<uuid:pk>/", staff.screenshot, name="moderation_screenshot"),
]
