"""Invitations that reach the edges: send an event to every contact in the regions it touches.

Each organisation keeps its own dissemination list. Inviting creates one invitation per contact
whose region covers a chosen region (a country covers its states), sends the e-mails once the
transaction commits, and gives WhatsApp and SMS contacts a ready-to-share link. Opening the
invitation's link marks it opened; staff mark an answer. The regions an event was meant to
reach where no invitation was opened or answered are shown, so the gaps are visible.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from functools import partial
from typing import Any
from urllib.parse import quote

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jornada.core.access import organisations_of
from jornada.core.mail import send_mail_scrubbed
from jornada.core.models import Organisation
from jornada.outreach.models import Channel, DisseminationContact, Event, Invitation, InvitationRound
from jornada.vocabulary.places import PLACE_BY_CODE, place_covers

LIST_ROLES = ("org_admin", "supervisor", "advocate")


def _error(field_name: str, message: Any, code: str, **params: Any) -> ValidationError:
    return ValidationError({field_name: ValidationError(message, code=code, params=params or None)})


@transaction.atomic
def contact_add(
    *, actor: Any, organisation: Organisation, name: str, kind: str, channel: str, address: str, region: str
) -> DisseminationContact:
    """Add one contact to the organisation's dissemination list."""
    if region not in PLACE_BY_CODE:
        raise _error("region", gettext_lazy("Choose the region."), "unknown_region")
    contact = DisseminationContact(
        organisation=organisation,
        name=name.strip(),
        kind=kind,
        channel=channel,
        address=address.strip(),
        region=region,
    )
    contact.full_clean()
    if channel == Channel.EMAIL and "@" not in contact.address:
        raise _error("address", gettext_lazy("Give an e-mail address."), "invalid_email")
    if channel != Channel.EMAIL and not contact.address.lstrip("+").replace(" ", "").isdigit():
        raise _error("address", gettext_lazy("Give a number with its country code."), "invalid_number")
    contact.save()
    return contact


def contacts_for_user(user: Any) -> QuerySet[DisseminationContact]:
    """Return the dissemination lists of the organisations ``user`` works for."""
    return DisseminationContact.objects.filter(organisation__in=organisations_of(user, *LIST_ROLES))


def _message(event: Event, link: str) -> tuple[str, str]:
    subject = _("Invitation: %(title)s") % {"title": event.title_es}
    body = _(
        "%(organisation)s invites you and your community to: %(title)s\n\nEverything to attend: %(link)s"
    ) % {
        "organisation": event.organisation.name,
        "title": event.title_es,
        "link": link,
    }
    return subject, body


@transaction.atomic
def invitations_send(*, actor: Any, event: Event, regions: list[str], link_of: Any) -> list[Invitation]:
    """Invite every active contact of the event's organisation whose region covers one of ``regions``.

    A contact already invited to the event is not invited again. ``link_of(token)`` gives the
    invitation's tracking address.
    """
    unknown = [region for region in regions if region not in PLACE_BY_CODE]
    if not regions or unknown:
        raise _error("regions", gettext_lazy("Choose at least one region."), "no_regions")
    InvitationRound.objects.create(event=event, regions=sorted(set(regions)), sent_by=actor)
    already = set(Invitation.objects.filter(event=event).values_list("contact_id", flat=True))
    contacts = [
        contact
        for contact in DisseminationContact.objects.filter(organisation=event.organisation_id, active=True)
        if contact.pk not in already
        and any(
            place_covers(contact.region, region) or place_covers(region, contact.region) for region in regions
        )
    ]
    created = []
    for contact in contacts:
        invitation = Invitation.objects.create(event=event, contact=contact, token=secrets.token_urlsafe(32))
        created.append(invitation)
        if contact.channel == Channel.EMAIL:
            subject, body = _message(event, link_of(invitation.token))
            transaction.on_commit(partial(send_mail_scrubbed, subject, body, [contact.address]))
    return created


def invitation_open(*, token: str) -> Invitation | None:
    """Mark the invitation with ``token`` opened (the first time); return it, or None."""
    invitation = Invitation.objects.select_related("event").filter(token=token[:43]).first()
    if invitation is not None and invitation.opened_at is None:
        invitation.opened_at = timezone.now()
        invitation.save(update_fields=["opened_at"])
    return invitation


@transaction.atomic
def invitation_answered(*, actor: Any, invitation: Invitation) -> Invitation:
    """Record that the contact answered (they will share it, or they came)."""
    if invitation.answered_at is None:
        invitation.answered_at = timezone.now()
        invitation.save(update_fields=["answered_at"])
    return invitation


@dataclass(frozen=True)
class Reach:
    regions: list[str]
    reached: list[str]
    not_reached: list[str]


def event_reach(event: Event) -> Reach:
    """Return the regions the event's invitations were meant for, and which of them none reached."""
    wanted: set[str] = set()
    for regions in event.invitation_rounds.values_list("regions", flat=True):
        wanted.update(regions)
    reached = {
        region
        for region in wanted
        for invitation in event.invitations.select_related("contact")
        if invitation.reached()
        and (
            place_covers(invitation.contact.region, region) or place_covers(region, invitation.contact.region)
        )
    }
    return Reach(sorted(wanted), sorted(reached), sorted(wanted - reached))


def share_links(invitation: Invitation, link: str) -> str:
    """Return the link a WhatsApp or SMS contact is sent by hand, with the message typed in."""
    _subject, body = _message(invitation.event, link)
    number = "".join(char for char in invitation.contact.address if char.isdigit())
    if invitation.contact.channel == Channel.WHATSAPP:
        return f"https://wa.me/{number}?text={quote(body)}"
    if invitation.contact.channel == Channel.SMS:
        return f"sms:+{number}?body={quote(body)}"
    return ""
