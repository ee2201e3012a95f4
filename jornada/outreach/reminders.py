"""Reminders without accounts, and "reserve a place" as a count.

A worker who asks to be reminded of an event gets an ``alerts.Follow`` of kind ``event`` whose
target is the event's uid: the follows' machinery confirms it by a code, keeps the contact
encrypted, caps the confirmations one destination gets a day, honours STOP and the one-click
unsubscribe link. The day before each occurrence, ``reminders_send`` records one
``alerts.Event`` of kind ``reminder`` per occurrence (its source makes it happen once), which
queues one delivery per confirmed follower. Once an event's last occurrence has ended, its
reminder follows are deleted with their contacts (``reminder_follows_prune``, a registered
pruner). Nothing here lists who asked: a follow knows the event, never a name.

A reservation is one counter on the event, incremented in the database: who reserved is not
written anywhere.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from jornada.alerts.models import EventKind, Follow, FollowKind
from jornada.alerts.services import event_record, follow_subscribe
from jornada.outreach.models import Event, EventStatus, Occurrence

# A reminder goes out once its occurrence starts within this time (the day before).
REMINDER_AHEAD = dt.timedelta(days=1)


def _bookable(event: Event, now: dt.datetime) -> bool:
    return not event.is_cancelled() and event.occurrences.filter(ends_at__gte=now).exists()


@transaction.atomic
def reminder_request(*, event: Event, channel: str, contact: str, language: str, base_url: str) -> Follow:
    """Ask for a reminder of ``event`` the day before it, by ``channel`` at ``contact``.

    Refused for a cancelled event or one that has already taken place. The follow waits for
    confirmation exactly like any other (``alerts.services.follow_subscribe``).
    """
    if not _bookable(event, timezone.now()):
        raise ValidationError(
            _("This event has no date to come: there is nothing to remind you of."), code="no_date"
        )
    return follow_subscribe(
        kind=FollowKind.EVENT,
        target=str(event.uid),
        target_label=event.title(language),
        channel=channel,
        contact=contact,
        language=language,
        base_url=base_url,
    )


def reminders_send(*, now: dt.datetime | None = None) -> int:
    """Record a reminder for every occurrence that starts within a day; return how many were new.

    Safe to run as often as wished (hourly by the ``outreach_send_reminders`` command or the
    ``send_reminders`` task): each occurrence is reminded once. Cancelled and postponed events
    are not reminded.
    """
    now = now or timezone.now()
    followed = Follow.objects.filter(kind=FollowKind.EVENT, confirmed=True)
    due = (
        Occurrence.objects.filter(starts_at__gt=now, starts_at__lte=now + REMINDER_AHEAD)
        .filter(event__status__in=(EventStatus.SCHEDULED, EventStatus.RESCHEDULED))
        .select_related("event")
        .order_by("starts_at", "pk")
    )
    # Compared as text: a uuid column is not text on every database.
    targets = set(followed.values_list("target", flat=True))
    recorded = 0
    for occurrence in due:
        event = occurrence.event
        if str(event.uid) not in targets:
            continue
        with translation.override("es"):
            path = reverse("outreach:event", kwargs={"uid": event.uid})
        recorded += (
            event_record(
                kind=EventKind.REMINDER,
                source=f"reminder:{occurrence.pk}:{occurrence.starts_at:%Y%m%d%H%M}",
                title=event.title_es[:300],
                path=path.split("/", 2)[-1],
                targets=[(FollowKind.EVENT, str(event.uid))],
            )
            is not None
        )
    return recorded


@transaction.atomic
def reminder_follows_prune(*, now: dt.datetime | None = None) -> int:
    """Delete the reminder follows (and their contacts) of events that are over or gone."""
    now = now or timezone.now()
    # Compared as text: a uuid column is not text on every database.
    live = {
        str(uid) for uid in Occurrence.objects.filter(ends_at__gte=now).values_list("event__uid", flat=True)
    }
    over = Follow.objects.filter(kind=FollowKind.EVENT).exclude(target__in=live)
    count = over.count()
    over.delete()
    return count


@transaction.atomic
def reservation_add(*, event: Event) -> int:
    """Reserve one place at ``event``: one more on its counter, nobody recorded; return the count."""
    if not event.takes_reservations:
        raise ValidationError(_("This event does not take reservations."), code="no_reservations")
    if not _bookable(event, timezone.now()):
        raise ValidationError(_("This event has no date to come: it cannot be reserved."), code="no_date")
    Event.objects.filter(pk=event.pk).update(places_reserved=F("places_reserved") + 1)
    event.refresh_from_db(fields=["places_reserved"])
    return event.places_reserved
