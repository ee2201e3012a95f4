"""Reminding the keeper of an agreement with a partner that it is due for renewal, by e-mail.

``agreement_reminders_queue`` (run daily by ``jornada agreement_reminders``) queues one
``send_agreement_reminder`` per agreement due for renewal within ``DAYS_AHEAD`` days (or past)
whose keeper has not been reminded of that renewal date. The task takes the agreement's id only,
locks it, checks it again and marks it reminded in the same transaction as the send: a failed
send rolls the mark back, so the next run tries again; a renewal date moved later reminds again.
The e-mail names the partner, the title and the date, never a contact at the partner.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import task

from jornada.core.mail import send_mail_scrubbed
from jornada.core.models import Membership, Role, User
from jornada.network.models import PartnerAgreement

logger = logging.getLogger(__name__)
DAYS_AHEAD = 30


def _due(today: dt.date) -> Q:
    return Q(renew_on__lte=today + dt.timedelta(days=DAYS_AHEAD)) & (
        Q(reminded_for__isnull=True) | ~Q(reminded_for=F("renew_on"))
    )


def _recipients(agreement: PartnerAgreement) -> list[User]:
    """The keeper if still a member; otherwise the organisation's administrators."""
    members = Membership.objects.filter(organisation_id=agreement.organisation_id)
    if (
        agreement.owner is not None
        and agreement.owner.is_active
        and members.filter(user=agreement.owner).exists()
    ):
        return [agreement.owner]
    admins = members.with_role(Role.ORG_ADMIN).values("user_id")
    return list(User.objects.filter(pk__in=admins, is_active=True).order_by("pk"))


@task()
def send_agreement_reminder(*, agreement_id: int) -> None:
    """E-mail the keeper of one agreement that its renewal is due; once per renewal date."""
    today = timezone.localdate()
    with transaction.atomic():
        # Lock the agreement's own row only: PostgreSQL refuses FOR UPDATE on the nullable side of
        # the outer join that select_related makes for the keeper (who may be gone).
        agreement = (
            PartnerAgreement.objects.select_for_update(of=("self",))
            .filter(_due(today), pk=agreement_id)
            .select_related("partner", "owner", "organisation")
            .first()
        )
        if agreement is None:
            return
        recipients = [user.email for user in _recipients(agreement) if user.email]
        agreement.reminded_for = agreement.renew_on
        agreement.save(update_fields=["reminded_for"])
        if not recipients:
            return
        with translation.override(settings.LANGUAGE_CODE):
            context = {
                "agreement": agreement,
                "link": settings.JORNADA_BASE_URL.rstrip("/")
                + reverse(
                    "network:partner",
                    kwargs={"slug": agreement.organisation.slug, "partner": agreement.partner_id},
                ),
            }
            subject = render_to_string("network/email/agreement_reminder_subject.txt", context).strip()
            body = render_to_string("network/email/agreement_reminder.txt", context)
        try:
            send_mail_scrubbed(subject, body, recipients)
        except Exception:
            logger.warning("agreement reminder %s failed; it will be tried again", agreement_id)
            raise


def agreement_reminders_queue(*, today: dt.date | None = None) -> int:
    """Queue a reminder for every agreement due for renewal and not yet reminded of that date."""
    today = today or timezone.localdate()
    due = list(PartnerAgreement.objects.filter(_due(today)).values_list("pk", flat=True))
    for agreement_id in due:
        send_agreement_reminder.enqueue(agreement_id=agreement_id)
    return len(due)
