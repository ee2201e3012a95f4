from django.urls import path

from jornada.referrals import views

app_name = "referrals"

urlpatterns = [
    path("staff/cases/<int:pk>/refer/", views.referral_new, name="new"),
    path("staff/cases/<int:pk>/refer/letter/", views.letter_new, name="letter_new"),
    path("staff/referrals/", views.referral_list, name="list"),
    path("staff/referrals/partners/", views.partner_times, name="partners"),
    path("staff/referrals/received/<int:pk>/", views.referral_received, name="received"),
    path("staff/referrals/sent/<int:pk>/", views.referral_sent, name="sent"),
    path("staff/referrals/sent/<int:pk>/revoke/", views.referral_revoke, name="revoke"),
    path("staff/referrals/sent/<int:pk>/letter.pdf", views.referral_letter, name="letter"),
]
