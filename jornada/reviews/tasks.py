"""Background work for reviews, run by ``jornada db_worker``."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django_tasks import task

from jornada.core.mail import send_mail_scrubbed
from jornada.core.tasks import password_link
from jornada.reviews.models import EmployerClaim


@task()
def send_claim_verified(*, claim_id: int, base_url: str, language: str, new_account: bool) -> None:
    """Tell a verified employer representative how to sign in (and set a password if new)."""
    claim = EmployerClaim.objects.select_related("employer", "user").get(pk=claim_id)
    if claim.user is None:
        return
    with translation.override(language):
        employer_page = base_url.rstrip("/") + reverse("reviews:employer_home")
        context = {
            "claim": claim,
            "new_account": new_account,
            "link": password_link(user=claim.user, base_url=base_url) if new_account else employer_page,
            "employer_page": employer_page,
        }
        subject = render_to_string("reviews/email/claim_verified_subject.txt", context).strip()
        body = render_to_string("reviews/email/claim_verified.txt", context)
    send_mail_scrubbed(subject, body, [claim.user.email])
