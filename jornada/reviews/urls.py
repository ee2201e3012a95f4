from django.urls import path

from jornada.reviews.views import employer, public, staff

app_name = "reviews"

urlpatterns = [
    path("reviews/new/", public.review_form, name="new"),
    path("reviews/receipt/", public.receipt, name="receipt"),
    path("reviews/withdraw/", public.withdraw, name="withdraw"),
    path("reviews/transparency/", public.transparency, name="transparency"),
    path("reviews/employers/<slug:slug>/", public.employer_reviews, name="employer_reviews"),
    path("reviews/employers/<slug:slug>/claim/", public.claim, name="claim"),
    path("reviews/recruiters/<slug:slug>/", public.recruiter_reviews, name="recruiter_reviews"),
    path("staff/reviews/", staff.queue, name="moderation"),
    path("staff/reviews/<uuid:pk>/", staff.review_detail, name="moderation_review"),
    path("staff/reviews/replies/<int:pk>/", staff.reply_detail, name="moderation_reply"),
    path("staff/reviews/takedowns/<int:pk>/", staff.takedown_detail, name="moderation_takedown"),
    path("staff/reviews/claims/<int:pk>/", staff.claim_detail, name="moderation_claim"),
    path("staff/employer/", employer.home, name="employer_home"),
    path("staff/employer/reviews/<uuid:pk>/reply/", employer.reply, name="employer_reply"),
    path("staff/employer/reviews/<uuid:pk>/takedown/", employer.takedown, name="employer_takedown"),
]
