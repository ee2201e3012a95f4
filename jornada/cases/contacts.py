"""Contacts with the worker: recording them, reading them (audited), and sending a message.

The worker chose whether and how to be contacted (``Case.contact_channel``). A message sent from
the case goes out only by the channel they chose, and only by SMS or e-mail, through the same
backends as the alerts (``jornada.alerts.sms`` and Django's mail): the number or address is
unsealed for the send and never written anywhere else, neither to logs nor, since the send
happens in the request, to the task table. A failed send is reported to the advocate with the
error's class and a message scrubbed of addresses and numbers.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from jornada.alerts.sms import send_sms
from jornada.cases.keys import data_key_unwrap, field_seal, field_unseal
from jornada.cases.models import Case, CaseContact, ContactChannel, ContactDirection, ContactMethod
from jornada.cases.selectors import case_get
from jornada.cases.worktext import anonymised_refusal, case_fresh, text_clean
from jornada.core.audit import audit_record
from jornada.core.mail import describe_error
from jornada.core.models import User
from jornada.core.privacy import find_personal_data

logger = logging.getLogger(__name__)

MAX_SUMMARY = 5_000
# An SMS of more than four parts is unlikely to arrive whole on a prepaid phone.
MAX_SMS = 600
MAX_EMAIL = 5_000
SUMMARY_LABEL = _("Summary")
MESSAGE_LABEL = _("Message")
# The channels Jornada can send by itself.
SENDABLE = (ContactChannel.SMS, ContactChannel.EMAIL)


@dataclass(frozen=True)
class ContactView:
    id: int
    contacted_on: dt.date
    method: str
    method_label: str
    direction: str
    direction_label: str
    summary: str
    author_name: str
    sent_by_jornada: bool


def _contacted_on_clean(contacted_on: dt.date | None) -> dt.date:
    if contacted_on is None:
        raise ValidationError(
            {"contacted_on": ValidationError(_("Give the date of the contact."), code="required")}
        )
    if contacted_on > timezone.localdate():
        raise ValidationError(
            {
                "contacted_on": ValidationError(
                    _("The date of a contact cannot be in the future."), code="future"
                )
            }
        )
    return contacted_on


def _record(
    *, actor: User, case: Case, contacted_on: dt.date, method: str, direction: str, summary: str, sent: bool
) -> CaseContact:
    contact = CaseContact(
        case=case,
        author=actor,
        contacted_on=contacted_on,
        method=method,
        direction=direction,
        sent_by_jornada=sent,
    )
    contact.summary_sealed = field_seal(data_key_unwrap(case), contact, "summary", summary)
    contact.full_clean()
    contact.save(force_insert=True)
    Case.objects.filter(pk=case.pk).update(updated_at=timezone.now())
    audit_record(
        actor=actor,
        action="case.contact_sent" if sent else "case.contact_recorded",
        organisation=case.organisation,
        target=case,
        detail={"method": method, "direction": direction},
    )
    return contact


@transaction.atomic
def case_contact_record(
    *, actor: User, case: Case, contacted_on: dt.date | None, method: str, direction: str, summary: str
) -> CaseContact:
    """Record one contact with the worker; its summary is sealed under the case's data key."""
    summary = text_clean("summary", summary, label=SUMMARY_LABEL, limit=MAX_SUMMARY)
    contacted_on = _contacted_on_clean(contacted_on)
    if method not in ContactMethod.values:
        raise ValidationError(
            {"method": ValidationError(_("Choose how the contact happened."), code="invalid_choice")}
        )
    if direction not in ContactDirection.values:
        raise ValidationError(
            {"direction": ValidationError(_("Choose who contacted whom."), code="invalid_choice")}
        )
    case = case_fresh(case)
    if case.is_anonymised():
        raise anonymised_refusal()
    return _record(
        actor=actor,
        case=case,
        contacted_on=contacted_on,
        method=method,
        direction=direction,
        summary=summary,
        sent=False,
    )


