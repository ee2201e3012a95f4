"""The abstract models every anonymous public contribution is built on.

``Moderated`` is anything staff check before the public sees it (a worker's review, an
employer's reply). ``AnonymousContribution`` adds what makes a contribution untraceable: a
random identifier (so row order says nothing about who wrote when), the month it arrived and
nothing finer, and the hash of the author's receipt code. There is deliberately no
``created_at``, no ``auto_now`` field, no IP address, user agent or account.

A concrete model declares::

    class ScamReport(AnonymousContribution):
        audit_prefix = "alerts.report"          # audit actions: alerts.report_published, ...
        moderated_fields = ("text",)            # free text that is scanned and redactable
        ...
        def erase_content(self) -> None: ...    # blank what the author wrote (withdraw, reject)
        def check_publishable(self) -> None: ...  # raise ValidationError when not publishable
        def public_subjects(self) -> list[tuple[str, str]]: ...  # profiles that show it
        def changed(self) -> None: ...          # after commit: tell followers, drop files, ...
"""

from __future__ import annotations

import uuid
from typing import Any, ClassVar

from django.db import models
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from jornada.contributions.periods import current_month, season_label


class Status(models.TextChoices):
    RECEIVED = "received", pgettext_lazy("contribution status", "Waiting for moderation")
    PUBLISHED = "published", pgettext_lazy("contribution status", "Published")
    REJECTED = "rejected", pgettext_lazy("contribution status", "Not published")
    WITHDRAWN = "withdrawn", pgettext_lazy("contribution status", "Withdrawn by its author")


class RejectReason(models.TextChoices):
    SPAM = "spam", _("Spam or advertising")
    OFF_TOPIC = "off_topic", _("Not about work with this employer or recruiter")
    DUPLICATE = "duplicate", _("A copy of another contribution")
    IDENTIFYING = "identifying", _("Could identify someone even after removing details")
    ABUSIVE = "abusive", _("Insults, threats or hate")
    COORDINATED = "coordinated", _("Part of a coordinated campaign")
    OTHER = "other", _("Another reason")


class RedactReason(models.TextChoices):
    AUTHOR = "author", _("Could identify the author")
    OTHER_PERSON = "other_person", _("Names or identifies another worker or private person")
    CONTACT = "contact", _("Phone number, e-mail address or link")
    DOCUMENT = "document", _("Identity, passport or other document number")


class ModeratedQuerySet(QuerySet[Any]):
    def published(self) -> ModeratedQuerySet:
        return self.filter(status=Status.PUBLISHED)

    def waiting(self) -> ModeratedQuerySet:
        return self.filter(status=Status.RECEIVED)


class Moderated(models.Model):
    """Text from outside the staff that a moderator approves, rejects or redacts first."""

    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.RECEIVED, db_index=True
    )
    reject_reason = models.CharField(
        _("reason not published"), max_length=20, choices=RejectReason.choices, blank=True
    )
    is_redacted = models.BooleanField(
        _("redacted"), default=False, help_text=_("A moderator removed personal details from the text.")
    )

    objects = ModeratedQuerySet.as_manager()

    audit_prefix: ClassVar[str] = ""
    moderated_fields: ClassVar[tuple[str, ...]] = ()

    class Meta:
        abstract = True

    def is_public(self) -> bool:
        """Return True when the public may read this contribution."""
        return self.status == Status.PUBLISHED

    def is_waiting(self) -> bool:
        """Return True while the contribution waits for a moderator."""
        return self.status == Status.RECEIVED

    def erase_content(self) -> None:
        """Blank what the author wrote; subclasses clear their structured answers too."""
        for name in self.moderated_fields:
            setattr(self, name, "")

    def check_publishable(self) -> None:
        """Raise ValidationError when this contribution cannot be published yet."""

    def public_subjects(self) -> list[tuple[str, str]]:
        """Return the (kind, slug) of every directory profile that shows this while it is public."""
        return []

    def changed(self) -> None:
        """Run after a change commits (e.g. tell followers); nothing by default."""


class AnonymousContribution(Moderated):
    """A contribution whose author is known to nobody, the server included."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    received_month = models.DateField(
        _("month received"),
        default=current_month,
        editable=False,
        db_index=True,
        help_text=_("Always the first of the month: the day and time are never kept."),
    )
    receipt_hash = models.CharField(max_length=64, unique=True, editable=False)

    # Audit events about a contribution keep their day, never their time (core.audit).
    audit_day_only: ClassVar[bool] = True

    class Meta:
        abstract = True

    def received_season(self) -> str:
        """Return when it arrived, as the public sees it: a season and a year."""
        return season_label(self.received_month)
