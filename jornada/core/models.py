"""Staff accounts, organisations, memberships and the audit log.

Workers never have accounts: everything here is about the people who help them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from jornada.core.fields import RandomIdField


def normalise_email(email: str) -> str:
    """Return the e-mail address as it is stored and looked up: trimmed and lower-case."""
    return email.strip().lower()


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, name: str, password: str | None = None, **extra: Any) -> User:
        user = self.model(email=normalise_email(email), name=name, **extra)
        user.set_password(password)  # None gives an unusable password: invited staff set their own
        user.full_clean()
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, name: str, password: str | None = None, **extra: Any) -> User:
        extra.update(is_staff=True, is_superuser=True)
        return self.create_user(email, name, password, **extra)

    def get_by_natural_key(self, username: str | None) -> User:
        return self.get(email=normalise_email(username or ""))


class User(AbstractBaseUser, PermissionsMixin):
    """A staff member of a partner organisation, or a site administrator (``is_superuser``)."""

    email = models.EmailField(_("e-mail address"), unique=True)
    # One free-text name: names around the world do not fit first/last.
    name = models.CharField(_("name"), max_length=200)
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(
        _("site administrator"),
        default=False,
        help_text=_("Can open the Django administration (with a second factor)."),
    )
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)

    objects: ClassVar[UserManager] = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["name"]

    class Meta:
        verbose_name = _("staff user")
        verbose_name_plural = _("staff users")

    def __str__(self) -> str:
        return self.name or self.email

    def clean(self) -> None:
        super().clean()
        self.email = normalise_email(self.email)

    def moderates(self) -> bool:
        """Return True when a site administrator has granted this account moderation."""
        return self.is_active and self.moderation_grants.filter(revoked_at__isnull=True).exists()


class Organisation(models.Model):
    """A worker centre, legal team, community committee or consulate that uses Jornada."""

    class Kind(models.TextChoices):
        WORKER_CENTRE = "worker_centre", _("Worker centre")
        LEGAL_AID = "legal_aid", _("Legal aid")
        COMMITTEE = "committee", _("Community defence committee")
        CONSULATE = "consulate", _("Consulate")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    country = models.CharField(
        _("country"), max_length=2, help_text=_("ISO 3166 two-letter code, e.g. MX or US.")
    )
    is_fictional = models.BooleanField(
        _("fictional demo data"),
        default=False,
        help_text=_("Generated for demonstration; shown as fictional wherever it appears."),
    )
    created_at = models.DateTimeField(pgettext_lazy("organisation", "created"), default=timezone.now)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    """What a member may do in one organisation.

    Moderating public contributions is not among them: it reads every worker's unpublished
    text, so only a site administrator grants it (``ModerationGrant``), never an organisation.
    """

    ADVOCATE = "advocate", pgettext_lazy("staff role", "Advocate")
    SUPERVISOR = "supervisor", pgettext_lazy("staff role", "Supervisor")
    ORG_ADMIN = "org_admin", _("Organisation administrator")


class MembershipQuerySet(QuerySet["Membership"]):
    def with_role(self, *roles: str) -> MembershipQuerySet:
        return self.filter(role__in=roles) if roles else self


class Membership(models.Model):
    """One role that one staff user holds in one organisation; a person may hold several."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("staff user")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(_("since"), default=timezone.now)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation", "role"], name="membership_unique_role")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.organisation} · {self.get_role_display()}"


class ModerationGrantQuerySet(QuerySet["ModerationGrant"]):
    def active(self) -> ModerationGrantQuerySet:
        return self.filter(revoked_at__isnull=True, user__is_active=True)


class ModerationGrant(models.Model):
    """A site administrator's permission for one account to moderate public contributions.

    Moderators read every unpublished review and scam report, screenshots included, so this is
    a site-level grant: no organisation can give it. A revoked grant is kept, so that the audit
    events recorded under it still name who granted it, when, and who took it back.
    """

    user = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        related_name="moderation_grants",
        verbose_name=_("moderator"),
    )
    granted_by = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("granted by"),
        help_text=_("Empty for grants carried over from the former organisation moderator role."),
    )
    granted_at = models.DateTimeField(_("granted"), default=timezone.now)
    revoked_by = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("revoked by"),
    )
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects = ModerationGrantQuerySet.as_manager()

    class Meta:
        ordering = ["-granted_at", "-pk"]
        verbose_name = _("moderation grant")
        verbose_name_plural = _("moderation grants")
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(revoked_at__isnull=True),
                name="moderation_grant_one_active",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.granted_at:%Y-%m-%d}"

    def is_active(self) -> bool:
        """Return True while this grant lets its account moderate."""
        return self.revoked_at is None


# An invitation not answered within this many days can no longer be accepted (``jornada prune``
# marks it expired); the organisation invites again if it still wants the person.
INVITATION_VALID_DAYS = 14


class InvitationQuerySet(QuerySet["Invitation"]):
    def waiting(self) -> InvitationQuerySet:
        """Pending and still within INVITATION_VALID_DAYS of being sent."""
        cutoff = timezone.now() - dt.timedelta(days=INVITATION_VALID_DAYS)
        return self.filter(state=Invitation.State.PENDING, created_at__gte=cutoff)