@transaction.atomic
def case_contacts_read(*, user: User, case_id: int) -> list[ContactView]:
    """Return case ``case_id``'s contacts with the worker in clear, newest first; audited."""
    case = case_get(user=user, case_id=case_id)
    contacts = list(CaseContact.objects.filter(case=case).select_related("author"))
    if not contacts:
        return []
    audit_record(
        actor=user,
        action="case.contacts_read",
        organisation=case.organisation,
        target=case,
        detail={"contacts": len(contacts)},
    )
    data_key = None if case.is_anonymised() else data_key_unwrap(case)
    return [
        ContactView(
            id=contact.pk,
            contacted_on=contact.contacted_on,
            method=contact.method,
            method_label=str(contact.get_method_display()),
            direction=contact.direction,
            direction_label=str(contact.get_direction_display()),
            summary=""
            if data_key is None or contact.summary_sealed is None
            else field_unseal(data_key, contact, "summary"),
            author_name=contact.author.name if contact.author else "",
            sent_by_jornada=contact.sent_by_jornada,
        )
        for contact in contacts
    ]


def send_refusal(case: Case) -> str:
    """Return why no message can be sent to the worker from this case, or "" when one can."""
    if case.is_anonymised():
        return gettext("This case was anonymised; its personal data cannot be written.")
    if case.contact_channel == ContactChannel.NONE:
        return gettext("The worker asked not to be contacted.")
    if case.contact_channel not in SENDABLE:
        return gettext(
            "The worker chose to be contacted by %(channel)s: Jornada cannot send by that channel. "
            "Contact them that way and record the contact."
        ) % {"channel": case.get_contact_channel_display()}
    return ""


def _address(contact: str, channel: str) -> str:
    """Return the phone number (for SMS) or e-mail address in the worker's contact details, or ""."""
    kind = "email" if channel == ContactChannel.EMAIL else "phone"
    for finding in find_personal_data(contact):
        if finding.kind == kind:
            if kind == "phone":
                digits = "".join(ch for ch in finding.text if ch.isdigit())
                plus = finding.text.lstrip().startswith(("+", "00"))
                return "+" + digits.removeprefix("00") if plus else digits
            return finding.text
    return ""


def _send(*, case: Case, to: str, text: str) -> None:
    """Send ``text`` to ``to``; raise ValidationError without the address when it fails."""
    try:
        if case.contact_channel == ContactChannel.SMS:
            send_sms(to, text)
        else:
            # On a shared phone the subject shows first: it names the organisation only when the
            # worker said a message may be left.
            subject = (
                gettext("A message from %(organisation)s") % {"organisation": case.organisation.name}
                if case.may_leave_message
                else gettext("A message for you")
            )
            EmailMessage(subject, text, None, [to]).send()
    except Exception as error:
        reason = describe_error(error, to)
        logger.warning("A message to the worker of a case could not be sent: %s", reason)
        raise ValidationError(
            {
                "text": ValidationError(
                    _("The message could not be sent (%(reason)s). Nothing was recorded; try again later."),
                    code="send_failed",
                    params={"reason": reason},
                )
            }
        ) from None


def case_message_send(*, actor: User, case: Case, text: str) -> CaseContact:
    """Send ``text`` to the worker by the channel they chose (SMS or e-mail) and record the contact.

    Refused when the worker chose no contact or a channel Jornada cannot send by. The send
    happens before the record is written and outside any transaction (a gateway may take
    seconds): a failed send records nothing.
    """
    case = Case.objects.select_related("organisation").get(pk=case.pk)
    refusal = send_refusal(case)
    if refusal:
        raise ValidationError({"text": ValidationError(refusal, code="channel_refused")})
    limit = MAX_SMS if case.contact_channel == ContactChannel.SMS else MAX_EMAIL
    text = text_clean("text", text, label=MESSAGE_LABEL, limit=limit)
    to = _address(field_unseal(data_key_unwrap(case), case, "contact"), case.contact_channel)
    if not to:
        message = (
            _("The worker's contact details hold no e-mail address to write to.")
            if case.contact_channel == ContactChannel.EMAIL
            else _("The worker's contact details hold no phone number to send an SMS to.")
        )
        raise ValidationError({"text": ValidationError(message, code="no_address")})
    _send(case=case, to=to, text=text)
    with transaction.atomic():
        case = case_fresh(case)
        if case.is_anonymised():  # anonymised while the message went out: keep nothing of it
            raise anonymised_refusal()
        return _record(
            actor=actor,
            case=case,
            contacted_on=timezone.localdate(),
            method=case.contact_channel,
            direction=ContactDirection.OUTGOING,
            summary=text,
            sent=True,
        )
