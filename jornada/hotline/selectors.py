"""Reading hotlines, calls and callbacks, always through the reader's organisations; clear reads audited.

An operator sees the lines they answer; a supervisor or administrator of the organisation sees
all of its lines (their callback queues and report). Another organisation's line, call or
callback is a 404, like one that never existed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.timesince import timesince

from jornada.core.access import organisations_of
from jornada.core.audit import audit_record
from jornada.core.models import Role, User
from jornada.hotline.keys import record_key_unwrap, sealed_get
from jornada.hotline.models import (
    CALL_PERSONAL_FIELDS,
    Call,
    CallbackRequest,
    CallbackStatus,
    Hotline,
)
from jornada.hotline.services import CALLBACK_MAX_DAYS
from jornada.vocabulary.languages import language_name

SUPERVISING_ROLES = (Role.SUPERVISOR, Role.ORG_ADMIN)


def hotlines_answered_by(*, user: User) -> QuerySet[Hotline]:
    """Return the lines ``user`` is an operator of."""
    return Hotline.objects.filter(operators__membership__user=user).distinct()


def hotlines_for_user(*, user: User) -> QuerySet[Hotline]:
    """Return the lines ``user`` answers or supervises."""
    supervised = organisations_of(user, *SUPERVISING_ROLES)
    return (
        Hotline.objects.filter(Q(operators__membership__user=user) | Q(organisation__in=supervised))
        .select_related("organisation")
        .distinct()
        .order_by("name", "pk")
    )


def hotlines_supervised_by(*, user: User) -> QuerySet[Hotline]:
    """Return the lines of the organisations ``user`` supervises or administers."""
    return Hotline.objects.filter(organisation__in=organisations_of(user, *SUPERVISING_ROLES))


def hotline_get(*, user: User, pk: int) -> Hotline:
    """Return line ``pk`` if ``user`` answers or supervises it; else 404."""
    hotline = hotlines_for_user(user=user).filter(pk=pk).first()
    if hotline is None:
        raise Http404
    return hotline


def hotline_supervised_get(*, user: User, pk: int) -> Hotline:
    """Return line ``pk`` if ``user`` supervises it (its report is theirs); else 404."""
    hotline = hotlines_supervised_by(user=user).select_related("organisation").filter(pk=pk).first()
    if hotline is None:
        raise Http404
    return hotline


def answered_hotline_get(*, user: User, pk: int) -> Hotline:
    """Return line ``pk`` if ``user`` is one of its operators; else 404."""
    hotline = hotlines_answered_by(user=user).select_related("organisation").filter(pk=pk).first()
    if hotline is None:
        raise Http404
    return hotline


def call_get(*, user: User, pk: int) -> Call:
    """Return call ``pk`` of a line ``user`` answers or supervises; else 404."""
    call = (
        Call.objects.filter(pk=pk, hotline__in=hotlines_for_user(user=user))
        .select_related("hotline", "organisation", "employer", "recruiter", "intake", "intake_organisation")
        .first()
    )
    if call is None:
        raise Http404
    return call


@dataclass(frozen=True)
class CallPersonal:
    caller_name: str
    caller_number: str
    narrative: str
    party_name: str


@transaction.atomic
def call_personal_read(*, user: User, call: Call) -> CallPersonal:
    """Return the call's sealed fields in clear for ``user`` (who got it through ``call_get``); audited."""
    audit_record(
        actor=user,
        action="hotline.call_read",
        organisation=call.organisation,
        target=call,
        detail={"fields": list(CALL_PERSONAL_FIELDS)},
    )
    if call.data_key is None:
        return CallPersonal("", "", "", "")
    data_key = record_key_unwrap(call)
    return CallPersonal(**{name: sealed_get(call, data_key, name) for name in CALL_PERSONAL_FIELDS})


def recent_calls(*, user: User, limit: int = 20) -> QuerySet[Call]:
    """Return ``user``'s own latest calls, open ones first."""
    return (
        Call.objects.filter(operator=user, hotline__in=hotlines_answered_by(user=user))
        .select_related("hotline")
        .defer("data_key", *(f"{name}_sealed" for name in CALL_PERSONAL_FIELDS))
        .order_by("-started_at")[:limit]
    )


@dataclass(frozen=True)
class CallbackRow:
    callback: CallbackRequest
    waiting: str
    language: str
    overdue: bool


def callback_queue(*, hotline: Hotline, language: str = "") -> list[CallbackRow]:
    """Return the callbacks still owed on ``hotline``, the longest waiting first; nothing personal read."""
    pending = (
        CallbackRequest.objects.filter(hotline=hotline)
        .exclude(status=CallbackStatus.DONE)
        .select_related("hotline", "taken_by")
        .defer("data_key", "number_sealed", "notice_contact_sealed")
        .order_by("requested_at", "pk")
    )
    if language:
        pending = pending.filter(language=language)
    now = timezone.now()
    return [
        CallbackRow(
            callback=callback,
            waiting=timesince(callback.requested_at, now, depth=1),
            language=language_name(callback.language),
            overdue=callback.is_overdue(now),
        )
        for callback in pending
    ]