class Invitation(models.Model):
    """An organisation's offer of roles to an account; no membership exists until it is accepted.

    The invitee accepts or declines after signing in with their second factor, within
    INVITATION_VALID_DAYS; an organisation administrator may withdraw it while it waits.
    """

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting for an answer")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        EXPIRED = "expired", _("Expired without an answer")

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="invitations",
        verbose_name=_("organisation"),
    )
    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("invited person")
    )
    roles = models.JSONField(_("roles"), default=list)
    invited_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, related_name="+", verbose_name=_("invited by")
    )
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.PENDING, db_index=True
    )
    created_at = models.DateTimeField(_("invited"), default=timezone.now)
    decided_at = models.DateTimeField(_("answered"), null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "user"],
                condition=models.Q(state="pending"),
                name="invitation_one_pending",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.organisation}"

    def is_pending(self) -> bool:
        """Return True while the invitee may still accept or decline."""
        return self.state == self.State.PENDING and not self.is_expired()

    def is_expired(self) -> bool:
        """Return True once INVITATION_VALID_DAYS have passed without an answer."""
        return self.created_at < timezone.now() - dt.timedelta(days=INVITATION_VALID_DAYS)

    def role_labels(self) -> list[str]:
        """Return the offered roles' names, in the order of the role list."""
        return [str(label) for value, label in Role.choices if value in self.roles]


class AuditEventQuerySet(QuerySet["AuditEvent"]):
    def update(self, **kwargs: Any) -> int:
        raise PermissionError("The audit log is append-only.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError("The audit log is append-only.")


class AuditEvent(models.Model):
    """Who did what to which record, and when. Append-only; never holds worker personal data.

    The database refuses UPDATE and DELETE with a trigger (see migration 0002); only the
    database owner, who can drop that trigger, can rewrite history. The key is random: a
    sequence would place an event about a contribution, whose time is only its day
    (``core.audit.audit_record``), between events whose time is exact.
    """

    id = RandomIdField()
    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisation"),
    )
    action = models.CharField(_("action"), max_length=64, db_index=True)
    target_type = models.CharField(_("record type"), max_length=100, blank=True)
    target_id = models.CharField(_("record"), max_length=64, blank=True)
    detail = models.JSONField(_("detail"), default=dict, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        indexes = [models.Index(fields=["organisation", "-at"], name="audit_org_at")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise PermissionError("The audit log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError("The audit log is append-only.")


class RateCounter(models.Model):
    """Hits one hashed client made in one rate-limit window (see ``jornada.core.ratelimit``).

    ``name`` holds the scope, the keyed hash of the client and the window's number; ``expires``
    is the window's end. Neither says anything finer than the window, and no address is kept.
    """

    name = models.CharField(max_length=200, primary_key=True)
    count = models.PositiveIntegerField(default=0)
    expires = models.BigIntegerField(db_index=True)  # Unix time, a multiple of the window

    class Meta:
        verbose_name = _("rate-limit counter")
        verbose_name_plural = _("rate-limit counters")

    def __str__(self) -> str:
        return self.name


class CacheEntry(models.Model):
    """A row of Django's database cache (``JORNADA_CACHE_URL=db://``): pages and sections, never counters.

    The same table ``createcachetable`` makes, created by a migration so ``jornada migrate`` suffices.
    """

    cache_key = models.CharField(max_length=255, primary_key=True)
    value = models.TextField()
    expires = models.DateTimeField(db_index=True)

    class Meta:
        db_table = "jornada_cache"
        verbose_name = _("cache entry")
        verbose_name_plural = _("cache entries")

    def __str__(self) -> str:
        return self.cache_key


MAX_OFFICE_HOURS = 300


class IntakeSettings(models.Model):
    """Whether an organisation takes requests for help, and which: places, languages, topics, urgency.

    Set by the organisation's administrators (``organisation_intake_update``); the intake wizard
    lists an organisation to a worker only when these match what the worker said
    (``organisations_accepting``). Places are ISO 3166 codes (``jornada.vocabulary.places``),
    languages the keys of ``jornada.vocabulary.languages``, topics vocabulary categories.
    """

    organisation = models.OneToOneField(
        Organisation,
        on_delete=models.CASCADE,
        related_name="intake_settings",
        verbose_name=_("organisation"),
    )
    accepts_intakes = models.BooleanField(_("accepts requests for help"), default=False)
    places = models.JSONField(_("places"), default=list, blank=True)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    topics = models.ManyToManyField(
        "vocabulary.Category", related_name="+", blank=True, verbose_name=_("topics")
    )
    takes_urgent = models.BooleanField(_("takes urgent cases"), default=False)
    office_hours_es = models.TextField(_("office hours (Spanish)"), max_length=MAX_OFFICE_HOURS, blank=True)
    office_hours_en = models.TextField(_("office hours (English)"), max_length=MAX_OFFICE_HOURS, blank=True)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    class Meta:
        verbose_name = _("intake settings")
        verbose_name_plural = _("intake settings")

    def __str__(self) -> str:
        return str(self.organisation)

    def office_hours(self, language: str) -> str:
        """Return the office hours in ``language``, or in the other language if only that one is set."""
        first, second = (
            (self.office_hours_en, self.office_hours_es)
            if language.startswith("en")
            else (self.office_hours_es, self.office_hours_en)
        )
        return first or second
