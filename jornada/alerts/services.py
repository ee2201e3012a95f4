"""Every write about scam reports, follows, events and notifications.

A worker's own actions (report, edit, withdraw) are not audited, exactly as for reviews: even an
audit event's day would date the report more finely than its month. Moderators'
actions go through ``jornada.contributions.services`` and are audited there; opening a report
is audited here.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from jornada.alerts import identifiers as ids
from jornada.alerts.crypto import encrypt_contact
from jornada.alerts.images import CleanImage
from jornada.alerts.models import (
    MAX_SCREENSHOTS,
    MAX_TEXT,
    Delivery,
    Event,
    EventKind,
    EventTarget,
    Follow,
    FollowKind,
    ScamReport,
    Screenshot,
    WarningIdentifier,
)
from jornada.contributions.models import Status
from jornada.contributions.receipts import candidate_hashes, new_receipt_code, receipt_hash
from jornada.contributions.services import (
    contribution_by_receipt,
    contribution_withdraw,
    moderating_organisation,
)
from jornada.contributions.text import check_length
from jornada.core.audit import audit_record, today_utc
from jornada.core.models import User
from jornada.directory.models import EmployerName, RecruiterName

UNSUBSCRIBE_SALT = "jornada.alerts.unsubscribe"
# (field, how it is normalised) for every field that says who the scammer is.
_IDENTIFYING_FIELDS = (
    ("contact_phone", ids.normalise_phone),
    ("contact_whatsapp", ids.normalise_phone),
    ("contact_facebook", ids.normalise_url),
    ("contact_website", ids.normalise_url),
    ("contact_name", ids.normalise_person_or_company),
    ("contact_organisation", ids.normalise_person_or_company),
    ("offer_employer", ids.normalise_person_or_company),
    ("account_holder", ids.normalise_person_or_company),
)


@dataclass(frozen=True)
class Submitted:
    report: ScamReport
    receipt_code: str  # shown to the worker once; only its hash is stored


# --- Reports -------------------------------------------------------------------------------------


def report_identifiers(report: ScamReport) -> list[ids.Identifier]:
    """Return the normalised identifiers of a report's scammer, without repeats."""
    found: dict[tuple[str, str], ids.Identifier] = {}
    for name, normalise in _IDENTIFYING_FIELDS:
        value = getattr(report, name)
        if value and (identifier := normalise(value)) is not None:
            found.setdefault((identifier.kind, identifier.value), identifier)
    return list(found.values())


def identifiers_sync(report: ScamReport) -> None:
    """Rebuild a report's look-up rows; a rejected or withdrawn report keeps none."""
    WarningIdentifier.objects.filter(report=report).delete()
    if report.status not in (Status.RECEIVED, Status.PUBLISHED):
        return
    WarningIdentifier.objects.bulk_create(
        WarningIdentifier(report=report, kind=item.kind, value=item.value, display=item.display)
        for item in report_identifiers(report)
    )


def _apply(report: ScamReport, answers: Mapping[str, Any]) -> None:
    unknown = set(answers) - set(ScamReport.content_fields)
    if unknown:
        raise ValueError(f"not report content: {sorted(unknown)}")
    for name in ScamReport.content_fields:
        value = answers.get(name)
        if value is None and name not in ScamReport.nullable_fields:
            value = ""
        setattr(report, name, value)
    check_length(report.text, limit=MAX_TEXT)
    report.full_clean(exclude=["receipt_hash"])


def _store_screenshots(report: ScamReport, images: Iterable[CleanImage], stored: list[str]) -> None:
    for image in images:
        shot = Screenshot(report=report, width=image.width, height=image.height)
        shot.image.save(f"{uuid.uuid4().hex}.jpg", ContentFile(image.content), save=False)
        stored.append(shot.image.name)
        shot.save()


def _forget_files(names: Iterable[str]) -> None:
    storage = Screenshot._meta.get_field("image").storage
    for name in names:
        storage.delete(name)


def report_submit(*, answers: Mapping[str, Any], screenshots: Iterable[CleanImage] = ()) -> Submitted:
    """Store a new report, waiting for moderation, and return it with its one-time receipt code."""
    stored: list[str] = []
    try:
        with transaction.atomic():
            code = new_receipt_code()
            report = ScamReport(receipt_hash=receipt_hash(code))
            _apply(report, answers)
            report.save(force_insert=True)
            _store_screenshots(report, list(screenshots)[:MAX_SCREENSHOTS], stored)
    except BaseException:
        _forget_files(stored)  # nothing half-written: no file outlives its rolled-back row
        raise
    return Submitted(report, code)


def report_by_receipt(receipt_code: str) -> ScamReport | None:
    """Return the report behind a receipt code, or None (a wrong code reveals nothing)."""
    return contribution_by_receipt(ScamReport.objects.all(), receipt_code)


