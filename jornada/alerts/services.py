"""Every write about scam reports, follows, events and notifications.

A worker's own actions (report, edit, withdraw) are not audited, exactly as for reviews: even an
audit event's day would date the report more finely than its month. Moderators'
actions go through ``jornada.contributions.services`` and are audited there; opening a report
is audited here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Min
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from jornada.alerts import identifiers as ids
from jornada.alerts import links
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
    follow_day,
)
from jornada.alerts.tasks import deliver_notification, send_confirmation
from jornada.contributions.models import Status
from jornada.contributions.periods import current_month
from jornada.contributions.receipts import candidate_hashes, new_receipt_code, receipt_hash
from jornada.contributions.services import (
    contribution_by_receipt,
    contribution_publish,
    contribution_redact,
    contribution_reject,
    contribution_withdraw,
    moderation_audit,
)
from jornada.contributions.text import check_length
from jornada.core.audit import today_utc
from jornada.core.media import contribution_media_delete, contribution_media_save
from jornada.core.models import User
from jornada.core.ratelimit import RateLimit
from jornada.directory.models import (
    CaseEmployer,
    CaseRecruiter,
    Employer,
    EmployerName,
    ImportRun,
    Recruiter,
    RecruiterName,
)
from jornada.reviews.models import SubjectKind
from jornada.reviews.selectors import summary

DAY_SECONDS = 24 * 60 * 60
# (field, how it is normalised) for every field that says who the scammer is: a number is kept
# in every valid reading (a US number typed without +1 is also a valid Mexican one).
_IDENTIFYING_FIELDS: tuple[tuple[str, Any], ...] = (
    ("contact_phone", ids.phone_readings),
    ("contact_whatsapp", ids.phone_readings),
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
        if not value:
            continue
        normalised = normalise(value)
        for identifier in normalised if isinstance(normalised, list) else [normalised]:
            if identifier is not None:
                found.setdefault((identifier.kind, identifier.value), identifier)
    return list(found.values())


def identifiers_sync(report: ScamReport) -> None:
    """Rebuild a report's look-up rows; a rejected or withdrawn report keeps none.

    Called by every service that changes a report, inside its transaction (never by ``save``).
    """
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
        contribution_media_save(shot.image, ContentFile(image.content), suffix=".jpg")
        stored.append(shot.image.name)
        shot.save()


def _forget_files(names: Iterable[str]) -> None:
    storage = Screenshot._meta.get_field("image").storage
    for name in names:
        contribution_media_delete(storage, name)


def report_submit(*, answers: Mapping[str, Any], screenshots: Iterable[CleanImage] = ()) -> Submitted:
    """Store a new report, waiting for moderation, and return it with its one-time receipt code."""
    stored: list[str] = []
    try:
        with transaction.atomic():
            code = new_receipt_code()
            report = ScamReport(receipt_hash=receipt_hash(code))
            _apply(report, answers)
            report.save(force_insert=True)
            identifiers_sync(report)
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
            identifiers_sync(report)
            room = MAX_SCREENSHOTS - report.screenshots.count()
            _store_screenshots(report, list(screenshots)[: max(room, 0)], stored)
    except BaseException:
        _forget_files(stored)
        raise
    return report


def _changed(report: ScamReport) -> ScamReport:
    """Bring a report's look-up rows up to date now, and do the rest once the change commits."""
    identifiers_sync(report)
    transaction.on_commit(lambda: report_changed(report))
    return report


@transaction.atomic
def report_withdraw(*, receipt_code: str) -> ScamReport | None:
    """Withdraw a report by its author for good (text, identifiers and screenshots go); None: wrong code."""
    report = contribution_withdraw(queryset=ScamReport.objects.all(), receipt_code=receipt_code)
    return _changed(report) if report is not None else None


@transaction.atomic
def report_publish(*, report: ScamReport, moderator: User, reviewed_hits: str = "") -> ScamReport:
    """Publish a waiting report (audited and checked by ``contribution_publish``); its screenshots' clock starts."""
    published = contribution_publish(contribution=report, moderator=moderator, reviewed_hits=reviewed_hits)
    Screenshot.objects.filter(report=published, published_month__isnull=True).update(
        published_month=current_month()
    )
    return _changed(published)