def callback_languages(*, hotline: Hotline) -> list[tuple[str, str]]:
    """Return the languages of the callbacks waiting on ``hotline``, as (key, name)."""
    keys = (
        CallbackRequest.objects.filter(hotline=hotline)
        .exclude(status=CallbackStatus.DONE)
        .values_list("language", flat=True)
        .distinct()
    )
    return sorted(((key, language_name(key)) for key in keys), key=lambda pair: pair[1])


def callback_get(*, user: User, pk: int) -> CallbackRequest:
    """Return callback ``pk`` of a line ``user`` answers or supervises; else 404."""
    callback = (
        CallbackRequest.objects.filter(pk=pk, hotline__in=hotlines_for_user(user=user))
        .select_related("hotline", "organisation", "taken_by")
        .first()
    )
    if callback is None:
        raise Http404
    return callback


@transaction.atomic
def callback_number_read(*, user: User, callback: CallbackRequest) -> str:
    """Return the number to call back, for the operator who took the request; audited."""
    if callback.data_key is None or callback.taken_by_id != user.pk:
        return ""
    audit_record(
        actor=user,
        action="hotline.call_read",
        organisation=callback.organisation,
        target=callback,
        detail={"fields": ["number"]},
    )
    return sealed_get(callback, record_key_unwrap(callback), "number")


def overdue_count(*, user: User) -> int:
    """Return how many callbacks still owed on the lines ``user`` supervises wait past their line's limit.

    Counted live, so a supervisor sees them at once; the daily pass also flags and audits each.
    """
    now = timezone.now()
    return sum(
        CallbackRequest.objects.filter(hotline=hotline, requested_at__lt=now - waiting_limit(hotline))
        .exclude(status=CallbackStatus.DONE)
        .count()
        for hotline in hotlines_supervised_by(user=user)
    )


def hotline_public_get(*, slug: str) -> Hotline:
    """Return the line with ``slug`` that takes callback requests from the web; else 404."""
    hotline = Hotline.objects.filter(slug=slug, takes_callbacks=True).select_related("organisation").first()
    if hotline is None:
        raise Http404
    return hotline


def waiting_limit(hotline: Hotline) -> timedelta:
    return timedelta(hours=hotline.callback_limit_hours)


# --- Callback requests by text message (``jornada.messaging``) -------------------------------------

# A text-message callback offers the line's opening hours cut into windows this long, the next few.
CALLBACK_WINDOW_HOURS = 4
CALLBACK_WINDOWS_OFFERED = 8
# A window that closes sooner than this is not offered: nobody could call back in it.
CALLBACK_WINDOW_MARGIN = timedelta(minutes=30)


@dataclass(frozen=True)
class CallbackWindow:
    """A stretch of a line's opening hours, in its time zone, when a worker may be called back."""

    day: date
    start: time
    end: time


def hotlines_taking_callbacks() -> QuerySet[Hotline]:
    """Return the lines that take callback requests (from the web form and by text message)."""
    return Hotline.objects.filter(takes_callbacks=True).select_related("organisation").order_by("name", "pk")


def callback_windows(*, hotline: Hotline, now: datetime | None = None) -> list[CallbackWindow]:
    """Return the next windows within ``hotline``'s hours, in its time zone, soonest first.

    Each opening period is cut into ``CALLBACK_WINDOW_HOURS`` pieces (the last one shorter); a
    window that has ended, or ends within ``CALLBACK_WINDOW_MARGIN``, is left out. The search stops
    at the furthest day a callback may be asked for.
    """
    zone = hotline.zone()
    now = (now or timezone.now()).astimezone(zone)
    found: list[CallbackWindow] = []
    for offset in range(CALLBACK_MAX_DAYS):
        day = now.date() + timedelta(days=offset)
        periods = sorted(
            (time.fromisoformat(start), time.fromisoformat(end))
            for weekday, start, end in hotline.hours
            if weekday == day.weekday()
        )
        for opens, closes in periods:
            begin = datetime.combine(day, opens, tzinfo=zone)
            close = datetime.combine(day, closes, tzinfo=zone)
            while begin < close:
                finish = min(begin + timedelta(hours=CALLBACK_WINDOW_HOURS), close)
                if finish - CALLBACK_WINDOW_MARGIN > now:
                    found.append(CallbackWindow(day=day, start=begin.time(), end=finish.time()))
                    if len(found) == CALLBACK_WINDOWS_OFFERED:
                        return found
                begin = finish
    return found
