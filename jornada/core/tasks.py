"""Background work for the core app, run by ``jornada db_worker``."""

from __future__ import annotations

from django.contrib.auth.tokens import default_token_generator
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_tasks import task

from jornada.core.mail import send_mail_scrubbed
from jornada.core.models import Organisation, User
from jornada.core.retention import retention_prune


def password_link(*, user: User, base_url: str) -> str:
    """Return the one-time link with which ``user`` sets a password."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    path = reverse("core:password_set", kwargs={"uidb64": uid, "token": token})
    return base_url.rstrip("/") + path


@task()
def send_invitation(
    *, user_id: int, organisation_id: int, base_url: str, language: str, new_account: bool
) -> None:
    """E-mail an invited staff member the link to set their password (or to sign in)."""
    user = User.objects.get(pk=user_id)
    organisation = Organisation.objects.get(pk=organisation_id)
    with translation.override(language):
        context = {
            "user": user,
            "organisation": organisation,
            "new_account": new_account,
            "link": (
                password_link(user=user, base_url=base_url)
                if new_account
                else base_url.rstrip("/") + reverse("core:login")
            ),
        }
        subject = render_to_string("core/email/invitation_subject.txt", context).strip()
        body = render_to_string("core/email/invitation.txt", context)
    send_mail_scrubbed(subject, body, [user.email])


@task()
def send_password_reset(*, user_id: int, base_url: str, language: str) -> None:
    """E-mail a staff member a link to choose a new password."""
    user = User.objects.get(pk=user_id)
    with translation.override(language):
        context = {"user": user, "link": password_link(user=user, base_url=base_url)}
        subject = render_to_string("core/email/password_reset_subject.txt", context).strip()
        body = render_to_string("core/email/password_reset.txt", context)
    send_mail_scrubbed(subject, body, [user.email])


@task()
def prune() -> None:
    """Apply every retention period (``jornada.core.retention``); ``jornada prune`` runs the same."""
    retention_prune()