def report_update(
    *, receipt_code: str, answers: Mapping[str, Any], screenshots: Iterable[CleanImage] = ()
) -> ScamReport | None:
    """Replace a report's answers by its author; it waits for moderation again. None: wrong code."""
    stored: list[str] = []
    try:
        with transaction.atomic():
            report = contribution_by_receipt(ScamReport.objects.select_for_update(), receipt_code)
            if report is None:
                return None
            if report.status == Status.WITHDRAWN:
                raise ValidationError(_("This report was withdrawn and cannot be changed."), code="withdrawn")
            _apply(report, answers)
            report.status = Status.RECEIVED
            report.reject_reason = ""
            report.is_redacted = False
            report.save()
            room = MAX_SCREENSHOTS - report.screenshots.count()
            _store_screenshots(report, list(screenshots)[: max(room, 0)], stored)
    except BaseException:
        _forget_files(stored)
        raise
    return report


def report_withdraw(*, receipt_code: str) -> ScamReport | None:
    """Withdraw a report by its author for good (text, identifiers and screenshots go); None: wrong code."""
    return contribution_withdraw(queryset=ScamReport.objects.all(), receipt_code=receipt_code)


@transaction.atomic
def report_opened(*, report: ScamReport, moderator: User) -> None:
    """Reading a report in moderation is recorded, like every staff read of a sensitive record."""
    audit_record(
        actor=moderator,
        organisation=moderating_organisation(moderator),
        action="alerts.report_opened",
        target=report,
    )


def report_changed(report: ScamReport) -> None:
    """After a moderation or withdrawal commits: tell followers, or drop what must not stay."""
    if report.status == Status.PUBLISHED:
        event_for_warning(report)
    elif report.status in (Status.REJECTED, Status.WITHDRAWN):
        with transaction.atomic():
            names = list(Screenshot.objects.filter(report=report).values_list("image", flat=True))
            Screenshot.objects.filter(report=report).delete()
        _forget_files(names)


# --- Events and deliveries -----------------------------------------------------------------------


def warning_targets(report: ScamReport) -> list[tuple[str, str]]:
    """Return what a published warning is about, as follows name it: numbers, employers, recruiters."""
    targets: list[tuple[str, str]] = []
    names = []
    for identifier in report.identifiers.all():
        if identifier.kind == ids.Kind.PHONE:
            targets.append((FollowKind.PHONE, identifier.value))
        elif identifier.kind == ids.Kind.NAME:
            names.append(identifier.value)
    if names:
        employers = EmployerName.objects.filter(normalised__in=names).values_list("employer__slug", flat=True)
        recruiters = RecruiterName.objects.filter(normalised__in=names).values_list(
            "recruiter__slug", flat=True
        )
        targets += [(FollowKind.EMPLOYER, slug) for slug in sorted(set(employers))]
        targets += [(FollowKind.RECRUITER, slug) for slug in sorted(set(recruiters))]
    return targets


def event_for_warning(report: ScamReport) -> Event | None:
    return event_record(
        kind=EventKind.WARNING,
        source=f"warning:{report.pk}",
        title=report.headline()[:300],
        path=reverse("alerts:warning", kwargs={"pk": report.pk}).split("/", 2)[-1],
        targets=warning_targets(report),
    )


def _event_time(kind: str) -> Any:
    """News of a warning or review keeps its day only, as audit events about contributions do."""
    return today_utc() if kind in (EventKind.WARNING, EventKind.REVIEW) else timezone.now()


def event_record(
    *, kind: str, source: str, title: str, path: str, targets: Iterable[tuple[str, str]]
) -> Event | None:
    """Record something new once (by ``source``) and queue one delivery per confirmed follower.

    Returns None when the event was already recorded: its followers were told then.
    """
    from jornada.alerts.tasks import deliver_notification

    targets = list(dict.fromkeys(targets))
    try:
        with transaction.atomic():
            event = Event.objects.create(
                kind=kind, source=source, title=title, path=path, created_at=_event_time(kind)
            )
            EventTarget.objects.bulk_create(
                EventTarget(event=event, kind=target_kind, target=target) for target_kind, target in targets
            )
            follows: set[int] = set()
            for target_kind, target in targets:
                follows.update(
                    Follow.objects.filter(kind=target_kind, target=target, confirmed=True).values_list(
                        "pk", flat=True
                    )
                )
            deliveries = Delivery.objects.bulk_create(
                Delivery(follow_id=follow, event=event) for follow in sorted(follows)
            )
            delivery_ids = [delivery.pk for delivery in deliveries]
            if None in delivery_ids:  # backends that do not return keys from bulk inserts
                delivery_ids = list(event.deliveries.values_list("pk", flat=True))
            transaction.on_commit(
                lambda: [deliver_notification.enqueue(delivery_id=pk) for pk in delivery_ids]
            )
    except IntegrityError:
        return None  # recorded before (a retried task, a second publish path)
    return event