@transaction.atomic
def report_reject(*, report: ScamReport, moderator: User, reason: str) -> ScamReport:
    """Refuse a waiting report; what its author wrote, its identifiers and screenshots go."""
    return _changed(contribution_reject(contribution=report, moderator=moderator, reason=reason))


@transaction.atomic
def report_redact(*, report: ScamReport, moderator: User, **redaction: Any) -> ScamReport:
    """Remove personal details from a report (see ``contribution_redact``); its look-up follows."""
    return _changed(contribution_redact(contribution=report, moderator=moderator, **redaction))


@transaction.atomic
def report_opened(*, report: ScamReport, moderator: User) -> None:
    """Reading a report in moderation is recorded, like every staff read of a sensitive record."""
    moderation_audit(
        moderator=moderator,
        action="alerts.report_opened",
        target=report,
    )


@transaction.atomic
def report_queue_viewed(*, moderator: User, page: int, shown: int) -> None:
    """Reading the moderation queue of reports is recorded too."""
    moderation_audit(moderator=moderator, action="alerts.queue_viewed", detail={"page": page, "shown": shown})


@transaction.atomic
def screenshot_viewed(*, screenshot: Screenshot, moderator: User) -> None:
    """Each time a moderator opens a screenshot, the read is recorded against its report."""
    moderation_audit(moderator=moderator, action="alerts.screenshot_viewed", target=screenshot.report)


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
    *, kind: str, source: str, title: str, path: str, targets: Iterable[tuple[str, str]], count: int = 1
) -> Event | None:
    """Record something new once (by ``source``) and queue one delivery per confirmed follower.

    Returns None when the event was already recorded: its followers were told then.
    """
    targets = list(dict.fromkeys(targets))
    try:
        with transaction.atomic():
            event = Event.objects.create(
                kind=kind, source=source, title=title, path=path, count=count, created_at=_event_time(kind)
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


def records_scan(*, run: ImportRun) -> int:
    """Record one event per followed employer or recruiter with new cases in ``run``.

    The event covers all of that import's cases of the target (how many, and a link to its
    profile), so a file with 40 job orders of one employer sends each follower one message.
    A case belongs to the import whose transaction created it (its ``created_at`` falls in the
    run); only cases created from the day of the target's first follow count (a follow keeps
    its day, not its time). Runs after each import (the ``jobs.scan_records`` task) and by hand
    (``jornada alerts_scan_records``); the event's source (target and import) makes it safe to
    repeat.
    """
    recorded = 0
    finished = run.finished_at or timezone.now()
    followed = (
        Follow.objects.filter(confirmed=True, kind__in=(FollowKind.EMPLOYER, FollowKind.RECRUITER))
        .values("kind", "target")
        .annotate(since=Min("created_on"))
        .order_by("kind", "target")
    )
    for row in followed:
        kind, slug = row["kind"], row["target"]
        since = max(dt.datetime.combine(row["since"], dt.time.min, tzinfo=dt.UTC), run.started_at)
        if since > finished:
            continue
        entity: Employer | Recruiter | None
        links_: Any
        if kind == FollowKind.EMPLOYER:
            entity = Employer.objects.filter(slug=slug).only("name", "slug").first()
            links_ = CaseEmployer.objects.filter(employer=entity)
            route = "directory:employer"
        else:
            entity = Recruiter.objects.filter(slug=slug).only("name", "slug").first()
            links_ = CaseRecruiter.objects.filter(recruiter=entity)
            route = "directory:recruiter"
        if entity is None:
            continue
        count = (
            links_.filter(case__created_at__gte=since, case__created_at__lte=finished)
            .values("case_id")
            .distinct()
            .count()
        )
        if not count:
            continue
        with translation.override("es"):
            path = reverse(route, kwargs={"slug": slug})
        event = event_record(
            kind=EventKind.RECORD,
            source=f"record:{kind}:{run.pk}:{slug}"[:120],
            title=entity.name[:300],
            path=path.split("/", 2)[-1],
            targets=[(kind, slug)],
            count=count,
        )
        recorded += event is not None
    return recorded


# --- Follows -------------------------------------------------------------------------------------


def destination_rule() -> RateLimit:
    """Confirmation messages one destination may receive per day, whoever asks for them."""
    return RateLimit("alerts-follow-destination", settings.JORNADA_FOLLOW_DESTINATION_PER_DAY, DAY_SECONDS)


@transaction.atomic
def follow_subscribe(
    *, kind: str, target: str, target_label: str, channel: str, contact: str, language: str, base_url: str
) -> Follow:
    """Store a follow waiting for confirmation and queue the message that confirms it.

    ``contact`` is an e-mail address or an E.164 number. The confirmation task generates the
    code and stores its hash: the code is never in the task's arguments. One destination gets
    at most ``JORNADA_FOLLOW_DESTINATION_PER_DAY`` confirmations a day (counted under a keyed
    hash of it, like every rate limit), so the form cannot be used to flood someone's phone.
    """
    follow = Follow(
        kind=kind,
        target=target,
        target_label=target_label[:300],
        channel=channel,
        contact_encrypted=encrypt_contact(contact),
        language=language,
        base_url=base_url[:200],
    )
    follow.full_clean()
    if not destination_rule().hit(contact):
        raise ValidationError(
            _("This address or number has been sent enough messages today. Try again tomorrow."),
            code="destination_limit",
        )
    follow.save()
    transaction.on_commit(lambda: send_confirmation.enqueue(follow_id=follow.pk))
    return follow


def confirmation_deadline() -> dt.date:
    """Return the first day of creation whose unconfirmed follows' codes still work.

    A follow keeps its day only, so its code works for the rest of that day (UTC) and
    JORNADA_RETENTION_UNCONFIRMED_FOLLOW_DAYS whole days more.
    """
    return follow_day() - dt.timedelta(days=settings.JORNADA_RETENTION_UNCONFIRMED_FOLLOW_DAYS)


@transaction.atomic
def follow_confirm(*, code: str) -> Follow | None:
    """Confirm the follow whose code this is; None for a wrong, used or expired code."""
    hashes = candidate_hashes(code)
    if not hashes:
        return None
    follow = (
        Follow.objects.select_for_update()
        .filter(confirm_hash__in=hashes, created_on__gte=confirmation_deadline())
        .first()
    )
    if follow is None:
        return None
    follow.confirmed = True
    follow.confirm_hash = None  # a code works once
    follow.save(update_fields=["confirmed", "confirm_hash"])
    return follow


def unsubscribe_token(follow: Follow) -> str:
    """Return the token of a follow's one-click unsubscribe link (signed, so nothing is stored)."""
    return links.unsubscribe_token(follow.pk)


def follow_for_token(token: str) -> Follow | None:
    pk = links.follow_id_for_token(token)
    return Follow.objects.filter(pk=pk).first() if pk is not None else None


@transaction.atomic
def follow_unsubscribe(*, token: str) -> bool:
    """Delete the follow behind ``token``, its encrypted contact and its deliveries; False if none."""
    follow = follow_for_token(token)
    if follow is None:
        return False
    follow.delete()
    return True


# --- Directory merges ----------------------------------------------------------------------------


@transaction.atomic
def follows_retarget(*, kind: str, old: str, new: str, label: str) -> int:
    """Move what follows and events say about a merged-away employer or recruiter to the survivor.

    Called by the directory's ``records_merged`` signal inside the merge's transaction. Returns
    how many follows moved.
    """
    moved = Follow.objects.filter(kind=kind, target=old).update(target=new, target_label=label[:300])
    both = EventTarget.objects.filter(kind=kind, target=new).values("event_id")
    EventTarget.objects.filter(kind=kind, target=old, event_id__in=both).delete()
    EventTarget.objects.filter(kind=kind, target=old).update(target=new)
    return moved


# --- Retention -----------------------------------------------------------------------------------


@transaction.atomic
def follows_prune() -> int:
    """Delete follows nobody confirmed in time, with their contact and code; return how many."""
    stale = Follow.objects.filter(confirmed=False, created_on__lt=confirmation_deadline())
    count = stale.count()
    stale.delete()
    return count


def screenshots_prune() -> int:
    """Delete published warnings' screenshots JORNADA_RETENTION_SCREENSHOT_MONTHS after publication."""
    month = current_month()
    months = month.year * 12 + month.month - 1 - settings.JORNADA_RETENTION_SCREENSHOT_MONTHS
    cutoff = dt.date(months // 12, months % 12 + 1, 1)
    with transaction.atomic():
        old = Screenshot.objects.filter(published_month__lte=cutoff)
        names = list(old.values_list("image", flat=True))
        old.delete()
    _forget_files(names)
    return len(names)