def event_for_review(review: Any) -> Event | None:
    """A review became public: tell followers of its subject once its reviews are shown at all."""
    from jornada.reviews.models import SubjectKind
    from jornada.reviews.selectors import summary

    subject = review.subject
    if subject is None or not summary(subject).is_visible():
        return None
    kind = FollowKind.EMPLOYER if review.subject_kind == SubjectKind.EMPLOYER else FollowKind.RECRUITER
    with translation.override("es"):
        path = reverse(
            "reviews:employer_reviews" if kind == FollowKind.EMPLOYER else "reviews:recruiter_reviews",
            kwargs={"slug": subject.slug},
        )
    return event_record(
        kind=EventKind.REVIEW,
        source=f"review:{review.pk}",
        title=subject.name,
        path=path.split("/", 2)[-1],
        targets=[(kind, subject.slug)],
    )


def records_scan() -> int:
    """Record an event for each DOL case newer than the follows of its employer or recruiter.

    Runs after each import (the ``scan_records`` task, on the directory's ``records_imported``
    signal) and by hand (``jornada alerts_scan_records``); sources make it safe to repeat.
    """
    from django.db.models import Min

    from jornada.directory.models import CaseEmployer, CaseRecruiter

    recorded = 0
    followed = (
        Follow.objects.filter(confirmed=True, kind__in=(FollowKind.EMPLOYER, FollowKind.RECRUITER))
        .values("kind", "target")
        .annotate(since=Min("created_at"))
    )
    for row in followed:
        cases: Any
        if row["kind"] == FollowKind.EMPLOYER:
            cases = CaseEmployer.objects.filter(
                employer__slug=row["target"], case__created_at__gte=row["since"]
            ).values_list("case__case_number", "employer__name", "employer__slug")
            route = "directory:employer"
        else:
            cases = CaseRecruiter.objects.filter(
                recruiter__slug=row["target"], case__created_at__gte=row["since"]
            ).values_list("case__case_number", "recruiter__name", "recruiter__slug")
            route = "directory:recruiter"
        for case_number, name, slug in cases.distinct()[:200]:
            with translation.override("es"):
                path = reverse(route, kwargs={"slug": slug})
            event = event_record(
                kind=EventKind.RECORD,
                source=f"record:{row['kind']}:{slug}:{case_number}"[:120],
                title=name,
                path=path.split("/", 2)[-1],
                targets=[(row["kind"], slug)],
            )
            recorded += event is not None
    return recorded


# --- Follows -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Subscribed:
    follow: Follow
    confirm_code: str  # sent to the contact; only its hash is stored


@transaction.atomic
def follow_subscribe(
    *, kind: str, target: str, target_label: str, channel: str, contact: str, language: str, base_url: str
) -> Subscribed:
    """Store a follow waiting for confirmation and send the confirmation link and code."""
    from jornada.alerts.tasks import send_confirmation

    code = new_receipt_code()
    follow = Follow(
        kind=kind,
        target=target,
        target_label=target_label[:300],
        channel=channel,
        contact_encrypted=encrypt_contact(contact),
        confirm_hash=receipt_hash(code),
        language=language,
        base_url=base_url[:200],
    )
    follow.full_clean()
    follow.save()
    transaction.on_commit(lambda: send_confirmation.enqueue(follow_id=follow.pk, code=code))
    return Subscribed(follow, code)


@transaction.atomic
def follow_confirm(*, code: str) -> Follow | None:
    """Confirm the follow whose code this is; None for a wrong or used code."""
    hashes = candidate_hashes(code)
    if not hashes:
        return None
    follow = Follow.objects.select_for_update().filter(confirm_hash__in=hashes).first()
    if follow is None:
        return None
    follow.confirmed = True
    follow.confirm_hash = None  # a code works once
    follow.save(update_fields=["confirmed", "confirm_hash"])
    return follow


def unsubscribe_token(follow: Follow) -> str:
    """Return the token of a follow's one-click unsubscribe link (signed, so nothing is stored)."""
    return signing.dumps(follow.pk, salt=UNSUBSCRIBE_SALT, compress=True)


def follow_for_token(token: str) -> Follow | None:
    try:
        pk = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    return Follow.objects.filter(pk=pk).first()


@transaction.atomic
def follow_unsubscribe(*, token: str) -> bool:
    """Delete the follow behind ``token``, its encrypted contact and its deliveries; False if none."""
    follow = follow_for_token(token)
    if follow is None:
        return False
    follow.delete()
    return True
